"""Sentence boundaries of the writer's text (quoted sentences do not end the writer's one).

A boundary is a sentence-final mark (with any closing quote or bracket after it)
followed by a space and an upper-case letter, digit or opening quote, or a line
break.  Periods after abbreviations, titles and initials ("Sen.", "U.S. officials",
"John F. Kennedy") are not boundaries; boundaries inside a quoted region are
ignored, so ``"A. B," he said.`` is one sentence of the writer's.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from annotations.engine.marks import Region
from annotations.engine.scan import finditer_at

_ABBREVIATIONS = "Mr Mrs Ms Dr Sen Rep Gov Gen Lt Col Maj Capt Sgt Adm St Jr Sr Inc Co Corp Ltd No vs Prof Rev Ft Mt Jan Feb Aug Sept Oct Nov Dec Dept".split()
# One lookbehind per length ("(?<!\b(?:Mr|Ms|…)\.)"), the same test as one per abbreviation
# ("(?<!\bMr\.)(?<!\bMs\.)…") in three steps instead of forty.
_ABBR_BEHIND = "".join(
    rf"(?<!\b(?:{'|'.join(a for a in _ABBREVIATIONS if len(a) == size)})\.)"
    for size in sorted({len(a) for a in _ABBREVIATIONS})
)
# A sentence end: final marks (not after a title, an abbreviation or an initial), any
# closing quote or bracket, then a space and a capital, digit or opening quote.
_END = re.compile(
    rf"(?:[!?…]+|\.{_ABBR_BEHIND}(?<![\s.][A-Z]\.)(?<!^[A-Z]\.)\.*[!?]*)[\"”’')\]]*(?=\s+(?:''|[\"“‘'(\[])?[A-Z0-9])|\n",
    re.M,
)


_CANDIDATE = re.compile(r"[.!?…\n]")

# ``_END`` written to open with the one character every match begins with (a stop or a
# line break), then the branch for it: the regex engine then jumps from candidate to
# candidate in C.  The lookbehinds stand where they stood, after the first stop.
_CLOSE_AND_NEXT = r"[\"”’')\]]*(?=\s+(?:''|[\"“‘'(\[])?[A-Z0-9])"
_END_FAST = re.compile(
    rf"[.!?…\n](?:(?<=\n)|(?<=[!?…])[!?…]*{_CLOSE_AND_NEXT}"
    rf"|(?<=\.){_ABBR_BEHIND}(?<![\s.][A-Z]\.)(?<!^[A-Z]\.)\.*[!?]*{_CLOSE_AND_NEXT})",
    re.M,
)


def _ends(text: str) -> list[int]:
    """What ``_END.finditer`` finds (``_END_FAST`` is the same pattern, faster to scan)."""
    return [m.end() for m in _END_FAST.finditer(text)]


def _ends_prefiltered(text: str) -> list[int]:
    """What ``_END.finditer`` finds, tried only where a stop or a line break stands (a match
    can only begin at one of them; the full pattern with its lookbehinds is costly)."""
    return [m.end() for m in finditer_at(_END, _CANDIDATE, text)]


#: The most of a sentence looked at before and after a position (real ones are far shorter).
BEFORE = 600
AFTER = 900


class Sentences:
    """Sorted sentence spans of a text; :meth:`around` finds the one holding a position."""

    __slots__ = ("starts", "ends")

    def __init__(self, text: str, regions: list[Region]) -> None:
        ends = _ends(text)
        if regions:
            opens = [r.open for r in regions]
            closes = [r.close for r in regions]
            # a stop inside a quotation does not end the writer's sentence
            ends = [e for e in ends if (k := bisect_right(opens, e - 1) - 1) < 0 or closes[k] <= e]
        self.starts = [0] + ends
        ends.append(len(text))
        self.ends = ends

    def around(self, pos: int) -> tuple[int, int]:
        """The (start, end) of the sentence holding ``pos``, at most a window around it.

        A "sentence" of a megabyte (a text with no stops) is cut to ``BEFORE`` characters
        before ``pos`` and ``AFTER`` after it, so the work per quote and verb stays bounded.
        """
        starts = self.starts
        k = bisect_right(starts, pos) - 1
        if k < 0:
            k = 0
        a, b = starts[k], self.ends[k]
        # max(a, pos - BEFORE), min(b, pos + AFTER), without the builtins' call costs
        return (a if a >= pos - BEFORE else pos - BEFORE), (b if b <= pos + AFTER else pos + AFTER)

    def index(self, pos: int) -> int:
        """The number of the sentence holding ``pos``."""
        return max(0, bisect_right(self.starts, pos) - 1)
