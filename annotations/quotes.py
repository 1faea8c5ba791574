"""Who said what: the quote engine's public entry point.

:func:`find_quotes` turns an article's text into its quotes (direct, partial and
indirect, each with speaker, cue verb and confidence) and the people it names.  It is
a pure function of the text, needs no model download or network, and runs at several
hundred thousand words a second; see :mod:`annotations.engine` for how.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from annotations.gcpause import paused_gc
from annotations.model import Analysis, Quote

#: Changes whenever the engine's output for some text can change (results are cached by it).
ENGINE_VERSION = "1.164.0"


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

    work, back = _joined_letters(text)
    try:
        with paused_gc():
            result = analyse(work, spans)
    except RecursionError:  # pragma: no cover - defensive: no recursion in the engine
        return Analysis()
    if back:
        result = _restored(text, result, back)
    return _checked(text, result)


#: characters inside a word that ``\w`` does not match: combining accents (decomposed text,
#: "Jose\u0301" for "José", as some editors and macOS write it) and the second character of
#: a UTF-8 letter read as Latin-1 ("PeÃ±a" for "Peña", also decomposed: "PeA\u0303±a")
_JOINING = re.compile("[\u0300-\u036f]|(?<=\u00c3)[\u0080-\u00bf]|(?<=A\u0303)[\u0080-\u00bf]")
_MARKS = re.compile("[\u0300-\u036f]")
#: lower-case letters that stand in for them while the engine reads the text (Georgian
#: Mkhedruli: any the article itself uses are left out)
_STAND_INS = [chr(c) for c in range(0x10D0, 0x10FB)]


def _joined_letters(text: str) -> tuple[str, dict[int, int] | None]:
    """``text`` with each joining character replaced by a letter (same length), and the way back.

    The engine's word patterns then read "Jose\u0301 Garci\u0301a" as two words, not
    "Jose" and "Garci"; offsets are unchanged, and every string the engine returns is
    mapped back with ``str.translate``.
    """
    if text.isascii() or not ("\u00c3" in text or _MARKS.search(text)):
        return text, None  # (a search for one character class: the alternatives above take ten times longer)
    joining = set(_JOINING.findall(text))
    free = [c for c in _STAND_INS if c not in text]
    if len(free) < len(joining):  # an article using nearly every Georgian letter: read it as it is
        return text, None
    to = dict(zip(joining, free))
    return _JOINING.sub(lambda m: to[m.group()], text), {ord(v): ord(k) for k, v in to.items()}


def _restored(text: str, result: Analysis, back: dict[int, int]) -> Analysis:
    """The engine's findings on the stand-in text, in the article's own characters."""

    def tr(s: str | None) -> str | None:
        return s.translate(back) if s else s

    result.quotes = [replace(q, text=text[q.start : q.end], speaker=tr(q.speaker), cue=tr(q.cue)) for q in result.quotes]
    for p in result.people:
        p.name = tr(p.name)
        p.aliases = [tr(a) for a in p.aliases]
    return result


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
