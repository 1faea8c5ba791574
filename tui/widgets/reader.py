"""The article text with its highlights: a line-API scroll view that renders only what shows.

Like toolong's ``LogLines``, :class:`ArticleReader` never builds a widget per paragraph and
never hands the whole article to Rich.  The text is word-wrapped into ``(start, end)``
offset pairs per width (:class:`WrapLayout`), each visible line is turned into a
``rich.text.Text`` styled from the precomputed :class:`~annotations.spans.SpanIndex`,
and rendered strips are cached until something they show changes.  Long articles are
wrapped lazily, block by block, so a 1 MB paragraph or a 16 MB article opens at once.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len, get_character_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from annotations.spans import LAYERS, SpanIndex
from tui import colors

#: Cells reserved left of the text: the quote cursor mark and the indirect-quote mark.
GUTTER = 2
#: Articles up to this many characters are wrapped whole on open (exact scroll heights).
EAGER_CHARS = 300_000
#: Longer paragraphs are wrapped in blocks of about this many characters, lazily.
BLOCK_CHARS = 16_000
#: C0/C1 controls shown as U+FFFD even if an unsanitised text reaches the reader.
_CONTROLS = {c: "\ufffd" for c in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]}
_CONTROLS[0x09] = " "  # a tab is one cell here, so offsets and cells stay aligned
_WORD = re.compile(r"\S+")


_LINE_PATTERNS: dict[int, re.Pattern[str]] = {}


def _line_pattern(width: int) -> re.Pattern[str]:
    """A line of at most ``width`` one-cell characters ending at a word end, else a cut word."""
    pattern = _LINE_PATTERNS.get(width)
    if pattern is None:
        body = rf"\S(?:.{{0,{width - 2}}}\S)?(?=\s|$)|\S{{{width}}}" if width > 1 else r"\S"
        pattern = _LINE_PATTERNS[width] = re.compile(body)
    return pattern


def wrap_range(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap of ``text[start:end]`` to ``width`` cells, as ``(start, end)`` offsets.

    Newlines are hard breaks; whitespace at line ends is dropped; a word wider than a
    line is cut.  Always returns at least one (possibly empty) line.  ASCII text (one
    cell per character) is wrapped by one regular expression, in C; other text word by
    word with Rich's cell widths.
    """
    width = max(1, width)
    if text.isascii() if end - start == len(text) else text[start:end].isascii():
        lines = [m.span() for m in _line_pattern(width).finditer(text, start, end)]
        return lines or [(start, start)]
    return wrap_words(text, start, end, width)


