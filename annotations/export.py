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
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

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
        parts = [f"{self.articles} article{'s' if self.articles != 1 else ''}", f"{self.quotes} quotes", f"{self.spans} spans"]
        if self.orphans:
            parts.append(f"{self.orphans} orphaned")
        return f"Exported {', '.join(parts)} as {self.format.upper()} to {where}"

    def count(self, record: dict) -> None:
        """Add one article record to the totals."""
        self.articles += 1
        self.quotes += len(record["quotes"])
        self.spans += len(record["spans"])
        self.orphans += sum(1 for q in record["quotes"] if q["orphan"]) + sum(1 for s in record["spans"] if s["orphan"])
        for w in record.get("warnings", ()):
            self.warnings.append(f"{record['id']}: {w}")


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


# --------------------------------------------------------------------------- W3C


def source_iri(record: dict) -> str:
    """The IRI a W3C annotation targets: the source file's ``file:`` URI, else a URN of the id."""
    source = record.get("source")
    if source:
        p = Path(source)
        if p.is_absolute():
            try:
                return p.as_uri()
            except ValueError:
                pass
    return f"urn:newsreader:article:{record['id']}"


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
    return {
        "source": iri,
        "selector": [
            {"type": "TextPositionSelector", "start": item["start"], "end": item["end"]},
            {"type": "TextQuoteSelector", "exact": item["text"], "prefix": item["prefix"], "suffix": item["suffix"]},
        ],
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
    out: list[dict] = []

    bodies = [_body("tagging", t) for t in record["tags"]]
    if record["note"] is not None:
        bodies.append(_body("commenting", record["note"]))
    if record["review"] != "unreviewed":
        bodies.append(_body("assessing", record["review"]))
    meta = {
        "article": aid,
        "source": record["source"],
        "title": record["title"],
        "date": record["date"],
        "content_hash": record["content_hash"],
        "source_status": record["source_status"],
        "read": record["read"],
        "review": record["review"],
    }
    if record.get("warnings"):
        meta["warnings"] = record["warnings"]
    ann: dict[str, Any] = {"id": annotation_id(aid, "article"), "type": "Annotation", "motivation": _motivation(bodies, "assessing")}
    if bodies:
        ann["body"] = bodies
    ann["target"] = iri
    ann[W3C_EXTENSION] = _extension(meta)
    out.append(ann)

    for q in record["quotes"]:
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

    for s in record["spans"]:
        bodies = [_body("tagging", t) for t in s["tags"]]
        if s["note"] is not None:
            bodies.append(_body("commenting", s["note"]))
        ann = {"id": annotation_id(aid, "span", s["id"]), "type": "Annotation", "motivation": _motivation(bodies, "highlighting")}
        if bodies:
            ann["body"] = bodies
        ann["target"] = _target(iri, s)
        ann[W3C_EXTENSION] = _extension({"article": aid, "item": "span", "id": s["id"], "orphan": s["orphan"]})
        out.append(ann)
    return out


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


def _dumps(obj: Any) -> str:
    # ensure_ascii=False keeps names readable; the file is UTF-8.  Lone surrogates
    # cannot reach here: article text is decoded with errors="replace".
    return json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))


def write_records(
    records: Iterable[dict],
    out: IO[str],
    fmt: str,
    header: dict,
    *,
    total: int = 0,
    progress: Progress | None = None,
    result: ExportResult | None = None,
) -> ExportResult:
    """Write article records to a text stream in ``fmt``, one article at a time.

    ``total`` is passed on to ``progress(done, total)``, called after each article.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    result = result or ExportResult(format=fmt)
    done = 0

    def tick(record: dict) -> None:
        nonlocal done
        result.count(record)
        done += 1
        if progress is not None:
            progress(done, total)

    if fmt == "json":
        head = json.dumps(header, ensure_ascii=False, indent=2)
        out.write(head[: head.rfind("}")].rstrip() + ',\n  "articles": [')
        first = True
        for record in records:
            out.write("\n    " if first else ",\n    ")
            out.write(_dumps(record))
            first = False
            tick(record)
        out.write("]\n}\n" if first else "\n  ]\n}\n")
    elif fmt == "jsonl":
        for record in records:
            out.write(_dumps(record))
            out.write("\n")
            tick(record)
    elif fmt == "csv":
        # A byte order mark is how Excel knows the file is UTF-8 (pandas and
        # LibreOffice skip it); rows end in CRLF as RFC 4180 says.
        out.write("\ufeff")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        for record in records:
            writer.writerows(csv_rows(record))
            tick(record)
    else:  # w3c
        head = json.dumps(w3c_collection_head(header), ensure_ascii=False, indent=2)
        out.write(head[: head.rfind("}")].rstrip() + ',\n  "first": {\n    "type": "AnnotationPage",\n    "startIndex": 0,\n    "items": [')
        n = 0
        for record in records:
            for ann in article_to_w3c(record):
                out.write("\n      " if n == 0 else ",\n      ")
                out.write(_dumps(ann))
                n += 1
            tick(record)
        # "total" comes last so the collection streams; JSON objects are unordered.
        out.write(("\n    ]" if n else "]") + f"\n  }},\n  \"total\": {n}\n}}\n")
    return result
