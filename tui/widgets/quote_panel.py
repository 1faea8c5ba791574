"""The side panel describing the current quote: speaker, kind, cue, confidence, tags, note."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from annotations.model import Quote
from annotations.text import sanitise
from tui import colors


@dataclass(frozen=True, slots=True)
class QuoteAnnotation:
    """What the user added to one quote: tags, a note, and whether it was reviewed."""

    tags: tuple[str, ...] = ()
    note: str = ""
    reviewed: bool = False

    @classmethod
    def coerce(cls, value: QuoteAnnotation | Mapping | None) -> QuoteAnnotation:
        """Accept an annotation or a plain mapping with ``tags``/``note``/``reviewed`` keys."""
        if isinstance(value, QuoteAnnotation):
            return value
        if not value:
            return cls()
        tags = value.get("tags") or ()
        return cls(tuple(str(t) for t in tags), str(value.get("note") or ""), bool(value.get("reviewed", False)))


@dataclass(slots=True)
class QuoteInfo:
    """Everything the panel shows about one quote."""

    quote: Quote
    number: int  # 1-based place in reading order
    total: int
    annotation: QuoteAnnotation = field(default_factory=QuoteAnnotation)


def bar(fraction: float, width: int) -> str:
    """A horizontal bar of ``width`` cells filled to ``fraction`` with eighth-block precision."""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (" ▏▎▍▌▋▊▉"[part] if part else "")).ljust(width, "·")[:width]


class QuotePanel(Static):
    """Shows the current quote's speaker, kind, cue, confidence, tags and note.

    Everything shown is built as ``rich.text.Text``: quote text, speaker names, tags and
    notes are data and are never parsed as markup.
    """

    DEFAULT_CSS = """
    QuotePanel {
        height: auto;
        max-height: 50%;
        padding: 0 1;
        border-bottom: solid $panel;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.info: QuoteInfo | None = None
        self.quote_count = 0

    def show_quote(self, info: QuoteInfo | None, *, quote_count: int = 0) -> None:
        """Describe ``info`` (None: say how many quotes there are and how to reach them)."""
        self.info = info
        self.quote_count = quote_count if info is None else info.total
        self.update(self.describe())

    def describe(self) -> Text:
        """The panel's content as text (also handy in tests)."""
        dark = _dark(self)
        info = self.info
        out = Text()
        if info is None:
            out.append("Quote\n", style="bold")
            if self.quote_count:
                out.append(f"{self.quote_count} quotes. Press ] for the next one.", style="dim")
            else:
                out.append("No quotes found.", style="dim")
            return out
        q = info.quote
        out.append(f"Quote {info.number} of {info.total}\n", style="bold")
        out.append("Speaker    ", style="dim")
        color = colors.speaker_color(q.speaker, dark)
        out.append(sanitise(q.speaker) if q.speaker else "(unattributed)", style=Style(bold=True, color=color) if q.speaker else Style(italic=True))
        out.append("\nKind       ", style="dim")
        out.append(sanitise(q.kind), style=colors.KIND_STYLES.get(q.kind, Style()))
        out.append(f" ({colors.KIND_LEGEND.get(q.kind, '')})", style="dim")
        out.append("\nCue        ", style="dim")
        out.append(sanitise(q.cue) if q.cue else "—")
        out.append("\nConfidence ", style="dim")
        out.append(f"{bar(q.confidence, 10)} {q.confidence:.0%}")
        ann = info.annotation
        out.append("\nTags       ", style="dim")
        out.append(sanitise(", ".join(ann.tags)) if ann.tags else "—")
        out.append("\nReviewed   ", style="dim")
        out.append("yes" if ann.reviewed else "no")
        if ann.note:
            out.append("\nNote\n", style="dim")
            out.append(sanitise(ann.note))
        excerpt = " ".join(sanitise(q.text).split())
        if len(excerpt) > 280:
            excerpt = excerpt[:279] + "…"
        out.append("\n“", style="dim")
        out.append(excerpt, style=colors.quote_style(q.kind, q.speaker, dark))
        out.append("”", style="dim")
        return out


def _dark(widget: Static) -> bool:
    try:
        return bool(widget.app.current_theme.dark)
    except Exception:  # not mounted in a running app
        return True
