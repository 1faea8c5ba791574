"""The main screen's annotation keys: tags, notes, review, corrections, spans, undo, export.

Kept apart from :mod:`tui.screens.main` (which lays out and navigates) as a mixin whose
``ANNOTATION_BINDINGS`` the screen adds to its own.  Every change goes through
``app.save`` to the store, is on disk when the call returns, and is followed by
:meth:`refresh_annotations` so the reader and the list show the file's state.
"""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding

from annotations.articles import Article
from annotations.model import Analysis

# Dialog screens are imported when first used: none of them is needed for the first frame.


class AnnotationActions:
    """Keys and actions that annotate the open article and its quotes (mixed into MainScreen)."""

    ANNOTATION_BINDINGS = [
        Binding("t", "tag", "Tag", id="annotate.tag"),
        Binding("T", "tag_article", "Tag article", show=False, id="annotate.tag_article"),
        Binding("e", "note", "Note", id="annotate.note"),
        Binding("E", "note_article", "Note on article", show=False, id="annotate.note_article"),
        Binding("a", "accept", "Accept+next", id="annotate.accept"),
        Binding("x", "reject", "Reject+next", show=False, id="annotate.reject"),
        Binding("p", "speaker", "Change speaker", show=False, id="annotate.speaker"),
        Binding("m", "mark", "Select text", show=False, id="annotate.mark"),
        Binding("z", "undo", "Undo", id="annotate.undo"),
        Binding("Z", "redo", "Redo", show=False, id="annotate.redo"),
        Binding("number_sign", "tags", "All tags", show=False, id="annotate.tags"),
        Binding("X", "export", "Export", show=False, id="annotate.export"),
    ]

    #: Actions on the current quote: live (and in the Footer) only while the reader has focus.
    QUOTE_ACTIONS = frozenset({"accept", "reject", "speaker", "mark"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.QUOTE_ACTIONS:
            reader = self.reader
            return reader is not None and reader.has_focus_within
        return True

    # ------------------------------------------------------------------ the layered view

    def layered(self, article: Article, engine: Analysis | None) -> Analysis | None:
        """The engine's analysis with the user's corrections laid over (rejected quotes hidden)."""
        store = self.app.store
        self._layer = {}
        if engine is None:
            return None
        if store is None:
            return engine
        layer = store.quote_layer(article.id, article.text, engine.quotes)
        self._layer = {(q.start, q.end): q for q in layer.quotes}
        quotes = [q.to_quote() for q in layer.quotes if q.status != "rejected"]
        if layer.orphans and getattr(self, "_orphans_told", None) != article.id:
            self._orphans_told = article.id
            self.notify(
                f"{len(layer.orphans)} annotated quote(s) no longer match this article's text; "
                "they are kept (and exported) as orphans.",
                severity="warning",
                markup=False,
            )
        return Analysis(quotes=quotes, people=engine.people)

    def marks(self, article: Article) -> list[tuple[int, int]]:
        """Where the user's own marked spans are in the article's text (orphans left out)."""
        store = self.app.store
        if store is None:
            return []
        return [(span.start, span.end) for span in store.span_layer(article.id, article.text).spans]

    def quote_annotations(self) -> dict:
        """What the reader's side panel shows per quote: tags, note, reviewed."""
        from tui.widgets.quote_panel import QuoteAnnotation

        return {
            key: QuoteAnnotation(q.tags, q.note or "", q.status != "unreviewed")
            for key, q in getattr(self, "_layer", {}).items()
        }

    def refresh_annotations(self) -> None:
        """Re-read the store and redraw what depends on it (reader highlights, list tags)."""
        store = self.app.store
        if store is not None:
            self.articles.tags = store.tags_by_article()
            self.articles.read = set(store.read_ids())
            self.articles.refresh_rows()
        engine = getattr(self, "engine_analysis", None)
        reader = self.reader
        if self.article is not None and reader is not None and store is not None:
            reader.set_marks(self.marks(self.article))
        if self.article is not None and engine is not None and reader is not None:
            reader.set_analysis(self.layered(self.article, engine))
            reader.set_quote_annotations(self.quote_annotations())

    def _current_layered(self):
        reader = self.reader
        quote = reader.current_quote if reader is not None and reader.has_focus_within else None
        if quote is None:
            return None
        return getattr(self, "_layer", {}).get((quote.start, quote.end))

    def _writable(self) -> bool:
        store = self.app.store
        if store is None:
            self.notify("The annotation file could not be opened; nothing can be saved.", severity="error", markup=False)
            return False
        if store.readonly:
            self.notify(f"Read-only: {store.readonly_reason}", severity="warning", markup=False)
            return False
        return True

    def _need_article(self) -> bool:
        if self.article is None:
            self.notify("Open an article first.", markup=False)
            return False
        return True

    def _done(self, message: str | None = None) -> None:
        self.refresh_annotations()
        if message:
            self.notify(message, markup=False, timeout=2)

    # ------------------------------------------------------------------ tags

    def action_tag(self) -> None:
        from tui.screens.dialogs import TagScreen

        quote = self._current_layered()
        if quote is None:
            self.action_tag_article()
            return
        if not (self._writable() and self._need_article()):
            return
        store = self.app.store
        known = sorted(store.all_tags(), key=lambda t: -store.all_tags()[t])

        def done(tags: list[str] | None) -> None:
            if tags is None:
                return
            add = [t for t in tags if t not in quote.tags]
            remove = [t for t in quote.tags if t not in tags]
            with_fresh = self._fresh(quote)
            if add:
                self.app.save(lambda: store.tag_quote(with_fresh, add))
            if remove:
                self.app.save(lambda: store.untag_quote(self._fresh(quote), remove))
            self._done()

        label = f"the quote “{quote.text[:40]}…”" if len(quote.text) > 40 else f"the quote “{quote.text}”"
        self.app.push_screen(TagScreen(label, list(quote.tags), known), done)

    def _fresh(self, quote):
        """The layered quote as the store knows it now (it may have been stored meanwhile)."""
        return getattr(self, "_layer", {}).get((quote.start, quote.end), quote)

    def action_tag_article(self) -> None:
        from tui.screens.dialogs import TagScreen

        article = self._target_article()
        if article is None or not self._writable():
            return
        store = self.app.store
        counts = store.all_tags()
        known = sorted(counts, key=lambda t: -counts[t])
        current = store.article_tags(article.id)

        def done(tags: list[str] | None) -> None:
            if tags is None:
                return
            add = [t for t in tags if t not in current]
            remove = [t for t in current if t not in tags]
            if add:
                self.app.save(lambda: store.tag_article(article.id, add, source=article.source, title=article.title))
            if remove:
                self.app.save(lambda: store.untag_article(article.id, remove))
            self._done()

        self.app.push_screen(TagScreen(f"the article “{article.title}”", current, known), done)

    def _target_article(self) -> Article | None:
        """The article under the list cursor when the list has focus, else the open one."""
        from annotations.articles import ArticleError

        if self.articles.has_focus and self.articles.current is not None:
            try:
                return self.library.load(self.articles.current)
            except ArticleError as err:
                self.notify(str(err), severity="error", markup=False)
                return None
        return self.article if self._need_article() else None

    def action_tags(self) -> None:
        from tui.screens.tag_manager import TagManagerScreen

        def chosen(tag: str | None) -> None:
            self.refresh_annotations()
            if tag:
                self.call_later(self.filter_by_tag, tag)

        self.app.push_screen(TagManagerScreen(), chosen)

    # ------------------------------------------------------------------ notes

    def action_note(self) -> None:
        from tui.screens.dialogs import NoteScreen

        quote = self._current_layered()
        if quote is None:
            self.action_note_article()
            return
        if not self._writable():
            return
        store = self.app.store

        def done(note: str | None) -> None:
            if note is not None and note != (quote.note or ""):
                self.app.save(lambda: store.set_quote_note(self._fresh(quote), note or None))
                self._done()

        self.app.push_screen(NoteScreen(f"the quote “{quote.text[:50]}”", quote.note or ""), done)

    def action_note_article(self) -> None:
        from tui.screens.dialogs import NoteScreen

        article = self._target_article()
        if article is None or not self._writable():
            return
        store = self.app.store
        current = store.article_note(article.id) or ""

        def done(note: str | None) -> None:
            if note is not None and note != current:
                self.app.save(lambda: store.set_article_note(article.id, note or None, source=article.source, title=article.title))
                self._done()

        self.app.push_screen(NoteScreen(f"the article “{article.title}”", current), done)

    # ------------------------------------------------------------------ review

    def _review(self, status: str) -> None:
        quote = self._current_layered()
        if quote is None:
            self.notify("Move to a quote first: ] and [ move between quotes.", markup=False)
            return
        if not self._writable():
            return
        store = self.app.store
        change = store.accept_quote if status == "accepted" else store.reject_quote
        if not self.app.save(lambda: change(quote) or True):
            return
        self._done(f"{status.capitalize()}: “{quote.text[:40]}”")
        reader = self.reader
        if status == "accepted":
            reader.select_quote_at(quote.start)
        reader.action_next_unreviewed()

    def action_accept(self) -> None:
        self._review("accepted")

    def action_reject(self) -> None:
        self._review("rejected")

    def action_speaker(self) -> None:
        from tui.screens.dialogs import AskScreen

        quote = self._current_layered()
        if quote is None:
            self.notify("Move to a quote first: ] and [ move between quotes.", markup=False)
            return
        if not self._writable():
            return
        engine = getattr(self, "engine_analysis", None)
        people = [p.name for p in engine.people] if engine else []
        store = self.app.store

        def done(name: str | None) -> None:
            if name is None:
                return
            self.app.save(lambda: store.set_quote_speaker(self._fresh(quote), name or None))
            self._done(f"Speaker set to {name}" if name else "Speaker correction cleared")

        self.app.push_screen(AskScreen("Speaker of this quote (empty clears your correction):", quote.speaker or "", people), done)

    def action_mark(self) -> None:
        """Select text with the keyboard, then add it as a quote or mark it as a span."""
        from tui.screens.select_span import SelectSpanScreen

        if not (self._need_article() and self._writable()) or self.reader is None:
            return
        article = self.article
        reader = self.reader
        quote = reader.current_quote
        if quote is not None:
            offset = quote.start
        else:
            offset = reader.top_offset  # the text at the top of the view
        # The passage: the paragraph holding ``offset`` and the next one, for context.
        paragraphs = article.paragraphs or [(0, len(article.text))]
        i = next((k for k, (s, e) in enumerate(paragraphs) if s <= offset < e or offset < s), len(paragraphs) - 1)
        start, end = paragraphs[i][0], paragraphs[min(i + 1, len(paragraphs) - 1)][1]
        selection = (quote.start, quote.end) if quote is not None else None

        def done(choice) -> None:
            if choice is not None:
                self._add_selection(article, choice)

        self.app.push_screen(SelectSpanScreen(article.text[start:end], start, selection), done)

    def _add_selection(self, article: Article, choice) -> None:
        from tui.screens.dialogs import AskScreen, TagScreen

        store = self.app.store
        excerpt = article.text[choice.start : choice.end]
        if choice.action == "span":
            def tagged(tags: list[str] | None) -> None:
                if tags is None:
                    return
                self.app.save(
                    lambda: store.add_span(article.id, article.text, choice.start, choice.end, tags=tags, source=article.source, title=article.title)
                )
                self._done(f"Marked “{excerpt[:40]}”")

            counts = store.all_tags()
            self.app.push_screen(TagScreen(f"the span “{excerpt[:40]}”", [], sorted(counts, key=lambda t: -counts[t])), tagged)
            return
        engine = getattr(self, "engine_analysis", None)
        people = [p.name for p in engine.people] if engine else []

        def named(name: str | None) -> None:
            if name is None:
                return
            kind = "direct" if article.text[max(0, choice.start - 1) : choice.start] in ('"', "“", "'", "‘") else "indirect"
            self.app.save(
                lambda: store.add_quote(article.id, article.text, choice.start, choice.end, kind=kind, speaker=name or None, source=article.source, title=article.title)
            )
            self._done(f"Added quote “{excerpt[:40]}”")

        self.app.push_screen(AskScreen("Who said it? (empty: unknown)", "", people), named)

    # ------------------------------------------------------------------ undo

    def action_undo(self) -> None:
        self._history("undo")

    def action_redo(self) -> None:
        self._history("redo")

    def _history(self, which: str) -> None:
        """Undo or redo one annotation change and say which."""
        store = self.app.store
        if store is None:
            return
        description = self.app.save(getattr(store, which))
        done = "Undone" if which == "undo" else "Redone"
        self._done(f"{done}: {description}" if description else f"Nothing to {which}.")

    # ------------------------------------------------------------------ export

    def action_export(self) -> None:
        from annotations.export import suggested_filename
        from tui.screens.dialogs import AskScreen

        default = str(Path.home() / suggested_filename("json"))

        def chosen(path: str | None) -> None:
            if path:
                self.export_to(Path(path).expanduser())

        self.app.push_screen(
            AskScreen("Export all annotations to (the name picks the format: .json, .jsonl, .csv, .jsonld for W3C):", default),
            chosen,
        )

    def export_to(self, path: Path) -> None:
        """Export in a worker, with progress in the notification area; the format follows the file name."""
        name = path.name.lower()
        fmt = "w3c" if name.endswith((".jsonld", ".w3c.json")) else "csv" if name.endswith(".csv") else "jsonl" if name.endswith(".jsonl") else "json"
        if self.app.store is None:
            self.notify("No annotation file is open.", severity="error", markup=False)
            return

        def run() -> None:
            from annotations.export import ExportError, export_to_file

            try:
                result = export_to_file(self.app.store, path, fmt)
            except (ExportError, OSError) as err:
                self.app.call_from_thread(self.notify, f"Export failed: {err}", severity="error", markup=False)
                return
            self.app.call_from_thread(self.notify, result.summary(), markup=False, timeout=10)

        self.notify(f"Exporting to {path}…", markup=False, timeout=3)
        self.run_worker(run, thread=True, group="export", exclusive=True)
