"""The annotation store: one TinyDB JSON file with every tag, note, correction and read state.

:class:`Store` is the only thing the app, the command line and export/import talk to.
Every change is saved at once, atomically (:mod:`annotations.storage`), under a
cross-process lock (:mod:`annotations.locking`), and can be undone.

File layout (TinyDB: ``{table: {doc_id: document}}``, doc ids are TinyDB's numeric strings;
the store finds documents by their ``id`` field, never by doc id)

``meta`` -- one document, always written first in the file::

    {"generation": "9f2c…",            # random token, new on every save (change detection)
     "schema": "newsreader-store",     # what this file is
     "schema_version": 1,              # SCHEMA_VERSION; newer files open read-only
     "app_version": "0.1.0",           # newsreader version that last saved
     "created": "2026-11-23T12:00:00Z", "saved": "2026-11-23T12:34:56Z"}

``articles`` -- one document per article the user has touched::

    {"id": "3fa4…",                    # article id (hash of the normalised text)
     "sources": ["/path/a.txt"],       # every path it was read from, newest last
     "title": "…" | null, "date": "2026-11-20" | null,
     "read": false, "read_at": "…" | null, "scroll": 0,
     "tags": ["climate"], "note": "…" | null,
     "created": "…", "updated": "…"}

``quotes`` -- the user's layer over the quote engine, one document per quote touched::

    {"id": "e1a2…" | "u7b3…",          # "e…" for engine quotes (a hash of article and
                                       #  anchor, so every process agrees), "u…" for user ones
     "article": "3fa4…",
     "origin": "engine" | "user",
     "anchor": {"start": 10, "end": 42, "exact": "…", "prefix": "…", "suffix": "…"},
     "kind": "direct" | "partial" | "indirect",
     "cue": "said" | null,
     "engine_speaker": "…" | null,     # what the engine said when the user first touched it
     "confidence": 0.93 | null,
     "status": "unreviewed" | "accepted" | "rejected",
     "speaker": "…" | null,            # the user's correction (null: not corrected)
     "tags": [], "note": null, "created": "…", "updated": "…"}

``spans`` -- spans of text the user marked::

    {"id": "s5c1…", "article": "3fa4…", "anchor": {…as above…},
     "tags": [], "note": null, "created": "…", "updated": "…"}

API at a glance (every change saves at once and, unless noted, is one undo step)
    Opening      ``Store(path=None, *, readonly=False, lock_timeout=10.0, fsync=True)``;
                 ``path``, ``readonly``, ``readonly_reason``, ``recovery``, ``kept_aside``,
                 ``backup_path``, ``damaged``, ``refresh()``, ``counts()``, ``close()``.
    Saving       ``pending`` (descriptions), ``retry()``, ``batch(description)`` (one save,
                 one undo step); errors: :class:`StoreError` and its subclasses.
    Undo         ``undo()``/``redo()`` -> description or ``None``; ``can_undo``,
                 ``can_redo``, ``undo_description``, ``redo_description``.
    Articles     ``tag_article``, ``untag_article``, ``set_article_note``,
                 ``remember_article`` / ``mark_read`` / ``set_scroll`` (no undo step),
                 ``article``, ``articles``, ``article_ids``, ``article_state``,
                 ``article_tags``, ``article_note``, ``read_ids``, ``tags_by_article``.
    Tags         ``all_tags`` (for completion), ``articles_with_tag``, ``rename_tag``,
                 ``delete_tag`` (everywhere, one step each); :func:`split_tags`.
    Quotes       ``quote_layer(article_id, text, engine_quotes)`` -> :class:`QuoteLayer`
                 of :class:`LayeredQuote`; ``tag_quote``, ``untag_quote``,
                 ``set_quote_note``, ``accept_quote``, ``reject_quote``,
                 ``set_quote_status``, ``set_quote_speaker``, ``add_quote``,
                 ``delete_quote``, ``put_quote`` (import), ``quote_docs``.
    Spans        ``add_span``, ``tag_span``, ``untag_span``, ``set_span_note``,
                 ``delete_span``, ``span_layer`` -> :class:`SpanLayer`, ``put_span``
                 (import), ``span_docs``; ``reanchor`` for quotes and spans.

Rules the store keeps
    * Offsets are ``str`` offsets into the article text (``Article.text``).  Quotes and
      spans are re-attached to changed text with :func:`annotations.anchor.resolve_anchor`;
      when that fails they are returned as orphans, never moved or deleted.
    * Documents are never mutated in place (copy-on-write), which lets the storage reuse
      the serialised text of unchanged documents (see :mod:`annotations.storage`) and lets
      a failed save leave the last good state intact.
    * Each change: take the lock, re-read the file if another process changed it, replay
      any changes still waiting to be saved, apply the change, write atomically, release.
      TinyDB ``Table`` objects (with their cached next id and query results) are not used
      for writing, so no stale per-table cache can survive a re-read.
    * A save that fails (full disk, read-only folder, lock held too long) raises
      :class:`StoreSaveError` with one line to show; the change stays in memory
      (:attr:`Store.pending`), is visible to reads, and is retried by :meth:`Store.retry`
      and by every later change.
    * A file that does not parse is moved aside (``annotations.json.corrupt-<time>``)
      and the last good backup (``annotations.json.bak``, refreshed on every successful
      open) is restored; :attr:`Store.recovery` says what happened.  A file from a newer
      newsreader, or one that is JSON but not a newsreader file, is opened read-only
      (:attr:`Store.readonly_reason`) and never written.
    * Undo/redo: every change records the documents it touched (before and after); undo
      re-applies the difference field by field (tags as set differences), so it composes
      with changes made meanwhile by another process.  Renaming or deleting a tag
      everywhere is one step.  Read state and scroll position are not on the undo stack.
"""

from __future__ import annotations

import hashlib
import operator
import os
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import orjson

from annotations import __version__
from annotations.anchor import CONTEXT_CHARS, Anchor, make_anchor, resolve_anchor
from annotations.locking import FileLock
from annotations.model import KINDS, Quote
from annotations.storage import (
    AtomicJSONStorage,
    BadFileError,
    ChangedOnDiskError,
    atomic_write_bytes,
    classify,
    clean_stray_temps,
)

#: The version of the file layout above; bump it and add a migration when it changes.
SCHEMA_VERSION = 1
#: The ``meta.schema`` value of a newsreader annotation file.
SCHEMA_NAME = "newsreader-store"
TABLES = ("meta", "articles", "quotes", "spans")
STATUSES = ("unreviewed", "accepted", "rejected")
ORIGINS = ("engine", "user")
#: Limits, the same as the export schema's.
MAX_TAG = 200
MAX_NOTE = 1_000_000
MAX_NAME = 1000
MAX_ID = 200
MAX_PATH = 4096
#: Undo steps kept per session.
UNDO_LIMIT = 500

_NAME_BAD = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_NOTE_BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


# --------------------------------------------------------------------------- errors


class StoreError(Exception):
    """Any problem the user should see; ``str(err)`` is one line fit for a notification."""


class StoreValueError(StoreError, ValueError):
    """A value that cannot be stored (empty tag, control characters, unknown quote …)."""


class StoreReadOnlyError(StoreError):
    """The file is open read-only (newer schema, not a newsreader file, or asked for)."""


class StoreSaveError(StoreError):
    """A save failed (full disk, read-only folder …).  The change is kept in memory to retry.

    ``reason`` is the cause alone (e.g. ``"the disk is full"``), for callers such as the
    command line that exit instead of retrying.
    """

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message


class StoreFileError(StoreError):
    """The annotation file cannot be opened at all (a folder, unreadable …)."""


# --------------------------------------------------------------------------- values


def now_iso() -> str:
    """The current UTC time, to the second, ISO 8601 with ``Z``."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def clean_tag(tag: Any) -> str:
    """A tag as stored: stripped, single-line, 1-200 characters; else :class:`StoreValueError`."""
    if not isinstance(tag, str):
        raise StoreValueError(f"a tag must be text, not {type(tag).__name__}")
    t = " ".join(tag.split())
    if not t:
        raise StoreValueError("a tag cannot be empty")
    if _NAME_BAD.search(t):
        raise StoreValueError(f"the tag {_short(t)!r} contains control characters")
    if len(t) > MAX_TAG:
        raise StoreValueError(f"a tag can be at most {MAX_TAG} characters (this one has {len(t)})")
    return t


def clean_tags(tags: str | Iterable[str]) -> list[str]:
    """One tag or several, cleaned and de-duplicated in order; at least one."""
    if isinstance(tags, str):
        tags = [tags]
    out: list[str] = []
    for t in tags:
        c = clean_tag(t)
        if c not in out:
            out.append(c)
    if not out:
        raise StoreValueError("no tag given")
    return out


def split_tags(text: str) -> list[str]:
    """Tags typed in one input, separated by commas: ``"a, b c,  "`` -> ``["a", "b c"]``."""
    return [" ".join(p.split()) for p in text.split(",") if p.strip()]


def clean_note(note: Any) -> str | None:
    """A note as stored: CRLF/CR to LF, no control characters but tab/newline; blank -> ``None``."""
    if note is None:
        return None
    if not isinstance(note, str):
        raise StoreValueError(f"a note must be text, not {type(note).__name__}")
    n = note.replace("\r\n", "\n").replace("\r", "\n")
    if _NOTE_BAD.search(n):
        raise StoreValueError("the note contains control characters")
    if len(n) > MAX_NOTE:
        raise StoreValueError(f"a note can be at most {MAX_NOTE:,} characters")
    return n if n.strip() else None


def clean_name(value: Any, what: str = "speaker") -> str | None:
    """A speaker or cue: single-line text up to 1000 characters; blank -> ``None``."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise StoreValueError(f"the {what} must be text, not {type(value).__name__}")
    v = " ".join(value.split())
    if _NAME_BAD.search(v):
        raise StoreValueError(f"the {what} contains control characters")
    if len(v) > MAX_NAME:
        raise StoreValueError(f"the {what} can be at most {MAX_NAME} characters")
    return v or None


def clean_article_id(article_id: Any) -> str:
    """An article id: non-empty single-line text up to 200 characters."""
    if not isinstance(article_id, str) or not article_id.strip():
        raise StoreValueError("an article id must be non-empty text")
    if _NAME_BAD.search(article_id) or len(article_id) > MAX_ID:
        raise StoreValueError("the article id is not valid (control characters or too long)")
    return article_id


def _clean_source(source: Any) -> str | None:
    if source is None or source == "":
        return None
    s = str(source)
    # Undecodable file names arrive as lone surrogates; they cannot go into UTF-8 JSON.
    s = _SURROGATE.sub("\ufffd", s).replace("\x00", "\ufffd")
    return s[:MAX_PATH]


def _clean_title(title: Any) -> str | None:
    if title is None:
        return None
    t = _NAME_BAD.sub("\ufffd", " ".join(str(title).split()))
    return t[:10000] or None


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _ordered_union(first: list[str], second: Iterable[str]) -> list[str]:
    out = list(first)
    for t in second:
        if t not in out:
            out.append(t)
    return out


