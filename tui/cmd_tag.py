"""``newsreader tag``: add tags to an article from a script.

    newsreader tag [--db PATH] [--quiet] ARTICLE TAG [TAG ...]

ARTICLE is an article file (its id is the hash of its text, so the tags follow the
text wherever the file moves), a folder (every .txt/.md file in it, recursively), or
an article id as shown by ``newsreader export``.
``-`` reads one ARTICLE per line from stdin and tags them all in one save, so a
batch of thousands costs one write.  Each TAG argument is one tag (spaces allowed).

Exit status: 0 done (also when the tags were already there), 1 the change could not
be saved or an article could not be read, 2 usage error.  ``newsreader untag`` takes
the same arguments and removes the tags (see :mod:`tui.cmd_untag`).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

PROG = "newsreader tag"
#: What an article id looks like (the 16 hex digits of :func:`annotations.articles.article_id`).
_ID = re.compile(r"[0-9a-f]{16}")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        sys.stderr.write(f"{self.prog}: {message}\n")
        raise SystemExit(2)


def _parser(prog: str, remove: bool) -> argparse.ArgumentParser:
    verb = "Remove tags from" if remove else "Add tags to"
    p = _Parser(prog=prog, description=f"{verb} an article in the annotation file.")
    p.add_argument("--db", metavar="PATH", help="annotation file (default: $NEWSREADER_DB, else the user data folder)")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    p.add_argument("article", metavar="ARTICLE", help='article file, folder or article id; "-" reads one per line from stdin')
    p.add_argument("tags", metavar="TAG", nargs="+", help="tags (each argument is one tag)")
    return p


@dataclass(slots=True)
class Target:
    """An article to tag: its id, and the file and title when it was given as a path."""

    id: str
    source: str | None = None
    title: str | None = None

    @property
    def label(self) -> str:
        from annotations.text import one_line

        return f"{one_line(self.title, 60)} ({self.id})" if self.title else self.id


class TargetError(Exception):
    """An ARTICLE argument that names neither a readable file nor an article id."""

    def __init__(self, message: str, usage: bool) -> None:
        super().__init__(message)
        self.usage = usage


def expand(arg: str) -> tuple[list[str], list[str]]:
    """A folder becomes the article files in it (recursively); returns ``(args, problems)``."""
    if not os.path.isdir(arg):
        return [arg], []
    from annotations.articles import discover
    from annotations.text import one_line

    files, skipped = discover([arg])
    return [str(f) for f in files], [f"{one_line(str(s.path))}: {s.reason}" for s in skipped]


def resolve_target(arg: str, known_ids: set[str]) -> Target:
    """Turn an ARTICLE argument into a :class:`Target` (a path wins over an id)."""
    from annotations.articles import ArticleError, load_article
    from annotations.text import one_line

    if os.path.lexists(arg):
        try:
            article = load_article(arg)
        except ArticleError as err:
            raise TargetError(f"{one_line(arg)}: {err}", usage=False) from None
        return Target(article.id, str(Path(arg).resolve()), article.title)
    if arg in known_ids or _ID.fullmatch(arg):
        return Target(arg)
    raise TargetError(f"{one_line(arg)}: no such file, and not an article id", usage=True)


def run(argv: list[str], *, remove: bool, prog: str) -> int:
    """Shared body of ``newsreader tag`` and ``newsreader untag``."""
    try:
        args = _parser(prog, remove).parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)

    from annotations.store import Store, StoreError, StoreSaveError, clean_tags
    from annotations.text import one_line

    try:
        tags = clean_tags(args.tags)
    except StoreError as err:
        sys.stderr.write(f"{prog}: {err}\n")
        return 2
    if args.article == "-":
        names = [line.strip() for line in sys.stdin.read().splitlines() if line.strip()]
        if not names:
            sys.stderr.write(f"{prog}: no articles on stdin\n")
            return 2
    else:
        names = [args.article]
    try:
        store = Store(Path(args.db) if args.db else None)
    except StoreError as err:
        sys.stderr.write(f"{prog}: {err}\n")
        return 1
    if store.recovery:
        sys.stderr.write(f"{prog}: warning: {store.recovery}\n")
    if store.readonly:
        sys.stderr.write(f"{prog}: {store.readonly_reason}\n")
        return 1

    known = set(store.article_ids())
    targets: list[Target] = []
    status = 0
    expanded: list[str] = []
    for name in names:
        found, problems = expand(name)
        for problem in problems:
            sys.stderr.write(f"{prog}: skipped {problem}\n")
        if not found and os.path.isdir(name):
            sys.stderr.write(f"{prog}: {one_line(name)}: no article files in this folder\n")
            status = 1
        expanded.extend(found)
    seen_ids: set[str] = set()
    for name in expanded:
        try:
            target = resolve_target(name, known)
        except TargetError as err:
            sys.stderr.write(f"{prog}: {err}\n")
            if err.usage and len(names) == 1:
                return 2
            status = 1
            continue
        if target.id not in seen_ids:  # two copies of one text are one article
            seen_ids.add(target.id)
            targets.append(target)
    if not targets:
        return status or 1

    results: list[tuple[Target, list[str]]] = []
    what = "untagged" if remove else "tagged"
    try:
        with store.batch(f"{what} {len(targets)} article{'s' if len(targets) != 1 else ''} from the command line"):
            for t in targets:
                if remove:
                    if t.id not in known:
                        results.append((t, []))
                        continue
                    changed = store.untag_article(t.id, tags)
                else:
                    changed = store.tag_article(t.id, tags, source=t.source, title=t.title)
                results.append((t, changed))
    except StoreSaveError as err:
        sys.stderr.write(f"{prog}: not saved: {err.reason}\n")
        return 1
    except StoreError as err:
        sys.stderr.write(f"{prog}: {err}\n")
        return 1

    for t, changed in results:
        unchanged = [x for x in tags if x not in changed]
        if remove and unchanged:
            missing = ", ".join(repr(one_line(x, 60)) for x in unchanged)
            sys.stderr.write(f"{prog}: note: {t.label} did not have {missing}\n")
        if not args.quiet:
            if changed:
                sign = "-" if remove else "+"
                shown = " ".join(f"{sign}{one_line(x, 60)}" for x in changed)
                sys.stdout.write(f"{what} {t.label}: {shown}\n")
            elif not remove:
                sys.stdout.write(f"{t.label}: already tagged\n")
    return status


def main(argv: list[str]) -> int:
    """Run ``newsreader tag``; returns the exit status."""
    return run(argv, remove=False, prog=PROG)
