"""Importing annotations: merge a JSON or W3C export into a store, safely and idempotently.

An import happens in two phases.  :func:`read_export` reads and checks the *whole* file
first — UTF-8, JSON, the right schema and version, every value's type and length, no
control characters or lone surrogates — and turns it into article records (the shape of
the JSON export's ``articles``).  Only when all of it is good does :func:`merge` write
anything, so bad input gives one :class:`ImportFileError` and leaves the store untouched.

Merging never drops an annotation and a second run changes nothing:

* tags are united; ``read`` is kept once set;
* a note that differs from the one already there is a conflict: the local note is kept
  and the imported one appended below it (unless it is already in there);
* a quote or span is matched by its anchor (start, end and text); quote corrections
  (speaker, accepted/rejected) that differ from local ones are conflicts resolved in
  favour of the local value, and reported with both values;
* a quote or span whose text cannot be found in the article as it is now is stored as
  an orphan and reported as "could not anchor".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotations.export import SCHEMA_NAME, SCHEMA_VERSION, W3C_CONTEXT, W3C_EXTENSION, load_schema

#: Import files larger than this are refused (a year of heavy annotation is far smaller).
MAX_IMPORT_BYTES = 512 * 1024 * 1024

# Control characters other than tab and newline: never in sanitised article text, tags
# or notes, so their presence means a hostile or broken file.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Names (tags, speakers, ids) are single-line.
_NAME_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# What in JSON text can decode to a control character or a lone surrogate: an escape of
# one (\u0000-\u001f, \u007f-\u009f, \ud800-\udfff, \b, \f, \r) or a raw DEL/C1 character
# (JSON only forbids raw characters below U+0020).  A hit means "check every string".
_MAYBE_BAD_STRING = re.compile(r"\\u(?:00[01]|007[fF]|00[89]|[dD][89a-fA-F])|\\[bfr]|[\x7f-\x9f]")


class ImportFileError(Exception):
    """An import file that cannot be merged; ``str(err)`` is one clear line."""


# --------------------------------------------------------------------------- schema check


def _describe(path: list) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "the document"


_JSON_TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "null": type(None),
}


def _is_type(value: Any, name: str) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, _JSON_TYPES[name])


def check_schema(value: Any, schema: dict | bool, root: dict, path: list) -> None:
    """Check ``value`` against the subset of JSON Schema the export schema uses.

    The shipped schema is the one source of truth; this small interpreter keeps
    ``jsonschema`` out of the runtime dependencies.  Raises :class:`ImportFileError` at the
    first problem, naming where it is.
    """
    if schema is True:
        return
    if schema is False:
        raise ImportFileError(f"unexpected field {_describe(path)}")
    if "$ref" in schema:
        ref = schema["$ref"]
        node: Any = root
        for part in ref.lstrip("#/").split("/"):
            node = node[part]
        check_schema(value, node, root, path)
    for sub in schema.get("allOf", ()):
        check_schema(value, sub, root, path)
    if "const" in schema and (value != schema["const"] or type(value) is not type(schema["const"])):
        raise ImportFileError(f"{_describe(path)} must be {json.dumps(schema['const'])}")
    if "enum" in schema and value not in schema["enum"]:
        raise ImportFileError(f"{_describe(path)} must be one of {', '.join(json.dumps(e) for e in schema['enum'])}")
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is_type(value, t) for t in types):
            raise ImportFileError(f"{_describe(path)} must be {' or '.join(types)}")
    if isinstance(value, str):
        if len(value) > schema.get("maxLength", len(value)):
            raise ImportFileError(f"{_describe(path)} is too long ({len(value)} characters, at most {schema['maxLength']})")
        if len(value) < schema.get("minLength", 0):
            raise ImportFileError(f"{_describe(path)} must not be empty")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value != value or value in (float("inf"), float("-inf")):
            raise ImportFileError(f"{_describe(path)} must be a finite number")
        if "minimum" in schema and value < schema["minimum"]:
            raise ImportFileError(f"{_describe(path)} must be at least {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            raise ImportFileError(f"{_describe(path)} must be at most {schema['maximum']}")
    if isinstance(value, dict):
        for key in schema.get("required", ()):
            if key not in value:
                raise ImportFileError(f"{_describe(path)} lacks the field {key!r}")
        props = schema.get("properties", {})
        for key, item in value.items():
            if key in props:
                check_schema(item, props[key], root, path + [key])
            elif schema.get("additionalProperties", True) is False:
                raise ImportFileError(f"{_describe(path)} has an unknown field {key[:40]!r}")
    if isinstance(value, list):
        if "items" in schema:
            for i, item in enumerate(value):
                check_schema(item, schema["items"], root, path + [i])
        if schema.get("uniqueItems") and len({json.dumps(v, sort_keys=True) for v in value}) != len(value):
            raise ImportFileError(f"{_describe(path)} holds the same value twice")


def _check_strings(value: Any, path: list) -> None:
    """Refuse lone surrogates and control characters anywhere in the document."""
    if isinstance(value, str):
        if _SURROGATE.search(value):
            raise ImportFileError(f"{_describe(path)} holds an invalid character (lone UTF-16 surrogate)")
        m = _CONTROL.search(value)
        if m:
            raise ImportFileError(f"{_describe(path)} holds a control character (U+{ord(m.group()):04X})")
    elif isinstance(value, dict):
        for k, v in value.items():
            _check_strings(k, path + ["(key)"])
            _check_strings(v, path + [k])
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _check_strings(v, path + [i])


def _check_names(records: list[dict]) -> None:
    """Tags, speakers and ids are one line each; spans lie the right way round."""

    def name(value: str | None, path: list) -> None:
        if value is not None and _NAME_CONTROL.search(value):
            raise ImportFileError(f"{_describe(path)} must be one line")

    for i, rec in enumerate(records):
        base: list = ["articles", i]
        name(rec["id"], base + ["id"])
        for j, t in enumerate(rec["tags"]):
            name(t, base + ["tags", j])
        for kind in ("quotes", "spans"):
            item_ids = [item["id"] for item in rec[kind]]
            if len(set(item_ids)) != len(item_ids):
                raise ImportFileError(f"{_describe(base + [kind])} lists the same id twice")
            for j, item in enumerate(rec[kind]):
                p = base + [kind, j]
                name(item["id"], p + ["id"])
                for k, t in enumerate(item["tags"]):
                    name(t, p + ["tags", k])
                for key in ("speaker", "engine_speaker", "speaker_correction", "cue"):
                    name(item.get(key), p + [key])
                if item["end"] < item["start"]:
                    raise ImportFileError(f"{_describe(p)} ends before it starts")
    ids = [rec["id"] for rec in records]
    if len(set(ids)) != len(ids):
        raise ImportFileError("the file lists the same article twice")


# --------------------------------------------------------------------------- W3C input

_KINDS = ("direct", "partial", "indirect")


def _ext(obj: dict) -> dict | None:
    """newsreader's own data in a W3C object (see :data:`annotations.export.W3C_EXTENSION`)."""
    raw = obj.get(W3C_EXTENSION)
    if isinstance(raw, dict) and raw.get("@type") == "@json" and isinstance(raw.get("@value"), dict):
        return raw["@value"]
    return None


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _annotations(doc: Any) -> list:
    """The annotations of a W3C document: a collection, a page, one annotation or a list."""
    if isinstance(doc, list):
        return doc
    if not isinstance(doc, dict):
        raise ImportFileError("not a W3C Web Annotation document")
    kind = doc.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    if "Annotation" in kinds:
        return [doc]
    if "AnnotationPage" in kinds:
        return _as_list(doc.get("items"))
    if "AnnotationCollection" in kinds:
        first = doc.get("first")
        if isinstance(first, dict):
            items = _as_list(first.get("items"))
            if isinstance(first.get("next"), (str, dict)):
                raise ImportFileError("W3C collection is split over several pages; only an embedded single page can be imported")
            return items
        if first is None and not doc.get("total"):
            return []
        raise ImportFileError("W3C collection does not embed its annotations (its 'first' page is only a link)")
    raise ImportFileError("not a W3C Web Annotation document (no Annotation, AnnotationPage or AnnotationCollection)")