def engine_quote_id(article_id: str, start: int, end: int, text: str) -> str:
    """The store id of an engine quote: the same in every process for the same quote."""
    h = hashlib.sha256(f"{article_id}\0{start}\0{end}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()
    return "e" + h[:19]


def engine_records(article_id: str, text: str, rows: list[list], ids: list[str]) -> list[dict]:
    """The export records of engine quotes nobody touched, one per compact row (see
    :meth:`Store.quote_records`), in the rows' order: what they are made of is the
    article's text, the rows and their ids, never the user's layer."""
    n_text = len(text)
    out: list[dict] = []
    append = out.append
    for r, qid in zip(rows, ids):
        start, end, speaker = r[0], r[1], r[4]
        if 0 <= start < end <= n_text:
            prefix, suffix = text[start - CONTEXT_CHARS if start > CONTEXT_CHARS else 0 : start], text[end : end + CONTEXT_CHARS]
        else:
            prefix = suffix = ""
        append({
            "id": qid, "origin": "engine", "start": start, "end": end, "text": r[2], "prefix": prefix,
            "suffix": suffix, "orphan": False, "kind": r[3], "cue": r[5], "engine_speaker": speaker,
            "speaker_correction": None, "speaker": speaker, "confidence": r[6], "status": "unreviewed",
            "tags": [], "note": None,
        })
    return out


def _new_id(prefix: str) -> str:
    return prefix + secrets.token_hex(10)[:19]


# --------------------------------------------------------------------------- views


@dataclass(frozen=True, slots=True)
class LayeredQuote:
    """A quote as the user sees it: the engine's finding with the user's corrections laid over.

    Field names follow the export schema's quote record.  ``stored`` is False for an
    engine quote the user has not touched yet (its ``id`` is still the id it will get).
    ``start``/``end`` are where the quote is in the current text; for an orphan
    (``orphan=True``) they are where it was.
    """

    id: str
    article_id: str
    origin: str
    start: int
    end: int
    text: str
    prefix: str
    suffix: str
    orphan: bool
    kind: str
    cue: str | None
    engine_speaker: str | None
    speaker_correction: str | None
    confidence: float | None
    status: str
    tags: tuple[str, ...] = ()
    note: str | None = None
    stored: bool = False
    speaker_span: tuple[int, int] | None = None
    cue_span: tuple[int, int] | None = None

    @property
    def speaker(self) -> str | None:
        """The speaker to use: the user's correction, else the engine's."""
        return self.speaker_correction if self.speaker_correction is not None else self.engine_speaker

    @property
    def anchor(self) -> Anchor:
        return Anchor(self.start, self.end, self.text, self.prefix, self.suffix)

    def to_quote(self) -> Quote:
        """As a :class:`annotations.model.Quote` (speaker = the corrected one)."""
        return Quote(
            start=self.start,
            end=self.end,
            text=self.text,
            kind=self.kind,
            speaker=self.speaker,
            cue=self.cue,
            confidence=self.confidence or 0.0,
            speaker_span=self.speaker_span,
            cue_span=self.cue_span,
        )

    def to_record(self) -> dict:
        """The export schema's quote record."""
        return {
            "id": self.id,
            "origin": self.origin,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "orphan": self.orphan,
            "kind": self.kind,
            "cue": self.cue,
            "engine_speaker": self.engine_speaker,
            "speaker_correction": self.speaker_correction,
            "speaker": self.speaker,
            "confidence": self.confidence,
            "status": self.status,
            "tags": list(self.tags),
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class LayeredSpan:
    """A span the user marked, re-anchored to the current text (see :class:`LayeredQuote`)."""

    id: str
    article_id: str
    start: int
    end: int
    text: str
    prefix: str
    suffix: str
    orphan: bool
    tags: tuple[str, ...] = ()
    note: str | None = None

    @property
    def anchor(self) -> Anchor:
        return Anchor(self.start, self.end, self.text, self.prefix, self.suffix)

    def to_record(self) -> dict:
        """The export schema's span record."""
        return {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "orphan": self.orphan,
            "tags": list(self.tags),
            "note": self.note,
        }


@dataclass(slots=True)
class QuoteLayer:
    """:meth:`Store.quote_layer`'s answer: anchored quotes in text order, and orphans."""

    quotes: list[LayeredQuote] = field(default_factory=list)
    orphans: list[LayeredQuote] = field(default_factory=list)

    @property
    def review(self) -> str:
        """``"unreviewed"``, ``"in_progress"`` or ``"reviewed"`` (every anchored quote accepted or rejected)."""
        done = sum(1 for q in self.quotes if q.status != "unreviewed")
        if done == 0:
            return "unreviewed"
        return "reviewed" if done == len(self.quotes) else "in_progress"

    def next_unreviewed(self, after: int = -1) -> LayeredQuote | None:
        """The first unreviewed quote starting after offset ``after`` (wrapping round), or ``None``."""
        pending = [q for q in self.quotes if q.status == "unreviewed"]
        for q in pending:
            if q.start > after:
                return q
        return pending[0] if pending else None


@dataclass(slots=True)
class SpanLayer:
    """:meth:`Store.span_layer`'s answer: anchored spans in text order, and orphans."""

    spans: list[LayeredSpan] = field(default_factory=list)
    orphans: list[LayeredSpan] = field(default_factory=list)


# --------------------------------------------------------------------------- transactions


Change = tuple[str, str, "dict | None", "dict | None"]  # table, key, before, after


class _Tx:
    """Copy-on-write working state over ``{table: {doc_id: doc}}``, recording what changed."""

    def __init__(self, base: dict | None, store: Store) -> None:
        self.base = base or {}
        self.tables: dict[str, dict] = dict(self.base)
        self._store = store
        self._own: set[str] = set()  # tables already copied
        self._index: dict[str, tuple[dict[str, str], int]] = {}
        self.step: dict[tuple[str, str], list] = {}
        self.dirty = False
        #: ``{table: {doc_id, …}}`` put or deleted since ``base`` (the storage's hint).
        self.touched: dict[str, set[str]] = {}
        self._by_art: dict[str, dict[str, dict[str, dict]]] = {}  # table -> article -> key -> doc

    def docs_of(self, table: str, article_id: str) -> list[dict]:
        """The documents of one article in ``table`` (indexed once, then kept up to date)."""
        if table not in self._by_art:
            m: dict[str, dict[str, dict]] = {}
            for doc in self.tables.get(table, {}).values():
                a, k = doc.get("article"), doc.get("id")
                if isinstance(a, str) and isinstance(k, str):
                    m.setdefault(a, {})[k] = doc
            self._by_art[table] = m
        return list(self._by_art[table].get(article_id, {}).values())

    def _reindex(self, table: str, key: str, before: dict | None, after: dict | None) -> None:
        m = self._by_art.get(table)
        if m is None:
            return
        if before is not None and isinstance(before.get("article"), str):
            m.get(before["article"], {}).pop(key, None)
        if after is not None and isinstance(after.get("article"), str):
            m.setdefault(after["article"], {})[key] = after

    def new_step(self) -> dict[tuple[str, str], list]:
        self.step = {}
        return self.step

    def index(self, table: str) -> dict[str, str]:
        if table not in self._index:
            self._index[table] = self._store._table_index(self.tables.get(table, {}))
        return self._index[table][0]

    def docs(self, table: str) -> Iterable[dict]:
        return self.tables.get(table, {}).values()

    def get(self, table: str, key: str) -> dict | None:
        doc_id = self.index(table).get(key)
        return None if doc_id is None else self.tables[table][doc_id]

    def _own_table(self, table: str) -> dict:
        if table not in self._own:
            self.tables[table] = dict(self.tables.get(table, {}))
            idx, top = self._store._table_index(self.base.get(table, {})) if table not in self._index else self._index[table]
            self._index[table] = (dict(idx), top)
            self._own.add(table)
        return self.tables[table]

    def _record(self, table: str, key: str, before: dict | None, after: dict | None) -> None:
        entry = self.step.get((table, key))
        if entry is None:
            self.step[(table, key)] = [before, after]
        else:
            entry[1] = after
        self.dirty = True

    def put(self, table: str, key: str, doc: dict) -> None:
        """Store ``doc`` (a new dict, never one read from the store) under ``key``."""
        tbl = self._own_table(table)
        idx, top = self._index[table]
        doc_id = idx.get(key)
        before = None if doc_id is None else tbl[doc_id]
        if before == doc:
            return
        if doc_id is None:
            top += 1
            doc_id = str(top)
            idx[key] = doc_id
            self._index[table] = (idx, top)
        tbl[doc_id] = doc
        self.touched.setdefault(table, set()).add(doc_id)
        self._reindex(table, key, before, doc)
        self._record(table, key, before, doc)

    def delete(self, table: str, key: str) -> None:
        tbl = self._own_table(table)
        idx, _ = self._index[table]
        doc_id = idx.pop(key, None)
        if doc_id is None:
            return
        before = tbl.pop(doc_id)
        self.touched.setdefault(table, set()).add(doc_id)
        self._reindex(table, key, before, None)
        self._record(table, key, before, None)


@dataclass(slots=True)
class _Step:
    description: str
    changes: list[Change]


@dataclass(slots=True)
class _Pending:
    description: str
    fn: Callable[[_Tx], Any]


# --------------------------------------------------------------------------- migrations


def _migrate_0_to_1(data: dict) -> dict:
    """Version 0: our tables without a ``meta`` table (hand-made or an early prototype)."""
    return data


#: ``MIGRATIONS[n]`` turns a version-``n`` file's data into version ``n + 1`` (new dicts).
MIGRATIONS: dict[int, Callable[[dict], dict]] = {0: _migrate_0_to_1}


# --------------------------------------------------------------------------- the store


class Store:
    """The annotation file.  Open it once per process; every method saves at once.

    ``path`` defaults to :func:`annotations.paths.default_db_path`.  Opening never raises
    for a damaged file (see :attr:`recovery` and :attr:`readonly_reason`); it raises
    :class:`StoreFileError` only when the path cannot be used at all (e.g. a folder).
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        readonly: bool = False,
        lock_timeout: float = 10.0,
        fsync: bool = True,
    ) -> None:
        if path is None:
            from annotations.paths import default_db_path

            path = default_db_path()
        path = Path(path).expanduser()
        # Write through a symbolic link (a synced folder, dotfiles), never over it.
        self.path = Path(os.path.realpath(path)) if path.is_symlink() else path
        #: True when nothing will be written (see :attr:`readonly_reason`).
        self.readonly = readonly
        #: Why the file is read-only, one line; ``None`` when it is writable.
        self.readonly_reason: str | None = "opened read-only on request" if readonly else None
        #: What happened to a damaged file on open, one line; ``None`` when nothing did.
        self.recovery: str | None = None
        #: Where the bad file was kept (when :attr:`recovery` is set).
        self.kept_aside: Path | None = None
        #: The backup refreshed on every successful open.
        self.backup_path = self.path.with_name(self.path.name + ".bak")
        self._lock = FileLock(self.path, timeout=lock_timeout)
        self._mutex = threading.RLock()
        self._pending: list[_Pending] = []
        self._undo: list[_Step] = []
        self._redo: list[_Step] = []
        self._index_cache: dict[str, tuple[dict, dict[str, str], int]] = {}
        self._article_index: dict[str, tuple[dict, dict[str, list[dict]]]] = {}
        self._batch: _Tx | None = None
        self._batch_ops: list | None = None
        self._tag_counts: tuple[tuple, dict[str, int]] | None = None
        self._disk: dict | None = None
        self._view: dict = {}
        self._pins = threading.local()  # per thread: the tables a snapshot() block reads
        if self.path.is_dir():
            raise StoreFileError(f"the annotation file {self.path} is a folder")
        self._storage = AtomicJSONStorage(self.path, fsync=fsync)
        if not readonly:
            clean_stray_temps(self.backup_path)  # a writer killed while refreshing the backup
        self._open()

    # ------------------------------------------------------------------ opening

    def _open(self) -> None:
        locked = False
        if not self.readonly:  # a read-only store never creates, moves or locks anything
            try:
                self._lock.acquire()
                locked = True
            except OSError:
                pass  # read-only folder: reading still works, saves will say why not
        try:
            try:
                data = self._storage.read()
            except BadFileError as err:
                data = self._recover(err, locked)
            except PermissionError as err:
                raise StoreFileError(f"cannot read the annotation file {self.path}: {err.strerror}") from None
            except OSError as err:
                raise StoreFileError(f"cannot read the annotation file {self.path}: {err.strerror or err}") from None
            data = _repair_data(self._check_schema(data, opening=True))
            self._disk = data
            self._view = data or {}
            if data and not self.readonly and locked:
                self._rotate_backup()
        finally:
            if locked:
                self._lock.release()

    def _check_schema(self, data: dict | None, opening: bool = False) -> dict | None:
        """Check (and migrate) the schema; sets :attr:`readonly` for files we must not write."""
        if not data:
            return data
        meta = next(iter(data.get("meta", {}).values()), None) if isinstance(data.get("meta"), dict) else None
        if meta is None:
            known = set(TABLES) | {"_default"}
            foreign = [n for n, t in data.items() if n not in known and t]
            if foreign or data.get("_default"):
                self._set_readonly(
                    f"{self.path.name} is a TinyDB file but not newsreader's (it has table {sorted(foreign or ['_default'])[0]!r}); "
                    "opened read-only -- pass --db to use another file"
                )
                return data
            version = 0
        else:
            if meta.get("schema") != SCHEMA_NAME or not isinstance(meta.get("schema_version"), int):
                self._set_readonly(f"{self.path.name} is not a newsreader annotation file (schema {meta.get('schema')!r}); opened read-only")
                return data
            version = meta["schema_version"]
        if version > SCHEMA_VERSION:
            self._set_readonly(
                f"{self.path.name} was written by a newer newsreader (schema {version}, this one reads {SCHEMA_VERSION}); "
                "opened read-only -- upgrade newsreader to change it"
            )
            return data
        if version < SCHEMA_VERSION and opening and not self.readonly:
            self._rotate_backup(suffix=f".v{version}.bak")
            for v in range(version, SCHEMA_VERSION):
                data = MIGRATIONS[v](data)
            tx = _Tx(data, self)
            tx.dirty = True
            new = self._finish(tx)
            try:
                self._storage.write(new)
            except (OSError, ChangedOnDiskError):
                pass  # the migration is redone on the next save
            return new
        return data

    def _set_readonly(self, reason: str) -> None:
        self.readonly = True
        self.readonly_reason = reason

    def _move_aside(self, kind: str) -> Path:
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
        label = {"wrong-layout": "unreadable"}.get(kind, "corrupt")
        target = self.path.with_name(f"{self.path.name}.{label}-{stamp}")
        n = 1
        while target.exists():
            n += 1
            target = self.path.with_name(f"{self.path.name}.{label}-{stamp}-{n}")
        os.rename(self.path, target)
        return target

    def _recover(self, err: BadFileError, locked: bool) -> dict | None:
        """A file that does not parse: keep it aside, restore the backup, say so."""
        if err.kind == "wrong-layout":
            # JSON, but not a TinyDB file: maybe someone's other file; never move it.
            self._set_readonly(f"{err}; opened read-only -- pass --db to use another file")
            return None
        if self.readonly:
            self.readonly_reason = f"{err}; opened read-only, so it was left as it is"
            return None
        if not locked:
            self._set_readonly(f"{err}; it cannot be repaired because its folder is read-only")
            return None
        try:
            aside = self._move_aside(err.kind)
        except OSError as move_err:
            self._set_readonly(f"{err}; it could not be kept aside ({move_err.strerror}), so it is opened read-only")
            return None
        self.kept_aside = aside
        self._storage.forget()
        message = f"{err}. It was kept as {aside.name}"
        data = None
        try:
            raw = self.backup_path.read_bytes()
        except OSError:
            raw = None
        if raw is not None:
            backup, bad = classify(raw)
            if bad is None:
                try:
                    atomic_write_bytes(self.path, raw)
                    data = self._storage.read()
                    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.backup_path.stat().st_mtime))
                    message += f"; restored the last good backup ({self.backup_path.name}, from {when})"
                except (OSError, BadFileError) as werr:
                    message += f"; the backup {self.backup_path.name} could not be restored ({werr})"
                    data = None
            else:
                # Keep the damaged backup too: the next successful open would replace it.
                try:
                    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
                    bak_aside = self.backup_path.with_name(f"{self.backup_path.name}.corrupt-{stamp}")
                    if not bak_aside.exists():
                        os.rename(self.backup_path, bak_aside)
                except OSError:
                    pass
                message += f"; the backup {self.backup_path.name} is damaged too ({bad}), so starting empty"
        else:
            message += "; there is no backup, so starting with no annotations"
        self.recovery = message + "."
        return data

    def _rotate_backup(self, suffix: str = ".bak") -> None:
        target = self.path.with_name(self.path.name + suffix)
        try:
            raw = self.path.read_bytes()
            try:
                if target.stat().st_size == len(raw) and target.read_bytes() == raw:
                    return
            except OSError:
                pass
            atomic_write_bytes(target, raw, mode=self.path.stat().st_mode & 0o7777)
        except OSError:
            pass  # no backup is a loss of safety, not of data; saving still works

    @property
    def damaged(self) -> int:
        """Documents in the file that could not be (fully) understood.

        A document without an id or anchor is kept in the file as it is and not shown; a
        field of the wrong type is moved into the document's ``_damaged`` field and the
        rest of the document is used.
        """
        tables = self._current()
        n = 0
        for table in ("articles", "quotes", "spans"):
            for doc in tables.get(table, {}).values():
                if not isinstance(doc.get("id"), str) or "_damaged" in doc:
                    n += 1
                elif table != "articles" and _doc_anchor(doc) is None:
                    n += 1
        return n

    # ------------------------------------------------------------------ state

    def _table_index(self, table: dict) -> tuple[dict[str, str], int]:
        """``{key: doc_id}`` and the highest doc id of a table dict (cached per dict object)."""
        cached = self._index_cache.get(id(table))
        if cached is not None and cached[0] is table:
            return cached[1], cached[2]
        idx: dict[str, str] = {}
        top = 0
        for doc_id, doc in table.items():
            n = int(doc_id) if doc_id.isdigit() else 0
            top = max(top, n)
            key = doc.get("id") if isinstance(doc, dict) else None
            if isinstance(key, str):
                idx[key] = doc_id
        self._cache_index(table, idx, top)
        return idx, top

    def _cache_index(self, table: dict, idx: dict[str, str], top: int) -> None:
        while len(self._index_cache) >= 12:
            del self._index_cache[next(iter(self._index_cache))]  # the oldest
        self._index_cache[id(table)] = (table, idx, top)

    def _current(self) -> dict:
        """The state reads see: the file (re-read when another process changed it) plus pending changes."""
        if self._batch is not None:
            return self._batch.tables
        pinned = getattr(self._pins, "tables", None)
        if pinned is not None:
            return pinned
        with self._mutex:
            try:
                if self._storage.changed():
                    data = self._storage.read()
                    if data is None and self._disk:
                        return self._view  # vanished: keep showing it; the next save writes it back
                    data = self._check_external(data)
                    self._disk = data
                    self._view = self._replay(data) if self._pending else (data or {})
            except (BadFileError, OSError):
                pass  # keep showing the last good state; the next save deals with the file
            return self._view

    def _check_external(self, data: dict | None) -> dict | None:
        """A file just read: refuse to handle a newer schema; repair damaged documents."""
        if data is not self._disk:
            data = _repair_data(data)
        meta = _meta(data)
        if meta is not None and isinstance(meta.get("schema_version"), int) and meta["schema_version"] > SCHEMA_VERSION:
            self._set_readonly(
                f"{self.path.name} was just saved by a newer newsreader (schema {meta['schema_version']}); "
                "it is now read-only here -- upgrade newsreader to change it"
            )
        return data

    def _replay(self, data: dict | None) -> dict:
        tx = _Tx(data, self)
        for p in self._pending:
            try:
                p.fn(tx)
            except StoreValueError:
                pass  # no longer applicable (e.g. the quote was deleted elsewhere)
        return tx.tables

    def _finish(self, tx: _Tx) -> dict:
        """The tables to write: ``tx``'s with a fresh ``meta`` document."""
        old = _meta(tx.tables) or {}
        meta = {
            "generation": secrets.token_hex(8),
            "schema": SCHEMA_NAME,
            "schema_version": SCHEMA_VERSION,
            "app_version": __version__,
            "created": old.get("created") or now_iso(),
            "saved": now_iso(),
        }
        tables = dict(tx.tables)
        tables["meta"] = {"1": meta}
        for name in TABLES[1:]:
            tables.setdefault(name, {})
        return tables

    def _save_reason(self, err: BaseException) -> str:
        errno_ = getattr(err, "errno", None)
        where = str(self.path)
        if isinstance(err, ChangedOnDiskError):
            reason = "the file changed on disk while saving"
        elif errno_ == 28:  # ENOSPC
            reason = "the disk is full"
        elif errno_ == 122:  # EDQUOT
            reason = "the disk quota is exceeded"
        elif errno_ in (13, 1):  # EACCES, EPERM
            reason = "no permission to write there"
        elif errno_ == 30:  # EROFS
            reason = "the file system is read-only"
        elif type(err).__name__ == "LockTimeout":
            reason = str(err)
        else:
            reason = getattr(err, "strerror", None) or str(err) or type(err).__name__
        return f"{reason} ({where})"

    def _save_error(self, err: BaseException) -> StoreSaveError:
        reason = self._save_reason(err)
        n = len(self._pending)
        return StoreSaveError(f"Not saved: {reason}; {n} change{'s' if n != 1 else ''} kept in memory, retried on the next save", reason)

    def _commit(self, description: str, fn: Callable[[_Tx], Any], *, undoable: bool = True) -> Any:
        """Apply ``fn`` to fresh state under the lock and save; the heart of every change."""
        if self.readonly:
            raise StoreReadOnlyError(f"Not saved: {self.readonly_reason}")
        if self._batch is not None:
            raise StoreError("undo, redo and retry are not possible inside a batch of changes")
        with self._mutex:
            problem: BaseException | None = None
            try:
                # The folder must exist before its lock file can (first save in a new place).
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._lock.acquire()
                locked = True
            except OSError as err:
                locked, problem = False, err
            try:
                base = self._disk
                if locked:
                    try:
                        base = self._check_external(self._storage.read())
                        if base is None and self._disk:
                            # The file vanished while open (deleted, or a sync tool): write
                            # back what is open here rather than start from nothing.
                            base = self._disk
                            self.recovery = f"{self.path.name} disappeared while open; it was written again from the annotations open here."
                        self._disk = base
                    except BadFileError as err:
                        base = self._disk
                        try:
                            # Damaged by someone else since we read it: keep it aside and
                            # write our last good state plus this change in its place.
                            aside = self._move_aside(err.kind)
                            self.kept_aside = aside
                            self.recovery = f"{err}. It was kept as {aside.name} and replaced with the annotations open here."
                            self._storage.forget()
                        except OSError as move_err:
                            problem = move_err
                    except OSError as err:
                        problem = err
                if self.readonly:
                    raise StoreReadOnlyError(f"Not saved: {self.readonly_reason}")
                tx = _Tx(base, self)
                for p in self._pending:
                    try:
                        p.fn(tx)
                    except StoreValueError:
                        pass  # no longer applicable (e.g. deleted by another process)
                step = tx.new_step()
                result = fn(tx)
                changes = [(t, k, b, a) for (t, k), (b, a) in step.items()]
                if not tx.dirty:
                    return result
                new = self._finish(tx)
                try:
                    if problem is not None:
                        raise problem
                    self._storage.write(new, base=tx.base, changed=tx.touched)
                except (OSError, ChangedOnDiskError) as err:
                    self._pending.append(_Pending(description, fn))
                    self._view = new
                    self._follow_pin(new)
                    self._remember(description, changes, undoable)
                    raise self._save_error(err) from None
                self._pending.clear()
                self._disk = new
                self._view = new
                self._follow_pin(new)
                for name in tx._own:  # hand the transaction's indexes on to the next reads
                    idx, top = tx._index[name]
                    self._cache_index(new[name], idx, top)
                self._remember(description, changes, undoable)
                return result
            finally:
                if locked:
                    self._lock.release()

    def _follow_pin(self, new: dict) -> None:
        """A change made inside this thread's :meth:`snapshot` block is seen by its reads."""
        if getattr(self._pins, "tables", None) is not None:
            self._pins.tables = new

    def _remember(self, description: str, changes: list[Change], undoable: bool) -> None:
        if not undoable or not changes:
            return
        self._undo.append(_Step(description, changes))
        del self._undo[:-UNDO_LIMIT]
        self._redo.clear()

    # ------------------------------------------------------------------ saving, undo

    @property
    def pending(self) -> list[str]:
        """Descriptions of changes not yet saved because a save failed (oldest first)."""
        return [p.description for p in self._pending]

    def retry(self) -> bool:
        """Try again to save the pending changes.  True when nothing is pending any more.

        Raises :class:`StoreSaveError` when the save fails again.
        """
        if not self._pending:
            return True
        self._commit("retry", lambda tx: setattr(tx, "dirty", True), undoable=False)
        return not self._pending

    @contextmanager
    def snapshot(self) -> Iterator[Store]:
        """Reads in this thread see one state of the file for the whole ``with`` block.

        Each read otherwise checks the file on disk for another process's changes (a
        ``stat`` and a read of its head); a bulk reader such as an export of 10,000
        articles makes one check instead of tens of thousands, and gets a consistent
        view.  Changes made by this store are still seen: the block is for reading.
        Other threads are not affected.  Inside :meth:`batch` it changes nothing.
        """
        if self._batch is not None or getattr(self._pins, "tables", None) is not None:
            yield self
            return
        self._pins.tables = self._current()
        try:
            yield self
        finally:
            self._pins.tables = None

    @contextmanager
    def batch(self, description: str) -> Iterator[Store]:
        """Group many changes into one save and one undo step (e.g. an import).

        If the block raises, nothing is saved.  Inside it, reads see the changes so far.
        The changes are replayed on fresh state under the lock when the block ends, so a
        concurrent writer's changes are kept.
        """
        if self._batch is not None:
            yield self
            return
        if self.readonly:
            raise StoreReadOnlyError(f"Not saved: {self.readonly_reason}")
        ops: list[Callable[[_Tx], Any]] = []
        with self._mutex:
            tx = _Tx(self._current(), self)
            tx.new_step()
            self._batch, self._batch_ops = tx, ops
            try:
                yield self
            finally:
                self._batch, self._batch_ops = None, None
        if not tx.dirty:
            return

        def run(t: _Tx) -> None:
            for op in ops:
                op(t)

        self._commit(description, run)

    def _op(self, description: str, fn: Callable[[_Tx], Any], *, undoable: bool = True) -> Any:
        """Run one change (inside a batch: apply it and remember it for the batch's save)."""
        if self._batch is not None:
            if self.readonly:
                raise StoreReadOnlyError(f"Not saved: {self.readonly_reason}")
            result = fn(self._batch)
            self._batch_ops.append(fn)
            return result
        return self._commit(description, fn, undoable=undoable)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def undo_count(self) -> int:
        """How many steps :meth:`undo` can go back (this session, up to :data:`UNDO_LIMIT`)."""
        return len(self._undo)

    @property
    def redo_count(self) -> int:
        return len(self._redo)

    @property
    def undo_description(self) -> str | None:
        """What :meth:`undo` would undo, e.g. ``"added tag 'x' to article “Title”"``."""
        return self._undo[-1].description if self._undo else None

    @property
    def redo_description(self) -> str | None:
        return self._redo[-1].description if self._redo else None

    def undo(self) -> str | None:
        """Undo the last change made through this store; returns its description, or ``None``.

        Raises :class:`StoreSaveError` like any change when the save fails (the undo is
        kept in memory to retry all the same).
        """
        return self._replay(self._undo, self._redo, reverse=True)

    def redo(self) -> str | None:
        """Redo the last undone change; returns its description, or ``None``."""
        return self._replay(self._redo, self._undo, reverse=False)

    def _replay(self, source: list[_Step], target: list[_Step], *, reverse: bool) -> str | None:
        """Move the newest step of ``source`` to ``target``, applying it (backwards for undo).

        A failed save still counts as done (the change waits in memory to be retried);
        any other error leaves the step where it was.
        """
        if not source:
            return None
        step = source.pop()
        verb = "undo" if reverse else "redo"
        try:
            self._commit(f"{verb}: {step.description}", lambda tx: _apply_changes(tx, step.changes, reverse=reverse), undoable=False)
        except StoreSaveError:
            target.append(step)
            raise
        except StoreError:
            source.append(step)
            raise
        target.append(step)
        return step.description

    def refresh(self) -> bool:
        """Pick up changes another process saved; True when what the store shows changed.

        Every read does this already; the app can call it on a timer to redraw tags.
        """
        before = self._view
        self._current()
        return self._view is not before

    def close(self) -> None:
        """Try once more to save pending changes (errors are swallowed: see :attr:`pending`)."""
        if self._pending and not self.readonly:
            try:
                self.retry()
            except StoreError:
                pass

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ helpers

    def _article_title(self, tables: dict, article_id: str) -> str:
        doc = self._get(tables, "articles", article_id)
        title = doc.get("title") if doc else None
        return f"“{_short(title)}”" if title else article_id

    def _get(self, tables: dict, table: str, key: str) -> dict | None:
        if self._batch is not None and tables is self._batch.tables:
            return self._batch.get(table, key)  # its tables change under the caches
        tbl = tables.get(table, {})
        doc_id = self._table_index(tbl)[0].get(key)
        return None if doc_id is None else tbl[doc_id]

    def _article_docs(self, tables: dict, table: str, article_id: str) -> list[dict]:
        """The documents of one article in ``table`` of ``tables``."""
        if self._batch is not None and tables is self._batch.tables:
            return self._batch.docs_of(table, article_id)
        return self._by_article(tables, table).get(article_id, [])

    def _by_article(self, tables: dict, table: str) -> dict[str, list[dict]]:
        tbl = tables.get(table, {})
        cached = self._article_index.get(table)
        if cached is not None and cached[0] is tbl:
            return cached[1]
        out: dict[str, list[dict]] = {}
        for doc in tbl.values():
            a = doc.get("article")
            if isinstance(a, str):
                out.setdefault(a, []).append(doc)
        if self._batch is None or tables is not self._batch.tables:
            self._article_index[table] = (tbl, out)
        return out

    @staticmethod
    def _article_doc(tx: _Tx, article_id: str, source: Any = None, title: Any = None, date: Any = None) -> dict:
        """A new article document (a copy) with source/title/date merged in."""
        old = tx.get("articles", article_id)
        now = now_iso()
        doc = dict(old) if old else {
            "id": article_id, "sources": [], "title": None, "date": None, "read": False, "read_at": None,
            "scroll": 0, "tags": [], "note": None, "created": now, "updated": now,
        }
        src = _clean_source(source)
        if src is not None:
            sources = [s for s in doc.get("sources") or [] if s != src]
            doc["sources"] = (sources + [src])[-20:]
        t = _clean_title(title)
        if t is not None:
            doc["title"] = t
        if isinstance(date, str) and date:
            doc["date"] = date[:64]
        return doc

    def _touch_article(self, tx: _Tx, article_id: str, source: Any, title: Any, **fields: Any) -> None:
        doc = self._article_doc(tx, article_id, source, title)
        doc.update(fields)
        doc["updated"] = now_iso()
        tx.put("articles", article_id, doc)

    # ------------------------------------------------------------------ articles

    def remember_article(self, article_id: str, *, source: str | Path | None = None, title: str | None = None, date: str | None = None) -> None:
        """Record an article's source path, title and date (no undo step; no save when unchanged)."""
        aid = clean_article_id(article_id)

        def fn(tx: _Tx) -> None:
            old = tx.get("articles", aid)
            doc = self._article_doc(tx, aid, source, title, date)
            if old is None or doc != old:
                tx.put("articles", aid, doc)

        self._op("recorded an article", fn, undoable=False)

    def tag_article(self, article_id: str, tags: str | Iterable[str], *, source: str | Path | None = None, title: str | None = None) -> list[str]:
        """Add tags to an article; returns the tags that were not there before."""
        aid = clean_article_id(article_id)
        new = clean_tags(tags)

        def fn(tx: _Tx) -> list[str]:
            old = tx.get("articles", aid)
            doc = self._article_doc(tx, aid, source, title)
            added = [t for t in new if t not in doc["tags"]]
            if added:
                doc["tags"] = doc["tags"] + added
                doc["updated"] = now_iso()
            if old is None or doc != old:
                tx.put("articles", aid, doc)
            return added

        desc = f"added {_tags_text(new)} to article {self._article_title(self._current(), aid) if title is None else '“' + _short(title) + '”'}"
        return self._op(desc, fn)

    def untag_article(self, article_id: str, tags: str | Iterable[str]) -> list[str]:
        """Remove tags from an article; returns the tags that were there."""
        aid = clean_article_id(article_id)
        gone = clean_tags(tags)

        def fn(tx: _Tx) -> list[str]:
            old = tx.get("articles", aid)
            if old is None:
                return []
            removed = [t for t in old.get("tags", []) if t in gone]
            if removed:
                doc = dict(old, tags=[t for t in old["tags"] if t not in gone], updated=now_iso())
                tx.put("articles", aid, doc)
            return removed

        return self._op(f"removed {_tags_text(gone)} from article {self._article_title(self._current(), aid)}", fn)

    def set_article_note(self, article_id: str, note: str | None, *, source: str | Path | None = None, title: str | None = None) -> None:
        """Set (or with ``None``/blank, remove) the note on an article."""
        aid = clean_article_id(article_id)
        text = clean_note(note)

        def fn(tx: _Tx) -> None:
            old = tx.get("articles", aid)
            if old is None and text is None:
                return
            if old is not None and old.get("note") == text:
                return
            self._touch_article(tx, aid, source, title, note=text)

        verb = "removed the note from" if text is None else "edited the note on"
        self._op(f"{verb} article {self._article_title(self._current(), aid)}", fn)

    def mark_read(self, article_id: str, read: bool = True, *, source: str | Path | None = None, title: str | None = None) -> None:
        """Mark an article read (or unread).  Not an undo step; no save when unchanged."""
        aid = clean_article_id(article_id)
        flag = bool(read)

        def fn(tx: _Tx) -> None:
            old = tx.get("articles", aid)
            if old is None and not flag and _clean_source(source) is None:
                return
            doc = self._article_doc(tx, aid, source, title)
            if bool(doc.get("read")) != flag:
                doc["read"] = flag
                doc["read_at"] = now_iso() if flag else None
            if old is None or doc != old:
                tx.put("articles", aid, doc)

        self._op(f"marked article {aid} {'read' if flag else 'unread'}", fn, undoable=False)

    def set_scroll(self, article_id: str, y: float, *, source: str | Path | None = None) -> None:
        """Remember where the reader was in an article.  Not an undo step; no save when unchanged."""
        aid = clean_article_id(article_id)
        try:
            pos = max(0, int(round(float(y))))
        except (TypeError, ValueError, OverflowError):
            raise StoreValueError("the scroll position must be a number") from None

        def fn(tx: _Tx) -> None:
            old = tx.get("articles", aid)
            if old is None and pos == 0 and _clean_source(source) is None:
                return
            doc = self._article_doc(tx, aid, source)
            doc["scroll"] = pos
            if old is None or doc != old:
                tx.put("articles", aid, doc)

        self._op(f"scrolled article {aid}", fn, undoable=False)

    def article(self, article_id: str) -> dict | None:
        """A copy of an article's document (see the module docstring), or ``None``."""
        doc = self._get(self._current(), "articles", article_id)
        return _copy(doc) if doc else None

    def articles(self) -> list[dict]:
        """Copies of every article document, oldest first."""
        return [_copy(d) for d in self._current().get("articles", {}).values() if isinstance(d.get("id"), str)]

    def article_ids(self) -> list[str]:
        """Every article id with anything stored: the article's document, a quote or a span."""
        tables = self._current()
        ids = [d["id"] for d in tables.get("articles", {}).values() if isinstance(d.get("id"), str)]
        seen = set(ids)
        for table in ("quotes", "spans"):
            for aid in self._by_article(tables, table):
                if aid not in seen:
                    seen.add(aid)
                    ids.append(aid)
        return ids

    def article_state(self, article_id: str) -> dict:
        """``{"read", "read_at", "scroll", "tags", "note", "title", "sources"}`` with defaults."""
        doc = self._get(self._current(), "articles", article_id) or {}
        return {
            "read": bool(doc.get("read", False)),
            "read_at": doc.get("read_at"),
            "scroll": doc.get("scroll", 0) if isinstance(doc.get("scroll", 0), int) else 0,
            "tags": list(doc.get("tags") or []),
            "note": doc.get("note"),
            "title": doc.get("title"),
            "sources": list(doc.get("sources") or []),
        }

    def read_ids(self) -> set[str]:
        """Ids of the articles marked read."""
        return {d["id"] for d in self._current().get("articles", {}).values() if d.get("read") and isinstance(d.get("id"), str)}

    def tags_by_article(self) -> dict[str, list[str]]:
        """``{article_id: [article tags]}`` for articles with tags (for the article list)."""
        return {d["id"]: list(d["tags"]) for d in self._current().get("articles", {}).values() if d.get("tags") and isinstance(d.get("id"), str)}

    def article_tags(self, article_id: str) -> list[str]:
        return self.article_state(article_id)["tags"]

    def article_note(self, article_id: str) -> str | None:
        return self.article_state(article_id)["note"]

    # ------------------------------------------------------------------ tags everywhere

    def all_tags(self) -> dict[str, int]:
        """Every tag in use with how many articles, quotes and spans carry it (most used first)."""
        tables = self._current()
        key = tuple(tables.get(t) for t in ("articles", "quotes", "spans"))
        cached = self._tag_counts
        if cached is not None and len(cached[0]) == 3 and all(a is b for a, b in zip(cached[0], key)) and self._batch is None:
            return dict(cached[1])
        counts: dict[str, int] = {}
        for table in ("articles", "quotes", "spans"):
            for doc in tables.get(table, {}).values():
                for t in doc.get("tags") or ():
                    if isinstance(t, str):
                        counts[t] = counts.get(t, 0) + 1
        result = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold(), kv[0])))
        if self._batch is None:
            self._tag_counts = (key, result)  # the key holds the table objects, so ids stay unique
        return dict(result)

    def articles_with_tag(self, tag: str, *, anywhere: bool = True) -> list[str]:
        """Ids of articles carrying ``tag`` -- on the article itself, or (``anywhere``) on one of its quotes or spans."""
        tables = self._current()
        out = [d["id"] for d in tables.get("articles", {}).values() if tag in (d.get("tags") or ()) and isinstance(d.get("id"), str)]
        if anywhere:
            seen = set(out)
            for table in ("quotes", "spans"):
                for doc in tables.get(table, {}).values():
                    a = doc.get("article")
                    if isinstance(a, str) and a not in seen and tag in (doc.get("tags") or ()):
                        seen.add(a)
                        out.append(a)
        return out

    def rename_tag(self, old: str, new: str) -> int:
        """Rename a tag everywhere (merging into ``new`` where both exist); one undo step.

        Returns how many articles, quotes and spans changed.
        """
        old_t = clean_tag(old)
        new_t = clean_tag(new)

        def fn(tx: _Tx) -> int:
            if old_t == new_t:
                return 0
            n = 0
            for table in ("articles", "quotes", "spans"):
                for doc in list(tx.docs(table)):
                    tags = doc.get("tags") or []
                    if old_t in tags and isinstance(doc.get("id"), str):
                        renamed: list[str] = []
                        for t in tags:
                            t2 = new_t if t == old_t else t
                            if t2 not in renamed:
                                renamed.append(t2)
                        tx.put(table, doc["id"], dict(doc, tags=renamed, updated=now_iso()))
                        n += 1
            return n

        return self._op(f"renamed tag '{_short(old_t)}' to '{_short(new_t)}' everywhere", fn)

    def delete_tag(self, tag: str) -> int:
        """Remove a tag from every article, quote and span; one undo step.  Returns how many changed."""
        t0 = clean_tag(tag)

        def fn(tx: _Tx) -> int:
            n = 0
            for table in ("articles", "quotes", "spans"):
                for doc in list(tx.docs(table)):
                    tags = doc.get("tags") or []
                    if t0 in tags and isinstance(doc.get("id"), str):
                        tx.put(table, doc["id"], dict(doc, tags=[t for t in tags if t != t0], updated=now_iso()))
                        n += 1
            return n

        return self._op(f"deleted tag '{_short(t0)}' everywhere", fn)

    # ------------------------------------------------------------------ quotes

    def quote_layer(self, article_id: str, text: str, engine_quotes: Iterable[Quote] = ()) -> QuoteLayer:
        """Lay the user's corrections over the engine's quotes for the article text as it is now.

        Returns the quotes in text order -- engine quotes (corrected where the user
        corrected them), engine quotes the user touched that the engine no longer finds,
        and quotes the user added -- and, separately, the stored quotes that no longer
        anchor in ``text`` (orphans, at their old positions).
        """
        resolved = self._resolved_quotes(article_id, text)
        engine_list = list(engine_quotes)
        ids = [engine_quote_id(article_id, q.start, q.end, q.text) for q in engine_list]
        matched, used = _match_engine(resolved, [(q.start, q.end) for q in engine_list], ids)
        layer = QuoteLayer()
        for n, q in enumerate(engine_list):
            qid = ids[n]
            doc = matched[n]
            anchor = make_anchor(text, q.start, q.end) if 0 <= q.start < q.end <= len(text) else Anchor(q.start, q.end, q.text)
            layer.quotes.append(
                LayeredQuote(
                    id=doc["id"] if doc else qid,
                    article_id=article_id,
                    origin="engine",
                    start=q.start,
                    end=q.end,
                    text=q.text,
                    prefix=anchor.prefix,
                    suffix=anchor.suffix,
                    orphan=False,
                    kind=q.kind,
                    cue=q.cue,
                    engine_speaker=q.speaker,
                    speaker_correction=doc.get("speaker") if doc else None,
                    confidence=q.confidence,
                    status=doc.get("status", "unreviewed") if doc else "unreviewed",
                    tags=tuple(doc.get("tags") or ()) if doc else (),
                    note=doc.get("note") if doc else None,
                    stored=doc is not None,
                    speaker_span=q.speaker_span,
                    cue_span=q.cue_span,
                )
            )
        for doc, anchor, pos in resolved:
            if doc["id"] in used:
                continue
            lq = _layered_from_doc(article_id, doc, anchor, text, pos)
            (layer.orphans if lq.orphan else layer.quotes).append(lq)
        layer.quotes.sort(key=lambda q: (q.start, q.end, q.id))
        layer.orphans.sort(key=lambda q: (q.start, q.end, q.id))
        return layer

    def _resolved_quotes(self, article_id: str, text: str) -> list[tuple[dict, Anchor | None, tuple[int, int] | None]]:
        """The article's valid stored quote documents, each with its anchor and where it is
        in ``text`` now (the anchor None when it is still in place: then only the position
        is needed)."""
        resolved = []
        for doc in self._article_docs(self._current(), "quotes", article_id):
            pos = _in_place(text, doc.get("anchor"))
            if pos is not None and type(doc.get("id")) is str:
                resolved.append((doc, None, pos))
                continue
            anchor = _doc_anchor(doc)
            if anchor is None or not isinstance(doc.get("id"), str):
                continue
            resolved.append((doc, anchor, resolve_anchor(text, anchor)))
        return resolved

    def quote_records(
        self, article_id: str, text: str, engine_rows: list[list], engine_ids: list[str] | None = None, pieces: list | None = None
    ) -> tuple[list, list[dict]]:
        """:meth:`quote_layer` for an export: the same quotes, as export records, at a fraction of the cost.

        ``engine_rows`` are the engine's quotes in the analysis cache's compact form,
        ``[start, end, text, kind, speaker, cue, confidence, ...]`` (only the first seven
        are read; start/end ints, text and kind strings, speaker and cue strings or
        None).  Returns ``(quotes, orphans)``: the records of
        ``[q.to_record() for q in layer.quotes]`` and of ``layer.orphans``, built
        without the intermediate objects (an export lays 150,000 quotes).  ``engine_ids``,
        when given, are the rows' :func:`engine_quote_id` (the analysis cache keeps them).

        ``pieces``, when given (one per row), stand in for the records of the engine
        quotes nobody touched: such a row's item in ``quotes`` is its piece (what the
        export has already rendered of :func:`engine_records`' record for it), in the
        same place its record would have taken.
        """
        resolved = self._resolved_quotes(article_id, text)
        if engine_ids is not None and len(engine_ids) == len(engine_rows):
            ids = engine_ids
        else:
            sha256 = hashlib.sha256
            ids = [
                "e" + sha256(f"{article_id}\0{r[0]}\0{r[1]}\0{r[2]}".encode("utf-8", "surrogatepass")).hexdigest()[:19]
                for r in engine_rows
            ]
        positions = [(r[0], r[1]) for r in engine_rows]
        matched, used = _match_engine(resolved, positions, ids)
        quotes: list = engine_records(article_id, text, engine_rows, ids) if pieces is None else list(pieces)
        for n, doc in enumerate(matched):
            if doc is None:
                continue
            r = engine_rows[n]
            start, end, speaker = r[0], r[1], r[4]
            if 0 <= start < end <= len(text):
                prefix, suffix = text[start - CONTEXT_CHARS if start > CONTEXT_CHARS else 0 : start], text[end : end + CONTEXT_CHARS]
            else:
                prefix = suffix = ""
            correction = doc.get("speaker")
            quotes[n] = {
                "id": doc["id"], "origin": "engine", "start": start, "end": end, "text": r[2], "prefix": prefix,
                "suffix": suffix, "orphan": False, "kind": r[3], "cue": r[5], "engine_speaker": speaker,
                "speaker_correction": correction, "speaker": correction if correction is not None else speaker,
                "confidence": r[6], "status": doc.get("status", "unreviewed"), "tags": list(doc.get("tags") or ()),
                "note": doc.get("note"),
            }
        orphans: list[dict] = []
        for doc, anchor, pos in resolved:
            if doc["id"] in used:
                continue
            lq = _layered_from_doc(article_id, doc, anchor, text, pos)
            if lq.orphan:
                orphans.append(lq.to_record())
            else:
                quotes.append(lq.to_record())
                positions.append((lq.start, lq.end))
        if pieces is None:
            quotes.sort(key=_record_position)
        elif positions != sorted(positions):
            # Pieces carry no position: order by the rows' (a stable sort, as above).
            quotes = [quotes[n] for n in sorted(range(len(quotes)), key=positions.__getitem__)]
        orphans.sort(key=_record_position)
        return quotes, orphans

    def quote_docs(self, article_id: str) -> list[dict]:
        """Copies of the stored quote documents of an article (as stored, not re-anchored)."""
        return [_copy(d) for d in self._article_docs(self._current(), "quotes", article_id)]

    def _quote_doc(self, tx: _Tx, quote: LayeredQuote | str) -> dict:
        """The stored document for ``quote`` (a new dict for an untouched engine quote)."""
        qid = quote.id if isinstance(quote, LayeredQuote) else quote
        doc = tx.get("quotes", qid)
        if doc is not None:
            return dict(doc)
        if not isinstance(quote, LayeredQuote):
            raise StoreValueError(f"no stored quote with id {_short(str(qid))!r}")
        now = now_iso()
        return {
            "id": quote.id,
            "article": quote.article_id,
            "origin": quote.origin,
            "anchor": quote.anchor.to_dict(),
            "kind": quote.kind,
            "cue": quote.cue,
            "engine_speaker": quote.engine_speaker,
            "confidence": quote.confidence,
            "status": quote.status,
            "speaker": quote.speaker_correction,
            "tags": list(quote.tags),
            "note": quote.note,
            "created": now,
            "updated": now,
        }

    def _quote_change(self, quote: LayeredQuote | str, description: str, change: Callable[[dict], Any]) -> Any:
        if not isinstance(quote, (LayeredQuote, str)):
            raise StoreValueError("a quote must be given as a LayeredQuote or a quote id")

        def fn(tx: _Tx) -> Any:
            doc = self._quote_doc(tx, quote)
            result = change(doc)
            doc["updated"] = now_iso()
            old = tx.get("quotes", doc["id"])
            if old is None or {k: v for k, v in doc.items() if k != "updated"} != {k: v for k, v in old.items() if k != "updated"}:
                tx.put("quotes", doc["id"], doc)
            return result

        return self._op(description, fn)

    def _quote_label(self, quote: LayeredQuote | str) -> str:
        if isinstance(quote, LayeredQuote):
            return f"quote “{_short(quote.text, 30)}”"
        doc = self._get(self._current(), "quotes", quote)
        anchor = _doc_anchor(doc) if doc else None
        return f"quote “{_short(anchor.exact, 30)}”" if anchor else f"quote {quote}"

    def tag_quote(self, quote: LayeredQuote | str, tags: str | Iterable[str]) -> list[str]:
        """Add tags to a quote (a :class:`LayeredQuote` from :meth:`quote_layer`, or a stored id)."""
        new = clean_tags(tags)

        def change(doc: dict) -> list[str]:
            added = [t for t in new if t not in doc["tags"]]
            doc["tags"] = doc["tags"] + added
            return added

        return self._quote_change(quote, f"added {_tags_text(new)} to {self._quote_label(quote)}", change)

    def untag_quote(self, quote: LayeredQuote | str, tags: str | Iterable[str]) -> list[str]:
        """Remove tags from a quote; returns those that were there."""
        gone = clean_tags(tags)

        def change(doc: dict) -> list[str]:
            removed = [t for t in doc["tags"] if t in gone]
            doc["tags"] = [t for t in doc["tags"] if t not in gone]
            return removed

        return self._quote_change(quote, f"removed {_tags_text(gone)} from {self._quote_label(quote)}", change)

    def set_quote_note(self, quote: LayeredQuote | str, note: str | None) -> None:
        """Set or (``None``/blank) remove the note on a quote."""
        text = clean_note(note)
        verb = "removed the note from" if text is None else "edited the note on"
        self._quote_change(quote, f"{verb} {self._quote_label(quote)}", lambda doc: doc.__setitem__("note", text))

    def set_quote_status(self, quote: LayeredQuote | str, status: str) -> None:
        """Review a quote: ``"accepted"``, ``"rejected"`` or back to ``"unreviewed"``."""
        if status not in STATUSES:
            raise StoreValueError(f"unknown review status {status!r} (use {', '.join(STATUSES)})")
        verb = {"accepted": "accepted", "rejected": "rejected", "unreviewed": "marked unreviewed"}[status]
        self._quote_change(quote, f"{verb} {self._quote_label(quote)}", lambda doc: doc.__setitem__("status", status))

    def accept_quote(self, quote: LayeredQuote | str) -> None:
        self.set_quote_status(quote, "accepted")

    def reject_quote(self, quote: LayeredQuote | str) -> None:
        self.set_quote_status(quote, "rejected")

    def set_quote_speaker(self, quote: LayeredQuote | str, speaker: str | None) -> None:
        """Correct a quote's speaker (``None``/blank: back to the engine's)."""
        name = clean_name(speaker)
        desc = f"set the speaker of {self._quote_label(quote)} to '{_short(name)}'" if name else f"cleared the speaker correction of {self._quote_label(quote)}"
        self._quote_change(quote, desc, lambda doc: doc.__setitem__("speaker", name))

    def add_quote(
        self,
        article_id: str,
        text: str,
        start: int,
        end: int,
        *,
        kind: str = "direct",
        speaker: str | None = None,
        cue: str | None = None,
        tags: Iterable[str] = (),
        note: str | None = None,
        status: str = "accepted",
        source: str | Path | None = None,
        title: str | None = None,
    ) -> str:
        """Add a quote the engine missed at ``text[start:end]``; returns its id."""
        aid = clean_article_id(article_id)
        try:
            anchor = make_anchor(text, start, end)
        except ValueError as err:
            raise StoreValueError(str(err)) from None
        return self.put_quote(
            aid, anchor=anchor, origin="user", kind=kind, speaker=speaker, cue=cue, tags=tags, note=note,
            status=status, source=source, title=title, description=f"added quote “{_short(anchor.exact, 30)}”",
        )

    def put_quote(
        self,
        article_id: str,
        *,
        anchor: Anchor | dict,
        origin: str = "user",
        kind: str = "direct",
        cue: str | None = None,
        engine_speaker: str | None = None,
        confidence: float | None = None,
        status: str = "unreviewed",
        speaker: str | None = None,
        tags: Iterable[str] = (),
        note: str | None = None,
        quote_id: str | None = None,
        source: str | Path | None = None,
        title: str | None = None,
        description: str | None = None,
    ) -> str:
        """Create or replace one quote document in full (for import and :meth:`add_quote`); returns its id.

        Without ``quote_id`` a new id is made (``engine_quote_id`` for engine quotes).
        """
        aid = clean_article_id(article_id)
        if isinstance(anchor, dict):
            try:
                anchor = Anchor.from_dict(anchor)
            except ValueError as err:
                raise StoreValueError(str(err)) from None
        if not isinstance(anchor, Anchor) or anchor.start >= anchor.end or not anchor.exact:
            raise StoreValueError("a quote needs a non-empty anchor")
        if origin not in ORIGINS:
            raise StoreValueError(f"unknown quote origin {origin!r}")
        if kind not in KINDS:
            raise StoreValueError(f"unknown quote kind {kind!r} (use {', '.join(KINDS)})")
        if status not in STATUSES:
            raise StoreValueError(f"unknown review status {status!r}")
        if confidence is not None and not (isinstance(confidence, (int, float)) and 0 <= confidence <= 1):
            raise StoreValueError("confidence must be a number from 0 to 1")
        for s in (anchor.exact, anchor.prefix, anchor.suffix):
            if _SURROGATE.search(s):
                raise StoreValueError("the quote text contains invalid characters (lone surrogates)")
        tags = [tags] if isinstance(tags, str) else list(tags)
        tag_list = clean_tags(tags) if tags else []
        qid = quote_id or (engine_quote_id(aid, anchor.start, anchor.end, anchor.exact) if origin == "engine" else _new_id("u"))
        if not isinstance(qid, str) or _NAME_BAD.search(qid) or len(qid) > MAX_ID:
            raise StoreValueError("invalid quote id")
        now = now_iso()
        doc = {
            "id": qid, "article": aid, "origin": origin, "anchor": anchor.to_dict(), "kind": kind,
            "cue": clean_name(cue, "cue"), "engine_speaker": clean_name(engine_speaker), "confidence": confidence,
            "status": status, "speaker": clean_name(speaker), "tags": tag_list, "note": clean_note(note),
            "created": now, "updated": now,
        }

        def fn(tx: _Tx) -> str:
            old = tx.get("quotes", qid)
            new = dict(doc, created=old.get("created", now)) if old else doc
            tx.put("quotes", qid, new)
            if source is not None or title is not None:
                art = tx.get("articles", aid)
                art_new = self._article_doc(tx, aid, source, title)
                if art is None or art_new != art:
                    tx.put("articles", aid, art_new)
            return qid

        return self._op(description or f"saved quote “{_short(anchor.exact, 30)}”", fn)

    def delete_quote(self, quote: LayeredQuote | str) -> None:
        """Delete a quote the user added, or drop every correction of an engine quote (undoable)."""
        qid = quote.id if isinstance(quote, LayeredQuote) else quote

        def fn(tx: _Tx) -> None:
            if tx.get("quotes", qid) is None:
                if isinstance(quote, LayeredQuote) and not quote.stored:
                    return
                raise StoreValueError(f"no stored quote with id {_short(str(qid))!r}")
            tx.delete("quotes", qid)

        self._op(f"deleted {self._quote_label(quote)}", fn)

    # ------------------------------------------------------------------ spans

    def add_span(
        self,
        article_id: str,
        text: str,
        start: int,
        end: int,
        *,
        tags: Iterable[str] = (),
        note: str | None = None,
        source: str | Path | None = None,
        title: str | None = None,
    ) -> str:
        """Mark ``text[start:end]`` with tags and/or a note of its own; returns the span id."""
        try:
            anchor = make_anchor(text, start, end)
        except ValueError as err:
            raise StoreValueError(str(err)) from None
        return self.put_span(article_id, anchor=anchor, tags=tags, note=note, source=source, title=title)

    def put_span(
        self,
        article_id: str,
        *,
        anchor: Anchor | dict,
        tags: Iterable[str] = (),
        note: str | None = None,
        span_id: str | None = None,
        source: str | Path | None = None,
        title: str | None = None,
    ) -> str:
        """Create or replace one span document in full (for import and :meth:`add_span`); returns its id."""
        aid = clean_article_id(article_id)
        if isinstance(anchor, dict):
            try:
                anchor = Anchor.from_dict(anchor)
            except ValueError as err:
                raise StoreValueError(str(err)) from None
        if not isinstance(anchor, Anchor) or anchor.start >= anchor.end or not anchor.exact:
            raise StoreValueError("a span needs a non-empty anchor")
        for s in (anchor.exact, anchor.prefix, anchor.suffix):
            if _SURROGATE.search(s):
                raise StoreValueError("the span text contains invalid characters (lone surrogates)")
        tags = [tags] if isinstance(tags, str) else list(tags)
        tag_list = clean_tags(tags) if tags else []
        sid = span_id or _new_id("s")
        if not isinstance(sid, str) or _NAME_BAD.search(sid) or len(sid) > MAX_ID:
            raise StoreValueError("invalid span id")
        now = now_iso()
        doc = {"id": sid, "article": aid, "anchor": anchor.to_dict(), "tags": tag_list, "note": clean_note(note), "created": now, "updated": now}

        def fn(tx: _Tx) -> str:
            old = tx.get("spans", sid)
            tx.put("spans", sid, dict(doc, created=old.get("created", now)) if old else doc)
            if source is not None or title is not None:
                art = tx.get("articles", aid)
                art_new = self._article_doc(tx, aid, source, title)
                if art is None or art_new != art:
                    tx.put("articles", aid, art_new)
            return sid

        return self._op(f"marked span “{_short(anchor.exact, 30)}”", fn)

    def span_layer(self, article_id: str, text: str) -> SpanLayer:
        """The article's spans re-anchored to ``text``, in text order, with orphans apart."""
        layer = SpanLayer()
        for doc in self._article_docs(self._current(), "spans", article_id):
            anchor = _doc_anchor(doc)
            if anchor is None or not isinstance(doc.get("id"), str):
                continue
            pos = resolve_anchor(text, anchor)
            a = make_anchor(text, *pos) if pos else anchor
            note = doc.get("note") if isinstance(doc.get("note"), str) else None
            tags = tuple(t for t in doc.get("tags") or () if isinstance(t, str))
            span = LayeredSpan(doc["id"], article_id, a.start, a.end, a.exact, a.prefix, a.suffix, pos is None, tags, note)
            (layer.orphans if span.orphan else layer.spans).append(span)
        layer.spans.sort(key=lambda s: (s.start, s.end, s.id))
        layer.orphans.sort(key=lambda s: (s.start, s.end, s.id))
        return layer

    def span_records(self, article_id: str, text: str) -> tuple[list[dict], list[dict]]:
        """:meth:`span_layer` for an export: the records of ``layer.spans`` and of
        ``layer.orphans``, without the intermediate objects."""
        spans: list[dict] = []
        orphans: list[dict] = []
        for doc in self._article_docs(self._current(), "spans", article_id):
            sid = doc.get("id")
            pos = _in_place(text, doc.get("anchor"))
            if pos is None or type(sid) is not str:
                anchor = _doc_anchor(doc)
                if anchor is None or not isinstance(sid, str):
                    continue
                pos = resolve_anchor(text, anchor)
            else:
                anchor = None
            if pos is not None:
                start, end = pos
                exact, prefix, suffix = text[start:end], text[max(0, start - CONTEXT_CHARS) : start], text[end : end + CONTEXT_CHARS]
            else:
                start, end, exact, prefix, suffix = anchor.start, anchor.end, anchor.exact, anchor.prefix, anchor.suffix
            note = doc.get("note")
            (spans if pos is not None else orphans).append({
                "id": sid, "start": start, "end": end, "text": exact, "prefix": prefix, "suffix": suffix,
                "orphan": pos is None, "tags": [t for t in doc.get("tags") or () if isinstance(t, str)],
                "note": note if isinstance(note, str) else None,
            })
        spans.sort(key=_span_order)
        orphans.sort(key=_span_order)
        return spans, orphans

    def span_docs(self, article_id: str) -> list[dict]:
        """Copies of the stored span documents of an article (as stored, not re-anchored)."""
        return [_copy(d) for d in self._article_docs(self._current(), "spans", article_id)]

    def annotation_fingerprint(self, article_id: str) -> bytes | None:
        """Every stored quote and span document of an article, as JSON bytes: equal
        fingerprints mean equal annotations (an export's render cache keys on it).
        None when a document cannot be written as JSON."""
        tables = self._current()
        try:
            return orjson.dumps([self._article_docs(tables, "quotes", article_id), self._article_docs(tables, "spans", article_id)])
        except TypeError:
            return None

    def _span_change(self, span_id: str, description: str, change: Callable[[dict], Any]) -> Any:
        def fn(tx: _Tx) -> Any:
            old = tx.get("spans", span_id)
            if old is None:
                raise StoreValueError(f"no span with id {_short(str(span_id))!r}")
            doc = dict(old)
            result = change(doc)
            if doc != old:
                doc["updated"] = now_iso()
                tx.put("spans", span_id, doc)
            return result

        return self._op(description, fn)

    def _span_label(self, span_id: str) -> str:
        doc = self._get(self._current(), "spans", span_id)
        anchor = _doc_anchor(doc) if doc else None
        return f"span “{_short(anchor.exact, 30)}”" if anchor else f"span {span_id}"

    def tag_span(self, span_id: str, tags: str | Iterable[str]) -> list[str]:
        """Add tags to a span; returns the new ones."""
        new = clean_tags(tags)

        def change(doc: dict) -> list[str]:
            added = [t for t in new if t not in doc.get("tags", [])]
            doc["tags"] = list(doc.get("tags", [])) + added
            return added

        return self._span_change(span_id, f"added {_tags_text(new)} to {self._span_label(span_id)}", change)

    def untag_span(self, span_id: str, tags: str | Iterable[str]) -> list[str]:
        """Remove tags from a span; returns those that were there."""
        gone = clean_tags(tags)

        def change(doc: dict) -> list[str]:
            removed = [t for t in doc.get("tags", []) if t in gone]
            doc["tags"] = [t for t in doc.get("tags", []) if t not in gone]
            return removed

        return self._span_change(span_id, f"removed {_tags_text(gone)} from {self._span_label(span_id)}", change)

    def set_span_note(self, span_id: str, note: str | None) -> None:
        """Set or (``None``/blank) remove a span's note."""
        text = clean_note(note)
        verb = "removed the note from" if text is None else "edited the note on"
        self._span_change(span_id, f"{verb} {self._span_label(span_id)}", lambda doc: doc.__setitem__("note", text))

    def delete_span(self, span_id: str) -> None:
        """Delete a span (undoable)."""
        label = self._span_label(span_id)

        def fn(tx: _Tx) -> None:
            if tx.get("spans", span_id) is None:
                raise StoreValueError(f"no span with id {_short(str(span_id))!r}")
            tx.delete("spans", span_id)

        self._op(f"deleted {label}", fn)

    def reanchor(self, item_id: str, text: str, start: int, end: int) -> None:
        """Attach a quote or span (e.g. an orphan) to ``text[start:end]`` by hand (undoable)."""
        try:
            anchor = make_anchor(text, start, end)
        except ValueError as err:
            raise StoreValueError(str(err)) from None

        def fn(tx: _Tx) -> None:
            for table in ("quotes", "spans"):
                old = tx.get(table, item_id)
                if old is not None:
                    tx.put(table, item_id, dict(old, anchor=anchor.to_dict(), updated=now_iso()))
                    return
            raise StoreValueError(f"no quote or span with id {_short(str(item_id))!r}")

        self._op(f"re-attached “{_short(anchor.exact, 30)}”", fn)

    # ------------------------------------------------------------------ summary

    def counts(self) -> dict[str, int]:
        """How much the file holds: articles, quotes, spans, tags (for the help screen)."""
        tables = self._current()
        return {
            "articles": len(tables.get("articles", {})),
            "quotes": len(tables.get("quotes", {})),
            "spans": len(tables.get("spans", {})),
            "tags": len(self.all_tags()),
        }


