"""The embedded store: Oxigraph on disk under build/, seen through rdflib (oxrdflib).

The build bulk-loads the N-Triples it wrote into `build/store/`; readers open that store
read-only, so a query never pays for parsing the graph again.
"""
from __future__ import annotations

import contextlib
import os
import queue
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.errors import KGError

STORE_DIR = "store"
NT_FILE = "survkg.nt"


# A build's survkg.nt is parsed without checking its IRIs and language tags again: the build
# made each IRI of ids, codes and terms it had validated (kg.graph.rdf; a URL is a literal),
# and tests/test_build.py parses a build's file strictly to keep that true. 1M triples: an
# in-memory load 2.0 -> 1.6 s, the on-disk load 4.1 -> 3.85 s (three loads each, in turns).
LENIENT = True


def load_store(nt_path: str | Path, store_dir: str | Path) -> None:
    """Bulk-load a build's N-Triples file into a new on-disk store (its default graph).

    Straight through pyoxigraph. The default graph, not a named one: SPARQL clients and
    `oxigraph serve` see it as is. Parsed leniently (`LENIENT`). Not counted here: counting
    walks the new store's files (0.13-0.45 s at 1M triples, the last of a build's work), where
    the build has the lines it loaded, distinct, in a list.
    """
    store = ox.Store(str(store_dir))
    store.bulk_load(path=str(nt_path), format=ox.RdfFormat.N_TRIPLES, lenient=LENIENT)
    store.flush()


PIPE_SIZE = 1 << 20  # Linux's default most for a pipe (/proc/sys/fs/pipe-max-size)


class StreamedLoad:
    """A new on-disk store, bulk-loaded from the parts of a build's N-Triples as they are made
    (`add`, e.g. as kg.graph.rdf.to_nt's `each`, then `end`): the load starts with the first
    record file's triples instead of once survkg.nt is written, on the second core, which had
    little to do while the triples were made. Parts may repeat a triple; a store keeps each
    once, so the store holds the graph survkg.nt holds.

    Oxigraph reads the parts from a pipe (its own reads, without the GIL; read through a
    Python object it would ask for the GIL every few kilobytes, and wait for the build's
    Python each time); a thread writes them into it. `wait()` waits for the load and
    returns its seconds; `close()` stops it (a failed build) and waits for its thread: the
    parts not written yet are not, and a line no parser accepts ends the parse (a load whose
    parts were all sent, `end()`, indexes them first: Oxigraph's bulk load cannot be
    interrupted). Where there is no /dev/fd to open the pipe by (`possible()`), the build
    loads survkg.nt once written (`load_store`).
    """

    _STOP = b"\n!\n"  # not N-Triples, in any parser

    def __init__(self, store_dir: str | Path):
        self._parts: queue.SimpleQueue = queue.SimpleQueue()
        self._ended = self._stopping = False  # before the threads that read them start
        reading, writing = os.pipe()
        # A larger pipe (Linux: 64 KiB by default), fewer waits for each side: 1M triples
        # loaded in 8.9 s through the default one, 5.5 s through this, 5.7 s from a file.
        with contextlib.suppress(ImportError, OSError, AttributeError):
            import fcntl
            fcntl.fcntl(writing, fcntl.F_SETPIPE_SZ, PIPE_SIZE)
        self._pool = ThreadPoolExecutor(max_workers=2)
        self._loading = self._pool.submit(self._load, Path(store_dir), reading)
        self._pool.submit(self._write, writing)

    @staticmethod
    def possible() -> bool:
        """Whether a pipe can be opened by its /dev/fd path here (Linux, macOS)."""
        try:
            reading, writing = os.pipe()
        except OSError:
            return False
        try:
            return os.path.exists(f"/dev/fd/{reading}")
        finally:
            os.close(reading)
            os.close(writing)

    def add(self, text: str) -> None:
        if text:  # its bytes, then a line's end (not added to them: a copy of the part)
            self._parts.put(text.encode("utf-8"))
            self._parts.put(b"\n")

    def end(self) -> None:
        """Say that every part was added."""
        self._end(None)

    def wait(self) -> float:
        """Wait for the load of every part added; return its seconds (raise its error)."""
        self._end(None)
        return self._loading.result()

    def close(self) -> None:
        """Stop the load (what it made is the caller's to remove) and wait for its end."""
        self._stopping = True  # the parts not written yet are not
        self._end(self._STOP)
        self._pool.shutdown(wait=True)

    def _end(self, last: bytes | None) -> None:
        if not self._ended:
            self._ended = True
            if last is not None:
                self._parts.put(last)
            self._parts.put(None)

    def _load(self, store_dir: Path, reading: int) -> float:
        started = time.perf_counter()
        try:
            store = ox.Store(str(store_dir))
            store.bulk_load(path=f"/dev/fd/{reading}", format=ox.RdfFormat.N_TRIPLES,
                            lenient=LENIENT)
            store.flush()
        finally:
            os.close(reading)  # with Oxigraph's gone too, a write still waiting fails
        return time.perf_counter() - started

    def _write(self, writing: int) -> None:
        try:
            with open(writing, "wb", buffering=0) as pipe:
                while (part := self._parts.get()) is not None:
                    view = memoryview(self._STOP if self._stopping else part)
                    while view:
                        view = view[pipe.write(view):]
        except BrokenPipeError:  # the load stopped (its error is the caller's from wait)
            while self._parts.get() is not None:
                pass


