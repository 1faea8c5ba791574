"""The store's API, checked against the TinyDB file on disk, not only its answers."""

from __future__ import annotations

import json

import pytest
from tinydb import TinyDB

from annotations.model import Quote
from annotations.store import (
    SCHEMA_VERSION,
    LayeredQuote,
    Store,
    StoreError,
    StoreReadOnlyError,
    StoreValueError,
    clean_tags,
    engine_quote_id,
    split_tags,
)

AID = "00000000000000a1"
TEXT = 'Headline\n\nThe minister said "we will act now" on Monday. Critics called it "too little, too late".\n'


def engine_quotes(text: str = TEXT) -> list[Quote]:
    out = []
    for words, speaker in (("we will act now", "the minister"), ("too little, too late", "Critics")):
        s = text.index(words)
        out.append(Quote(start=s, end=s + len(words), text=words, kind="direct", speaker=speaker, cue="said", confidence=0.9))
    return out


def on_disk(path) -> dict:
    """The file as plain JSON."""
    return json.loads(path.read_text(encoding="utf-8"))


def docs(path, table: str) -> list[dict]:
    return list(on_disk(path).get(table, {}).values())


@pytest.fixture
def db(tmp_path):
    return tmp_path / "annotations.json"


@pytest.fixture
def store(db):
    return Store(db)


# --------------------------------------------------------------------------- articles


def test_new_store_writes_nothing_until_a_change(db):
    s = Store(db)
    assert not db.exists()
    assert s.all_tags() == {} and s.read_ids() == set() and s.pending == []
    assert s.article_state(AID) == {"read": False, "read_at": None, "scroll": 0, "tags": [], "note": None, "title": None, "sources": []}


def test_tags_on_an_article_are_saved_at_once(store, db):
    assert store.tag_article(AID, ["climate", " big   story "], source="/news/a.txt", title="A title") == ["climate", "big story"]
    assert store.tag_article(AID, "climate") == []
    (doc,) = docs(db, "articles")
    assert doc["id"] == AID and doc["tags"] == ["climate", "big story"]
    assert doc["sources"] == ["/news/a.txt"] and doc["title"] == "A title"
    assert on_disk(db)["meta"]["1"]["schema_version"] == SCHEMA_VERSION
    assert store.untag_article(AID, ["climate", "absent"]) == ["climate"]
    assert docs(db, "articles")[0]["tags"] == ["big story"]
    assert store.tags_by_article() == {AID: ["big story"]}


def test_file_is_a_plain_tinydb_database(store, db):
    store.tag_article(AID, "x")
    store.add_span(AID, TEXT, 0, 8, tags=["head"])
    tdb = TinyDB(db)  # TinyDB's own JSONStorage
    try:
        assert tdb.table("articles").all()[0]["tags"] == ["x"]
        assert tdb.table("spans").all()[0]["anchor"]["exact"] == "Headline"
    finally:
        tdb.close()


def test_notes_on_articles(store, db):
    store.set_article_note(AID, "line one\r\nline two")
    assert store.article_note(AID) == "line one\nline two"
    assert docs(db, "articles")[0]["note"] == "line one\nline two"
    store.set_article_note(AID, "   ")
    assert store.article_note(AID) is None
    assert docs(db, "articles")[0]["note"] is None


def test_read_state_and_scroll_persist_but_are_not_undo_steps(store, db):
    store.mark_read(AID, source="/news/a.txt", title="T")
    store.set_scroll(AID, 41.6)
    assert not store.can_undo
    again = Store(db)
    assert again.read_ids() == {AID}
    state = again.article_state(AID)
    assert state["read"] and state["scroll"] == 42 and state["read_at"]
    again.mark_read(AID, False)
    assert Store(db).read_ids() == set()


