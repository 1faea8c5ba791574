"""Every tag in the annotation file: filter the list by one, rename or delete it everywhere."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, OptionList
from textual.widgets.option_list import Option

from tui.screens.dialogs import AskScreen, ConfirmScreen


class TagManagerScreen(ModalScreen[str | None]):
    """Lists tags with their use counts; dismisses with a tag to filter the article list by it."""

    DEFAULT_CSS = """
    TagManagerScreen { align: center middle; }
    TagManagerScreen > Vertical { width: 70; height: 80%; border: thick $accent; background: $surface; }
    TagManagerScreen OptionList { height: 1fr; }
    TagManagerScreen Label { padding: 0 1; }
    """
    BINDINGS = [
        Binding("enter", "choose", "Filter list by tag", priority=True, id="tags.filter"),
        Binding("r", "rename", "Rename everywhere", id="tags.rename"),
        Binding("d,delete", "delete", "Delete everywhere", id="tags.delete"),
        Binding("escape,q", "close", "Close", id="tags.close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text("Tags — Enter filters the article list · r renames · d deletes (asks first)"))
            yield OptionList(id="tag-list")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.query_one(OptionList).focus()

    def reload(self) -> None:
        """Re-read the tags from the store."""
        store = self.app.store
        tags = store.all_tags() if store is not None else {}
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        if not tags:
            options.add_option(Option(Text("No tags yet: press t on an article or a quote.", style="dim"), id="", disabled=True))
            return
        for tag, count in sorted(tags.items(), key=lambda kv: (-kv[1], kv[0].casefold())):
            label = Text()
            label.append(f"{count:>5}  ", style="dim")
            label.append(f"#{tag}", style="bold")
            options.add_option(Option(label, id=tag))
        options.highlighted = min(highlighted or 0, options.option_count - 1)

    @property
    def current(self) -> str | None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return None
        option = options.get_option_at_index(options.highlighted)
        return option.id or None

    def action_choose(self) -> None:
        if self.current:
            self.dismiss(self.current)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_rename(self) -> None:
        old = self.current
        if not old:
            return

        def renamed(new: str | None) -> None:
            if not new or new == old:
                return
            count = self.app.save(lambda: self.app.store.rename_tag(old, new))
            if count is not None:
                self.notify(f"Renamed #{old} to #{new} on {count} item(s). z undoes.", markup=False)
            self.reload()

        self.app.push_screen(AskScreen(f"Rename #{old} everywhere to:", old), renamed)

    def action_delete(self) -> None:
        tag = self.current
        if not tag:
            return
        uses = (self.app.store.all_tags() if self.app.store else {}).get(tag, 0)

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            count = self.app.save(lambda: self.app.store.delete_tag(tag))
            if count is not None:
                self.notify(f"Deleted #{tag} from {count} item(s). z undoes.", markup=False)
            self.reload()

        self.app.push_screen(ConfirmScreen(f"Delete the tag #{tag} from all {uses} item(s)?", yes="Delete"), confirmed)
