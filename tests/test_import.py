"""Import: bad files change nothing, a second run changes nothing, conflicts are resolved
and reported, what cannot be anchored is kept as an orphan, foreign W3C files load."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from annotations import export, importer
from annotations.articles import load_article
from annotations.store import Store
from test_export_store import EXPORTED_AT, annotated_store


@pytest.fixture
def source(tmp_path, seed_dir):
    """An annotated store and its JSON export document."""
    store, arts = annotated_store(tmp_path / "src.json", seed_dir)
    doc = export.build_document(store, exported_at=EXPORTED_AT)
    store.close()
    return doc, arts


@pytest.fixture
def target(tmp_path, seed_dir):
    """Another annotation file with work of its own on the first seed article."""
    art = load_article(sorted(seed_dir.glob("*.txt"))[0])
    with Store(tmp_path / "dst.json", fsync=False) as s:
        s.remember_article(art.id, source=str(art.path), title=art.title)
        s.tag_article(art.id, "mine")
    return tmp_path / "dst.json"


def write(path: Path, doc) -> Path:
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return path


def run_import(db: Path, path: Path) -> importer.ImportReport:
    with Store(db, fsync=False) as s:
        return importer.import_file(s, path)


# --------------------------------------------------------------------------- bad input


def bad_inputs(doc: dict) -> dict[str, bytes | str]:
    newer = dict(doc, schema_version=2)
    wrong = dict(doc, schema="someone-else")
    typed = copy.deepcopy(doc)
    typed["articles"][0]["quotes"][0]["start"] = "10"
    ctl = copy.deepcopy(doc)
    ctl["articles"][0]["tags"].append("evil\x1b]52;c;bad\x07")
    nul = copy.deepcopy(doc)
    nul["articles"][0]["note"] = "a\x00b"
    multiline_tag = copy.deepcopy(doc)
    multiline_tag["articles"][0]["tags"].append("two\nlines")
    huge = copy.deepcopy(doc)
    huge["articles"][0]["tags"].append("x" * 5000)
    backwards = copy.deepcopy(doc)
    q = backwards["articles"][1]["quotes"][0]
    q["start"], q["end"] = q["end"], q["start"]
    dup = copy.deepcopy(doc)
    dup["articles"].append(dup["articles"][0])
    dup_quote = copy.deepcopy(doc)
    quotes = dup_quote["articles"][0]["quotes"]
    quotes[1]["id"] = quotes[0]["id"]
    extra = copy.deepcopy(doc)
    extra["articles"][0]["__proto__"] = {}
    text = json.dumps(doc)
    surrogate = text.replace('"politics"', '"\\ud800politics"')
    return {
        "not json": "this is not json",
        "empty": "",
        "whitespace": "  \n",
        "binary": b"\x00\x01\x02\xff\xfe" * 20,
        "latin-1": "{\"x\": \"caf\xe9\"}".encode("latin-1"),
        "truncated": text[: len(text) // 2],
        "truncated at end": text[:-1],
        "array of numbers": "[1, 2, 3]",
        "scalar": "42",
        "wrong schema": json.dumps(wrong),
        "newer version": json.dumps(newer),
        "wrong type": json.dumps(typed),
        "control characters": json.dumps(ctl),
        "nul": json.dumps(nul),
        "multi-line tag": json.dumps(multiline_tag),
        "too long": json.dumps(huge),
        "ends before it starts": json.dumps(backwards),
        "duplicate article": json.dumps(dup),
        "duplicate quote id": json.dumps(dup_quote),
        "unknown field": json.dumps(extra),
        "lone surrogate": surrogate,
        "deep nesting": "[" * 100000 + "]" * 100000,
        "huge number": text.replace('"schema_version": 1', '"schema_version": 1' + "0" * 5000, 1),
        "nan": text.replace('"confidence": 0.9', '"confidence": NaN', 1),
        "w3c without items": json.dumps({"@context": export.W3C_CONTEXT, "type": "AnnotationCollection", "first": "http://x/page1", "total": 3}),
        "w3c no target": json.dumps({"@context": export.W3C_CONTEXT, "type": "Annotation", "body": "x"}),
        "w3c newer": json.dumps({"@context": export.W3C_CONTEXT, "type": "AnnotationCollection", export.W3C_EXTENSION: {"@type": "@json", "@value": {"schema_version": 9}}, "first": {"items": []}}),
    }


BAD_CASES = [
    "not json", "empty", "whitespace", "binary", "latin-1", "truncated", "truncated at end", "array of numbers",
    "scalar", "wrong schema", "newer version", "wrong type", "control characters", "nul", "multi-line tag",
    "too long", "ends before it starts", "duplicate article", "unknown field", "lone surrogate", "deep nesting",
    "w3c without items", "w3c no target", "w3c newer", "huge number", "nan", "duplicate quote id",
]


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_input_is_one_clear_error_and_changes_nothing(case, source, target, tmp_path):
    doc, _ = source
    cases = bad_inputs(doc)
    assert sorted(cases) == sorted(BAD_CASES)
    assert "\\ud800" in cases["lone surrogate"]
    data = cases[case]
    assert data != json.dumps(doc)  # every case really breaks something
    path = tmp_path / "bad.json"
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
    before = target.read_bytes()
    with pytest.raises(importer.ImportFileError) as info:
        run_import(target, path)
    message = str(info.value)
    assert "\n" not in message and 10 < len(message) < 400
    assert "Traceback" not in message
    assert target.read_bytes() == before
    if case == "newer version":
        assert "newer" in message and "upgrade" in message
    if case.startswith("truncated"):
        assert "truncated" in message


def test_missing_and_folder_paths(target, tmp_path):
    with pytest.raises(importer.ImportFileError, match="no such file"):
        run_import(target, tmp_path / "nope.json")
    with pytest.raises(importer.ImportFileError, match="not a regular file|folder"):
        run_import(target, tmp_path)


def test_fifo_is_refused_without_blocking(target, tmp_path):
    import os

    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    with pytest.raises(importer.ImportFileError, match="not a regular file"):
        run_import(target, fifo)


def test_read_only_store_is_refused(source, tmp_path):
    doc, _ = source
    path = write(tmp_path / "e.json", doc)
    db = tmp_path / "ro.json"
    Store(db, fsync=False).close()
    with Store(db, readonly=True) as s, pytest.raises(importer.ImportFileError, match="cannot be changed"):
        importer.import_file(s, path)


# --------------------------------------------------------------------------- merging


def test_merge_adds_and_a_second_run_changes_nothing(source, target, tmp_path):
    doc, arts = source
    path = write(tmp_path / "e.json", doc)
    report = run_import(target, path)
    assert report.changed and report.new_articles == 2  # the first article was already there
    assert report.tags == 3 and report.quotes == 5 and report.spans == 2 and report.marked_read == 1
    assert not report.unanchored and not report.conflicts
    text = "\n".join(report.lines())
    assert "added:" in text
    after_first = target.read_bytes()
    again = run_import(target, path)
    assert not again.changed and "nothing new" in "\n".join(again.lines())
    assert target.read_bytes() == after_first  # not even re-saved
    with Store(target, readonly=True) as s:
        assert s.article_tags(arts[0].id) == ["mine", "politics", "=HYPERLINK(x)"]
        mine = export.build_document(s, exported_at=EXPORTED_AT)
    theirs = {r["id"]: r for r in doc["articles"]}
    for rec in mine["articles"]:
        assert rec["quotes"] == theirs[rec["id"]]["quotes"]
        assert rec["spans"] == theirs[rec["id"]]["spans"]


def test_conflicts_keep_local_work_and_record_the_imported(source, tmp_path, seed_dir):
    doc, arts = source
    a = arts[0]
    rec = {r["id"]: r for r in doc["articles"]}[a.id]
    accepted = next(q for q in rec["quotes"] if q["status"] == "accepted" and q["origin"] == "engine")
    corrected = next(q for q in rec["quotes"] if q["speaker_correction"] == "Jane Q. Public")
    db = tmp_path / "local.json"
    with Store(db, fsync=False) as s:
        s.remember_article(a.id, source=str(a.path))
        s.set_article_note(a.id, "My own view.")
        layer = s.quote_layer(a.id, a.text, [q.to_quote() for q in []])
        s.put_quote(a.id, anchor={"start": accepted["start"], "end": accepted["end"], "exact": accepted["text"]},
                    origin="engine", kind=accepted["kind"], status="rejected", quote_id=accepted["id"])
        s.put_quote(a.id, anchor={"start": corrected["start"], "end": corrected["end"], "exact": corrected["text"]},
                    origin="engine", kind=corrected["kind"], speaker="Someone Else", quote_id=corrected["id"])
        del layer
    path = write(tmp_path / "e.json", doc)
    report = run_import(db, path)
    assert len(report.conflicts) == 3, report.conflicts
    joined = "\n".join(report.lines())
    assert "kept yours" in joined
    with Store(db, readonly=True) as s:
        assert s.article_note(a.id).startswith("My own view.")
        assert "Check the second quote." in s.article_note(a.id)  # the imported note is kept too
        docs = {d["id"]: d for d in s.quote_docs(a.id)}
    assert docs[accepted["id"]]["status"] == "rejected"  # local wins
    assert "review status accepted" in docs[accepted["id"]]["note"]  # theirs is recorded
    assert docs[accepted["id"]]["tags"] == ["key", "follow-up"]  # tags are united
    assert docs[corrected["id"]]["speaker"] == "Someone Else"
    assert "Jane Q. Public" in docs[corrected["id"]]["note"]
    before = db.read_bytes()
    again = run_import(db, path)
    assert not again.changed and db.read_bytes() == before


def test_merge_note_rules():
    assert importer.merge_note(None, "x") == ("x", "added")
    assert importer.merge_note("x", None) == ("x", "same")
    assert importer.merge_note("abc", "b") == ("abc", "same")
    assert importer.merge_note("b", "abc") == ("abc", "extended")
    merged, outcome = importer.merge_note("mine", "theirs")
    assert outcome == "conflict" and merged.startswith("mine") and merged.endswith("theirs")
    assert importer.merge_note(merged, "theirs") == (merged, "same")


def test_unanchorable_annotations_are_kept_as_orphans(source, tmp_path):
    doc, arts = source
    doc = copy.deepcopy(doc)
    rec = {r["id"]: r for r in doc["articles"]}[arts[0].id]
    span = rec["spans"][0]
    span["text"] = "words that are nowhere in this article"
    span["prefix"] = span["suffix"] = ""
    user = next(q for q in rec["quotes"] if q["origin"] == "user")
    user["text"] = "another sentence nobody wrote"
    path = write(tmp_path / "e.json", doc)
    db = tmp_path / "new.json"
    report = run_import(db, path)
    assert len(report.unanchored) == 2
    assert "could not anchor, stored as orphans (2):" in "\n".join(report.lines())
    with Store(db, readonly=True) as s:
        out = {r["id"]: r for r in export.build_document(s)["articles"]}[arts[0].id]
    orphans = [x for x in out["quotes"] + out["spans"] if x["orphan"]]
    assert {o["text"] for o in orphans} == {span["text"], user["text"]}
    before = db.read_bytes()
    assert not run_import(db, path).changed and db.read_bytes() == before


def test_missing_source_is_stored_unchecked(source, tmp_path):
    doc, arts = source
    doc = copy.deepcopy(doc)
    for rec in doc["articles"]:
        rec["source"] = "/nowhere/" + Path(rec["source"]).name
    for a in arts:
        a.path.rename(a.path.with_suffix(".moved"))
    path = write(tmp_path / "e.json", doc)
    db = tmp_path / "new.json"
    report = run_import(db, path)
    assert report.unchecked and not report.unanchored
    with Store(db, readonly=True) as s:
        out = export.build_document(s)
    kept = {r["id"]: r for r in out["articles"]}
    for rec in doc["articles"]:
        got = kept[rec["id"]]
        assert got["source_status"] == "missing" and got["source"] == rec["source"]
        # Every quote is kept, untouched engine ones too (no engine can find them here).
        assert {q["id"] for q in got["quotes"]} == {q["id"] for q in rec["quotes"]}
        assert got["spans"] == rec["spans"]


def test_foreign_w3c_file_imports(tmp_path, seed_dir):
    art = load_article(sorted(seed_dir.glob("*.txt"))[0])
    start = art.text.index("Kirby")
    foreign = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "http://example.org/page1",
        "type": "AnnotationPage",
        "items": [
            {
                "id": "http://example.org/anno/1",
                "type": "Annotation",
                "motivation": "commenting",
                "body": [{"type": "TextualBody", "value": "Who is this?"}, {"type": "TextualBody", "purpose": "tagging", "value": "people"}],
                "target": {"source": art.path.resolve().as_uri(), "selector": [
                    {"type": "TextQuoteSelector", "exact": "Kirby", "prefix": art.text[start - 5 : start], "suffix": art.text[start + 5 : start + 10]},
                ]},
            },
            {
                "id": "http://example.org/anno/1b",
                "type": "Annotation",
                "motivation": "tagging",
                "body": {"type": "TextualBody", "purpose": "tagging", "value": "second look"},
                "target": {"source": art.path.resolve().as_uri(), "selector": {"type": "TextQuoteSelector", "exact": "Kirby"}},
            },
            {
                "id": "http://example.org/anno/2",
                "type": "Annotation",
                "motivation": "tagging",
                "bodyValue": "whole article",
                "target": art.path.resolve().as_uri(),
            },
        ],
    }
    path = write(tmp_path / "foreign.jsonld", foreign)
    db = tmp_path / "new.json"
    report = run_import(db, path)
    assert report.spans == 2 and not report.unanchored
    with Store(db, readonly=True) as s:
        (rec,) = export.build_document(s)["articles"]
    assert rec["id"] == art.id and rec["note"] == "whole article"
    span, second = sorted(rec["spans"], key=lambda s: s["tags"])
    assert (span["start"], span["end"]) == (start, start + 5) and span["tags"] == ["people"] and span["note"] == "Who is this?"
    assert second["tags"] == ["second look"] and second["text"] == "Kirby"
    before = db.read_bytes()
    assert not run_import(db, path).changed and db.read_bytes() == before


def test_long_report_lists_are_capped():
    report = importer.ImportReport(source="x.json", format="json", conflicts=[f"c{i}" for i in range(120)])
    lines = report.lines(limit=50)
    assert "  conflicts, resolved (120):" in lines
    assert sum(1 for line in lines if line.startswith("    c")) == 50
    assert lines[-1] == "    … and 70 more"
