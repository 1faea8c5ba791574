"""The who-is-quoted screen driven with the Pilot, and wire-copy folding on the real seeds."""

from __future__ import annotations

from pathlib import Path

from who_quoted_harness import WhoQuotedHarness, sample_stats

from annotations.articles import load_article
from annotations.corpus import ArticleInfo, CorpusStats
from annotations.model import Analysis, Quote
from tui.screens.who_quoted import WhoQuotedScreen, chart_bar
from textual.widgets import OptionList

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SIZE = (120, 36)


def prompts(app, selector: str) -> list[str]:
    widget = app.screen.query_one(selector)
    if isinstance(widget, OptionList):
        return [str(widget.get_option_at_index(i).prompt) for i in range(widget.option_count)]
    return [widget.row_text(i) for i in range(widget.row_count)] or [widget.empty_text]


async def settle(app, pilot) -> None:
    """Let the quote-gathering thread finish and its result land."""
    await app.workers.wait_for_complete()
    await pilot.pause()


def heading(app) -> str:
    return str(app.screen.query_one("#who-heading").render())


async def test_ranks_speakers_with_bars_and_toggles_the_order():
    app = WhoQuotedHarness(sample_stats())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WhoQuotedScreen)
        rows = prompts(app, "#who-speakers")
        assert "Joe Biden" in rows[0] and "4 quotes" in rows[0] and "2 articles" in rows[0]
        assert "1 quote " in rows[2] and "1 article" in rows[2]
        assert "█" in rows[0]
        assert "Antony Blinken" in rows[1]
        assert "3 speakers in 3 articles · ranked by quotes" in heading(app)
        await pilot.press("o")
        assert "ranked by articles" in heading(app)
        rows = prompts(app, "#who-speakers")
        assert "Joe Biden" in rows[0] and "Antony Blinken" in rows[1]


async def test_choosing_a_speaker_lists_deduplicated_quotes_and_choosing_one_dismisses():
    app = WhoQuotedHarness(sample_stats())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await settle(app, pilot)
        quotes = prompts(app, "#who-quotes")
        # the wire copy is one quote with two sources, listed under it
        assert quotes[0].startswith("“We're on the right trail here.”") and "2 sources" in quotes[0]
        assert "2023-06-19 · Biden sees progress" in quotes[1] and "2023-06-20 · Biden hails progress" in quotes[2]
        assert sum(1 for q in quotes if q.startswith("“")) == 3
        assert app.screen.focused is app.screen.query_one("#who-quotes")
        await pilot.press("down", "down", "enter")  # the second source
        await pilot.pause()
        assert app.results == [("a2", 120)]
        assert not isinstance(app.screen, WhoQuotedScreen)


async def test_find_a_speaker_and_escape_back_out():
    app = WhoQuotedHarness(sample_stats())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f", *"xi")
        await pilot.pause()
        rows = prompts(app, "#who-speakers")
        assert len(rows) == 1 and "Xi Jinping" in rows[0]
        await pilot.press("enter", "enter")
        await settle(app, pilot)
        assert "“progress”" in prompts(app, "#who-quotes")[0]
        await pilot.press("escape")  # quotes -> speakers
        await pilot.press("escape")  # clear the filter
        assert len(prompts(app, "#who-speakers")) == 3
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]


async def test_empty_corpus():
    app = WhoQuotedHarness(CorpusStats())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "o")
        assert "No quoted speakers yet" in prompts(app, "#who-speakers")[0]


def test_chart_bar_scales_to_eighths():
    assert chart_bar(10, 10, 4) == "████"
    assert chart_bar(5, 10, 4) == "██"
    assert chart_bar(1, 1000, 4) == "▏"  # never invisible when non-zero
    assert chart_bar(0, 10) == ""


def test_seed_wire_pair_is_folded_by_the_real_engine():
    from annotations.quotes import find_quotes

    stats = CorpusStats()
    for path in sorted(SEEDS.glob("*.txt")):
        article = load_article(path)
        stats.add(ArticleInfo(article.id, article.title, str(path), article.date), find_quotes(article.text, article.boilerplate))
    biden = next(s for s in stats.speakers() if s.name == "Joe Biden")
    assert biden.articles >= 2
    groups = stats.quotes_of("Joe Biden")
    shared = [g for g in groups if len({s.article_id for s in g.sources}) >= 2]
    assert any("hell of a job" in g.text for g in shared)
    assert any("right trail" in g.text for g in shared)


async def test_quote_filter_narrows_a_long_list():
    stats = CorpusStats()
    for i in range(300):
        stats.add(ArticleInfo(f"a{i}", f"Story {i}"), Analysis([Quote(0, 20, f"statement number {i} about trade", "direct", "Busy Speaker")]))
    app = WhoQuotedHarness(stats)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await settle(app, pilot)
        quotes = prompts(app, "#who-quotes")
        assert len(quotes) == 201 and "100 more quotes" in quotes[-1]
        await pilot.press("f", *"number 250 ")
        await pilot.pause()
        quotes = prompts(app, "#who-quotes")
        assert len(quotes) == 1 and "statement number 250 about trade" in quotes[0]
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert app.results == [("a250", 0)]


async def test_hostile_names_titles_and_quotes_are_shown_literally():
    stats = CorpusStats()
    stats.add(ArticleInfo("h1", "[@click=app.quit]Title[/] \x1b]52;c;SGk=\x07", "[red]x[/].txt"),
              Analysis([Quote(0, 9, "x[/] [b]y", "direct", "[@click=app.quit]Evil[/]")]))
    app = WhoQuotedHarness(stats)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await settle(app, pilot)
        assert "[@click=app.quit]Evil[/]" in prompts(app, "#who-speakers")[0]
        quote = prompts(app, "#who-quotes")[0]
        assert "“x[/] [b]y”" in quote and "[@click=app.quit]Title[/]" in quote and "\x1b" not in quote
        await pilot.click("#who-speakers", offset=(8, 0))
        assert app.is_running


async def test_quotes_gathered_after_the_screen_closed_are_ignored():
    # the quotes of a speaker are gathered in a thread; if the screen closes first, the
    # late result must not raise
    app = WhoQuotedHarness(sample_stats())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WhoQuotedScreen)
        await screen.query_one("#who-quotes").remove()
        screen._gathered(screen.speaker, [])
