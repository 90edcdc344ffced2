"""Work beside the build's main line: forked children and threads at a lower priority.

The build has more work than one core (the store's load, SHACL, Turtle and JSON-LD, the record
cache) and the machine few cores: what the build must wait for runs at the main line's
priority, the rest a little lower, so that the main line goes first where cores are short.
"""
from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import threading
import time
from typing import Callable

from kg.errors import KGError

BACKGROUND_NICENESS = 5  # how much lower the build's background work runs (os.nice)


class Forked:
    """Run `work` in a forked child process, or here where fork is unavailable; `wait()`
    raises KGError with the child's error, `cancel()` stops it (nothing it wrote is kept:
    it writes into the staging folder only)."""

    def __init__(self, work: Callable[[], object], what: str):
        self.process, self.seconds, self.what = None, 0.0, what
        if "fork" not in mp.get_all_start_methods():
            self.seconds = timed(work)[1]
            return
        context = mp.get_context("fork")
        self.reader, writer = context.Pipe(duplex=False)
        self.process = context.Process(target=_run_child, args=(work, writer), daemon=True)
        self.process.start()
        writer.close()

    def wait(self) -> float:
        """Return the seconds the work took, once it is done."""
        if self.process is None:
            return self.seconds
        try:
            error, self.seconds = self.reader.recv()
        except EOFError:  # the child died without a word (killed, out of memory)
            self.process.join()
            error = f"stopped with exit code {self.process.exitcode}"
        self.process.join()
        self.process = None
        if error is not None:
            raise KGError(f"{self.what} failed: {error}")
        return self.seconds

    def cancel(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.join()
            self.process = None


def _run_child(work: Callable[[], object], writer) -> None:
    # A child's work is beside the build's main line, which the build waits for in any case:
    # on a machine with fewer cores than work, the main line goes first.
    with contextlib.suppress(OSError):
        os.nice(BACKGROUND_NICENESS)
    try:
        writer.send((None, timed(work)[1]))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent as one line
        writer.send((str(exc) or type(exc).__name__, 0.0))


def in_background(func: Callable, *args) -> tuple[object, float]:
    """Run func in this worker thread at the background's lower priority; return (result,
    seconds). Linux gives each thread its own niceness (and Oxigraph's loader threads take the
    one of the thread that starts them); elsewhere it runs at the usual priority."""
    with contextlib.suppress(OSError, AttributeError):
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid,
                       os.getpriority(os.PRIO_PROCESS, tid) + BACKGROUND_NICENESS)
    return timed(func, *args)


def timed(func: Callable, *args) -> tuple[object, float]:
    started = time.perf_counter()
    return func(*args), time.perf_counter() - started
