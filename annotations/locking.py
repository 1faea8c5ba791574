"""A cross-process lock on the annotation file: ``fcntl.flock`` on a sidecar ``<db>.lock``.

The lock is taken around each read-modify-write of the store, never for the app's
lifetime, so two copies of newsreader (or a script running ``newsreader tag``) can both
write to one file and neither loses the other's changes.  ``flock`` locks belong to the
open file description, so the kernel drops the lock when a process dies -- a killed
writer never leaves the file locked.  The sidecar is used instead of the database file
itself because the database file is replaced (``os.replace``) on every save, and a lock
on a replaced inode would protect nothing.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

try:  # pragma: no cover - Windows has no fcntl; the store then runs unlocked
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]


class LockTimeout(OSError):
    """Another process held the lock for longer than the timeout."""


def lock_path_for(db_path: Path | str) -> Path:
    """The sidecar lock file of ``db_path``."""
    p = Path(db_path)
    return p.with_name(p.name + ".lock")


class FileLock:
    """A re-entrant (within one object) exclusive lock on ``<db>.lock``.

    ``acquire`` raises :class:`LockTimeout` after ``timeout`` seconds, and ``OSError``
    when the lock file cannot be created (read-only folder, full disk).
    """

    def __init__(self, db_path: Path | str, timeout: float = 10.0) -> None:
        self.path = lock_path_for(db_path)
        self.timeout = timeout
        self._fd: int | None = None
        self._depth = 0
        self._thread_lock = threading.RLock()

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        return self._depth > 0

    def acquire(self) -> None:
        """Take the lock, waiting up to ``timeout`` seconds for another holder."""
        self._thread_lock.acquire()
        if self._depth:
            self._depth += 1
            return
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        except OSError:
            self._thread_lock.release()
            raise
        try:
            if fcntl is not None:
                deadline = time.monotonic() + self.timeout
                delay = 0.001
                while True:
                    try:
                        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        if time.monotonic() >= deadline:
                            raise LockTimeout(
                                f"another program has been saving to the annotation file for over {self.timeout:g} s"
                            ) from None
                        time.sleep(delay)
                        delay = min(delay * 2, 0.02)
        except BaseException:
            os.close(fd)
            self._thread_lock.release()
            raise
        self._fd = fd
        self._depth = 1

    def release(self) -> None:
        """Release one level of the lock (the file lock goes with the last one)."""
        if not self._depth:
            return
        self._depth -= 1
        if not self._depth and self._fd is not None:
            fd, self._fd = self._fd, None
            try:
                if fcntl is not None:
                    fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)
        self._thread_lock.release()

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