# A new store is the previous build's changed by the difference of the two builds' N-Triples
# while that difference is at most this share of the new graph: Oxigraph inserts and removes
# triples one transaction at a time, about a fifth as fast per triple as its bulk loader
# (measured at 1M triples), so above it loading the whole graph afresh is quicker.
CHANGED_SHARE = 0.05


def update_store(nt_path: str | Path, store_dir: str | Path,
                 previous_dir: str | Path) -> tuple[int, int] | None:
    """Make store_dir the store of previous_dir (a build) changed by the triples its N-Triples
    lost and gained in nt_path; return (the new store's triple count, triples removed and
    added), or None, having made nothing, where that cannot be done exactly (the caller
    bulk-loads instead).

    A rebuild after a curated edit changes a few lines of a million: copying the previous
    store (Oxigraph's backup: hard links to its immutable files) and applying the difference
    took 1.1 s of CPU at 1M triples, most of it finding the lines that differ, where a bulk
    load takes nine. Both N-Triples files are the builds' sorted, duplicate-free lines, and
    the store made must hold as many triples as the new file has lines. A changed line with
    a blank node makes the caller load afresh (a blank node's label names nothing across two
    loads); one in unchanged lines stays the same node, with all its triples.
    """
    previous = Path(previous_dir)
    old_nt, old_store = previous / NT_FILE, previous / STORE_DIR
    if not (old_store / "CURRENT").is_file() or not old_nt.is_file():
        return None
    limit = int(CHANGED_SHARE * Path(nt_path).stat().st_size / 150)  # ~150 bytes a line
    changes = _difference(old_nt, Path(nt_path), limit)
    if changes is None:
        return None
    removed, added, new_count = changes
    store = count = None
    try:
        source = ox.Store.read_only(str(old_store))
        source.backup(str(store_dir))
        del source
        store = ox.Store(str(store_dir))
        # Removed first: a line written differently may stand for the same triple as its
        # replacement (an older build's escaping), and must end up present.
        for triple in _triples(removed):
            store.remove(ox.Quad(triple.subject, triple.predicate, triple.object))
        store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in _triples(added))
        store.flush()
        count = len(store)
    except (OSError, RuntimeError, ValueError, SyntaxError):
        pass  # an older store format, a store in use, a line Oxigraph reads otherwise
    del store  # closed before its folder may be removed: closing writes into it
    # A store changed since its build (a triple added or lost by hand) ends with a count
    # other than the new file's, and is not kept; one the difference undoes (a stray triple
    # the new graph adds anyway) ends right.
    if count == new_count:
        return new_count, len(removed) + len(added)
    shutil.rmtree(store_dir, ignore_errors=True)
    return None


def _triples(lines: list[bytes]):
    return ox.parse(b"".join(lines), format=ox.RdfFormat.N_TRIPLES) if lines else ()


class _Unsorted(Exception):
    pass


def _sorted_lines(file, counted: list[int]):
    """Yield a file's lines, counting them, raising _Unsorted at a line not after the one
    before it."""
    last = b""
    for line in file:
        if line <= last:
            raise _Unsorted
        counted[0] += 1
        yield line
        last = line


def _difference(old: Path, new: Path, limit: int):
    """Return (lines only in old, lines only in new, new's line count) of two sorted
    N-Triples files, merged as they are read; None when they differ in more than `limit`
    lines, either is not sorted (as bytes) or a changed line has a blank node."""
    removed: list[bytes] = []
    added: list[bytes] = []
    new_lines = [0]
    with open(old, "rb") as a, open(new, "rb") as b:
        olds, news = _sorted_lines(a, [0]), _sorted_lines(b, new_lines)
        try:
            x, y = next(olds, None), next(news, None)
            while x is not None or y is not None:
                if y is None or (x is not None and x < y):
                    removed.append(x)
                    x = next(olds, None)
                elif x is None or y < x:
                    added.append(y)
                    y = next(news, None)
                else:
                    x, y = next(olds, None), next(news, None)
                    continue
                if len(removed) + len(added) > limit:
                    return None
        except _Unsorted:
            return None
    if any(line.startswith(b"_:") or b" _:" in line for line in removed + added):
        return None
    return removed, added, new_lines[0]


def open_graph(build_dir: str | Path) -> Graph:
    """Return an rdflib graph over the built store, read-only."""
    store_dir = Path(build_dir) / STORE_DIR
    if not (store_dir / "CURRENT").exists():
        raise KGError(f"no built store in {build_dir}: run `kg build` first")
    try:
        inner = ox.Store.read_only(str(store_dir))
    except OSError as exc:
        raise KGError(f"cannot open the store in {store_dir}: {exc}") from None
    return Graph(store=OxigraphStore(store=inner), identifier=DATASET_DEFAULT_GRAPH_ID)
