"""What an export remembers between runs: rendered articles (RenderCache), content hashes
by file digest (TextHashes), quote ids and fingerprints in the analysis cache.

Each must give exactly the export a fresh run gives -- after the annotations or a
source change, and when its file is damaged, stale or from other code.
"""

from __future__ import annotations

import gc
import io
import json
import os

import jsonschema
import pytest

from annotations import export
from annotations.corpus import CACHE_FILE, AnalysisCache, ArticleInfo
from annotations.gcpause import paused_gc
from annotations.quotes import find_quotes
from test_export_store import annotated_store

AT = "2026-01-01T00:00:00Z"


@pytest.fixture
def setup(tmp_path, seed_dir):
    store, arts = annotated_store(tmp_path / "db.json", seed_dir)
    cache = AnalysisCache(tmp_path / "cache", version="test")
    for art in arts:
        cache.put(ArticleInfo(art.id, art.title, str(art.path), art.date), find_quotes(art.text, art.boilerplate))
    cache.save()
    yield store, arts, tmp_path / "cache"
    store.close()


def run(store, cache_dir, fmt="json", *, reuse=True, annotated_only=False):
    """One export as the command makes it (a fresh analysis cache object each time)."""
    buf = io.BytesIO()
    analyser = export.Analyser(AnalysisCache(cache_dir, version="test"))
    result = export.export_to_stream(store, buf, fmt, analyser=analyser, exported_at=AT, reuse=reuse, annotated_only=annotated_only, workers=1)
    return buf.getvalue(), (result.articles, result.quotes, result.spans, result.orphans, result.warnings)


def cache_files(cache_dir):
    return sorted(p.name for p in cache_dir.glob("export-*.cache"))


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_reused_export_is_the_fresh_one(setup, fmt):
    store, _, cache_dir = setup
    fresh = run(store, cache_dir, fmt, reuse=False)
    assert cache_files(cache_dir) == []  # reuse=False leaves the render cache alone
    first = run(store, cache_dir, fmt)
    assert cache_files(cache_dir) == [f"export-{'json' if fmt == 'jsonl' else fmt}.cache"]
    assert run(store, cache_dir, fmt) == first == fresh


def test_reused_json_is_schema_valid(setup):
    store, _, cache_dir = setup
    run(store, cache_dir)
    doc = json.loads(run(store, cache_dir)[0])
    jsonschema.Draft202012Validator(export.load_schema(), format_checker=jsonschema.FormatChecker()).validate(doc)
    assert len(doc["articles"]) == 3


def test_annotation_changes_are_exported(setup):
    store, arts, cache_dir = setup
    for fmt in export.FORMATS:
        run(store, cache_dir, fmt)
    a = arts[0]
    store.tag_article(a.id, "new-tag")
    store.set_article_note(arts[1].id, "a note added later")
    quote = store.quote_layer(a.id, a.text, find_quotes(a.text, a.boilerplate).quotes).quotes[4]
    store.set_quote_speaker(quote, "Someone Else")
    store.add_span(arts[2].id, arts[2].text, 30, 50, tags=["late"])
    for fmt in export.FORMATS:
        assert run(store, cache_dir, fmt) == run(store, cache_dir, fmt, reuse=False), fmt
    doc = json.loads(run(store, cache_dir)[0])
    first = next(r for r in doc["articles"] if r["id"] == a.id)
    assert "new-tag" in first["tags"] and "Someone Else" in [q["speaker"] for q in first["quotes"]]


def test_a_source_changed_in_place_is_seen(setup):
    """Same size, same modification time: the bytes differ, and so does the export."""
    store, arts, cache_dir = setup
    run(store, cache_dir)
    path = arts[0].path
    st = os.stat(path)
    data = path.read_bytes()
    i = data.index(b"the")
    path.write_bytes(data[:i] + b"THE" + data[i + 3 :])  # same length
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert os.stat(path).st_size == st.st_size and os.stat(path).st_mtime_ns == st.st_mtime_ns
    again = run(store, cache_dir)
    assert again == run(store, cache_dir, reuse=False)
    rec = next(r for r in json.loads(again[0])["articles"] if r["id"] == arts[0].id)
    assert rec["source_status"] == "changed"
    # ... and back: the first text (whose hash and rendering are still remembered) is ok again.
    path.write_bytes(data)
    rec = next(r for r in json.loads(run(store, cache_dir)[0])["articles"] if r["id"] == arts[0].id)
    assert rec["source_status"] == "ok"


