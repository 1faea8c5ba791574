"""Regex scans that try a costly pattern only where a cheap one says it can begin."""

from __future__ import annotations

import re
from collections.abc import Iterator


def finditer_at(pattern: re.Pattern, starts: re.Pattern, text: str) -> Iterator[re.Match]:
    """The matches of ``pattern.finditer(text)``, trying ``pattern`` only where ``starts`` matches.

    ``starts`` must match at every position where a match of ``pattern`` can begin (a
    C-speed scan for candidates); then the result is the same, leftmost and without
    overlaps, at a fraction of the cost of a pattern with lookbehinds or alternations
    tried at every character.
    """
    last = 0
    match = pattern.match
    for c in starts.finditer(text):
        p = c.start()
        if p < last:
            continue
        m = match(text, p)
        if m is not None:
            last = m.end()
            yield m


def words_after_boundary(*alternatives: str) -> str:
    r"""``(?:\bword|…)`` for words (and single marks, which need no boundary), written so
    that every alternative opens with its character: the regex engine then scans for those
    characters in C instead of trying the pattern at every position.

    A word's boundary is checked behind its first letter (``a(?<!\wa)nd`` is ``\band``).
    The alternatives must begin with different characters or be words (none a prefix of
    another followed by what the pattern needs next), so their order does not matter.
    """
    parts = []
    for alt in alternatives:
        first = re.escape(alt[0])
        if alt[0].isalnum() or alt[0] == "_":
            parts.append(rf"{first}(?<!\w{first}){re.escape(alt[1:])}")
        else:
            parts.append(re.escape(alt))
    return "(?:" + "|".join(parts) + ")"
