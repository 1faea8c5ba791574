"""A TinyDB storage that never leaves a half-written file: :class:`AtomicJSONStorage`.

TinyDB's own ``JSONStorage`` truncates and rewrites the file in place, so a process
killed mid-write leaves JSON that no longer parses (and TinyDB then refuses the whole
file).  This storage writes the new content to a temporary file in the same folder,
flushes and fsyncs it, renames it over the old file with ``os.replace`` (atomic on POSIX)
and fsyncs the folder so the rename itself survives a power cut.  Temporary files left
by a killed writer are removed on start.

Speed: the file is one JSON object ``{table: {doc_id: document}}`` (TinyDB's layout) and
is rewritten whole on every save.  To keep a save of a 10,000-annotation file fast the
storage keeps each table's serialised text in buckets of doc ids and, when the caller
says which documents it changed (``write(data, base=..., changed=...)``, as
:mod:`annotations.store` does), re-serialises only their buckets; the pieces go to the
file with ``writev``.  This relies on one rule, which the store keeps: **documents are
never mutated in place** -- a change replaces the document dict and the table dict
holding it.  A plain TinyDB ``write(data)`` without that hint re-serialises every
changed table in full, so TinyDB's own in-place updates stay correct.  Reading is
cached too: :meth:`AtomicJSONStorage.read` re-parses the file only when its inode,
size, mtime or generation token changed.

A file that does not parse raises :class:`BadFileError` (with a ``kind`` and a one-line
message) and is never written over by this storage: :meth:`write` refuses when the file
on disk is not the one last read or written.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

#: Tables written first, in this order (``meta`` first so its generation token sits in
#: the first bytes of the file, where :meth:`AtomicJSONStorage.changed` looks for it).
FIRST_TABLES = ("meta",)
#: How many bytes at the head of the file hold the generation token.
HEAD_BYTES = 256
_GENERATION = re.compile(rb'"generation"\s*:\s*"([0-9A-Za-z_-]{1,64})"')
#: Stray temporary files older than this are removed even when their writer's pid is alive
#: (a pid can be reused).
STALE_TEMP_SECONDS = 3600.0


#: Documents per serialisation bucket (see :meth:`AtomicJSONStorage.serialise`).
BUCKET = 64
_MISSING = object()


def _bucket(doc_id: str) -> int:
    return int(doc_id) // BUCKET if doc_id.isdigit() else -1


class _TableText:
    """The serialised text of one table, in buckets of doc ids (immutable once built).

    A bucket is serialised with one ``json.dumps`` call (C speed), so building the text
    of a large table costs about one ``json.dumps`` of it, and a change re-serialises
    only the buckets holding the changed documents.
    """

    __slots__ = ("table", "members", "text")

    def __init__(self, table: dict, members: dict[int, tuple], text: dict[int, bytes]) -> None:
        self.table = table  # the table dict this text was made from
        self.members = members  # bucket -> ((doc_id, doc), ...) as serialised
        self.text = text  # bucket -> '"id":{…},"id":{…}' as UTF-8

    @staticmethod
    def _dump(items: tuple) -> bytes:
        if not items:
            return b""
        return _encode(_dumps(dict(items))[1:-1], dict(items))

    @classmethod
    def build(cls, table: dict, old: _TableText | None) -> _TableText:
        """From scratch, reusing ``old``'s text of buckets whose documents are the same objects."""
        groups: dict[int, list] = {}
        for doc_id, doc in table.items():
            groups.setdefault(_bucket(str(doc_id)), []).append((str(doc_id), doc))
        members: dict[int, tuple] = {}
        text: dict[int, bytes] = {}
        for b, items in groups.items():
            items_t = tuple(items)
            prev = old.members.get(b) if old is not None else None
            members[b] = items_t
            if prev is not None and len(prev) == len(items_t) and all(
                pk == k and pd is d for (pk, pd), (k, d) in zip(prev, items_t)
            ):
                text[b] = old.text[b]
            else:
                text[b] = cls._dump(items_t)
        return cls(table, members, text)

    def updated(self, table: dict, changed) -> _TableText:
        """A copy with the buckets holding ``changed`` doc ids (put or deleted) re-serialised."""
        members = dict(self.members)
        text = dict(self.text)
        by_bucket: dict[int, set[str]] = {}
        for key in changed:
            by_bucket.setdefault(_bucket(key), set()).add(key)
        for b, keys in by_bucket.items():
            kept = [(k, table[k]) for k, _ in members.get(b, ()) if k not in keys and k in table]
            kept += [(k, table[k]) for k in keys if k in table]
            kept.sort(key=lambda kv: int(kv[0]) if kv[0].isdigit() else -1)
            items_t = tuple(kept)
            members[b] = items_t
            text[b] = self._dump(items_t)
        return _TableText(table, members, text)