def test_a_source_gone_missing_is_seen(setup):
    store, arts, cache_dir = setup
    run(store, cache_dir, "csv")
    arts[1].path.unlink()
    again = run(store, cache_dir, "csv")
    assert again == run(store, cache_dir, "csv", reuse=False)
    assert any("source file not found" in w for w in again[1][4])


def test_a_new_engine_result_is_seen(setup):
    """Another analysis of an article (the engine changed what it finds) is not served
    from the rendered copy of the old one."""
    store, arts, cache_dir = setup
    run(store, cache_dir)
    cache = AnalysisCache(cache_dir, version="test")
    art = arts[2]
    analysis = find_quotes(art.text, art.boilerplate)
    analysis.quotes.pop()
    cache.put(ArticleInfo(art.id, art.title, str(art.path), art.date), analysis)
    cache.save()
    again = run(store, cache_dir)
    assert again == run(store, cache_dir, reuse=False)
    assert again[1][1] == run(store, cache_dir)[1][1]


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b"",
        lambda b: b"not a cache at all",
        lambda b: b[: len(b) // 2],  # truncated
        lambda b: b[:-100] + bytes(x ^ 0xFF for x in b[-100:]),  # the index damaged
        lambda b: b[:40] + bytes(x ^ 0xFF for x in b[40:140]) + b[140:],  # rendered bytes damaged
        lambda b: b[: len(b) // 3] + bytes(x ^ 0xFF for x in b[len(b) // 3 : len(b) // 3 + 10]) + b[len(b) // 3 + 10 :],
        lambda b: b.replace(b'"format":%d' % export.RENDER_CACHE_FORMAT, b'"format":99', 1),  # another layout
        lambda b: b.replace(b'"code":"', b'"code":"0', 1),  # made by other code
    ],
)
def test_a_damaged_render_cache_is_rendered_again(setup, damage):
    store, _, cache_dir = setup
    fresh = run(store, cache_dir, "w3c", reuse=False)
    run(store, cache_dir, "w3c")
    (path,) = cache_dir.glob("export-w3c.cache")
    path.write_bytes(damage(path.read_bytes()))
    assert run(store, cache_dir, "w3c") == fresh
    assert run(store, cache_dir, "w3c") == fresh  # and the file was made good again


def test_a_damaged_hash_file_is_ignored(setup):
    store, _, cache_dir = setup
    fresh = run(store, cache_dir, reuse=False)
    hashes = cache_dir / export.TEXT_HASHES_FILE
    assert hashes.exists()
    for bad in (b"{", b'{"format": 1, "hashes": {"x": 3}}', b"\xff\xfe", json.dumps({"format": 1, "hashes": []}).encode()):
        hashes.write_bytes(bad)
        assert run(store, cache_dir, reuse=False) == fresh
    # A wrong remembered hash (a digest that is not this text's) only costs a recount.
    data = json.loads(hashes.read_bytes())
    data["hashes"] = {k: "sha256:" + "0" * 64 for k in data["hashes"]}
    hashes.write_bytes(json.dumps(data).encode())
    assert run(store, cache_dir, reuse=False) == fresh


def test_analysis_entries_gain_ids_and_fingerprint(setup):
    """An entry written before quote ids and fingerprints were kept gets them on its
    first export, the export is the same, and they are saved."""
    store, _, cache_dir = setup
    fresh = run(store, cache_dir, reuse=False)
    path = cache_dir / CACHE_FILE
    data = json.loads(path.read_bytes())
    for entry in data["articles"].values():
        assert len(entry["i"]) == len(entry["q"]) and len(entry["h"]) == 32
        entry.pop("i")
        entry.pop("h")
    path.write_text(json.dumps(data))
    assert run(store, cache_dir, reuse=False) == fresh
    saved = json.loads(path.read_bytes())
    exported = store.article_ids()
    assert all("i" in e and "h" in e for aid, e in saved["articles"].items() if aid in exported)
    # Damaged ids are made again, not used.
    for aid in exported:
        saved["articles"][aid]["i"] = saved["articles"][aid]["i"][:-1]
    path.write_text(json.dumps(saved))
    assert run(store, cache_dir, reuse=False) == fresh


def test_a_corrupt_analysis_cache_is_rebuilt(setup):
    store, _, cache_dir = setup
    fresh = run(store, cache_dir)
    (cache_dir / CACHE_FILE).write_bytes(b'{"format": 1, "engine": "test", "articles": {')
    assert run(store, cache_dir) == fresh  # the engine runs again
    assert (cache_dir / "analyses.corrupt").exists()
    assert json.loads((cache_dir / CACHE_FILE).read_bytes())["articles"]


