"""Exporting annotations: JSON, JSON Lines, CSV and W3C Web Annotation JSON-LD.

Every format is built from one *article record*: the plain ``dict`` that is one item of
the JSON document's ``articles`` list (see ``annotations/schema/export.schema.json``).
:func:`article_record` makes it from the store, laying the user's corrections over the
quote engine's output; the writers below turn a stream of records into a file, one
article at a time, so a large export never holds the whole document in memory.

Formats
    ``json``   one document: header fields, then ``articles`` (one article per line).
    ``jsonl``  one article record per line, no header (for ``pd.read_json(lines=True)``).
    ``csv``    one row per quote (:data:`CSV_COLUMNS`), UTF-8 with a byte order mark so
               spreadsheets detect the encoding, and with formula injection defused.
    ``w3c``    a W3C Web Annotation ``AnnotationCollection`` (see :func:`article_to_w3c`).

Speed (10,000 articles, 150,000 quotes: ``tests/benchmarks/bench_export.py``)
    The export reads one snapshot of the store (:meth:`Store.snapshot`), pauses the
    cyclic garbage collector (:mod:`annotations.gcpause`), finds each source's content
    hash by the digest of its bytes (:class:`TextHashes`), and takes an article as an
    earlier export rendered it when nothing it is made from has changed
    (:class:`RenderCache`, keyed by :func:`render_key`).  Other articles are built: the
    engine's quotes are the analysis cache's rows (:meth:`Analyser.rows`) with the quote
    ids it keeps, laid under the user's corrections straight into records
    (:meth:`Store.quote_records`); JSON is encoded with orjson (:func:`_json`: compact,
    the same content as the ``json`` module), CSV lines without a call per cell
    (:func:`_csv_text`, the same bytes as ``csv.writer``).  Bytes are written in large
    chunks (``writev`` of the pieces: :class:`_Output`), and an export that renders most
    articles afresh streams its render cache from those same chunks instead of writing
    it again at the end.  Everything is built in this one process by default: forked
    helpers (``workers``) measured dearer than they saved.  The engine quotes nobody
    touched are not built at all when the analysis cache has them rendered ahead
    (:mod:`annotations.exportview`, made as it stores an analysis with its text, or by
    an earlier export): the user's layer is laid over runs of those pieces
    (:class:`_Pieces`), which even a first export reuses.  The cache files are read
    whole (not memory-mapped: a file truncated under a mapping would crash the process),
    and what is taken from them is written out as a view of their bytes, not copied
    first.  W3C annotations
    are written as they are built (:func:`_w3c_json_fast`).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import re
import struct
import tempfile
import time
import zlib
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from stat import S_ISREG
from typing import IO, Any
from urllib.parse import quote_from_bytes

import orjson

from annotations import articles as _articles
from annotations.exportview import view_key
from annotations.gcpause import paused_gc
from annotations.text import sanitise

#: The ``schema`` field of every JSON export.
SCHEMA_NAME = "newsreader-annotations"
#: The version of the JSON export format; an importer refuses newer ones.
SCHEMA_VERSION = 1
#: Output formats, in the order the command line lists them.
FORMATS = ("json", "jsonl", "csv", "w3c")
#: The W3C Web Annotation JSON-LD context.
W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
#: Where newsreader's own data rides inside a W3C annotation: an absolute IRI as the
#: property name and a JSON literal (``"@type": "@json"``) as the value, so JSON-LD
#: processors keep it intact and other tools can ignore it.
W3C_EXTENSION = "urn:newsreader:data"
#: Characters of context kept before and after a quote or span (as TextQuoteSelector).
CONTEXT_CHARS = 32

#: A progress callback: ``progress(done, total)`` after each article.
Progress = Callable[[int, int], None]

#: CSV columns, one row per quote: what a spreadsheet user filters and sorts on first.
CSV_COLUMNS = (
    "article_id",
    "article_title",
    "article_date",
    "speaker",
    "quote",
    "kind",
    "status",
    "engine_speaker",
    "speaker_correction",
    "cue",
    "confidence",
    "quote_tags",
    "quote_note",
    "origin",
    "orphan",
    "start",
    "end",
    "quote_id",
    "article_tags",
    "article_note",
    "source",
    "source_status",
)
#: How lists (tags) are joined in one CSV cell.
CSV_LIST_SEPARATOR = "; "
#: Leading characters that make a spreadsheet treat a cell as a formula (OWASP list).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ExportError(Exception):
    """An export that could not be written; ``str(err)`` is a one-line reason."""


@dataclass(slots=True)
class ExportResult:
    """What an export wrote: counts for a message, and the warnings to show."""

    format: str
    path: Path | None = None
    articles: int = 0
    quotes: int = 0
    spans: int = 0
    orphans: int = 0
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for a notification or the terminal."""
        where = str(self.path) if self.path is not None else "standard output"
        parts = [f"{self.articles} article{'s' if self.articles != 1 else ''}", f"{self.quotes} quote{'s' if self.quotes != 1 else ''}", f"{self.spans} span{'s' if self.spans != 1 else ''}"]
        if self.orphans:
            parts.append(f"{self.orphans} orphaned")
        return f"Exported {', '.join(parts)} as {self.format.upper()} to {where}"

    def count(self, record: dict | RenderedRecord) -> None:
        """Add one article record to the totals."""
        if type(record) is RenderedRecord:
            self.articles += 1
            self.quotes += record.quotes
            self.spans += record.spans
            self.orphans += record.orphans
            if record.warnings:
                self.warnings.extend(f"{record.id}: {w}" for w in record.warnings)
            return
        self.articles += 1
        self.quotes += len(record["quotes"])
        self.spans += len(record["spans"])
        self.orphans += _orphans(record)
        for w in record.get("warnings", ()):
            self.warnings.append(f"{record['id']}: {w}")


@dataclass(slots=True)
class RenderedRecord:
    """An article record already written out in one format (by a forked helper, see
    :func:`export_to_stream`), with the counts :class:`ExportResult` needs.

    ``data`` is the bytes, or (taken from a :class:`RenderCache`, in this process only)
    a view of them in the cache's file."""

    id: str
    data: bytes | memoryview
    items: int
    quotes: int
    spans: int
    orphans: int
    warnings: list[str]

    @classmethod
    def of(cls, record: dict, fmt: str = "json", spliced: dict | None = None) -> RenderedRecord:
        """Render ``record`` as the writer of ``fmt`` would (see :func:`render_record`);
        ``spliced`` is the same record with runs of pieces (see ``_Pieces.splice``)."""
        orphans = _orphans(record)
        data, items = render_record(spliced if spliced is not None else record, fmt)
        return cls(record["id"], data, items, len(record["quotes"]), len(record["spans"]), orphans, list(record.get("warnings", ())))


def _orphans(record: dict) -> int:
    """How many of a record's quotes and spans are orphans (a piece, see
    :class:`annotations.exportview.ExportView`, is an anchored engine quote)."""
    return sum(1 for q in record["quotes"] if type(q) is dict and q["orphan"]) + sum(1 for s in record["spans"] if s["orphan"])


class _Unspliced(Exception):
    """A record holding pieces that its format's writer cannot take as they are (it
    needs the general path): the export builds that article again without pieces."""


# --------------------------------------------------------------------------- schema


@lru_cache(maxsize=1)
def load_schema() -> dict:
    """The JSON Schema of the JSON export (shipped beside this module)."""
    path = Path(__file__).with_name("schema") / "export.schema.json"
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def now_iso() -> str:
    """The current UTC time as ISO 8601 with a ``Z`` (the ``exported_at`` field)."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def document_header(*, exported_at: str | None = None, tag: str | None = None, article: str | None = None) -> dict:
    """The JSON document's fields other than ``articles``."""
    import annotations

    return {
        "schema": SCHEMA_NAME,
        "schema_version": SCHEMA_VERSION,
        "exported_at": exported_at or now_iso(),
        "newsreader_version": annotations.__version__,
        "quote_engine_version": _engine_version(),
        "filter": {"tag": tag, "article": article},
    }


def _engine_version() -> str | None:
    try:
        from annotations.quotes import ENGINE_VERSION
    except ImportError:
        return None
    return str(ENGINE_VERSION)


def context_around(text: str, start: int, end: int, chars: int = CONTEXT_CHARS) -> tuple[str, str]:
    """The ``prefix`` and ``suffix`` of ``text[start:end]`` (TextQuoteSelector context)."""
    return text[max(0, start - chars) : start], text[end : end + chars]


#: The file extension of each format.
EXTENSIONS = {"json": ".json", "jsonl": ".jsonl", "csv": ".csv", "w3c": ".jsonld"}


def suggested_filename(fmt: str, when: datetime | None = None) -> str:
    """A file name for an export made now, e.g. ``newsreader-annotations-2026-11-23-1255.csv``."""
    when = when or datetime.now()
    return f"newsreader-annotations-{when:%Y-%m-%d-%H%M}{EXTENSIONS.get(fmt, '.' + fmt)}"


# --------------------------------------------------------------------------- W3C


def source_iri(record: dict) -> str:
    """The IRI a W3C annotation targets: the source file's ``file:`` URI, else a URN of the id."""
    source = record.get("source")
    if source:
        if _PLAIN_POSIX and type(source) is str and source.startswith("/") and not _UNNORMAL_PATH.search(source):
            last = _last_file_iri
            if last[0] == source:  # a W3C export asks twice for each article (its pieces' key, its record)
                return last[1]
            # What Path(source).as_uri() gives for a path pathlib leaves as it is (no
            # empty or "." part, no trailing slash), without building the Path.
            try:
                iri = "file://" + quote_from_bytes(os.fsencode(source))
            except (ValueError, UnicodeError):
                pass
            else:
                _remember_file_iri(source, iri)
                return iri
        p = Path(source)
        if p.is_absolute():
            try:
                return p.as_uri()
            except ValueError:
                pass
    return f"urn:newsreader:article:{record['id']}"


_PLAIN_POSIX = os.name == "posix"
#: The last plain path :func:`source_iri` turned into a ``file:`` URI, and that URI (one
#: tuple, replaced whole: threads may share it).
_last_file_iri: tuple[str | None, str] = (None, "")


def _remember_file_iri(source: str, iri: str) -> None:
    global _last_file_iri
    _last_file_iri = (source, iri)
#: A path pathlib would normalise: an empty or "." part, or a trailing slash.
_UNNORMAL_PATH = re.compile(r"//|/\./|/\.$|/$|\x00")


def _body(purpose: str, value: str) -> dict:
    body = {"type": "TextualBody", "purpose": purpose, "value": value}
    if purpose == "commenting":
        body["format"] = "text/plain"
    return body


def _motivation(bodies: list[dict], default: str) -> str | list[str]:
    seen: list[str] = []
    for b in bodies:
        if b["purpose"] not in seen:
            seen.append(b["purpose"])
    if not seen:
        return default
    return seen[0] if len(seen) == 1 else seen


def _extension(data: dict) -> dict:
    return {"@type": "@json", "@value": data}


def annotation_id(article_id: str, kind: str, item_id: str | None = None) -> str:
    """The IRI of one exported annotation (stable: made of the article and item ids)."""
    tail = f":{item_id}" if item_id is not None else ""
    return f"urn:newsreader:annotation:{article_id}:{kind}{tail}"


def _target(iri: str, item: dict) -> dict:
    quote = {"type": "TextQuoteSelector", "exact": item["text"]}
    if item["prefix"]:
        quote["prefix"] = item["prefix"]
    if item["suffix"]:
        quote["suffix"] = item["suffix"]
    return {
        "source": iri,
        "selector": [{"type": "TextPositionSelector", "start": item["start"], "end": item["end"]}, quote],
    }


