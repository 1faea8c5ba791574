"""Snapshots of the reader with highlights on seed 000: dark theme, light theme, NO_COLOR; and the who-is-quoted screen.

The analysis is hand-made (``reader_harness.seed_analysis``) so these pictures change only
when the reader's drawing changes, not when the quote engine improves.
"""

from __future__ import annotations

from reader_harness import ReaderHarness, seed_analysis, seed_article
from who_quoted_harness import WhoQuotedHarness, sample_stats

SIZE = (120, 50)
# Three quotes on: the cursor mark, a partial and a direct quote, the side panel filled.
KEYS = ["right_square_bracket", "right_square_bracket", "right_square_bracket"]


def make_app(theme: str) -> ReaderHarness:
    article = seed_article()
    return ReaderHarness(article, seed_analysis(article), theme=theme)


def test_reader_dark(snap_compare):
    assert snap_compare(make_app("textual-dark"), press=KEYS, terminal_size=SIZE)


def test_reader_light(snap_compare):
    assert snap_compare(make_app("textual-light"), press=KEYS, terminal_size=SIZE)


def test_reader_no_color(snap_compare, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(make_app("textual-dark"), press=KEYS, terminal_size=SIZE)


def test_reader_search_and_plain_layers(snap_compare):
    assert snap_compare(make_app("textual-dark"), press=["v", "slash", *"tension", "enter"], terminal_size=SIZE)


def test_who_quoted_dark(snap_compare):
    async def gathered(pilot):
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(WhoQuotedHarness(sample_stats()), run_before=gathered, terminal_size=SIZE)
