"""The engine's part of an export, rendered ahead: a materialised view of the analysis cache.

Most quotes in an export are engine quotes nobody touched.  Their records (and so their
JSON, CSV lines and W3C annotations) are made of the article's text, the engine's rows
for it and the rows' quote ids only -- never of the user's annotations
(:func:`annotations.store.engine_records`) -- and a W3C annotation of the IRI of the
source it targets, which its key then holds too (:func:`annotations.export.piece_key`).
So they can be rendered once, when the engine's result is stored
(:meth:`annotations.corpus.AnalysisCache.put` with the text), and an export -- even the
first one after every article was annotated, which finds nothing in its render cache
(:class:`annotations.export.RenderCache`) -- lays the user's corrections over these
*pieces* instead of building 150,000 records.

One file per format beside the analysis cache (``engine-<fmt>.view``):

    MAGIC, u64 length, orjson {"format", "code", "fmt"}, then frames:
    u32 head length, u32 data length, u32 CRC-32 of head and data,
    head: orjson {article id: [key, [piece lengths]]}, data: the pieces, in that order,
    each ending in its format's separator (``annotations.export.PIECE_SEPARATORS``), so
    a run of consecutive pieces is one slice.

A save appends one frame (a later entry for an article replaces an earlier one), and
rewrites the file when it was made by other code (:func:`annotations.export._code_digest`),
is damaged, or holds more replaced entries than live ones.  Nothing is trusted blindly:
reading stops at the first frame that does not check, and an entry is used only when its
key -- a digest of the engine version, the article id, the SHA-256 of the source's bytes,
the rows' fingerprint and their ids (:func:`view_key`) -- is the one the export computes
for the article now.  A missing or damaged entry means the article is built as before (and its
pieces made for next time).  Deleting the files is always safe.
"""

from __future__ import annotations

import hashlib
import os
import struct
import zlib
from pathlib import Path

import orjson

#: The layout of a view file.
VIEW_FORMAT = 1
MAGIC = b"newsreader-export-view\n"
_FRAME = struct.Struct("<III")
#: The formats that have a view (JSON Lines writes an article as JSON does).
VIEW_FORMATS = ("json", "csv", "w3c")
_INT = {int}


def view_file(folder: Path, fmt: str) -> Path:
    """The view file of ``fmt`` in the analysis cache's ``folder``."""
    return Path(folder) / f"engine-{'json' if fmt == 'jsonl' else fmt}.view"


def view_key(version: object, article_id: str, raw_digest: str, rows_digest: str, ids: list) -> str | None:
    """The key of an article's pieces: everything they are made of (the code is the
    file's).  ``raw_digest`` is the SHA-256 (hex) of the source's bytes, which give the
    text; ``rows_digest`` the rows' fingerprint the analysis cache keeps with them
    (:meth:`annotations.corpus.AnalysisCache.rows_fingerprint`, which the render key
    holds too), so the rows are not written out and hashed again for every article.
    None when the ids cannot be written as JSON."""
    try:
        data = orjson.dumps([version, article_id, raw_digest, rows_digest, ids])
    except TypeError:
        return None
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def text_digest(text: str) -> str | None:
    """The SHA-256 (hex) of the bytes a source holding exactly ``text`` has -- when such
    a file is read back as ``text`` (:func:`annotations.export._decode_sanitised`'s
    clean case: UTF-8 with no byte order mark and no control character), else None."""
    from annotations.export import _C1_UTF8, _CONTROL_BYTES

    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: no file reads back as this text
        return None
    if data.startswith(b"\xef\xbb\xbf") or len(data.translate(None, _CONTROL_BYTES)) != len(data) or _C1_UTF8.search(data):
        return None
    return hashlib.sha256(data).hexdigest()


def _code() -> str:
    from annotations.export import _code_digest

    return _code_digest()


