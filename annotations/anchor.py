"""Anchors: where a quote or span sits in an article, robust to small edits of the text.

An :class:`Anchor` is the W3C Web Annotation ``TextPositionSelector`` (``start``/``end``,
``str`` offsets, end exclusive) and ``TextQuoteSelector`` (``exact`` with ``prefix`` and
``suffix`` context) together.  :func:`resolve_anchor` re-attaches an anchor to the text
as it is now:

1. the stored position still holds ``exact`` with its prefix and suffix: that position;
2. else every occurrence of ``exact`` is scored by how much of ``prefix``/``suffix``
   surrounds it, ties going to the one nearest the old position;
3. else the same words with any whitespace between them (a re-wrapped paragraph),
   scored the same way;
4. else ``None``: the anchor is an *orphan*.  Callers show orphans as such -- an anchor
   is never silently moved somewhere it does not match, and never deleted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Characters of context kept on each side (the export's ``CONTEXT_CHARS``).
CONTEXT_CHARS = 32
#: Beyond this many occurrences of a short ``exact`` the search gives up (an orphan is
#: better than a guess among thousands of identical strings).
MAX_CANDIDATES = 2000


@dataclass(frozen=True, slots=True)
class Anchor:
    """A span of article text: position plus the text and its context."""

    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""

    def to_dict(self) -> dict:
        """The stored form (the ``anchor`` field of quote and span documents)."""
        return {"start": self.start, "end": self.end, "exact": self.exact, "prefix": self.prefix, "suffix": self.suffix}

    @classmethod
    def from_dict(cls, d: dict) -> Anchor:
        """Inverse of :meth:`to_dict`; raises ``ValueError`` for a malformed anchor."""
        try:
            start, end, exact = d["start"], d["end"], d["exact"]
        except (KeyError, TypeError):
            raise ValueError("anchor lacks start, end or exact") from None
        prefix, suffix = d.get("prefix", ""), d.get("suffix", "")
        if not (isinstance(start, int) and isinstance(end, int) and not isinstance(start, bool) and not isinstance(end, bool)):
            raise ValueError("anchor offsets are not integers")
        if not (0 <= start < end) or not isinstance(exact, str) or not exact:
            raise ValueError("anchor offsets or text are invalid")
        if not isinstance(prefix, str) or not isinstance(suffix, str):
            raise ValueError("anchor context is not text")
        return cls(start, end, exact, prefix, suffix)


def make_anchor(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> Anchor:
    """The anchor of ``text[start:end]``; raises ``ValueError`` for an empty or out-of-range span."""
    if isinstance(start, bool) or isinstance(end, bool) or not isinstance(start, int) or not isinstance(end, int):
        raise ValueError("span offsets must be integers")
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {start}-{end} is empty or outside the text (length {len(text)})")
    return Anchor(start, end, text[start:end], text[max(0, start - context) : start], text[end : end + context])


def _context_score(text: str, start: int, end: int, anchor: Anchor) -> int:
    """How many characters of the stored prefix and suffix surround ``text[start:end]``."""
    score = 0
    before = text[max(0, start - len(anchor.prefix)) : start]
    for a, b in zip(reversed(before), reversed(anchor.prefix)):
        if a != b:
            break
        score += 1
    after = text[end : end + len(anchor.suffix)]
    for a, b in zip(after, anchor.suffix):
        if a != b:
            break
        score += 1
    return score


def _best(text: str, spans, anchor: Anchor) -> tuple[int, int] | None:
    best_key = None
    best = None
    for n, (s, e) in enumerate(spans):
        if n >= MAX_CANDIDATES:
            return None
        key = (-_context_score(text, s, e, anchor), abs(s - anchor.start))
        if best_key is None or key < best_key:
            best_key, best = key, (s, e)
    return best


def _occurrences(text: str, exact: str):
    pos = text.find(exact)
    while pos != -1:
        yield pos, pos + len(exact)
        pos = text.find(exact, pos + 1)


def resolve_anchor(text: str, anchor: Anchor | dict) -> tuple[int, int] | None:
    """Where ``anchor`` is in ``text`` now, as ``(start, end)``; ``None`` when it is an orphan."""
    if isinstance(anchor, dict):
        try:
            anchor = Anchor.from_dict(anchor)
        except ValueError:
            return None
    exact = anchor.exact
    if not exact:
        return None
    start, end, prefix = anchor.start, anchor.end, anchor.prefix
    if text[start:end] == exact:
        # All of the context still around it (the common case: compared as whole
        # slices, which is what a full _context_score means, without the char loop).
        if text[max(0, start - len(prefix)) : start] == prefix and text[end : end + len(anchor.suffix)] == anchor.suffix:
            return start, end
        # The text is still there but its surroundings changed: a short quote may now
        # sit here by chance while its real place moved, so let the context decide
        # (ties go to this position, the nearest).
    in_place = (anchor.start, anchor.end) if text[anchor.start : anchor.end] == exact else None
    found = _best(text, _occurrences(text, exact), anchor)
    if found is not None:
        return found
    if in_place is not None:
        return in_place  # too many look-alikes to choose among: stay where it was
    words = exact.split()
    if not words:
        return None
    # The same words, whitespace-tolerant: a paragraph re-wrapped or re-indented.
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    return _best(text, ((m.start(), m.end()) for m in pattern.finditer(text)), anchor)
