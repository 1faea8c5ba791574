"""End to end: the installed ``newsreader`` in a real terminal (tmux), read off the pane."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from annotations.articles import load_article
from annotations.paths import builtin_seeds

NEWSREADER = Path(sys.executable).with_name("newsreader")

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Pane:
    """A tmux session running one command, read with capture-pane."""

    def __init__(self, command: str, env: dict[str, str], width: int = 120, height: int = 40) -> None:
        self.name = f"nr-{uuid.uuid4().hex[:8]}"
        # A private server (socket) and no user config: nothing else on the machine can
        # resize this window or change its keys.
        self.tmux = ["tmux", "-L", self.name, "-f", "/dev/null"]
        exports = " ".join(f"{k}={v}" for k, v in env.items())
        shell = f"env -u COLUMNS -u LINES TERM=xterm-256color {exports} {command}; echo __EXIT=$?; sleep 600"
        subprocess.run(
            [*self.tmux, "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), shell],
            check=True,
        )
        subprocess.run([*self.tmux, "resize-window", "-t", self.name, "-x", str(width), "-y", str(height)])

    def text(self) -> str:
        return subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        ).stdout

    def wait_for(self, needle: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.text()
            if needle in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{needle!r} never appeared; the pane shows:\n{self.text()}")

    def keys(self, *keys: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, *keys], check=True)

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True)


def test_installed_newsreader_shows_the_seeds_opens_one_and_quits(tmp_path):
    assert NEWSREADER.exists(), "install the project first: pip install -e '.[test]'"
    titles = [load_article(p).title for p in sorted(builtin_seeds().glob("*.txt"))]
    assert len(titles) == 5
    env = {"NEWSREADER_DB": str(tmp_path / "db.json"), "NEWSREADER_CONFIG": str(tmp_path / "none.toml")}
    os.chdir(tmp_path)  # the built-in corpus must not depend on the working directory
    pane = Pane(str(NEWSREADER), env)
    try:
        pane.wait_for("5 articles")
        for title in titles:
            pane.wait_for(title[:25])
        pane.keys("G", "Enter")
        last = load_article(sorted(builtin_seeds().glob("*.txt"))[-1])
        body_start = last.text[last.paragraphs[1][0] :][:30]
        pane.wait_for(body_start)
        pane.keys("q")
        pane.wait_for("__EXIT=0")
    finally:
        pane.close()
    # The article opened with Enter is remembered as read.
    assert last.id in (tmp_path / "db.json").read_text()


def test_usage_error_exit_code():
    result = subprocess.run([str(NEWSREADER), "/no/such/path"], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.strip() == "newsreader: no such file or folder: /no/such/path"
