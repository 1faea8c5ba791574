"""Select a span of an article's text with the keyboard, to add a missed quote or mark a span."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, TextArea


@dataclass(frozen=True, slots=True)
class SpanChoice:
    """What the user selected and what they want it to be."""

    start: int
    end: int
    action: str  # "quote" | "span"


class SelectSpanScreen(ModalScreen[SpanChoice | None]):
    """Shows a passage read-only; Shift+arrows (Ctrl for words) select; ``Enter`` adds a quote, ``m`` marks a span."""

    DEFAULT_CSS = """
    SelectSpanScreen { align: center middle; }
    SelectSpanScreen > Vertical { width: 100; max-width: 100%; height: 80%; border: thick $accent; background: $surface; }
    SelectSpanScreen TextArea { height: 1fr; }
    SelectSpanScreen Label { height: auto; padding: 0 1; }
    """
    BINDINGS = [
        Binding("enter", "choose('quote')", "Add as quote", priority=True, id="select.quote"),
        Binding("m", "choose('span')", "Mark span", priority=True, id="select.span"),
        Binding("escape", "cancel", "Cancel", priority=True, id="select.cancel"),
    ]

    def __init__(self, text: str, offset: int, selection: tuple[int, int] | None = None) -> None:
        super().__init__()
        self.passage = text
        self.passage_start = offset  # where the passage starts in the article
        self.initial = selection

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text("Select with Shift+arrows (Shift+Ctrl+arrows by word). Enter: add as quote · m: mark span · Esc: cancel"))
            yield TextArea(self.passage, read_only=True, soft_wrap=True, show_line_numbers=False, id="passage")
        yield Footer()

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        if self.initial:
            start, end = self.initial
            area.selection = area.selection.__class__(self._location(start - self.passage_start), self._location(end - self.passage_start))

    def _location(self, index: int) -> tuple[int, int]:
        before = self.passage[: max(0, min(index, len(self.passage)))]
        row = before.count("\n")
        return row, len(before) - (before.rfind("\n") + 1)

    def _index(self, location: tuple[int, int]) -> int:
        row, column = location
        lines = self.passage.split("\n")
        return sum(len(line) + 1 for line in lines[:row]) + column

    def selected_span(self) -> tuple[int, int] | None:
        """The selection as article offsets, trimmed of surrounding whitespace (None if empty)."""
        selection = self.query_one(TextArea).selection
        a, b = sorted((self._index(selection.start), self._index(selection.end)))
        while a < b and self.passage[a].isspace():
            a += 1
        while b > a and self.passage[b - 1].isspace():
            b -= 1
        return (a + self.passage_start, b + self.passage_start) if b > a else None

    def action_choose(self, action: str) -> None:
        span = self.selected_span()
        if span is None:
            self.notify("Select some text first (Shift+arrows).", severity="warning", markup=False)
            return
        self.dismiss(SpanChoice(span[0], span[1], action))

    def action_cancel(self) -> None:
        self.dismiss(None)