# --------------------------------------------------------------------------- module helpers


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


# Field checks per table: a value failing its check is moved into ``_damaged``.
_FIELD_OK: dict[str, dict[str, Callable[[Any], bool]]] = {
    "articles": {
        "tags": _is_str_list,
        "note": lambda v: v is None or isinstance(v, str),
        "read": lambda v: isinstance(v, bool),
        "scroll": lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
        "sources": _is_str_list,
        "title": lambda v: v is None or isinstance(v, str),
    },
    "quotes": {
        "tags": _is_str_list,
        "note": lambda v: v is None or isinstance(v, str),
        "status": lambda v: v in STATUSES,
        "speaker": lambda v: v is None or isinstance(v, str),
        "origin": lambda v: v in ORIGINS,
        "kind": lambda v: v in KINDS,
    },
    "spans": {
        "tags": _is_str_list,
        "note": lambda v: v is None or isinstance(v, str),
    },
}


# What a missing or damaged field means.
_FIELD_DEFAULT: dict[str, dict[str, Any]] = {
    "articles": {"tags": [], "note": None, "read": False, "scroll": 0, "sources": [], "title": None},
    "quotes": {"tags": [], "note": None, "status": "unreviewed", "speaker": None, "origin": "user", "kind": "direct"},
    "spans": {"tags": [], "note": None},
}


