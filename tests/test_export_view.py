"""The engine's quotes rendered ahead (annotations.exportview): an export that lays the
user's layer over them must be exactly the export built from scratch -- with the pieces
made as an analysis is stored, made by an earlier export, or damaged, stale, of another
engine, for other bytes of the source, or for another source path.
"""

from __future__ import annotations

import io
import json

import jsonschema
import pytest

from annotations import export
from annotations.corpus import AnalysisCache, ArticleInfo
from annotations.exportview import VIEW_FORMATS, ExportView, text_digest, view_file
from annotations.quotes import find_quotes
from test_export_store import annotated_store

AT = "2026-01-01T00:00:00Z"


def analyse_into(cache_dir, arts, version="test", with_text=True):
    """The analysis cache as the app fills it (the text given: pieces made then)."""
    cache = AnalysisCache(cache_dir, version=version)
    for art in arts:
        cache.put(ArticleInfo(art.id, art.title, str(art.path), art.date), find_quotes(art.text, art.boilerplate), art.text if with_text else None)
    cache.save()
    return cache


@pytest.fixture
def setup(tmp_path, seed_dir):
    store, arts = annotated_store(tmp_path / "db.json", seed_dir)
    analyse_into(tmp_path / "cache", arts)
    yield store, arts, tmp_path / "cache"
    store.close()


def run(store, cache_dir, fmt="json", *, reuse=True, version="test", drop_render_cache=True):
    """One export as the command makes it; the render cache removed first (a first
    export: every article built), so what is reused is the view."""
    kind = "json" if fmt == "jsonl" else fmt
    if drop_render_cache:
        (cache_dir / f"export-{kind}.cache").unlink(missing_ok=True)
    buf = io.BytesIO()
    analyser = export.Analyser(AnalysisCache(cache_dir, version=version))
    result = export.export_to_stream(store, buf, fmt, analyser=analyser, exported_at=AT, reuse=reuse, workers=1)
    return buf.getvalue(), (result.articles, result.quotes, result.spans, result.orphans, result.warnings)


def hits(cache_dir, fmt, version="test"):
    """How many articles a fresh export finds rendered ahead (without saving anything)."""
    view = ExportView(view_file(cache_dir, fmt), fmt)
    return len(view._entries())


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_pieces_made_at_analysis_give_the_fresh_export(setup, fmt):
    store, arts, cache_dir = setup
    assert all(view_file(cache_dir, f).exists() for f in VIEW_FORMATS)
    assert hits(cache_dir, fmt) == len(arts)
    fresh = run(store, cache_dir, fmt, reuse=False)
    assert run(store, cache_dir, fmt) == fresh
    assert run(store, cache_dir, fmt) == fresh


def test_the_export_uses_them(setup, monkeypatch):
    """The pieces are used: no article's quotes are made again when they are on file."""
    store, _, cache_dir = setup
    made = []
    real = export.make_pieces
    monkeypatch.setattr(export, "make_pieces", lambda *a: made.append(a[1]) or real(*a))
    run(store, cache_dir, "w3c")
    assert made == []


def test_schema_valid_with_pieces(setup):
    store, _, cache_dir = setup
    doc = json.loads(run(store, cache_dir)[0])
    jsonschema.Draft202012Validator(export.load_schema(), format_checker=jsonschema.FormatChecker()).validate(doc)


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_an_export_makes_missing_pieces_for_the_next(tmp_path, seed_dir, fmt):
    store, arts = annotated_store(tmp_path / "db.json", seed_dir)
    cache_dir = tmp_path / "cache"
    analyse_into(cache_dir, arts, with_text=False)  # an older cache: no pieces
    assert not view_file(cache_dir, fmt).exists()
    fresh = run(store, cache_dir, fmt, reuse=False)
    assert not view_file(cache_dir, fmt).exists()  # reuse=False leaves it alone
    assert run(store, cache_dir, fmt) == fresh
    assert hits(cache_dir, fmt) == 3
    assert run(store, cache_dir, fmt) == fresh
    store.close()


