"""The set of articles a session works on, loaded lazily.

Opening 10,000 files must not wait for 10,000 reads: a :class:`Library` starts with
paths only, reads a cheap title from the head of a file when a row is first shown,
loads full metadata (id, date, word count) in the background, and keeps only a few
recently opened article texts in memory.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from annotations.articles import Article, ArticleError, load_article, peek_title


@dataclass(slots=True)
class Entry:
    """What the article list knows of one file; fields fill in as they are learned."""

    path: Path
    title: str | None = None
    id: str | None = None
    date: str | None = None
    words: int | None = None
    error: str | None = None
    quotes: int | None = None
    speakers: tuple[str, ...] = ()

    @property
    def display_title(self) -> str:
        return self.title if self.title is not None else self.path.name


class Library:
    """An ordered list of article files with lazily loaded metadata and an LRU of texts."""

    def __init__(self, paths: list[Path], cache_size: int = 16) -> None:
        self.entries: list[Entry] = [Entry(Path(p)) for p in paths]
        self._cache: OrderedDict[Path, Article] = OrderedDict()
        self._lock = threading.Lock()  # the UI thread and loading workers share the cache
        self._cache_size = cache_size

    def __len__(self) -> int:
        return len(self.entries)

    def peek(self, index: int) -> Entry:
        """The entry at ``index`` with at least a cheap title."""
        entry = self.entries[index]
        if entry.title is None:
            entry.title = peek_title(entry.path)
        return entry

    def is_cached(self, index: int) -> bool:
        """True when the article at ``index`` is in memory (opening it costs nothing)."""
        return self.entries[index].path in self._cache

    def size(self, index: int) -> int:
        """The file's size in bytes (0 when it cannot be read: loading will say why)."""
        try:
            return self.entries[index].path.stat().st_size
        except OSError:
            return 0

    def load(self, index: int, *, keep: bool = True) -> Article:
        """The full article at ``index`` (raises :class:`ArticleError`); fills in its entry.

        ``keep=False`` is for one-off passes over the whole library (the background
        reading): the text is not added to the in-memory cache.
        """
        entry = self.entries[index]
        with self._lock:
            article = self._cache.get(entry.path)
            if article is not None:
                self._cache.move_to_end(entry.path)
                return article
        try:
            article = load_article(entry.path)
        except ArticleError as err:
            entry.error = str(err)
            raise
        self._remember(entry, article)
        if keep:
            with self._lock:
                self._cache[entry.path] = article
                if len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        return article

    def index_of(self, article_id: str) -> int | None:
        """The position of the article with this id, among entries loaded so far."""
        for i, entry in enumerate(self.entries):
            if entry.id == article_id:
                return i
        return None

    @staticmethod
    def _remember(entry: Entry, article: Article) -> None:
        entry.id = article.id
        entry.title = article.title
        entry.date = article.date
        entry.words = article.words
        entry.error = None
