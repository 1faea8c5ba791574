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
