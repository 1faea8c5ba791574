"""Internals of the quote engine (see :mod:`annotations.quotes` for the public entry point).

The engine is a handful of precompiled regular expressions run once over the text
(quotation marks, speech verbs, capitalised names, sentence ends) plus a little
Python per quote and per speech verb, never per character: it has to keep up with
hundreds of thousands of words a second on one core.

One part is learned: :mod:`annotations.engine.pronouns` ranks the candidates for "he"
and "she" with weights trained from the PolNeAR training split by
``python -m annotations.engine.train_pronouns`` (the weights ship as a small JSON file).
"""