def _selectors(target: dict) -> tuple[dict | None, dict | None]:
    pos = quote = None
    for sel in _as_list(target.get("selector")):
        if isinstance(sel, dict):
            if sel.get("type") == "TextPositionSelector" and pos is None:
                pos = sel
            elif sel.get("type") == "TextQuoteSelector" and quote is None:
                quote = sel
    return pos, quote


def _bodies(ann: dict) -> list[tuple[str | None, str]]:
    """``(purpose, value)`` for each textual body of an annotation."""
    out: list[tuple[str | None, str]] = []
    if isinstance(ann.get("bodyValue"), str):
        out.append((None, ann["bodyValue"]))
    for body in _as_list(ann.get("body")):
        if isinstance(body, str):
            continue  # a link to an external body: nothing to store
        if not isinstance(body, dict) or not isinstance(body.get("value"), str):
            continue
        purpose = body.get("purpose")
        out.append((purpose if isinstance(purpose, str) else None, body["value"]))
    return out


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ImportFileError(f"{what} must be a whole number ≥ 0")
    return value


def _str(value: Any, default: str = "") -> str:
    return value if isinstance(value, str) else default


def _file_id(path: str, known: dict[str, str | None]) -> str | None:
    """The article id of the file at ``path`` (None when it cannot be read), remembered in ``known``."""
    if path not in known:
        from annotations.articles import ArticleError
        from annotations.export import _read_text, content_hash

        try:
            known[path] = content_hash(_read_text(path))[7:23]
        except (OSError, ArticleError, ValueError):
            known[path] = None
    return known[path]


