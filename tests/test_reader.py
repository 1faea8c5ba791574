"""The reader pane driven with the Pilot: quote cursor, panels, speakers, search, layers, hostile text."""

from __future__ import annotations

from pathlib import Path

from reader_harness import ReaderHarness, screen_text, seed_analysis, seed_article

from annotations.articles import Article, article_from_text
from annotations.model import Analysis, Quote
from tui.widgets.reader import ArticleReader
from tui.widgets.reader_pane import ReaderPane
from tui.widgets.speaker_panel import SpeakerPanel

SIZE = (140, 40)


def pane_of(app) -> ReaderPane:
    return app.query_one(ReaderPane)


def panel_text(app) -> str:
    return pane_of(app).quote_panel.describe().plain


def speaker_rows(app) -> list[str]:
    return app.query_one(SpeakerPanel).rows()


async def test_quote_keys_move_the_cursor_and_the_panel_follows():
    article = seed_article()
    analysis = seed_analysis(article)
    app = ReaderHarness(article, analysis)
    async with app.run_test(size=SIZE) as pilot:
        pane = pane_of(app)
        assert "7 quotes. Press ] for the next one." in panel_text(app)
        await pilot.press("right_square_bracket")
        assert pane.current == 0
        text = panel_text(app)
        assert "Quote 1 of 7" in text and "John Kirby" in text and "direct" in text
        assert "said" in text and "95%" in text
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert pane.current == 2
        await pilot.press("left_square_bracket")
        assert pane.current == 1
        text = panel_text(app)
        assert "Quote 2 of 7" in text and "partial" in text and "Adding" in text
        await pilot.pause()
        assert [e.quote_index for e in app.selected] == [0, 1, 2, 1]
        assert app.selected[-1].article_id == article.id
        assert app.selected[-1].quote == pane.index.quotes[1]
        # the cursor mark is painted beside the current quote
        assert "▶" in screen_text(app)


async def test_last_quote_stays_put_and_the_cursor_scrolls_into_view():
    article = seed_article()
    app = ReaderHarness(article, seed_analysis(article))
    async with app.run_test(size=(100, 12)) as pilot:
        pane = pane_of(app)
        for _ in range(8):
            await pilot.press("right_square_bracket")
        assert pane.current == 6
        await pilot.pause()
        reader = app.query_one(ArticleReader)
        assert reader.scroll_y > 0
        quote = pane.index.quotes[6]
        y = reader.line_of(quote.start)
        assert reader.scroll_y <= y < reader.scroll_y + reader.scrollable_content_region.height
        assert "positive thing" in screen_text(app)


async def test_speaker_panel_lists_counts_and_jumps_through_a_speakers_quotes():
    article = seed_article()
    app = ReaderHarness(article, seed_analysis(article))
    async with app.run_test(size=SIZE) as pilot:
        pane = pane_of(app)
        rows = speaker_rows(app)
        assert rows[0].split()[1:3] == ["John", "Kirby"] and rows[0].endswith(" 4")
        assert any("Katherine Tai" in r and r.endswith(" 1") for r in rows)
        assert len(rows) == 4
        await pilot.press("s")
        assert app.focused is app.query_one(SpeakerPanel)
        await pilot.press("enter")
        assert pane.current == 0
        await pilot.press("enter")
        assert pane.current == 1
        await pilot.press("enter", "enter")
        assert pane.current == 6  # Kirby's fourth quote, the indirect one
        await pilot.press("enter")
        assert pane.current == 0  # walked all of Kirby's quotes and wrapped
        await pilot.press("down", "enter")
        assert pane.index.quotes[pane.current].speaker in ("Kamala Harris", "Katherine Tai", "Xi Jinping")
        await pilot.press("escape")
        assert app.focused is app.query_one(ArticleReader)