def article_to_w3c(record: dict) -> list[dict]:
    """The W3C annotations for one article record.

    * the article itself: one annotation targeting the source, with ``tagging`` bodies
      for its tags, a ``commenting`` body for its note and an ``assessing`` body for its
      review state (motivation ``assessing`` when it has none of these);
    * each quote: motivation ``identifying`` with an ``identifying`` body naming the
      speaker (the user's correction when there is one), an ``assessing`` body
      ``accepted``/``rejected`` once reviewed, and its tags and note;
    * each of the user's spans: ``tagging``/``commenting`` bodies (``highlighting``
      when it has neither).

    Quotes and spans target the source with a ``TextPositionSelector`` and a
    ``TextQuoteSelector``.  What the model has no term for (kind, cue, confidence, the
    engine's speaker, origin, orphan state, title, date, read state) rides in
    :data:`W3C_EXTENSION` so an import restores it exactly.
    """
    iri = source_iri(record)
    aid = record["id"]
    # The bodies and motivation as _body and _motivation make them, written out: this
    # runs for every article (and span) of an export.
    note, review = record["note"], record["review"]
    bodies = [{"type": "TextualBody", "purpose": "tagging", "value": t} for t in record["tags"]]
    purposes = ["tagging"] if bodies else []
    if note is not None:
        bodies.append({"type": "TextualBody", "purpose": "commenting", "value": note, "format": "text/plain"})
        purposes.append("commenting")
    if review != "unreviewed":
        bodies.append({"type": "TextualBody", "purpose": "assessing", "value": review})
        purposes.append("assessing")
    meta = {
        "article": aid,
        "source": record["source"],
        "title": record["title"],
        "date": record["date"],
        "content_hash": record["content_hash"],
        "source_status": record["source_status"],
        "read": record["read"],
        "review": review,
    }
    if record.get("warnings"):
        meta["warnings"] = record["warnings"]
    motivation = (purposes[0] if len(purposes) == 1 else purposes) if purposes else "assessing"
    ann: dict[str, Any] = {"id": f"urn:newsreader:annotation:{aid}:article", "type": "Annotation", "motivation": motivation}
    if bodies:
        ann["body"] = bodies
    ann["target"] = iri
    ann[W3C_EXTENSION] = {"@type": "@json", "@value": meta}
    out: list[dict] = [ann]

    for q in record["quotes"]:
        if type(q) is _Run:
            # Pieces: these annotations rendered already, with this source's IRI (their
            # key says so: piece_key).
            out.append(q)
            continue
        if q["status"] == "unreviewed" and q["note"] is None and not q["tags"] and type(q["id"]) is str:
            # The common case, an engine quote nobody touched: the annotation the general
            # way below makes, in one go (a W3C export of 150,000 quotes spent half its
            # time in the helpers' calls).
            out.append(_w3c_plain_quote(aid, iri, q))
            continue
        bodies = []
        if q["speaker"] is not None:
            bodies.append(_body("identifying", q["speaker"]))
        if q["status"] != "unreviewed":
            bodies.append(_body("assessing", q["status"]))
        bodies.extend(_body("tagging", t) for t in q["tags"])
        if q["note"] is not None:
            bodies.append(_body("commenting", q["note"]))
        motivation = _motivation(bodies, "identifying")
        if isinstance(motivation, list) and motivation[0] != "identifying":
            motivation.insert(0, "identifying")
        elif isinstance(motivation, str) and motivation != "identifying":
            motivation = ["identifying", motivation]
        ann = {"id": annotation_id(aid, "quote", q["id"]), "type": "Annotation", "motivation": motivation}
        if bodies:
            ann["body"] = bodies
        ann["target"] = _target(iri, q)
        ann[W3C_EXTENSION] = _extension(
            {
                "article": aid,
                "item": "quote",
                "id": q["id"],
                "origin": q["origin"],
                "kind": q["kind"],
                "cue": q["cue"],
                "engine_speaker": q["engine_speaker"],
                "speaker_correction": q["speaker_correction"],
                "confidence": q["confidence"],
                "orphan": q["orphan"],
            }
        )
        out.append(ann)

    for sp in record["spans"]:
        sid, snote = sp["id"], sp["note"]
        bodies = [{"type": "TextualBody", "purpose": "tagging", "value": t} for t in sp["tags"]]
        if snote is not None:
            bodies.append({"type": "TextualBody", "purpose": "commenting", "value": snote, "format": "text/plain"})
            motivation = ["tagging", "commenting"] if len(bodies) > 1 else "commenting"
        else:
            motivation = "tagging" if bodies else "highlighting"
        ann = {"id": annotation_id(aid, "span", sid), "type": "Annotation", "motivation": motivation}
        if bodies:
            ann["body"] = bodies
        exact = {"type": "TextQuoteSelector", "exact": sp["text"]}
        if sp["prefix"]:
            exact["prefix"] = sp["prefix"]
        if sp["suffix"]:
            exact["suffix"] = sp["suffix"]
        ann["target"] = {"source": iri, "selector": [{"type": "TextPositionSelector", "start": sp["start"], "end": sp["end"]}, exact]}
        ann[W3C_EXTENSION] = {"@type": "@json", "@value": {"article": aid, "item": "span", "id": sid, "orphan": sp["orphan"]}}
        out.append(ann)
    return out


def _w3c_plain_quote(aid: str, iri: str, q: dict) -> dict:
    """The annotation of a quote record that is unreviewed, untagged and has no note (as
    :func:`article_to_w3c`'s general way makes it)."""
    sp = q["speaker"]
    exact = {"type": "TextQuoteSelector", "exact": q["text"]}
    if q["prefix"]:
        exact["prefix"] = q["prefix"]
    if q["suffix"]:
        exact["suffix"] = q["suffix"]
    ann = {"id": f"urn:newsreader:annotation:{aid}:quote:{q['id']}", "type": "Annotation", "motivation": "identifying"}
    if sp is not None:
        ann["body"] = [{"type": "TextualBody", "purpose": "identifying", "value": sp}]
    ann["target"] = {"source": iri, "selector": [{"type": "TextPositionSelector", "start": q["start"], "end": q["end"]}, exact]}
    ann[W3C_EXTENSION] = {
        "@type": "@json",
        "@value": {
            "article": aid, "item": "quote", "id": q["id"], "origin": q["origin"], "kind": q["kind"], "cue": q["cue"],
            "engine_speaker": q["engine_speaker"], "speaker_correction": q["speaker_correction"],
            "confidence": q["confidence"], "orphan": q["orphan"],
        },
    }
    return ann


def w3c_collection_head(header: dict) -> dict:
    """The ``AnnotationCollection`` fields written before its annotations."""
    label = "newsreader annotations"
    flt = header.get("filter") or {}
    if flt.get("tag"):
        label += f" tagged {flt['tag']}"
    return {
        "@context": W3C_CONTEXT,
        "id": f"urn:newsreader:export:{header['exported_at']}",
        "type": "AnnotationCollection",
        "label": label,
        "generator": {"id": "urn:newsreader", "type": "Software", "name": f"newsreader {header['newsreader_version']}"},
        "generated": header["exported_at"],
        W3C_EXTENSION: _extension({k: header[k] for k in ("schema", "schema_version", "newsreader_version", "quote_engine_version", "filter")}),
    }


# --------------------------------------------------------------------------- CSV


def csv_safe(value: Any) -> Any:
    """Defuse spreadsheet formula injection in one cell.

    A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets
    a leading apostrophe, which spreadsheets show as text and never evaluate.  Numbers
    and empty cells are left alone.  The apostrophe is part of the CSV value: strip one
    leading ``'`` before such a character if you read the file as data.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return csv_safe(CSV_LIST_SEPARATOR.join(value))
    return csv_safe(value)


def csv_rows(record: dict) -> Iterator[list]:
    """The CSV rows (in :data:`CSV_COLUMNS` order) of one article record: one per quote."""
    art = (record["id"], record["title"], record["date"])
    tail = (record["tags"], record["note"], record["source"], record["source_status"])
    for q in record["quotes"]:
        values = (
            *art,
            q["speaker"], q["text"], q["kind"], q["status"], q["engine_speaker"], q["speaker_correction"], q["cue"],
            q["confidence"], q["tags"], q["note"], q["origin"], q["orphan"], q["start"], q["end"], q["id"],
            *tail,
        )
        yield [_cell(v) for v in values]


# --------------------------------------------------------------------------- writers


def _json(obj: Any) -> bytes:
    """``obj`` as compact UTF-8 JSON (what every record, line and annotation is written as).

    orjson: several times faster than the ``json`` module, and the same content.  What
    orjson refuses -- a lone surrogate, an integer beyond 64 bits, a type it does not
    know -- goes through the ``json`` module (ASCII escapes, so the file stays UTF-8).
    Like JavaScript, orjson writes a non-finite float as ``null``: the ``json`` module's
    ``NaN`` is not JSON, and no importer would read it.
    """
    try:
        return orjson.dumps(obj)
    except TypeError:
        return json.dumps(obj, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def _record_json(record: dict) -> bytes:
    """One article record as the ``json`` and ``jsonl`` writers write it."""
    try:
        return orjson.dumps(record)
    except TypeError:
        # The json module's way writes every string of the record escaped: pieces
        # (orjson.Fragment, written by orjson) would not be the same bytes.
        if any(type(q) is orjson.Fragment for q in record["quotes"]):
            raise _Unspliced from None
        return _json(record)


def _csv_module_text(rows: Iterable[list]) -> str:
    """Rows as ``csv.writer`` writes them (minimal quoting, CRLF line ends)."""
    parts: list[str] = []
    csv.writer(_ListWriter(parts), lineterminator="\r\n").writerows(rows)
    return "".join(parts)


class _ListWriter:
    """A file-like object for ``csv.writer`` that keeps what is written in a list."""

    __slots__ = ("write",)

    def __init__(self, parts: list[str]) -> None:
        self.write = parts.append


def _csv_field(value: Any) -> str:
    """One cell as ``csv.writer`` writes it: quoted (quotes doubled) when it holds the
    delimiter, a quote or a line end, else as it is (``str`` of a number)."""
    s = value if type(value) is str else str(value)
    if '"' in s:
        return '"' + s.replace('"', '""') + '"'
    if "," in s or "\n" in s or "\r" in s:
        return '"' + s + '"'
    return s


def _csv_text(record: dict) -> str:
    """``csv.writer``'s text for ``csv_rows(record)``, about five times faster.

    The article's cells are written once.  Of each quote's, the speaker and the quote
    text are defused and quoted where they need it on their own; the other thirteen are
    joined and checked at once: only when that line holds a quote, a line end, a tab,
    more commas than separators or a comma before a formula character are they done one
    by one (:func:`_csv_cells`).  Anything not of the shape :meth:`Store.quote_records`
    gives goes through :func:`csv_rows` and the ``csv`` module, so the text is always
    exactly what they give.
    """
    head = ",".join([_csv_field(_cell(record["id"])), _csv_field(_cell(record["title"])), _csv_field(_cell(record["date"]))]) + ","
    tail = "," + ",".join(
        [_csv_field(_cell(record["tags"])), _csv_field(_cell(record["note"])), _csv_field(_cell(record["source"])), _csv_field(_cell(record["source_status"]))]
    ) + "\r\n"
    lines: list = []
    runs = [q for q in record["quotes"] if type(q) is _Run]
    try:
        for q in record["quotes"]:
            if type(q) is _Run:  # pieces: the quotes' lines rendered already (UTF-8)
                lines.append(q)
                continue
            line = _csv_quote_line(q)
            if line is None:
                if runs:
                    raise _Unspliced
                return _csv_module_text(csv_rows(record))
            lines.append(line)
    except (AttributeError, TypeError):
        if runs:
            raise _Unspliced from None
        return _csv_module_text(csv_rows(record))
    if not lines:
        return ""
    if runs:
        head_b, tail_b = head.encode("utf-8", "surrogatepass"), tail.encode("utf-8", "surrogatepass")
        between = tail_b + head_b
        enc = [x.data.replace(b"\x00", between) if type(x) is _Run else x.encode("utf-8", "surrogatepass") for x in lines]
        return head_b + between.join(enc) + tail_b
    return head + (tail + head).join(lines) + tail


def _csv_quote_line(q: dict) -> str | None:
    """A quote's cells from the speaker to the id, as :func:`_csv_text` joins them, or
    None when the quote is not of the shape :meth:`Store.quote_records` gives (then
    the record goes through the ``csv`` module).  Raises AttributeError or TypeError
    for a cell that is not text."""
    fs = _FORMULA_START
    sp, tx, conf, tags, orphan, start, end = q["speaker"], q["text"], q["confidence"], q["tags"], q["orphan"], q["start"], q["end"]
    if (
        type(start) is not int
        or type(end) is not int
        or (orphan is not True and orphan is not False)
        or type(tags) is not list
        or (conf is not None and type(conf) is not float)
    ):
        return None
    es, sc, cue, note = q["engine_speaker"], q["speaker_correction"], q["cue"], q["note"]
    rest = [
        q["kind"], q["status"], "" if es is None else es, "" if sc is None else sc, "" if cue is None else cue,
        "" if conf is None else float.__repr__(conf), CSV_LIST_SEPARATOR.join(tags), "" if note is None else note,
        q["origin"], "true" if orphan else "false", int.__repr__(start), int.__repr__(end), q["id"],
    ]
    line = ",".join(rest)  # a TypeError for a cell that is not text: the general path
    if (
        line.count(",") != 12
        or '"' in line or "\n" in line or "\r" in line or "\t" in line
        or line.startswith(fs) or ",=" in line or ",+" in line or ",-" in line or ",@" in line
    ):
        line = _csv_cells(q)
    # str.startswith raises AttributeError for anything but text: the general path.
    if sp is None:
        sp = ""
    elif sp.startswith(fs):
        sp = "'" + sp
    if tx.startswith(fs):
        tx = "'" + tx
    if '"' in tx or "," in tx or "\n" in tx or "\r" in tx:
        tx = '"' + tx.replace('"', '""') + '"'
    if '"' in sp or "," in sp or "\n" in sp or "\r" in sp:
        sp = '"' + sp.replace('"', '""') + '"'
    return f"{sp},{tx},{line}"


def _csv_cells(q: dict) -> str:
    """A quote's cells after the speaker and the text, one by one (see :func:`_csv_text`)."""
    values = (
        q["kind"], q["status"], q["engine_speaker"], q["speaker_correction"], q["cue"], q["confidence"], q["tags"],
        q["note"], q["origin"], q["orphan"], q["start"], q["end"], q["id"],
    )
    return ",".join([_csv_field(_cell(v)) for v in values])


