"""Snapshot of the main screen on the seed corpus (article list beside the reader).

The quote engine is replaced by an empty analysis so the picture changes only when the
shell's drawing changes, not when the engine improves (the reader's highlight
snapshots live in test_reader_snapshots.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.articles import discover
from annotations.model import Analysis
from tui.app import NewsReaderApp

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture
def app(tmp_path, monkeypatch) -> NewsReaderApp:
    monkeypatch.setattr(NewsReaderApp, "analyse", lambda self, article: Analysis())
    found, _ = discover([SEEDS])
    return NewsReaderApp(found, db_path=tmp_path / "db.json")


async def settled(pilot) -> None:
    """Wait until every article has been read in the background."""
    app = pilot.app
    for _ in range(200):
        await pilot.pause(0.02)
        if all(e.quotes is not None for e in app.library.entries):
            break
    await pilot.pause()


def test_main_screen(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 36), run_before=settled)


def test_main_screen_filtered_and_opened(snap_compare, app):
    async def run_before(pilot):
        await settled(pilot)
        await pilot.press("slash", *"xi", "enter", "j", "enter")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)