def test_unchanged_scroll_does_not_rewrite_the_file(store, db):
    store.set_scroll(AID, 10)
    before = db.stat().st_mtime_ns, db.stat().st_ino
    store.set_scroll(AID, 10)
    store.mark_read(AID, False)
    assert (db.stat().st_mtime_ns, db.stat().st_ino) == before


@pytest.mark.parametrize(
    "bad",
    ["", "   ", "a\x00b", "tab\x1b[31m", "x" * 201, "\ud800", 42, None],
)
def test_bad_tags_are_refused_before_anything_is_written(store, db, bad):
    with pytest.raises(StoreValueError):
        store.tag_article(AID, [bad])
    assert not db.exists()


def test_bad_notes_and_ids_are_refused(store):
    with pytest.raises(StoreValueError):
        store.set_article_note(AID, "nul\x00")
    with pytest.raises(StoreValueError):
        store.set_article_note(AID, 12)
    with pytest.raises(StoreValueError):
        store.tag_article("", "x")
    with pytest.raises(StoreValueError):
        store.set_scroll(AID, "far")


def test_split_and_clean_tags():
    assert clean_tags("line\u2028sep\t x") == ["line sep x"]  # whitespace of any kind becomes one space
    assert split_tags("a, b  c ,, ") == ["a", "b c"]
    assert clean_tags(["a", "a ", "b"]) == ["a", "b"]
    with pytest.raises(StoreError):
        clean_tags([])


# --------------------------------------------------------------------------- tags everywhere


def _tag_everything(store: Store) -> tuple[LayeredQuote, str]:
    store.tag_article(AID, ["climate", "eu"], title="T")
    q = store.quote_layer(AID, TEXT, engine_quotes()).quotes[0]
    store.tag_quote(q, ["climate", "promise"])
    sid = store.add_span(AID, TEXT, 0, 8, tags=["climate"])
    return q, sid


def test_all_tags_counts_and_articles_with_tag(store):
    q, sid = _tag_everything(store)
    store.tag_quote(q.id, "only-quote")
    assert store.all_tags() == {"climate": 3, "eu": 1, "only-quote": 1, "promise": 1}
    assert store.articles_with_tag("only-quote") == [AID]
    assert store.articles_with_tag("only-quote", anywhere=False) == []
    assert store.articles_with_tag("absent") == []


def test_rename_everywhere_is_one_undo_step(store, db):
    _tag_everything(store)
    assert store.rename_tag("climate", "Climate") == 3
    assert "climate" not in json.dumps(on_disk(db))
    assert store.undo_description == "renamed tag 'climate' to 'Climate' everywhere"
    assert store.undo() == "renamed tag 'climate' to 'Climate' everywhere"
    assert store.all_tags()["climate"] == 3 and "Climate" not in store.all_tags()
    assert "Climate" not in json.dumps(on_disk(db))
    assert store.redo() == "renamed tag 'climate' to 'Climate' everywhere"
    assert store.all_tags()["Climate"] == 3


def test_rename_into_an_existing_tag_merges_and_undo_restores_both(store):
    store.tag_article(AID, ["a", "b"])
    store.rename_tag("a", "b")
    assert store.article_tags(AID) == ["b"]
    store.undo()
    assert store.article_tags(AID) == ["a", "b"]


def test_delete_everywhere_and_undo(store, db):
    _tag_everything(store)
    assert store.delete_tag("climate") == 3
    assert "climate" not in store.all_tags()
    assert '"climate"' not in db.read_text()
    store.undo()
    assert store.all_tags()["climate"] == 3
    assert db.read_text().count('"climate"') == 3


# --------------------------------------------------------------------------- quotes


def test_quote_layer_without_annotations_is_the_engine_output(store):
    layer = store.quote_layer(AID, TEXT, engine_quotes())
    assert [q.text for q in layer.quotes] == ["we will act now", "too little, too late"]
    q = layer.quotes[0]
    assert (q.origin, q.status, q.speaker, q.stored, q.orphan) == ("engine", "unreviewed", "the minister", False, False)
    assert q.id == engine_quote_id(AID, q.start, q.end, q.text)
    assert layer.orphans == []
    assert q.to_quote() == engine_quotes()[0]


