"""The speakers of the open article: quote counts and share bars; choosing one jumps to their quotes.

A line-API scroll view (one row per speaker, rendered only when visible), so opening an
article with a hundred speakers costs no more than one with three.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from annotations.text import sanitise
from tui import colors
from tui.messages import SpeakerChosen
from tui.widgets.quote_panel import bar

BAR_WIDTH = 8


def speaker_row(name: str, count: int, total: int, dark: bool, name_width: int = 18) -> Text:
    """One row: colour swatch, name, share bar, count (all as Text, never markup)."""
    color = colors.speaker_color(name, dark)
    row = Text(no_wrap=True, overflow="ellipsis", end="")
    row.append("● " if name else "○ ", style=Style(color=color) if color else Style(dim=True))
    label = " ".join(sanitise(name).split()) or "(unattributed)"
    if len(label) > name_width:
        label = label[: name_width - 1] + "…"
    row.append(label.ljust(name_width), style=Style(bold=True) if name else Style(italic=True))
    row.append(" ")
    row.append(bar(count / total if total else 0.0, BAR_WIDTH), style=Style(color=color) if color else Style(dim=True))
    row.append(f" {count}")
    return row


class SpeakerPanel(ScrollView, can_focus=True):
    """Every speaker of the article with their number of quotes and share of all quotes.

    Choosing a speaker (Enter or click) posts :class:`~tui.messages.SpeakerChosen`; the
    reader pane then moves the quote cursor to that speaker's next quote, so choosing
    again walks through all of them.
    """

    BINDINGS = [
        Binding("down,j", "cursor_down", "Next speaker", show=False, id="speakers.down"),
        Binding("up,k", "cursor_up", "Previous speaker", show=False, id="speakers.up"),
        Binding("home,g", "first", "First speaker", show=False, id="speakers.first"),
        Binding("end,G", "last", "Last speaker", show=False, id="speakers.last"),
        Binding("enter", "choose", "Jump to their next quote", id="speakers.choose"),
        Binding("escape", "leave", "Back to text", show=False, id="speakers.leave"),
    ]

    COMPONENT_CLASSES = {"speaker-panel--cursor"}

    DEFAULT_CSS = """
    SpeakerPanel {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
        background: $surface;
    }
    SpeakerPanel > .speaker-panel--cursor {
        background: $boost;
        text-style: bold;
    }
    SpeakerPanel:focus > .speaker-panel--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    """

    #: Index of the highlighted speaker.
    cursor: reactive[int] = reactive(0, init=False)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.speakers: list[tuple[str, int]] = []
        self._total = 0
        self._dark = True

    def set_speakers(self, speakers: list[tuple[str, int]], dark: bool = True) -> None:
        """Show ``(name, quotes)`` rows, most quoted first ("" is the unattributed quotes)."""
        self.speakers = list(speakers)
        self._total = sum(c for _, c in speakers)
        self._dark = dark
        self.set_reactive(SpeakerPanel.cursor, 0)
        self.virtual_size = Size(0, max(1, len(self.speakers)))
        self.scroll_to(y=0, animate=False, force=True)
        self.refresh()

    def rows(self) -> list[str]:
        """The rows as plain text (for tests and screen readers of the future)."""
        return [speaker_row(n, c, self._total, self._dark).plain for n, c in self.speakers]

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        index = int(self.scroll_y) + y
        if not self.speakers:
            if index == 0:
                return Strip([Segment(" No speakers", base + Style(dim=True))]).adjust_cell_length(width, base)
            return Strip.blank(width, base)
        if index >= len(self.speakers):
            return Strip.blank(width, base)
        name, count = self.speakers[index]
        name_width = max(6, min(24, width - BAR_WIDTH - 9))
        row = speaker_row(name, count, self._total, self._dark, name_width)
        row.stylize_before(base)
        if index == self.cursor:
            row.stylize(self.get_component_rich_style("speaker-panel--cursor"))
        segments = [seg if seg.style is not None else Segment(seg.text, base) for seg in row.render(self.app.console)]
        return Strip([Segment(" ", base), *segments]).adjust_cell_length(width, base)

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh()
        height = max(1, self.scrollable_content_region.height)
        if new < self.scroll_y:
            self.scroll_to(y=new, animate=False, force=True)
        elif new >= self.scroll_y + height:
            self.scroll_to(y=new - height + 1, animate=False, force=True)

    def _move(self, to: int) -> None:
        if self.speakers:
            self.cursor = max(0, min(len(self.speakers) - 1, to))

    def action_cursor_down(self) -> None:
        self._move(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self._move(self.cursor - 1)

    def action_first(self) -> None:
        self._move(0)

    def action_last(self) -> None:
        self._move(len(self.speakers) - 1)

    def action_choose(self) -> None:
        """Jump to the highlighted speaker's next quote."""
        if 0 <= self.cursor < len(self.speakers):
            self.post_message(SpeakerChosen(self.speakers[self.cursor][0]))

    def on_click(self, event: events.Click) -> None:
        index = int(self.scroll_y) + event.y
        if 0 <= index < len(self.speakers):
            self.cursor = index
            self.action_choose()

    def action_leave(self) -> None:
        """Hand the focus back to the article text."""
        node = self.parent
        while node is not None and not hasattr(node, "focus_text"):
            node = node.parent
        if node is not None:
            node.focus_text()
