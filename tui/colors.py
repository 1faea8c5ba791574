"""Colours and styles of the reader's highlights.

Each speaker keeps one hue across the whole corpus: the hue is picked by a stable hash of
the normalised name (not Python's salted ``hash``), so a speaker is the same colour in every
article and every run.  Each hue has a light tint for dark themes and a deep shade for
light themes, both with at least 4.5:1 contrast on the built-in theme backgrounds.

Colour is never the only cue: quote kinds differ by text style (direct **bold**, partial
*italic*, indirect underlined plus a bar in the left gutter) and the current quote is
shown reversed, so the reader works with ``NO_COLOR``, in monochrome and for colour-blind
users.
"""

from __future__ import annotations

import zlib

from rich.style import Style

from annotations.spans import Span, normalise_name

#: (name, tint for dark backgrounds, shade for light backgrounds), one entry per hue.
PALETTE: tuple[tuple[str, str, str], ...] = (
    ("red", "#ffa59e", "#b3261e"),
    ("orange", "#ffb86b", "#8a4200"),
    ("yellow", "#f2d46b", "#6f5a00"),
    ("green", "#9bd67a", "#2e6b17"),
    ("teal", "#6fd6c8", "#00695c"),
    ("cyan", "#74cdf0", "#00607a"),
    ("blue", "#94b4ff", "#1f4fbf"),
    ("violet", "#c5a3ff", "#6a36b8"),
    ("magenta", "#f59ad8", "#9c1f7a"),
    ("brown", "#d9b48f", "#7a4a1f"),
)

#: The left-gutter mark of a line carrying an indirect (reported) quote.
INDIRECT_MARK = "▎"
#: The left-gutter mark of the first line of the current quote and of its other lines.
CURSOR_MARK = "▶"
CURSOR_CONTINUED = "│"


def speaker_hue(name: str | None) -> int | None:
    """Index into :data:`PALETTE` for ``name``; None for an unattributed quote."""
    if not name or not name.strip():
        return None
    return zlib.crc32(normalise_name(name).encode("utf-8", "surrogatepass")) % len(PALETTE)


def speaker_color(name: str | None, dark: bool = True) -> str | None:
    """The colour of ``name`` on a dark or a light background (None when unattributed)."""
    hue = speaker_hue(name)
    if hue is None:
        return None
    _, tint, shade = PALETTE[hue]
    return tint if dark else shade


#: Text style of each quote kind, with no colour: these alone tell the kinds apart.
KIND_STYLES = {
    "direct": Style(bold=True),
    "partial": Style(italic=True),
    "indirect": Style(underline=True),
}
#: What the kind styles look like, for the help text and the side panel.
KIND_LEGEND = {"direct": "bold", "partial": "italic", "indirect": "underlined, ▎ in the margin"}


def quote_style(kind: str | None, speaker: str | None, dark: bool = True) -> Style:
    """The style of a quote of ``kind`` by ``speaker``."""
    base = KIND_STYLES.get(kind or "direct", KIND_STYLES["direct"])
    color = speaker_color(speaker, dark)
    return base + Style(color=color) if color else base


def span_style(span: Span, dark: bool = True) -> Style:
    """The style of one span of the span index."""
    role = span.role
    if role == "quote":
        return quote_style(span.kind, span.speaker, dark)
    if role == "speaker":
        color = speaker_color(span.speaker, dark)
        return Style(bold=True, color=color) if color else Style(bold=True)
    if role == "person":
        color = speaker_color(span.speaker, dark)
        # Overline keeps mentions visible in monochrome without claiming a kind style.
        return Style(color=color, overline=True) if color else Style(overline=True)
    if role == "cue":
        return Style(dim=True, italic=True)
    if role == "boilerplate":
        return Style(dim=True, strike=False)
    if role == "mark":
        # The user's marked spans: a soft background, and a double underline for monochrome.
        return Style(bgcolor="#3d3357" if dark else "#ece4ff", underline2=True)
    if role == "match":
        return MATCH_STYLE
    return Style()


#: Search matches: reversed yellow, and reversed again for the current match.
MATCH_STYLE = Style(color="black", bgcolor="#f2d46b", bold=True)
CURRENT_MATCH_STYLE = Style(color="black", bgcolor="#ff8f87", bold=True, underline=True)
#: The current quote: reversed, so it stands out in colour and in monochrome.
CURRENT_QUOTE_STYLE = Style(reverse=True)
