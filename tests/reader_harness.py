"""A small app holding only the reader pane, and a hand-made analysis of seed 000 (tests only)."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer

from annotations.articles import Article, article_from_text
from annotations.model import Analysis, Person, Quote
from tui.messages import QuoteSelected, ScrollChanged
from tui.widgets.reader_pane import ReaderPane

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed_article() -> Article:
    path = sorted(SEEDS.glob("000_*.txt"))[0]
    return article_from_text(path.read_text(encoding="utf-8"), Path("seeds") / path.name)


def span_of(text: str, fragment: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(fragment, start + 1)
    return start, start + len(fragment)


def seed_analysis(article: Article) -> Analysis:
    """Quotes of seed 000 as a careful reader would mark them (independent of the engine)."""
    t = article.text

    def q(fragment, kind, speaker, cue, conf, speaker_frag=None, cue_frag=None, nth=0):
        s, e = span_of(t, fragment, nth)
        ss = span_of(t, speaker_frag, 0) if speaker_frag else None
        if speaker_frag:
            # the attribution nearest after the quote
            ss = (t.index(speaker_frag, e), t.index(speaker_frag, e) + len(speaker_frag))
        cs = (t.index(cue_frag, e), t.index(cue_frag, e) + len(cue_frag)) if cue_frag else None
        return Quote(s, e, t[s:e], kind, speaker, cue, conf, ss, cs)

    quotes = [
        q("I don't think they'd characterize it as tensions thawing,", "direct", "John Kirby", "said", 0.95, "Kirby", "said"),
        q("very much in keeping with the president's desire to keep the channels of communication with Chinese leaders open.", "partial", "John Kirby", "Adding", 0.6),
        q("There are still tensions. There are still things we do not agree with the Chinese about,", "direct", "John Kirby", "added", 0.9, "he", "added"),
        q("lines of communication open", "partial", "Kamala Harris", None, 0.4),
        q("optimistic", "partial", "Katherine Tai", "said", 0.85),
        q("weaponize", "partial", "Xi Jinping", "called", 0.5),
        q('the fact that the U.S. and China are making a commitment to increase lines of communication was a "positive thing"',
          "indirect", "John Kirby", "said", 0.7),
    ]
    mentions = []
    start = 0
    while (i := t.find("Biden", start)) != -1:
        mentions.append((i, i + 5))
        start = i + 5
    people = [Person("Joe Biden", ["Biden"], mentions)]
    return Analysis(quotes, people)


class ReaderHarness(App[None]):
    """The reader pane alone, recording the messages it posts."""

    BINDINGS = [Binding("escape", "outer_escape", "Outer escape", id="harness.escape")]

    def __init__(self, article: Article | None = None, analysis: Analysis | None = None, scroll_y: int = 0, theme: str | None = None) -> None:
        super().__init__()
        self.start_theme = theme
        self.article = article
        self.analysis = analysis
        self.scroll_y0 = scroll_y
        self.selected: list[QuoteSelected] = []
        self.scrolls: list[ScrollChanged] = []
        self.outer_escapes = 0
        self.clipboard_text: str | None = None

    def compose(self) -> ComposeResult:
        yield ReaderPane(id="reader")
        yield Footer()

    def on_mount(self) -> None:
        if self.start_theme:
            self.theme = self.start_theme
        pane = self.query_one(ReaderPane)
        if self.article is not None:
            pane.show_article(self.article, self.analysis, scroll_y=self.scroll_y0)
        pane.focus_text()

    def on_quote_selected(self, event: QuoteSelected) -> None:
        self.selected.append(event)

    def on_scroll_changed(self, event: ScrollChanged) -> None:
        self.scrolls.append(event)

    def action_outer_escape(self) -> None:
        self.outer_escapes += 1

    def copy_to_clipboard(self, text: str) -> None:
        self.clipboard_text = text
        super().copy_to_clipboard(text)


def screen_text(app: App) -> str:
    """Everything painted on the screen, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())