def test_review_corrections_survive_restart_and_text_edits(store, db):
    q0, q1 = store.quote_layer(AID, TEXT, engine_quotes()).quotes
    store.accept_quote(q0)
    store.set_quote_speaker(q0.id, "Jane Doe")
    store.set_quote_note(q0.id, "check the date")
    store.reject_quote(q1)
    (stored0, stored1) = sorted(docs(db, "quotes"), key=lambda d: d["anchor"]["start"])
    assert stored0["status"] == "accepted" and stored0["speaker"] == "Jane Doe" and stored0["engine_speaker"] == "the minister"
    assert stored1["status"] == "rejected"

    edited = "UPDATE: corrected.\n" + TEXT
    layer = Store(db).quote_layer(AID, edited, engine_quotes(edited))
    a, b = layer.quotes
    assert (a.status, a.speaker, a.speaker_correction, a.engine_speaker, a.note) == ("accepted", "Jane Doe", "Jane Doe", "the minister", "check the date")
    assert edited[a.start : a.end] == "we will act now"
    assert b.status == "rejected"
    assert a.to_record()["speaker"] == "Jane Doe"


def test_a_quote_whose_text_is_gone_is_an_orphan_never_dropped(store):
    q0, _ = store.quote_layer(AID, TEXT, engine_quotes()).quotes
    store.tag_quote(q0, "keep")
    uid = store.add_quote(AID, TEXT, 0, 8, kind="partial", speaker="Editor")
    edited = TEXT.replace("we will act now", "we shall see").replace("Headline", "Title")
    layer = store.quote_layer(AID, edited, [])
    assert {o.id for o in layer.orphans} == {q0.id, uid}
    orphan = next(o for o in layer.orphans if o.id == q0.id)
    assert orphan.orphan and orphan.text == "we will act now" and orphan.tags == ("keep",)
    assert orphan.start == q0.start  # shown where it was, not moved


def test_engine_quote_the_engine_no_longer_finds_is_still_shown(store):
    q0, _ = store.quote_layer(AID, TEXT, engine_quotes()).quotes
    store.accept_quote(q0)
    layer = store.quote_layer(AID, TEXT, engine_quotes()[1:])
    assert [q.text for q in layer.quotes] == ["we will act now", "too little, too late"]
    assert layer.quotes[0].status == "accepted" and layer.quotes[0].origin == "engine"


def test_user_added_quote(store, db):
    start = TEXT.index("Critics")
    qid = store.add_quote(AID, TEXT, start, start + 7, kind="indirect", speaker="Critics", cue="called", tags=["x"], note="n")
    (doc,) = docs(db, "quotes")
    assert doc["id"] == qid and doc["origin"] == "user" and doc["status"] == "accepted"
    assert doc["anchor"]["exact"] == "Critics" and doc["kind"] == "indirect"
    layer = store.quote_layer(AID, TEXT, engine_quotes())
    user = next(q for q in layer.quotes if q.id == qid)
    assert (user.speaker, user.tags, user.note, user.engine_speaker) == ("Critics", ("x",), "n", None)
    store.undo()
    assert docs(db, "quotes") == []
    with pytest.raises(StoreValueError):
        store.add_quote(AID, TEXT, 5, 5)
    with pytest.raises(StoreValueError):
        store.add_quote(AID, TEXT, 0, 4, kind="shouted")


def test_delete_quote_and_clearing_corrections(store):
    q0, _ = store.quote_layer(AID, TEXT, engine_quotes()).quotes
    store.set_quote_speaker(q0, "X")
    store.delete_quote(q0.id)
    assert store.quote_layer(AID, TEXT, engine_quotes()).quotes[0].speaker == "the minister"
    store.undo()
    assert store.quote_layer(AID, TEXT, engine_quotes()).quotes[0].speaker == "X"
    with pytest.raises(StoreValueError):
        store.tag_quote("no-such-id", "x")


