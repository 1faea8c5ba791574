"""A precomputed index of everything the reader highlights in one article.

Built once per (article, analysis): quotes by kind and speaker, the speaker's
attribution, other people's mentions, cue verbs, boilerplate and search matches, each
as a sorted *track* of spans.  Asking "what is styled between offsets a and b" is a
bisect plus the spans that really overlap, so rendering a line or moving the quote
cursor never re-scans the article text.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from annotations.model import KINDS, Analysis, Quote

#: The highlight layers the user can switch on and off.
LAYERS = ("quotes", "people", "boilerplate")
#: At most this many search matches are kept (a one-letter query in a huge article).
MAX_MATCHES = 100_000

_SPACE = re.compile(r"\s+")


def normalise_name(name: str) -> str:
    """The form of a person's name used to compare and colour speakers."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", name)).strip().casefold()


# Typed straight quotes and dashes also find their typographic forms in the text.
_SEARCH_EQUIVALENTS = {"'": "['‘’`´]", '"': '["“”„«»]', "-": "[-‐‑‒–—]"}


def search_pattern(query: str) -> str:
    """A regular expression finding ``query`` literally, with ' " - matching their curly forms."""
    return "".join(_SEARCH_EQUIVALENTS.get(c, re.escape(c)) for c in query)


@dataclass(frozen=True, slots=True)
class Span:
    """One styled run of text.

    ``role`` is ``quote``, ``speaker`` (the attribution of a quote), ``person`` (another
    mention of a person), ``cue``, ``boilerplate``, ``mark`` (a span the user marked) or
    ``match``.  ``kind`` is the quote
    kind for quotes, ``speaker`` the name that picks the colour, ``quote`` the index of
    the quote in reading order (``-1`` when the span belongs to none).
    """

    start: int
    end: int
    role: str
    kind: str | None = None
    speaker: str | None = None
    quote: int = -1


class Track:
    """Spans sorted by start, answering overlap queries in O(log n + hits)."""

    __slots__ = ("spans", "_starts", "_max_ends")

    def __init__(self, spans: Iterable[Span]) -> None:
        self.spans: list[Span] = sorted(spans, key=lambda s: (s.start, s.end))
        self._starts = [s.start for s in self.spans]
        # Running maximum of the ends: every span before the first index whose running
        # maximum exceeds ``a`` ends at or before ``a``, so it cannot overlap.
        self._max_ends = list(accumulate((s.end for s in self.spans), max))

    def __len__(self) -> int:
        return len(self.spans)

    def overlapping(self, start: int, end: int) -> list[Span]:
        """Spans that share at least one character with ``[start, end)``."""
        first = bisect_right(self._max_ends, start)
        last = bisect_left(self._starts, end)
        return [s for s in self.spans[first:last] if s.end > start]


