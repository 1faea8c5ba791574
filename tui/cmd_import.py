"""``newsreader import FILE``: merge a JSON or W3C export into the annotation file.

The whole file is checked before anything is written; a bad file gives one line on
standard error, exit code 1, and leaves the annotation file untouched.  The report
(what was added, what conflicted and how it was resolved, what could not be anchored)
goes to standard output.  Never imports Textual.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from annotations.paths import default_db_path
from annotations.text import one_line


def build_parser() -> argparse.ArgumentParser:
    """The ``newsreader import`` argument parser."""
    parser = argparse.ArgumentParser(
        prog="newsreader import",
        description="Merge annotations exported by newsreader (JSON) or any W3C Web Annotation "
        "JSON-LD file into your annotation file. Running it twice changes nothing the second time; "
        "conflicts keep your version and record the imported one; nothing is ever dropped.",
    )
    parser.add_argument("file", metavar="FILE", help="a newsreader JSON export or a W3C Web Annotation file (- for standard input)")
    parser.add_argument("--db", metavar="PATH", help="annotation file (default: $NEWSREADER_DB or the user data folder)")
    return parser


def main(argv: list[str]) -> int:
    """Run ``newsreader import``; returns the exit code."""
    from annotations.importer import ImportFileError, merge, parse_export, read_export
    from annotations.store import Store, StoreError

    args = build_parser().parse_args(argv)
    db = Path(args.db).expanduser() if args.db else default_db_path()
    name = "standard input" if args.file == "-" else args.file
    if args.file != "-" and not os.path.lexists(args.file):
        print(f"newsreader import: no such file: {one_line(args.file, 400)}", file=sys.stderr)
        return 2  # a usage error, like every command given a path that does not exist
    try:
        # Check the file before opening the store: a bad file never touches it.
        if args.file == "-":
            data = sys.stdin.buffer.read()
            try:
                imported = parse_export(data.decode("utf-8"), name)
            except UnicodeDecodeError as err:
                raise ImportFileError(f"{name} is not UTF-8 text (bad byte at offset {err.start})") from None
        else:
            imported = read_export(args.file)
        with Store(db) as store:
            if store.recovery:
                print(f"newsreader import: {one_line(store.recovery, 300)}", file=sys.stderr)
            report = merge(store, imported, name)
    except ImportFileError as err:
        print(f"newsreader import: {one_line(str(err), 400)}; nothing was imported", file=sys.stderr)
        return 1
    except StoreError as err:
        print(f"newsreader import: {one_line(str(err), 400)}", file=sys.stderr)
        return 1
    for line in report.lines():
        indent = line[: len(line) - len(line.lstrip())]
        print(indent + one_line(line, 400))
    return 0
