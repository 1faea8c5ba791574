"""The export's fast paths give exactly what the general ones give.

``Store.quote_records`` must equal ``quote_layer(...)``'s records, ``Analyser.rows`` the
rows of ``Analyser.quotes``, and a ``Store.snapshot()`` block must read one state while
still seeing its own changes.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import os

import orjson

from annotations import export
from annotations.articles import article_from_text, load_article
from annotations.corpus import AnalysisCache, ArticleInfo
from annotations.gcpause import paused_gc
from annotations.quotes import find_quotes
from annotations.store import Store


def rows_of(quotes) -> list[list]:
    return [[q.start, q.end, q.text, q.kind, q.speaker, q.cue, q.confidence] for q in quotes]


def layered_records(store: Store, aid: str, text: str, quotes) -> tuple[list[dict], list[dict]]:
    layer = store.quote_layer(aid, text, quotes)
    return [q.to_record() for q in layer.quotes], [q.to_record() for q in layer.orphans]


def test_quote_records_equal_quote_layer(tmp_path, seed_dir):
    store = Store(tmp_path / "db.json", fsync=False)
    art = load_article(sorted(seed_dir.glob("*.txt"))[0])
    quotes = find_quotes(art.text, art.boilerplate).quotes
    assert len(quotes) >= 4
    layer = store.quote_layer(art.id, art.text, quotes).quotes
    store.accept_quote(layer[0])
    store.tag_quote(layer[0], ["key", "follow-up"])
    store.set_quote_note(layer[0], "Confirmed.")
    store.reject_quote(layer[1])
    store.set_quote_speaker(layer[2], "Jane Q. Public")
    store.add_quote(art.id, art.text, 0, 40, speaker="Narrator", kind="partial")
    # A quote the user added whose words are later cut from the text: an orphan.
    store.add_quote(art.id, art.text, layer[3].start, layer[3].end, speaker="Gone")

    for text, engine in (
        (art.text, quotes),  # as annotated
        (art.text, quotes[1:]),  # the engine no longer finds a quote the user accepted
        (art.text, []),  # no engine quotes at all (annotated only)
        # the text changed: an inserted sentence moves every quote; the fourth is cut
        (art.text[: layer[3].start] + art.text[layer[3].end :], None),
    ):
        if engine is None:
            changed = article_from_text(text)
            engine = find_quotes(changed.text, changed.boilerplate).quotes
        fast = store.quote_records(art.id, text, rows_of(engine))
        assert fast == layered_records(store, art.id, text, engine)
    # The last case really had an orphan and moved quotes to compare.
    assert "Gone" in [q["speaker"] for q in fast[1]]
    store.close()


def test_quote_records_loose_match_and_bad_offsets(tmp_path, seed_dir):
    """A newer engine that draws a quote a word shorter keeps the user's layer; offsets
    outside the text give no context, as quote_layer gives none."""
    store = Store(tmp_path / "db.json", fsync=False)
    art = load_article(sorted(seed_dir.glob("*.txt"))[1])
    quotes = find_quotes(art.text, art.boilerplate).quotes
    first = store.quote_layer(art.id, art.text, quotes).quotes[0]
    store.set_quote_speaker(first, "Corrected")
    q = quotes[0]
    shorter = type(q)(q.start, q.end - 3, art.text[q.start : q.end - 3], q.kind, q.speaker, q.cue, q.confidence)
    outside = type(q)(len(art.text) + 5, len(art.text) + 9, "away", "direct", None, None, 0.5)
    engine = [shorter, *quotes[1:], outside]
    fast = store.quote_records(art.id, art.text, rows_of(engine))
    assert fast == layered_records(store, art.id, art.text, engine)
    assert fast[0][0]["speaker_correction"] == "Corrected"
    assert fast[0][-1]["prefix"] == "" and fast[0][-1]["suffix"] == ""
    store.close()


def test_analyser_rows_from_cache_and_fallback(tmp_path, seed_dir):
    art = load_article(sorted(seed_dir.glob("*.txt"))[2])
    analysis = find_quotes(art.text, art.boilerplate)
    cache = AnalysisCache(tmp_path / "cache", version="test")
    cache.put(ArticleInfo(art.id, art.title, str(art.path), art.date), analysis)
    cache.save()
    fresh = AnalysisCache(tmp_path / "cache", version="test")
    rows = export.Analyser(fresh).rows(art.id, art.text, str(art.path), art.title)
    expected = rows_of(export.Analyser(AnalysisCache(tmp_path / "cache", version="test")).quotes(art.id, art.text, str(art.path), art.title))
    assert [r[:7] for r in rows] == expected
    # A damaged row (no offset) is not passed on: the cache drops it and the engine runs again.
    fresh.rows_for([art.id])[art.id][0][0] = None
    again = export.Analyser(fresh).rows(art.id, art.text, str(art.path), art.title)
    assert [r[:6] for r in again] == [r[:6] for r in expected]
    assert all(type(r[0]) is int for r in again)


def test_snapshot_reads_one_state_and_sees_own_changes(tmp_path):
    db = tmp_path / "db.json"
    a = Store(db, fsync=False)
    b = Store(db, fsync=False)
    a.tag_article("0123456789abcdef", "one")
    with b.snapshot():
        assert b.article_tags("0123456789abcdef") == ["one"]
        a.tag_article("0123456789abcdef", "two")  # another process's change
        assert b.article_tags("0123456789abcdef") == ["one"]  # not seen inside the block
        b.tag_article("fedcba9876543210", "mine")  # this store's own change
        assert b.article_tags("fedcba9876543210") == ["mine"]
    assert b.article_tags("0123456789abcdef") == ["one", "two"]  # seen after it
    a.close()
    b.close()


def test_paused_gc_nests_and_restores():
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()


# --------------------------------------------------------------------------- the JSON writer

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
_maybe = st.none() | _text
_quote = st.fixed_dictionaries(
    {
        "id": _text, "origin": st.sampled_from(["engine", "user"]), "start": st.integers(0, 10**6),
        "end": st.integers(0, 10**6), "text": _text, "prefix": _text, "suffix": _text, "orphan": st.booleans(),
        "kind": _text, "cue": _maybe, "engine_speaker": _maybe, "speaker_correction": _maybe, "speaker": _maybe,
        "confidence": st.none() | st.floats(allow_nan=True, allow_infinity=True) | st.integers(-3, 3),
        "status": _text, "tags": st.lists(_text, max_size=3), "note": _maybe,
    }
)


def _finite(value):
    """What a JSON number can say: a non-finite float is written as null."""
    return None if isinstance(value, float) and value - value != 0.0 else value


@settings(max_examples=300, deadline=None)
@given(st.lists(_quote, max_size=4), _maybe, st.booleans())
def test_record_json_reads_back_as_the_record(quotes, title, warn):
    record = {"id": "0123456789abcdef", "title": title, "tags": ['"quotes": []'], "quotes": quotes, "spans": []}
    if warn:
        record["warnings"] = ["x"]
    data = export._record_json(record)
    assert type(data) is bytes and b"\n" not in data  # one line of the json/jsonl file
    expected = {**record, "quotes": [{**q, "confidence": _finite(q["confidence"])} for q in quotes]}
    assert json.loads(data.decode("utf-8")) == expected


def test_record_json_takes_what_orjson_refuses():
    """A lone surrogate or an integer beyond 64 bits (a hand-edited annotation file) goes
    through the json module: still one line of UTF-8 JSON with the same content."""
    for odd in ({"note": "broken \ud800 half"}, {"start": 2**70}, {"tags": ["ok", "\udfff"]}):
        record = {"id": "a", "quotes": [], "spans": [], **odd}
        data = export._record_json(record)
        data.decode("utf-8")  # valid UTF-8
        assert b"\n" not in data and json.loads(data) == record


_csv_chars = st.text(st.sampled_from("=+-@\t\r a'\";,\né"), max_size=4)
_csv_quote = st.fixed_dictionaries(
    {
        "id": _csv_chars, "origin": st.sampled_from(["engine", "user", "=x"]), "start": st.integers(0, 99) | st.booleans(),
        "end": st.integers(0, 99), "text": _csv_chars, "prefix": _csv_chars, "suffix": _csv_chars,
        "orphan": st.booleans() | st.just(1), "kind": _csv_chars, "cue": st.none() | _csv_chars,
        "engine_speaker": st.none() | _csv_chars, "speaker_correction": st.none() | _csv_chars, "speaker": st.none() | _csv_chars | st.just(7),
        "confidence": st.none() | st.floats(0, 1) | st.integers(0, 1) | st.booleans(), "status": _csv_chars,
        "tags": st.lists(_csv_chars, max_size=3) | st.just(("a", "b")) | st.just("=ab"), "note": st.none() | _csv_chars,
    }
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_csv_quote, max_size=4), st.none() | _csv_chars, st.lists(_csv_chars, max_size=2))
def test_csv_chars_is_what_the_csv_module_writes(quotes, title, tags):
    record = {"id": "0123456789abcdef", "title": title, "date": None, "tags": tags, "note": "=n", "source": "/a.txt",
              "source_status": "ok", "quotes": quotes, "spans": []}
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(export.csv_rows(record))
    assert export.render_record(record, "csv")[0].decode("utf-8") == out.getvalue()


# --------------------------------------------------------------------------- the forked helper

import pytest  # noqa: E402

from annotations import forked  # noqa: E402


@pytest.fixture
def seeded(tmp_path, seed_dir):
    """Five annotated articles, their analyses cached, and a missing source for a warning."""
    from test_export_store import annotated_store

    store, arts = annotated_store(tmp_path / "db.json", seed_dir)
    store.remember_article("00000000deadbeef", source=str(tmp_path / "gone.txt"), title="Gone")
    store.tag_article("00000000deadbeef", "lost")
    cache = AnalysisCache(tmp_path / "cache", version="test")
    for art in arts:
        cache.put(ArticleInfo(art.id, art.title, str(art.path), art.date), find_quotes(art.text, art.boilerplate))
    cache.put(ArticleInfo("00000000deadbeef", "Gone", "", None), find_quotes("", []))
    yield store, cache
    store.close()


def export_text(store, cache, fmt, workers, reuse=False):
    buf = io.StringIO()
    result = export.export_to_stream(
        store, buf, fmt, analyser=export.Analyser(cache), exported_at="2026-01-01T00:00:00Z", workers=workers, reuse=reuse
    )
    return buf.getvalue(), (result.articles, result.quotes, result.spans, result.orphans, result.warnings)


@pytest.mark.parametrize(("fmt", "workers"), [("json", 2), ("jsonl", 2), ("csv", 2), ("w3c", 2), ("json", 3), ("w3c", 4)])
def test_split_export_is_the_same_export(seeded, fmt, workers):
    if not forked.fork_available():
        pytest.skip("no fork here (not Linux, one core, or threads running)")
    store, cache = seeded
    serial = export_text(store, cache, fmt, 1)
    plan = export._split_plan(store.article_ids(), fmt, export.Analyser(cache), False, workers)
    assert plan is not None and len(plan) == workers - 1
    assert export_text(store, cache, fmt, workers) == serial
    assert serial[1][4]  # the missing source's warning came through the counts too


def test_a_failing_helper_changes_nothing(seeded, monkeypatch):
    if not forked.fork_available():
        pytest.skip("no fork here (not Linux, one core, or threads running)")
    store, cache = seeded
    serial = export_text(store, cache, "json", 1)

    def broken(record):
        raise RuntimeError("helper failed")

    # The helper fails to render, and this process does its share.
    parent = os.getpid()
    real = export.RenderedRecord.of.__func__
    monkeypatch.setattr(
        export.RenderedRecord, "of", classmethod(lambda cls, record, fmt="json": real(cls, record, fmt) if os.getpid() == parent else broken(record))
    )
    assert export_text(store, cache, "json", 2) == serial
    assert export_text(store, cache, "json", 3) == serial


def test_a_helper_hands_back_the_articles_it_found_rendered(seeded, monkeypatch):
    """A render cache hit is a view of the cache's file (not a copy); a forked helper's
    hits are handed back as bytes all the same, so its share is not built again."""
    if not forked.fork_available():
        pytest.skip("no fork here (not Linux, one core, or threads running)")
    store, cache = seeded
    ids = store.article_ids()
    for fmt in ("w3c", "json"):
        serial = export_text(store, cache, fmt, 1)
        # The render cache knows only the last article, which is in the helper's share.
        export.export_to_stream(store, io.BytesIO(), fmt, analyser=export.Analyser(cache), article=ids[-1], workers=1)
        plan = export._split_plan(ids, fmt, export.Analyser(cache), False, 2)
        assert plan is not None and plan[0][0] < len(ids) - 1
        failed = []

        class Watched(forked.ForkedCall):
            def result(self, timeout):
                try:
                    return super().result(timeout)
                except forked.ForkFailed as err:
                    failed.append(err)
                    raise

        monkeypatch.setattr(forked, "ForkedCall", Watched)
        assert export_text(store, cache, fmt, 2, reuse=True) == serial
        assert not failed
        monkeypatch.undo()


def test_no_split_without_a_full_cache(seeded):
    store, cache = seeded
    ids = store.article_ids()
    assert export._split_plan(ids, "json", export.Analyser(None), False, 2) is None
    assert export._split_plan(ids, "json", export.Analyser(cache), False, 1) is None
    assert export._split_plan(ids, "json", export.Analyser(cache), False, None) is None  # the default: one process


def test_forked_call_returns_or_reports_failure():
    if not forked.fork_available():
        pytest.skip("no fork here")
    assert forked.ForkedCall(lambda: {"x": [1, 2]}).result(timeout=30) == {"x": [1, 2]}
    with pytest.raises(forked.ForkFailed):
        forked.ForkedCall(lambda: 1 / 0).result(timeout=30)
    with pytest.raises(forked.ForkFailed, match="longer"):
        forked.ForkedCall(lambda: __import__("time").sleep(30)).result(timeout=0.2)


# --------------------------------------------------------------------------- reading sources

from annotations.articles import ArticleError, decode  # noqa: E402
from annotations.text import sanitise  # noqa: E402

_special = st.sampled_from(
    [b"\r", b"\r\n", b"\x00", b"\x07", b"\x1b", b"\x7f", b"\xc2\x85", b"\xc2\xa0", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff",
     b"\x00\x00\xfe\xff", b"\xe2\x80\x99", b"\xc3", b"\t", b"\n", b" ", b"a", "é".encode(), b"\xf0\x9f\x98\x80"]
)


def slow_text(data: bytes):
    try:
        return sanitise(decode(data)[0])
    except ArticleError as err:
        return ("error", str(err))


def fast_text(data: bytes):
    try:
        return export._decode_sanitised(data)
    except ArticleError as err:
        return ("error", str(err))


@settings(max_examples=600, deadline=None)
@given(st.lists(_special, max_size=12).map(b"".join) | st.binary(max_size=40))
def test_decoding_a_source_is_what_load_article_gives(data):
    assert fast_text(data) == slow_text(data)


def test_default_is_one_process_even_with_idle_cores(seeded, monkeypatch):
    """A helper measured dearer than it saved (its share handed back through a file),
    even on an idle machine: only ``workers`` > 1 asks for one."""
    if not forked.fork_available():
        pytest.skip("no fork here (not Linux, one core, or threads running)")
    store, cache = seeded
    ids = store.article_ids()
    # What once made a small export split by default: a low threshold, idle cores.
    monkeypatch.setattr(export, "SPLIT_MIN_ARTICLES", 2, raising=False)
    monkeypatch.setattr(forked, "usable_cores", lambda: 4)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    for fmt in export.FORMATS:
        assert export._split_plan(ids, fmt, export.Analyser(cache), False, None) is None
        assert export._split_plan(ids, fmt, export.Analyser(cache), False, 1) is None
    assert export._split_plan(ids, "json", export.Analyser(cache), False, 2) is not None  # asked for: done

    def no_fork(*args, **kwargs):
        raise AssertionError("the default export forked a helper")

    monkeypatch.setattr(forked, "ForkedCall", no_fork)
    serial = export_text(store, cache, "json", 1)
    assert export_text(store, cache, "json", None) == serial


class _Str(str):
    """A quote id the W3C writer's shortcut does not take: the general way."""