# --------------------------------------------------------------------------- spans


def test_spans_tags_notes_orphans_and_reanchor(store, db):
    sid = store.add_span(AID, TEXT, 0, 8, note="headline")
    store.tag_span(sid, ["h1", "h2"])
    store.untag_span(sid, "h1")
    store.set_span_note(sid, "the headline")
    (doc,) = docs(db, "spans")
    assert doc["tags"] == ["h2"] and doc["note"] == "the headline" and doc["anchor"]["exact"] == "Headline"
    layer = store.span_layer(AID, "Intro\n" + TEXT)
    assert [(s.start, s.text) for s in layer.spans] == [(6, "Headline")]
    gone = TEXT.replace("Headline", "Title")
    assert [s.id for s in store.span_layer(AID, gone).orphans] == [sid]
    store.reanchor(sid, gone, 0, 5)
    assert store.span_layer(AID, gone).spans[0].text == "Title"
    store.delete_span(sid)
    assert docs(db, "spans") == []
    store.undo()
    assert len(docs(db, "spans")) == 1


# --------------------------------------------------------------------------- undo / redo


def test_every_change_undoes_and_redoes_in_order(store, db):
    store.tag_article(AID, "a", title="Title")
    q = store.quote_layer(AID, TEXT, engine_quotes()).quotes[0]
    store.accept_quote(q)
    store.set_article_note(AID, "note")
    assert store.undo() == "edited the note on article “Title”"
    assert store.article_note(AID) is None
    assert store.undo() == "accepted quote “we will act now”"
    assert store.quote_layer(AID, TEXT, engine_quotes()).quotes[0].status == "unreviewed"
    assert store.undo() == "added tag 'a' to article “Title”"
    assert store.all_tags() == {} and store.undo() is None
    assert docs(db, "quotes") == [] and docs(db, "articles")[0]["tags"] == []
    assert store.redo() == "added tag 'a' to article “Title”"
    assert store.redo() == "accepted quote “we will act now”"
    assert store.redo() == "edited the note on article “Title”"
    assert store.redo() is None
    assert docs(db, "articles")[0]["note"] == "note"
    store.undo()
    store.tag_article(AID, "new")  # a new change forgets what could be redone
    assert not store.can_redo


def test_undo_keeps_what_another_process_did_meanwhile(db):
    one, two = Store(db), Store(db)
    one.tag_article(AID, "mine")
    two.tag_article(AID, "theirs")
    two.set_article_note(AID, "their note")
    one.undo()
    fresh = Store(db)
    assert fresh.article_tags(AID) == ["theirs"]
    assert fresh.article_note(AID) == "their note"


def test_undo_does_not_touch_read_state(store):
    store.tag_article(AID, "a")
    store.mark_read(AID)
    store.undo()
    assert store.read_ids() == {AID}


# --------------------------------------------------------------------------- batches and concurrency


def test_batch_is_one_save_and_one_undo_step(store, db):
    with store.batch("imported 3 tags"):
        store.tag_article(AID, "a")
        store.tag_article(AID, "b")
        assert store.article_tags(AID) == ["a", "b"]  # reads see the batch so far
        assert not db.exists()
        store.add_span(AID, TEXT, 0, 8, tags=["c"])
    assert set(store.all_tags()) == {"a", "b", "c"} == set(Store(db).all_tags())
    assert store.undo() == "imported 3 tags"
    assert Store(db).all_tags() == {}


def test_a_failing_batch_saves_nothing(store, db):
    store.tag_article(AID, "before")
    with pytest.raises(StoreValueError):
        with store.batch("import"):
            store.tag_article(AID, "a")
            store.tag_article(AID, "")
    assert Store(db).all_tags() == {"before": 1}
    assert store.all_tags() == {"before": 1}


