"""Sanitising text that came from a file: it is data, never terminal control."""

from __future__ import annotations

import re
import unicodedata

REPLACEMENT = "\ufffd"

# C0 controls except tab and newline, DEL, and the C1 block.  Replacing them one for
# one keeps every offset stable, so quote spans computed on the sanitised text are the
# same as on the file read with universal newlines.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NEWLINES = re.compile("\r\n?")
_SPACE = re.compile(r"\s+")


def sanitise(text: str) -> str:
    """Normalise newlines (CRLF and CR to LF) and replace control characters with U+FFFD."""
    if "\r" in text:
        text = _NEWLINES.sub("\n", text)
    return _CONTROL.sub(REPLACEMENT, text)


def has_controls(text: str) -> bool:
    """True when ``text`` holds a control character that :func:`sanitise` would replace."""
    return _CONTROL.search(text) is not None


def normalise_for_id(text: str) -> str:
    """The form of an article's text its id is computed from.

    Whitespace runs become one space and the text is NFC-normalised, so re-wrapping a
    file, changing its line endings or adding a trailing newline keeps the same id.
    """
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def one_line(text: str, limit: int = 200) -> str:
    """Collapse ``text`` to one sanitised line of at most ``limit`` characters (for messages)."""
    line = _SPACE.sub(" ", sanitise(text)).strip()
    return line if len(line) <= limit else line[: limit - 1] + "…"
