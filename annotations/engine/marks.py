"""Pairing quotation marks into quoted regions.

Double marks (straight ``"``, curly ``“ ”``, low ``„`` and the archive style ``''``) are
paired within a paragraph (a line).  A mark's direction comes from its shape when it
has one and from its neighbours otherwise, so stray and mixed marks cost at most one
region.  An opening mark left unclosed at the end of a paragraph runs to the end of
that paragraph: the newswire convention for a quote that continues over several
paragraphs (each repeats the opening mark, only the last one closes).  Single marks
(``'…'``, ``‘…’``) are taken only outside double-quoted regions, opened after a space
and closed before a space or punctuation, which keeps apostrophes (``governors'``,
``it’s``) out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# ``''|["“”„«»]`` written to open with a character class (the regex engine then jumps from
# mark to mark in C): a straight apostrophe counts only as the first of two.
_DOUBLE = re.compile(r"[\"“”„«»'](?:(?<=')'|(?<!'))")
_OPENERS = "“„«"
_CLOSERS = "”»"
# A single-quoted region: opener after a space/bracket/dash or at a line start, closer
# after a non-space and before a space/punctuation/line end; at most 200 characters.
_SINGLE = re.compile(
    r"['‘](?<![^\s(\[{\u2014\u2013-]['‘])(?=[^\s'’])([^\n]{1,200}?)(?<=\S)['’](?=[\s.,;:!?)\]}\u2014\u2013\"”-]|$)",
    re.M,
)
_SPACE_BEFORE = " \t\n([{\u2014\u2013-/"
_WORDISH = re.compile(r"\w")


@dataclass(slots=True)
class Region:
    """One quoted region: marks at ``open``/``close``, content ``[start, end)``.

    ``close`` is the index just past the closing mark, or the end of the paragraph
    when the region was left open (``closed`` is False then).
    """

    open: int
    start: int
    end: int
    close: int
    closed: bool
    single: bool = False


def find_regions(text: str) -> list[Region]:
    """All quoted regions of ``text``, in order, never overlapping."""
    regions: list[Region] = []
    n = len(text)
    open_at = -1  # index of the opening mark of the current region, or -1
    open_len = 0
    for m in _DOUBLE.finditer(text):
        i = m.start()
        if open_at >= 0:
            # a line break since the opening mark ends its paragraph (line breaks are not
            # scanned for: most lines hold no open quotation)
            nl = text.find("\n", open_at, i)
            if nl >= 0:
                _close_open(text, regions, open_at, open_len, nl)
                open_at = -1
        mark = m.group()
        before = text[i - 1] if i > 0 else "\n"
        after = text[m.end()] if m.end() < n else "\n"
        if mark in _OPENERS:
            if open_at < 0:
                open_at, open_len = i, len(mark)
            elif before not in _SPACE_BEFORE and after in " \n.,;:!?)":
                # a curly opener used as a closer ("word“ ")
                _add(regions, open_at, open_len, i, len(mark), True)
                open_at = -1
            # else: a second opener inside a quote (nested or a missing closer): keep going
            continue
        if mark in _CLOSERS:
            if open_at >= 0:
                _add(regions, open_at, open_len, i, len(mark), True)
                open_at = -1
            elif before in _SPACE_BEFORE and not after.isspace():
                open_at, open_len = i, len(mark)  # a closer used as an opener ("”Hello")
            continue
        # ambiguous straight mark: direction from its neighbours, parity when unclear
        if open_at < 0:
            if after.isspace() and before not in _SPACE_BEFORE:
                continue  # a stray closer ('inches" ')
            open_at, open_len = i, len(mark)
        else:
            _add(regions, open_at, open_len, i, len(mark), True)
            open_at = -1
    if open_at >= 0:
        nl = text.find("\n", open_at)
        _close_open(text, regions, open_at, open_len, nl if nl >= 0 else n)
    if "'" in text or "‘" in text:
        regions = _with_single(text, regions)
    return regions


def _add(regions: list[Region], open_at: int, open_len: int, close_at: int, close_len: int, closed: bool) -> None:
    start = open_at + open_len
    if close_at > start:
        regions.append(Region(open_at, start, close_at, close_at + close_len, closed))


def _close_open(text: str, regions: list[Region], open_at: int, open_len: int, para_end: int) -> None:
    """An opening mark left unclosed at a paragraph end: the quote runs to the paragraph end."""
    end = para_end
    while end > open_at + open_len and text[end - 1].isspace():
        end -= 1
    if end > open_at + open_len and _WORDISH.search(text, open_at + open_len, end):
        regions.append(Region(open_at, open_at + open_len, end, end, False))


def _with_single(text: str, regions: list[Region]) -> list[Region]:
    """Add single-quoted regions that lie outside every double-quoted one."""
    singles: list[Region] = []
    k = 0
    nreg = len(regions)
    for m in _SINGLE.finditer(text):
        o, c = m.start(), m.end()
        while k < nreg and regions[k].close <= o:
            k += 1
        if k < nreg and regions[k].open < c:
            continue  # overlaps a double-quoted region (nested quotes belong to it)
        singles.append(Region(o, o + 1, c - 1, c, True, True))
    if not singles:
        return regions
    return sorted(regions + singles, key=lambda r: r.open)
