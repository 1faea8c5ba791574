"""Messages the reader posts to the screen that holds it (small dataclasses, as in toolong)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from annotations.model import Quote


@dataclass
class QuoteSelected(Message):
    """The quote cursor moved to ``quote`` (index ``quote_index`` in reading order)."""

    article_id: str
    quote_index: int
    quote: Quote


@dataclass
class ScrollChanged(Message):
    """The reader settled at line ``y`` of ``article_id`` (debounced: sent after scrolling stops)."""

    article_id: str
    y: int


@dataclass
class SpeakerChosen(Message):
    """The user chose ``speaker`` in the speaker panel ("" for unattributed quotes)."""

    speaker: str
