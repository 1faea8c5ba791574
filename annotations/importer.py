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
    where = _describe(path)
    if "const" in schema and (value != schema["const"] or type(value) is not type(schema["const"])):
        raise ImportFileError(f"{where} must be {json.dumps(schema['const'])}")
    if "enum" in schema and value not in schema["enum"]:
        raise ImportFileError(f"{where} must be one of {', '.join(json.dumps(e) for e in schema['enum'])}")
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is_type(value, t) for t in types):
            raise ImportFileError(f"{where} must be {' or '.join(types)}")
    if isinstance(value, str):
        if len(value) > schema.get("maxLength", len(value)):
            raise ImportFileError(f"{where} is too long ({len(value)} characters, at most {schema['maxLength']})")
        if len(value) < schema.get("minLength", 0):
            raise ImportFileError(f"{where} must not be empty")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value != value or value in (float("inf"), float("-inf")):
            raise ImportFileError(f"{where} must be a finite number")
        if "minimum" in schema and value < schema["minimum"]:
            raise ImportFileError(f"{where} must be at least {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            raise ImportFileError(f"{where} must be at most {schema['maximum']}")
    if isinstance(value, dict):
        for key in schema.get("required", ()):
            if key not in value:
                raise ImportFileError(f"{where} lacks the field {key!r}")
        props = schema.get("properties", {})
        for key, item in value.items():
            if key in props:
                check_schema(item, props[key], root, path + [key])
            elif schema.get("additionalProperties", True) is False:
                raise ImportFileError(f"{where} has an unknown field {key[:40]!r}")
    if isinstance(value, list):
        if "items" in schema:
            for i, item in enumerate(value):
                check_schema(item, schema["items"], root, path + [i])
        if schema.get("uniqueItems") and len({json.dumps(v, sort_keys=True) for v in value}) != len(value):
            raise ImportFileError(f"{where} holds the same value twice")


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
