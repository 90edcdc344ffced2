"""Python's cyclic garbage collector, paused around work that makes many objects in no cycle.

The collector runs every 700 new container objects and, every so often, walks every object
alive: a build or a projection makes millions of dicts, lists and tuples (records, lines, the
network) that live until the work ends and form no cycle, so those passes free nothing and
cost seconds at a million triples (kg/build/__init__.py says how much). Memory freed by reference
counting, nearly all of it, is freed as before; cycles made meanwhile are collected once the
collector resumes.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def paused() -> Iterator[None]:
    """Pause the cyclic collector for the block (resumed after, if it was running)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
