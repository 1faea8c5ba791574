"""The main screen: the article list beside the reader."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, ProgressBar, Static
from textual.worker import get_current_worker

from annotations.articles import Article, ArticleError
from annotations.library import Library
from annotations.text import one_line
from tui.screens.annotate import AnnotationActions
from tui.widgets.article_list import ArticleList


#: Files at least this big are loaded in a worker thread, not on the UI thread.
BIG_FILE = 512 * 1024


class MainScreen(AnnotationActions, Screen[None]):
    """Article list on the left, the open article on the right."""

    BINDINGS = [
        Binding("slash", "filter", "Filter", id="main.filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="main.clear_filter"),
        Binding("tab", "app.focus_next", "Switch pane", show=False, id="main.focus_next"),
        Binding("shift+tab", "app.focus_previous", "Switch pane back", show=False, id="main.focus_previous"),
        Binding("w", "who_quoted", "Who is quoted", id="main.who_quoted"),
        *AnnotationActions.ANNOTATION_BINDINGS,
    ]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.article: Article | None = None
        self.engine_analysis = None  # the quote engine's findings for the open article
        self._pending_quote: tuple[str, int] | None = None  # open at this quote once analysed
        self._showing: int | None = None  # the library index being shown or loaded
        self._deferred_show: tuple[int, bool] = (0, False)  # asked for before the reader was mounted

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            with Vertical(id="sidebar"):
                # The filter box and the progress bar are mounted when first needed:
                # the first frame is only the list.
                yield ArticleList(self.library, id="articles")
                yield Static(id="status")
            # The reader is mounted beside the sidebar once the list has painted: the
            # first frame needs neither the reader nor the annotation store.
        yield Footer()

    @property
    def reader(self):
        """The reader pane, or None until it is mounted after the first frame.

        Looked up by id: importing the reader's module here would put it before the
        first frame.
        """
        found = self.query("#reader")
        return found.first() if found else None

    @property
    def articles(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def _screen_gone(self) -> bool:
        """Whether the screen is gone or going: a worker's report from another thread may
        arrive after the app began to close, when the list is removed before the screen."""
        return not self.is_attached or not self.query(ArticleList)

    def on_mount(self) -> None:
        self.articles.focus()
        self._update_status()
        self.set_timer(0.1, self._after_first_frame)

    async def _after_first_frame(self) -> None:
        """Open the annotation file, mount the reader, show the first article, start reading."""
        from tui.widgets.reader_pane import SIDE_MIN_WIDTH, ReaderPane

        if not self.is_attached:
            return
        self.open_store()

        # Start with the side panels as they will be at this width (no first-frame flash).
        room = self.size.width - self.query_one("#sidebar").outer_size.width
        await self.query_one("#body").mount(ReaderPane(id="reader", classes="-side-hidden" if room < SIDE_MIN_WIDTH else None))
        if len(self.library):
            index, focus_reader = self._deferred_show
            self.show_index(index, focus_reader=focus_reader)
        # Reading every file starts a moment later, so the worker does not compete
        # with the first frames for the interpreter.
        self.set_timer(0.25, self.load_metadata)
        self.set_timer(0.5, self._preload)

    @work(thread=True, group="preload")
    def _preload(self) -> None:
        """Import the dialogs before they are first wanted, so keys typed right after
        ``t`` or ``e`` reach the dialog instead of racing its import."""
        import tui.screens.dialogs  # noqa: F401
        import tui.screens.select_span  # noqa: F401
        import tui.screens.tag_manager  # noqa: F401
        import tui.screens.who_quoted  # noqa: F401

    # ------------------------------------------------------------------ state

    @work(thread=True, exclusive=True, group="store")
    def open_store(self) -> None:
        """Open the annotation file off the UI thread (reading and backing up a big file takes a moment)."""
        self.app.open_store()
        self.app.call_from_thread(self._store_ready)

    def _store_ready(self) -> None:
        if self._screen_gone:
            return
        self.app.store_opened()
        self._apply_store_state()
        self._update_status()
        if self.article is not None and self.engine_analysis is not None:
            self.refresh_annotations()
        if self.article is not None and self.app.store is not None:
            scroll_y = self.app.store.article_state(self.article.id).get("scroll", 0)
            if scroll_y and self.reader is not None and self.reader.text_scroll_y == 0:
                self.reader.show_article(
                    self.article,
                    self.layered(self.article, self.engine_analysis),
                    scroll_y=scroll_y,
                    marks=self.marks(self.article),
                )
                if self.engine_analysis is not None:
                    self.reader.set_quote_annotations(self.quote_annotations())

    def _apply_store_state(self) -> None:
        store = self.app.store
        if store is None:
            return
        self.articles.read = set(store.read_ids())
        self.articles.tags = store.tags_by_article()
        self.articles.refresh_rows()

    def _update_status(self) -> None:
        shown, total = len(self.articles.rows), len(self.library)
        unread = sum(1 for e in self.library.entries if e.id is None or e.id not in self.articles.read)
        noun = "article" if total == 1 else "articles"
        text = f"{shown} of {total} {noun}" if shown != total else f"{total} {noun}"
        self.query_one("#status", Static).update(Text(f"{text} · {unread} unread"))

    @work(thread=True, exclusive=True, group="metadata")
    def load_metadata(self) -> None:
        """Read and analyse every article once, in the background, for the list and the corpus views.

        Visible rows go first.  Analyses come from the cache (keyed by article id and
        engine version) when they can, so a second start does no quote finding at all.
        """
        from annotations.articles import ArticleError
        from annotations.corpus import ArticleInfo, summarise

        worker = get_current_worker()
        cache = self.app.analysis_cache()
        visible = set(self.articles.visible_indexes())
        order = sorted(range(len(self.library)), key=lambda i: i not in visible)
        total = len(order)
        failed: list[tuple] = []
        show_progress = total > 50
        if show_progress:
            self.app.call_from_thread(self._progress_start, total)
        for n, index in enumerate(order, 1):
            if worker.is_cancelled:
                break
            entry = self.library.entries[index]
            try:
                if entry.id is not None and entry.id in cache:
                    analysis = cache.get(entry.id)
                else:
                    article = self.library.load(index, keep=False)
                    info = ArticleInfo(article.id, article.title, article.source, article.date)
                    analysis = cache.get_or_compute(info, lambda: self.app.analyse(article), text=article.text)
            except ArticleError as err:
                analysis = None
                failed.append((entry.path, str(err)))
            if analysis is not None:
                entry.quotes, entry.speakers = summarise(analysis)
            if n % 100 == 0 or n == total or index in visible:
                self.app.call_from_thread(self._metadata_progress, n)
            if n % 2000 == 0:
                cache.save()
        cache.save()
        self.app.call_from_thread(self._metadata_done, failed)

    async def _progress_start(self, total: int) -> None:
        if self._screen_gone:
            return
        if not self.query("#progress"):
            await self.query_one("#sidebar").mount(ProgressBar(id="progress", show_eta=False), after=self.articles)
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=total, progress=0)
        bar.display = True

    def _metadata_progress(self, done: int = 0) -> None:
        if self._screen_gone:
            return  # the worker's last report is moot
        for bar in self.query("#progress").results(ProgressBar):
            if bar.display:
                bar.update(progress=done)
        self.articles.refresh_rows()
        self._update_status()

    def _metadata_done(self, failed: list[tuple] = ()) -> None:
        if self._screen_gone:
            return
        if failed:
            self.app.report_skipped(failed)
        for bar in self.query("#progress"):
            bar.display = False
        self._metadata_progress()
        warning = self.app.analysis_cache().warning
        if warning:
            self.notify(warning, severity="warning", markup=False)

    # ------------------------------------------------------------------ who is quoted

    def action_who_quoted(self) -> None:
        from tui.screens.who_quoted import WhoQuotedScreen

        ids = [e.id for e in self.library.entries if e.id is not None]
        stats = self.app.analysis_cache().stats(ids)
        if len(ids) < len(self.library):
            self.notify(f"Still reading articles: {len(ids)} of {len(self.library)} counted so far.", markup=False)
        self.app.push_screen(WhoQuotedScreen(stats), self._open_quote)

    def _open_quote(self, result: tuple[str, int] | None) -> None:
        if result is None:
            return
        article_id, start = result
        index = self.library.index_of(article_id)
        if index is None:
            self.notify("That article is not in the list any more.", severity="warning", markup=False)
            return
        self.action_clear_filter()
        self.articles.select_index(index)
        self._pending_quote = (article_id, start)
        self.show_index(index, focus_reader=True)

    # ------------------------------------------------------------------ opening

    def show_index(self, index: int, *, focus_reader: bool) -> None:
        """Show the article at library ``index`` in the reader.

        Small files load at once; a big one loads in a worker while the reader says so,
        so the UI never freezes on a 16 MB file.
        """
        reader = self.reader
        if reader is None:  # not mounted yet: shown as soon as it is
            self._deferred_show = (index, focus_reader or self._deferred_show[1])
            return
        self._showing = index
        if self.library.is_cached(index) or self.library.size(index) < BIG_FILE:
            try:
                article = self.library.load(index)
            except ArticleError as err:
                self._cannot_open(index, err)
                return
            self._show_loaded(index, article, focus_reader)
            return
        self.article = None
        reader.clear()
        self.notify(f"Loading {one_line(self.library.entries[index].path.name)}…", markup=False, timeout=2)
        self._load_big(index, focus_reader)

    @work(thread=True, exclusive=True, group="load")
    def _load_big(self, index: int, focus_reader: bool) -> None:
        try:
            article = self.library.load(index)
        except ArticleError as err:
            self.app.call_from_thread(self._cannot_open, index, err)
            return
        self.app.call_from_thread(self._show_loaded, index, article, focus_reader)

    def _cannot_open(self, index: int, err: Exception) -> None:
        if not self.is_attached or self._showing != index:
            return
        self.article = None
        if self.reader is not None:
            self.reader.clear()
        self.notify(f"{one_line(str(self.library.entries[index].path))}: {err}", title="Cannot open", severity="error", markup=False)
        self.articles.refresh_rows()

    def _show_loaded(self, index: int, article: Article, focus_reader: bool) -> None:
        reader = self.reader
        if not self.is_attached or reader is None or self._showing != index:
            return  # the user moved on while it loaded
        self.article = article
        self.engine_analysis = None
        store = self.app.store
        scroll_y = store.article_state(article.id).get("scroll", 0) if store is not None else 0
        reader.show_article(article, None, scroll_y=scroll_y, marks=self.marks(article))
        for warning in article.warnings:
            self.notify(f"{one_line(article.source)}: {warning}", severity="warning", markup=False)
        self.analyse(article)
        if focus_reader:
            reader.focus_text()
            self._mark_read(article, True)
        self.articles.refresh_rows()

    @work(thread=True, exclusive=True, group="analysis")
    def analyse(self, article: Article) -> None:
        """Find the quotes of the open article off the UI thread."""
        from annotations.corpus import ArticleInfo

        cache = self.app.analysis_cache()
        info = ArticleInfo(article.id, article.title, article.source, article.date)
        analysis = cache.get_or_compute(info, lambda: self.app.analyse(article), text=article.text)
        if analysis is not None and not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._analysis_ready, article.id, analysis)

    def _analysis_ready(self, article_id: str, analysis) -> None:
        if not self.is_attached:
            return
        reader = self.reader
        if self.article is not None and self.article.id == article_id and reader is not None:
            self.engine_analysis = analysis
            reader.set_analysis(self.layered(self.article, analysis))
            reader.set_quote_annotations(self.quote_annotations())
            if self._pending_quote and self._pending_quote[0] == article_id:
                reader.select_quote_at(self._pending_quote[1])
                self._pending_quote = None

    def _mark_read(self, article: Article, read: bool) -> None:
        store = self.app.store
        if read:
            self.articles.read.add(article.id)
        else:
            self.articles.read.discard(article.id)
        if store is not None:
            self.app.save(lambda: store.mark_read(article.id, read, source=article.source, title=article.title))
        self._update_status()

    @on(ArticleList.Highlighted)
    def _highlighted(self, event: ArticleList.Highlighted) -> None:
        if self.article is None or self.library.entries[event.index].id != self.article.id:
            self.show_index(event.index, focus_reader=False)

    @on(ArticleList.Selected)
    def _selected(self, event: ArticleList.Selected) -> None:
        self.show_index(event.index, focus_reader=True)

    @on(ArticleList.ToggleRead)
    def _toggle_read(self, event: ArticleList.ToggleRead) -> None:
        try:
            article = self.library.load(event.index)
        except ArticleError:
            return
        self._mark_read(article, article.id not in self.articles.read)
        self.articles.refresh_rows()

    def on_scroll_changed(self, event) -> None:
        """The reader scrolled: remember where (debounced by the reader)."""
        store = self.app.store
        if store is not None:
            self.app.save(lambda: store.set_scroll(event.article_id, event.y))

    # ------------------------------------------------------------------ filter

    async def _filter_box(self) -> Input:
        """The filter box, mounted above the list the first time it is wanted."""
        if not self.query("#filter"):
            await self.query_one("#sidebar").mount(Input(placeholder="Filter: title, file, speaker, #tag…", id="filter"), before=self.articles)
        return self.query_one("#filter", Input)

    async def action_filter(self) -> None:
        box = await self._filter_box()
        box.display = True
        box.focus()

    def action_clear_filter(self) -> None:
        if not self.query("#filter"):
            return
        box = self.query_one("#filter", Input)
        box.value = ""
        box.display = False
        self.articles.set_filter("")
        self.articles.focus()
        self._update_status()

    async def filter_by_tag(self, tag: str) -> None:
        """Show only the articles tagged ``tag`` (the filter box shows ``#tag``)."""
        box = await self._filter_box()
        box.display = True
        box.value = f"#{tag}"
        self.articles.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.articles.set_filter(event.value)
        self._update_status()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            event.input.display = False
        self.articles.focus()
