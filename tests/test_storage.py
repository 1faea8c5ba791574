"""Bad annotation files and failing saves: each gives its own message and loses nothing.

Tests run as root, where ``chmod`` does not stop a write, so a full disk and a read-only
file system are simulated by making the system calls fail with the real errno.
"""

from __future__ import annotations

import errno
import json
import os
import time

import pytest

import annotations.storage as storage_mod
from annotations.locking import FileLock
from annotations.storage import AtomicJSONStorage, ChangedOnDiskError, clean_stray_temps
from annotations.store import SCHEMA_VERSION, Store, StoreFileError, StoreReadOnlyError, StoreSaveError

AID = "00000000000000b2"


@pytest.fixture
def db(tmp_path):
    return tmp_path / "annotations.json"


def good_file(db, tags=("kept",)) -> bytes:
    store = Store(db)
    store.tag_article(AID, list(tags), title="Kept article")
    return db.read_bytes()


def kept_aside(db) -> list:
    return sorted(p for p in db.parent.iterdir() if ".corrupt-" in p.name or ".unreadable-" in p.name)


BAD_FILES = {
    "empty": (b"", "is empty"),
    "whitespace": (b" \n\t\n", "only whitespace"),
    "nul": (b"\x00" * 4096, "filled with NUL bytes"),
    "truncated": (None, "cut short"),
    "corrupt": (b'{"meta": {"1": {]] garbage', "corrupt: not valid JSON"),
    "not-utf8": (b'{"articles": {"1": {"id": "\xff\xfe"}}}', "not UTF-8"),
}