def test_w3c_shortcut_for_untouched_quotes_is_the_general_way(seeded):
    store, cache = seeded
    analyser = export.Analyser(cache)
    seen = 0
    for aid in store.article_ids():
        record = export.article_record(store, aid, analyser)
        general = dict(record, quotes=[dict(q, id=_Str(q["id"])) for q in record["quotes"]])
        assert [orjson.dumps(a) for a in export.article_to_w3c(record)] == [orjson.dumps(a) for a in export.article_to_w3c(general)]
        seen += sum(1 for q in record["quotes"] if q["status"] == "unreviewed" and not q["tags"] and q["note"] is None)
    assert seen > 10


@pytest.mark.parametrize(
    ("change", "ok"),
    [
        (lambda r: r, True),
        (lambda r: [r[0], r[1], r[2], r[3], None, None, *r[6:]], True),
        (lambda r: [True, *r[1:]], False),  # a bool is no offset
        (lambda r: [*r[:6], 1, *r[7:]], False),  # an int is no confidence
        (lambda r: [*r[:6], None, *r[7:]], False),
        (lambda r: [r[0], r[1], None, *r[3:]], False),
        (lambda r: [*r[:4], 5, *r[5:]], False),
        (lambda r: r[:8], False),
        (lambda r: tuple(r), False),
    ],
)
def test_rows_ok_checks_every_row(change, ok):
    good = [[0, 5, "quote", "direct", "Roe", "said", 0.5, 0, 1], [9, 20, "other", "indirect", None, None, 0.25, 1, 2]]
    assert export._rows_ok(good + [change(list(good[0]))]) is ok
    assert export._rows_ok([change(list(good[1]))] + good) is ok
    assert export._rows_ok([]) is True


