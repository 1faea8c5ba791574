"""The reader pane: article text with highlights, the current quote's panel and the speakers.

The main screen owns one :class:`ReaderPane` and drives it with :meth:`show_article`,
:meth:`set_analysis`, :meth:`set_quote_annotations` and :meth:`clear`; the pane posts
:class:`~tui.messages.QuoteSelected` when the quote cursor moves and a debounced
:class:`~tui.messages.ScrollChanged` when the reader settles somewhere new.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Input, Static

from annotations.articles import Article
from annotations.gcpause import paused_gc
from annotations.model import Analysis, Quote
from annotations.spans import LAYERS, SpanIndex
from annotations.text import sanitise
from tui import colors
from tui.messages import QuoteSelected, ScrollChanged, SpeakerChosen
from tui.widgets.quote_panel import QuoteAnnotation, QuoteInfo, QuotePanel
from tui.widgets.reader import ArticleReader
from tui.widgets.speaker_panel import SpeakerPanel

#: Seconds the reader must rest before its scroll position is reported.
SCROLL_DEBOUNCE = 0.5
#: Articles up to this many characters are searched as the user types (longer ones on Enter).
INCREMENTAL_SEARCH_CHARS = 2_000_000
#: Below this many cells the side panels start hidden (``i`` shows them).
SIDE_MIN_WIDTH = 90


def citation(quote: Quote, article: Article) -> str:
    """The quote with its citation, as copied to the clipboard."""
    text = " ".join(quote.text.split())
    who = quote.speaker or "unattributed"
    parts = [f"“{text}”", f"— {who}"]
    source = f"“{' '.join(article.title.split())}”"
    if article.source:
        source += f", {article.source}"
    if article.date:
        source += f", {article.date}"
    return sanitise(f"{parts[0]} {parts[1]}, {source}")


def quote_bar(info: QuoteInfo, dark: bool = True) -> Text:
    """One line about the current quote, shown under the text when the side panels are hidden."""
    q, ann = info.quote, info.annotation
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"{info.number}/{info.total} ", style="bold")
    color = colors.speaker_color(q.speaker, dark)
    line.append(" ".join(sanitise(q.speaker).split()) if q.speaker else "(unattributed)", style=Style(bold=True, color=color))
    line.append(f" · {q.kind}", style=colors.KIND_STYLES.get(q.kind, Style()))
    if q.cue:
        line.append(f" · {sanitise(q.cue)}", style="dim")
    line.append(f" · {q.confidence:.0%}", style="dim")
    if ann.tags:
        line.append(" · tags: " + sanitise(", ".join(ann.tags)))
    if ann.note:
        line.append(" · note ✎")
    if ann.reviewed:
        line.append(" · reviewed ✓", style="dim")
    line.append("   (i: details)", style="dim")
    return line


class ReaderPane(Horizontal):
    """Article text, quote panel and speaker panel, with the quote cursor and search keys."""

    BINDINGS = [
        Binding("right_square_bracket", "next_quote", "Next quote", id="reader.next_quote"),
        Binding("left_square_bracket", "previous_quote", "Prev quote", id="reader.previous_quote"),
        Binding("right_curly_bracket", "next_unreviewed", "Next unreviewed", show=False, id="reader.next_unreviewed"),
        Binding("slash", "search", "Search text", id="reader.search"),
        Binding("n", "next_match", "Next match", show=False, id="reader.next_match"),
        Binding("N", "previous_match", "Prev match", show=False, id="reader.previous_match"),
        Binding("escape", "end_search", "End search", show=False, id="reader.end_search"),
        Binding("v", "toggle_layers", "Plain/highlighted", id="reader.layers"),
        Binding("1", "toggle_layer('quotes')", "Quotes layer", show=False, id="reader.layer_quotes"),
        Binding("2", "toggle_layer('people')", "People layer", show=False, id="reader.layer_people"),
        Binding("3", "toggle_layer('boilerplate')", "Boilerplate layer", show=False, id="reader.layer_boilerplate"),
        Binding("s", "speakers", "Speakers", id="reader.speakers"),
        Binding("i", "toggle_side", "Side panels", show=False, id="reader.side"),
        Binding("c,y", "copy_quote", "Copy quote", id="reader.copy_quote"),
    ]

    DEFAULT_CSS = """
    ReaderPane {
        height: 1fr;
    }
    ReaderPane #reader-main {
        width: 1fr;
    }
    ReaderPane #reader-heading {
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $text;
    }
    ReaderPane #reader-title {
        width: 1fr;
    }
    ReaderPane #reader-status {
        width: auto;
        padding-left: 1;
    }
    ReaderPane ArticleReader {
        height: 1fr;
    }
    ReaderPane #reader-search {
        display: none;
        height: 3;
        border: tall $accent;
    }
    ReaderPane.-searching #reader-search {
        display: block;
    }
    ReaderPane #reader-side {
        width: 34;
        border-left: vkey $panel;
    }
    ReaderPane.-side-hidden #reader-side {
        display: none;
    }
    ReaderPane #reader-quote-bar {
        display: none;
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    ReaderPane.-side-hidden.-has-quote #reader-quote-bar {
        display: block;
    }
    ReaderPane #speakers-title {
        height: 1;
        padding: 0 1;
        text-style: bold;
    }
    """

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.article: Article | None = None
        self.analysis: Analysis | None = None
        self.index: SpanIndex | None = None
        self.current: int | None = None
        self.annotations: dict[tuple[int, int], QuoteAnnotation] = {}
        self._scroll_timer: Timer | None = None
        self._reported_y: int | None = None
        self._side_auto = True
        self.marks: tuple[tuple[int, int], ...] = ()  # spans the user marked, drawn as their own layer

    def compose(self) -> ComposeResult:
        with Vertical(id="reader-main"):
            with Horizontal(id="reader-heading"):
                yield Static(Text("No article open", style="dim"), id="reader-title")
                yield Static(id="reader-status")
            yield ArticleReader(id="reader-text")
            yield Static(id="reader-quote-bar")
            yield Input(placeholder="Search this article (Enter: go, Esc: close)", id="reader-search")
        with Vertical(id="reader-side"):
            yield QuotePanel(id="quote-panel")
            yield Static(Text("Speakers"), id="speakers-title")
            yield SpeakerPanel(id="speaker-panel")

    def on_mount(self) -> None:
        self.watch(self.reader, "scroll_y", self._scrolled, init=False)
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._refresh_panels())
        self._refresh_panels()

    def on_resize(self) -> None:
        if self._side_auto:
            self.set_class(self.size.width < SIDE_MIN_WIDTH, "-side-hidden")

    # ------------------------------------------------------------------ parts

    @property
    def reader(self) -> ArticleReader:
        return self.query_one(ArticleReader)

    @property
    def quote_panel(self) -> QuotePanel:
        return self.query_one(QuotePanel)

    @property
    def speaker_panel(self) -> SpeakerPanel:
        return self.query_one(SpeakerPanel)

    @property
    def text_scroll_y(self) -> int:
        """The line of the article at the top of the reader."""
        return self.reader.scroll_offset.y

    @property
    def top_offset(self) -> int:
        """The text offset of the first character on the reader's top line (0 with nothing open)."""
        layout = self.reader._layout
        return layout.offset_of_line(self.text_scroll_y) if layout is not None else 0

    @property
    def current_quote(self) -> Quote | None:
        """The quote under the cursor, if any."""
        return self.index.quotes[self.current] if self.index is not None and self.current is not None else None

    def focus_text(self) -> None:
        """Give the keyboard to the article text."""
        self.reader.focus()

    # ------------------------------------------------------------------ public API

    def show_article(
        self, article: Article, analysis: Analysis | None, *, scroll_y: int = 0, marks: Sequence[tuple[int, int]] = ()
    ) -> None:
        """Show ``article`` from line ``scroll_y``; ``analysis`` may come later via :meth:`set_analysis`.

        ``marks`` are spans the user marked (tags or notes of their own), drawn as a layer.
        """
        self.marks = tuple(marks)
        self.article = article
        self.analysis = analysis
        self.current = None
        self.annotations = {}
        self._reported_y = scroll_y
        with paused_gc():
            self.index = SpanIndex(article.text, article.paragraphs, article.boilerplate, analysis, self.marks)
            self._end_search_box()
            self.reader.load(self.index, scroll_y=scroll_y)
        self._refresh_panels()

    def set_analysis(self, analysis: Analysis | None) -> None:
        """Add (or replace) the quote engine's findings for the open article, keeping the place."""
        if self.article is None:
            return
        old = self.current_quote
        self.analysis = analysis
        with paused_gc():
            self.index = SpanIndex(self.article.text, self.article.paragraphs, self.article.boilerplate, analysis, self.marks)
        self.reader.replace_index(self.index)
        self.current = None
        if old is not None:
            for i, q in enumerate(self.index.quotes):
                if (q.start, q.end) == (old.start, old.end):
                    self.current = i
                    self.reader.set_current(i, scroll=False)
                    break
        self._refresh_panels()

    def set_marks(self, marks: Sequence[tuple[int, int]]) -> None:
        """Replace the user's marked spans of the open article (redraws, keeping the place)."""
        marks = tuple(marks)
        if marks != self.marks and self.article is not None:
            self.marks = marks
            self.set_analysis(self.analysis)

    def set_quote_annotations(self, annotations: Mapping[tuple[int, int], QuoteAnnotation | Mapping]) -> None:
        """Tags, note and reviewed state per quote, keyed by the quote's ``(start, end)``."""
        self.annotations = {tuple(k): QuoteAnnotation.coerce(v) for k, v in annotations.items()}
        self._refresh_quote_panel()

    def clear(self) -> None:
        """Show nothing (no article could be opened)."""
        self.article = None
        self.analysis = None
        self.index = None
        self.current = None
        self.annotations = {}
        self._end_search_box()
        self.reader.load(None)
        self._refresh_panels()

    def select_quote(self, index: int | None, *, scroll: bool = True) -> None:
        """Put the quote cursor on quote ``index`` (reading order) and report it."""
        if self.index is None or index is None or not 0 <= index < len(self.index.quotes):
            return
        self.current = index
        self.reader.set_current(index, scroll=scroll)
        self._refresh_quote_panel()
        if self.article is not None:
            self.post_message(QuoteSelected(self.article.id, index, self.index.quotes[index]))

    def select_quote_at(self, offset: int) -> bool:
        """Put the cursor on the quote covering (or else following) ``offset``; False when there is none."""
        if self.index is None:
            return False
        i = self.index.quote_at(offset)
        if i is None:
            i = self.index.next_quote(offset - 1)
        if i is None:
            return False
        self.select_quote(i)
        return True

    # ------------------------------------------------------------------ panels

    def _refresh_panels(self) -> None:
        self._refresh_heading()
        self._refresh_quote_panel()
        dark = bool(getattr(self.app.current_theme, "dark", True))
        self.speaker_panel.set_speakers(self.index.speakers() if self.index is not None else [], dark)

    def _refresh_heading(self) -> None:
        title = Text(no_wrap=True, overflow="ellipsis")
        status = Text(no_wrap=True, style="dim")
        if self.article is None:
            title.append("No article open", style="dim")
        else:
            title.append(" ".join(sanitise(self.article.title).split()), style="bold")
            if self.article.date:
                title.append(f" · {self.article.date}", style="dim")
            parts = []
            if self.index is not None and self.analysis is not None:
                n = len(self.index.quotes)
                parts.append(f"{n} quote{'s' if n != 1 else ''}")
            elif self.index is not None:
                parts.append("finding quotes…")
            if self.index is not None and self.index.dropped:
                # The analysis does not fit this text (a stale cache, a bad import): say so.
                parts.append(f"{self.index.dropped} quote{'s' if self.index.dropped != 1 else ''} off the text, not shown")
            if self.index is not None and self.index.query:
                parts.append(f"“{sanitise(self.index.query)}”: {len(self.index.matches)} matches")
            hidden = [layer for layer in LAYERS if layer not in self.reader.layers]
            if hidden:
                parts.append(f"hidden: {', '.join(hidden)}")
            status.append(" · ".join(parts))
        self.query_one("#reader-title", Static).update(title)
        self.query_one("#reader-status", Static).update(status)

    def _refresh_quote_panel(self) -> None:
        if self.index is None or self.current is None:
            self.quote_panel.show_quote(None, quote_count=len(self.index.quotes) if self.index else 0)
            self.remove_class("-has-quote")
            return
        q = self.index.quotes[self.current]
        info = QuoteInfo(q, self.current + 1, len(self.index.quotes), self.annotations.get((q.start, q.end), QuoteAnnotation()))
        self.quote_panel.show_quote(info)
        self.query_one("#reader-quote-bar", Static).update(quote_bar(info, bool(getattr(self.app.current_theme, "dark", True))))
        self.add_class("-has-quote")

    # ------------------------------------------------------------------ quote cursor

    def _anchor(self) -> int:
        """Offset the quote keys move from: the current quote, else the top of the view."""
        if self.current is not None and self.index is not None:
            return self.index.quotes[self.current].start
        return self.top_offset - 1

    def action_next_quote(self) -> None:
        """Move the quote cursor to the next quote."""
        if self.index is None or not self.index.quotes:
            self._no_quotes()
            return
        i = self.index.next_quote(self._anchor())
        if i is None:
            self.app.bell()
            return
        self.select_quote(i)

    def action_previous_quote(self) -> None:
        """Move the quote cursor to the previous quote."""
        if self.index is None or not self.index.quotes:
            self._no_quotes()
            return
        anchor = self._anchor() + (0 if self.current is not None else 1)
        i = self.index.previous_quote(anchor)
        if i is None:
            self.app.bell()
            return
        self.select_quote(i)

    def action_next_unreviewed(self) -> None:
        """Move to the next quote not yet marked reviewed (wrapping round)."""
        if self.index is None or not self.index.quotes:
            self._no_quotes()
            return
        n = len(self.index.quotes)
        start = self.current + 1 if self.current is not None else (self.index.next_quote(self._anchor()) or 0)
        for step in range(n):
            i = (start + step) % n
            q = self.index.quotes[i]
            if not self.annotations.get((q.start, q.end), QuoteAnnotation()).reviewed:
                self.select_quote(i)
                return
        self.notify("Every quote in this article is reviewed.", markup=False)

    def _no_quotes(self) -> None:
        if self.article is not None:
            message = "Still finding quotes…" if self.analysis is None else "No quotes in this article."
            self.notify(message, markup=False, timeout=2)

    @on(ArticleReader.Clicked)
    def _text_clicked(self, event: ArticleReader.Clicked) -> None:
        event.stop()
        if self.index is not None:
            i = self.index.quote_at(event.offset)
            if i is not None:
                self.select_quote(i, scroll=False)

    @on(SpeakerChosen)
    def _speaker_chosen(self, event: SpeakerChosen) -> None:
        event.stop()
        if self.index is None:
            return
        quotes = self.index.quotes_of(event.speaker)
        if not quotes:
            return
        # Walk through this speaker's quotes: the next one after the cursor, wrapping.
        after = self.current if self.current is not None else -1
        nxt = next((i for i in quotes if i > after), quotes[0])
        self.select_quote(nxt)

    # ------------------------------------------------------------------ layers, side, copy

    def action_toggle_layers(self) -> None:
        """Switch between all highlights and plain text."""
        self.reader.layers = frozenset() if self.reader.layers else frozenset(LAYERS)
        self._refresh_heading()

    def action_toggle_layer(self, layer: str) -> None:
        """Switch one highlight layer (quotes, people, boilerplate) on or off."""
        if layer in LAYERS:
            self.reader.layers = self.reader.layers ^ {layer}
            self._refresh_heading()

    def action_toggle_side(self) -> None:
        """Show or hide the quote and speaker panels."""
        self._side_auto = False
        self.toggle_class("-side-hidden")
        if self.has_class("-side-hidden") and self.speaker_panel.has_focus:
            self.focus_text()

    def action_speakers(self) -> None:
        """Show the speaker panel and move the keyboard to it (Esc goes back)."""
        if self.speaker_panel.has_focus:
            self.focus_text()
            return
        self._side_auto = False
        self.remove_class("-side-hidden")
        self.speaker_panel.focus()

    def action_copy_quote(self) -> None:
        """Copy the current quote with its citation (speaker, title, source, date)."""
        q = self.current_quote
        if q is None or self.article is None:
            self.notify("No quote selected: press ] to pick one.", markup=False, timeout=3)
            return
        self.app.copy_to_clipboard(citation(q, self.article))
        self.notify(f"Copied quote by {q.speaker or 'unattributed speaker'}", markup=False, timeout=3)

    # ------------------------------------------------------------------ search

    def action_search(self) -> None:
        """Open the search box for this article's text."""
        if self.index is None:
            return
        self.add_class("-searching")
        box = self.query_one("#reader-search", Input)
        box.value = self.index.query
        box.focus()

    @on(Input.Changed, "#reader-search")
    def _search_typed(self, event: Input.Changed) -> None:
        """Highlight as the user types, for articles small enough to search per key press."""
        event.stop()
        if self.index is not None and len(self.index.text) <= INCREMENTAL_SEARCH_CHARS:
            self.reader.search(event.value)
            self._refresh_heading()

    @on(Input.Submitted, "#reader-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        count = self.reader.search(event.value)
        self.remove_class("-searching")
        self.focus_text()
        self._refresh_heading()
        if event.value and not count:
            self.notify("No matches in this article.", markup=False, timeout=2)

    def action_next_match(self) -> None:
        """Go to the next search match."""
        if self.reader.next_match(True) is None:
            self.app.bell()

    def action_previous_match(self) -> None:
        """Go to the previous search match."""
        if self.reader.next_match(False) is None:
            self.app.bell()

    def action_end_search(self) -> None:
        """Close the search box and clear the match highlights."""
        self._end_search_box()
        if self.index is not None and self.index.query:
            self.reader.search("")
        self.focus_text()
        self._refresh_heading()

    def _end_search_box(self) -> None:
        self.remove_class("-searching")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_match", "previous_match"):
            return bool(self.index is not None and self.index.matches)
        if action == "end_search":
            # Only claim Esc while there is a search to end; else the screen's Esc works.
            return bool(self.has_class("-searching") or (self.index is not None and self.index.query))
        return True

    # ------------------------------------------------------------------ scroll reports

    def _scrolled(self, _value: float) -> None:
        if self._scroll_timer is None:
            self._scroll_timer = self.set_timer(SCROLL_DEBOUNCE, self._report_scroll)
        else:
            self._scroll_timer.reset()

    def _report_scroll(self) -> None:
        self._scroll_timer = None
        if self.article is None:
            return
        y = self.text_scroll_y
        if y != self._reported_y:
            self._reported_y = y
            self.post_message(ScrollChanged(self.article.id, y))
