"""Export from a real annotation file and real article files: every format, filters,
sources that went missing or changed, atomic writes, progress."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import jsonschema
import pytest

from annotations import export
from annotations.articles import load_article
from annotations.quotes import find_quotes
from annotations.store import Store

EXPORTED_AT = "2026-01-01T00:00:00Z"


def annotated_store(db: Path, seed_dir: Path) -> tuple[Store, list]:
    """A store with a little of everything over the seed articles: article tags, notes and
    read state, accepted/rejected/corrected engine quotes, a quote the user added, spans.

    Returns the store and the loaded articles (in file order).
    """
    store = Store(db, fsync=False)
    arts = [load_article(p) for p in sorted(seed_dir.glob("*.txt"))]
    a, b, c = arts[0], arts[1], arts[2]
    for art in (a, b, c):
        store.remember_article(art.id, source=str(art.path), title=art.title, date=art.date)
    store.tag_article(a.id, ["politics", "=HYPERLINK(x)"])
    store.set_article_note(a.id, "Check the second quote.\nCall the desk.")
    store.mark_read(a.id)
    qa = store.quote_layer(a.id, a.text, find_quotes(a.text, a.boilerplate).quotes).quotes
    store.accept_quote(qa[0])
    store.tag_quote(qa[0], ["key", "follow-up"])
    store.set_quote_note(qa[0], "Confirmed by phone.")
    store.reject_quote(qa[1])
    store.set_quote_speaker(qa[2], "Jane Q. Public")
    store.add_quote(a.id, a.text, 0, 40, speaker="Narrator", kind="partial", note="my own")
    store.add_span(a.id, a.text, 100, 140, tags=["context"], note="background")
    store.tag_article(b.id, "economy")
    qb = store.quote_layer(b.id, b.text, find_quotes(b.text, b.boilerplate).quotes).quotes
    store.accept_quote(qb[0])
    store.add_span(c.id, c.text, 5, 25, tags=["lede"])
    return store, arts


@pytest.fixture
def store(tmp_path, seed_dir):
    s, _ = annotated_store(tmp_path / "db.json", seed_dir)
    yield s
    s.close()


@pytest.fixture
def arts(store, seed_dir):
    return [load_article(p) for p in sorted(seed_dir.glob("*.txt"))]


@pytest.fixture(scope="module")
def validator():
    return jsonschema.Draft202012Validator(export.load_schema(), format_checker=jsonschema.FormatChecker())


def test_json_export_holds_everything_and_is_valid(store, arts, validator):
    doc = export.build_document(store, exported_at=EXPORTED_AT)
    validator.validate(doc)
    assert doc["schema"] == "newsreader-annotations" and doc["newsreader_version"]
    assert doc["quote_engine_version"]
    by_id = {r["id"]: r for r in doc["articles"]}
    a = by_id[arts[0].id]
    assert a["source"] == str(arts[0].path) and a["source_status"] == "ok"
    assert a["content_hash"].startswith("sha256:" + arts[0].id)
    assert a["tags"] == ["politics", "=HYPERLINK(x)"] and a["note"].startswith("Check")
    assert a["read"] is True and a["review"] == "in_progress"
    assert a["title"] == arts[0].title
    engine = find_quotes(arts[0].text, arts[0].boilerplate).quotes
    engine_quotes = [q for q in a["quotes"] if q["origin"] == "engine"]
    assert len(engine_quotes) == len(engine)  # untouched engine quotes are exported too
    for q in a["quotes"]:
        assert arts[0].text[q["start"] : q["end"]] == q["text"]
        assert q["orphan"] is False
    accepted = [q for q in a["quotes"] if q["status"] == "accepted" and q["origin"] == "engine"]
    assert accepted[0]["tags"] == ["key", "follow-up"] and accepted[0]["note"] == "Confirmed by phone."
    corrected = [q for q in a["quotes"] if q["speaker_correction"] == "Jane Q. Public"]
    assert len(corrected) == 1 and corrected[0]["speaker"] == "Jane Q. Public"
    assert corrected[0]["engine_speaker"] != "Jane Q. Public"
    assert any(q["status"] == "rejected" for q in a["quotes"])
    (user,) = [q for q in a["quotes"] if q["origin"] == "user"]
    assert user["speaker"] == "Narrator" and user["engine_speaker"] is None and user["kind"] == "partial"
    (span,) = a["spans"]
    assert span["text"] == arts[0].text[100:140] and span["tags"] == ["context"]
    # Only articles with something stored are exported.
    assert set(by_id) == {arts[0].id, arts[1].id, arts[2].id}
    assert by_id[arts[2].id]["review"] == "unreviewed"


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_every_format_from_the_store(store, fmt, tmp_path):
    out = tmp_path / f"out.{fmt}"
    result = export.export_to_file(store, out, fmt)
    assert result.path == out and result.articles == 3 and result.quotes > 5 and result.spans == 2
    data = out.read_bytes()
    text = data.decode("utf-8")
    if fmt == "json":
        assert json.loads(text)["articles"]
    elif fmt == "jsonl":
        lines = text.splitlines()
        assert len(lines) == 3 and all(json.loads(line)["id"] for line in lines)
    elif fmt == "csv":
        assert data.startswith(b"\xef\xbb\xbf")
        rows = list(csv.DictReader(io.StringIO(text[1:], newline="")))
        assert len(rows) == result.quotes
        assert all(r["article_tags"] in ("", "politics; =HYPERLINK(x)", "economy") for r in rows)
    else:
        doc = json.loads(text)
        assert doc["@context"] == "http://www.w3.org/ns/anno.jsonld"
        assert doc["total"] == len(doc["first"]["items"]) == 3 + result.quotes + result.spans
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []  # no temp file left


def test_csv_opens_in_pandas_shape(store, tmp_path):
    """What a spreadsheet user gets: a header, one row per quote, defused formulas."""
    out = tmp_path / "q.csv"
    export.export_to_file(store, out, "csv")
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == export.CSV_COLUMNS
    assert all(len(r) == len(export.CSV_COLUMNS) for r in rows)
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell


def test_tag_and_article_filters(store, arts, seed_dir):
    doc = export.build_document(store, tag="economy")
    assert [r["id"] for r in doc["articles"]] == [arts[1].id]
    assert doc["filter"] == {"tag": "economy", "article": None}
    # A tag on a quote or span selects its article too.
    assert [r["id"] for r in export.build_document(store, tag="lede")["articles"]] == [arts[2].id]
    assert export.build_document(store, tag="nothing")["articles"] == []
    assert [r["id"] for r in export.build_document(store, article=arts[0].id)["articles"]] == [arts[0].id]
    assert [r["id"] for r in export.build_document(store, article=arts[1].id[:6])["articles"]] == [arts[1].id]
    assert [r["id"] for r in export.build_document(store, article=str(arts[2].path))["articles"]] == [arts[2].id]
    with pytest.raises(export.ExportError, match="no annotations"):
        export.build_document(store, article="ffffffffffffffff")
    with pytest.raises(export.ExportError, match="no annotations"):
        export.build_document(store, article=str(sorted(seed_dir.glob("*.txt"))[4]))


def test_missing_source_exports_what_is_stored(store, arts, validator):
    before = {r["id"]: r for r in export.build_document(store)["articles"]}
    os.unlink(arts[0].path)
    doc = export.build_document(store)
    validator.validate(doc)
    a = {r["id"]: r for r in doc["articles"]}[arts[0].id]
    assert a["source_status"] == "missing" and a["content_hash"] is None
    assert any("not found" in w for w in a["warnings"])
    stored = [q for q in before[arts[0].id]["quotes"] if q["status"] != "unreviewed" or q["origin"] == "user" or q["speaker_correction"]]
    assert {q["id"] for q in a["quotes"]} == {q["id"] for q in stored}  # every annotation, none dropped
    assert a["spans"] == before[arts[0].id]["spans"]
    assert a["tags"] == before[arts[0].id]["tags"] and a["note"] == before[arts[0].id]["note"]
    result = export.export_to_file(store, arts[1].path.parent / "x.json", "json")
    assert any("not found" in w for w in result.warnings)


def test_changed_source_flags_orphans(store, arts, validator):
    path = arts[0].path
    text = path.read_text(encoding="utf-8")
    # Cut the start: the user's own quote (offsets 0-40) and span lose their text.
    path.write_text(text[200:], encoding="utf-8")
    doc = export.build_document(store)
    validator.validate(doc)
    a = {r["id"]: r for r in doc["articles"]}[arts[0].id]
    assert a["source_status"] == "changed"
    orphans = [q for q in a["quotes"] + a["spans"] if q["orphan"]]
    assert orphans and any("orphan" in w for w in a["warnings"])
    user = [q for q in a["quotes"] if q["origin"] == "user"][0]
    assert user["orphan"] is True and user["text"] == text[0:40]


def test_progress_and_streaming(store):
    seen = []
    buf = io.StringIO()
    result = export.export_to_stream(store, buf, "jsonl", progress=lambda d, t: seen.append((d, t)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert result.summary().startswith("Exported 3 articles")


def test_failed_export_leaves_the_old_file(store, tmp_path, monkeypatch):
    out = tmp_path / "keep.json"
    out.write_text("old", encoding="utf-8")

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export, "write_records", boom)
    with pytest.raises(export.ExportError, match="No space left"):
        export.export_to_file(store, out, "json")
    assert out.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".keep")) == []


def test_export_to_a_folder_or_unwritable_place_is_one_error(store, tmp_path):
    with pytest.raises(export.ExportError, match="folder"):
        export.export_to_file(store, tmp_path, "json")
    with pytest.raises(export.ExportError, match="cannot write"):
        export.export_to_file(store, tmp_path / "no" / "such" / "dir.json", "json")
    with pytest.raises(export.ExportError, match="unknown export format"):
        export.export_to_file(store, tmp_path / "x", "xml")


def test_empty_store_exports_an_empty_valid_document(tmp_path, validator):
    with Store(tmp_path / "empty.json", readonly=True) as s:
        doc = export.build_document(s)
    validator.validate(doc)
    assert doc["articles"] == []


def test_hostile_text_stays_data(tmp_path, validator):
    """Markup, escapes and formula starts in notes and tags are exported verbatim (CSV defused)."""
    art_path = tmp_path / "a.txt"
    art_path.write_text('Headline\n\n"[bold]Hi[/] \x1b[31m," said @Bob.\n', encoding="utf-8")
    art = load_article(art_path)
    with Store(tmp_path / "h.json", fsync=False) as s:
        s.remember_article(art.id, source=str(art_path), title=art.title)
        s.tag_article(art.id, ["[red]x[/]", "+1"])
        s.set_article_note(art.id, "=cmd|' /C calc'!A0\n-2")
        doc = export.build_document(s)
        validator.validate(doc)
        (rec,) = doc["articles"]
        assert rec["tags"] == ["[red]x[/]", "+1"] and rec["note"].startswith("=cmd")
        buf = io.StringIO()
        export.export_to_stream(s, buf, "csv")
    assert rec["quotes"]  # the engine found the quote, so the CSV has rows to check
    for q in rec["quotes"]:
        assert "\x1b" not in q["text"]
    rows = list(csv.reader(io.StringIO(buf.getvalue()[1:], newline="")))
    assert len(rows) == 1 + len(rec["quotes"])
    for row in rows[1:]:
        note = row[export.CSV_COLUMNS.index("article_note")]
        assert note.startswith("'=cmd")


def test_export_never_overwrites_the_annotation_file(store, tmp_path):
    before = store.path.read_bytes()
    for target in (store.path, store.path.with_name(store.path.name + ".bak")):
        with pytest.raises(export.ExportError, match="annotation file itself"):
            export.export_to_file(store, target, "json")
    assert store.path.read_bytes() == before
