"""Plain data shared by the quote engine, the store, export and the app."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

KINDS = ("direct", "partial", "indirect")


@dataclass(frozen=True, slots=True)
class Quote:
    """One attributed piece of speech found in (or added to) an article.

    ``start``/``end`` are ``str`` offsets into the article text and
    ``text == article_text[start:end]``.  For direct and partial quotes the span
    excludes the quotation marks; for indirect quotes it is the reported clause.
    """

    start: int
    end: int
    text: str
    kind: str  # "direct" | "partial" | "indirect"
    speaker: str | None = None
    cue: str | None = None
    confidence: float = 0.0
    speaker_span: tuple[int, int] | None = None  # where the attribution names the source
    cue_span: tuple[int, int] | None = None

    def to_dict(self) -> dict:
        """The gold/``newsreader quotes`` JSON shape."""
        d = {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "speaker": self.speaker,
            "kind": self.kind,
            "cue": self.cue,
            "confidence": round(self.confidence, 3),
        }
        if self.speaker_span is not None:
            d["speaker_start"], d["speaker_end"] = self.speaker_span
        if self.cue_span is not None:
            d["cue_start"], d["cue_end"] = self.cue_span
        return d


@dataclass(slots=True)
class Person:
    """A named person: canonical name, the name forms used, and where they occur."""

    name: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"name": self.name, "aliases": list(self.aliases), "mentions": [list(m) for m in self.mentions]}


@dataclass(slots=True)
class Analysis:
    """What the quote engine found in one article."""

    quotes: list[Quote] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"quotes": [q.to_dict() for q in self.quotes], "people": [p.to_dict() for p in self.people]}