def wrap_words(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """:func:`wrap_range` word by word, measuring cells (for text with wide characters)."""
    width = max(1, width)
    lines: list[tuple[int, int]] = []
    seg = start
    while seg <= end:
        nl = text.find("\n", seg, end)
        seg_end = end if nl == -1 else nl
        line_start = -1
        col = 0
        last = seg
        for m in _WORD.finditer(text, seg, seg_end):
            ws, we = m.span()
            word = m.group()
            wlen = (we - ws) if word.isascii() else cell_len(word)
            if line_start >= 0:
                gap = ws - last
                if col + gap + wlen <= width:
                    col += gap + wlen
                    last = we
                    continue
                lines.append((line_start, last))
            while wlen > width:  # a word longer than a line: cut it
                cut, cells = ws, 0
                while cut < we:
                    size = get_character_cell_size(text[cut])
                    if cells + size > width:
                        break
                    cells += size
                    cut += 1
                cut = max(cut, ws + 1)
                lines.append((ws, cut))
                ws = cut
                wlen = cell_len(text[ws:we])
            line_start, col, last = ws, wlen, we
        if line_start >= 0:
            lines.append((line_start, last))
        if nl == -1:
            break
        seg = nl + 1
    return lines or [(start, start)]


class WrapLayout:
    """The article's lines at one width: blocks of text, wrapped on demand.

    A *block* is a paragraph, or a piece of a very long one.  Every paragraph but the
    last is followed by one blank line.  Until a block is wrapped its height is an
    estimate; :meth:`ensure` replaces it with the real one.
    """

    def __init__(self, text: str, paragraphs: Sequence[tuple[int, int]], width: int) -> None:
        self.text = text
        self.width = max(1, width)
        blocks: list[tuple[int, int, bool]] = []
        for n, (a, b) in enumerate(paragraphs):
            last_para = n == len(paragraphs) - 1
            pos = a
            while b - pos > BLOCK_CHARS:
                cut = text.rfind(" ", pos + BLOCK_CHARS // 2, pos + BLOCK_CHARS)
                cut = cut if cut > pos else pos + BLOCK_CHARS
                blocks.append((pos, cut, False))
                pos = cut
            blocks.append((pos, b, not last_para))
        self.blocks = blocks
        self.block_starts = [b[0] for b in blocks]
        self.lines: list[list[tuple[int, int]] | None] = [None] * len(blocks)
        # Until wrapped, a block is guessed a little taller than its characters fill (word wrap wastes some).
        per_line = self.width / 1.12
        self.heights = [int(-(-(b - a) // per_line)) + blank if b > a else 1 + blank for a, b, blank in blocks]
        self._prefix: list[int] = []
        self._dirty = True
        if len(text) <= EAGER_CHARS:
            for i in range(len(blocks)):
                self.ensure(i)

    def _refresh(self) -> None:
        if self._dirty:
            self._prefix = [0, *accumulate_heights(self.heights)]
            self._dirty = False

    @property
    def total(self) -> int:
        """Number of lines (exact once every block is wrapped)."""
        self._refresh()
        return self._prefix[-1]

    @property
    def exact(self) -> bool:
        """True when every block has been wrapped."""
        return all(lines is not None for lines in self.lines)

    def ensure(self, i: int) -> bool:
        """Wrap block ``i``; True when its height changed (line numbers after it moved)."""
        if self.lines[i] is not None:
            return False
        a, b, blank = self.blocks[i]
        lines = wrap_range(self.text, a, b, self.width)
        self.lines[i] = lines
        height = len(lines) + blank
        changed = height != self.heights[i]
        self.heights[i] = height
        self._dirty = self._dirty or changed
        return changed

    def block_of_line(self, y: int) -> int:
        """Index of the block holding line ``y``."""
        self._refresh()
        return max(0, min(len(self.blocks) - 1, bisect_right(self._prefix, y) - 1))

    def line(self, y: int) -> tuple[int, int] | None:
        """Offsets of line ``y``; None for a blank line or past the end."""
        if not self.blocks or y < 0:
            return None
        i = self.block_of_line(y)
        self.ensure(i)
        self._refresh()
        i = self.block_of_line(y)
        self.ensure(i)
        lines = self.lines[i]
        assert lines is not None
        k = y - self._prefix[i]
        return lines[k] if 0 <= k < len(lines) else None

    def line_of(self, offset: int) -> int:
        """The line showing ``offset`` (or the nearest line before it)."""
        if not self.blocks:
            return 0
        i = max(0, bisect_right(self.block_starts, offset) - 1)
        self.ensure(i)
        self._refresh()
        lines = self.lines[i]
        assert lines is not None
        k = max(0, bisect_right([a for a, _ in lines], offset) - 1)
        return self._prefix[i] + k

    def offset_of_line(self, y: int) -> int:
        """The first offset shown on line ``y`` (for keeping the place across a re-wrap)."""
        if not self.blocks:
            return 0
        i = self.block_of_line(y)
        span = self.line(y)
        return span[0] if span else self.blocks[i][0]


def accumulate_heights(heights: Iterable[int]) -> list[int]:
    """Running totals of ``heights``."""
    from itertools import accumulate

    return list(accumulate(heights))


class ArticleReader(ScrollView, can_focus=True):
    """Scrollable, highlighted article text with a quote cursor and in-article search.

    The reader draws; :class:`~tui.widgets.reader_pane.ReaderPane` decides which quote is
    current and tells the reader through :meth:`set_current`.
    """

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False, id="reader.down"),
        Binding("k", "scroll_up", "Up", show=False, id="reader.up"),
        Binding("g", "scroll_home", "Top", show=False, id="reader.top"),
        Binding("G", "scroll_end", "Bottom", show=False, id="reader.bottom"),
        Binding("space", "page_down", "Page down", show=False, id="reader.page_down"),
        Binding("b", "page_up", "Page up", show=False, id="reader.page_up"),
    ]

    DEFAULT_CSS = """
    ArticleReader {
        scrollbar-gutter: stable;
        overflow-x: hidden;
        overflow-y: auto;
        background: $surface;
    }
    ArticleReader:focus {
        background-tint: $foreground 3%;
    }
    """

    #: Highlight layers drawn (a subset of :data:`annotations.spans.LAYERS`).
    layers: reactive[frozenset[str]] = reactive(frozenset(LAYERS), init=False)

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.index: SpanIndex | None = None
        self.current: int | None = None
        self.current_match: int | None = None
        self._layout: WrapLayout | None = None
        self._strips: LRUCache[int, Strip] = LRUCache(1024)
        self._pending_y: int | None = None
        self._base: Style | None = None  # the widget's own style, looked up once per style change

    # ------------------------------------------------------------------ content

    @property
    def text(self) -> str:
        return self.index.text if self.index is not None else ""

    def load(self, index: SpanIndex | None, *, scroll_y: int = 0) -> None:
        """Show the text of ``index`` from line ``scroll_y`` (None shows nothing)."""
        self.index = index
        self.current = None
        self.current_match = None
        self._layout = None
        self._strips.clear()
        self._pending_y = scroll_y
        self._relayout()
        self.refresh()

    def replace_index(self, index: SpanIndex) -> None:
        """Swap the span index for one of the same text (a new analysis), keeping the place."""
        query = self.index.query if self.index is not None else ""
        self.index = index
        if query:
            index.search(query)
        self.current = None
        self.current_match = None
        self._strips.clear()
        self.refresh()

    def _content_width(self) -> int:
        return max(8, self.scrollable_content_region.width - GUTTER)

    def _relayout(self) -> None:
        """(Re)wrap for the current width, keeping the top line's text in view."""
        if self.index is None or not self.size.width:
            self._layout = None
            self.virtual_size = Size(0, 0)
            return
        width = self._content_width()
        old = self._layout
        if old is not None and old.width == width and old.text is self.index.text:
            return
        anchor = old.offset_of_line(self.scroll_offset.y) if old is not None and old.text is self.index.text else None
        self._layout = WrapLayout(self.index.text, self.index.paragraphs, width)
        self._strips.clear()
        self.virtual_size = Size(width + GUTTER, self._layout.total)
        if self._pending_y is not None:
            y, self._pending_y = self._pending_y, None
            self.scroll_to(y=y, animate=False, force=True)
        elif anchor is not None:
            self.scroll_to(y=self._layout.line_of(anchor), animate=False, force=True)

    def on_resize(self) -> None:
        self._relayout()

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, _theme: object) -> None:
        self._base = None
        self._strips.clear()
        self.refresh()

    def watch_layers(self) -> None:
        self._strips.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base = None
        self._strips.clear()

    @dataclass
    class Clicked(Message):
        """The user clicked the text at ``offset`` (a ``str`` offset into the article)."""

        reader: ArticleReader
        offset: int

    def offset_at(self, x: int, y: int) -> int | None:
        """The text offset under screen cell ``(x, y)`` of this widget, or None off the text."""
        if self._layout is None:
            return None
        span = self._layout.line(self.scroll_offset.y + y)
        if span is None:
            return None
        start, end = span
        cells = x - GUTTER
        if cells < 0:
            return start
        pos = start
        for ch in self.text[start:end]:
            cells -= get_character_cell_size(ch)
            if cells < 0:
                return pos
            pos += 1
        return max(start, end - 1)

    def on_click(self, event: events.Click) -> None:
        offset = self.offset_at(event.x, event.y)
        if offset is not None:
            self.post_message(self.Clicked(self, offset))

    # ------------------------------------------------------------------ cursor and search

    def line_of(self, offset: int) -> int:
        """The line (from the top of the article) showing ``offset``."""
        self._relayout()
        if self._layout is None:
            return 0
        y = self._layout.line_of(offset)
        self._sync_height()
        return y

    def _sync_height(self) -> None:
        """Lazily wrapped blocks may have replaced height estimates: resize the scroll area."""
        layout = self._layout
        if layout is not None and layout.total != self.virtual_size.height:
            self._strips.clear()
            self.virtual_size = Size(self.virtual_size.width, layout.total)

    def action_scroll_down(self) -> None:
        """One line down, at once (an animated scroll loses key repeats mid-animation)."""
        self.scroll_to(y=self.scroll_offset.y + 1, animate=False, force=True)

    def action_scroll_up(self) -> None:
        """One line up, at once."""
        self.scroll_to(y=max(0, self.scroll_offset.y - 1), animate=False, force=True)

    def action_scroll_end(self) -> None:
        """Go to the end, wrapping the last blocks first so the end is exact."""
        layout = self._layout
        if layout is not None:
            height = max(1, self.scrollable_content_region.height)
            i, lines = len(layout.blocks) - 1, 0
            while i >= 0 and lines < height:
                layout.ensure(i)
                lines += layout.heights[i]
                i -= 1
            self._sync_height()
        self.scroll_to(y=self.virtual_size.height, animate=False, force=True)

    def _forget(self, start: int, end: int) -> None:
        """Drop the cached lines showing ``[start, end)`` (only they change when a cursor moves)."""
        if self._layout is None:
            return
        first, last = self._layout.line_of(start), self._layout.line_of(max(start, end - 1))
        if last - first > 2000:  # a huge span: cheaper to forget everything
            self._strips.clear()
            return
        for y in range(first, last + 1):
            self._strips.discard(y)

    def set_current(self, quote: int | None, *, scroll: bool = True) -> None:
        """Mark quote ``quote`` (index in reading order) as current and bring it into view."""
        if self.index is not None:
            for i in (self.current, quote):
                if i is not None and 0 <= i < len(self.index.quotes):
                    self._forget(self.index.quotes[i].start, self.index.quotes[i].end)
        self.current = quote
        self.refresh()
        if scroll and quote is not None and self.index is not None:
            q = self.index.quotes[quote]
            self.show_span(q.start, q.end)

    def show_span(self, start: int, end: int) -> None:
        """Scroll so that ``[start, end)`` is in view, a third of the way down when it was not."""
        if self._layout is None:
            self._relayout()
            if self._layout is None:
                self._pending_y = None
                return
        top, bottom = self.line_of(start), self.line_of(max(start, end - 1))
        height = max(1, self.scrollable_content_region.height)
        y0 = self.scroll_offset.y
        if top >= y0 and bottom < y0 + height:
            return
        target = top - height // 3 if bottom - top < height * 2 // 3 else top
        self.scroll_to(y=max(0, target), animate=False, force=True)

    def search(self, query: str) -> int:
        """Highlight every match of ``query`` and move to the first one after the top line."""
        if self.index is None:
            return 0
        count = self.index.search(query)
        self.current_match = None
        self._strips.clear()
        self.refresh()
        if count:
            top = self._layout.offset_of_line(self.scroll_offset.y) if self._layout is not None else 0
            self.goto_match(self.index.next_match(top - 1))
        return count

    def goto_match(self, i: int | None) -> None:
        """Make match ``i`` current and bring it into view."""
        if self.index is None or i is None or not self.index.matches:
            return
        if self.current_match is not None and self.current_match < len(self.index.matches):
            old = self.index.matches[self.current_match]
            self._forget(old.start, old.end)
        self.current_match = i
        span = self.index.matches[i]
        self._forget(span.start, span.end)
        self.refresh()
        self.show_span(span.start, span.end)

    def next_match(self, forward: bool = True) -> int | None:
        """Move to the next (or previous) match; returns its index."""
        if self.index is None or not self.index.matches:
            return None
        if self.current_match is None:
            top = self._layout.offset_of_line(self.scroll_offset.y) if self._layout is not None else 0
            i = self.index.next_match(top - 1) if forward else self.index.previous_match(top)
        else:
            here = self.index.matches[self.current_match].start
            i = self.index.next_match(here) if forward else self.index.previous_match(here)
        self.goto_match(i)
        return i

    # ------------------------------------------------------------------ rendering

    def _dark(self) -> bool:
        try:
            return bool(self.app.current_theme.dark)
        except Exception:  # no app yet (rendered outside a running app)
            return True

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self._base
        if base is None:
            base = self._base = self.rich_style
        layout = self._layout
        if layout is None or self.index is None:
            return Strip.blank(width, base)
        line_no = self.scroll_offset.y + y
        strip = self._strips.get(line_no)
        if strip is None:
            before = layout.total
            strip = self.render_article_line(line_no, width, base)
            if layout.total != before:
                # Lazily wrapped blocks replaced estimates: line numbers moved.
                self._sync_height()
                strip = self.render_article_line(line_no, width, base)
            self._strips[line_no] = strip
        return strip

    def render_article_line(self, line_no: int, width: int, base: Style) -> Strip:
        """Render line ``line_no`` of the article (gutter marks, text, highlights)."""
        layout, index = self._layout, self.index
        assert layout is not None and index is not None
        span = layout.line(line_no)
        if span is None:
            return Strip.blank(width, base)
        start, end = span
        dark = self._dark()
        text = Text(index.text[start:end].translate(_CONTROLS), style=base, no_wrap=True, end="")
        spans = index.spans_in(start, end, self.layers) if end > start else []
        cursor_mark, side_mark = " ", " "
        mark_style = base
        side_style = base
        current = index.quotes[self.current] if self.current is not None else None
        for s in spans:
            a, b = max(s.start, start) - start, min(s.end, end) - start
            if s.role == "match":
                is_current = self.current_match is not None and index.matches[self.current_match] == s
                style = colors.CURRENT_MATCH_STYLE if is_current else colors.MATCH_STYLE
            else:
                style = colors.span_style(s, dark)
                if s.role == "quote" and s.kind == "indirect":
                    side_mark = colors.INDIRECT_MARK
                    side_style = base + Style(color=colors.speaker_color(s.speaker, dark))
            text.stylize(style, a, b)
        if current is not None and current.start < end and current.end > start:
            text.stylize(colors.CURRENT_QUOTE_STYLE, max(current.start, start) - start, min(current.end, end) - start)
            cursor_mark = colors.CURSOR_MARK if current.start >= start else colors.CURSOR_CONTINUED
            mark_style = base + Style(bold=True)
        gutter = [Segment(cursor_mark, mark_style), Segment(side_mark, side_style)]
        # Every segment gets a style: Textual's NO_COLOR filter cannot handle a None style.
        body = [seg if seg.style is not None else Segment(seg.text, base, seg.control) for seg in text.render(self.app.console)]
        return Strip([*gutter, *body]).adjust_cell_length(width, base)
