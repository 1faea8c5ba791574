"""Pausing Python's cycle collector while building many small, acyclic objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def bulk_allocation() -> Iterator[None]:
    """Pause the cycle collector for the duration of a bulk build.

    Parsing a large cache, folding thousands of quotes or indexing a 16 MB article
    allocates hundreds of thousands of objects; every allocation burst would otherwise
    trigger collections that re-scan the whole heap — measured as half or more of the
    time.  The objects built hold no reference cycles, so nothing is leaked; the
    collector is re-enabled (if it was on) as soon as the block ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
