"""Running one function in a forked copy of this process, as an optional accelerator.

An export of 10,000 articles is CPU-bound Python, and one process uses one core.  A
forked child starts with everything the parent has already loaded (the analysis cache,
the annotation file) at no cost, builds its share of the work, and hands back a picklable
result through an unlinked temporary file.  The caller never depends on it: when the
child fails, is killed or takes too long, :meth:`ForkedCall.result` raises
:class:`ForkFailed` and the caller does that share itself.

Forking is only offered where it is safe: on Linux (macOS system frameworks do not
survive a fork), and only from a process with a single thread (a thread holding a lock
at the moment of the fork would leave it locked in the child for ever; the app, which
runs exports in a worker thread, therefore never forks).
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from typing import Any


class ForkFailed(Exception):
    """The child did not deliver a result (``str(err)`` says why, one line)."""


def usable_cores() -> int:
    """How many cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def fork_available() -> bool:
    """True when :class:`ForkedCall` may be used here and now (see the module docstring)."""
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    if threading.active_count() != 1:
        return False
    return usable_cores() >= 2


class ForkedCall:
    """``fn()`` running in a forked child from construction on; :meth:`result` collects it.

    Always call :meth:`result` or :meth:`cancel` (a ``try``/``finally``), so the child is
    reaped; ``with ForkedCall(fn) as call:`` does the cancelling.
    """

    def __init__(self, fn: Callable[[], Any]) -> None:
        self._file = tempfile.TemporaryFile()  # unlinked: nothing is left behind
        self._pid: int | None = None
        self._started = time.monotonic()
        pid = os.fork()
        if pid == 0:  # the child: never returns into the caller's code
            code = 1
            try:
                # Ctrl-C goes to the parent, which cancels the child.
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                value = fn()
                pickle.dump(value, self._file, protocol=pickle.HIGHEST_PROTOCOL)
                self._file.flush()
                code = 0
            except BaseException:  # noqa: BLE001 - any failure: the parent does the work
                pass
            finally:
                os._exit(code)
        self._pid = pid

    def result(self, timeout: float) -> Any:
        """The child's return value; waits at most ``timeout`` seconds, then gives up on it."""
        if self._pid is None:
            raise ForkFailed("the child was already collected")
        deadline = time.monotonic() + timeout
        delay = 0.001
        while True:
            pid, status = os.waitpid(self._pid, os.WNOHANG)
            if pid:
                self._pid = None
                break
            if time.monotonic() >= deadline:
                self.cancel()
                raise ForkFailed(f"the child took longer than {timeout:.0f} s")
            time.sleep(delay)
            delay = min(delay * 2, 0.02)
        code = os.waitstatus_to_exitcode(status)
        try:
            if code != 0:
                raise ForkFailed(f"the child ended with code {code}")
            self._file.seek(0)
            try:
                return pickle.load(self._file)
            except Exception as err:  # noqa: BLE001 - a short or damaged result is a failed child
                raise ForkFailed(f"the child's result could not be read ({type(err).__name__})") from None
        finally:
            self._file.close()

    def cancel(self) -> None:
        """Stop the child (if it still runs) and reap it."""
        pid, self._pid = self._pid, None
        if pid is not None:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        if not self._file.closed:
            self._file.close()

    def __enter__(self) -> ForkedCall:
        return self

    def __exit__(self, *exc: object) -> None:
        self.cancel()