def records_from_w3c(doc: Any) -> list[dict]:
    """Turn a W3C Web Annotation document into article records.

    Annotations written by newsreader restore exactly (their :data:`W3C_EXTENSION`
    data); those from other tools are read by the standard model: ``tagging`` bodies
    become tags, ``commenting``/``describing`` (or purpose-less) bodies a note,
    ``identifying`` makes a quote with that speaker, ``assessing`` ``accepted`` or
    ``rejected`` its review.  An annotation without selectors annotates the article.
    Articles are keyed by the newsreader id when known, else by the target's IRI.
    """
    from annotations.articles import article_id

    records: dict[str, dict] = {}
    order: list[str] = []
    file_ids: dict[str, str | None] = {}

    def record_for(aid: str, source: str | None) -> dict:
        if aid not in records:
            order.append(aid)
            records[aid] = {
                "id": aid, "source": source, "title": None, "date": None, "content_hash": None,
                "source_status": "unknown", "tags": [], "note": None, "read": False, "review": "unreviewed",
                "quotes": [], "spans": [],
            }
        return records[aid]

    for n, ann in enumerate(_annotations(doc)):
        where = f"annotation {n + 1}"
        if not isinstance(ann, dict):
            raise ImportFileError(f"{where} is not an object")
        ext = _ext(ann) or {}
        target = ann.get("target")
        if isinstance(target, list):
            if len(target) != 1:
                raise ImportFileError(f"{where} has {len(target)} targets; newsreader annotations have one")
            target = target[0]
        if isinstance(target, str):
            target = {"source": target}
        if not isinstance(target, dict) or not isinstance(target.get("source", target.get("id")), str):
            raise ImportFileError(f"{where} has no target source")
        iri = target.get("source", target.get("id"))
        source = None
        if iri.startswith("file:"):
            from urllib.parse import unquote, urlparse

            source = unquote(urlparse(iri).path)
        aid = ext.get("article")
        if not isinstance(aid, str) or not aid:
            if iri.startswith("urn:newsreader:article:"):
                aid = iri.rsplit(":", 1)[1]
            elif source and _file_id(source, file_ids):
                aid = file_ids[source]
            else:
                # A foreign annotation: key its article by the target IRI (an import later
                # re-attaches it when the file is found; the id is stable meanwhile).
                aid = "iri-" + article_id(iri)
        if "source" in ext and (ext["source"] is None or isinstance(ext["source"], str)):
            source = ext["source"]
        rec = record_for(aid, source)

        tags: list[str] = []
        notes: list[str] = []
        speaker: str | None = None
        status = "unreviewed"
        review: str | None = None
        for purpose, value in _bodies(ann):
            if purpose == "tagging":
                if value not in tags:
                    tags.append(value)
            elif purpose == "identifying":
                speaker = value
            elif purpose == "assessing":
                if value in ("accepted", "rejected"):
                    status = value
                elif value in ("in_progress", "reviewed"):
                    review = value
                else:
                    notes.append(value)
            else:
                notes.append(value)
        note = "\n\n".join(notes) if notes else None
        motivations = _as_list(ann.get("motivation"))
        pos, quote = _selectors(target)
        item = ext.get("item")

        if pos is None and quote is None and item not in ("quote", "span"):
            # The article itself.
            for t in tags:
                if t not in rec["tags"]:
                    rec["tags"].append(t)
            if note is not None:
                rec["note"] = note if rec["note"] is None else rec["note"] + "\n\n" + note
            if review:
                rec["review"] = review
            for key in ("title", "date", "content_hash", "source_status", "read", "review", "warnings"):
                if key in ext:
                    rec[key] = ext[key]
            continue

        if quote is None and pos is None:
            raise ImportFileError(f"{where} has neither a TextPositionSelector nor a TextQuoteSelector")
        exact = _str(quote.get("exact")) if quote else None
        if pos is not None:
            start, end = _int(pos.get("start"), f"{where}: start"), _int(pos.get("end"), f"{where}: end")
        else:
            start = end = 0  # anchored by its text on import
        if exact is None:
            exact = ""
        anchor = {
            "start": start,
            "end": end,
            "text": exact,
            "prefix": _str(quote.get("prefix")) if quote else "",
            "suffix": _str(quote.get("suffix")) if quote else "",
            "orphan": bool(ext.get("orphan", pos is None)),
        }
        if isinstance(ext.get("id"), str):
            item_id = ext["id"]
        else:
            # Another tool's annotation: an id made from its own IRI (else its place in the
            # file), so a second import of the same file finds it again.
            own = ann.get("id") if isinstance(ann.get("id"), str) else f"#{n}"
            item_id = "w" + article_id(own)[:19]
        is_quote = item == "quote" or (item is None and ("identifying" in motivations or speaker is not None))
        if is_quote:
            kind = ext.get("kind") if ext.get("kind") in _KINDS else "direct"
            engine_speaker = ext.get("engine_speaker") if "engine_speaker" in ext else None
            correction = ext.get("speaker_correction") if "speaker_correction" in ext else speaker
            rec["quotes"].append(
                {
                    "id": item_id, "origin": ext.get("origin", "user"), **anchor, "kind": kind,
                    "cue": ext.get("cue"), "engine_speaker": engine_speaker, "speaker_correction": correction,
                    "speaker": speaker, "confidence": ext.get("confidence"), "status": status,
                    "tags": tags, "note": note,
                }
            )
        else:
            rec["spans"].append({"id": item_id, **anchor, "tags": tags, "note": note})
    return [records[a] for a in order]