def test_two_stores_on_one_file_see_and_keep_each_others_changes(db):
    one, two = Store(db), Store(db)
    for i in range(20):
        (one if i % 2 else two).add_span(AID, TEXT, i, i + 5, tags=[f"t{i}"])
        (two if i % 2 else one).tag_article(AID, f"a{i}")
    assert len(one.span_docs(AID)) == 20 == len(two.span_docs(AID))
    assert len(one.article_tags(AID)) == 20
    assert len(on_disk(db)["spans"]) == 20


def test_newer_schema_written_meanwhile_makes_the_store_read_only(db):
    store = Store(db)
    store.tag_article(AID, "a")
    data = on_disk(db)
    data["meta"]["1"]["schema_version"] = SCHEMA_VERSION + 1
    data["meta"]["1"]["generation"] = "f" * 16
    db.write_text(json.dumps(data))
    with pytest.raises(StoreReadOnlyError):
        store.tag_article(AID, "b")
    assert store.readonly and "newer" in store.readonly_reason
    assert on_disk(db) == data


def test_readonly_on_request(db):
    Store(db).tag_article(AID, "a")
    ro = Store(db, readonly=True)
    assert ro.all_tags() == {"a": 1}
    with pytest.raises(StoreReadOnlyError):
        ro.tag_article(AID, "b")


def test_version_0_file_is_migrated_with_a_backup(db):
    db.write_text(json.dumps({"articles": {"1": {"id": AID, "tags": ["old"], "read": True}}}))
    store = Store(db)
    assert store.all_tags() == {"old": 1} and store.read_ids() == {AID}
    assert on_disk(db)["meta"]["1"]["schema_version"] == SCHEMA_VERSION
    assert json.loads(db.with_name(db.name + ".v0.bak").read_text())["articles"]["1"]["tags"] == ["old"]


def test_damaged_documents_are_kept_and_counted(db):
    Store(db).tag_article(AID, "a")
    data = on_disk(db)
    data["spans"]["7"] = {"article": AID, "anchor": "nonsense"}
    data["meta"]["1"]["generation"] = "0" * 16
    db.write_text(json.dumps(data))
    store = Store(db)
    assert store.damaged == 1
    store.tag_article(AID, "b")
    assert on_disk(db)["spans"]["7"] == {"article": AID, "anchor": "nonsense"}


def test_export_helpers_return_copies(store):
    _tag_everything(store)
    art = store.article(AID)
    art["tags"].append("mutated")
    for d in store.quote_docs(AID) + store.span_docs(AID):
        d["tags"].append("mutated")
    assert "mutated" not in store.all_tags()
    assert store.article_ids() == [AID]
    assert store.counts() == {"articles": 1, "quotes": 1, "spans": 1, "tags": 3}


def test_first_save_creates_missing_folders(tmp_path):
    store = Store(tmp_path / "new" / "folder" / "annotations.json")
    store.tag_article(AID, "x")
    assert Store(tmp_path / "new" / "folder" / "annotations.json").all_tags() == {"x": 1}


def test_undoing_a_quote_tag_keeps_a_review_made_elsewhere_meanwhile(db):
    one, two = Store(db), Store(db)
    q = one.quote_layer(AID, TEXT, engine_quotes()).quotes[0]
    one.tag_quote(q, "mine")  # creates the quote's layer
    two.accept_quote(q.id)
    one.undo()
    again = Store(db).quote_layer(AID, TEXT, engine_quotes()).quotes[0]
    assert again.tags == () and again.status == "accepted"
    two.undo()
    assert json.loads(db.read_text())["quotes"] == {}  # nothing left: the layer is gone


