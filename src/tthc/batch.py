"""Helpers for batch work over millions of rows (imports, the demo generator)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Batch work allocates millions of short-lived rows and builds no reference cycle;
    left running, the cycle collector re-scans them all the time (a third of a large
    run). Restores the collector's previous state."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