# --------------------------------------------------------------------------- reading a file


@dataclass(slots=True)
class ImportFile:
    """A checked import file: its format (``json`` or ``w3c``), header and article records."""

    format: str
    header: dict
    records: list[dict]


def parse_export(text: str, name: str = "the file") -> ImportFile:
    """Check a whole export held in ``text`` and return its records.

    Raises :class:`ImportFileError` with one clear line for anything wrong: not JSON, a
    truncated file, another schema, a newer version, a value of the wrong type or size,
    or a hostile string (control characters, lone surrogates).
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise ImportFileError(f"{name} is empty")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        if err.pos >= len(text.rstrip()) - 1 or "Unterminated string" in err.msg:
            raise ImportFileError(f"{name} ends too early (truncated JSON at line {err.lineno})") from None
        raise ImportFileError(f"{name} is not JSON ({err.msg} at line {err.lineno}, column {err.colno})") from None
    except RecursionError:
        raise ImportFileError(f"{name} nests too deeply to be an export") from None
    except ValueError as err:  # e.g. an integer with more digits than Python converts
        raise ImportFileError(f"{name} holds a value that cannot be read ({str(err)[:80]})") from None
    if _MAYBE_BAD_STRING.search(text):  # the walk is slow; most files cannot hold a bad string
        _check_strings(doc, [])

    if isinstance(doc, dict) and "schema" in doc:
        if doc.get("schema") != SCHEMA_NAME:
            raise ImportFileError(f"{name} is not a newsreader export (its schema is {str(doc.get('schema'))[:60]!r})")
        version = doc.get("schema_version")
        if isinstance(version, bool) or not isinstance(version, int):
            raise ImportFileError(f"{name} has no valid schema_version")
        if version > SCHEMA_VERSION:
            raise ImportFileError(
                f"{name} was written by a newer newsreader (export format version {version}; this one reads up to {SCHEMA_VERSION}): upgrade newsreader to import it"
            )
        schema = load_schema()
        check_schema(doc, schema, schema, [])
        records = doc["articles"]
        header = {k: v for k, v in doc.items() if k != "articles"}
        fmt = "json"
    elif isinstance(doc, (dict, list)) and _looks_w3c(doc):
        ext = _ext(doc) if isinstance(doc, dict) else None
        if ext and isinstance(ext.get("schema_version"), int) and ext["schema_version"] > SCHEMA_VERSION:
            raise ImportFileError(
                f"{name} was written by a newer newsreader (export format version {ext['schema_version']}; this one reads up to {SCHEMA_VERSION}): upgrade newsreader to import it"
            )
        try:
            records = records_from_w3c(doc)
        except (TypeError, KeyError, AttributeError, ValueError) as err:  # a shape the mapping did not expect
            raise ImportFileError(f"{name} is not a W3C annotation document newsreader understands ({err})") from None
        header = dict(ext) if ext else {}
        fmt = "w3c"
        # The records must be as good as a JSON export's.
        schema = load_schema()
        check_schema(records, schema["properties"]["articles"], schema, ["articles"])
    else:
        raise ImportFileError(f"{name} is neither a newsreader JSON export nor a W3C Web Annotation document")
    _check_names(records)
    return ImportFile(format=fmt, header=header, records=records)


def _looks_w3c(doc: Any) -> bool:
    if isinstance(doc, list):
        return bool(doc) and all(isinstance(a, dict) and a.get("type") == "Annotation" for a in doc)
    ctx = doc.get("@context")
    return ctx == W3C_CONTEXT or (isinstance(ctx, list) and W3C_CONTEXT in ctx) or doc.get("type") in (
        "Annotation", "AnnotationPage", "AnnotationCollection",
    )


def read_export(path: str | Path) -> ImportFile:
    """Read and check an export file (see :func:`parse_export`)."""
    p = Path(path)
    import os
    import stat

    try:
        st = os.stat(p)
        if not stat.S_ISREG(st.st_mode):
            raise ImportFileError(f"{p} is not a regular file")
        if st.st_size > MAX_IMPORT_BYTES:
            raise ImportFileError(f"{p} is too large to import ({st.st_size / 1e6:.0f} MB)")
        with open(p, "rb") as fh:
            data = fh.read(MAX_IMPORT_BYTES + 1)
    except FileNotFoundError:
        raise ImportFileError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise ImportFileError(f"{p} is a folder") from None
    except OSError as err:
        raise ImportFileError(f"{p}: cannot read ({err.strerror or err})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ImportFileError(f"{p} is not UTF-8 text (bad byte at offset {err.start})") from None
    return parse_export(text, str(p))


# --------------------------------------------------------------------------- merging

#: Put between a local note and an imported one that differs from it.
IMPORTED_NOTE_MARK = "— imported note —"


@dataclass(slots=True)
class ImportReport:
    """What an import did: counts of what it added, conflicts and how each was resolved,
    and what it could not anchor (stored as orphans)."""

    source: str
    format: str
    articles: int = 0
    new_articles: int = 0
    tags: int = 0
    notes: int = 0
    quotes: int = 0
    spans: int = 0
    corrections: int = 0
    marked_read: int = 0
    conflicts: list[str] = field(default_factory=list)
    unanchored: list[str] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)
    left_to_engine: int = 0

    @property
    def changed(self) -> bool:
        """True when the import changed the store."""
        return bool(self.new_articles or self.tags or self.notes or self.quotes or self.spans or self.corrections or self.marked_read or self.conflicts)

    def lines(self, limit: int = 50) -> list[str]:
        """The report, for the terminal (one fact per line; at most ``limit`` lines per list)."""
        out = [f"Imported {self.source} ({self.format.upper()}, {self.articles} article{'s' if self.articles != 1 else ''})"]
        if not self.changed:
            out.append("  nothing new: everything in it is already in the annotation file")
        else:
            parts = []
            for n, what in (
                (self.new_articles, "new article"), (self.tags, "tag"), (self.notes, "note"), (self.quotes, "quote"),
                (self.spans, "span"), (self.corrections, "quote correction"),
            ):
                if n:
                    parts.append(f"{n} {what}{'s' if n != 1 else ''}")
            if self.marked_read:
                parts.append(f"{self.marked_read} marked read")
            out.append("  added: " + (", ".join(parts) if parts else "nothing"))

        def listing(title: str, items: list[str]) -> None:
            if not items:
                return
            out.append(f"  {title} ({len(items)}):")
            out.extend(f"    {item}" for item in items[:limit])
            if len(items) > limit:
                out.append(f"    … and {len(items) - limit} more")

        listing("conflicts, resolved", self.conflicts)
        listing("could not anchor, stored as orphans", self.unanchored)
        listing("not checked against the text (source file not found or changed here; stored as they were)", self.unchecked)
        if self.left_to_engine:
            out.append(f"  {self.left_to_engine} unreviewed engine quote{'s' if self.left_to_engine != 1 else ''} not stored: the quote engine finds them again")
        return out


def _clip(text: str | None, limit: int = 50) -> str:
    from annotations.text import one_line

    return one_line(text or "", limit)


def merge_note(local: str | None, imported: str | None) -> tuple[str | None, str]:
    """The note to keep when merging ``imported`` into ``local``, and what happened.

    Returns ``(note, outcome)`` with outcome ``same`` (nothing to do), ``added`` (there was
    no local note), ``extended`` (the imported note contains the local one: take it) or
    ``conflict`` (both kept: the imported note is appended below a marker).  Running it
    again on its own result gives ``same``, which is what keeps a re-import a no-op.
    """
    if imported is None or not imported.strip():
        return local, "same"
    if local is None or not local.strip():
        return imported, "added"
    if imported in local:
        return local, "same"
    if local in imported:
        return imported, "extended"
    return f"{local}\n\n{IMPORTED_NOTE_MARK}\n{imported}", "conflict"


def _merge_value(doc: dict, key: str, mine: Any, theirs: Any, unset: Any, note: str, conflict: str, conflicts: list[str]) -> int:
    """Merge one corrected value of a quote: take the import's when ours is unset, else keep
    ours and record theirs on the quote's note (once).  Returns 1 when the import's was taken."""
    if theirs == unset or theirs == mine:
        return 0
    if mine == unset:
        doc[key] = theirs
        return 1
    if note not in (doc.get("note") or ""):
        doc["note"] = _note_line(doc.get("note"), note)
        conflicts.append(conflict)
    return 0


def _note_line(note: str | None, line: str) -> str:
    if note and line in note:
        return note
    return f"{note}\n{line}" if note else line


def _prevalidate(records: list[dict]) -> None:
    """Run every value through the store's own cleaning before anything is written."""
    from annotations.store import StoreValueError, clean_article_id, clean_name, clean_note, clean_tag

    for i, rec in enumerate(records):
        where = f"article {i + 1} ({_clip(rec['id'], 30)})"
        try:
            clean_article_id(rec["id"])
            for t in rec["tags"]:
                clean_tag(t)
            clean_note(rec["note"])
            for q in rec["quotes"]:
                for t in q["tags"]:
                    clean_tag(t)
                clean_note(q["note"])
                for key in ("speaker_correction", "engine_speaker"):
                    clean_name(q[key])
                clean_name(q["cue"], "cue")
                if not q["text"]:
                    raise StoreValueError("a quote has no text")
            for s in rec["spans"]:
                for t in s["tags"]:
                    clean_tag(t)
                clean_note(s["note"])
                if not s["text"]:
                    raise StoreValueError("a span has no text")
        except StoreValueError as err:
            raise ImportFileError(f"{where}: {err}") from None


