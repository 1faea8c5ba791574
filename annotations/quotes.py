"""Who said what: the quote engine's public entry point.

:func:`find_quotes` turns an article's text into its quotes (direct, partial and
indirect, each with speaker, cue verb and confidence) and the people it names.  It is
a pure function of the text, needs no model download or network, and runs at several
hundred thousand words a second; see :mod:`annotations.engine` for how.
"""

from __future__ import annotations

from typing import Sequence

from annotations.gcpause import paused_gc
from annotations.model import Analysis, Quote

#: Changes whenever the engine's output for some text can change (results are cached by it).
ENGINE_VERSION = "1.123.0"


def find_quotes(text: str, skip: Sequence[tuple[int, int]] = ()) -> Analysis:
    """Quotes and people in ``text``.

    ``skip`` holds boilerplate spans (promotions, "Also Read:" links): no quote is
    found inside them, though people mentioned there are listed.  Never raises for a
    ``str``: every span lies inside the text, ``quote.text == text[start:end]``, and
    direct and partial quotes never overlap each other.
    """
    if not isinstance(text, str):
        raise TypeError(f"find_quotes() needs a str, not {type(text).__name__}")
    try:
        spans = [(int(a), int(b)) for a, b in skip]
    except (TypeError, ValueError):
        spans = []
    # The engine makes many short-lived objects and no reference cycles: pausing the cycle
    # collector while it runs saves its repeated scans (about a tenth of the time).
    from annotations.engine.attribution import analyse  # on first use: its patterns take a while to compile

    try:
        with paused_gc():
            result = analyse(text, spans)
    except RecursionError:  # pragma: no cover - defensive: no recursion in the engine
        return Analysis()
    return _checked(text, result)


def _checked(text: str, result: Analysis) -> Analysis:
    """Keep only quotes that honour the contract (a last guard, not a repair shop)."""
    n = len(text)
    quotes: list[Quote] = []
    last_end = -1
    for q in sorted(result.quotes, key=lambda q: (q.start, q.end)):
        if not (0 <= q.start < q.end <= n) or q.text != text[q.start : q.end]:
            continue
        if q.kind != "indirect":
            if q.start < last_end:
                continue
            last_end = q.end
        quotes.append(q)
    result.quotes = quotes
    return result