class StorageError(Exception):
    """A problem with the annotation file itself; ``str(err)`` is one line."""


class BadFileError(StorageError):
    """The file exists but is not a usable TinyDB JSON file.

    ``kind`` is one of ``"empty"``, ``"nul"``, ``"truncated"``, ``"corrupt"``,
    ``"not-utf8"``, ``"wrong-layout"``.
    """

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class ChangedOnDiskError(StorageError):
    """A write was refused because the file changed on disk since it was last read."""


def temp_prefix(path: Path) -> str:
    """Name prefix of the temporary files written next to ``path``."""
    return f".{path.name}.tmp-"


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), check_circular=False)


def _encode(text: str, obj: Any) -> bytes:
    """``text`` as UTF-8; if a lone surrogate slipped past validation, ``obj`` re-dumped with escapes."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(obj, separators=(",", ":"))[1:-1].encode("ascii")


def classify(raw: bytes) -> tuple[dict | None, BadFileError | None]:
    """Parse file bytes as TinyDB JSON: ``(data, None)`` or ``(None, error)``."""
    if not raw.strip():
        return None, BadFileError("empty", "the annotation file is empty (0 bytes)" if not raw else "the annotation file holds only whitespace")
    if raw.strip(b"\x00") == b"" or raw.count(b"\x00") > len(raw) // 2:
        return None, BadFileError("nul", f"the annotation file is filled with NUL bytes ({len(raw):,} bytes), as a crash during a save can leave it")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return None, BadFileError("not-utf8", f"the annotation file is not UTF-8 text (bad byte at offset {err.start:,})")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        # Cut short: the parser ran off the end, or a string runs to the end unterminated.
        at_end = err.pos >= len(text.rstrip()) - 1 or err.msg.startswith("Unterminated string")
        if at_end and text.lstrip().startswith(("{", "[")):
            return None, BadFileError("truncated", f"the annotation file is cut short: its JSON ends mid-way (after {len(raw):,} bytes)")
        return None, BadFileError("corrupt", f"the annotation file is corrupt: not valid JSON ({err.msg} at line {err.lineno}, column {err.colno})")
    except RecursionError:
        return None, BadFileError("corrupt", "the annotation file is corrupt: JSON nested too deeply")
    if not isinstance(data, dict):
        return None, BadFileError("wrong-layout", f"the annotation file is JSON but not a TinyDB database (top level is a {type(data).__name__}, not an object)")
    for name, table in data.items():
        if not isinstance(table, dict):
            return None, BadFileError("wrong-layout", f"the annotation file is JSON but not a TinyDB database (table {name!r} is not an object)")
        for doc_id, doc in table.items():
            if not isinstance(doc, dict) or not doc_id.isdigit():
                return None, BadFileError("wrong-layout", f"the annotation file is JSON but not a TinyDB database (bad document {doc_id!r} in table {name!r})")
    return data, None


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (best effort where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_all(fd: int, pieces: list[bytes]) -> None:
    """Write every piece, ``IOV_MAX`` buffers per ``writev``, resuming after short writes."""
    if not hasattr(os, "writev"):  # pragma: no cover
        for p in pieces:
            view = memoryview(p)
            while view:
                view = view[os.write(fd, view):]
        return
    i = 0
    while i < len(pieces):
        batch = pieces[i : i + 512]
        n = os.writev(fd, batch)
        total = sum(len(b) for b in batch)
        if n < total:  # a short write: finish this batch piece by piece
            for p in batch:
                if n >= len(p):
                    n -= len(p)
                    continue
                view = memoryview(p)[n:]
                n = 0
                while view:
                    view = view[os.write(fd, view):]
        i += 512


#: Permissions of a new annotation file: notes can name confidential sources.
NEW_FILE_MODE = 0o600


def atomic_write_bytes(path: Path, data: bytes | list[bytes], *, fsync: bool = True, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` atomically: temp file in the same folder, fsync, replace, fsync folder.

    The new file keeps the permissions of the file it replaces (``mode``, else
    :data:`NEW_FILE_MODE` for a new file).
    """
    folder = path.parent
    if mode is None:
        try:
            mode = os.stat(path).st_mode & 0o7777
        except OSError:
            mode = NEW_FILE_MODE
    tmp = folder / f"{temp_prefix(path)}{os.getpid()}-{time.monotonic_ns() % 10**12}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        try:
            if mode != 0o600:
                os.fchmod(fd, mode)
            _write_all(fd, [data] if isinstance(data, bytes) else data)
            if fsync:
                # fdatasync: the data and the size, without the timestamps' extra journal write.
                (getattr(os, "fdatasync", None) or os.fsync)(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if fsync:
        fsync_dir(folder)


def clean_stray_temps(path: Path) -> list[Path]:
    """Remove temporary files a killed writer left next to ``path``; returns what was removed."""
    removed: list[Path] = []
    prefix = temp_prefix(path)
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        if not entry.name.startswith(prefix):
            continue
        pid_text = entry.name[len(prefix) :].split("-", 1)[0]
        alive = False
        if pid_text.isdigit() and int(pid_text) == os.getpid():
            alive = True  # another store object in this process may be saving right now
        elif pid_text.isdigit():
            try:
                os.kill(int(pid_text), 0)
                alive = True
            except ProcessLookupError:
                alive = False
            except PermissionError:
                alive = True
        try:
            if alive and now - entry.stat().st_mtime < STALE_TEMP_SECONDS:
                continue  # another live process is writing it right now
            os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            pass
    return removed


class AtomicJSONStorage(Storage):
    """TinyDB storage: atomic, fsynced, cached JSON file (see the module docstring).

    Usable directly with TinyDB -- ``TinyDB(path, storage=AtomicJSONStorage)`` -- as long
    as documents are not updated in place (TinyDB's ``Table.update`` with a dict does
    that; :mod:`annotations.store` never uses it).
    """

    def __init__(self, path: str | Path, *, fsync: bool = True, create_dirs: bool = True, **_: Any) -> None:
        super().__init__()
        self.path = Path(path)
        self.fsync = fsync
        self.create_dirs = create_dirs
        self._data: dict | None = None  # last data read or written (never mutated by us)
        self._signature: tuple | None = None
        self._generation: bytes | None = None
        self._tables: dict[str, _TableText] = {}  # serialised text of the last data written
        self._pending_tables: dict[str, _TableText] = {}
        self.removed_temps = clean_stray_temps(self.path)

    # ------------------------------------------------------------------ change detection

    def _stat(self) -> tuple | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_dev, st.st_size, st.st_mtime_ns)

    def _head_generation(self) -> bytes | None:
        try:
            with open(self.path, "rb") as fh:
                head = fh.read(HEAD_BYTES)
        except OSError:
            return None
        m = _GENERATION.search(head)
        return m.group(1) if m else None

    def changed(self) -> bool:
        """True when the file on disk is not the one last read or written by this object."""
        sig = self._stat()
        if sig != self._signature:
            return True
        if sig is None:
            return False
        # No token (a file written by another tool) leaves the stat signature to decide.
        return self._head_generation() != self._generation

    # ------------------------------------------------------------------ Storage API

    def read(self) -> dict | None:
        """The file's data (cached while the file is unchanged); ``None`` when there is no file.

        Raises :class:`BadFileError` for a file that does not parse, ``OSError`` when it
        cannot be read.  The returned dict is shared: do not mutate it.
        """
        if self._signature is not None or self._data is not None:
            if not self.changed():
                return self._data
        return self.reload()

    def reload(self) -> dict | None:
        """Read the file from disk, ignoring the cache."""
        sig = self._stat()
        if sig is None:
            self._data, self._signature, self._generation = None, None, None
            self._tables = {}
            return None
        with open(self.path, "rb") as fh:
            fd_sig = os.fstat(fh.fileno())
            raw = fh.read()
        data, error = classify(raw)
        if error is not None:
            raise error
        self._data = data
        # The signature of the file actually read (it may have been replaced since the stat).
        self._signature = (fd_sig.st_ino, fd_sig.st_dev, fd_sig.st_size, fd_sig.st_mtime_ns)
        m = _GENERATION.search(raw[:HEAD_BYTES])
        self._generation = m.group(1) if m else None
        self._tables = {}
        return data

    def serialise(self, data: dict, *, base: dict | None = None, changed: dict[str, set[str]] | None = None) -> list[bytes]:
        """The file content for ``data`` as a list of byte pieces, reusing cached text.

        Each table's documents are kept serialised in buckets of :data:`BUCKET` doc ids;
        a save re-serialises only the changed documents and re-joins only their buckets,
        and the pieces go to the kernel with ``writev`` without being joined into one
        buffer.  ``base`` and ``changed`` are an optional hint from a caller that derived
        ``data`` from ``base`` (copy-on-write) and knows which doc ids of which tables it
        put or deleted; without it, every table that is not the very object last written
        is serialised again in full.
        """
        names = [n for n in FIRST_TABLES if n in data] + [n for n in data if n not in FIRST_TABLES]
        caches: dict[str, _TableText] = {}
        pieces: list[bytes] = []
        for n, name in enumerate(names):
            table = data[name]
            old = self._tables.get(name)
            if old is not None and old.table is table:
                cache = old
            elif old is not None and changed is not None and base is not None and old.table is base.get(name, _MISSING):
                cache = old.updated(table, changed.get(name, ()))
            else:
                # No hint: TinyDB may have updated documents in place, so trust no old text.
                cache = _TableText.build(table, None)
            caches[name] = cache
            pieces.append((b"{" if n == 0 else b",") + _dumps(str(name)).encode("utf-8") + b":{")
            first = True
            for key in sorted(cache.text):
                chunk = cache.text[key]
                if chunk:
                    if not first:
                        pieces.append(b",")
                    pieces.append(chunk)
                    first = False
            pieces.append(b"}")
        if not names:
            pieces.append(b"{")
        pieces.append(b"}")
        self._pending_tables = caches
        return pieces

    def write(self, data: dict, *, base: dict | None = None, changed: dict[str, set[str]] | None = None) -> None:
        """Save ``data`` atomically.  Raises ``OSError`` (full disk, read-only) with the file untouched.

        Refuses with :class:`ChangedOnDiskError` when the file on disk is not the one this
        storage last read or wrote (so a file that does not parse is never overwritten).
        ``base``/``changed``: see :meth:`serialise`.
        """
        if self.changed() and self._stat() is not None:
            raise ChangedOnDiskError("the annotation file changed on disk since it was read; not overwritten")
        pieces = self.serialise(data, base=base, changed=changed)
        if self.create_dirs:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(self.path, pieces, fsync=self.fsync)
        sig = self._stat()
        self._data = data
        self._signature = sig
        m = _GENERATION.search(b"".join(pieces[:4])[:HEAD_BYTES])
        self._generation = m.group(1) if m else None
        self._tables = self._pending_tables

    def forget(self) -> None:
        """Drop the cache so the next :meth:`read` parses the file again."""
        self._data, self._signature, self._generation = None, None, None
        self._tables = {}

    def close(self) -> None:
        """Nothing to release: the file is only open while it is read or written."""