def _anchor_of(item: dict) -> dict:
    start, end = item["start"], item["end"]
    if end <= start:
        end = start + len(item["text"])
    return {"start": start, "end": end, "exact": item["text"], "prefix": item["prefix"], "suffix": item["suffix"]}


class _Merger:
    """Merges article records into a store; one instance per import."""

    def __init__(self, store: Any, report: ImportReport) -> None:
        self.store = store
        self.report = report

    def article(self, rec: dict, state: dict, exists: bool, quote_docs: list[dict], span_docs: list[dict]) -> None:
        from annotations.anchor import make_anchor, resolve_anchor
        from annotations.export import find_source
        from annotations.store import clean_tag

        store, report = self.store, self.report
        aid = rec["id"]
        label = f"article “{_clip(rec['title'] or state['title'] or aid, 40)}”"
        local_sources = [s for s in state["sources"] if isinstance(s, str)]
        src = find_source(aid, ([rec["source"]] if rec["source"] else []) + local_sources)
        text = src.text if src.status == "ok" else None
        before = (report.tags, report.notes, report.quotes, report.spans, report.corrections, report.marked_read, len(report.conflicts))

        # The article: where it is, its title and date, tags, note, read state.
        local_doc = store.article(aid) or {}
        remember: dict[str, Any] = {}
        if not local_sources and (src.path or rec["source"]):
            remember["source"] = src.path if src.status == "ok" else rec["source"]
        if state["title"] is None and rec["title"]:
            remember["title"] = rec["title"]
        if local_doc.get("date") is None and rec["date"]:
            remember["date"] = rec["date"]
        if remember:
            store.remember_article(aid, **remember)
        local_tags = list(state["tags"])
        new_tags = []
        for t in rec["tags"]:
            c = clean_tag(t)
            if c not in local_tags and c not in new_tags:
                new_tags.append(c)
        if new_tags:
            store.tag_article(aid, new_tags)
            report.tags += len(new_tags)
        note, outcome = merge_note(state["note"], rec["note"])
        if outcome != "same":
            store.set_article_note(aid, note)
            report.notes += 1
            if outcome == "conflict":
                report.conflicts.append(f"{label}: the notes differ — kept yours and appended the imported one below “{IMPORTED_NOTE_MARK}”")
        if rec["read"] and not state["read"]:
            store.mark_read(aid, True)
            report.marked_read += 1

        # Where the local quotes and spans are in the text now.
        def positions(docs: list[dict]) -> dict[tuple[int, int], dict]:
            out: dict[tuple[int, int], dict] = {}
            if text is None:
                for d in docs:
                    a = d.get("anchor") or {}
                    if isinstance(a.get("start"), int) and isinstance(a.get("end"), int):
                        out.setdefault((a["start"], a["end"]), d)
                return out
            for d in docs:
                pos = resolve_anchor(text, d.get("anchor") or {})
                if pos is not None:
                    out.setdefault(pos, d)
            return out

        quote_pos = positions(quote_docs)
        quotes_by_id = {d.get("id"): d for d in quote_docs}
        span_pos = positions(span_docs)
        spans_by_id = {d.get("id"): d for d in span_docs}

        def anchor_for(item: dict, what: str) -> tuple[dict, tuple[int, int] | None]:
            anchor = _anchor_of(item)
            if text is None:
                return anchor, (anchor["start"], anchor["end"])
            pos = resolve_anchor(text, anchor)
            if pos is None:
                return anchor, None
            return make_anchor(text, *pos).to_dict(), pos

        for q in rec["quotes"]:
            anchor, pos = anchor_for(q, "quote")
            qlabel = f"{label}: quote “{_clip(q['text'], 40)}”"
            local = quotes_by_id.get(q["id"]) or (quote_pos.get(pos) if pos is not None else None)
            has_layer = (
                q["origin"] == "user" or q["status"] != "unreviewed" or q["speaker_correction"] is not None or q["tags"] or q["note"] is not None
            )
            if local is None:
                if not has_layer and text is not None:
                    report.left_to_engine += 1
                    continue
                store.put_quote(
                    aid, anchor=anchor, origin=q["origin"], kind=q["kind"], cue=q["cue"], engine_speaker=q["engine_speaker"],
                    confidence=q["confidence"], status=q["status"], speaker=q["speaker_correction"], tags=q["tags"],
                    note=q["note"], quote_id=q["id"],
                )
                report.quotes += 1
                self._anchor_report(text, pos, qlabel)
                continue
            self._merge_quote(aid, local, q, qlabel)

        for s in rec["spans"]:
            anchor, pos = anchor_for(s, "span")
            slabel = f"{label}: span “{_clip(s['text'], 40)}”"
            local = spans_by_id.get(s["id"]) or (span_pos.get(pos) if pos is not None else None)
            if local is None:
                store.put_span(aid, anchor=anchor, tags=s["tags"], note=s["note"], span_id=s["id"])
                report.spans += 1
                self._anchor_report(text, pos, slabel)
                continue
            tags = list(local.get("tags") or [])
            added = [clean_tag(t) for t in s["tags"]]
            added = [t for i, t in enumerate(added) if t not in tags and t not in added[:i]]
            note, outcome = merge_note(local.get("note"), s["note"])
            if added or outcome != "same":
                store.put_span(aid, anchor=local["anchor"], tags=tags + added, note=note, span_id=local["id"])
                report.tags += len(added)
                report.notes += outcome != "same"
                if outcome == "conflict":
                    report.conflicts.append(f"{slabel}: the notes differ — kept yours and appended the imported one")
        after = (report.tags, report.notes, report.quotes, report.spans, report.corrections, report.marked_read, len(report.conflicts))
        if not exists and (remember or after != before):
            report.new_articles += 1

    def _anchor_report(self, text: str | None, pos: tuple[int, int] | None, label: str) -> None:
        if text is None:
            self.report.unchecked.append(label)
        elif pos is None:
            self.report.unanchored.append(f"{label}: not found in the text")

    def _merge_quote(self, aid: str, local: dict, q: dict, label: str) -> None:
        from annotations.store import clean_name, clean_tag

        report = self.report
        doc = dict(local)
        tags = list(doc.get("tags") or [])
        added = [clean_tag(t) for t in q["tags"]]
        added = [t for i, t in enumerate(added) if t not in tags and t not in added[:i]]
        doc["tags"] = tags + added
        note, outcome = merge_note(doc.get("note"), q["note"])
        doc["note"] = note
        corrections = 0
        if outcome == "conflict":
            report.conflicts.append(f"{label}: the notes differ — kept yours and appended the imported one")
        mine, theirs = doc.get("status", "unreviewed"), q["status"]
        corrections += _merge_value(
            doc, "status", mine, theirs, "unreviewed",
            f"[import] review status {theirs} (kept {mine})",
            f"{label}: you {mine} it, the import {theirs} it — kept yours, noted theirs on the quote",
            report.conflicts,
        )
        mine_s, theirs_s = doc.get("speaker"), clean_name(q["speaker_correction"])
        corrections += _merge_value(
            doc, "speaker", mine_s, theirs_s, None,
            f"[import] speaker {theirs_s} (kept {mine_s})",
            f"{label}: speaker is “{_clip(mine_s, 30)}” here, “{_clip(theirs_s, 30)}” in the import — kept yours, noted theirs on the quote",
            report.conflicts,
        )
        if doc == local:
            return
        report.tags += len(added)
        report.notes += outcome in ("added", "extended")
        report.corrections += corrections
        self.store.put_quote(
            aid, anchor=doc["anchor"], origin=doc.get("origin", "user"), kind=doc.get("kind", "direct"), cue=doc.get("cue"),
            engine_speaker=doc.get("engine_speaker"), confidence=doc.get("confidence"), status=doc.get("status", "unreviewed"),
            speaker=doc.get("speaker"), tags=doc["tags"], note=doc.get("note"), quote_id=doc["id"],
        )


