"""Work beside the build's main line: forked children at a lower priority.

The build has more work than one core (the store's load, Turtle and JSON-LD, the explorer, the
record cache) and the machine few cores: what the build must wait for runs at the main line's
priority (its own work, the store's load in its thread), the rest a little lower, so that the
main line goes first where cores are short.
"""
from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import time
from typing import Callable

from kg.errors import KGError

BACKGROUND_NICENESS = 5  # how much lower the build's background work runs (os.nice)


class _Child:
    """A child process the build waits for: its reply (error, seconds, the work's value)
    comes down `conn`."""

    process = None
    seconds = 0.0
    value = None
    what = ""

    def _reply(self, conn) -> float:
        """Return the seconds the child's work took (its value in `value`); raise KGError
        with its error, or when it died without a word (killed, out of memory)."""
        try:
            error, self.seconds, self.value = conn.recv()
        except EOFError:
            self.process.join()
            error = f"stopped with exit code {self.process.exitcode}"
        if error is not None:
            self.cancel()
            raise KGError(f"{self.what} failed: {error}")
        return self.seconds

    def cancel(self) -> None:
        """Stop the child (nothing it wrote is kept: it writes into the staging folder only)."""
        if self.process is not None:
            self.process.terminate()
            self.process.join()
            self.process = None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.cancel()


class Forked(_Child):
    """Run `work` in a child forked now, or here where fork is unavailable; `wait()` raises
    KGError with the child's error, `cancel()` stops it."""

    def __init__(self, work: Callable[[], object], what: str):
        self.what = what
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
        seconds = self._reply(self.reader)
        self.process.join()  # it has replied: it is ending
        self.process = None
        return seconds


class Helper(_Child):
    """A child process forked early, while this process is still small, that runs the work
    sent to it later (`submit`: what it is, for an error, and a module-level function and its
    arguments, pickled), one piece at a time, in the order sent; `wait()` returns when the
    first piece not waited for is done (where fork is unavailable, each piece runs at
    `submit`), and `result()` what that piece returned (sent back pickled); `cancel()` as
    Forked's; a `with` block cancels it at its end.

    Why not fork when the work is ready: by then this process holds a million triples'
    worth of objects, shared with the child page by page until one side writes a page
    (reference counts, memory freed and reused), which is then copied. A 1M-triple build
    forking its Turtle and JSON-LD child once survkg.nt was written took 22.9 s of CPU
    (the child's page faults 211,000), forking this helper at its start 21.7 s (90,000):
    medians of three clean builds each, in turns; 13.35 s against 13.20 s of wall time."""

    def __init__(self):
        self.pending: list[str] = []  # what each piece sent and not waited for is
        self.done: list[tuple] = []  # without fork: (seconds, value) of each piece run
        if "fork" not in mp.get_all_start_methods():
            return  # `submit` runs the work here
        context = mp.get_context("fork")
        self.conn, theirs = context.Pipe(duplex=True)
        self.process = context.Process(target=_serve, args=(theirs,), daemon=True)
        self.process.start()
        theirs.close()

    def submit(self, what: str, func: Callable, *args) -> None:
        if self.process is None:
            try:
                value, seconds = timed(func, *args)
                self.done.append((seconds, value))
            except Exception as exc:  # noqa: BLE001 - one line, as the child's error is
                raise KGError(f"{what} failed: {_error_text(exc)}") from None
            return
        self.conn.send((func, args))
        self.pending.append(what)

    def wait(self) -> float:
        """Return the seconds the first piece sent and not yet waited for took, once it is
        done (0.0 when none is left)."""
        if self.process is None:
            self.seconds, self.value = self.done.pop(0) if self.done else (0.0, None)
            return self.seconds
        if not self.pending:
            self.value = None
            return 0.0
        self.what = self.pending.pop(0)
        return self._reply(self.conn)

    def result(self):
        """Return what the first piece sent and not yet waited for returned, once it is done."""
        self.wait()
        return self.value


def _serve(conn) -> None:
    """The helper's loop: run each piece of work sent, reply, until the build closes the pipe."""
    _lower_priority()
    while True:
        try:
            func, args = conn.recv()
        except EOFError:
            return
        _run(conn, func, *args)


def _run_child(work: Callable[[], object], writer) -> None:
    _lower_priority()
    _run(writer, work)


def _lower_priority() -> None:
    # A child's work is beside the build's main line, which the build waits for in any case:
    # on a machine with fewer cores than work, the main line goes first.
    with contextlib.suppress(OSError):
        os.nice(BACKGROUND_NICENESS)


def _run(conn, func: Callable, *args) -> None:
    try:
        value, seconds = timed(func, *args)
        conn.send((None, seconds, value))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent as one line
        conn.send((_error_text(exc), 0.0, None))


def _error_text(exc: BaseException) -> str:
    """A work's error in the one line `... failed: ` ends with: its message, or its type."""
    return str(exc) or type(exc).__name__


def timed(func: Callable, *args) -> tuple[object, float]:
    started = time.perf_counter()
    return func(*args), time.perf_counter() - started