def test_review_progress_and_next_unreviewed(store):
    layer = store.quote_layer(AID, TEXT, engine_quotes())
    assert layer.review == "unreviewed"
    assert layer.next_unreviewed() == layer.quotes[0]
    store.accept_quote(layer.quotes[0])
    layer = store.quote_layer(AID, TEXT, engine_quotes())
    assert layer.review == "in_progress"
    assert layer.next_unreviewed(layer.quotes[0].start) == layer.quotes[1]
    assert layer.next_unreviewed(layer.quotes[1].start) == layer.quotes[1]  # wraps round
    store.reject_quote(layer.quotes[1])
    layer = store.quote_layer(AID, TEXT, engine_quotes())
    assert layer.review == "reviewed" and layer.next_unreviewed() is None


def test_reads_inside_a_batch_follow_its_changes(store):
    with store.batch("many"):
        sid = store.add_span(AID, TEXT, 0, 8, tags=["a"])
        assert [d["id"] for d in store.span_docs(AID)] == [sid]
        store.tag_span(sid, "b")
        assert store.span_docs(AID)[0]["tags"] == ["a", "b"]
        qid = store.add_quote(AID, TEXT, 0, 8)
        assert [d["id"] for d in store.quote_docs(AID)] == [qid]
        store.delete_quote(qid)
        assert store.quote_docs(AID) == []
        assert store.span_layer(AID, TEXT).spans[0].tags == ("a", "b")
    assert store.span_docs(AID)[0]["tags"] == ["a", "b"] and store.quote_docs(AID) == []


def test_corrections_follow_an_engine_that_draws_the_quote_slightly_differently(store):
    q0, _ = store.quote_layer(AID, TEXT, engine_quotes()).quotes
    store.set_quote_speaker(q0, "Jane Doe")
    s = TEXT.index("we will act now")
    wider = Quote(start=s, end=s + len("we will act now\" on"), text=TEXT[s : s + len("we will act now\" on")], kind="direct", speaker="the minister")
    layer = store.quote_layer(AID, TEXT, [wider])
    assert len(layer.quotes) == 1 and layer.orphans == []
    assert layer.quotes[0].speaker == "Jane Doe" and layer.quotes[0].end == wider.end
    store.tag_quote(layer.quotes[0], "t")  # acts on the same stored layer
    assert len(store.quote_docs(AID)) == 1


def test_refresh_reports_changes_saved_by_another_process(db):
    mine, theirs = Store(db), Store(db)
    assert mine.refresh() is False
    theirs.tag_article(AID, "x")
    assert mine.refresh() is True and mine.all_tags() == {"x": 1}
    assert mine.refresh() is False


def test_fields_of_the_wrong_type_are_kept_aside_in_the_document(db):
    Store(db).tag_article(AID, "a")
    data = on_disk(db)
    art = data["articles"]["1"]
    art["tags"] = "not-a-list"
    art["scroll"] = "top"
    data["quotes"]["5"] = {"id": "u1", "article": AID, "origin": "user", "status": 7, "tags": [1, "ok"],
                           "anchor": {"start": 0, "end": 8, "exact": "Headline", "prefix": "", "suffix": ""}}
    data["meta"]["1"]["generation"] = "1" * 16
    db.write_text(json.dumps(data))
    store = Store(db)
    assert store.damaged == 2
    assert store.article_tags(AID) == [] and store.article_state(AID)["scroll"] == 0
    (q,) = store.quote_layer(AID, TEXT, []).quotes
    assert q.status == "unreviewed" and q.tags == ()
    assert store.all_tags() == {}
    store.tag_article(AID, "b")
    store.tag_quote(q, "c")
    saved = on_disk(db)
    assert saved["articles"]["1"]["tags"] == ["b"]
    assert saved["articles"]["1"]["_damaged"] == {"tags": "not-a-list", "scroll": "top"}
    assert saved["quotes"]["5"]["_damaged"] == {"status": 7, "tags": [1, "ok"]}
    assert saved["quotes"]["5"]["tags"] == ["c"]
