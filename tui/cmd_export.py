"""``newsreader export``: write the annotations as JSON, JSON Lines, CSV or W3C JSON-LD.

Data goes to standard output (or ``-o FILE``); progress and messages go to standard
error, progress only when standard error is a terminal.  Never imports Textual.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

from annotations.export import FORMATS, ExportError, export_to_stream, export_to_file
from annotations.paths import default_db_path
from annotations.text import one_line


def build_parser() -> argparse.ArgumentParser:
    """The ``newsreader export`` argument parser."""
    parser = argparse.ArgumentParser(
        prog="newsreader export",
        description="Export annotations: articles with their tags and notes, the quotes found in them "
        "with the engine's speaker and your corrections, and your own marked spans.",
        epilog="json: one document (see the README for its schema); jsonl: one article per line; "
        "csv: one row per quote, UTF-8 with a byte order mark, cells starting with = + - @ prefixed with '; "
        "w3c: a W3C Web Annotation collection (JSON-LD).",
    )
    parser.add_argument("--format", "-f", choices=FORMATS, default="json", help="output format (default: json)")
    parser.add_argument("-o", "--output", metavar="FILE", default="-", help="file to write, or - for standard output (default)")
    parser.add_argument("--db", metavar="PATH", help="annotation file (default: $NEWSREADER_DB or the user data folder)")
    parser.add_argument("--tag", metavar="TAG", help="only articles tagged TAG, or holding a quote or span tagged TAG")
    parser.add_argument("--article", metavar="ID", help="only this article (its id, or the path of its file)")
    parser.add_argument(
        "--annotated-only",
        action="store_true",
        help="leave out the engine's quotes you have not reviewed, corrected, tagged or noted (faster: the engine is not consulted)",
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        metavar="N",
        help="processes that build the export together (default: 1, this process only; more forks helpers, which on the benchmark cost more CPU than they saved)",
    )
    return parser


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {value!r}")
    return n


class TerminalProgress:
    """``Exporting 1,234/10,000 articles`` on one self-rewriting stderr line, at most 10 times a second."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.last = 0.0
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done != total and now - self.last < 0.1:
            return
        self.last = now
        self.shown = True
        of = f"/{total:,}" if total else ""
        self.stream.write(f"\rExporting {done:,}{of} articles")
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def main(argv: list[str]) -> int:
    """Run ``newsreader export``; returns the exit code."""
    from annotations.store import Store, StoreError

    args = build_parser().parse_args(argv)
    db = Path(args.db).expanduser() if args.db else default_db_path()
    if not db.exists():
        print(f"newsreader export: no annotation file at {one_line(str(db), 300)} (nothing annotated yet?)", file=sys.stderr)
    progress = TerminalProgress(sys.stderr) if sys.stderr.isatty() else None
    try:
        with Store(db, readonly=True) as store:
            if store.recovery:
                print(f"newsreader export: {one_line(store.recovery, 300)}", file=sys.stderr)
            if args.output == "-":
                out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="", write_through=False)
                try:
                    result = export_to_stream(
                        store, out, args.format, tag=args.tag, article=args.article, progress=progress,
                        annotated_only=args.annotated_only, workers=args.jobs,
                    )
                    out.flush()
                finally:
                    out.detach()
            else:
                result = export_to_file(
                    store, Path(args.output), args.format, tag=args.tag, article=args.article, progress=progress,
                    annotated_only=args.annotated_only, workers=args.jobs,
                )
    except (ExportError, StoreError) as err:
        if progress:
            progress.close()
        print(f"newsreader export: {one_line(str(err), 400)}", file=sys.stderr)
        return 1
    if progress:
        progress.close()
    for warning in result.warnings[:20]:
        print(f"warning: {one_line(warning, 300)}", file=sys.stderr)
    if len(result.warnings) > 20:
        print(f"warning: … and {len(result.warnings) - 20} more", file=sys.stderr)
    if args.output != "-" or sys.stderr.isatty():
        print(result.summary(), file=sys.stderr)
    return 0
