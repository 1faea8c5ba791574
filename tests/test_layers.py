"""The core stays headless: importing every module of ``annotations`` never loads Textual."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import annotations


def test_annotations_never_imports_textual():
    modules = [m.name for m in pkgutil.walk_packages(annotations.__path__, "annotations.")]
    assert "annotations.articles" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_script_subcommands_do_not_import_textual():
    code = "import sys, tui.cli, tui.launch; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