def _repair_doc(table: str, doc: dict) -> dict:
    """``doc`` itself when its fields are present with the right types; else a copy with
    missing fields filled in and each bad value moved into ``_damaged`` (kept in the
    file, never lost) and replaced by its default, so the rest is usable."""
    if not isinstance(doc.get("id"), str):
        return doc  # unusable: kept in the file exactly as it is, and not shown
    checks = _FIELD_OK.get(table, {})
    defaults = _FIELD_DEFAULT.get(table, {})
    bad = {f: doc[f] for f, ok in checks.items() if f in doc and not ok(doc[f])}
    missing = [f for f in defaults if f not in doc]
    if not bad and not missing:
        return doc
    fixed = dict(doc)
    for f in missing:
        fixed[f] = list(defaults[f]) if isinstance(defaults[f], list) else defaults[f]
    if bad:
        for f in bad:
            fixed[f] = list(defaults[f]) if isinstance(defaults[f], list) else defaults[f]
        old = doc.get("_damaged")
        fixed["_damaged"] = {**(old if isinstance(old, dict) else {"_damaged": old} if old is not None else {}), **bad}
    return fixed


def _repair_data(data: dict | None) -> dict | None:
    """``data`` with damaged documents repaired (the same object when nothing needed it)."""
    if not data:
        return data
    out = None
    for table in ("articles", "quotes", "spans"):
        tbl = data.get(table)
        if not isinstance(tbl, dict):
            continue
        fixed = None
        for doc_id, doc in tbl.items():
            new = _repair_doc(table, doc)
            if new is not doc:
                if fixed is None:
                    fixed = dict(tbl)
                fixed[doc_id] = new
        if fixed is not None:
            if out is None:
                out = dict(data)
            out[table] = fixed
    return out if out is not None else data


