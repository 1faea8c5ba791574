"""An app that opens the who-is-quoted screen on given statistics, and a small hand-made corpus (tests only)."""

from __future__ import annotations

from textual.app import App

from annotations.corpus import ArticleInfo, CorpusStats
from annotations.model import Analysis, Quote
from tui.screens.who_quoted import WhoQuotedScreen


def sample_stats() -> CorpusStats:
    """Three articles: a wire story printed twice, and another."""

    def q(text, speaker, start, kind="direct"):
        return Quote(start, start + len(text), text, kind, speaker, "said", 0.8)

    stats = CorpusStats()
    stats.add(ArticleInfo("a1", "Biden sees progress with China", "wire/a1.txt", "2023-06-19"), Analysis([
        q("We're on the right trail here.", "Joe Biden", 100),
        q("He did a hell of a job,", "Joe Biden", 300),
        q("progress was not straightforward", "Antony Blinken", 500, "indirect"),
    ]))
    stats.add(ArticleInfo("a2", "Biden hails progress [Reuters]", "wire/a2.txt", "2023-06-20"), Analysis([
        q("We’re on the right trail here,", "Biden", 120),
        q("You don't have to ask that,", "Joe Biden", 420),
    ]))
    stats.add(ArticleInfo("a3", "Blinken meets Xi", "other/a3.txt", None), Analysis([
        q("It's absolutely vital that we talk", "Antony Blinken", 40),
        q("progress", "Xi Jinping", 90, "partial"),
    ]))
    return stats


class WhoQuotedHarness(App[None]):
    """Pushes the screen at start; keeps what it was dismissed with."""

    def __init__(self, stats: CorpusStats) -> None:
        super().__init__()
        self.stats = stats
        self.results: list[tuple[str, int] | None] = []

    def on_mount(self) -> None:
        self.push_screen(WhoQuotedScreen(self.stats), self.results.append)
