"""``newsreader [PATH ...]``: parse the command line, load the config, run the app."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from annotations import __version__
from annotations.articles import ArticleError, discover, load_article
from annotations.paths import builtin_seeds, config_path, default_db_path
from annotations.text import one_line


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsreader",
        description="Read news articles in the terminal and annotate who said what. "
        "With no PATH, opens the built-in sample articles.",
        epilog="Subcommands: newsreader quotes|tag|untag|export|import --help",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="article files (.txt, .md) or folders to open")
    parser.add_argument("--db", metavar="PATH", help="annotation file (default: $NEWSREADER_DB or the user data folder)")
    parser.add_argument("--config", metavar="PATH", help="config file (default: $NEWSREADER_CONFIG or the user config folder)")
    parser.add_argument("--check", action="store_true", help="list what would load and what would be skipped, then exit")
    parser.add_argument("-V", "--version", action="store_true", help="print the versions of newsreader, Textual and TinyDB")
    return parser


def versions() -> str:
    """One line naming the versions of newsreader and the libraries it stands on."""
    from importlib.metadata import PackageNotFoundError, version

    parts = [f"newsreader {__version__}"]
    for package in ("textual", "rich", "tinydb"):
        try:
            parts.append(f"{package.capitalize() if package != 'tinydb' else 'TinyDB'} {version(package)}")
        except PackageNotFoundError:
            parts.append(f"{package} (not installed)")
    return ", ".join(parts)


def check(paths: list[Path]) -> int:
    """``--check``: load every file without the UI and say what happened to each."""
    found, skipped = discover(paths)
    loaded = 0
    for path in found:
        try:
            article = load_article(path)
        except ArticleError as err:
            print(f"skip  {one_line(str(path))}: {err}")
            continue
        loaded += 1
        note = f"  [{'; '.join(article.warnings)}]" if article.warnings else ""
        print(f"load  {one_line(str(path))}: {article.title} ({article.words} words, id {article.id}){note}")
    for item in skipped:
        print(f"skip  {one_line(str(item.path))}: {item.reason}")
    total_skipped = len(found) - loaded + len(skipped)
    print(f"{loaded} article(s) would load, {total_skipped} skipped")
    return 0


def main(argv: list[str]) -> int:
    """Run the app (or ``--check`` / ``--version``); returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        print(versions())
        return 0
    missing = [p for p in args.paths if not os.path.lexists(p)]
    if missing:
        print(f"newsreader: no such file or folder: {one_line(missing[0])}", file=sys.stderr)
        return 2
    paths = [Path(p) for p in args.paths] or [builtin_seeds()]
    if args.check:
        return check(paths)

    db_path = Path(args.db).expanduser() if args.db else default_db_path()
    if db_path.exists() and db_path.is_dir():
        print(f"newsreader: --db must be a file, not a folder: {db_path}", file=sys.stderr)
        return 2

    from tui.config import ConfigError, load_config

    messages: list[str] = []
    cfg_path = Path(args.config).expanduser() if args.config else config_path()
    try:
        config = load_config(cfg_path)
    except ConfigError as err:
        from tui.config import Config

        config = Config(path=cfg_path)
        messages.append(f"{err} (using defaults)")

    # Files are only listed here; each is read (and any unreadable one named) in the background.
    found, skipped = discover(paths, check_files=False)

    from tui.app import NewsReaderApp

    app = NewsReaderApp(found, db_path=db_path, config=config, skipped=skipped, messages=messages)
    app.run()
    return app.return_code or 0
