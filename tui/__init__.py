"""The Textual app and the command line of newsreader.

This package's ``__init__`` stays import-light so that ``newsreader quotes`` and
``newsreader export`` start without loading Textual.
"""