def _bad_bytes(kind: str, good: bytes) -> bytes:
    raw = BAD_FILES[kind][0]
    return good[: len(good) // 2] if raw is None else raw


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_bad_file_is_kept_aside_and_the_backup_restored(db, kind):
    good = good_file(db)
    Store(db)  # a successful open refreshes the backup
    assert db.with_name(db.name + ".bak").read_bytes() == good
    bad = _bad_bytes(kind, good)
    db.write_bytes(bad)
    store = Store(db)
    assert BAD_FILES[kind][1] in store.recovery
    assert "restored the last good backup" in store.recovery
    assert "\n" not in store.recovery
    (aside,) = kept_aside(db)
    assert aside.read_bytes() == bad  # the bad file is kept byte for byte
    assert store.kept_aside == aside and aside.name in store.recovery
    assert store.article_tags(AID) == ["kept"] and not store.readonly
    store.tag_article(AID, "after")
    assert Store(db).article_tags(AID) == ["kept", "after"]
    assert aside.read_bytes() == bad


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_bad_file_without_backup_starts_empty_and_says_so(db, kind):
    db.write_bytes(_bad_bytes(kind, b'{"meta":{"1":{"schema":"newsreader-store","schema_version":1}},"articles":{}}'))
    store = Store(db)
    assert BAD_FILES[kind][1] in store.recovery and "no backup" in store.recovery
    (aside,) = kept_aside(db)
    assert aside.read_bytes() == _bad_bytes(kind, b'{"meta":{"1":{"schema":"newsreader-store","schema_version":1}},"articles":{}}')
    store.tag_article(AID, "fresh")
    assert Store(db).all_tags() == {"fresh": 1}


def test_every_bad_file_kind_has_its_own_message(tmp_path):
    messages = set()
    for kind in BAD_FILES:
        db = tmp_path / kind / "annotations.json"
        db.parent.mkdir()
        good = good_file(db)
        db.with_name(db.name + ".bak").unlink(missing_ok=True)
        db.write_bytes(_bad_bytes(kind, good))
        messages.add(Store(db).recovery.split(".")[0])
    assert len(messages) == len(BAD_FILES)


def test_damaged_backup_is_reported_not_used(db):
    good_file(db)
    db.with_name(db.name + ".bak").write_bytes(b"{broken")
    db.write_bytes(b"")
    store = Store(db)
    assert "damaged too" in store.recovery and store.all_tags() == {}


@pytest.mark.parametrize(
    "content,phrase",
    [
        ([1, 2, 3], "not a TinyDB database"),
        ({"_default": {"1": {"name": "someone else's data"}}}, "not newsreader's"),
        ({"meta": {"1": {"schema": "other-app", "schema_version": 1}}, "articles": {}}, "not a newsreader annotation file"),
    ],
)
def test_wrong_schema_opens_read_only_and_is_never_touched(db, content, phrase):
    raw = json.dumps(content).encode()
    db.write_bytes(raw)
    store = Store(db)
    assert store.readonly and phrase in store.readonly_reason
    with pytest.raises(StoreReadOnlyError) as err:
        store.tag_article(AID, "x")
    assert phrase in str(err.value)
    assert db.read_bytes() == raw and kept_aside(db) == []


def test_newer_schema_opens_read_only_with_its_data_visible(db):
    good_file(db, tags=("from-the-future",))
    data = json.loads(db.read_bytes())
    data["meta"]["1"]["schema_version"] = SCHEMA_VERSION + 3
    data["articles"]["1"]["new_field"] = {"nested": True}
    raw = json.dumps(data).encode()
    db.write_bytes(raw)
    store = Store(db)
    assert store.readonly and "newer newsreader" in store.readonly_reason
    assert store.all_tags() == {"from-the-future": 1}
    with pytest.raises(StoreReadOnlyError):
        store.set_article_note(AID, "n")
    assert db.read_bytes() == raw


def test_file_damaged_by_another_program_while_open_is_kept_aside(db):
    store = Store(db)
    store.tag_article(AID, "one")
    db.write_bytes(b'{"meta": trunc')
    store.tag_article(AID, "two")
    assert "kept as" in store.recovery
    (aside,) = kept_aside(db)
    assert aside.read_bytes() == b'{"meta": trunc'
    assert Store(db).article_tags(AID) == ["one", "two"]


# --------------------------------------------------------------------------- failing saves


def _fail(monkeypatch, name: str, code: int):
    def boom(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(storage_mod.os, name, boom)


def test_full_disk_fails_visibly_keeps_the_change_and_retries(db, monkeypatch):
    before = good_file(db)
    store = Store(db)
    _fail(monkeypatch, "writev", errno.ENOSPC)
    with pytest.raises(StoreSaveError) as err:
        store.tag_article(AID, "unsaved")
    message = str(err.value)
    assert "disk is full" in message and "kept in memory" in message and "\n" not in message
    assert err.value.reason.startswith("the disk is full")
    assert db.read_bytes() == before  # the old file is untouched
    assert not [p for p in db.parent.iterdir() if ".tmp-" in p.name]  # no temp file left behind
    assert store.pending == ["added tag 'unsaved' to article “Kept article”"]
    assert store.article_tags(AID) == ["kept", "unsaved"]  # the app keeps showing it
    with pytest.raises(StoreSaveError):
        store.retry()
    monkeypatch.undo()
    assert store.retry() is True and store.pending == []
    assert Store(db).article_tags(AID) == ["kept", "unsaved"]


def test_pending_change_is_saved_with_the_next_change(db, monkeypatch):
    good_file(db)
    store = Store(db)
    _fail(monkeypatch, "writev", errno.ENOSPC)
    with pytest.raises(StoreSaveError):
        store.tag_article(AID, "first")
    monkeypatch.undo()
    store.tag_article(AID, "second")
    assert store.pending == []
    assert Store(db).article_tags(AID) == ["kept", "first", "second"]


def test_pending_changes_merge_with_another_writer(db, monkeypatch):
    good_file(db)
    mine = Store(db)
    _fail(monkeypatch, "replace", errno.EROFS)
    with pytest.raises(StoreSaveError) as err:
        mine.tag_article(AID, "mine")
    assert "read-only" in str(err.value)
    monkeypatch.undo()
    Store(db).tag_article(AID, "theirs")
    assert mine.retry()
    assert Store(db).article_tags(AID) == ["kept", "theirs", "mine"]


def test_lock_that_cannot_be_taken_fails_the_save_visibly(db, monkeypatch):
    good_file(db)
    store = Store(db)

    def denied(self):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(FileLock, "acquire", denied)
    with pytest.raises(StoreSaveError) as err:
        store.set_article_note(AID, "note")
    assert "no permission" in str(err.value)
    monkeypatch.undo()
    store.retry()
    assert Store(db).article_note(AID) == "note"


def test_undo_whose_save_fails_is_kept_too(db, monkeypatch):
    store = Store(db)
    store.tag_article(AID, "x")
    _fail(monkeypatch, "writev", errno.ENOSPC)
    with pytest.raises(StoreSaveError):
        store.undo()
    assert store.all_tags() == {} and store.can_redo
    monkeypatch.undo()
    store.retry()
    assert Store(db).all_tags() == {}


# --------------------------------------------------------------------------- the storage itself


def test_stray_temp_files_of_dead_writers_are_removed_on_start(db):
    good_file(db)
    dead = db.parent / f".{db.name}.tmp-999999999-1"
    dead.write_bytes(b"half a file")
    mine = db.parent / f".{db.name}.tmp-{os.getpid()}-2"
    mine.write_bytes(b"left by this very process long ago")
    os.utime(mine, (time.time() - 7200, time.time() - 7200))
    fresh = db.parent / f".{db.name}.tmp-{os.getpid()}-3"
    fresh.write_bytes(b"maybe being written by another store in this process")
    other = db.parent / "unrelated.tmp-1"
    other.write_bytes(b"x")
    Store(db)
    assert not dead.exists() and not mine.exists() and other.exists() and fresh.exists()


def test_temp_file_of_a_live_writer_is_left_alone(db):
    live = db.parent / f".{db.name}.tmp-1-5"  # pid 1 is alive
    live.write_bytes(b"being written")
    assert clean_stray_temps(db) == []
    assert live.exists()


def test_storage_refuses_to_write_over_a_file_it_has_not_read(db):
    db.write_bytes(b"not json at all")
    st = AtomicJSONStorage(db)
    with pytest.raises(ChangedOnDiskError):
        st.write({"articles": {}})
    assert db.read_bytes() == b"not json at all"


def test_storage_is_usable_by_tinydb_directly(db):
    from tinydb import TinyDB

    with TinyDB(db, storage=AtomicJSONStorage) as tdb:
        tdb.table("things").insert({"a": 1})
        tdb.table("things").insert({"a": 2})
    assert [d["a"] for d in TinyDB(db).table("things").all()] == [1, 2]


def test_a_folder_is_not_an_annotation_file(tmp_path):
    with pytest.raises(StoreFileError):
        Store(tmp_path)


def test_backup_is_refreshed_on_a_successful_open(db):
    good_file(db)
    Store(db).tag_article(AID, "more")
    Store(db)
    assert db.with_name(db.name + ".bak").read_bytes() == db.read_bytes()


def test_read_only_open_of_a_bad_file_moves_nothing(db):
    db.write_bytes(b"\x00" * 100)
    store = Store(db, readonly=True)
    assert store.readonly and "NUL" in store.readonly_reason
    assert db.read_bytes() == b"\x00" * 100 and kept_aside(db) == []
    assert not db.with_name(db.name + ".lock").exists()


def test_file_deleted_while_open_is_written_again_in_full(db):
    store = Store(db)
    store.tag_article(AID, "one")
    db.unlink()
    store.tag_article(AID, "two")
    assert "disappeared" in store.recovery
    assert Store(db).article_tags(AID) == ["one", "two"]


def test_new_file_is_private_and_an_existing_mode_is_kept(db):
    Store(db).tag_article(AID, "x")
    assert db.stat().st_mode & 0o777 == 0o600
    os.chmod(db, 0o640)
    Store(db).tag_article(AID, "y")
    assert db.stat().st_mode & 0o777 == 0o640
    assert db.with_name(db.name + ".bak").stat().st_mode & 0o777 == 0o640


def test_saves_go_through_a_symbolic_link(tmp_path):
    real = tmp_path / "synced" / "annotations.json"
    real.parent.mkdir()
    Store(real).tag_article(AID, "x")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    Store(link).tag_article(AID, "y")
    assert link.is_symlink()
    assert Store(real).article_tags(AID) == ["x", "y"]


def test_lock_held_too_long_by_another_program_queues_the_change(db):
    store = Store(db, lock_timeout=0.2)
    store.tag_article(AID, "first")
    other = FileLock(db)  # another open file description: flock conflicts as across processes
    other.acquire()
    try:
        with pytest.raises(StoreSaveError) as err:
            store.tag_article(AID, "second")
        assert "another program" in str(err.value)
        assert store.article_tags(AID) == ["first", "second"]
    finally:
        other.release()
    assert store.retry()
    assert Store(db).article_tags(AID) == ["first", "second"]


def test_tinydb_in_place_updates_through_the_storage_are_saved(db):
    from tinydb import Query, TinyDB

    with TinyDB(db, storage=AtomicJSONStorage) as tdb:
        things = tdb.table("things")
        for i in range(200):
            things.insert({"n": i, "tags": []})
        things.update({"tags": ["x"]}, Query().n == 150)  # TinyDB mutates the document in place
        things.remove(Query().n == 3)
    data = json.loads(db.read_bytes())["things"]
    assert len(data) == 199
    assert next(d for d in data.values() if d["n"] == 150)["tags"] == ["x"]
