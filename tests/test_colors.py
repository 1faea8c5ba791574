"""Speaker colours: stable, readable on the built-in dark and light themes; kinds differ without colour."""

from __future__ import annotations

import subprocess
import sys

from textual.theme import BUILTIN_THEMES

from annotations.spans import Span
from tui import colors


def luminance(hex_color: str) -> float:
    h = hex_color.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)))
    return (lb + 0.05) / (la + 0.05)


def theme_backgrounds(dark: bool) -> list[str]:
    out = []
    for theme in BUILTIN_THEMES.values():
        if theme.dark != dark:
            continue
        for value in (theme.background, theme.surface):
            if value and value.startswith("#") and len(value) == 7:
                out.append(value)
    return out or (["#121212"] if dark else ["#ffffff"])


def test_every_hue_reads_at_4_5_to_1_on_every_builtin_background():
    for name, tint, shade in colors.PALETTE:
        for bg in theme_backgrounds(True):
            assert contrast(tint, bg) >= 4.5, (name, tint, bg)
        for bg in theme_backgrounds(False):
            assert contrast(shade, bg) >= 4.5, (name, shade, bg)


def test_speaker_colour_is_stable_across_processes_and_name_forms():
    code = "from tui.colors import speaker_hue; print(speaker_hue('John Kirby'))"
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout for _ in range(2)}
    assert len(runs) == 1 and runs.pop().strip() == str(colors.speaker_hue("john  KIRBY "))
    assert colors.speaker_color(None) is None and colors.speaker_color("  ") is None
    hues = {colors.speaker_hue(n) for n in ["John Kirby", "Kamala Harris", "Antony Blinken", "Xi Jinping", "Joe Biden", "Jake Sullivan"]}
    assert len(hues) >= 4  # different people mostly get different colours


def test_kinds_differ_without_colour():
    styles = {kind: colors.KIND_STYLES[kind] for kind in ("direct", "partial", "indirect")}
    assert styles["direct"].bold and not styles["direct"].italic
    assert styles["partial"].italic and not styles["partial"].bold
    assert styles["indirect"].underline
    for kind in styles:
        style = colors.span_style(Span(0, 1, "quote", kind, "John Kirby"), dark=False)
        assert style.color is not None and style.bold == styles[kind].bold
    assert colors.CURRENT_QUOTE_STYLE.reverse  # the cursor shows in monochrome too
