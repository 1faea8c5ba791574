"""Small modal dialogs: confirm, tag entry with completion, text entry, note editor."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Footer, Input, Label, Static, TextArea

from annotations.store import split_tags as store_split_tags


def split_tags(value: str) -> list[str]:
    """Tags typed as ``a, b c`` — commas separate, so a tag may hold spaces (as the store
    allows); ``#`` prefixes are dropped; in order, each once."""
    return list(dict.fromkeys(t.lstrip("#").strip() for t in store_split_tags(value) if t.lstrip("#").strip()))


class LastTagSuggester(Suggester):
    """Completes the tag being typed (after the last comma) from the known tags, most used first."""

    def __init__(self, words: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=False)
        self.words = words

    async def get_suggestion(self, value: str) -> str | None:
        head, _, last = value.rpartition(",")
        partial = last.lstrip().lstrip("#")
        if not partial:
            return None
        typed = set(split_tags(head))
        prefix = value[: len(value) - len(partial)]
        for word in self.words:
            if word.casefold().startswith(partial.casefold()) and word not in typed and word != partial:
                return prefix + word
        return None


class ConfirmScreen(ModalScreen[bool]):
    """Asks a yes/no question; ``y``/Enter confirm, ``n``/Escape cancel."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical { width: 64; height: auto; border: thick $warning; background: $surface; padding: 1 2; }
    ConfirmScreen Horizontal { height: auto; margin-top: 1; align-horizontal: right; }
    ConfirmScreen Button { margin-left: 2; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.question))
            with Horizontal():
                yield Button(Text(self.no), id="no")
                yield Button(Text(self.yes), id="yes", variant="warning")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class TagScreen(ModalScreen[list[str] | None]):
    """Edit the tags of one target: the field holds the current tags; add, remove, Enter saves."""

    DEFAULT_CSS = """
    TagScreen { align: center middle; }
    TagScreen > Vertical { width: 72; height: auto; border: thick $accent; background: $surface; padding: 1 2; }
    TagScreen #prompt { margin-bottom: 1; }
    TagScreen #known { color: $text-muted; margin-top: 1; height: auto; max-height: 4; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="tags.cancel")]

    def __init__(self, target: str, current: list[str], known: list[str]) -> None:
        super().__init__()
        self.target, self.current, self.known = target, current, known

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"Tags for {self.target}  (commas between tags; → accepts a completion)"), id="prompt")
            yield Input(
                value=", ".join(self.current) + (", " if self.current else ""),
                placeholder="tag, another tag",
                suggester=LastTagSuggester(self.known),
                id="tags",
            )
            if self.known:
                yield Static(Text("Known: " + "  ".join(self.known[:40])), id="known")
        yield Footer()

    def on_mount(self) -> None:
        box = self.query_one(Input)
        box.focus()
        box.cursor_position = len(box.value)

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        self.dismiss(split_tags(event.value))

    def action_cancel(self) -> None:
        self.dismiss(None)


class AskScreen(ModalScreen[str | None]):
    """One line of text (a speaker name, a new tag name), with completion from ``choices``."""

    DEFAULT_CSS = """
    AskScreen { align: center middle; }
    AskScreen > Vertical { width: 72; height: auto; border: thick $accent; background: $surface; padding: 1 2; }
    AskScreen #choices { color: $text-muted; margin-top: 1; height: auto; max-height: 4; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="ask.cancel")]

    def __init__(self, prompt: str, value: str = "", choices: list[str] | None = None) -> None:
        super().__init__()
        self.prompt, self.value, self.choices = prompt, value, choices or []

    def compose(self) -> ComposeResult:
        from textual.suggester import SuggestFromList

        with Vertical():
            yield Static(Text(self.prompt), id="prompt")  # wraps: a long prompt is never cut off
            yield Input(value=self.value, suggester=SuggestFromList(self.choices, case_sensitive=False))
            if self.choices:
                yield Static(Text("Choices: " + " · ".join(self.choices[:30])), id="choices")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class NoteScreen(ModalScreen[str | None]):
    """A multi-line note editor: Ctrl+S saves, Escape cancels (asking first if there are changes)."""

    DEFAULT_CSS = """
    NoteScreen { align: center middle; }
    NoteScreen > Vertical { width: 90; height: 24; border: thick $accent; background: $surface; padding: 0 1; }
    NoteScreen TextArea { height: 1fr; }
    NoteScreen Label { height: 1; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save note", priority=True, id="note.save"),
        Binding("escape", "cancel", "Cancel", priority=True, id="note.cancel"),
    ]

    def __init__(self, target: str, note: str) -> None:
        super().__init__()
        self.target, self.original = target, note

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(f"Note on {self.target} — Ctrl+S saves, Esc cancels"))
            yield TextArea(self.original, id="note", soft_wrap=True, show_line_numbers=False)
        yield Footer()

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    def action_save(self) -> None:
        self.dismiss(self.text)

    def action_cancel(self) -> None:
        if self.text == self.original:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Discard the changes to this note?", yes="Discard", no="Keep editing"), answered)
