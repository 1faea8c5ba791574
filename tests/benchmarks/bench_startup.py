"""Time to first paint of ``newsreader`` against a bare Textual app, in one run.

Each program is started in a pseudo-terminal, exactly as a user starts it, and timed
from spawn until the text it is expected to paint appears in the terminal output.  The
figure is the ratio of medians against a bare Textual app that paints one screen, so
the machine's speed cancels out.  Memory is the peak RSS of newsreader once the
background loading of a 10,000-article corpus has finished.

    python tests/benchmarks/bench_startup.py [--runs 7] [--articles 10000]

Goals (issue 2): seeds <= 1.3x the bare app, 10,000 articles <= 2x, memory < 200 MB.
"""

from __future__ import annotations

import argparse
import os
import pty
import random
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
NEWSREADER = Path(sys.executable).with_name("newsreader")

BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Static

class Bare(App):
    def compose(self):
        yield Static("BARE-APP-READY")
        yield Footer()

Bare().run()
"""

WORDS = (
    "the council said on monday that it would review the plan after residents complained about "
    "noise traffic and the cost of the new harbour bridge which opened last spring"
).split()


def make_corpus(folder: Path, count: int) -> None:
    """Write ``count`` synthetic articles of about 400 words into ``folder``."""
    rng = random.Random(7)
    for i in range(count):
        sub = folder / f"{i // 1000:02d}"
        sub.mkdir(exist_ok=True)
        body = []
        for _ in range(12):
            sentence = " ".join(rng.choice(WORDS) for _ in range(30))
            body.append(f'"{sentence.capitalize()}," said Official{i % 97} Person. {sentence}.')
        (sub / f"article-{i:05d}.txt").write_text(f"Synthetic story number {i}\n\n" + "\n\n".join(body))


def time_to_text(argv: list[str], needle: bytes, env: dict[str, str], *, measure_memory: float = 0) -> tuple[float, int]:
    """Seconds from spawn until ``needle`` is painted, and peak RSS in KiB (if asked)."""
    pid, fd = pty.fork()
    if pid == 0:  # child
        os.environ.update(env)
        os.execv(argv[0], argv)
    start = time.perf_counter()
    buffer = b""
    elapsed = None
    try:
        os.set_blocking(fd, False)
        import fcntl
        import struct
        import termios

        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        deadline = start + 60
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                buffer += chunk
                if needle in buffer:
                    elapsed = time.perf_counter() - start
                    break
        peak = 0
        if measure_memory and elapsed is not None:
            end = time.perf_counter() + measure_memory
            while time.perf_counter() < end:
                try:
                    os.read(fd, 65536)
                except OSError:
                    pass
                time.sleep(0.05)
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = int(line.split()[1])
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    if elapsed is None:
        raise SystemExit(f"{argv} never painted {needle!r}; output tail: {buffer[-500:]!r}")
    return elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    if not NEWSREADER.exists():
        raise SystemExit(f"{NEWSREADER} not found: pip install the project into this interpreter's venv")

    work = Path(tempfile.mkdtemp(prefix="nr-bench-"))
    try:
        corpus = work / "corpus"
        corpus.mkdir()
        make_corpus(corpus, args.articles)
        bare_script = work / "bare.py"
        bare_script.write_text(BARE_APP)
        env = {
            "TERM": "xterm-256color",
            "NEWSREADER_DB": str(work / "db.json"),
            "NEWSREADER_CONFIG": str(work / "none.toml"),
            "NEWSREADER_CACHE": str(work / "cache"),
        }
        seeds_title = b"Biden sees progress"  # any seed title: the list is painted
        big_title = b"Synthetic story number 0"
        bare, seeds, big = [], [], []
        for _ in range(args.runs):  # interleaved so drift hits all three alike
            bare.append(time_to_text([sys.executable, str(bare_script)], b"BARE-APP-READY", env)[0])
            seeds.append(time_to_text([str(NEWSREADER)], seeds_title, env)[0])
            big.append(time_to_text([str(NEWSREADER), str(corpus)], big_title, env)[0])
        _, peak_kib = time_to_text([str(NEWSREADER), str(corpus)], big_title, env, measure_memory=6.0)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    b, s, g = statistics.median(bare), statistics.median(seeds), statistics.median(big)
    print(f"bare Textual app first paint:   {b * 1000:7.1f} ms (median of {args.runs})")
    print(f"newsreader, 5 seeds:            {s * 1000:7.1f} ms  ratio {s / b:4.2f}x  (goal <= 1.30x)")
    print(f"newsreader, {args.articles:,} articles:  {g * 1000:7.1f} ms  ratio {g / b:4.2f}x  (goal <= 2.00x)")
    print(f"peak memory, {args.articles:,} articles after background load: {peak_kib / 1024:6.1f} MB  (goal < 200 MB)")


if __name__ == "__main__":
    main()
