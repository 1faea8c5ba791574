"""The app shell driven with the Pilot: navigation, filtering, help, palette, remembered state."""

from __future__ import annotations

import json
from pathlib import Path

from annotations.articles import discover, load_article
from tui.app import NewsReaderApp
from tui.config import Config
from tui.screens.help import HelpScreen
from tui.widgets.article_list import ArticleList

SIZE = (120, 36)


def make_app(paths: list[Path], db: Path, **kwargs) -> NewsReaderApp:
    found, skipped = discover(paths)
    return NewsReaderApp(found, db_path=db, skipped=skipped, **kwargs)


def screen_text(app: NewsReaderApp) -> str:
    """Everything painted on the screen, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def wait_for_text(pilot, app: NewsReaderApp, needle: str, tries: int = 100) -> str:
    """Let the app run until ``needle`` is on screen (a loaded machine paints late)."""
    for _ in range(tries):
        await pilot.pause(0.02)
        text = screen_text(app)
        if needle in text:
            return text
    return screen_text(app)


def db_docs(db: Path) -> str:
    return db.read_text(encoding="utf-8") if db.exists() else ""


async def test_lists_the_five_seeds_with_titles(seed_dir, tmp_path):
    app = make_app([seed_dir], tmp_path / "db.json")
    async with app.run_test(size=SIZE) as pilot:
        text = await wait_for_text(pilot, app, "5 articles")
        for path in sorted(seed_dir.glob("*.txt")):
            assert load_article(path).title[:30] in text
        assert "5 articles" in text


async def test_vim_keys_move_and_enter_opens_and_marks_read(seed_dir, tmp_path):
    db = tmp_path / "db.json"
    app = make_app([seed_dir], db)
    async with app.run_test(size=SIZE) as pilot:
        articles = app.screen.query_one(ArticleList)
        await pilot.press("j", "j")
        assert articles.cursor == 2
        await pilot.press("G")
        assert articles.cursor == 4
        await pilot.press("k")
        assert articles.cursor == 3
        await pilot.press("g")
        assert articles.cursor == 0
        await pilot.press("down", "enter")
        await pilot.pause()
        opened = load_article(sorted(seed_dir.glob("*.txt"))[1])
        assert app.screen.article.id == opened.id
        body = opened.text[opened.paragraphs[1][0] :][:40]
        assert body in await wait_for_text(pilot, app, body)
        assert app.focused is not articles  # the reader has focus now
    assert opened.id in db_docs(db)


async def test_read_state_is_remembered_across_runs(seed_dir, tmp_path):
    db = tmp_path / "db.json"
    app = make_app([seed_dir], db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "enter")
        await pilot.pause()
    second = load_article(sorted(seed_dir.glob("*.txt"))[1])
    app = make_app([seed_dir], db)
    async with app.run_test(size=SIZE) as pilot:
        text = await wait_for_text(pilot, app, "4 unread")
        articles = app.screen.query_one(ArticleList)
        assert articles.read == {second.id}
        assert "4 unread" in text
        await pilot.press("j", "u")  # toggle back to unread
        await pilot.pause()
        assert articles.read == set()


async def test_status_counts_one_article_in_the_singular(tmp_path):
    (tmp_path / "one.txt").write_text('One headline\n\n"We will," said Jane Roe.\n', encoding="utf-8")
    app = make_app([tmp_path / "one.txt"], tmp_path / "db.json")
    async with app.run_test(size=SIZE) as pilot:
        text = await wait_for_text(pilot, app, "1 unread")
        assert "1 article · 1 unread" in text


async def test_filter_as_you_type_and_clear(seed_dir, tmp_path):
    app = make_app([seed_dir], tmp_path / "db.json")
    async with app.run_test(size=SIZE) as pilot:
        articles = app.screen.query_one(ArticleList)
        await pilot.press("slash", *"progress")
        await pilot.pause()
        titles = [articles.library.entries[i].display_title for i in articles.rows]
        assert titles and all("progress" in t.casefold() or "progress" in t for t in titles)
        assert len(articles.rows) < 5
        assert "of 5 articles" in screen_text(app)
        await pilot.press("enter")
        assert app.focused is articles
        await pilot.press("escape")
        await pilot.pause()
        assert len(articles.rows) == 5


async def test_help_lists_live_bindings_and_the_annotation_file(seed_dir, tmp_path):
    db = tmp_path / "db.json"
    app = make_app([seed_dir], db, config=Config(keys={"list.down": "n,down"}))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
        assert "list.down" in text and "Filter" in text and str(db) in text
        line = next(l for l in text.splitlines() if "list.down" in l)
        assert "n" in line.split() and "j" not in line.split()  # the remapped key is what help shows
        await pilot.press("escape")
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_keymap_from_config_remaps_a_binding(seed_dir, tmp_path):
    app = make_app([seed_dir], tmp_path / "db.json", config=Config(keys={"list.down": "n"}))
    async with app.run_test(size=SIZE) as pilot:
        articles = app.screen.query_one(ArticleList)
        await pilot.press("n", "n")
        assert articles.cursor == 2
        await pilot.press("j")
        assert articles.cursor == 2


async def test_command_palette_offers_the_actions(seed_dir, tmp_path):
    app = make_app([seed_dir], tmp_path / "db.json")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"list: filter")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#filter").display


async def test_quit_key(seed_dir, tmp_path):
    app = make_app([seed_dir], tmp_path / "db.json")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


HOSTILE = (
    "Breaking [@click=app.quit]click me[/] and [bold]x[/]\n\n"
    "He said x[/] and [link=http://evil]y[/link] \x1b]52;c;aGVsbG8=\x07 then \x1b[2J and \x1b]8;;http://x\x1b\\z.\n\n"
    "[Reuters] reported it."
)


async def test_hostile_article_and_file_name_display_literally(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "[red]x[@click=app.quit]name.txt").write_text(HOSTILE)
    (folder / "plain.txt").write_text("Plain headline\n\nBody [Reuters] text.")
    app = make_app([folder], tmp_path / "db.json")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "[@click=app.quit]click me[/]" in text
        assert "x[/]" in text and "[Reuters]" in text
        assert "\x1b" not in text
        await pilot.click(offset=(2, 1))  # clicking the title in the list triggers nothing
        await pilot.pause()
        assert app.is_running
        await pilot.press("j")
        await pilot.pause()
        assert "[Reuters]" in screen_text(app)
        assert app.is_running


async def test_skipped_files_are_named_in_a_notification(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_text("")
    (folder / "ok.txt").write_text("Headline\n\nBody.")
    (folder / "dangling.txt").symlink_to(folder / "nowhere")
    app = make_app([folder], tmp_path / "db.json")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        messages = " ".join(str(n.message) for n in app._notifications)
        assert "empty.txt: empty file" in messages
        assert "dangling.txt: dangling symbolic link" in messages


async def test_a_file_that_vanishes_before_opening_is_reported(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("First\n\nBody one.")
    (folder / "b.txt").write_text("Second\n\nBody two.")
    app = make_app([folder], tmp_path / "db.json")
    (folder / "b.txt").unlink()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "enter")
        await pilot.pause()
        messages = " ".join(str(n.message) for n in app._notifications)
        assert "vanished" in messages
        assert app.is_running


def test_db_file_is_valid_json_after_a_run(seed_dir, tmp_path):
    """(sync wrapper so the assertion reads the file after the app has fully stopped)"""
    import asyncio

    db = tmp_path / "db.json"

    async def run():
        app = make_app([seed_dir], db)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter")
            await pilot.pause()

    asyncio.run(run())
    json.loads(db.read_text())


async def test_a_big_file_loads_without_freezing_the_list(tmp_path, monkeypatch):
    from tui.screens import main as main_module

    monkeypatch.setattr(main_module, "BIG_FILE", 1000)  # "big" for this test: loaded in a worker
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Small one\n\nShort body.")
    (folder / "b.txt").write_text("Big one\n\n" + "The committee met again on Friday. " * 2000)
    app = make_app([folder], tmp_path / "db.json")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        text = await wait_for_text(pilot, app, "The committee met again")
        assert "The committee met again" in text
        assert app.screen.article.title == "Big one"
        await pilot.press("k")  # moving on while nothing is loading still works
        assert "Short body." in await wait_for_text(pilot, app, "Short body.")


async def test_unreadable_files_found_while_reading_in_the_background_are_named(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_text("Headline\n\nBody.")
    (folder / "blank.txt").write_text("   \n\n  ")
    found, skipped = discover([folder], check_files=False)  # as the app starts on a folder
    assert len(found) == 2 and not skipped
    app = NewsReaderApp(found, db_path=tmp_path / "db.json")
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            messages = " ".join(str(n.message) for n in app._notifications)
            if "blank.txt" in messages:
                break
        assert "blank.txt: contains only whitespace" in messages


async def test_scroll_position_is_remembered_across_runs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    body = "\n\n".join(f"Paragraph {i}: the council met again and talked for a long time." for i in range(200))
    (folder / "long.txt").write_text("A long story\n\n" + body)
    db = tmp_path / "db.json"
    app = make_app([folder], db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await wait_for_text(pilot, app, "Paragraph 0")
        await pilot.press("space", "space", "space")
        await pilot.pause(1.0)  # the reader reports its place after it settles
        y = app.screen.reader.text_scroll_y
        assert y > 0
    article_id = load_article(folder / "long.txt").id
    assert json.loads(db.read_text())["articles"]
    app = make_app([folder], db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_text(pilot, app, "A long story")
        for _ in range(50):
            await pilot.pause(0.05)
            if app.screen.reader is not None and app.screen.reader.text_scroll_y == y:
                break
        assert app.screen.reader.text_scroll_y == y
        assert app.store.article_state(article_id)["scroll"] == y


def test_a_crash_inside_the_app_exits_non_zero(tmp_path, monkeypatch):
    from tui.screens.main import MainScreen

    def broken(self):
        raise RuntimeError("boom")

    monkeypatch.setattr(MainScreen, "_update_status", broken)
    app = make_app([tmp_path], tmp_path / "db.json")
    app.run(headless=True, size=SIZE)
    assert app.return_code == 1


async def test_the_list_shortens_a_speaker_s_name_to_the_surname_but_never_a_description(tmp_path):
    (tmp_path / "a.txt").write_text('Talks end\n\n"It is over," said a person close to the family.\n', encoding="utf-8")
    (tmp_path / "b.txt").write_text('Port opens\n\n"We will," said Jane Roe.\n', encoding="utf-8")
    app = make_app([tmp_path], tmp_path / "db.json")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_text(pilot, app, "Roe")
        text = await wait_for_text(pilot, app, "a person clos")
        rows = {line.split()[1]: line for line in text.splitlines() if "Talks end" in line or "Port opens" in line}
        assert "a person clos" in rows["Talks"] and "family" not in rows["Talks"]
        assert "Roe" in rows["Port"] and "Jane" not in rows["Port"]


async def test_a_workers_late_report_while_the_app_closes_is_ignored(seed_dir, tmp_path):
    # the background analysis reports from its thread; on closing, the list can go before
    # the screen, and a report then must not raise (it once failed a run of the suite)
    app = make_app([seed_dir], tmp_path / "db.json")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await screen.query_one(ArticleList).remove()
        screen._metadata_progress(1)
        screen._metadata_done([])
        screen._store_ready()
        await screen._progress_start(5)