def _meta(data: dict | None) -> dict | None:
    if not data or not isinstance(data.get("meta"), dict):
        return None
    return next(iter(data["meta"].values()), None)


def _copy(doc: dict) -> dict:
    """A copy deep enough that callers cannot change the store's documents."""
    out = {}
    for k, v in doc.items():
        out[k] = list(v) if isinstance(v, list) else dict(v) if isinstance(v, dict) else v
    return out


def _doc_anchor(doc: dict) -> Anchor | None:
    try:
        return Anchor.from_dict(doc.get("anchor"))
    except (ValueError, AttributeError, TypeError):
        return None


def _tags_text(tags: list[str]) -> str:
    shown = ", ".join(f"'{_short(t, 30)}'" for t in tags[:3])
    more = f" and {len(tags) - 3} more" if len(tags) > 3 else ""
    return f"tag{'s' if len(tags) > 1 else ''} {shown}{more}"


#: A quote or span record's ``(start, end)`` (a sort key, C-level).
_record_position = operator.itemgetter("start", "end")
#: A span record's order in :meth:`Store.span_layer`.
_span_order = operator.itemgetter("start", "end", "id")


def _in_place(text: str, a: object) -> tuple[int, int] | None:
    """``(start, end)`` when a stored anchor (its dict) is well formed and ``text`` still
    holds its exact text with all its context at its position -- what
    :func:`resolve_anchor` answers first -- else None (then ask it)."""
    if type(a) is not dict:
        return None
    start, end, exact = a.get("start"), a.get("end"), a.get("exact")
    prefix, suffix = a.get("prefix", ""), a.get("suffix", "")
    # str.startswith at an offset compares in place (no slice is made): the same test as
    # text[start:end] == exact (a slice stops at the end of the text),
    # text[max(0, start - len(prefix)):start] == prefix (a prefix longer than start
    # cannot match) and text[end:end + len(suffix)] == suffix.
    if (
        type(start) is int and type(end) is int and type(exact) is str and type(prefix) is str and type(suffix) is str
        and 0 <= start < end and exact
    ):
        n = len(text)
        if (
            (end if end < n else n) - start == len(exact) and text.startswith(exact, start)
            and start >= len(prefix) and text.startswith(prefix, start - len(prefix))
            and (text.startswith(suffix, end) if end <= n else not suffix)
        ):
            return start, end
    return None


