"""``newsreader untag``: remove tags from an article from a script.

    newsreader untag [--db PATH] [--quiet] ARTICLE TAG [TAG ...]

The same arguments as ``newsreader tag`` (see :mod:`tui.cmd_tag`).  A tag that was not
on the article is mentioned on stderr and is not an error, so runs can be repeated.
"""

from __future__ import annotations

from tui.cmd_tag import run

PROG = "newsreader untag"


def main(argv: list[str]) -> int:
    """Run ``newsreader untag``; returns the exit status."""
    return run(argv, remove=True, prog=PROG)
