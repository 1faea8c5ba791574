"""Annotating from the keyboard, checked in the TinyDB file on disk, not only on screen."""

from __future__ import annotations

import json
from pathlib import Path

from annotations.articles import discover, load_article
from tui.app import NewsReaderApp
from tui.screens.dialogs import ConfirmScreen, NoteScreen, TagScreen
from tui.screens.main import MainScreen
from tui.screens.select_span import SelectSpanScreen
from tui.screens.tag_manager import TagManagerScreen
from tui.widgets.article_list import ArticleList
from tui.widgets.reader_pane import ReaderPane

SIZE = (140, 40)


def make_app(folder: Path, db: Path) -> NewsReaderApp:
    found, skipped = discover([folder])
    return NewsReaderApp(found, db_path=db, skipped=skipped)


def table(db: Path, name: str) -> list[dict]:
    """The documents of one TinyDB table, read straight from the file."""
    data = json.loads(db.read_text(encoding="utf-8"))
    return list(data.get(name, {}).values())


async def open_first_with_quotes(pilot, app) -> ReaderPane:
    await pilot.press("enter")
    reader = app.screen.query_one(ReaderPane)
    for _ in range(100):
        await pilot.pause(0.02)
        if app.screen.engine_analysis is not None:
            break
    assert app.screen.engine_analysis is not None and app.screen.engine_analysis.quotes
    await pilot.press("right_square_bracket")
    assert reader.current_quote is not None
    return reader


async def test_tag_article_from_the_list_with_several_tags(seed_dir, tmp_path):
    db = tmp_path / "db.json"
    app = make_app(seed_dir, db)
    first = load_article(sorted(seed_dir.glob("*.txt"))[0])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        assert isinstance(app.screen, TagScreen)
        await pilot.press(*"diplomacy, china", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert "#diplomacy #china" in "\n".join(s.text for s in app.screen._compositor.render_strips())
    doc = next(d for d in table(db, "articles") if d["id"] == first.id)
    assert doc["tags"] == ["diplomacy", "china"]


async def test_tag_then_remove_a_tag_and_undo_redo(seed_dir, tmp_path):
    db = tmp_path / "db.json"
    app = make_app(seed_dir, db)
    first = load_article(sorted(seed_dir.glob("*.txt"))[0])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", *"alpha, beta", "enter")
        await pilot.pause()
        await pilot.press("t", *["backspace"] * 6, "enter")  # the field holds "alpha, beta, ": drop "beta"
        await pilot.pause()
        assert next(d for d in table(db, "articles") if d["id"] == first.id)["tags"] == ["alpha"]
        await pilot.press("z")
        await pilot.pause()
        assert next(d for d in table(db, "articles") if d["id"] == first.id)["tags"] == ["alpha", "beta"]
        await pilot.press("Z")
        await pilot.pause()
        assert next(d for d in table(db, "articles") if d["id"] == first.id)["tags"] == ["alpha"]


async def test_tag_a_quote_and_write_a_note_on_it(seed_dir, tmp_path):
    db = tmp_path / "db.json"
    app = make_app(seed_dir, db)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_with_quotes(pilot, app)
        quote = reader.current_quote
        await pilot.press("t", *"claim", "enter")
        await pilot.pause()
        await pilot.press("e")
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"check this", "ctrl+s")
        await pilot.pause()
        panel = str(reader.quote_panel.render())
        assert "claim" in panel and "check this" in panel
    docs = table(db, "quotes")
    assert len(docs) == 1
    assert docs[0]["anchor"]["start"] == quote.start and docs[0]["tags"] == ["claim"]
    assert docs[0]["note"] == "check this"


