"""The "who is quoted" screen: speakers across the corpus, ranked, with a bar chart.

Choosing a speaker lists every quote of theirs across the corpus, copies folded together
(a wire story printed by several outlets is one quote with several sources).  Choosing a
quote, or one of its sources, dismisses the screen with ``(article_id, quote_start)`` so
the main screen can open that article at that quote.
"""

from __future__ import annotations

from pathlib import PurePath

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from annotations.corpus import CorpusStats, QuoteGroup, SpeakerStat
from annotations.text import sanitise
from tui import colors
from tui.widgets.line_list import LineList, list_bindings

#: Quotes of one speaker listed at once, most widely carried first (the rest by filtering).
TOP_QUOTES = 200
#: Cells of the longest bar in the chart.
CHART_WIDTH = 24
NAME_WIDTH = 24


def chart_bar(value: int, largest: int, width: int = CHART_WIDTH) -> str:
    """A bar ``value/largest`` of ``width`` cells, to an eighth of a cell; at least a sliver when non-zero."""
    if largest <= 0 or value <= 0:
        return ""
    eighths = max(1, round(value / largest * width * 8))
    full, part = divmod(eighths, 8)
    return "█" * full + (" ▏▎▍▌▋▊▉"[part] if part else "")


def speaker_line(rank: int, stat: SpeakerStat, largest: int, by: str, dark: bool, width: int = 90) -> Text:
    """One chart row of ``width`` cells: rank, name, bar, both counts (Text only: names are data)."""
    bar_width = max(6, min(CHART_WIDTH, width - 5 - NAME_WIDTH - 1 - 29))
    value = stat.quotes if by == "quotes" else stat.articles
    color = colors.speaker_color(stat.name, dark)
    name = " ".join(sanitise(stat.name).split())
    name = name if len(name) <= NAME_WIDTH else name[: NAME_WIDTH - 1] + "…"
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"{rank:>4} ", style="dim")
    line.append(name.ljust(NAME_WIDTH), style=Style(bold=True))
    line.append(" ")
    line.append(chart_bar(value, largest, bar_width).ljust(bar_width), style=Style(color=color) if color else Style())
    line.append(f" {stat.quotes:>5} {'quote ' if stat.quotes == 1 else 'quotes'} {stat.articles:>5} {'article' if stat.articles == 1 else 'articles'}", style="dim")
    return line


def group_prompt(group: QuoteGroup, dark: bool) -> Text:
    """A quote with how many articles carry it."""
    articles = len({s.article_id for s in group.sources})
    text = " ".join(sanitise(group.text).split())
    if len(text) > 400:
        text = text[:399] + "…"
    out = Text()
    out.append("“")
    out.append(text, style=colors.quote_style(group.kind, group.speaker, dark))
    out.append("”")
    first = group.sources[0]
    out.append(f"\n  {group.kind} · ", style="dim")
    if articles > 1:
        out.append(f"{articles} sources", style="bold")
    else:
        title = " ".join(sanitise(first.title).split())
        title = title if len(title) <= 48 else title[:47] + "…"
        out.append(title + (f" · {first.date}" if first.date else ""), style="dim")
    return out


def source_prompt(group: QuoteGroup, index: int, width: int = 80) -> Text:
    """One source of a quote printed in several articles, cut to one line of ``width`` cells."""
    s = group.sources[index]
    out = Text("    ↳ ", style="dim")
    if s.date:
        out.append(f"{s.date} · ", style="dim")
    out.append(" ".join(sanitise(s.title).split()) or s.article_id)
    if s.source:
        out.append(f" · {sanitise(PurePath(s.source).name)}", style="dim")
    out.truncate(width, overflow="ellipsis")
    return out


class SpeakerChart(LineList):
    """The ranked speakers as a bar chart, one row each, drawn only where visible."""

    BINDINGS = list_bindings("who.speakers", "List their quotes")

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[tuple[int, SpeakerStat]] = []
        self.largest = 0
        self.order = "quotes"
        self.dark = True

    def set_rows(self, rows: list[tuple[int, SpeakerStat]], largest: int, order: str, dark: bool, empty: str) -> None:
        """Show ``(rank, speaker)`` rows with bars scaled to ``largest``."""
        self.rows, self.largest, self.order, self.dark = rows, largest, order, dark
        self.empty_text = empty
        self.set_row_count(len(rows))

    def render_row(self, index: int, width: int) -> Text:
        rank, stat = self.rows[index]
        return speaker_line(rank, stat, self.largest, self.order, self.dark, width)