#: Between two annotations of the W3C page (each on its own line).
_W3C_SEP = b",\n      "


def _w3c_json(record: dict) -> tuple[bytes, int]:
    """One article's W3C annotations as the ``w3c`` writer writes them, and how many.

    The annotations :func:`article_to_w3c` makes, each written as it is built (dict
    literals, no helper calls: this runs for every article of an export); anything
    orjson refuses, or a record of another shape, goes the general way
    (:func:`_w3c_json_general`), so the bytes are always the same.
    """
    try:
        return _w3c_json_fast(record)
    except Exception:  # noqa: BLE001 - the general way gives the same bytes, or the same error
        return _w3c_json_general(record)


def _w3c_json_general(record: dict) -> tuple[bytes, int]:
    """:func:`_w3c_json` by way of :func:`article_to_w3c` (the reference)."""
    anns = article_to_w3c(record)
    dumps = orjson.dumps
    items = len(anns)
    try:
        parts = [dumps(a) if type(a) is not _Run else a.data for a in anns]
    except TypeError:  # what orjson refuses: annotation by annotation, as _json writes it
        parts = [_json(a) if type(a) is not _Run else a.data for a in anns]
    for a in anns:
        if type(a) is _Run:
            items += a.n - 1
    return _W3C_SEP.join(parts), items


def _w3c_json_fast(record: dict) -> tuple[bytes, int]:
    """:func:`_w3c_json_general`'s bytes, each annotation written as it is built (raises
    what orjson refuses: the caller then goes the general way)."""
    dumps = orjson.dumps
    iri = source_iri(record)
    aid = record["id"]
    note, review, tags = record["note"], record["review"], record["tags"]
    bodies = [{"type": "TextualBody", "purpose": "tagging", "value": t} for t in tags]
    purposes = ["tagging"] if bodies else []
    if note is not None:
        bodies.append({"type": "TextualBody", "purpose": "commenting", "value": note, "format": "text/plain"})
        purposes.append("commenting")
    if review != "unreviewed":
        bodies.append({"type": "TextualBody", "purpose": "assessing", "value": review})
        purposes.append("assessing")
    meta = {
        "article": aid, "source": record["source"], "title": record["title"], "date": record["date"],
        "content_hash": record["content_hash"], "source_status": record["source_status"], "read": record["read"],
        "review": review,
    }
    if record.get("warnings"):
        meta["warnings"] = record["warnings"]
    motivation = (purposes[0] if len(purposes) == 1 else purposes) if purposes else "assessing"
    if bodies:
        ann = {"id": f"urn:newsreader:annotation:{aid}:article", "type": "Annotation", "motivation": motivation, "body": bodies,
               "target": iri, "urn:newsreader:data": {"@type": "@json", "@value": meta}}
    else:
        ann = {"id": f"urn:newsreader:annotation:{aid}:article", "type": "Annotation", "motivation": motivation,
               "target": iri, "urn:newsreader:data": {"@type": "@json", "@value": meta}}
    parts = [dumps(ann)]
    items = 1
    for q in record["quotes"]:
        if type(q) is _Run:
            parts.append(q.data)
            items += q.n
            continue
        qid, status, qtags, qnote, speaker, prefix, suffix = q["id"], q["status"], q["tags"], q["note"], q["speaker"], q["prefix"], q["suffix"]
        if prefix and suffix:
            exact = {"type": "TextQuoteSelector", "exact": q["text"], "prefix": prefix, "suffix": suffix}
        else:
            exact = {"type": "TextQuoteSelector", "exact": q["text"]}
            if prefix:
                exact["prefix"] = prefix
            if suffix:
                exact["suffix"] = suffix
        target = {"source": iri, "selector": [{"type": "TextPositionSelector", "start": q["start"], "end": q["end"]}, exact]}
        data = {
            "@type": "@json",
            "@value": {
                "article": aid, "item": "quote", "id": qid, "origin": q["origin"], "kind": q["kind"], "cue": q["cue"],
                "engine_speaker": q["engine_speaker"], "speaker_correction": q["speaker_correction"],
                "confidence": q["confidence"], "orphan": q["orphan"],
            },
        }
        qann_id = f"urn:newsreader:annotation:{aid}:quote:{qid}" if qid is not None else f"urn:newsreader:annotation:{aid}:quote"
        if status == "unreviewed" and qnote is None and not qtags:
            # The motivation is "identifying" alone; a body only for a speaker.
            if speaker is not None:
                qann = {"id": qann_id, "type": "Annotation", "motivation": "identifying",
                        "body": [{"type": "TextualBody", "purpose": "identifying", "value": speaker}],
                        "target": target, "urn:newsreader:data": data}
            else:
                qann = {"id": qann_id, "type": "Annotation", "motivation": "identifying", "target": target, "urn:newsreader:data": data}
        else:
            # As _body and _motivation make them: "identifying" first, then each other
            # purpose once, in the order of the bodies.
            qbodies = [{"type": "TextualBody", "purpose": "identifying", "value": speaker}] if speaker is not None else []
            others = []
            if status != "unreviewed":
                qbodies.append({"type": "TextualBody", "purpose": "assessing", "value": status})
                others.append("assessing")
            if qtags:
                qbodies.extend([{"type": "TextualBody", "purpose": "tagging", "value": t} for t in qtags])
                others.append("tagging")
            if qnote is not None:
                qbodies.append({"type": "TextualBody", "purpose": "commenting", "value": qnote, "format": "text/plain"})
                others.append("commenting")
            qann = {"id": qann_id, "type": "Annotation", "motivation": ["identifying", *others], "body": qbodies,
                    "target": target, "urn:newsreader:data": data}
        parts.append(dumps(qann))
        items += 1
    for sp in record["spans"]:
        sid, snote, stags, prefix, suffix = sp["id"], sp["note"], sp["tags"], sp["prefix"], sp["suffix"]
        if prefix and suffix:
            exact = {"type": "TextQuoteSelector", "exact": sp["text"], "prefix": prefix, "suffix": suffix}
        else:
            exact = {"type": "TextQuoteSelector", "exact": sp["text"]}
            if prefix:
                exact["prefix"] = prefix
            if suffix:
                exact["suffix"] = suffix
        target = {"source": iri, "selector": [{"type": "TextPositionSelector", "start": sp["start"], "end": sp["end"]}, exact]}
        data = {"@type": "@json", "@value": {"article": aid, "item": "span", "id": sid, "orphan": sp["orphan"]}}
        span_id = f"urn:newsreader:annotation:{aid}:span:{sid}" if sid is not None else f"urn:newsreader:annotation:{aid}:span"
        sbodies = [{"type": "TextualBody", "purpose": "tagging", "value": t} for t in stags]
        if snote is not None:
            sbodies.append({"type": "TextualBody", "purpose": "commenting", "value": snote, "format": "text/plain"})
            motivation = ["tagging", "commenting"] if len(sbodies) > 1 else "commenting"
        else:
            motivation = "tagging" if sbodies else "highlighting"
        if sbodies:
            sann = {"id": span_id, "type": "Annotation", "motivation": motivation, "body": sbodies, "target": target, "urn:newsreader:data": data}
        else:
            sann = {"id": span_id, "type": "Annotation", "motivation": motivation, "target": target, "urn:newsreader:data": data}
        parts.append(dumps(sann))
        items += 1
    return _W3C_SEP.join(parts), items


def render_record(record: dict, fmt: str) -> tuple[bytes, int]:
    """One article record as ``fmt``'s writer writes it: the bytes, and how many items
    (annotations for ``w3c``, else 1) they hold.  Separators between records are the
    writer's."""
    if fmt in ("json", "jsonl"):
        return _record_json(record), 1
    if fmt == "csv":
        text = _csv_text(record)
        return (text if type(text) is bytes else text.encode("utf-8", "surrogatepass")), 1
    return _w3c_json(record)