def _in_place_by_slices(text, a):
    """What store._in_place answered when it compared slices (the reference)."""
    if type(a) is not dict:
        return None
    start, end, exact = a.get("start"), a.get("end"), a.get("exact")
    prefix, suffix = a.get("prefix", ""), a.get("suffix", "")
    if (
        type(start) is int and type(end) is int and type(exact) is str and type(prefix) is str and type(suffix) is str
        and 0 <= start < end and exact and text[start:end] == exact
        and text[max(0, start - len(prefix)) : start] == prefix and text[end : end + len(suffix)] == suffix
    ):
        return start, end
    return None


_ab = st.text(alphabet="ab", max_size=8)


@settings(max_examples=3000, deadline=None)
@given(_ab, st.integers(-2, 11), st.integers(-2, 12), _ab, _ab, _ab, st.booleans(), st.booleans())
def test_in_place_compares_as_the_slices_did(text, start, end, exact, prefix, suffix, take_exact, take_context):
    """store._in_place tests with str.startswith at offsets: the same answers as slicing,
    also for an end past the text (a slice stops there) and a prefix longer than start."""
    from annotations.store import _in_place

    if take_exact and start >= 0:
        exact = text[start:end]
    if take_context and start >= 0 and end >= 0:
        prefix, suffix = text[max(0, start - len(prefix)) : start], text[end : end + len(suffix)]
    a = {"start": start, "end": end, "exact": exact, "prefix": prefix, "suffix": suffix}
    assert _in_place(text, a) == _in_place_by_slices(text, a)
    for key in ("prefix", "suffix"):
        b = {k: v for k, v in a.items() if k != key}
        assert _in_place(text, b) == _in_place_by_slices(text, b)