class SpanIndex:
    """Everything the reader styles in one article, with fast lookups.

    ``text`` is the article text, ``paragraphs`` its paragraph spans and
    ``boilerplate`` its boilerplate spans (see :class:`annotations.articles.Article`).
    Quotes whose offsets do not fit the text are dropped and counted in ``dropped``.
    """

    def __init__(
        self,
        text: str,
        paragraphs: Sequence[tuple[int, int]] = (),
        boilerplate: Sequence[tuple[int, int]] = (),
        analysis: Analysis | None = None,
        marks: Sequence[tuple[int, int]] = (),
    ) -> None:
        self.text = text
        n = len(text)
        paras = [(max(0, a), min(n, b)) for a, b in paragraphs if 0 <= a < b]
        self.paragraphs: list[tuple[int, int]] = sorted(paras) or ([(0, n)] if n else [])
        self._para_starts = [a for a, _ in self.paragraphs]
        self.dropped = 0
        quotes: list[Quote] = []
        for q in analysis.quotes if analysis is not None else ():
            if 0 <= q.start < q.end <= n:
                quotes.append(q)
            else:
                self.dropped += 1
        quotes.sort(key=lambda q: (q.start, q.end))
        #: Quotes in reading order; a quote's index everywhere is its place here.
        self.quotes: list[Quote] = quotes
        self._quote_starts = [q.start for q in quotes]
        self._quote_track = Track(
            Span(q.start, q.end, "quote", q.kind if q.kind in KINDS else "direct", q.speaker, i)
            for i, q in enumerate(quotes)
        )
        people: list[Span] = []
        attributions: set[tuple[int, int]] = set()
        for i, q in enumerate(quotes):
            if q.speaker_span and 0 <= q.speaker_span[0] < q.speaker_span[1] <= n:
                attributions.add(tuple(q.speaker_span))
                people.append(Span(q.speaker_span[0], q.speaker_span[1], "speaker", None, q.speaker, i))
            if q.cue_span and 0 <= q.cue_span[0] < q.cue_span[1] <= n:
                people.append(Span(q.cue_span[0], q.cue_span[1], "cue", None, q.speaker, i))
        for person in analysis.people if analysis is not None else ():
            for a, b in person.mentions:
                if 0 <= a < b <= n and (a, b) not in attributions:
                    people.append(Span(a, b, "person", None, person.name))
        self._people_track = Track(people)
        self._boiler_track = Track(Span(a, b, "boilerplate") for a, b in boilerplate if 0 <= a < b <= n)
        self._mark_track = Track(Span(a, b, "mark") for a, b in marks if 0 <= a < b <= n)
        self._match_track = Track(())
        self.query = ""
        # Speakers: in order of first quote, with the indexes of their quotes.
        self.by_speaker: dict[str, list[int]] = {}
        self.speaker_names: dict[str, str] = {}
        for i, q in enumerate(quotes):
            key = normalise_name(q.speaker) if q.speaker else ""
            self.by_speaker.setdefault(key, []).append(i)
            if key and key not in self.speaker_names:
                self.speaker_names[key] = q.speaker or ""

    # ------------------------------------------------------------------ spans

    def spans_in(self, start: int, end: int, layers: Iterable[str] = LAYERS) -> list[Span]:
        """Styled spans overlapping ``[start, end)``, lowest layer first.

        Later spans are meant to be drawn over earlier ones: boilerplate, then people
        and cues, then quotes, then search matches (always shown).
        """
        layers = set(layers)
        out: list[Span] = []
        if "boilerplate" in layers:
            out += self._boiler_track.overlapping(start, end)
        if "people" in layers:
            out += self._people_track.overlapping(start, end)
        if "quotes" in layers:
            out += self._quote_track.overlapping(start, end)
        out += self._mark_track.overlapping(start, end)  # the user's own marks: always shown
        out += self._match_track.overlapping(start, end)
        return out

    def paragraph_spans(self, index: int, layers: Iterable[str] = LAYERS) -> list[Span]:
        """The styled spans of paragraph ``index`` (see :meth:`spans_in`)."""
        a, b = self.paragraphs[index]
        return self.spans_in(a, b, layers)

    # ------------------------------------------------------------------ lookups

    def paragraph_of(self, offset: int) -> int:
        """Index of the paragraph holding ``offset`` (the one before it, between paragraphs)."""
        return max(0, bisect_right(self._para_starts, offset) - 1)

    def quote_at(self, offset: int) -> int | None:
        """Index of the quote covering ``offset``, or None."""
        hits = self._quote_track.overlapping(offset, offset + 1)
        # An indirect quote may contain a partial one: the innermost is meant.
        return min(hits, key=lambda s: s.end - s.start).quote if hits else None

    def next_quote(self, offset: int) -> int | None:
        """The first quote starting after ``offset``."""
        i = bisect_right(self._quote_starts, offset)
        return i if i < len(self.quotes) else None

    def previous_quote(self, offset: int) -> int | None:
        """The last quote starting before ``offset``."""
        i = bisect_left(self._quote_starts, offset) - 1
        return i if i >= 0 else None

    def speakers(self) -> list[tuple[str, int]]:
        """(display name, number of quotes) per speaker, most quoted first; "" is unattributed."""
        rows = [(self.speaker_names.get(k, ""), len(v)) for k, v in self.by_speaker.items()]
        return sorted(rows, key=lambda r: (-r[1], r[0] == "", r[0].casefold()))

    def quotes_of(self, speaker: str | None) -> list[int]:
        """Indexes of the quotes of ``speaker`` (None or "" for unattributed ones)."""
        return self.by_speaker.get(normalise_name(speaker) if speaker else "", [])

    # ------------------------------------------------------------------ search

    def search(self, query: str) -> int:
        """Find ``query`` (case-insensitive, literal) and add the matches as a layer; returns their number."""
        self.query = query
        spans: list[Span] = []
        if query:
            for m in re.finditer(search_pattern(query), self.text, re.IGNORECASE):
                if m.end() > m.start():
                    spans.append(Span(m.start(), m.end(), "match"))
                    if len(spans) >= MAX_MATCHES:
                        break
        self._match_track = Track(spans)
        return len(spans)

    @property
    def matches(self) -> list[Span]:
        """The current search matches in reading order."""
        return self._match_track.spans

    def next_match(self, offset: int) -> int | None:
        """Index of the first match starting after ``offset`` (wrapping to the first)."""
        starts = self._match_track._starts
        if not starts:
            return None
        i = bisect_right(starts, offset)
        return i if i < len(starts) else 0

    def previous_match(self, offset: int) -> int | None:
        """Index of the last match starting before ``offset`` (wrapping to the last)."""
        starts = self._match_track._starts
        if not starts:
            return None
        i = bisect_left(starts, offset) - 1
        return i if i >= 0 else len(starts) - 1
