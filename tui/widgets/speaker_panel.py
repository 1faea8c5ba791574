"""The speakers of the open article: quote counts and share bars; choosing one jumps to their quotes.

A line-API scroll view (one row per speaker, rendered only when visible), so opening an
article with a hundred speakers costs no more than one with three.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.binding import Binding

from annotations.text import sanitise
from tui import colors
from tui.messages import SpeakerChosen
from tui.widgets.line_list import LineList, list_bindings
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


class SpeakerPanel(LineList):
    """Every speaker of the article with their number of quotes and share of all quotes.

    Choosing a speaker (Enter or click) posts :class:`~tui.messages.SpeakerChosen`; the
    reader pane then moves the quote cursor to that speaker's next quote, so choosing
    again walks through all of them.
    """

    BINDINGS = [
        *list_bindings("speakers", "Jump to their next quote"),
        Binding("escape", "leave", "Back to text", show=False, id="speakers.leave"),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.speakers: list[tuple[str, int]] = []
        self.empty_text = "No speakers"
        self._total = 0
        self._dark = True

    def set_speakers(self, speakers: list[tuple[str, int]], dark: bool = True) -> None:
        """Show ``(name, quotes)`` rows, most quoted first ("" is the unattributed quotes)."""
        self.speakers = list(speakers)
        self._total = sum(c for _, c in speakers)
        self._dark = dark
        self.set_row_count(len(self.speakers))

    def rows(self) -> list[str]:
        """The rows as plain text."""
        return [speaker_row(n, c, self._total, self._dark).plain for n, c in self.speakers]

    def render_row(self, index: int, width: int) -> Text:
        name, count = self.speakers[index]
        return speaker_row(name, count, self._total, self._dark, max(6, min(24, width - BAR_WIDTH - 8)))

    def on_line_list_chosen(self, event: LineList.Chosen) -> None:
        event.stop()
        self.post_message(SpeakerChosen(self.speakers[event.index][0]))

    def action_leave(self) -> None:
        """Hand the focus back to the article text."""
        node = self.parent
        while node is not None and not hasattr(node, "focus_text"):
            node = node.parent
        if node is not None:
            node.focus_text()