# --------------------------------------------------------------------------- the W3C writer

_w3c_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)) | st.sampled_from(['"', "\\", "\n", "\ud800"]), max_size=12)
_w3c_maybe = st.one_of(st.none(), _w3c_text)
_w3c_tags = st.lists(_w3c_text, max_size=3)
_w3c_id = st.one_of(st.none(), _w3c_text, st.builds(_Str, _w3c_text), st.integers(0, 9))
_w3c_quote = st.fixed_dictionaries({
    "id": _w3c_id, "origin": st.sampled_from(["engine", "user"]), "start": st.integers(0, 99), "end": st.integers(0, 99),
    "text": _w3c_text, "prefix": _w3c_text, "suffix": _w3c_text, "orphan": st.booleans(),
    "kind": st.sampled_from(["direct", "indirect"]), "cue": _w3c_maybe, "engine_speaker": _w3c_maybe,
    "speaker_correction": _w3c_maybe, "speaker": _w3c_maybe, "confidence": st.one_of(st.none(), st.floats(0, 1)),
    "status": st.sampled_from(["unreviewed", "accepted", "rejected"]), "tags": _w3c_tags, "note": _w3c_maybe,
})
_w3c_span = st.fixed_dictionaries({
    "id": _w3c_id, "start": st.integers(0, 99), "end": st.integers(0, 99), "text": _w3c_text, "prefix": _w3c_text,
    "suffix": _w3c_text, "orphan": st.booleans(), "tags": _w3c_tags, "note": _w3c_maybe,
})
_w3c_run = st.builds(lambda n: export._Run(memoryview(b",\n      ".join([b'{"piece":%d}' % k for k in range(n)])), n), st.integers(1, 3))


