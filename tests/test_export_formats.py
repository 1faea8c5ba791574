"""Export formats from hand-made article records: schema, W3C mapping, CSV, streaming."""

from __future__ import annotations

import copy
import csv
import io
import json

import jsonschema
import pytest

from annotations import export
from annotations.importer import ImportFileError, parse_export, records_from_w3c

TEXT = 'Intro. "We will win," said Jane Doe. Critics said it was =SUM(A1). More text here.'


def quote(start: int, end: int, **kw) -> dict:
    prefix, suffix = export.context_around(TEXT, start, end)
    q = {
        "id": f"q{start}", "origin": "engine", "start": start, "end": end, "text": TEXT[start:end],
        "prefix": prefix, "suffix": suffix, "orphan": False, "kind": "direct", "cue": "said",
        "engine_speaker": "Jane Doe", "speaker_correction": None, "speaker": "Jane Doe",
        "confidence": 0.9, "status": "unreviewed", "tags": [], "note": None,
    }
    q.update(kw)
    return q


def record(**kw) -> dict:
    s = TEXT.index("Critics")
    prefix, suffix = export.context_around(TEXT, s, s + 7)
    r = {
        "id": "0123456789abcdef", "source": "/tmp/a.txt", "title": "Intro", "date": "2024-01-02",
        "content_hash": "0123456789abcdef", "source_status": "ok", "tags": ["politics", "=cmd"],
        "note": "Line one\nline two", "read": True, "review": "in_progress",
        "quotes": [
            quote(8, 20, status="accepted", tags=["key"], note="check"),
            quote(s + 13, s + 32, kind="indirect", engine_speaker="Critics", speaker="Critics",
                  speaker_correction=None, status="rejected"),
            quote(0, 6, origin="user", engine_speaker=None, speaker_correction="-Someone", speaker="-Someone",
                  cue=None, confidence=None, kind="partial"),
        ],
        "spans": [{"id": "s1", "start": s, "end": s + 7, "text": "Critics", "prefix": prefix, "suffix": suffix,
                   "orphan": False, "tags": ["who"], "note": None}],
    }
    r.update(kw)
    return r


def document(records: list[dict], fmt: str = "json") -> str:
    out = io.StringIO()
    header = export.document_header(exported_at="2026-01-01T00:00:00Z")
    export.write_records(records, out, fmt, header, total=len(records))
    return out.getvalue()


@pytest.fixture(scope="module")
def validator():
    schema = export.load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("records", [[], [record()], [record(), record(id="fedcba9876543210", quotes=[], spans=[])]])
def test_json_document_is_valid(validator, records):
    doc = json.loads(document(records))
    validator.validate(doc)
    assert doc["schema"] == export.SCHEMA_NAME and doc["schema_version"] == export.SCHEMA_VERSION
    assert doc["articles"] == records


def test_schema_rejects_what_it_should(validator):
    doc = json.loads(document([record()]))
    bad = copy.deepcopy(doc)
    bad["articles"][0]["quotes"][0]["status"] = "maybe"
    assert not validator.is_valid(bad)
    bad = copy.deepcopy(doc)
    bad["articles"][0]["surprise"] = 1
    assert not validator.is_valid(bad)
    bad = copy.deepcopy(doc)
    bad["articles"][0]["quotes"][0]["start"] = -1
    assert not validator.is_valid(bad)


def test_own_checker_agrees_with_jsonschema(validator):
    """The importer's small schema interpreter accepts and refuses what jsonschema does."""
    good = json.loads(document([record()]))
    parse_export(json.dumps(good))
    mutations = [
        ("articles", 0, "quotes", 0, "kind", "shouted"),
        ("articles", 0, "tags", ["a", "a"]),
        ("articles", 0, "read", "yes"),
        ("articles", 0, "quotes", 0, "confidence", 1.5),
        ("articles", 0, "spans", 0, "tags", [""]),
        ("schema_version", 0),
        ("articles", 0, "quotes", 1, "start", True),
    ]
    for *path, value in mutations:
        bad = copy.deepcopy(good)
        node = bad
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
        assert not validator.is_valid(bad), path
        with pytest.raises(ImportFileError):
            parse_export(json.dumps(bad))


def test_jsonl_is_one_article_per_line(validator):
    text = document([record(), record(id="fedcba9876543210")], "jsonl")
    lines = text.splitlines()
    assert len(lines) == 2
    for line in lines:
        validator.validate({**export.document_header(), "articles": [json.loads(line)]})