async def test_cancelling_a_changed_note_asks_first(seed_dir, tmp_path):
    db = tmp_path / "db.json"
    app = make_app(seed_dir, db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e", *"draft")
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep editing
        assert isinstance(app.screen, NoteScreen)
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert all(d.get("note") is None for d in table(db, "articles")) if db.exists() else True


async def test_accept_moves_to_the_next_unreviewed_and_reject_hides(seed_dir, tmp_path):
    db = tmp_path / "db.json"
    app = make_app(seed_dir, db)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_with_quotes(pilot, app)
        first = reader.current_quote
        total = len(reader.index.quotes)
        await pilot.press("a")
        await pilot.pause()
        second = reader.current_quote
        assert second is not None and (second.start, second.end) != (first.start, first.end)
        await pilot.press("x")
        await pilot.pause()
        assert len(reader.index.quotes) == total - 1  # the rejected quote is no longer highlighted
        statuses = {(d["anchor"]["start"], d["status"]) for d in table(db, "quotes")}
        assert (first.start, "accepted") in statuses and (second.start, "rejected") in statuses
        await pilot.press("z")  # undo the reject
        await pilot.pause()
        assert len(reader.index.quotes) == total
        assert {d["status"] for d in table(db, "quotes")} == {"accepted", "unreviewed"} or len(table(db, "quotes")) == 1


async def test_change_speaker_is_a_correction_laid_over_the_engine(seed_dir, tmp_path):
    db = tmp_path / "db.json"
    app = make_app(seed_dir, db)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_with_quotes(pilot, app)
        await pilot.press("p", "ctrl+u", *"Someone Else", "enter")
        await pilot.pause()
        assert reader.current_quote.speaker == "Someone Else"
    doc = table(db, "quotes")[0]
    assert doc["speaker"] == "Someone Else"
    # A fresh run shows the correction again.
    app = make_app(seed_dir, db)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_with_quotes(pilot, app)
        assert reader.current_quote.speaker == "Someone Else"


async def test_add_a_missed_quote_by_selecting_text(seed_dir, tmp_path):
    db = tmp_path / "db.json"
    app = make_app(seed_dir, db)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_with_quotes(pilot, app)
        await pilot.press("m")
        assert isinstance(app.screen, SelectSpanScreen)
        await pilot.press("home", *["shift+right"] * 9, "m")  # mark a span of 9 characters
        await pilot.pause()
        await pilot.press(*"context", "enter")
        await pilot.pause()
        reader = app.screen.reader
        assert len(reader.marks) == 1  # the marked span is drawn in the reader
        start, end = reader.marks[0]
        assert any(s.role == "mark" for s in reader.index.spans_in(start, end))
    spans = table(db, "spans")
    assert len(spans) == 1 and spans[0]["tags"] == ["context"] and len(spans[0]["anchor"]["exact"]) <= 9


async def test_tag_manager_renames_everywhere_with_confirmation_for_delete(seed_dir, tmp_path):
    db = tmp_path / "db.json"
    app = make_app(seed_dir, db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", *"old", "enter", "j", "t", *"old", "enter")
        await pilot.pause()
        await pilot.press("number_sign")
        assert isinstance(app.screen, TagManagerScreen)
        await pilot.press("r", "ctrl+u", *"new", "enter")
        await pilot.pause()
        assert sorted(t for d in table(db, "articles") for t in d["tags"]) == ["new", "new"]
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert all(d["tags"] == [] for d in table(db, "articles"))
        await pilot.press("escape", "z")  # one undo brings back the tag on both articles
        await pilot.pause()
        assert sorted(t for d in table(db, "articles") for t in d["tags"]) == ["new", "new"]


async def test_filter_the_list_by_tag(seed_dir, tmp_path):
    db = tmp_path / "db.json"
    app = make_app(seed_dir, db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "t", *"keep", "enter")
        await pilot.pause()
        await pilot.press("number_sign", "enter")
        await pilot.pause()
        articles = app.screen.query_one(ArticleList)
        assert articles.rows == [1]


async def test_readonly_file_says_so_and_changes_nothing(seed_dir, tmp_path):
    db = tmp_path / "db.json"
    db.write_text(json.dumps({"meta": {"1": {"schema": "newsreader-store", "schema_version": 999}}}))
    before = db.read_bytes()
    app = make_app(seed_dir, db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        messages = " ".join(str(n.message) for n in app._notifications)
        assert "newer" in messages.lower() or "read-only" in messages.lower()
        assert isinstance(app.screen, MainScreen)
    assert db.read_bytes() == before


async def test_full_disk_fails_visibly_keeps_the_change_and_retries(seed_dir, tmp_path, monkeypatch):
    import errno

    from annotations import storage as storage_mod

    db = tmp_path / "db.json"
    app = make_app(seed_dir, db)
    first = load_article(sorted(seed_dir.glob("*.txt"))[0])
    real_writev = storage_mod.os.writev

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        monkeypatch.setattr(storage_mod.os, "writev", full)
        await pilot.press("t", *"urgent", "enter")
        await pilot.pause()
        messages = " ".join(str(n.message) for n in app._notifications)
        assert "disk is full" in messages and "kept in memory" in messages
        assert app.store.pending
        assert "#urgent" in "\n".join(s.text for s in app.screen._compositor.render_strips())  # kept in memory
        await pilot.press("q")  # unsaved changes: quitting asks first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        monkeypatch.setattr(storage_mod.os, "writev", real_writev)
        app._sync_store()  # what the 2-second timer does
        assert not app.store.pending
    doc = next(d for d in table(db, "articles") if d["id"] == first.id)
    assert doc["tags"] == ["urgent"]


async def test_export_key_writes_the_file_and_says_where(seed_dir, tmp_path):
    db = tmp_path / "db.json"
    out = tmp_path / "out" / "mine.json"
    out.parent.mkdir()
    app = make_app(seed_dir, db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", *"exported", "enter")
        await pilot.pause()
        await pilot.press("X")
        await pilot.pause()
        # the whole prompt is on screen, wrapped, not cut at the dialog's edge
        prompt = app.screen.query_one("#prompt").render()
        assert "for W3C" in str(prompt)
        assert app.screen.query_one("#prompt").size.height >= 2
        await pilot.press("ctrl+u", *str(out), "enter")
        for _ in range(200):
            await pilot.pause(0.05)
            if out.exists() and any(str(out) in str(n.message) and "Exported" in str(n.message) for n in app._notifications):
                break
        messages = " ".join(str(n.message) for n in app._notifications)
        assert f"to {out}" in messages
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["schema"] == "newsreader-annotations"
    assert any(a["tags"] == ["exported"] for a in doc["articles"])


async def test_a_tag_with_spaces_survives_editing_the_tags(seed_dir, tmp_path):
    db = tmp_path / "db.json"
    app = make_app(seed_dir, db)
    first = load_article(sorted(seed_dir.glob("*.txt"))[0])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", *"foreign policy, #china", "enter")
        await pilot.pause()
        assert next(d for d in table(db, "articles") if d["id"] == first.id)["tags"] == ["foreign policy", "china"]
        await pilot.press("t", *"trade", "enter")  # the field starts as "foreign policy, china, "
        await pilot.pause()
    assert next(d for d in table(db, "articles") if d["id"] == first.id)["tags"] == ["foreign policy", "china", "trade"]