def merge(store: Any, imported: ImportFile, source: str = "the file") -> ImportReport:
    """Merge checked article records into ``store`` as one save and one undo step.

    Nothing is written when the file has nothing new.  Raises :class:`ImportFileError`
    (and writes nothing) when a value fails the store's own checks or the store is
    read-only; a failed save (:class:`annotations.store.StoreSaveError`) propagates.
    """
    from annotations.store import StoreValueError

    if store.readonly:
        raise ImportFileError(f"the annotation file cannot be changed: {store.readonly_reason}")
    records = imported.records
    _prevalidate(records)
    report = ImportReport(source=source, format=imported.format, articles=len(records))
    # Read the local state first: inside the batch the store re-indexes on every read.
    known = set(store.article_ids())
    local = [
        (rec, store.article_state(rec["id"]), rec["id"] in known, store.quote_docs(rec["id"]), store.span_docs(rec["id"]))
        for rec in records
    ]
    merger = _Merger(store, report)
    try:
        with store.batch(f"imported {len(records)} article{'s' if len(records) != 1 else ''} from {Path(source).name}"):
            for rec, state, exists, quote_docs, span_docs in local:
                merger.article(rec, state, exists, quote_docs, span_docs)
    except StoreValueError as err:
        raise ImportFileError(f"a value was refused by the annotation store: {err}") from None
    return report


def import_file(store: Any, path: str | Path) -> ImportReport:
    """Check the whole file at ``path``, then merge it into ``store`` (see :func:`merge`)."""
    imported = read_export(path)
    return merge(store, imported, str(path))