class ExportView:
    """The pieces of one format's view file (see the module's docstring).

    ``path`` None keeps nothing on disk.  :meth:`get` finds an article's pieces,
    :meth:`put` remembers new ones, :meth:`save` appends what was put.
    """

    def __init__(self, path: Path | None, fmt: str) -> None:
        self.path = path
        self.fmt = "json" if fmt == "jsonl" else fmt
        self._index: dict[str, tuple[str, list[int], int]] | None = None
        self._blob = b""
        self._valid = 0  # bytes of the file that checked (header and whole frames)
        self._fresh = True  # no usable file: the next save writes it anew
        self._dead = 0  # data bytes of replaced entries
        self._new: dict[str, tuple[str, list[bytes]]] = {}
        self.hits = 0

    # ------------------------------------------------------------------ reading

    def _header(self) -> bytes:
        return orjson.dumps({"format": VIEW_FORMAT, "code": _code(), "fmt": self.fmt})

    def _load(self) -> dict[str, tuple[str, list[int], int]]:
        index: dict[str, tuple[str, list[int], int]] = {}
        if self.path is None:
            return index
        try:
            raw = self.path.read_bytes()
        except OSError:
            return index
        header = self._header()
        top = MAGIC + struct.pack("<Q", len(header)) + header
        if not raw.startswith(top):
            return index  # missing, damaged, or made by other code: written anew
        self._fresh = False
        at = len(top)
        size = len(raw)
        view = memoryview(raw)  # slices of it are not copies (a frame can be 100 MB)
        while at + _FRAME.size <= size:
            head_len, data_len, crc = _FRAME.unpack_from(raw, at)
            start = at + _FRAME.size
            end = start + head_len + data_len
            if end > size or zlib.crc32(view[start:end]) != crc:
                break
            try:
                head = orjson.loads(view[start : start + head_len])
            except orjson.JSONDecodeError:
                break
            if type(head) is not dict:
                break
            offset = start + head_len
            ok = True
            for aid, entry in head.items():
                if type(entry) is not list or len(entry) != 2 or type(entry[0]) is not str or type(entry[1]) is not list:
                    ok = False
                    break
                lens = entry[1]
                total = sum(lens) if not lens or (set(map(type, lens)) == _INT and min(lens) >= 0) else -1
                if total < 0 or offset + total > start + head_len + data_len:
                    ok = False
                    break
                old = index.get(aid)
                if old is not None:
                    self._dead += sum(old[1])
                index[aid] = (entry[0], lens, offset)
                offset += total
            if not ok:
                break
            at = end
        self._valid = at
        self._blob = raw
        return index

    def _entries(self) -> dict[str, tuple[str, list[int], int]]:
        if self._index is None:
            self._index = self._load()
        return self._index

    def preload(self) -> None:
        """Read the file now (before forking helpers that will use it)."""
        self._entries()

    def get(self, article_id: str, key: str) -> tuple[bytes, int, list[int]] | None:
        """The article's pieces (one per engine row), if made from exactly ``key``'s
        inputs: ``(blob, offset, lengths)``, the pieces lying one after the other in
        ``blob`` from ``offset``."""
        new = self._new.get(article_id)
        if new is not None and new[0] == key:
            self.hits += 1
            return b"".join(new[1]), 0, [len(p) for p in new[1]]
        entry = self._entries().get(article_id)
        if entry is None or entry[0] != key:
            return None
        self.hits += 1
        return self._blob, entry[2], entry[1]

    def put(self, article_id: str, key: str, pieces: list[bytes]) -> None:
        """Remember an article's pieces (written at :meth:`save`)."""
        self._new[article_id] = (key, pieces)

    def take(self) -> dict[str, tuple[str, list[bytes]]]:
        """What was put since the last save, handed over (for :meth:`save`)."""
        new, self._new = self._new, {}
        return new

    # ------------------------------------------------------------------ writing

    def save(self, new: dict[str, tuple[str, list[bytes]]] | None = None) -> None:
        """Append what was put (or ``new``, what :meth:`take` handed over) -- a file that
        cannot be written is no error: the view only saves time.  The file is written
        anew when it was not usable, had a damaged tail, or would hold more replaced
        entries than live ones."""
        if new is None:
            new = self.take()
        if self.path is None or not new:
            return
        index = self._entries()
        frame = _frame(new)
        replaced = sum(sum(index[a][1]) for a in new if a in index)
        live = sum(sum(e[1]) for a, e in index.items() if a not in new) + sum(len(p) for _, ps in new.values() for p in ps)
        try:
            from annotations.storage import atomic_write_bytes

            self.path.parent.mkdir(parents=True, exist_ok=True)
            size = os.stat(self.path).st_size if not self._fresh else -1
            if self._fresh or size != self._valid or self._dead + replaced > max(live, 1 << 24):
                kept = {a: (e[0], self._pieces(e)) for a, e in index.items() if a not in new}
                kept.update(new)
                header = self._header()
                atomic_write_bytes(self.path, [MAGIC, struct.pack("<Q", len(header)), header, _frame(kept)], fsync=False)
            else:
                with open(self.path, "ab") as fh:
                    fh.write(frame)
        except OSError:
            return
        # Read back on next use: the file now holds what this copy had and what it put.
        self._index, self._blob, self._valid, self._dead, self._fresh = None, b"", 0, 0, True

    def _pieces(self, entry: tuple[str, list[int], int]) -> list[bytes]:
        _, lens, offset = entry
        out = []
        for n in lens:
            out.append(self._blob[offset : offset + n])
            offset += n
        return out


def _frame(entries: dict[str, tuple[str, list[bytes]]]) -> bytes:
    head = orjson.dumps({aid: [key, [len(p) for p in pieces]] for aid, (key, pieces) in entries.items()})
    data = b"".join(p for _, pieces in entries.values() for p in pieces)
    body = head + data
    return _FRAME.pack(len(head), len(data), zlib.crc32(body)) + body
