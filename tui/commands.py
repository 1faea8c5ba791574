"""Command-palette provider: every action the user can take right now, namespaced."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.screens.help import SECTIONS

#: Palette namespaces for the places bindings live.
NAMESPACES = {
    "NewsReaderApp": "app",
    "MainScreen": "list",
    "ArticleList": "list",
    "ArticleReader": "reader",
    "ReaderPane": "reader",
    "SpeakerPanel": "speakers",
}


class NewsReaderCommands(Provider):
    """Offers the live key bindings of the focused widget chain, plus app-wide actions."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        screen = self.screen
        commands: list[tuple[str, str, Callable[[], object]]] = []
        seen: set[str] = set()
        nodes = list(screen.focused.ancestors_with_self) if screen.focused else [screen, screen.app]
        for node in nodes:
            namespace = NAMESPACES.get(type(node).__name__, SECTIONS.get(type(node).__name__, "app").lower())
            for bindings in node._bindings.key_to_bindings.values():
                for binding in bindings:
                    if not binding.description or binding.action in seen:
                        continue
                    seen.add(binding.action)
                    key = self.app.get_key_display(binding)
                    title = f"{namespace}: {binding.description}"
                    commands.append((title, f"key {key}", partial(node.run_action, binding.action)))
        for title, help_text, action in getattr(self.app, "EXTRA_COMMANDS", ()):
            if action not in seen:
                commands.append((title, help_text, partial(self.app.run_action, action)))
        return commands

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