async def test_search_highlights_and_moves_between_matches():
    article = seed_article()
    app = ReaderHarness(article, seed_analysis(article))
    async with app.run_test(size=SIZE) as pilot:
        pane = pane_of(app)
        reader = app.query_one(ArticleReader)
        await pilot.press("slash", *"tension", "enter")
        await pilot.pause()
        expected = article.text.lower().count("tension")
        assert len(pane.index.matches) == expected >= 3
        assert reader.current_match == 0
        assert app.focused is reader
        assert f"“tension”: {expected} matches" in screen_text(app)
        await pilot.press("n")
        assert reader.current_match == 1
        await pilot.press("N", "N")
        assert reader.current_match == expected - 1  # wrapped back round
        # quote keys still work while searching, and are not the match keys
        await pilot.press("right_square_bracket")
        assert pane.current == 0 and reader.current_match == expected - 1
        await pilot.press("escape")
        assert pane.index.matches == [] and app.outer_escapes == 0
        await pilot.press("escape")  # nothing left to end: Esc reaches the screen/app
        assert app.outer_escapes == 1


async def test_search_for_nothing_found_notifies():
    article = seed_article()
    app = ReaderHarness(article, seed_analysis(article))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"zzzqqq", "enter")
        await pilot.pause()
        assert pane_of(app).index.matches == []
        assert any("No matches" in str(n.message) for n in app._notifications)


async def test_layers_toggle_for_plain_reading():
    article = seed_article()
    app = ReaderHarness(article, seed_analysis(article))
    async with app.run_test(size=SIZE) as pilot:
        reader = app.query_one(ArticleReader)
        assert reader.layers == {"quotes", "people", "boilerplate"}
        await pilot.press("v")
        assert reader.layers == set()
        assert "hidden: quotes, people, boilerplate" in screen_text(app)
        await pilot.press("v", "1")
        assert reader.layers == {"people", "boilerplate"}
        await pilot.press("2", "3", "1")
        assert reader.layers == {"quotes"}


async def test_layers_change_what_is_drawn():
    article = seed_article()
    app = ReaderHarness(article, seed_analysis(article))
    async with app.run_test(size=SIZE) as pilot:
        reader = app.query_one(ArticleReader)
        quote = pane_of(app).index.quotes[0]
        y = reader.line_of(quote.start)

        def styles_on_line():
            strip = reader.render_article_line(y, 100, reader.rich_style)
            return {seg.style.bold for seg in strip if seg.text.strip() and seg.style is not None}

        assert True in styles_on_line()  # a direct quote is bold
        await pilot.press("v")
        assert True not in styles_on_line()


async def test_copy_quote_with_citation():
    article = seed_article()
    app = ReaderHarness(article, seed_analysis(article))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        assert app.clipboard_text is None  # no quote yet: nothing copied
        await pilot.press("right_square_bracket", "c")
        copied = app.clipboard_text
        assert copied.startswith("“I don't think they'd characterize it as tensions thawing,”")
        assert "— John Kirby" in copied and article.title in copied
        assert str(article.path) in copied


async def test_next_unreviewed_skips_reviewed_quotes_and_panel_shows_tags_and_note():
    article = seed_article()
    analysis = seed_analysis(article)
    app = ReaderHarness(article, analysis)
    async with app.run_test(size=SIZE) as pilot:
        pane = pane_of(app)
        q0, q1 = analysis.quotes[0], analysis.quotes[1]
        pane.set_quote_annotations({
            (q0.start, q0.end): {"tags": ["check", "[bold]x[/]"], "note": "Verify [@click=app.quit] with the transcript", "reviewed": True},
            (q1.start, q1.end): {"reviewed": True},
        })
        await pilot.press("right_curly_bracket")
        assert pane.current == 2
        await pilot.press("left_square_bracket", "left_square_bracket")
        text = panel_text(app)
        assert "check, [bold]x[/]" in text and "Verify [@click=app.quit] with the transcript" in text
        assert "Reviewed   yes" in text


