"""Save latency of the annotation store with 10,000 annotations in the file.

Goal (issue 5): p95 under 20 ms per save.  Each timed save is one real change through
the public API -- lock, check the file, apply, serialise, write a temp file, fsync,
rename, fsync the folder -- alternating tags on articles, quotes and spans.

Run: ``.venv/bin/python tests/benchmarks/bench_save.py [--annotations N] [--saves N] [--no-fsync]``

Most of a save is the disk: writing ~5 MB, ``fdatasync``, ``rename`` and the folder's
``fsync``.  ``--no-fsync`` shows the CPU part alone; on a machine whose disk is busy
with other work the fsyncs, and so the p95, grow.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import string
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from annotations.anchor import Anchor  # noqa: E402
from annotations.store import Store  # noqa: E402

GOAL_P95_MS = 20.0


def _words(rng: random.Random, n: int) -> str:
    return " ".join("".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(2, 9))) for _ in range(n))


def build(path: Path, annotations: int, seed: int = 1) -> tuple[list[str], list[str], list[str]]:
    """A file with ``annotations`` quotes, spans and tagged articles (a realistic mix)."""
    rng = random.Random(seed)
    store = Store(path)
    n_articles = max(1, annotations // 20)
    article_ids = [f"{i:016x}" for i in range(n_articles)]
    quote_ids: list[str] = []
    span_ids: list[str] = []
    tags = [f"tag-{i}" for i in range(60)]
    with store.batch("benchmark data"):
        for aid in article_ids:
            store.tag_article(aid, rng.sample(tags, 2), source=f"/news/{aid}.txt", title=_words(rng, 8))
            store.set_article_note(aid, _words(rng, 30))
        made = n_articles
        while made < annotations:
            aid = rng.choice(article_ids)
            start = rng.randint(0, 5000)
            exact = _words(rng, rng.randint(5, 30))
            anchor = Anchor(start, start + len(exact), exact, _words(rng, 6)[:32], _words(rng, 6)[:32])
            if made % 4:
                quote_ids.append(
                    store.put_quote(
                        aid, anchor=anchor, origin=rng.choice(("engine", "user")), kind="direct", cue="said",
                        engine_speaker="Jane Doe", confidence=0.8, status=rng.choice(("accepted", "rejected", "unreviewed")),
                        speaker=None, tags=rng.sample(tags, rng.randint(0, 3)),
                        note=_words(rng, 12) if rng.random() < 0.3 else None,
                    )
                )
            else:
                span_ids.append(store.put_span(aid, anchor=anchor, tags=rng.sample(tags, 1), note=_words(rng, 10)))
            made += 1
    return article_ids, quote_ids, span_ids


def _raw_floor(folder: Path, size: int, n: int) -> tuple[float, float]:
    """p50/p95 of a bare durable replace of a file of ``size`` bytes: what no store can beat."""
    data = os.urandom(size)
    tmp, target = folder / "floor.tmp", folder / "floor.json"
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, data)
            os.fdatasync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
        dfd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=int, default=10_000)
    parser.add_argument("--saves", type=int, default=300)
    parser.add_argument(
        "--no-fsync", action="store_true",
        help="skip fsync (not what the app does): shows how much of a save is CPU and how much the disk",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "annotations.json"
        t0 = time.perf_counter()
        article_ids, quote_ids, span_ids = build(path, args.annotations)
        build_s = time.perf_counter() - t0
        size = path.stat().st_size
        store = Store(path, fsync=not args.no_fsync)  # a fresh process's view: open, then save repeatedly
        rng = random.Random(2)
        times = []
        for i in range(args.saves):
            which = i % 3
            t = time.perf_counter()
            if which == 0:
                store.tag_article(rng.choice(article_ids), f"bench-{i}")
            elif which == 1:
                store.tag_quote(rng.choice(quote_ids), f"bench-{i}")
            else:
                store.set_span_note(rng.choice(span_ids), f"note {i}")
            times.append((time.perf_counter() - t) * 1000)
        first = times[0]
        times.sort()
        p50 = statistics.median(times)
        p95 = times[int(len(times) * 0.95) - 1]
        verdict = "OK" if p95 < GOAL_P95_MS else "OVER GOAL"
        print(f"file: {args.annotations:,} annotations, {size / 1e6:.1f} MB (built in {build_s:.1f} s)")
        mode = " (NO FSYNC: not the app's setting)" if args.no_fsync else ""
        print(f"save latency{mode} over {args.saves} saves: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms "
              f"(goal: p95 < {GOAL_P95_MS:.0f} ms) {verdict}")
        print(f"first save after opening (serialises every document once): {first:.1f} ms")
        floor = _raw_floor(Path(tmp), size, 60)
        print(
            f"floor, the disk alone (write {size / 1e6:.1f} MB to a temp file, fdatasync, rename, fsync folder): "
            f"p50 {floor[0]:.1f} ms, p95 {floor[1]:.1f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