def _match_engine(
    resolved: list[tuple[dict, Anchor, tuple[int, int] | None]], spans: list[tuple[int, int]], ids: list[str]
) -> tuple[list[dict | None], set[str]]:
    """Which stored quote document (if any) carries the user's layer of each engine quote.

    ``resolved`` is :meth:`Store._resolved_quotes`; ``spans`` and ``ids`` are the engine
    quotes' ``(start, end)`` and :func:`engine_quote_id`.  Returns the document per
    engine quote and the ids of the documents used.
    """
    by_pos: dict[tuple[int, int], dict] = {}
    by_id = {doc["id"]: doc for doc, _, _ in resolved}
    for doc, _, pos in resolved:
        if pos is not None and doc.get("origin") == "engine":
            by_pos.setdefault(pos, doc)
    used: set[str] = set()
    matched: list[dict | None] = [None] * len(spans)
    if not resolved:
        return matched, used
    # 1. The same span (after re-anchoring), or the id the quote was stored under.
    # Only the engine quotes with a document at their span or under their id can match
    # (the others, most of them, are passed over in one comprehension).
    for n in [n for n, span, qid in zip(range(len(spans)), spans, ids) if span in by_pos or qid in by_id]:
        span = spans[n]
        doc = by_pos.get(span)
        if doc is None or doc["id"] in used:
            cand = by_id.get(ids[n])
            doc = cand if cand is not None and cand.get("origin") == "engine" else None
        if doc is not None and doc["id"] not in used:
            matched[n] = doc
            used.add(doc["id"])
    # 2. A newer engine that draws the quote a little differently (a word more or
    #    less): the user's layer follows it when the spans mostly overlap.
    loose = [(doc, pos) for doc, _, pos in resolved if pos is not None and doc.get("origin") == "engine" and doc["id"] not in used]
    for n, (start, end) in enumerate(spans if loose else ()):
        if matched[n] is not None:
            continue
        best, best_overlap = None, 0.0
        for doc, (s0, e0) in loose:
            if doc["id"] in used:
                continue
            overlap = min(e0, end) - max(s0, start)
            ratio = overlap / max(e0 - s0, end - start, 1)
            if ratio >= 0.6 and ratio > best_overlap:
                best, best_overlap = doc, ratio
        if best is not None:
            matched[n] = best
            used.add(best["id"])
    return matched, used


