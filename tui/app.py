"""The newsreader Textual app."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from textual.app import App
from textual.binding import Binding

from annotations.articles import Article, Skipped
from annotations.library import Library
from annotations.model import Analysis
from annotations.text import one_line
from tui.config import Config
from tui.screens.main import MainScreen


def _commands_provider():
    """The palette's provider, imported when the palette first opens (not at start-up)."""
    from tui.commands import NewsReaderCommands

    return NewsReaderCommands


class NewsReaderApp(App[None]):
    """Lists articles, shows who said what in them, and keeps the user's annotations."""

    TITLE = "newsreader"
    # The main screen is the default screen, whose own CSS_PATH Textual does not load: its
    # stylesheet is the app's.
    CSS_PATH = ["app.tcss", "screens/main.tcss"]
    COMMANDS = App.COMMANDS | {_commands_provider}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.palette"),
    ]
    #: Palette entries that have no key of their own: (title, help, action).
    EXTRA_COMMANDS: tuple[tuple[str, str, str], ...] = (
        ("app: Change theme", "pick a colour theme", "change_theme"),
        ("app: Save screenshot", "save an SVG of the screen", "screenshot"),
    )

    def __init__(
        self,
        paths: list[Path],
        *,
        db_path: Path,
        config: Config | None = None,
        skipped: list[Skipped] | None = None,
        messages: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.library = Library(paths)
        self.db_path = db_path
        self.config = config or Config()
        self.skipped = list(skipped or [])
        self.startup_messages = list(messages or [])
        self._store = None
        self._store_error: str | None = None
        self._store_done = False
        self._store_lock = threading.Lock()
        self._analysis_cache = None
        self._cache_lock = threading.Lock()

    # ------------------------------------------------------------------ lifecycle

    def get_default_screen(self) -> MainScreen:
        """The main screen is the app's first screen (no blank screen painted before it)."""
        return MainScreen(self.library)

    def on_mount(self) -> None:
        if self.config.theme:
            if self.config.theme in self.available_themes:
                self.theme = self.config.theme
            else:
                self.notify(f"Unknown theme in config: {self.config.theme}", severity="warning", markup=False)
        if self.config.keys:
            self.set_keymap(self.config.keys)
        for message in self.startup_messages:
            self.notify(message, severity="warning", markup=False, timeout=8)
        if self.skipped:
            self.report_skipped([(s.path, s.reason) for s in self.skipped])
        if not len(self.library):
            self.notify("No articles to show. Pass files or folders: newsreader PATH …", severity="warning", markup=False)

    @property
    def store(self):
        """The annotation store, or None when it could not be opened.

        It is opened by a worker right after the first frame; a key pressed before that
        finishes waits for it here (a fraction of a second) instead of finding no store.
        """
        if not self._store_done:
            self.open_store()
        return self._store

    def report_skipped(self, items: list[tuple]) -> None:
        """Name files that were not loaded, and why, in one notification."""
        lines = [f"{one_line(str(path))}: {reason}" for path, reason in items[:8]]
        if len(items) > 8:
            lines.append(f"… and {len(items) - 8} more (newsreader --check lists them all)")
        self.notify("\n".join(lines), title=f"Skipped {len(items)} file(s)", severity="warning", markup=False, timeout=10)

    def open_store(self) -> None:
        """Open the annotation file once (thread-safe; the main screen calls it from a worker)."""
        from annotations.store import Store, StoreError

        with self._store_lock:
            if self._store_done:
                return
            try:
                self._store = Store(self.db_path)
            except StoreError as err:
                self._store_error = str(err)
            self._store_done = True

    def store_opened(self) -> None:
        """On the UI thread, after :meth:`open_store`: say what happened, start syncing."""
        if self._store_error:
            self.notify(self._store_error, title="Annotations not loaded", severity="error", markup=False, timeout=15)
            return
        for attr in ("recovery", "readonly_reason"):
            message = getattr(self.store, attr, None)
            if message:
                self.notify(str(message), title="Annotation file", severity="warning", markup=False, timeout=15)
        self.set_interval(2.0, self._sync_store)

    def _sync_store(self) -> None:
        """Every few seconds: retry failed saves, and pick up another copy's changes."""
        from annotations.store import StoreError

        store = self.store
        if store.pending:
            count = len(store.pending)
            try:
                if store.retry():
                    self.notify(f"Saved {count} change(s) that had failed to save.", markup=False)
            except StoreError:
                pass  # still failing: the first failure was shown; the changes stay in memory
        try:
            changed = store.refresh()
        except StoreError:
            return
        if changed and isinstance(self.screen, MainScreen):
            self.screen.refresh_annotations()

    async def action_quit(self) -> None:
        """Quit; with changes that could not be saved, ask first."""
        store = self.store
        if store is None or not store.pending:
            self.exit()
            return
        from tui.screens.dialogs import ConfirmScreen

        def answered(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit()

        self.push_screen(
            ConfirmScreen(
                f"{len(store.pending)} change(s) could not be saved to {self.db_path} "
                f"({store.pending[-1]}). Quit and lose them?",
                yes="Quit anyway",
                no="Stay",
            ),
            answered,
        )

    def on_unmount(self) -> None:
        if self._store is not None:
            self._store.close()

    def save(self, change: Callable[[], object]) -> object | None:
        """Apply one change to the store, telling the user only when it fails."""
        from annotations.store import StoreError

        try:
            return change()
        except StoreError as err:
            self.notify(str(err), title="Not saved", severity="error", markup=False, timeout=10)
            return None

    def analysis_cache(self):
        """The quote engine's results by article id (opened on first use, off the UI thread)."""
        with self._cache_lock:
            if self._analysis_cache is None:
                from annotations.corpus import AnalysisCache

                self._analysis_cache = AnalysisCache()
            return self._analysis_cache

    def analyse(self, article: Article) -> Analysis:
        """The quote engine's analysis of ``article``."""
        from annotations.quotes import find_quotes

        return find_quotes(article.text, article.boilerplate)

    # ------------------------------------------------------------------ actions

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        screen = self.screen
        focus_chain = list(screen.focused.ancestors_with_self) if screen.focused else [screen, self]
        others = [node for node in screen.walk_children() if node._bindings.key_to_bindings]
        nodes = [*reversed(focus_chain), *others]
        nodes = [self, screen, *[n for n in nodes if n is not self and n is not screen]]
        from annotations.paths import config_path

        files = [("Annotations", str(self.db_path)), ("Config", str(self.config.path or config_path()))]
        self.push_screen(HelpScreen(nodes, files))

    def action_screenshot(self) -> None:
        path = self.save_screenshot()
        self.notify(f"Screenshot saved to {path}", markup=False)
