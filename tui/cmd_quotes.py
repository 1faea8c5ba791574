"""``newsreader quotes``: print the quotes, speakers and people of articles.

    newsreader quotes [--format json|table] PATH [PATH ...]
    newsreader quotes [--format json|table] --jsonl FILE|-

One JSON line per article (``{"id", "quotes", "people"}``, the gold format), or a
Rich table.  ``--jsonl`` streams ``{"id", "text"}`` lines (``-`` is stdin) in constant
memory, so an archive can be piped through it or split across processes; offsets
then refer to the given text exactly as it is.  A bad input line is reported on
stderr with its number and skipped; the exit status is 1 when any line or file
failed, 2 for a usage error (such as a path that does not exist).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import IO, Iterator

from annotations.articles import ArticleError, discover, find_boilerplate, load_article
from annotations.model import Analysis
from annotations.quotes import ENGINE_VERSION, find_quotes

PROG = "newsreader quotes"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        sys.stderr.write(f"{PROG}: {message}\n")
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog=PROG, description="Find quotes, speakers and people in articles.")
    p.add_argument("paths", nargs="*", metavar="PATH", help="article files or folders (.txt/.md found recursively)")
    p.add_argument("--jsonl", metavar="FILE", help='read {"id", "text"} lines from FILE ("-" for stdin)')
    p.add_argument("--format", choices=("json", "table"), default="json", help="JSON lines (default) or a table")
    p.add_argument("--version", action="version", version=f"quote engine {ENGINE_VERSION}")
    return p


def main(argv: list[str]) -> int:
    """Run ``newsreader quotes``; returns the exit status."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if args.jsonl is None and not args.paths:
        sys.stderr.write(f"{PROG}: give article paths or --jsonl FILE (see --help)\n")
        return 2
    if args.jsonl is not None and args.paths:
        sys.stderr.write(f"{PROG}: give either paths or --jsonl, not both\n")
        return 2
    out = sys.stdout
    writer = _TableWriter(out) if args.format == "table" else _JsonWriter(out)
    failed = False
    if args.jsonl is not None:
        if args.jsonl == "-":
            failed = _run_jsonl(sys.stdin, "<stdin>", writer)
        else:
            if not os.path.exists(args.jsonl):
                sys.stderr.write(f"{PROG}: {args.jsonl}: no such file\n")
                return 2
            try:
                with open(args.jsonl, encoding="utf-8", errors="replace") as fh:
                    failed = _run_jsonl(fh, args.jsonl, writer)
            except OSError as err:
                sys.stderr.write(f"{PROG}: {args.jsonl}: {err.strerror or err}\n")
                return 1
    else:
        for raw in args.paths:
            if not os.path.lexists(raw):
                sys.stderr.write(f"{PROG}: {raw}: no such file or folder\n")
                return 2
        files, skipped = discover(args.paths)
        for s in skipped:
            sys.stderr.write(f"{PROG}: {s.path}: {s.reason}\n")
            failed = True
        for path in files:
            try:
                article = load_article(path)
            except ArticleError as err:
                sys.stderr.write(f"{PROG}: {path}: {err}\n")
                failed = True
                continue
            writer.write(Path(path).stem, article.text, find_quotes(article.text, article.boilerplate))
    writer.close()
    return 1 if failed else 0


def _lines(fh: IO[str]) -> Iterator[tuple[int, str]]:
    for n, line in enumerate(fh, 1):
        yield n, line


def _run_jsonl(fh: IO[str], name: str, writer: "_JsonWriter | _TableWriter") -> bool:
    """Process ``{"id", "text"}`` lines one at a time; True when any line was bad."""
    failed = False
    for n, line in _lines(fh):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as err:
            sys.stderr.write(f"{PROG}: {name} line {n}: not JSON ({err.msg})\n")
            failed = True
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            sys.stderr.write(f'{PROG}: {name} line {n}: expected an object with a "text" string\n')
            failed = True
            continue
        text = record["text"]
        aid = record.get("id", n)
        writer.write(aid if isinstance(aid, (str, int)) else str(aid), text, find_quotes(text, find_boilerplate(text)))
    return failed


class _JsonWriter:
    """One JSON line per article, written as soon as it is ready."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out

    def write(self, aid: str | int, text: str, analysis: Analysis) -> None:
        record = {"id": aid, "quotes": [q.to_dict() for q in analysis.quotes], "people": [p.to_dict() for p in analysis.people]}
        self.out.write(json.dumps(record, ensure_ascii=False) + "\n")

    def close(self) -> None:
        self.out.flush()


class _TableWriter:
    """A Rich table per article; article text is always a ``Text``, never markup."""

    def __init__(self, out: IO[str]) -> None:
        from rich.console import Console

        self.console = Console(file=out, highlight=False, soft_wrap=False)

    def write(self, aid: str | int, text: str, analysis: Analysis) -> None:
        from rich.table import Table
        from rich.text import Text

        from annotations.text import sanitise  # a table goes to a terminal: no control sequences

        nq, np_ = len(analysis.quotes), len(analysis.people)
        counts = f"{nq} {'quote' if nq == 1 else 'quotes'}, {np_} {'person' if np_ == 1 else 'people'}"
        table = Table(title=Text(sanitise(f"{aid}: {counts}")), expand=True)
        table.add_column("kind", no_wrap=True)
        table.add_column("speaker", ratio=1)
        table.add_column("cue", no_wrap=True)
        table.add_column("conf", justify="right", no_wrap=True)
        table.add_column("quote", ratio=3)
        for q in analysis.quotes:
            table.add_row(
                Text(q.kind),
                Text(sanitise(q.speaker or "—"), style="" if q.speaker else "dim"),
                Text(sanitise(q.cue or "")),
                Text(f"{q.confidence:.2f}"),
                Text(sanitise(q.text)),
            )
        self.console.print(table)
        if analysis.people:
            people = Text("people: ", style="bold")
            people.append(Text(sanitise("; ".join(f"{p.name} ({len(p.mentions)})" for p in analysis.people))))
            self.console.print(people)

    def close(self) -> None:
        self.console.file.flush()
