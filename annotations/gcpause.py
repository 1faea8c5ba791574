"""Pausing Python's cyclic garbage collector while a bulk job builds millions of objects.

Loading the analysis cache (a 30 MB JSON file for 10,000 articles) and building an
export's records create millions of lists and dicts, none of them garbage.  The cyclic
collector runs every 700 new containers and each full pass walks every object alive, so
with it on, ``json.loads`` of the cache took 1.3 s of CPU instead of 0.3 s.  Reference
counting still frees everything as usual while the collector is paused; only reference
cycles wait until it is back on.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def paused_gc() -> Iterator[None]:
    """Turn the cyclic collector off for the ``with`` block (nestable, thread-safe).

    The collector is turned back on when the outermost block (across threads) ends, and
    only if it was on when that block began.
    """
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