async def test_analysis_arriving_later_and_clear():
    article = seed_article()
    app = ReaderHarness(article, None)
    async with app.run_test(size=SIZE) as pilot:
        pane = pane_of(app)
        assert "finding quotes…" in screen_text(app)
        await pilot.press("right_square_bracket")
        assert pane.current is None
        pane.set_analysis(seed_analysis(article))
        await pilot.pause()
        assert "7 quotes" in screen_text(app)
        await pilot.press("right_square_bracket")
        assert pane.current == 0
        pane.set_analysis(seed_analysis(article))  # a re-analysis keeps the cursor on the same quote
        assert pane.current == 0
        pane.clear()
        await pilot.pause()
        assert pane.article is None and "No article open" in screen_text(app)
        await pilot.press("right_square_bracket", "c", "slash")  # nothing open: no crash


async def test_scroll_position_is_restored_and_reported_debounced():
    article = seed_article()
    app = ReaderHarness(article, seed_analysis(article), scroll_y=5)
    async with app.run_test(size=(100, 12)) as pilot:
        pane = pane_of(app)
        reader = app.query_one(ArticleReader)
        await pilot.pause()
        assert pane.text_scroll_y == 5
        for y in (6, 7, 8):  # three moves in one burst ...
            reader.scroll_to(y=y, animate=False, force=True)
        for _ in range(40):
            await pilot.pause(0.1)
            if app.scrolls:
                break
        await pilot.pause(0.7)
        assert [(e.article_id, e.y) for e in app.scrolls] == [(article.id, 8)]  # ... one report
        await pilot.press("j")
        for _ in range(40):
            await pilot.pause(0.1)
            if len(app.scrolls) > 1:
                break
        assert app.scrolls[-1].y == 9


async def test_hostile_text_is_shown_literally():
    hostile = (
        "Headline [@click=app.quit]Click me[/] and x[/] here\n\n"
        '[Reuters] Officials said "[bold red]not markup[/] \x1b]52;c;SGVsbG8=\x07 ok" today.\n\n'
        "Tabs\tand \x00 nulls \x9b stay data."
    )
    article = Article(id="hostile", path=Path("[red]x[/].txt"), text=hostile, title="[@click=app.quit] title",
                      paragraphs=[(0, 51), (53, 53 + hostile[53:].index("\n\n")), (hostile.rindex("Tabs"), len(hostile))])
    s = hostile.index("[bold red]")
    e = hostile.index(" ok") + 3
    analysis = Analysis([Quote(s, e, hostile[s:e], "direct", "[b]Mr. X[/b]", "[said]", 0.5)], [])
    app = ReaderHarness(article, analysis)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_square_bracket")
        await pilot.pause()
        text = screen_text(app)
        assert "[@click=app.quit]Click me[/] and x[/] here" in text
        assert "[Reuters] Officials said" in text
        assert "[bold red]not markup[/]" in text
        assert "\x1b" not in text and "\x00" not in text and "\x9b" not in text
        assert "[b]Mr. X[/b]" in text  # speaker panel and quote panel
        assert "[@click=app.quit] title" in text
        # clicking where the fake link is drawn does not quit
        await pilot.click(ArticleReader, offset=(12, 0))
        assert app.is_running


async def test_a_one_megabyte_paragraph_opens_and_scrolls_to_the_end():
    words = [f"word{i}" for i in range(170_000)]
    text = " ".join(words) + " THE-END"
    article = article_from_text(text)
    start = text.index("word99999")
    analysis = Analysis([Quote(start, start + 9, "word99999", "direct", "Far Away", None, 0.5)], [])
    app = ReaderHarness(article, analysis)
    async with app.run_test(size=(100, 20)) as pilot:
        reader = app.query_one(ArticleReader)
        assert len(article.text) > 1_000_000
        assert "word0 word1" in screen_text(app)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert "word99999" in screen_text(app)
        await pilot.press("G")
        await pilot.pause()
        assert "THE-END" in screen_text(app) or reader.scroll_y >= reader.max_scroll_y - 1