class _Output:
    """Bytes to a binary stream, or (decoded) to a text stream, in large chunks.

    ``tee``, a :class:`_CacheStream`, gets every chunk too (the render cache's file is
    the export's bytes with an index, see :class:`RenderCache`).  A regular file gets
    each chunk's pieces as they are (``writev``), without joining them first.  Writing
    happens in the exporting thread: a background writer was measured and cost more than
    it saved (on an idle 2-core machine a W3C first export took 1.9 s with one against
    1.65 s without: ~13,000 context switches as the export's own file reads handed the
    GIL over).
    """

    CHUNK = 1 << 20

    def __init__(self, out: IO, tee: _CacheStream | None = None) -> None:
        self.out = out
        self.binary = isinstance(out, (io.RawIOBase, io.BufferedIOBase)) or "b" in str(getattr(out, "mode", ""))
        self.parts: list[bytes] = []
        self.size = 0
        #: Bytes written so far.
        self.total = 0
        self.tee = tee
        # Only a regular file is written by descriptor: a pipe or a terminal goes
        # through the stream, which knows how to wait on it.
        self.direct = self.binary and _is_regular_file(out)
        self._direct_fd: int | None = None

    def write(self, data: bytes) -> None:
        self.parts.append(data)
        self.size += len(data)
        if self.size >= self.CHUNK:
            self.flush()

    def flush(self) -> None:
        if not self.parts:
            return
        parts, size = self.parts, self.size
        self.parts = []
        self.size = 0
        self.total += size
        # Chunks end between whole pieces, so never inside a UTF-8 sequence.
        if self.direct:
            _write_fd(self._fd(), parts)
        else:
            data = b"".join(parts)
            self.out.write(data if self.binary else data.decode("utf-8", "surrogatepass"))
        if self.tee is not None:
            self.tee.add(parts, size)

    def _fd(self) -> int:
        """The regular file's descriptor, its buffer emptied first (what was written to
        ``out`` before goes before what this writes)."""
        if self._direct_fd is None:
            self.out.flush()
            self._direct_fd = self.out.fileno()
        return self._direct_fd

    def finish(self) -> None:
        """Write what is left."""
        self.flush()


def _write_fd(fd: int, parts: list[bytes]) -> None:
    """Write every piece to ``fd`` (``writev``, resuming after short writes)."""
    from annotations.storage import _write_all

    _write_all(fd, parts)


def _is_regular_file(out: IO) -> bool:
    try:
        return S_ISREG(os.fstat(out.fileno()).st_mode)
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return False


def write_records(
    records: Iterable[dict | RenderedRecord],
    out: IO,
    fmt: str,
    header: dict,
    *,
    total: int = 0,
    progress: Progress | None = None,
    result: ExportResult | None = None,
    sink: _Output | None = None,
    placed: Callable[[RenderedRecord, int], None] | None = None,
) -> ExportResult:
    """Write article records to a stream in ``fmt``, one article at a time.

    ``out`` is a binary stream (written UTF-8, the fast way) or a text stream (which
    should be UTF-8 with ``newline=""``).  ``records`` may hold :class:`RenderedRecord`
    items already rendered as ``fmt``.  ``total`` is passed on to ``progress(done,
    total)``, called after each article.  ``sink`` is the :class:`_Output` to write
    through (default: one for ``out``); ``placed(record, offset)`` is told where in the
    output each :class:`RenderedRecord`'s bytes begin.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    result = result or ExportResult(format=fmt)
    sink = sink or _Output(out)
    _write_records(records, sink, fmt, header, total, progress, result, placed)
    sink.finish()
    return result


def _write_records(
    records: Iterable[dict | RenderedRecord],
    sink: _Output,
    fmt: str,
    header: dict,
    total: int,
    progress: Progress | None,
    result: ExportResult,
    placed: Callable[[RenderedRecord, int], None] | None,
) -> None:
    write = sink.write
    done = 0
    n = 0  # items written (W3C annotations)

    if fmt == "json":
        head = json.dumps(header, ensure_ascii=False, indent=2)
        write((head[: head.rfind("}")].rstrip() + ',\n  "articles": [').encode("utf-8"))
        sep, first_sep = b",\n    ", b"\n    "
    elif fmt == "jsonl":
        sep = first_sep = b""
    elif fmt == "csv":
        # A byte order mark is how Excel knows the file is UTF-8 (pandas and
        # LibreOffice skip it); rows end in CRLF as RFC 4180 says.
        write(("\ufeff" + _csv_module_text([CSV_COLUMNS])).encode("utf-8"))
        sep = first_sep = b""
    else:  # w3c
        coll = w3c_collection_head(header)
        head = json.dumps(coll, ensure_ascii=False, indent=2)
        # The one page is embedded; the model wants it to have an IRI of its own.
        page_id = json.dumps(f"{coll['id']}:page:1")
        write(
            (
                head[: head.rfind("}")].rstrip()
                + f',\n  "first": {{\n    "id": {page_id},\n    "type": "AnnotationPage",\n    "startIndex": 0,\n    "items": ['
            ).encode("utf-8")
        )
        sep, first_sep = _W3C_SEP, b"\n      "

    for record in records:
        if type(record) is RenderedRecord:
            data, items = record.data, record.items
        else:
            data, items = render_record(record, fmt)
        if items:
            write(sep if n else first_sep)
            if placed is not None and type(record) is RenderedRecord:
                placed(record, sink.total + sink.size)
            write(data)
            n += items
        if fmt == "jsonl":
            write(b"\n")
        result.count(record)
        done += 1
        if progress is not None:
            progress(done, total)

    if fmt == "json":
        write(b"\n  ]\n}\n" if n else b"]\n}\n")
    elif fmt == "w3c":
        # "total" comes last so the collection streams; JSON objects are unordered.
        write((b"\n    ]" if n else b"]") + f"\n  }},\n  \"total\": {n}\n}}\n".encode("ascii"))


# --------------------------------------------------------------------------- from the store


@dataclass(slots=True)
class SourceText:
    """What an article's recorded source files hold now.

    ``status`` is ``ok`` (a source holds the annotated text: ``text`` is it),
    ``changed`` (the newest readable source holds other text: ``text`` is that),
    ``missing``/``unreadable`` (``text`` is None) or ``unknown`` (no source recorded).
    """

    status: str
    _text: str | None = None
    path: str | None = None
    content_hash: str | None = None
    reason: str | None = None
    #: The SHA-256 (hex) of the bytes ``text`` was read from.
    digest: str | None = None
    #: Those bytes, while ``text`` has not been needed yet.
    _data: bytes | None = None

    @property
    def text(self) -> str | None:
        """The text (decoded on first use: an export that finds the article rendered
        already needs only the hashes)."""
        if self._text is None and self._data is not None:
            self._text, self._data = _decode_sanitised(self._data), None
        return self._text


def _read_text(path: str) -> str:
    """A file's text as :func:`annotations.articles.load_article` sanitises it, without the
    paragraph and boilerplate analysis (an export only needs the text and its hash)."""
    return _decode_sanitised(_read_bytes(path))


def _read_bytes(path: str) -> bytes:
    """A regular file's bytes (at most :data:`annotations.articles.MAX_BYTES`)."""
    # The module's names are read here, not imported into this one, so a change to them
    # (a test's) holds for the export too; and no import runs for each of 10,000 files.
    MAX_BYTES, ArticleError = _articles.MAX_BYTES, _articles.ArticleError
    # O_NONBLOCK: opening a FIFO must not hang; fstat then refuses anything but a file.
    fd = os.open(path, os.O_RDONLY | _O_NONBLOCK)
    try:
        st = os.fstat(fd)
        if not S_ISREG(st.st_mode):
            raise ArticleError("not a regular file")
        if st.st_size > MAX_BYTES:
            raise ArticleError("too large")
        # One read of the size it has (a short read of a regular file is its end); only
        # a file that grew since the fstat needs more.
        data = os.read(fd, st.st_size + 1)
        if len(data) > st.st_size:
            chunks = [data]
            size = len(data)
            while chunk := os.read(fd, 65536):
                chunks.append(chunk)
                size += len(chunk)
                if size > MAX_BYTES:
                    raise ArticleError("too large")
            data = b"".join(chunks)
    finally:
        os.close(fd)
    return data


_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


#: Bytes that are, in UTF-8, a character :func:`annotations.text.sanitise` changes: C0
#: controls but tab and newline (carriage return included), and DEL.
_CONTROL_BYTES = bytes(range(0x00, 0x09)) + bytes(range(0x0B, 0x20)) + b"\x7f"
#: A C1 control character (U+0080-U+009F) in UTF-8.
_C1_UTF8 = re.compile(b"\xc2[\x80-\x9f]")


def _decode_sanitised(data: bytes) -> str:
    """``sanitise(decode(data)[0])``; a clean UTF-8 file (no BOM, no control character,
    the common case) is decoded without the character-by-character passes."""
    if not data.startswith(b"\xef\xbb\xbf") and len(data.translate(None, _CONTROL_BYTES)) == len(data) and _C1_UTF8.search(data) is None:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass  # invalid UTF-8 (or another BOM): decode() replaces and sanitise() cleans
    text, _ = _articles.decode(data)
    return sanitise(text)


def content_hash(text: str) -> str:
    """``sha256:`` and the SHA-256 of the article's normalised text; the article id is its first 16 digits."""
    import hashlib
    import unicodedata

    # The same normalisation as annotations.text.normalise_for_id (NFC, whitespace runs
    # to one space, stripped: str.split() splits on exactly what the regex \s+ matches)
    # at a quarter of the cost; find_source falls back to the official id on a mismatch.
    norm = " ".join((text if text.isascii() else unicodedata.normalize("NFC", text)).split())
    return "sha256:" + hashlib.sha256(norm.encode("utf-8", "surrogatepass")).hexdigest()


def find_source(article_id: str, sources: list[str], hashes: TextHashes | None = None) -> SourceText:
    """Find the annotated text among an article's recorded sources (newest first).

    ``hashes`` remembers each file content's :func:`content_hash` by the SHA-256 of its
    bytes, which is a tenth of the cost (the text's normalisation is the expensive part).
    """
    ArticleError = _articles.ArticleError
    if not sources:
        return SourceText("unknown", reason="no source file was recorded")
    changed: SourceText | None = None
    unreadable: str | None = None
    for src in reversed(sources):
        try:
            data = _read_bytes(src)
        except FileNotFoundError:
            continue
        except (OSError, ArticleError) as err:
            unreadable = unreadable or f"{src}: {getattr(err, 'strerror', None) or err}"
            continue
        raw = hashlib.sha256(data).hexdigest()
        if hashes is not None:
            known = hashes.known(raw)
            if known is not None and known[7:23] == article_id:
                return SourceText("ok", None, src, known, digest=raw, _data=data)
        text = _decode_sanitised(data)
        digest = content_hash(text) if hashes is None else hashes.content_hash(raw, text)
        if digest[7:23] != article_id:
            from annotations.articles import article_id as official_id

            if official_id(text) == article_id:  # only if the fast normalisation ever differs
                digest = _official_hash(text)
        if digest[7:23] == article_id:
            return SourceText("ok", text, src, digest, digest=raw)
        if changed is None:
            changed = SourceText("changed", text, src, None, f"{src} now holds different text", raw)
    if changed is not None:
        return changed
    if unreadable:
        return SourceText("unreadable", path=sources[-1], reason=f"cannot read {unreadable}")
    return SourceText("missing", path=sources[-1], reason=f"source file not found: {sources[-1]}")