def test_analysis_cache_keeps_what_orjson_refuses(tmp_path):
    """A lone surrogate cannot be UTF-8: the cache is written with JSON escapes instead,
    and read back."""
    cache = AnalysisCache(tmp_path, version="v")
    analysis = find_quotes('"We will," said Ana Ruiz.', [])
    cache.put(ArticleInfo("abc", "bad \ud800 title", "", None), analysis)
    cache.save()
    again = AnalysisCache(tmp_path, version="v")
    assert again.info("abc").title == "bad \ud800 title"
    assert again.get("abc") == analysis


def test_paused_gc_moves_survivors_to_the_oldest_generation():
    assert gc.isenabled()
    with paused_gc():
        kept = [[i] for i in range(10_000)]
        cycle = []
        cycle.append(cycle)
        del cycle
    young = {id(o) for o in gc.get_objects(generation=0)}
    assert not any(id(x) in young for x in kept[::500])
    assert gc.get_freeze_count() == 0
    assert gc.collect() >= 1  # the cycle made during the pause is still collected


def test_paused_gc_leaves_a_freeze_alone():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with paused_gc():
            [[i] for i in range(1000)]
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_a_filtered_export_keeps_the_others(setup):
    store, arts, cache_dir = setup
    full = run(store, cache_dir, "csv")
    store.tag_article(arts[0].id, "only-this")
    buf = io.BytesIO()
    export.export_to_stream(store, buf, "csv", tag="only-this", analyser=export.Analyser(AnalysisCache(cache_dir, version="test")), exported_at=AT, workers=1)
    assert buf.getvalue().count(b"\r\n") > 1
    cache = export.RenderCache(cache_dir / "export-csv.cache")
    assert all(cache.known(aid) for aid in store.article_ids())
    assert run(store, cache_dir, "csv") == run(store, cache_dir, "csv", reuse=False) != full


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_tiny_chunks_give_the_same_file(setup, tmp_path, monkeypatch, fmt):
    """Written in many small chunks (to the file and to the streamed render cache), then
    read back from that cache: the same bytes, no temporary file left."""
    store, _, cache_dir = setup
    fresh = run(store, cache_dir, fmt, reuse=False)[0]
    monkeypatch.setattr(export._Output, "CHUNK", 64)
    out = tmp_path / f"out.{fmt}"
    for _ in range(2):  # streamed into the render cache, then read back from it
        analyser = export.Analyser(AnalysisCache(cache_dir, version="test"))
        export.export_to_file(store, out, fmt, analyser=analyser, exported_at=AT, workers=1)
        assert out.read_bytes() == fresh
    assert run(store, cache_dir, fmt) == run(store, cache_dir, fmt, reuse=False)
    assert [p.name for p in cache_dir.iterdir() if ".tmp" in p.name] == []


def test_a_failed_write_fails_the_export(setup, tmp_path, monkeypatch):
    """A write that fails part-way (a full disk) fails the export with the reason: the old
    file stays, nothing is left behind."""
    store, _, cache_dir = setup
    monkeypatch.setattr(export._Output, "CHUNK", 64)
    out = tmp_path / "keep.json"
    out.write_text("old", encoding="utf-8")
    real = export._write_fd
    calls = []

    def full(fd, parts):
        calls.append(1)
        if len(calls) > 3:
            raise OSError(28, "No space left on device")
        return real(fd, parts)

    monkeypatch.setattr(export, "_write_fd", full)
    with pytest.raises(export.ExportError, match="No space left"):
        export.export_to_file(store, out, "json", analyser=export.Analyser(AnalysisCache(cache_dir, version="test")), workers=1)
    assert len(calls) > 3
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".keep")] == []
    assert [p.name for p in cache_dir.iterdir() if ".tmp" in p.name] == []


def test_a_killed_exports_stream_is_cleaned_up(setup):
    """The render cache an export streams lives in a temporary file until the export
    ends; one left by a process that no longer runs is removed by the next export."""
    store, _, cache_dir = setup
    stray = cache_dir / ".export-json.cache.tmp-999999999-1"
    stray.write_bytes(b"half a cache")
    os.utime(stray, (0, 0))
    assert run(store, cache_dir) == run(store, cache_dir, reuse=False)
    assert not stray.exists()