async def test_narrow_pane_hides_side_panels_until_asked():
    article = seed_article()
    app = ReaderHarness(article, seed_analysis(article))
    async with app.run_test(size=(70, 20)) as pilot:
        pane = pane_of(app)
        await pilot.pause()
        assert pane.has_class("-side-hidden")
        await pilot.press("s")
        assert not pane.has_class("-side-hidden") and app.focused is app.query_one(SpeakerPanel)
        await pilot.press("escape", "i")
        assert pane.has_class("-side-hidden")
        await pilot.press("right_square_bracket")
        await pilot.pause()
        bar = [line for line in screen_text(app).splitlines() if "1/7 John Kirby · direct · said · 95%" in line]
        assert bar  # the current quote's essentials stay visible under the text


async def test_clicking_a_quote_selects_it():
    article = seed_article()
    app = ReaderHarness(article, seed_analysis(article))
    async with app.run_test(size=SIZE) as pilot:
        pane = pane_of(app)
        reader = app.query_one(ArticleReader)
        quote = pane.index.quotes[2]
        y = reader.line_of(quote.start + 3)
        line_start = reader._layout.line(y)[0]
        x = 2 + (quote.start + 3 - line_start)
        await pilot.click(ArticleReader, offset=(x, y - int(reader.scroll_y)))
        assert pane.current == 2
        assert "Quote 3 of 7" in panel_text(app)
        await pilot.click(ArticleReader, offset=(2, 0))  # not a quote: the cursor stays
        assert pane.current == 2


async def test_search_highlights_while_typing():
    article = seed_article()
    app = ReaderHarness(article, seed_analysis(article))
    async with app.run_test(size=SIZE) as pilot:
        pane = pane_of(app)
        await pilot.press("slash", *"Kirby")
        await pilot.pause()
        assert len(pane.index.matches) == article.text.count("Kirby")
        assert app.focused is app.query_one("#reader-search")
        await pilot.press("escape")
        assert pane.index.matches == [] and app.focused is app.query_one(ArticleReader)


async def test_empty_article_and_quotes_that_do_not_fit_the_text():
    empty = Article(id="empty", path=None, text="", title="")
    app = ReaderHarness(empty, Analysis([Quote(0, 5, "hello", "direct", "X")], []))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_square_bracket", "left_square_bracket", "G", "g", "slash", "x", "enter", "n", "c", "v")
        await pilot.pause()
        assert "1 quote off the text, not shown" in screen_text(app)
        assert pane_of(app).current is None


async def test_resizing_rewraps_and_keeps_the_place():
    article = seed_article()
    app = ReaderHarness(article, seed_analysis(article))
    async with app.run_test(size=(100, 14)) as pilot:
        reader = app.query_one(ArticleReader)
        reader.scroll_to(y=20, animate=False, force=True)
        await pilot.pause()
        top = reader._layout.offset_of_line(int(reader.scroll_y))
        await pilot.resize_terminal(70, 14)
        await pilot.pause()
        assert reader._layout.width != 100 - 2
        new_top = reader._layout.offset_of_line(int(reader.scroll_y))
        assert abs(new_top - top) < 80  # the same line of text, give or take a line's width


async def test_top_offset_follows_scrolling():
    article = seed_article()
    app = ReaderHarness(article, seed_analysis(article))
    async with app.run_test(size=(100, 12)) as pilot:
        pane = pane_of(app)
        assert pane.top_offset == 0
        await pilot.press("j", "j")
        await pilot.pause()
        assert pane.top_offset > 0
        expected = article.text[pane.top_offset : pane.top_offset + 15]
        for _ in range(30):  # under load a frame can lag behind the scroll
            top_line = screen_text(app).splitlines()[1]  # the line under the heading
            if expected in top_line:
                break
            await pilot.pause(0.05)
        assert expected in top_line