def _layered_from_doc(article_id: str, doc: dict, anchor: Anchor, text: str, pos: tuple[int, int] | None) -> LayeredQuote:
    start, end = pos if pos else (anchor.start, anchor.end)
    if pos is not None:
        a = make_anchor(text, start, end)
        exact, prefix, suffix = a.exact, a.prefix, a.suffix
    else:
        exact, prefix, suffix = anchor.exact, anchor.prefix, anchor.suffix
    kind = doc.get("kind") if doc.get("kind") in KINDS else "direct"
    conf = doc.get("confidence")
    return LayeredQuote(
        id=doc["id"],
        article_id=article_id,
        origin=doc.get("origin") if doc.get("origin") in ORIGINS else "user",
        start=start,
        end=end,
        text=exact,
        prefix=prefix,
        suffix=suffix,
        orphan=pos is None,
        kind=kind,
        cue=doc.get("cue"),
        engine_speaker=doc.get("engine_speaker"),
        speaker_correction=doc.get("speaker"),
        confidence=conf if isinstance(conf, (int, float)) and not isinstance(conf, bool) else None,
        status=doc.get("status") if doc.get("status") in STATUSES else "unreviewed",
        tags=tuple(t for t in doc.get("tags") or () if isinstance(t, str)),
        note=doc.get("note") if isinstance(doc.get("note"), str) else None,
        stored=True,
    )