@settings(max_examples=400, deadline=None)
@given(
    st.fixed_dictionaries(
        {
            "id": _w3c_text, "source": st.one_of(st.none(), st.sampled_from(["/news/a b.txt", "/news/ü\"q\\.txt", "rel/x.txt", "/n//x.txt"])),
            "title": _w3c_maybe, "date": _w3c_maybe, "content_hash": _w3c_maybe,
            "source_status": st.sampled_from(["ok", "changed", "missing"]), "tags": _w3c_tags, "note": _w3c_maybe,
            "read": st.booleans(), "review": st.sampled_from(["unreviewed", "in_progress", "reviewed"]),
            "quotes": st.lists(st.one_of(_w3c_quote, _w3c_run), max_size=5), "spans": st.lists(_w3c_span, max_size=3),
        },
        optional={"warnings": st.lists(_w3c_text, max_size=2)},
    )
)
def test_w3c_writer_writes_what_the_general_way_writes(record):
    """The W3C writer builds and writes each annotation at once (export._w3c_json_fast):
    the same bytes and count as writing article_to_w3c's annotations, for every shape of
    record -- also what orjson refuses (a lone surrogate), which goes the general way."""
    general = export._w3c_json_general(record)
    assert export._w3c_json(record) == general
    refused = False
    for a in export.article_to_w3c(record):
        try:
            if type(a) is not export._Run:
                orjson.dumps(a)
        except TypeError:
            refused = True
    try:
        fast = export._w3c_json_fast(record)
    except TypeError:  # what orjson refuses: _w3c_json went the general way
        assert refused
    else:
        assert not refused and fast == general
