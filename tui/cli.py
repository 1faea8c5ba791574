"""``newsreader`` command line: the app, plus script-friendly subcommands.

Subcommands live in ``tui/cmd_<name>.py``; each exposes ``main(argv: list[str]) -> int``
and must not import Textual (so ``newsreader export`` and ``newsreader quotes`` start fast).
"""

from __future__ import annotations

import importlib
import sys

SUBCOMMANDS = {
    "quotes": "tui.cmd_quotes",
    "tag": "tui.cmd_tag",
    "untag": "tui.cmd_untag",
    "export": "tui.cmd_export",
    "import": "tui.cmd_import",
}


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``newsreader`` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in SUBCOMMANDS:
            module = importlib.import_module(SUBCOMMANDS[argv[0]])
            code = module.main(argv[1:])
        else:
            from tui.launch import main as launch

            code = launch(argv)
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:
        code = 0
    sys.exit(code)
