"""A keyboard list of one-line rows drawn on demand (line API): cost independent of its length."""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip


def list_bindings(prefix: str, choose: str) -> list[Binding]:
    """Cursor keys for a :class:`LineList`, with binding ids under ``prefix`` (for keymaps and help)."""
    return [
        Binding("down,j", "cursor_down", "Down", show=False, id=f"{prefix}.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id=f"{prefix}.up"),
        Binding("home,g", "first", "First", show=False, id=f"{prefix}.first"),
        Binding("end,G", "last", "Last", show=False, id=f"{prefix}.last"),
        Binding("pagedown", "page_down_rows", "Page down", show=False, id=f"{prefix}.page_down"),
        Binding("pageup", "page_up_rows", "Page up", show=False, id=f"{prefix}.page_up"),
        Binding("enter", "choose", choose, id=f"{prefix}.choose"),
    ]


class LineList(ScrollView, can_focus=True):
    """Rows of text, one line each, with a cursor; only the visible rows are ever rendered.

    Subclasses implement :meth:`render_row` and set ``BINDINGS`` from
    :func:`list_bindings`.  Enter or a click posts :class:`LineList.Chosen`.
    """

    COMPONENT_CLASSES = {"line-list--cursor"}

    DEFAULT_CSS = """
    LineList {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
        background: $surface;
    }
    LineList > .line-list--cursor {
        background: $boost;
        text-style: bold;
    }
    LineList:focus > .line-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    """

    @dataclass
    class Chosen(Message):
        """Row ``index`` of ``line_list`` was chosen."""

        line_list: LineList
        index: int

        @property
        def control(self) -> LineList:
            """The list the row was chosen in (lets ``@on(..., "#id")`` match it)."""
            return self.line_list

    #: Index of the highlighted row.
    cursor: reactive[int] = reactive(0, init=False)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.row_count = 0
        #: Shown, dimmed, when there are no rows.
        self.empty_text = "Nothing here"

    def set_row_count(self, count: int) -> None:
        """Show ``count`` rows from the top, cursor on the first."""
        self.row_count = count
        self.set_reactive(LineList.cursor, 0)
        self.virtual_size = Size(0, max(1, count))
        self.scroll_to(y=0, animate=False, force=True)
        self.refresh()

    def render_row(self, index: int, width: int) -> Text:
        """The text of row ``index`` (override)."""
        raise NotImplementedError

    def row_text(self, index: int, width: int = 80) -> str:
        """Row ``index`` as plain text."""
        return self.render_row(index, width).plain

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        index = self.scroll_offset.y + y
        if not self.row_count:
            if index == 0:
                return Strip([Segment(f" {self.empty_text}", base + Style(dim=True))]).adjust_cell_length(width, base)
            return Strip.blank(width, base)
        if index >= self.row_count:
            return Strip.blank(width, base)
        row = self.render_row(index, width - 1)
        row.no_wrap = True
        row.end = ""
        row.stylize_before(base)
        if index == self.cursor:
            row.stylize(self.get_component_rich_style("line-list--cursor"))
        # Every segment gets a style: Textual's NO_COLOR filter cannot handle a None style.
        segments = [s if s.style is not None else Segment(s.text, base) for s in row.render(self.app.console)]
        return Strip([Segment(" ", base), *segments]).crop(0, width).adjust_cell_length(width, base)

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh()
        height = max(1, self.scrollable_content_region.height)
        if new < self.scroll_y:
            self.scroll_to(y=new, animate=False, force=True)
        elif new >= self.scroll_y + height:
            self.scroll_to(y=new - height + 1, animate=False, force=True)

    def move_to(self, index: int) -> None:
        """Put the cursor on row ``index`` (clamped)."""
        if self.row_count:
            self.cursor = max(0, min(self.row_count - 1, index))

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(self.row_count - 1)

    def action_page_down_rows(self) -> None:
        self.move_to(self.cursor + max(1, self.scrollable_content_region.height - 1))

    def action_page_up_rows(self) -> None:
        self.move_to(self.cursor - max(1, self.scrollable_content_region.height - 1))

    def action_choose(self) -> None:
        """Choose the highlighted row."""
        if 0 <= self.cursor < self.row_count:
            self.post_message(self.Chosen(self, self.cursor))

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y
        if 0 <= index < self.row_count:
            self.cursor = index
            self.action_choose()