def test_the_users_layer_changes_are_laid_over(setup):
    store, arts, cache_dir = setup
    a, b = arts[0], arts[3]
    quotes = store.quote_layer(a.id, a.text, find_quotes(a.text, a.boilerplate).quotes).quotes
    store.set_quote_speaker(quotes[5], "Someone Else")
    store.tag_quote(quotes[6], "late")
    store.delete_quote(quotes[0])  # the user's layer of an engine quote removed
    store.remember_article(b.id, source=str(b.path), title=b.title)  # an article only the engine annotated
    store.add_quote(b.id, b.text, 3, 30, speaker="Me")
    for fmt in export.FORMATS:
        fresh = run(store, cache_dir, fmt, reuse=False)
        assert run(store, cache_dir, fmt) == fresh, fmt
    rec = next(r for r in json.loads(run(store, cache_dir)[0])["articles"] if r["id"] == a.id)
    assert "Someone Else" in [q["speaker"] for q in rec["quotes"]]


def test_a_new_engine_version_is_not_served_old_pieces(setup, monkeypatch):
    store, arts, cache_dir = setup
    analyse_into(cache_dir, arts, version="other", with_text=False)
    made = []
    real = export.make_pieces
    monkeypatch.setattr(export, "make_pieces", lambda *a: made.append(a[1]) or real(*a))
    # The cache of version "other" holds the same rows; the pieces of "test" are not its.
    out = run(store, cache_dir, "csv", version="other")
    assert sorted(made) == sorted(a.id for a in arts[:3])
    assert out == run(store, cache_dir, "csv", version="other", reuse=False)


def test_a_new_engine_result_is_not_served_old_pieces(setup):
    store, arts, cache_dir = setup
    before = run(store, cache_dir, "w3c")
    cache = AnalysisCache(cache_dir, version="test")
    art = arts[2]
    analysis = find_quotes(art.text, art.boilerplate)
    analysis.quotes.pop()
    cache.put(ArticleInfo(art.id, art.title, str(art.path), art.date), analysis)  # no text: no new pieces
    cache.save()
    again = run(store, cache_dir, "w3c")
    assert again == run(store, cache_dir, "w3c", reuse=False)
    assert again[1][1] == before[1][1] - 1


def test_other_bytes_of_the_source_are_not_served_old_pieces(setup):
    """A source rewritten with the same words but other whitespace keeps its article id
    (and the engine's rows), but the quotes' context comes from the new text."""
    store, arts, cache_dir = setup
    path = arts[0].path
    path.write_text(path.read_text(encoding="utf-8").replace(". ", ".  "), encoding="utf-8")
    for fmt in export.FORMATS:
        fresh = run(store, cache_dir, fmt, reuse=False)
        assert run(store, cache_dir, fmt) == fresh, fmt


def test_a_moved_source_gets_its_own_w3c_target(setup, tmp_path):
    store, arts, cache_dir = setup
    new = tmp_path / "moved" / "a b.txt"
    new.parent.mkdir()
    arts[0].path.rename(new)
    store.remember_article(arts[0].id, source=str(new))
    out = run(store, cache_dir, "w3c")
    assert out == run(store, cache_dir, "w3c", reuse=False)
    assert b"moved/a%20b.txt" in out[0]


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b"",
        lambda b: b"not a view at all",
        lambda b: b[: len(b) // 2],  # truncated
        lambda b: b[:-100] + bytes(x ^ 0xFF for x in b[-100:]),  # pieces damaged
        lambda b: b.replace(b'"format":1', b'"format":99', 1),  # another layout
        lambda b: b.replace(b'"code":"', b'"code":"0', 1),  # made by other code
        lambda b: b + b"\x05\x00\x00\x00junk",  # a torn frame at the end
    ],
)
@pytest.mark.parametrize("fmt", VIEW_FORMATS)
def test_a_damaged_view_is_made_again(setup, damage, fmt):
    store, _, cache_dir = setup
    fresh = run(store, cache_dir, fmt, reuse=False)
    path = view_file(cache_dir, fmt)
    path.write_bytes(damage(path.read_bytes()))
    assert run(store, cache_dir, fmt) == fresh
    assert hits(cache_dir, fmt) >= 3  # and made good again (the three articles exported)
    assert run(store, cache_dir, fmt) == fresh