def test_csv_rows_columns_and_formula_injection():
    text = document([record()], "csv")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert tuple(rows[0].keys()) == export.CSV_COLUMNS
    assert len(rows) == 3
    first = rows[0]
    assert first["speaker"] == "Jane Doe" and first["quote"] == "We will win,"
    assert first["status"] == "accepted" and first["quote_tags"] == "key" and first["quote_note"] == "check"
    assert first["article_tags"] == "politics; =cmd"  # a cell is a formula only by its first character
    (row,) = csv.DictReader(io.StringIO(document([record(tags=["=cmd", "x"], quotes=[record()["quotes"][0]])], "csv")[1:]))
    assert row["article_tags"] == "'=cmd; x"
    assert first["article_note"] == "Line one\nline two"  # newlines survive inside quotes
    user = rows[2]
    assert user["speaker"] == "'-Someone" and user["speaker_correction"] == "'-Someone"
    assert user["engine_speaker"] == "" and user["confidence"] == ""
    assert user["origin"] == "user" and user["orphan"] == "false"


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(1)", "\tx", "\rx"])
def test_csv_safe_defuses(value):
    assert export.csv_safe(value) == "'" + value
    assert export.csv_safe("plain") == "plain" and export.csv_safe(3) == 3


def test_w3c_collection_shape():
    doc = json.loads(document([record()], "w3c"))
    assert doc["@context"] == export.W3C_CONTEXT
    assert doc["type"] == "AnnotationCollection"
    assert doc["first"]["type"] == "AnnotationPage" and doc["first"]["id"].startswith(doc["id"])
    items = doc["first"]["items"]
    assert doc["total"] == len(items) == 1 + 3 + 1
    art, q1, q2, q3, span = items
    assert art["target"] == "file:///tmp/a.txt"
    assert {b["purpose"] for b in art["body"]} == {"tagging", "commenting", "assessing"}
    assert q1["motivation"][0] == "identifying"
    sel = {s["type"]: s for s in q1["target"]["selector"]}
    assert sel["TextPositionSelector"] == {"type": "TextPositionSelector", "start": 8, "end": 20}
    assert sel["TextQuoteSelector"]["exact"] == "We will win,"
    assert TEXT.endswith(sel["TextQuoteSelector"]["suffix"], 0, 20 + len(sel["TextQuoteSelector"]["suffix"]))
    assert {"type": "TextualBody", "purpose": "identifying", "value": "Jane Doe"} in q1["body"]
    assert {"type": "TextualBody", "purpose": "assessing", "value": "accepted"} in q1["body"]
    assert {"type": "TextualBody", "purpose": "assessing", "value": "rejected"} in q2["body"]
    assert span["motivation"] == "tagging"
    allowed = {"tagging", "commenting", "identifying", "assessing", "highlighting"}
    for ann in items:
        motivations = ann["motivation"] if isinstance(ann["motivation"], list) else [ann["motivation"]]
        assert set(motivations) <= allowed
        assert ann["type"] == "Annotation" and ann["id"].startswith("urn:newsreader:annotation:")


def test_w3c_maps_back_to_the_same_records():
    records = [record(), record(id="fedcba9876543210", source=None, quotes=[], spans=[], tags=[], note=None, review="unreviewed")]
    doc = json.loads(document(records, "w3c"))
    assert records_from_w3c(doc) == records
    parsed = parse_export(json.dumps(doc))
    assert parsed.format == "w3c" and parsed.records == records


def test_foreign_w3c_annotation_is_understood():
    doc = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "http://example.org/anno1",
        "type": "Annotation",
        "motivation": "commenting",
        "body": {"type": "TextualBody", "value": "Interesting claim"},
        "target": {
            "source": "file:///tmp/a%20b.txt",
            "selector": {"type": "TextQuoteSelector", "exact": "Critics", "prefix": "", "suffix": " said"},
        },
    }
    (rec,) = parse_export(json.dumps(doc)).records
    assert rec["source"] == "/tmp/a b.txt"
    (span,) = rec["spans"]
    assert span["note"] == "Interesting claim" and span["text"] == "Critics" and span["orphan"] is True


def test_json_output_is_streamed_with_progress():
    seen = []
    out = io.StringIO()
    result = export.write_records(iter([record(), record(id="fedcba9876543210")]), out, "json",
                                  export.document_header(), total=2, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(1, 2), (2, 2)]
    assert result.articles == 2 and result.quotes == 6 and result.spans == 2


def test_suggested_filename():
    from datetime import datetime

    when = datetime(2026, 11, 23, 12, 55)
    assert export.suggested_filename("w3c", when) == "newsreader-annotations-2026-11-23-1255.jsonld"
    assert {export.suggested_filename(f, when).rsplit(".", 1)[1] for f in export.FORMATS} == {"json", "jsonl", "csv", "jsonld"}
