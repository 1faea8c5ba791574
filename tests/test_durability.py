"""Durability with real processes and real files: SIGKILL mid-save, and two concurrent writers.

The kill test runs a small "zygote" process that has imported the store once and forks
a fresh writer for each round, so 200 rounds take seconds, not minutes.  The writer
prints ``ack N`` after each save returns; the test kills it with SIGKILL at a random
moment, waits until it is gone, and checks that the file loads (with no recovery, no
damage) and holds every acknowledged change.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from annotations.anchor import Anchor
from annotations.store import Store

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")

ZYGOTE = textwrap.dedent(
    r"""
    import os, sys
    sys.path.insert(0, sys.argv[2])
    from annotations.store import Store
    path = sys.argv[1]
    out = sys.stdout.buffer
    for line in sys.stdin:
        cmd, arg = line.split()
        if cmd == "start":
            first = int(arg)
            r, w = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(w)
                os.read(r, 1)  # wait until the parent has announced our pid
                try:
                    store = Store(path)
                    i = first
                    while True:
                        store.tag_article("%016x" % (i % 40), "t%d" % i)
                        if i % 5 == 0:
                            store.add_span("%016x" % (i % 40), "x" * 200 + str(i), 3, 150, tags=["s%d" % i])
                        os.write(1, b"ack %d\n" % i)
                        i += 1
                except BaseException as err:
                    os.write(2, ("writer failed: %r\n" % (err,)).encode())
                    os._exit(3)
            os.close(r)
            out.write(b"pid %d\n" % pid)
            out.flush()
            os.write(w, b"g")
            os.close(w)
        elif cmd == "reap":
            os.waitpid(int(arg), 0)
            out.write(b"done\n")
            out.flush()
    """
)


def _seed(path: Path, n: int) -> None:
    """A file with ``n`` annotations, so that a save takes long enough to be hit mid-way."""
    store = Store(path)
    with store.batch("seed"):
        for i in range(n):
            aid = f"{i % 40:016x}"
            exact = f"seed text number {i} " * 4
            store.put_span(aid, anchor=Anchor(10, 10 + len(exact), exact, "before ", " after"), tags=[f"seed-{i % 30}"], note="n" * 80)


def _expected_tags(acked: list[int]) -> set[str]:
    tags = {f"t{i}" for i in acked}
    tags |= {f"s{i}" for i in acked if i % 5 == 0}
    return tags


def test_sigkill_at_random_moments_never_loses_an_acknowledged_change(tmp_path):
    path = tmp_path / "annotations.json"
    _seed(path, 1000)
    zygote = subprocess.Popen(
        [sys.executable, "-c", ZYGOTE, str(path), str(ROOT)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    rng = random.Random(5)
    next_i = 0
    all_acked: list[int] = []
    temps_seen = 0
    try:
        for round_ in range(200):
            zygote.stdin.write(f"start {next_i}\n".encode())
            zygote.stdin.flush()
            line = zygote.stdout.readline().split()
            assert line and line[0] == b"pid", f"zygote said {line!r}: {zygote.stderr.read1(2000)!r}"
            pid = int(line[1])
            # Let the writer get some saves done (so kills fall at every stage of a save,
            # not only while it starts), then kill it at a random moment.
            acked: list[int] = []
            for _ in range(rng.randint(0, 3)):
                word, n = zygote.stdout.readline().split()
                assert word == b"ack", f"writer said {word!r}"
                acked.append(int(n))
            time.sleep(rng.uniform(0.0, 0.02))
            os.kill(pid, signal.SIGKILL)
            zygote.stdin.write(f"reap {pid}\n".encode())
            zygote.stdin.flush()
            while True:
                out = zygote.stdout.readline()
                assert out, "zygote died"
                if out == b"done\n":
                    break
                word, n = out.split()
                assert word == b"ack"
                acked.append(int(n))
            all_acked.extend(acked)
            next_i = (max(acked) + 1 if acked else next_i) + 1000
            temps_seen += sum(1 for p in tmp_path.iterdir() if ".tmp-" in p.name)
            # The file parses as plain JSON and as a store, with nothing to recover.
            json.loads(path.read_bytes())
            store = Store(path)
            assert store.recovery is None and not store.readonly and store.damaged == 0
            have = set(store.all_tags())
            missing = _expected_tags(acked) - have
            assert not missing, f"round {round_}: acknowledged but lost: {sorted(missing)[:5]}"
            assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name], "stray temp files not cleaned"
    finally:
        zygote.kill()
        zygote.wait()
    store = Store(path)
    assert _expected_tags(all_acked) <= set(store.all_tags())
    assert len(all_acked) >= 250  # the writers did real work between kills
    assert temps_seen > 0  # some kills landed in the middle of a save


WRITER = textwrap.dedent(
    r"""
    import sys
    sys.path.insert(0, sys.argv[3])
    from annotations.store import Store
    path, name = sys.argv[1], sys.argv[2]
    store = Store(path)
    print("ready", flush=True)
    sys.stdin.readline()  # start together
    for i in range(500):
        if i % 2:
            store.add_span("00000000000000aa", "shared article text " * 10, i % 50, i % 50 + 20, tags=["%s-%d" % (name, i)])
        else:
            store.tag_article("00000000000000aa", "%s-%d" % (name, i))
    print("finished", flush=True)
    """
)


def test_two_processes_adding_500_tags_each_keep_all_1000(tmp_path):
    """Both ways concurrent writers lose data: a stale read of one document (the shared
    article's tags) and stale per-table caches (new span documents' ids)."""
    path = tmp_path / "annotations.json"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), name, str(ROOT)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for name in ("A", "B")
    ]
    for p in procs:
        assert p.stdout.readline() == b"ready\n", p.stderr.read()
    for p in procs:
        p.stdin.write(b"go\n")
        p.stdin.flush()
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
        assert out == b"finished\n"
    store = Store(path)
    tags = store.all_tags()
    expected = {f"{name}-{i}" for name in "AB" for i in range(500)}
    assert set(tags) == expected
    assert all(n == 1 for n in tags.values())
    assert len(store.article_state("00000000000000aa")["tags"]) == 500
    assert len(store.span_docs("00000000000000aa")) == 500
    data = json.loads(path.read_bytes())
    assert len(data["spans"]) == 500  # no document overwrote another under a reused doc id
