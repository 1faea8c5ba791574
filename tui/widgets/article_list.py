"""The article list: a virtual, line-API list that stays fast for 10,000 articles.

Only the rows on screen are ever rendered, and a row's title is read from its file the
first time the row is shown, so opening a large folder costs one ``scandir``.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from annotations.library import Entry, Library


class ArticleList(ScrollView, can_focus=True):
    """Rows of articles: read mark, title, date, words, quotes, speakers, tags, source."""

    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="list.up"),
        Binding("g,home", "first", "Top", show=False, id="list.top"),
        Binding("G,end", "last", "Bottom", show=False, id="list.bottom"),
        Binding("pagedown,ctrl+f", "page_down", "Page down", show=False, id="list.page_down"),
        Binding("pageup,ctrl+b", "page_up", "Page up", show=False, id="list.page_up"),
        Binding("enter,l", "select", "Open", id="list.open"),
        Binding("u", "toggle_read", "Read/unread", id="list.toggle_read"),
    ]

    COMPONENT_CLASSES = {
        "article-list--cursor",
        "article-list--unread",
        "article-list--dim",
        "article-list--error",
        "article-list--tags",
    }

    DEFAULT_CSS = """
    ArticleList {
        background: $surface;
        scrollbar-gutter: stable;
    }
    ArticleList > .article-list--cursor { background: $accent 40%; }
    ArticleList:focus > .article-list--cursor { background: $accent; color: $text; }
    ArticleList > .article-list--unread { text-style: bold; }
    ArticleList > .article-list--dim { color: $text-muted; }
    ArticleList > .article-list--error { color: $error; }
    ArticleList > .article-list--tags { color: $secondary; }
    """

    cursor: reactive[int] = reactive(0, always_update=True)

    @dataclass
    class Highlighted(Message):
        """The cursor moved to another article."""

        index: int

    @dataclass
    class Selected(Message):
        """The user chose an article (Enter)."""

        index: int

    @dataclass
    class ToggleRead(Message):
        """The user asked to flip the read mark of an article."""

        index: int

    def __init__(self, library: Library, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self.library = library
        self.rows: list[int] = list(range(len(library)))
        self.read: set[str] = set()
        self.tags: dict[str, list[str]] = {}
        self.filter_text = ""
        self.tag_filter: str | None = None

    # ----------------------------------------------------------------- data

    def on_mount(self) -> None:
        self._update_size()

    def _update_size(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.rows))
        self.refresh()

    def on_resize(self) -> None:
        self._update_size()

    @property
    def current(self) -> int | None:
        """The library index under the cursor, or None when the list is empty."""
        if not self.rows:
            return None
        return self.rows[min(self.cursor, len(self.rows) - 1)]

    def set_filter(self, text: str, tag: str | None = None) -> None:
        """Show only articles whose title, file name, speakers or tags contain ``text``."""
        keep = self.current
        self.filter_text = text.strip().casefold()
        self.tag_filter = tag
        needle = self.filter_text
        rows = []
        for i, entry in enumerate(self.library.entries):
            if tag is not None and tag not in self.tags.get(entry.id or "", ()):
                continue
            if needle and not self._matches(entry, needle):
                continue
            rows.append(i)
        self.rows = rows
        self.cursor = rows.index(keep) if keep in rows else 0
        self._update_size()
        self._scroll_to_cursor()

    def _matches(self, entry: Entry, needle: str) -> bool:
        if needle.startswith("#"):  # "#tag": articles carrying a tag that starts so
            tag = needle[1:]
            return any(t.casefold().startswith(tag) for t in self.tags.get(entry.id or "", ()))
        hay = [entry.path.name, entry.display_title, *entry.speakers, *self.tags.get(entry.id or "", ())]
        return any(needle in h.casefold() for h in hay)

    def refresh_rows(self) -> None:
        """Redraw after metadata, read marks or tags changed."""
        self.refresh()

    def select_index(self, index: int) -> None:
        """Put the cursor on the article with library index ``index`` (if shown)."""
        if index in self.rows:
            self.cursor = self.rows.index(index)
            self._scroll_to_cursor()

    # ----------------------------------------------------------------- rendering

    def render_line(self, y: int) -> Strip:
        row = y + self.scroll_offset.y
        width = self.scrollable_content_region.width or self.size.width
        base = self.rich_style
        if row >= len(self.rows):
            return Strip.blank(width, base)
        entry = self.library.peek(self.rows[row])
        text = self._row_text(entry, width)
        text.truncate(width, overflow="ellipsis", pad=True)
        # One Strip per line: the row's own styles over the cursor or base style.
        under = base + self.get_component_rich_style("article-list--cursor") if row == self.cursor else base
        text.stylize_before(under)
        return Strip(text.render(self.app.console), width)

    def _row_text(self, entry: Entry, width: int) -> Text:
        read = entry.id is not None and entry.id in self.read
        mark = "  " if read else "● "
        date = entry.date or ""
        words = f"{entry.words:>6,}" if entry.words is not None else "      "
        quotes = f"{entry.quotes:>3}q" if entry.quotes is not None else "    "
        right = Text(no_wrap=True, overflow="ellipsis")
        tags = self.tags.get(entry.id or "", [])
        if entry.speakers and width >= 50:
            # The main speakers: full names when there is room, else surnames.
            names = entry.speakers[:2] if width > 100 else [_short_name(name) for name in entry.speakers[:2]]
            limit = 28 if width > 100 else 14
            speakers = ", ".join(names)
            speakers = speakers if len(speakers) <= limit else speakers[: limit - 1] + "…"
            right.append(f" {speakers:<{limit}}", self.get_component_rich_style("article-list--dim"))
        if tags:
            right.append(" #" + " #".join(tags)[:30], self.get_component_rich_style("article-list--tags"))
        meta = f" {date:>10} {words} {quotes}" if width > 80 else f" {quotes}"
        right.append(meta, self.get_component_rich_style("article-list--dim"))
        if width > 110:
            right.append(f"  {entry.path.name[:24]:<24}", self.get_component_rich_style("article-list--dim"))
        title_width = max(8, width - len(mark) - right.cell_len - 1)
        title_style = Style()
        if entry.error:
            title_style = self.get_component_rich_style("article-list--error")
        elif not read:
            title_style = self.get_component_rich_style("article-list--unread")
        title = Text(entry.display_title if not entry.error else f"{entry.path.name}: {entry.error}", style=title_style)
        title.truncate(title_width, overflow="ellipsis", pad=True)
        line = Text(no_wrap=True)
        line.append(mark, self.get_component_rich_style("article-list--unread") if not read else Style())
        line.append_text(title)
        line.append(" ")
        line.append_text(right)
        return line

    # ----------------------------------------------------------------- movement

    def watch_cursor(self, old: int, new: int) -> None:
        if self.rows:
            self.post_message(self.Highlighted(self.rows[min(new, len(self.rows) - 1)]))
        self.refresh()

    def _move(self, row: int) -> None:
        if not self.rows:
            return
        self.cursor = max(0, min(row, len(self.rows) - 1))
        self._scroll_to_cursor()

    def _scroll_to_cursor(self) -> None:
        height = self.scrollable_content_region.height or 1
        top = self.scroll_offset.y
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)

    def action_cursor_down(self) -> None:
        self._move(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self._move(self.cursor - 1)

    def action_first(self) -> None:
        self._move(0)

    def action_last(self) -> None:
        self._move(len(self.rows) - 1)

    def action_page_down(self) -> None:
        self._move(self.cursor + max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        self._move(self.cursor - max(1, self.scrollable_content_region.height - 1))

    def action_select(self) -> None:
        if self.current is not None:
            self.post_message(self.Selected(self.current))

    def action_toggle_read(self) -> None:
        if self.current is not None:
            self.post_message(self.ToggleRead(self.current))

    def on_click(self, event) -> None:
        row = event.y + self.scroll_offset.y
        if 0 <= row < len(self.rows):
            self.cursor = row
            if event.chain >= 2:
                self.action_select()

    def visible_indexes(self) -> list[int]:
        """Library indexes of the rows currently on screen."""
        top = self.scroll_offset.y
        return self.rows[top : top + (self.scrollable_content_region.height or 40)]


def _short_name(speaker: str) -> str:
    """A person's surname ("Dana Roe" -> "Roe"); a description stays whole ("a person close
    to the family" is not "family")."""
    words = speaker.split()
    if 1 < len(words) <= 4 and all(w[:1].isupper() for w in words):
        return words[-1]
    return speaker
