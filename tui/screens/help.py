"""The help screen: every live key binding, grouped by where it works, and where files are."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

#: Section titles for the places bindings live, by class name; anything else uses its name.
SECTIONS = {
    "NewsReaderApp": "Everywhere",
    "MainScreen": "Main screen",
    "ArticleList": "Article list",
    "ArticleReader": "Reader (article text)",
    "ReaderPane": "Reader",
    "SpeakerPanel": "Speaker panel",
    "WhoQuotedScreen": "Who is quoted",
    "SpeakerChart": "Speaker chart",
}


def live_bindings(nodes: list[DOMNode]) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """``(section, [(keys, description, binding id)])`` for ``nodes``, keymap applied."""
    app = nodes[0].app if nodes else None
    keymap = app._keymap if app is not None else {}
    sections: list[tuple[str, list[tuple[str, str, str]]]] = []
    seen_types: set[type] = set()
    for node in nodes:
        if type(node) in seen_types:
            continue
        seen_types.add(type(node))
        bindings_map = node._bindings.copy()
        if keymap:
            bindings_map.apply_keymap(keymap)
        by_action: dict[tuple[str, str], list[str]] = {}
        descriptions: dict[tuple[str, str], tuple[str, str]] = {}
        for key, bindings in bindings_map.key_to_bindings.items():
            for binding in bindings:
                if not binding.id:  # ours all carry ids; the rest is widget plumbing
                    continue
                slot = (binding.action, binding.id or "")
                by_action.setdefault(slot, []).append(app.get_key_display(binding.with_key(key)) if app else key)
                descriptions[slot] = (binding.description or binding.action, binding.id or "")
        rows = [(" ".join(dict.fromkeys(keys)), *descriptions[slot]) for slot, keys in by_action.items()]
        if rows:
            sections.append((SECTIONS.get(type(node).__name__, type(node).__name__), rows))
    return sections


class HelpScreen(ModalScreen[None]):
    """Lists every binding of the screen below it (with the user's key map applied)."""

    CSS_PATH = "help.tcss"
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help", id="help.close"),
        Binding("j,down", "scroll_down", "Down", show=False),
        Binding("k,up", "scroll_up", "Up", show=False),
    ]

    def __init__(self, nodes: list[DOMNode], files: list[tuple[str, str]]) -> None:
        super().__init__()
        self._sections = live_bindings(nodes)
        self._files = files

    def compose(self) -> ComposeResult:
        text = Text()
        text.append("newsreader — keys\n", style="bold")
        for section, rows in self._sections:
            text.append(f"\n{section}\n", style="bold underline")
            for keys, description, binding_id in rows:
                text.append(f"  {keys:<22}", style="bold")
                text.append(f"{description:<34}")
                text.append(f"{binding_id}\n", style="dim")
        text.append("\nFiles\n", style="bold underline")
        for label, where in self._files:
            text.append(f"  {label:<22}", style="bold")
            text.append(f"{where}\n")
        text.append("\nRemap keys with a [keys] table in the config file: \"binding.id\" = \"key1,key2\".\n", style="dim")
        with VerticalScroll(id="help-body"):
            yield Static(text, id="help-text")
        yield Footer()

    def action_scroll_down(self) -> None:
        self.query_one("#help-body").scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one("#help-body").scroll_up()