class TextHashes:
    """:func:`content_hash` of file contents, remembered by the SHA-256 of their bytes.

    The same bytes always give the same text and so the same hash: an entry can never be
    stale, only unused, and a changed file (even one of the same size and time) has other
    bytes and is hashed afresh.  Kept beside the analysis cache (:data:`TEXT_HASHES_FILE`)
    as orjson; a file that is missing, damaged or of another :data:`TEXT_HASHES_FORMAT` is
    ignored (and replaced at the next save).  ``path`` None keeps it in memory only.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._known: dict[str, str] | None = None
        self.added: dict[str, str] = {}
        self._used: set[str] = set()

    def _load(self) -> dict[str, str]:
        known: dict[str, str] = {}
        if self.path is not None:
            try:
                data = orjson.loads(self.path.read_bytes())
                if isinstance(data, dict) and data.get("format") == TEXT_HASHES_FORMAT and isinstance(data.get("hashes"), dict):
                    known = {k: v for k, v in data["hashes"].items() if type(v) is str and v.startswith("sha256:") and len(v) == 71}
            except (OSError, ValueError):
                pass
        return known

    def known(self, raw: str) -> str | None:
        """The content hash remembered for bytes of SHA-256 ``raw`` (hex), if any."""
        known = self._known
        if known is None:
            known = self._known = self._load()
        digest = known.get(raw[:32])
        if digest is not None:
            self._used.add(raw[:32])
        return digest

    def content_hash(self, raw: str, text: str) -> str:
        """``content_hash(text)``, where ``text`` is what bytes of SHA-256 ``raw`` (hex) decode to."""
        known = self._known
        if known is None:
            known = self._known = self._load()
        key = raw[:32]
        self._used.add(key)
        digest = known.get(key)
        if digest is None:
            digest = known[key] = self.added[key] = content_hash(text)
        return digest

    def merge(self, added: dict[str, str]) -> None:
        """Take in what another copy (a forked helper's) added."""
        if self._known is None:
            self._known = self._load()
        self._known.update(added)
        self.added.update(added)
        self._used.update(added)

    def save(self) -> None:
        """Write the hashes when some were added (a file that cannot be written is no error).

        Entries not used by this export are kept up to a limit, then dropped: the file
        holds what the recent exports read, not every version of every file.
        """
        if self.path is None or not self.added or self._known is None:
            return
        known = self._known
        if len(known) > max(2 * len(self._used), TEXT_HASHES_KEEP):
            known = {k: v for k, v in known.items() if k in self._used}
        try:
            from annotations.storage import atomic_write_bytes

            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(self.path, orjson.dumps({"format": TEXT_HASHES_FORMAT, "hashes": known}), fsync=False)
            self.added = {}
        except OSError:
            pass


#: The file (in the analysis cache's folder) :class:`TextHashes` are kept in.
TEXT_HASHES_FILE = "text-hashes.json"
#: Its layout, and the text normalisation its hashes were made with.
TEXT_HASHES_FORMAT = 1
#: Unused entries are dropped once the file holds more than this (or twice the used ones).
TEXT_HASHES_KEEP = 50_000


def _official_hash(text: str) -> str:
    import hashlib

    from annotations.text import normalise_for_id

    return "sha256:" + hashlib.sha256(normalise_for_id(text).encode("utf-8", "surrogatepass")).hexdigest()


class RenderCache:
    """Each article's export in one format as last written, keyed by a digest of all it
    was made from (:func:`render_key`), so an export of 10,000 articles of which a few
    changed renders only those few.

    Kept beside the analysis cache, one file per format (``export-<fmt>.cache``):
    :attr:`MAGIC`, the rendered bytes in chunks, an orjson index (``format``, ``code``,
    ``chunks``: ``[length, CRC-32]`` of each chunk in order, ``entries``: each article's
    ``[key, offset, length, items, quotes, spans, orphans, warnings]``), and the index's
    length as a little-endian u64.  Nothing in it is trusted blindly: a file that is
    missing, damaged, of another :data:`RENDER_CACHE_FORMAT` or made by other code
    (:func:`_code_digest`: the export's own source and orjson's version) counts as empty,
    and each entry is used only when its key matches and the chunks holding its bytes
    check.  An export saves the entries it used (and made): articles no longer exported
    drop out.  ``path`` None keeps it in memory only (for this export).

    An export that renders most of its articles afresh streams the file as it writes
    its output (:meth:`stream`): the chunks are the export's own bytes, each article's
    entry pointing at its record among them, so the rendered bytes are not gathered and
    written a second time at the end.
    """

    MAGIC = b"newsreader-render-cache\n"
    #: Bytes of one chunk written at :meth:`save` (a streamed file's are the output's).
    SAVE_CHUNK = 4 << 20

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._index: dict[str, list] | None = None
        self._blob = b""
        self._chunks: list[tuple[int, int, int]] = []  # (offset, length, CRC-32)
        self._starts: list[int] = []
        self._checked: dict[int, bool] = {}
        self._new: dict[str, tuple[bytes, RenderedRecord]] = {}
        self._used: dict[str, tuple[bytes, RenderedRecord]] = {}
        self._stream: _CacheStream | None = None
        self._placed: dict[str, tuple[int, int]] = {}  # where a streamed record is: offset, length
        self.hits = 0

    def _load(self) -> dict[str, list]:
        if self.path is None:
            return {}
        try:
            raw = self.path.read_bytes()
        except OSError:
            return {}
        try:
            top = len(self.MAGIC)
            if not raw.startswith(self.MAGIC) or len(raw) < top + 8:
                return {}
            (n,) = struct.unpack_from("<Q", raw, len(raw) - 8)
            end = len(raw) - 8 - n
            if end < top:
                return {}
            head = orjson.loads(memoryview(raw)[end : len(raw) - 8])
            if not isinstance(head, dict) or head.get("format") != RENDER_CACHE_FORMAT or head.get("code") != _code_digest():
                return {}
            entries, chunks = head.get("entries"), head.get("chunks")
            if not isinstance(entries, dict) or type(chunks) is not list:
                return {}
            at = top
            table = []
            for chunk in chunks:
                if type(chunk) is not list or len(chunk) != 2 or type(chunk[0]) is not int or type(chunk[1]) is not int or chunk[0] < 0:
                    return {}
                table.append((at, chunk[0], chunk[1]))
                at += chunk[0]
            if at != end:
                return {}
        except (struct.error, ValueError):
            return {}
        self._blob, self._chunks, self._starts = raw, table, [c[0] for c in table]
        return entries

    def _intact(self, offset: int, length: int) -> bool:
        """True when ``length`` bytes from ``offset`` lie in chunks that check."""
        chunks = self._chunks
        end = offset + length
        if not chunks or offset < chunks[0][0] or end > chunks[-1][0] + chunks[-1][1]:
            return False
        k = bisect_right(self._starts, offset) - 1
        while k < len(chunks):
            start, size, crc = chunks[k]
            ok = self._checked.get(k)
            if ok is None:
                ok = self._checked[k] = zlib.crc32(memoryview(self._blob)[start : start + size]) == crc
            if not ok:
                return False
            if start + size >= end:
                return True
            k += 1
        return False

    def known(self, article_id: str) -> bool:
        """True when an entry for ``article_id`` is on file (whether or not still valid)."""
        if self._index is None:
            self._index = self._load()
        return article_id in self._index

    def _old(self, article_id: str) -> tuple[str, memoryview, list] | None:
        """An entry on file as ``(key, a view of its bytes, [items, quotes, spans, orphans,
        warnings])`` when it is well formed and its bytes check, else None."""
        entry = self._index.get(article_id) if self._index is not None else None
        if type(entry) is not list or len(entry) != 8:
            return None
        hexkey, offset, length, items, quotes, spans, orphans, warnings = entry
        if (
            type(hexkey) is not str or type(offset) is not int or type(length) is not int or offset < 0 or length < 0
            or type(items) is not int or type(quotes) is not int or type(spans) is not int or type(orphans) is not int
            or type(warnings) is not list or (warnings and set(map(type, warnings)) != _STR_TYPE)
        ):
            return None
        if not self._intact(offset, length):
            return None
        # A view, not a copy: the bytes are written out (or into the next file) as they are.
        return hexkey, memoryview(self._blob)[offset : offset + length], [items, quotes, spans, orphans, warnings]

    def get(self, article_id: str, key: bytes) -> RenderedRecord | None:
        """The rendered article, if made from exactly ``key``'s inputs."""
        if self._index is None:
            self._index = self._load()
        entry = self._index.get(article_id)
        if entry is None or type(entry) is not list or not entry or entry[0] != key.hex():
            return None
        old = self._old(article_id)
        if old is None:
            return None
        _, data, (items, quotes, spans, orphans, warnings) = old
        rendered = RenderedRecord(article_id, data, items, quotes, spans, orphans, list(warnings))
        self._used[article_id] = (key, rendered)
        self.hits += 1
        return rendered

    def put(self, key: bytes, rendered: RenderedRecord) -> None:
        """Remember a freshly rendered article (written at :meth:`save`)."""
        self._new[rendered.id] = (key, rendered)
        self._used[rendered.id] = (key, rendered)

    def added(self) -> dict[str, bytes]:
        """The keys of what this copy rendered (a forked helper sends them to its parent)."""
        return {aid: key for aid, (key, _) in self._new.items()}

    # ------------------------------------------------------------------ streaming

    def stream(self) -> _CacheStream | None:
        """Start writing the file anew from the export's own bytes: the returned stream is
        the :class:`_Output`'s ``tee``, and :meth:`placed` learns where each record went.
        None when there is no file to write (or it cannot be created)."""
        if self.path is None:
            return None
        try:
            from annotations.storage import clean_stray_temps

            clean_stray_temps(self.path)  # what an export that was killed left
            self._stream = _CacheStream(self.path, self.MAGIC)
        except OSError:
            self._stream = None
        self._placed = {}
        return self._stream

    def placed(self, rendered: RenderedRecord, offset: int) -> None:
        """``rendered`` is in the export's output at ``offset`` (what :meth:`stream` is written from)."""
        aid = rendered.id
        entry = self._used.get(aid)
        if self._stream is not None and entry is not None and aid not in self._placed and (entry[1] is rendered or entry[1].data == rendered.data):
            self._placed[aid] = (len(self.MAGIC) + offset, len(rendered.data))
            # The bytes are the stream's now: not kept twice (the memory is reused).
            light = (entry[0], RenderedRecord(aid, b"", rendered.items, rendered.quotes, rendered.spans, rendered.orphans, rendered.warnings))
            self._used[aid] = light
            if aid in self._new:
                self._new[aid] = light

    def discard(self) -> None:
        """Drop a started stream (the export failed): its temporary file is removed."""
        stream, self._stream = self._stream, None
        if stream is not None:
            stream.discard()

    # ------------------------------------------------------------------ saving

    def save(self, keep: Iterable[str] = ()) -> None:
        """Write the file when this export rendered articles afresh (a file that cannot be
        written is no error: the cache only saves time).

        It keeps what this export used and made, and of the rest the articles in ``keep``
        (those the store still has: another export may be filtered differently).  A
        streamed file gets what was not in the output, the index, and replaces the old one.
        """
        stream, self._stream = self._stream, None
        if self.path is None or not self._new or (stream is not None and stream.failed):
            if stream is not None:
                stream.discard()
            return
        index = self._index or {}
        entries: dict[str, list] = {}
        parts: list[bytes] = []
        offset = stream.offset if stream is not None else len(self.MAGIC)
        placed = self._placed if stream is not None else {}
        for aid, (key, rendered) in self._used.items():
            where = placed.get(aid)
            if where is None:
                data = rendered.data
                where = (offset, len(data))
                parts.append(data)
                offset += len(data)
            entries[aid] = [key.hex(), *where, rendered.items, rendered.quotes, rendered.spans, rendered.orphans, rendered.warnings]
        for aid in keep:
            if aid in index and aid not in self._used:
                old = self._old(aid)
                if old is None:
                    continue  # a damaged entry: left out
                hexkey, data, meta = old
                entries[aid] = [hexkey, offset, len(data), *meta]
                parts.append(data)
                offset += len(data)
        chunks = list(stream.chunks) if stream is not None else []
        data_parts: list[bytes] = []
        size = 0
        crc = 0
        for part in parts:
            crc = zlib.crc32(part, crc)
            size += len(part)
            data_parts.append(part)
            if size >= self.SAVE_CHUNK:
                chunks.append([size, crc])
                size = crc = 0
        if size:
            chunks.append([size, crc])
        head = orjson.dumps({"format": RENDER_CACHE_FORMAT, "code": _code_digest(), "chunks": chunks, "entries": entries})
        tail = [head, struct.pack("<Q", len(head))]
        try:
            if stream is not None:
                stream.commit([*data_parts, *tail])
            else:
                from annotations.storage import atomic_write_bytes

                self.path.parent.mkdir(parents=True, exist_ok=True)
                atomic_write_bytes(self.path, [self.MAGIC, *data_parts, *tail], fsync=False)
        except OSError:
            pass
        self._new = {}


class _CacheStream:
    """A :class:`RenderCache` file being written from an export's output (see
    :meth:`RenderCache.stream`): a temporary file beside it, renamed over it at
    :meth:`commit`."""

    def __init__(self, path: Path, magic: bytes) -> None:
        from annotations.storage import temp_prefix

        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = path.parent / f"{temp_prefix(path)}{os.getpid()}-{time.monotonic_ns() % 10**12}"
        self.fd = os.open(self.tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
        try:
            _write_fd(self.fd, [magic])
        except OSError:
            self.discard()
            raise
        #: Where the next chunk goes (reserved by :meth:`add`).
        self.offset = len(magic)
        #: ``[length, CRC-32]`` of each chunk written, in order.
        self.chunks: list[list[int]] = []
        self.failed = False

    def add(self, parts: list[bytes], size: int) -> None:
        """Write the next chunk (``parts``, ``size`` bytes in all) and remember its
        length and CRC-32; after a failed write the cache is only not kept."""
        self.offset += size
        if self.failed:
            return
        try:
            crc = 0
            for part in parts:
                crc = zlib.crc32(part, crc)
            _write_fd(self.fd, parts)
            self.chunks.append([size, crc])
        except (OSError, ValueError):
            self.failed = True

    def commit(self, tail: list[bytes]) -> None:
        """Write ``tail`` and put the file in place of the old one."""
        try:
            _write_fd(self.fd, tail)
            fd, self.fd = self.fd, -1
            os.close(fd)
            os.replace(self.tmp, self.path)
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        if self.fd >= 0:
            try:
                os.close(self.fd)
            except OSError:
                pass
            self.fd = -1
        try:
            os.unlink(self.tmp)
        except OSError:
            pass


#: The layout of a :class:`RenderCache` file.
RENDER_CACHE_FORMAT = 2
_STR_TYPE = {str}


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """What made a rendered article besides its inputs: the source of the modules that
    build and write records, and orjson's version (a :class:`RenderCache` made by other
    code is not used)."""
    h = hashlib.sha256(orjson.__version__.encode())
    for module in ("export", "exportview", "store", "anchor", "text", "articles", "model", "spans"):
        try:
            h.update((Path(__file__).with_name(f"{module}.py")).read_bytes())
        except OSError:
            h.update(os.urandom(16))  # unknown code: never the same twice
    return h.hexdigest()


def render_key(
    store: Any, article_id: str, doc: dict, src: SourceText, analyser: Analyser, fmt: str, annotated_only: bool, state: dict | None = None
) -> bytes | None:
    """A digest of everything an article's rendered export depends on, or None when
    something cannot be pinned down (then the article is rendered afresh, uncached).

    The format; the article's document (tags, note, read state, title, date, sources);
    its stored quotes and spans (:meth:`Store.annotation_fingerprint`); what its source
    holds (:class:`SourceText`: status, path, hashes of the text and of the bytes, the
    reason it is missing); and, when the engine's quotes are in it, the engine version
    and the fingerprint of the analysis cache's rows for the article
    (:meth:`annotations.corpus.AnalysisCache.rows_fingerprint`).  The code is in the
    cache file's :func:`_code_digest`.
    """
    fingerprint = getattr(store, "annotation_fingerprint", None)
    annotations = fingerprint(article_id) if fingerprint is not None else None
    if annotations is None:
        return None
    if state is None:
        state = _article_state(doc)
    engine = None
    if src.status == "ok" and not annotated_only:
        cache = analyser.cache
        fingerprint = getattr(cache, "rows_fingerprint", None)
        rows = fingerprint(article_id) if fingerprint is not None else None
        if rows is None:
            return None  # the engine would run: its result reaches the cache, and the next export
        engine = [getattr(cache, "version", None), rows]
    try:
        # One document (the store's fingerprint laid in as it is, after its length).
        data = orjson.dumps([
            ["json" if fmt == "jsonl" else fmt, annotated_only, article_id, state["read"], state["tags"], state["note"], state["title"], state["sources"], doc.get("date")],
            len(annotations),
            orjson.Fragment(annotations),
            [src.status, src.path, src.content_hash, src.reason, src.digest],
            engine,
        ])
    except TypeError:
        return None
    return hashlib.blake2b(data, digest_size=16).digest()


_REVIEW_ORDER = ("unreviewed", "in_progress", "reviewed")


def _article_state(doc: dict) -> dict:
    """The fields of an article document an export uses, with the store's defaults
    (as :meth:`Store.article_state`, which has no ``date``)."""
    tags = doc.get("tags")
    note = doc.get("note")
    title = doc.get("title")
    return {
        "read": bool(doc.get("read", False)),
        "tags": [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else [],
        "note": note if isinstance(note, str) else None,
        "title": title if isinstance(title, str) else None,
        "sources": list(doc.get("sources") or []),
    }


def review_state(quotes: list) -> str:
    """An article's review state from its anchored quotes: none, some or all reviewed
    (a piece is an anchored engine quote nobody touched: unreviewed)."""
    # Only the records are read (an export's quotes are mostly pieces).
    records = [q for q in quotes if type(q) is dict]
    anchored = len(quotes) - sum(1 for q in records if q["orphan"])
    reviewed = sum(1 for q in records if not q["orphan"] and q["status"] != "unreviewed")
    if not anchored or reviewed == 0:
        return "unreviewed"
    return "reviewed" if reviewed == anchored else "in_progress"


class Analyser:
    """The quote engine behind an export: cached results when there are some, else a fresh run.

    ``cache`` is an :class:`annotations.corpus.AnalysisCache` (or None for no cache).
    ``hashes`` (default: kept beside the cache, else in memory) is the :class:`TextHashes`
    the sources' content hashes are looked up in.
    """

    def __init__(self, cache: Any = None, hashes: TextHashes | None = None) -> None:
        self.cache = cache
        self.computed = 0
        if hashes is None:
            folder = getattr(cache, "dir", None)
            hashes = TextHashes(Path(folder) / TEXT_HASHES_FILE if isinstance(folder, (str, Path)) else None)
        self.hashes = hashes

    def quotes(self, article_id: str, text: str, source: str | None, title: str | None) -> list:
        if self.cache is not None:
            cached = self.cache.get(article_id)
            if cached is not None:
                return cached.quotes
        from annotations.articles import article_from_text
        from annotations.quotes import find_quotes

        article = article_from_text(text, Path(source) if source else None)
        analysis = find_quotes(article.text, article.boilerplate)
        self.computed += 1
        if self.cache is not None:
            from annotations.corpus import ArticleInfo

            self.cache.put(ArticleInfo(article_id, title or article.title, source or "", article.date), analysis, article.text)
        return analysis.quotes

    def rows(self, article_id: str, text: str, source: str | None, title: str | None) -> list[list]:
        """The engine's quotes as compact rows ``[start, end, text, kind, speaker, cue, confidence]``
        (what :meth:`Store.quote_records` takes): the cached rows as they are when they
        are well formed, which skips building a :class:`Quote` per quote; else from
        :meth:`quotes` (which drops a damaged cache entry and runs the engine)."""
        if self.cache is not None:
            rows_for = getattr(self.cache, "rows_for", None)
            if rows_for is not None:
                rows = rows_for((article_id,)).get(article_id)
                if rows is not None and _rows_ok(rows):
                    return rows
        return [[q.start, q.end, q.text, q.kind, q.speaker, q.cue, q.confidence] for q in self.quotes(article_id, text, source, title)]

    def quote_ids(self, article_id: str, rows: list[list]) -> list[str] | None:
        """The engine quote ids of ``rows`` (what :meth:`rows` gave) when the cache keeps
        them (:meth:`annotations.corpus.AnalysisCache.quote_ids`), else None."""
        quote_ids = getattr(self.cache, "quote_ids", None)
        if quote_ids is None:
            return None
        ids = quote_ids(article_id)
        return ids if ids is not None and len(ids) == len(rows) else None

    def helper_state(self) -> tuple[dict, dict]:
        """What this copy (a forked helper) learnt that the parent should save."""
        return self.hashes.added, dict(getattr(self.cache, "derived", None) or {})

    def take_state(self, state: Any) -> None:
        """Take in a helper's :meth:`helper_state`."""
        try:
            hashes, derived = state
            self.hashes.merge(dict(hashes))
            if derived and hasattr(self.cache, "add_derived"):
                self.cache.add_derived(dict(derived))
        except (TypeError, ValueError):
            pass  # nothing usable: it is only remembering

    def save(self) -> None:
        """Write what was computed to the cache (a cache that cannot be written is no error)."""
        if self.cache is not None and (self.computed or getattr(self.cache, "derived", None)):
            self.cache.save()
        self.hashes.save()


def _rows_ok(rows: Any) -> bool:
    """True when cached quote rows have the types :func:`annotations.corpus._quote_from_row`
    would produce (exact types: a bool is no offset, an int no confidence)."""
    if type(rows) is not list:
        return False
    if not rows:
        return True
    # A column at a time, C-level passes only (this runs for 150,000 rows): every row a
    # list of nine, then the set of types in each of the first seven columns.
    if set(map(type, rows)) != _LIST or set(map(len, rows)) != _NINE:
        return False
    starts, ends, texts, kinds, speakers, cues, confs = list(zip(*rows))[:7]
    return (
        set(map(type, starts)) == _INT and set(map(type, ends)) == _INT and set(map(type, texts)) == _STR
        and set(map(type, kinds)) == _STR and set(map(type, speakers)) <= _STR_OR_NONE
        and set(map(type, cues)) <= _STR_OR_NONE and set(map(type, confs)) == _FLOAT
    )


_LIST, _NINE, _INT, _STR, _FLOAT = {list}, {9}, {int}, {str}, {float}
_STR_OR_NONE = frozenset((str, type(None)))


def make_pieces(fmt: str, article_id: str, text: str, rows: list, ids: list, iri: str = "") -> list[bytes] | None:
    """The pieces of ``fmt`` (see :mod:`annotations.exportview`) for an article's engine
    rows: each row's untouched record (:func:`annotations.store.engine_records`, the
    confidence as :func:`article_record` rounds it) as that format's writer renders it --
    JSON, a CSV line from the speaker to the id (UTF-8), or a W3C annotation targeting
    ``iri`` (:func:`source_iri` of the source they are of: keep them under
    :func:`piece_key`) -- each followed by its format's :data:`PIECE_SEPARATORS`.  None
    when some row needs the general path (what orjson refuses, a row of other types)."""
    from annotations.store import engine_records

    if not _rows_ok(rows) or type(ids) is not list or len(ids) != len(rows) or not all(type(i) is str for i in ids):
        return None
    records = engine_records(article_id, text, rows, ids)
    for r in records:
        r["confidence"] = round(r["confidence"], 3)
    dumps = orjson.dumps
    try:
        if fmt in ("json", "jsonl"):
            return [dumps(r) + b"," for r in records]
        if fmt == "csv":
            lines = [_csv_quote_line(r) for r in records]
            if any(line is None or "\x00" in line for line in lines):
                return None
            return [line.encode("utf-8", "surrogatepass") + b"\x00" for line in lines]
        if fmt == "w3c":
            return [dumps(_w3c_plain_quote(article_id, iri, r)) + _W3C_SEP for r in records]
    except (TypeError, AttributeError):
        return None
    return None


def piece_key(fmt: str, key: str, iri: str) -> str:
    """The key ``fmt``'s pieces are kept under, from their :func:`annotations.exportview.view_key`:
    W3C pieces also hold the IRI of the source they target (:func:`source_iri`)."""
    if fmt != "w3c":
        return key
    return hashlib.blake2b(f"{key}\0{iri}".encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class _Run:
    """Consecutive pieces of one article's CSV or W3C export (``n`` quotes), joined by
    their writer's placeholder separator (see :data:`PIECE_SEPARATORS`)."""

    __slots__ = ("data", "n")

    def __init__(self, data: bytes, n: int) -> None:
        self.data = data
        self.n = n


class _Pieces:
    """An export's source of pieces (:mod:`annotations.exportview`) for one format: those
    on file when their key matches, else made now and remembered for the next export.

    :func:`article_record` puts each untouched engine quote in ``quotes`` as the number
    of its row (:meth:`find`); :meth:`splice` turns each run of consecutive ones into
    one object its writer takes as it is (an ``orjson.Fragment`` of the run's JSON
    objects, or a :class:`_Run`).
    """

    def __init__(self, view: Any, fmt: str, version: object) -> None:
        self.view = view
        self.fmt = "json" if fmt == "jsonl" else fmt
        self.sep = PIECE_SEPARATORS[self.fmt]
        self.version = version
        self.made = 0
        self._current: tuple[str, bytes, int, list[int]] | None = None

    def find(self, article_id: str, src: SourceText, analyser: Analyser) -> tuple[list, list[str]] | None:
        """The article's engine rows and their ids when there are pieces for exactly
        these rows, the source's bytes and this engine (made now if need be); else None."""
        self._current = None
        cache = analyser.cache
        rows_for = getattr(cache, "rows_for", None)
        fingerprint = getattr(cache, "rows_fingerprint", None)
        if rows_for is None or fingerprint is None or src.digest is None or src.text is None:
            return None
        rows = rows_for((article_id,)).get(article_id)
        if type(rows) is not list or not rows:
            return None
        ids = analyser.quote_ids(article_id, rows)
        digest = fingerprint(article_id)
        if ids is None or type(digest) is not str:
            return None
        key = view_key(self.version, article_id, src.digest, digest, ids)
        if key is None:
            return None
        # As article_record's record has it: a source found holding the text has a path.
        iri = source_iri({"source": src.path, "id": article_id}) if self.fmt == "w3c" else ""
        key = piece_key(self.fmt, key, iri)
        found = self.view.get(article_id, key)
        if found is None or len(found[2]) != len(rows):
            made = make_pieces(self.fmt, article_id, src.text, rows, ids, iri)
            if made is None:
                return None
            self.view.put(article_id, key, made)
            self.made += 1
            found = (b"".join(made), 0, [len(p) for p in made])
        self._current = (article_id, *found)
        return rows, ids

    def splice(self, record: dict) -> dict:
        """``record`` (made by :func:`article_record` after :meth:`find` for it) with its
        row numbers replaced by runs of pieces."""
        current = self._current
        quotes = record["quotes"]
        if current is None or current[0] != record["id"]:
            raise _Unspliced
        _, blob, base, lens = current
        offsets = [base]
        for n in lens:
            offsets.append(offsets[-1] + n)
        cut = len(self.sep)
        if self.fmt == "w3c":
            blob = memoryview(blob)  # its writer joins a run's bytes with the rest: no copy first
        out: list = []
        run_start = prev = -2
        for q in quotes + [None]:
            if type(q) is int and q == prev + 1:
                prev = q
                continue
            if run_start >= 0:
                data = blob[offsets[run_start] : offsets[prev + 1] - cut]
                out.append(orjson.Fragment(data) if self.fmt == "json" else _Run(data, prev + 1 - run_start))
                run_start = prev = -2
            if type(q) is int:
                run_start = prev = q
            elif q is not None:
                out.append(q)
        spliced = dict(record)
        spliced["quotes"] = out
        return spliced


#: What follows each piece in a view (and joins a run of them): in JSON and W3C the
#: writer's own separator; in CSV a NUL (which no piece holds), for the article's cells.
PIECE_SEPARATORS = {"json": b",", "csv": b"\x00", "w3c": b",\n      "}


def article_record(
    store: Any,
    article_id: str,
    analyser: Analyser | None = None,
    *,
    annotated_only: bool = False,
    doc: dict | None = None,
    src: SourceText | None = None,
    pieces: _Pieces | None = None,
    state: dict | None = None,
) -> dict:
    """One article's export record, built from the store and the article's source file.

    When a recorded source still holds the annotated text, the engine's quotes are laid
    under the user's corrections (:meth:`Store.quote_layer`) and every quote and span is
    re-anchored; quotes and spans that no longer anchor are exported as orphans.  When
    the source has changed, the stored quotes and spans are re-anchored to the new text
    (no engine quotes: they would be another text's).  When it is missing or unreadable,
    what the store holds is exported as stored (``orphan`` false: not judged) and the
    article carries a warning.  No annotation is ever left out.

    ``annotated_only`` leaves out the engine's quotes the user has not touched (and does
    not run or consult the engine): only what the user reviewed, corrected, tagged,
    noted or added.  The review state then never claims more than ``in_progress``:
    the engine's quotes were not looked at.

    ``doc`` is the article's document from :meth:`Store.articles` when the caller has
    it (an export of many articles reads them all at once), ``state`` its
    :func:`_article_state` when the caller made it; ``src`` what :func:`find_source`
    found for it, when the caller looked already.

    ``pieces`` (an export's, for its format): the engine quotes nobody touched are in
    ``quotes`` as their pieces, already rendered (:mod:`annotations.exportview`), where
    their records would be; only that format's writer takes such a record.
    """
    if doc is None:
        doc = store.article(article_id) or {}
    if state is None:
        state = _article_state(doc)
    sources = [s for s in state["sources"] if isinstance(s, str)]
    if src is None:
        src = find_source(article_id, sources, analyser.hashes if analyser is not None else None)
    warnings: list[str] = []
    title = state["title"]
    date = doc.get("date") if isinstance(doc.get("date"), str) else None
    if src.text is not None and src.status == "ok":
        if title is None or date is None:
            from annotations.articles import find_date, make_title

            title = title if title is not None else make_title(src.text)
            date = date if date is not None else find_date(src.text)
        analyser = analyser or Analyser()
        found = pieces.find(article_id, src, analyser) if pieces is not None and not annotated_only else None
        if found is not None:
            # The rows are the ones the pieces were made of, which were checked then
            # (make_pieces): their key holds the rows' fingerprint, as the render key
            # does.  Only rows whose fingerprint no longer tells them (a cache file
            # changed by hand) could be of other types: such an article is built the
            # general way, which checks the rows (Analyser.rows).
            engine_rows, engine_ids = found
            try:
                anchored, quote_orphans = store.quote_records(article_id, src.text, engine_rows, engine_ids, pieces=range(len(engine_rows)))
                for q in anchored:  # rounded as below (again there: the same value)
                    if type(q) is dict and q["confidence"] is not None:
                        q["confidence"] = round(q["confidence"], 3)
            except (TypeError, ValueError, IndexError, KeyError, AttributeError):
                found = pieces._current = None
        if found is None:
            engine_rows = [] if annotated_only else analyser.rows(article_id, src.text, src.path, title)
            engine_ids = analyser.quote_ids(article_id, engine_rows) if engine_rows else None
            anchored, quote_orphans = store.quote_records(article_id, src.text, engine_rows, engine_ids)
        span_items, span_orphans = _span_records(store, article_id, src.text)
        judged = True
    else:
        text = src.text if src.text is not None else ""
        anchored, quote_orphans = store.quote_records(article_id, text, [])
        span_items, span_orphans = _span_records(store, article_id, text)
        judged = src.text is not None
        if src.reason:
            warnings.append(f"{src.reason}; exported the annotations as stored")
    quotes = anchored + quote_orphans
    for q in quotes:
        # Three decimals, as the engine's own JSON and the analysis cache give it: a fresh
        # run and a cached one must export the same document (pieces are rounded).
        if type(q) is dict:
            conf = q["confidence"]
            if conf is not None:
                q["confidence"] = round(conf, 3)
    spans = span_items + span_orphans
    if not judged:
        for item in quotes + spans:
            item["orphan"] = False
        quotes.sort(key=lambda q: (q["start"], q["end"], q["id"]))
        spans.sort(key=lambda s: (s["start"], s["end"], s["id"]))
    elif quote_orphans or span_orphans:
        n = len(quote_orphans) + len(span_orphans)
        warnings.append(f"{n} annotation{'s' if n != 1 else ''} no longer found in the text (exported as orphans)")
    record = {
        "id": article_id,
        "source": src.path if src.path is not None else (sources[-1] if sources else None),
        "title": sanitise(title) if title is not None else None,
        "date": date,
        "content_hash": src.content_hash,
        "source_status": src.status if sources else "unknown",
        "tags": list(state["tags"]),
        "note": state["note"],
        "read": bool(state["read"]),
        "review": review_state(quotes) if not annotated_only else min(review_state(quotes), "in_progress", key=_REVIEW_ORDER.index),
        "quotes": quotes,
        "spans": spans,
    }
    if warnings:
        record["warnings"] = warnings
    return record


def _span_records(store: Any, article_id: str, text: str) -> tuple[list[dict], list[dict]]:
    records = getattr(store, "span_records", None)
    if records is not None:
        return records(article_id, text)
    layer = store.span_layer(article_id, text)
    return [s.to_record() for s in layer.spans], [s.to_record() for s in layer.orphans]


def select_articles(store: Any, *, tag: str | None = None, article: str | None = None) -> list[str]:
    """The ids to export: every article the store knows, or those carrying ``tag`` (on the
    article, a quote or a span), or the one ``article`` names (an id, a unique id prefix,
    or the path of its file).  Raises :class:`ExportError` for an article it does not know."""
    ids = store.article_ids()
    if tag is not None:
        tagged = set(store.articles_with_tag(tag, anywhere=True))
        ids = [a for a in ids if a in tagged]
    if article is not None:
        wanted = _resolve_article(store, article, ids if tag is None else store.article_ids())
        ids = [a for a in ids if a == wanted]
    return ids


def _resolve_article(store: Any, article: str, known: list[str]) -> str:
    if article in known:
        return article
    if os.path.exists(article):
        try:
            aid = content_hash(_read_text(article))[7:23]
        except Exception as err:  # noqa: BLE001 - any unreadable file is the same one-line error
            raise ExportError(f"cannot read {article}: {getattr(err, 'strerror', None) or err}") from None
        if aid in known:
            return aid
        raise ExportError(f"no annotations for {article} (article id {aid})")
    matches = [a for a in known if a.startswith(article)] if len(article) >= 4 else []
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise ExportError(f"article id prefix {article!r} is ambiguous ({len(matches)} articles)")
    raise ExportError(f"no annotations for article {article!r} (give an article id or the path of its file)")


def _default_analyser() -> Analyser:
    try:
        from annotations.corpus import AnalysisCache

        return Analyser(AnalysisCache())
    except Exception:  # noqa: BLE001 - no cache is slower, never wrong
        return Analyser()


def export_to_stream(
    store: Any,
    out: IO[str],
    fmt: str = "json",
    *,
    tag: str | None = None,
    article: str | None = None,
    progress: Progress | None = None,
    analyser: Analyser | None = None,
    exported_at: str | None = None,
    annotated_only: bool = False,
    workers: int | None = None,
    reuse: bool = True,
) -> ExportResult:
    """Export the store to a stream: binary (written UTF-8; the fast way) or text (which
    should be UTF-8 with ``newline=""``).

    ``workers``: ``None`` (default) or ``1`` builds every record in this process;
    ``n`` > 1 has ``n - 1`` forked copies of the process build the later parts of the
    export meanwhile (where :func:`annotations.forked.fork_available`).  One process is
    the default because a helper always cost more than it saved: handing its share back
    (pickled through a file) is dear (10,000 articles, first export, 2 cores, CPU: json
    2.1 s split against 1.55 s in one process, jsonl 2.15 against 1.56, csv 2.5 against
    2.1), so with anything else running it finished later too; only on an otherwise idle
    machine did a split CSV export finish sooner (1.3 s against 1.7).  The output is the
    same either way.

    ``reuse``: take an article as an earlier export rendered it when nothing it is
    made from has changed since (:class:`RenderCache`, kept beside the analysis cache);
    False renders every article afresh and leaves that cache alone.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    ids = select_articles(store, tag=tag, article=article)
    # With annotated_only the engine is neither run nor consulted; the cache's folder
    # still keeps the sources' content hashes (TextHashes).
    analyser = analyser or _default_analyser()
    header = document_header(exported_at=exported_at, tag=tag, article=article)
    if annotated_only:
        header["filter"]["annotated_only"] = True
    # The export builds millions of objects and frees few: the cyclic collector would
    # spend most of the time walking them (see annotations.gcpause).
    snapshot = getattr(store, "snapshot", None)
    folder = analyser.hashes.path.parent if analyser.hashes.path is not None else None
    # JSON and JSON Lines write an article alike: one cache for both.
    kind = "json" if fmt == "jsonl" else fmt
    renders = RenderCache(folder / f"export-{kind}{'-annotated' if annotated_only else ''}.cache" if folder is not None and reuse else None)
    # The engine's quotes nobody touched, rendered ahead (annotations.exportview): kept
    # with the analysis cache, which makes them as it stores the engine's results.
    view_of = getattr(analyser.cache, "view", None) if reuse and not annotated_only else None
    pieces = _Pieces(view_of(fmt), fmt, getattr(analyser.cache, "version", None)) if view_of is not None else None
    with paused_gc(), (snapshot() if snapshot is not None else contextlib.nullcontext()):
        # One state of the file for the whole export (each store read would otherwise
        # check the file on disk), and one read of every article document.
        docs = {d["id"]: d for d in store.articles()}
        keys: dict[str, tuple[bytes, bool]] = {}  # what this process (or helper) rendered or found

        def render(aid: str) -> RenderedRecord:
            doc = docs.get(aid, {})
            sources = [s for s in list(doc.get("sources") or []) if isinstance(s, str)]  # as article_record's
            src = find_source(aid, sources, analyser.hashes)
            state = _article_state(doc)  # for the key and the record alike
            key = render_key(store, aid, doc, src, analyser, fmt, annotated_only, state)
            if key is not None:
                hit = renders.get(aid, key)
                if hit is not None:
                    keys[aid] = (key, False)
                    return hit
            record = article_record(store, aid, analyser, annotated_only=annotated_only, doc=doc, src=src, pieces=pieces, state=state)
            try:
                if pieces is not None and any(type(q) is int for q in record["quotes"]):
                    rendered = RenderedRecord.of(record, fmt, pieces.splice(record))
                else:
                    rendered = RenderedRecord.of(record, fmt)
            except _Unspliced:  # the general path of the writer: built again, without pieces
                rendered = RenderedRecord.of(article_record(store, aid, analyser, annotated_only=annotated_only, doc=doc, src=src), fmt)
            if key is not None:
                renders.put(key, rendered)
                keys[aid] = (key, True)
            return rendered

        def take(state: Any, rendered: list[RenderedRecord]) -> None:
            try:
                analyser_state, helper_keys = state
                analyser.take_state(analyser_state)
                for r in rendered:
                    key, fresh = helper_keys.get(r.id, (None, False))
                    if type(key) is bytes:
                        renders.put(key, r) if fresh else renders.get(r.id, key)
            except (TypeError, ValueError, AttributeError):
                pass  # nothing usable: it is only remembering

        # Articles rendered before are only read back: not worth a helper process.
        mostly_new = sum(map(renders.known, ids)) * 2 < len(ids)
        plan = _split_plan(ids, fmt, analyser, annotated_only, workers) if mostly_new else None
        if plan and pieces is not None:
            pieces.view.preload()  # read once, before the fork: the helpers share it
        records = _records(ids, render, plan, fmt, helper_state=lambda: (analyser.helper_state(), keys), take_state=take)
        # Most articles rendered afresh: the render cache is written from the output as
        # it goes.
        sink = _Output(out, renders.stream() if mostly_new else None)
        try:
            result = write_records(records, out, fmt, header, total=len(ids), progress=progress, sink=sink, placed=renders.placed)
        except BaseException:
            renders.discard()
            raise
        finally:
            records.close()  # stops a forked helper at once if writing failed
        analyser.save()
        if pieces is not None:
            pieces.view.save()
        renders.save(keep=store.article_ids())
    return result


#: Building all the records costs about this many times writing them out (measured on
#: the benchmark's data); it decides how much the writing process builds itself.
_BUILD_TO_WRITE = 5.0


def _split_plan(ids: list[str], fmt: str, analyser: Analyser, annotated_only: bool, workers: int | None) -> list[tuple[int, int]] | None:
    """The ``(start, end)`` slices of ``ids`` forked helpers build (this process builds
    ``ids[:plan[0][0]]`` and writes everything), or None to build all here: always
    unless ``workers`` asks for more than one process (see :func:`export_to_stream`)."""
    from annotations.forked import fork_available

    if workers is None or workers < 2 or fmt not in FORMATS or len(ids) < 2 or not fork_available():
        return None
    workers = min(workers, len(ids))
    # Every process should finish together: this one also writes what the helpers made.
    share = max(0.1, (_BUILD_TO_WRITE - (workers - 1)) / (_BUILD_TO_WRITE * workers))
    first = max(1, int(len(ids) * share))
    if not annotated_only:
        # Helpers' analyses would not reach the cache this process saves: split only
        # when their share is all cached (this also loads the cache before the fork).
        cache = analyser.cache
        try:
            if cache is None or not all(aid in cache for aid in ids[first:]):
                return None
        except Exception:  # noqa: BLE001 - an unusual cache object: do not split
            return None
    helpers = workers - 1
    bounds = [first + (len(ids) - first) * k // helpers for k in range(helpers + 1)]
    return [(lo, hi) for lo, hi in zip(bounds, bounds[1:]) if hi > lo]


def _records(
    ids: list[str],
    build: Callable[[str], dict],
    plan: list[tuple[int, int]] | None,
    fmt: str = "json",
    helper_state: Callable[[], Any] = lambda: None,
    take_state: Callable[[Any, list[RenderedRecord]], None] = lambda state, rendered: None,
) -> Iterator[dict | RenderedRecord]:
    """The records of ``ids`` in order; the slices in ``plan`` built by forked helpers,
    which run while this process builds (and the caller writes) the first part.  What a
    helper does not deliver is built here: helpers can only make an export faster."""
    if not plan:
        for aid in ids:
            yield build(aid)
        return
    from annotations.forked import ForkedCall, ForkFailed, fork_available

    if not fork_available():  # a thread started since the plan was made: no fork now
        for aid in ids:
            yield build(aid)
        return
    helpers: list[tuple[list[str], ForkedCall]] = []
    try:
        for lo, hi in plan:
            chunk = ids[lo:hi]
            helpers.append((chunk, ForkedCall(lambda chunk=chunk: ([_rendered(build(aid), fmt) for aid in chunk], helper_state()))))
        started = time.monotonic()
        for aid in ids[: plan[0][0]]:
            yield build(aid)
        for chunk, helper in helpers:
            try:
                # Generous: a loaded machine may slow a helper as much as this process.
                rendered, state = helper.result(timeout=max(60.0, 4 * (time.monotonic() - started)))
            except (ForkFailed, TypeError, ValueError):  # failed, or not the (records, state) pair
                rendered = state = None
            if type(rendered) is not list or [getattr(r, "id", None) for r in rendered] != chunk:
                for aid in chunk:
                    yield build(aid)
            else:
                take_state(state, rendered)
                yield from rendered
    finally:
        for _, helper in helpers:
            helper.cancel()


def _rendered(record: dict | RenderedRecord, fmt: str) -> RenderedRecord:
    """``record`` rendered, its data as ``bytes`` (what a forked helper can hand back)."""
    rendered = record if type(record) is RenderedRecord else RenderedRecord.of(record, fmt)
    if type(rendered.data) is not bytes:
        rendered.data = bytes(rendered.data)
    return rendered


def export_to_file(
    store: Any,
    path: str | Path,
    fmt: str = "json",
    *,
    tag: str | None = None,
    article: str | None = None,
    progress: Progress | None = None,
    analyser: Analyser | None = None,
    exported_at: str | None = None,
    annotated_only: bool = False,
    workers: int | None = None,
    reuse: bool = True,
) -> ExportResult:
    """Export the store to ``path``, atomically: a failed export leaves no half-written file.

    Raises :class:`ExportError` (one line) when the file cannot be written.
    """
    path = Path(path).expanduser()
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give a file name")
    store_path = getattr(store, "path", None)
    if store_path is not None:
        db = Path(store_path).expanduser().resolve()
        target = path.resolve()
        if target == db or target.name.startswith(db.name + ".") and target.parent == db.parent:
            raise ExportError(f"{path} is the annotation file itself (or one of its backups); choose another name")
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise ExportError(f"cannot write to {folder}: {err.strerror or err}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            result = export_to_stream(
                store, fh, fmt, tag=tag, article=article, progress=progress, analyser=analyser,
                exported_at=exported_at, annotated_only=annotated_only, workers=workers, reuse=reuse,
            )
            fh.flush()
            os.fsync(fh.fileno())
        try:
            mode = os.stat(path).st_mode & 0o777 if path.exists() else 0o644
            os.chmod(tmp, mode)
        except OSError:
            pass
        os.replace(tmp, path)
    except OSError as err:
        _remove(tmp)
        raise ExportError(f"cannot write {path}: {err.strerror or err}") from None
    except BaseException:
        _remove(tmp)
        raise
    result.path = path
    return result


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def build_document(
    store: Any,
    *,
    tag: str | None = None,
    article: str | None = None,
    analyser: Analyser | None = None,
    exported_at: str | None = None,
    annotated_only: bool = False,
) -> dict:
    """The whole JSON export document in memory (for small exports and tests)."""
    buf = io.StringIO()
    export_to_stream(store, buf, "json", tag=tag, article=article, analyser=analyser, exported_at=exported_at, annotated_only=annotated_only)
    return json.loads(buf.getvalue())