class WhoQuotedScreen(Screen[tuple[str, int] | None]):
    """Speakers ranked by quotes or by articles; their quotes, deduplicated, with sources.

    Dismisses with ``(article_id, quote_start)`` for the chosen quote, or None.
    """

    CSS_PATH = "who_quoted.tcss"
    BINDINGS = [
        Binding("escape", "close", "Back", id="who.close"),
        Binding("o", "toggle_order", "Rank by quotes/articles", id="who.order"),
        Binding("f", "find", "Find speaker", id="who.find"),
        Binding("tab", "app.focus_next", "Switch list", show=False, id="who.focus_next"),
        Binding("shift+tab", "app.focus_previous", "Switch list back", show=False, id="who.focus_previous"),
    ]

    def __init__(self, stats: CorpusStats) -> None:
        super().__init__()
        self.stats = stats
        self.order = "quotes"
        self.filter = ""
        self.shown: list[SpeakerStat] = []
        self.groups: list[QuoteGroup] = []
        self.shown_groups: list[QuoteGroup] = []
        self.quote_filter = ""
        self.speaker: str | None = None
        self._ranked: dict[str, list[SpeakerStat]] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="who-heading")
        with Horizontal(id="who-body"):
            with Vertical(id="who-left"):
                yield Input(placeholder="Find a speaker…", id="who-filter")
                yield SpeakerChart(id="who-speakers")
            with Vertical(id="who-right"):
                yield Static(Text("Choose a speaker to see their quotes", style="dim"), id="who-quotes-title")
                yield Input(placeholder="Find words in these quotes…", id="who-quote-filter")
                yield OptionList(id="who-quotes")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#who-filter").display = False
        self.query_one("#who-quote-filter").display = False
        self._fill_speakers()
        self.query_one("#who-speakers").focus()

    def _dark(self) -> bool:
        return bool(getattr(self.app.current_theme, "dark", True))

    def ranked(self) -> list[SpeakerStat]:
        """All speakers in the current order (computed once per order)."""
        if self.order not in self._ranked:
            self._ranked[self.order] = self.stats.speakers(by=self.order)
        return self._ranked[self.order]

    def _fill_speakers(self) -> None:
        ranked = self.ranked()
        needle = self.filter.casefold()
        rows = [(i + 1, s) for i, s in enumerate(ranked) if needle in s.name.casefold()] if needle else list(enumerate(ranked, 1))
        self.shown = [s for _, s in rows]
        largest = max((s.quotes if self.order == "quotes" else s.articles for s in ranked[:1]), default=0)
        empty = "No quoted speakers" + (" match" if needle else " yet")
        self.query_one(SpeakerChart).set_rows(rows, largest, self.order, self._dark(), empty)
        total = len(ranked)
        heading = Text()
        heading.append("Who is quoted", style="bold")
        heading.append(f" · {total} speakers in {len(self.stats.articles)} articles · ranked by {self.order}", style="dim")
        if needle:
            heading.append(f" · {len(rows)} matching “{sanitise(self.filter)}”", style="dim")
        self.query_one("#who-heading", Static).update(heading)

    # ------------------------------------------------------------------ speakers

    @on(LineList.Chosen, "#who-speakers")
    def _speaker_selected(self, event: LineList.Chosen) -> None:
        event.stop()
        self.show_speaker(self.shown[event.index].name)
        self.query_one("#who-quotes").focus()

    def show_speaker(self, name: str) -> None:
        """List ``name``'s quotes across the corpus, deduplicated, most widely carried first.

        Gathering and folding thousands of quotes (and reading the full cache the first
        time) happens in a thread; the list fills in when it is done.
        """
        self.speaker = name
        self.groups = []
        self.quote_filter = ""
        box = self.query_one("#who-quote-filter", Input)
        box.value = ""
        box.display = False
        title = Text(no_wrap=True, overflow="ellipsis")
        title.append(sanitise(name), style="bold")
        title.append(" · gathering quotes…", style="dim")
        self.query_one("#who-quotes-title", Static).update(title)
        self.query_one("#who-quotes", OptionList).clear_options()
        self._gather(name)

    @work(thread=True, exclusive=True, group="who-quotes")
    def _gather(self, name: str) -> None:
        groups = self.stats.quotes_of(name)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._gathered, name, groups)

    def _gathered(self, name: str, groups: list[QuoteGroup]) -> None:
        if name != self.speaker or not self.is_attached or not self.query("#who-quotes"):
            return  # another speaker chosen, or the screen closed while the worker gathered
        self.groups = groups
        self._fill_quotes()

    def _fill_quotes(self) -> None:
        dark = self._dark()
        needle = " ".join(self.quote_filter.casefold().split())
        matching = [g for g in self.groups if needle in " ".join(g.text.casefold().split())] if needle else self.groups
        self.shown_groups = matching[:TOP_QUOTES]
        quotes = self.query_one("#who-quotes", OptionList)
        quotes.clear_options()
        width = max(20, quotes.scrollable_content_region.width - 2)
        options: list[Option] = []
        for g, group in enumerate(self.shown_groups):
            options.append(Option(group_prompt(group, dark), id=f"q{g}"))
            if len({s.article_id for s in group.sources}) > 1:
                options.extend(Option(source_prompt(group, k, width), id=f"q{g}.{k}") for k in range(len(group.sources)))
        if len(matching) > len(self.shown_groups):
            more = len(matching) - len(self.shown_groups)
            options.append(Option(Text(f"… {more} more quotes: press f to find words in them", style="dim"), disabled=True))
        if not options:
            options.append(Option(Text("No quotes" + (" match" if needle else ""), style="dim"), disabled=True))
        quotes.add_options(options)
        quotes.highlighted = 0 if self.shown_groups else None
        name = self.speaker or ""
        copies = sum(len(g.sources) for g in self.groups)
        title = Text(no_wrap=True, overflow="ellipsis")
        title.append(sanitise(name), style=Style(bold=True, color=colors.speaker_color(name, dark)))
        title.append(f" · {len(self.groups)} distinct quotes · {copies} in all articles", style="dim")
        if needle:
            title.append(f" · {len(matching)} with “{sanitise(self.quote_filter)}”", style="dim")
        self.query_one("#who-quotes-title", Static).update(title)

    @on(OptionList.OptionSelected, "#who-quotes")
    def _quote_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if not option_id.startswith("q"):
            return
        g, _, k = option_id[1:].partition(".")
        source = self.shown_groups[int(g)].sources[int(k) if k else 0]
        self.dismiss((source.article_id, source.start))

    # ------------------------------------------------------------------ actions

    def action_toggle_order(self) -> None:
        """Rank by number of quotes, or by number of articles quoting the speaker."""
        self.order = "articles" if self.order == "quotes" else "quotes"
        self._fill_speakers()

    def action_find(self) -> None:
        """Type part of a name to filter the speakers (or words, to filter the quotes listed)."""
        if self.speaker is not None and self.query_one("#who-quotes").has_focus:
            box = self.query_one("#who-quote-filter", Input)
        else:
            box = self.query_one("#who-filter", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#who-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter = event.value.strip()
        self._fill_speakers()

    @on(Input.Submitted, "#who-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#who-speakers").focus()

    @on(Input.Changed, "#who-quote-filter")
    def _quote_filter_changed(self, event: Input.Changed) -> None:
        self.quote_filter = event.value.strip()
        self._fill_quotes()

    @on(Input.Submitted, "#who-quote-filter")
    def _quote_filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#who-quotes").focus()

    def action_close(self) -> None:
        """Leave: first the filter box or the quote list, then the screen."""
        box = self.query_one("#who-filter", Input)
        quote_box = self.query_one("#who-quote-filter", Input)
        if quote_box.has_focus or (quote_box.display and self.quote_filter and self.query_one("#who-quotes").has_focus):
            quote_box.value = ""
            quote_box.display = False
            self.query_one("#who-quotes").focus()
            return
        if self.query_one("#who-quotes").has_focus:
            self.query_one("#who-speakers").focus()
            return
        if box.has_focus or (box.display and self.filter):
            box.value = ""
            box.display = False
            self.query_one("#who-speakers").focus()
            return
        self.dismiss(None)
