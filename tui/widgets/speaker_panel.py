"""The speakers of the open article: quote counts and share bars; choosing one jumps to their quotes."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from annotations.text import sanitise
from tui import colors
from tui.messages import SpeakerChosen
from tui.widgets.quote_panel import bar

BAR_WIDTH = 8


def speaker_row(name: str, count: int, total: int, dark: bool, name_width: int = 18) -> Text:
    """One row: colour swatch, name, share bar, count (all as Text, never markup)."""
    color = colors.speaker_color(name, dark)
    row = Text(no_wrap=True, overflow="ellipsis")
    row.append("● " if name else "○ ", style=Style(color=color) if color else Style(dim=True))
    label = " ".join(sanitise(name).split()) or "(unattributed)"
    if len(label) > name_width:
        label = label[: name_width - 1] + "…"
    row.append(label.ljust(name_width), style=Style(bold=True) if name else Style(italic=True))
    row.append(" ")
    row.append(bar(count / total if total else 0.0, BAR_WIDTH), style=Style(color=color) if color else Style(dim=True))
    row.append(f" {count}")
    return row


class SpeakerPanel(OptionList):
    """Every speaker of the article with their number of quotes and share of all quotes.

    Choosing a speaker (Enter or click) posts :class:`~tui.messages.SpeakerChosen`; the
    reader pane then moves the quote cursor to that speaker's next quote, so choosing
    again walks through all of them.
    """

    BINDINGS = [
        Binding("escape", "leave", "Back to text", show=False, id="speakers.leave"),
    ]

    DEFAULT_CSS = """
    SpeakerPanel {
        height: 1fr;
        border: none;
        padding: 0;
        background: $surface;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.speakers: list[tuple[str, int]] = []

    def set_speakers(self, speakers: list[tuple[str, int]], dark: bool = True) -> None:
        """Show ``(name, quotes)`` rows, most quoted first ("" is the unattributed quotes)."""
        self.speakers = list(speakers)
        total = sum(c for _, c in speakers)
        self.clear_options()
        if not speakers:
            self.add_option(Option(Text("No speakers", style="dim"), disabled=True))
            return
        width = max(8, min(18, self.size.width - BAR_WIDTH - 8 if self.size.width else 18))
        self.add_options(Option(speaker_row(name, count, total, dark, width), id=f"speaker-{i}") for i, (name, count) in enumerate(speakers))
        self.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if option_id.startswith("speaker-"):
            name, _ = self.speakers[int(option_id.removeprefix("speaker-"))]
            self.post_message(SpeakerChosen(name))

    def action_leave(self) -> None:
        """Hand the focus back to the article text."""
        from tui.widgets.reader import ArticleReader

        parent = self.parent
        while parent is not None and not hasattr(parent, "focus_text"):
            parent = parent.parent
        if parent is not None:
            parent.focus_text()
        else:
            readers = self.screen.query(ArticleReader)
            if readers:
                readers.first().focus()