def test_a_key_that_does_not_match_is_not_used(setup, monkeypatch):
    """Every piece on file under another key (as if made for other rows): made again."""
    store, _, cache_dir = setup
    path = view_file(cache_dir, "json")
    data = path.read_bytes()
    view = ExportView(path, "json")
    for key, _, _ in view._entries().values():
        data = data.replace(key.encode(), b"0" * len(key))
    path.write_bytes(data)
    made = []
    real = export.make_pieces
    monkeypatch.setattr(export, "make_pieces", lambda *a: made.append(a[1]) or real(*a))
    assert run(store, cache_dir) == run(store, cache_dir, reuse=False)
    assert len(made) == 3


def test_appending_replaces_and_compacts(tmp_path):
    path = tmp_path / "engine-json.view"
    view = ExportView(path, "json")
    view.put("a", "k1", [b"1,", b"2,"])
    view.save()
    view = ExportView(path, "json")
    view.put("a", "k2", [b"3,"])
    view.put("b", "k1", [b"4,"])
    view.save()
    view = ExportView(path, "json")
    assert view.get("a", "k1") is None
    blob, at, lens = view.get("a", "k2")
    assert blob[at : at + sum(lens)] == b"3,"
    blob, at, lens = view.get("b", "k1")
    assert blob[at : at + sum(lens)] == b"4,"


def test_text_that_no_file_reads_back_as_gets_no_pieces_at_analysis():
    assert text_digest("plain text\n") is not None
    assert text_digest("\ufeffa byte order mark") is None
    assert text_digest("a control \x07 character") is None
    assert text_digest("a lone \ud800 surrogate") is None


@pytest.mark.parametrize(
    "path",
    ["/a/b c.txt", "/tmp/x/\u00fc%#?.txt", "/a//b", "/a/./b", "/a/b/", "/a/..", "/a/b/.", "/.", "//a", "/a\udcff", "/a/.hidden", "/a/..b", "/"],
)
def test_the_quick_file_iri_is_pathlibs(path):
    from pathlib import Path

    assert export.source_iri({"source": path, "id": "x"}) == Path(path).as_uri()


def test_w3c_pieces_are_kept_for_the_source_they_target(tmp_path, seed_dir, monkeypatch):
    """W3C pieces hold their target's IRI: pieces the app made for another path are not
    used for this one (they are made again, and are then used by the next export)."""
    store, arts = annotated_store(tmp_path / "db.json", seed_dir)
    cache_dir = tmp_path / "cache"
    cache = AnalysisCache(cache_dir, version="test")
    for art in arts:
        analysis = find_quotes(art.text, art.boilerplate)
        cache.put(ArticleInfo(art.id, art.title, "/somewhere/else.txt", art.date), analysis, art.text)
    cache.save()
    made = []
    real = export.make_pieces
    monkeypatch.setattr(export, "make_pieces", lambda *a: made.append(a[1]) or real(*a))
    fresh = run(store, cache_dir, "w3c", reuse=False)
    assert b"somewhere" not in fresh[0]
    assert run(store, cache_dir, "w3c") == fresh
    assert len(made) == 3
    assert run(store, cache_dir, "w3c") == fresh
    assert len(made) == 3  # the second export found the pieces the first made
    assert run(store, cache_dir, "json") == run(store, cache_dir, "json", reuse=False)
    assert len(made) == 3  # JSON pieces do not depend on the path
    store.close()


@pytest.mark.parametrize("column", [0, 6])  # a start, a confidence
@pytest.mark.parametrize("fmt", export.FORMATS)
def test_rows_changed_under_their_fingerprint_are_built_the_general_way(setup, fmt, column):
    """A view's key holds the rows' fingerprint the analysis cache keeps ("h"), not the
    rows themselves: rows of other types under an unchanged fingerprint (a cache file
    changed by hand) must not break the export -- the article is built the general way,
    which finds the rows damaged and runs the engine again (the same quotes)."""
    store, arts, cache_dir = setup
    before = run(store, cache_dir, fmt)
    path = cache_dir / "analyses.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    entry = data["articles"][arts[0].id]
    assert len(entry["h"]) == 32 and entry["i"]
    for row in entry["q"]:
        row[column] = str(row[column])
    path.write_text(json.dumps(data), encoding="utf-8")
    assert run(store, cache_dir, fmt) == before
