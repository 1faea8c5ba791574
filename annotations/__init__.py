"""newsreader's headless core: articles, quotes, the annotation store, export and import.

Nothing in this package imports Textual; the terminal app lives in :mod:`tui`.
"""

__version__ = "0.1.0"
