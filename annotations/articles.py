"""Loading articles: sanitising, stable ids, titles, dates, paragraphs, boilerplate.

(Interface pinned first so the quote engine, the store and the app can be built
against it; the implementation follows.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class ArticleError(Exception):
    """A file that cannot be loaded as an article; ``str(err)`` is a one-line reason."""


@dataclass(slots=True)
class Article:
    """One news article, sanitised on load.

    ``id`` is a hash of the normalised text, so a renamed or moved file keeps its
    annotations.  All spans are ``(start, end)`` ``str`` offsets into ``text``.
    """

    id: str
    path: Path | None
    text: str
    title: str
    date: str | None = None  # ISO 8601 date when the text states one
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    boilerplate: list[tuple[int, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def words(self) -> int:
        return len(self.text.split())


def load_article(path: Path) -> Article:  # pragma: no cover - replaced below
    raise NotImplementedError


def article_from_text(text: str, path: Path | None = None) -> Article:  # pragma: no cover
    raise NotImplementedError