# An engine quote's layer with no correction in it.
_ENGINE_DEFAULTS = {"status": "unreviewed", "speaker": None, "tags": [], "note": None}

# Fields undo and redo leave alone: bookkeeping, and (for articles) reading state, which
# is not an annotation and may have moved on since the step.
_UNDO_SKIP = {
    "articles": frozenset({"id", "created", "updated", "sources", "title", "date", "read", "read_at", "scroll"}),
    "quotes": frozenset({"id", "created", "updated"}),
    "spans": frozenset({"id", "created", "updated"}),
}


def _apply_changes(tx: _Tx, changes: list[Change], *, reverse: bool) -> None:
    """Undo (``reverse``) or redo a step, field by field, over the current documents."""
    for table, key, before, after in changes:
        target, source = (before, after) if reverse else (after, before)
        cur = tx.get(table, key)
        if target is None:
            # Undoing a creation.  A user's quote or span goes.  An engine quote's layer
            # and an article's document lose what this step gave them but keep anything
            # set since (by a later step or another process); an engine quote's layer
            # that is left with nothing goes.
            if cur is None:
                continue
            if table == "articles":
                target = {"tags": [], "note": None}
                source = {k: source.get(k) for k in target} if source else {}
            elif table == "quotes" and cur.get("origin") == "engine":
                target = dict(_ENGINE_DEFAULTS)
                source = {k: source.get(k) for k in target} if source else {}
            else:
                tx.delete(table, key)
                continue
        if cur is None:
            if source is None or table != "articles":
                tx.put(table, key, dict(target))
                continue
            cur = {}
        new = dict(cur)
        for f in set(target) | set(source or {}):
            if f in _UNDO_SKIP.get(table, ()):
                continue
            tv, sv = target.get(f), (source or {}).get(f)
            if tv == sv and f in target:
                continue
            if f == "tags" and isinstance(tv, list):
                sv_list = sv if isinstance(sv, list) else []
                added = [t for t in sv_list if t not in tv]  # what the step added (to take away)
                removed = [t for t in tv if t not in sv_list]  # what it took away (to give back)
                current = [t for t in (new.get("tags") or []) if t not in added]
                new["tags"] = _ordered_union([t for t in tv if t in current or t in removed], current)
            elif f in target:
                new[f] = tv
            else:
                new.pop(f, None)
        new["updated"] = now_iso()
        if not new.get("id"):
            new["id"] = key
        if table == "quotes" and new.get("origin") == "engine" and all(
            new.get(k) == v for k, v in _ENGINE_DEFAULTS.items()
        ):
            tx.delete(table, key)  # no correction left: the engine's quote as it was
            continue
        tx.put(table, key, new)
