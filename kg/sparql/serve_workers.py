"""Query workers for `kg serve`: Oxigraph in child processes, killed when a query runs too long.

Why processes: Oxigraph cannot cancel a running query from Python, and the `oxigraph
serve-read-only --timeout-s` server stops one only late (measured: with a 2 s timeout, a COUNT
over a cross product of the curated graph ran for 4 minutes, then answered HTTP 200 with
"The SPARQL operation has been cancelled" as its body). A worker that passes its deadline is
killed (SIGKILL) and replaced, so the server's other queries go on and the CPU is freed at once.

A query may also add at most `memory_mb` to its worker's address space (RLIMIT_AS, set for the
query only): measured, `SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ...` grows a worker by
hundreds of MB a second. Past the limit Oxigraph's allocation fails and Rust aborts the worker,
saying "memory allocation of N bytes failed" on its stderr (which the pool reads, so that an
abort for another reason, such as a panic in Oxigraph, is not taken for the limit); the pool
answers 503 and starts another.

Each worker opens the build's store read-only and reopens it when `kg build` has swapped a new
store into place (the store folder is a new inode), so a running `kg serve` never blocks a
build and answers from the new graph from the next query on.

>>> negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULT_TYPES)[0]
'application/sparql-results+xml'
>>> negotiate("image/png", RESULT_TYPES) is None
True
"""
from __future__ import annotations

import os
import queue
import resource
import signal
import socket
import subprocess
import sys
import threading
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

import pyoxigraph as ox

MAX_RESULT_BYTES = 64 << 20  # a bigger answer is refused (kg serve --max-answer): add LIMIT
MEMORY_MB = 1024  # what one query may add to its worker's address space (kg serve --memory)
R, F = ox.QueryResultsFormat, ox.RdfFormat
RESULT_TYPES = {"application/sparql-results+json": R.JSON, "application/json": R.JSON,
                "application/sparql-results+xml": R.XML, "application/xml": R.XML,
                "text/csv": R.CSV, "text/tab-separated-values": R.TSV}
GRAPH_TYPES = {"application/n-triples": F.N_TRIPLES, "text/turtle": F.TURTLE,
               "application/rdf+xml": F.RDF_XML, "application/ld+json": F.JSON_LD,
               "text/plain": F.N_TRIPLES}


def negotiate(accept: str | None, offered: dict) -> tuple[str, object] | None:
    """Return (media type, format) best matching an Accept header; None if none fits."""
    ranked = []
    for position, item in enumerate((accept or "*/*").split(",")):
        mime, *params = [p.strip() for p in item.split(";")]
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranked.append((-quality, position, mime.lower()))
    for negative_q, _, mime in sorted(ranked):
        if negative_q >= 0:
            break
        if mime in offered:
            return mime, offered[mime]
        if mime.endswith("/*"):
            first = next((m for m in offered if mime == "*/*" or m.startswith(mime[:-1])), None)
            if first:
                return first, offered[first]
    return None


class _Capped:
    """A binary sink that refuses to grow past `limit` bytes."""

    def __init__(self, limit: int = MAX_RESULT_BYTES):
        self.parts, self.size, self.limit = [], 0, limit

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise MemoryError
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


def over_memory(memory_mb: int) -> tuple:
    """Return the answer to a query that needed more than memory_mb."""
    return ("error", 503, f"query needs more memory than the limit ({memory_mb} MB; "
            f"kg serve --memory)")


def size_text(count: int) -> str:
    """Return a byte count as people read it: whole MiB as such, else in bytes.

    >>> size_text(64 << 20), size_text(1 << 20), size_text(1500)
    ('64 MiB', '1 MiB', '1,500 bytes')
    """
    return f"{count >> 20} MiB" if count and count % (1 << 20) == 0 else f"{count:,} bytes"


def over_answer(limit: int) -> tuple:
    """Return the answer to a query whose answer is larger than limit bytes."""
    return ("error", 503, f"answer larger than {size_text(limit)} (kg serve --max-answer): "
            "add a LIMIT, or page with LIMIT and OFFSET")


def answer(store: ox.Store, job: dict, memory_mb: int = MEMORY_MB,
           max_answer: int = MAX_RESULT_BYTES) -> tuple:
    """Run one query job; return ("ok", content type, body) or ("error", status, message)."""
    try:
        graphs = {k: [ox.NamedNode(g) for g in job.get(k, [])] or None
                  for k in ("default_graph", "named_graphs")}
        result = store.query(job["query"], **graphs)
    except (SyntaxError, ValueError) as exc:
        return ("error", 400, _first_line(exc))
    except OSError as exc:
        return ("error", 500, f"store error: {_first_line(exc)}")
    except MemoryError:
        return over_memory(memory_mb)
    offered = GRAPH_TYPES if isinstance(result, ox.QueryTriples) else RESULT_TYPES
    chosen = negotiate(job.get("accept"), offered)
    if chosen is None:
        return ("error", 406, f"cannot answer as {job.get('accept')}: "
                f"accepted types are {', '.join(offered)}")
    mime, fmt = chosen
    sink = _Capped(max_answer)
    try:
        result.serialize(sink, fmt)
    except MemoryError:
        return over_answer(max_answer) if sink.size > max_answer else over_memory(memory_mb)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - evaluation errors surface while serializing,
        # and a Rust panic inside Oxigraph (pyo3's PanicException) is not an Exception
        return ("error", 500, f"query failed: {_first_line(exc)}")
    charset = "; charset=utf-8" if mime.startswith("text/") else ""
    return ("ok", mime + charset, b"".join(sink.parts))


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0]


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the server dies, even by SIGKILL."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the closed pipe still ends the loop
        pass


def _address_space() -> int:
    """Return this process's address space in bytes (VmSize), 0 if unknown."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def bounded(store: ox.Store, job: dict, memory_mb: int, max_answer: int = MAX_RESULT_BYTES
            ) -> tuple:
    """Return answer(store, job) with the address space bounded to memory_mb more than now."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    base = _address_space()
    if base:
        limit = base + (memory_mb << 20)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        return answer(store, job, memory_mb, max_answer)
    finally:
        if base:
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _without_network() -> bool:
    """Return whether this process now has a network of its own with nothing in it.

    The second guard against federation (the server refuses SERVICE before a worker sees it): a
    worker in an empty network namespace cannot reach any address, loopback included. Linux
    only; needs root or unprivileged user namespaces, else the server's check stands alone.
    """
    try:
        import ctypes

        unshare = ctypes.CDLL(None, use_errno=True).unshare
    except (OSError, AttributeError):
        return False
    new_net, new_user = 0x40000000, 0x10000000
    # A new user namespace only when the network one alone is refused: as root it would drop
    # the capabilities that let the worker read a store other users own.
    return unshare(new_net) == 0 or unshare(new_net | new_user) == 0


def worker_main(conn, store_dir: str, memory_mb: int = MEMORY_MB, network: bool = False,
                max_answer: int = MAX_RESULT_BYTES) -> None:
    """A worker's loop: answer jobs until the server closes the pipe.

    Only the workers of the federation pool (kg serve --allow-federation, given queries whose
    every SERVICE names an allowed host) keep the network.
    """
    _die_with_parent()
    if not network:
        _without_network()  # before any thread starts: unshare refuses a threaded process
    store, opened = None, None
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            identity = os.stat(store_dir).st_ino
        except OSError:  # between the two renames of a build's swap: keep the store we have
            identity = opened
        if identity != opened or store is None:
            try:
                store, opened = ox.Store.read_only(store_dir), identity
            except OSError as exc:
                if store is None:
                    conn.send(("error", 503, f"cannot open the store: {_first_line(exc)}"))
                    continue
        conn.send(bounded(store, job, memory_mb, max_answer))


@dataclass
class Worker:
    process: subprocess.Popen
    conn: Connection
    said: deque = field(default_factory=lambda: deque(maxlen=8))  # its last stderr lines
    reader: threading.Thread | None = None

    def listen(self) -> None:
        """Keep the last lines the worker writes to stderr (read until it exits)."""
        with self.process.stderr:
            for line in self.process.stderr:
                self.said.append(line.decode("utf-8", "replace").strip())

    def why_it_died(self, memory_mb: int) -> tuple:
        """Return the answer for the query a worker died on, from what it said last."""
        if any(line.startswith("memory allocation of") for line in self.said):
            return over_memory(memory_mb)  # Rust aborts when an allocation fails: the limit
        told = [line for line in self.said if line and not line.startswith(("note:", "thread '"))]
        return ("error", 500, f"the query worker died: {told[-1][:300] if told else 'no reason given'}"
                "; try again")


@dataclass
class Pool:
    """`size` workers over `store_dir`; `run` gives each job at most `timeout` seconds."""

    store_dir: str
    size: int = 2
    timeout: float = 30.0
    memory_mb: int = MEMORY_MB
    network: bool = False  # True only for the workers that run allowed federated queries
    max_answer: int = MAX_RESULT_BYTES
    idle: queue.Queue = field(default_factory=queue.Queue)
    closed: bool = False

    def __post_init__(self):
        self._workers: dict[int, Worker] = {}
        self._lock = threading.Lock()
        for _ in range(self.size):
            self.idle.put(self._spawn())

    def _spawn(self) -> Worker:
        # A fresh interpreter (`python -m kg.sparql.serve_workers`), not a fork of a threaded server
        # nor multiprocessing's spawn, which re-imports the caller's __main__.
        parent, child = socket.socketpair()
        with child:
            process = subprocess.Popen(
                [sys.executable, "-m", "kg.sparql.serve_workers", str(child.fileno()), self.store_dir,
                 str(self.memory_mb), "network" if self.network else "offline",
                 str(self.max_answer)],
                pass_fds=[child.fileno()], stdin=subprocess.DEVNULL, stderr=subprocess.PIPE,
                env={**os.environ, "RUST_BACKTRACE": "0"})  # an abort: one line, not a trace
        worker = Worker(process, Connection(parent.detach()))
        worker.reader = threading.Thread(target=worker.listen, daemon=True)
        worker.reader.start()
        with self._lock:
            self._workers[id(worker)] = worker
        return worker

    def run(self, job: dict) -> tuple:
        """Return the job's answer, or a 503 when it passed the timeout or no worker freed."""
        try:
            worker = self.idle.get(timeout=self.timeout)
        except queue.Empty:
            return ("error", 503, "busy: every query worker stayed busy; try again")
        try:
            worker.conn.send(job)
            if worker.conn.poll(self.timeout):
                result = worker.conn.recv()
                self.idle.put(worker)
                return result
        except (EOFError, OSError):
            try:
                worker.process.wait(self.timeout)
            except subprocess.TimeoutExpired:
                pass
            worker.reader.join(self.timeout)  # all it said, up to its end
            answer = worker.why_it_died(self.memory_mb)
            self._replace(worker)
            return answer
        self._replace(worker)
        return ("error", 503, f"query stopped after {self.timeout:g} s (kg serve --timeout)")

    def _replace(self, worker: Worker) -> None:
        """Kill a worker and start another in the background."""
        def renew():
            self._stop(worker)
            if not self.closed:
                self.idle.put(self._spawn())
        threading.Thread(target=renew, daemon=True).start()

    def _stop(self, worker: Worker) -> None:
        worker.process.kill()
        worker.process.wait()
        worker.conn.close()
        with self._lock:
            self._workers.pop(id(worker), None)

    def close(self) -> None:
        self.closed = True
        with self._lock:
            workers = list(self._workers.values())
        for worker in workers:
            self._stop(worker)


if __name__ == "__main__":  # a worker, started by Pool._spawn: FD STORE_DIR MEMORY_MB NET MAX
    worker_main(Connection(int(sys.argv[1])), sys.argv[2], int(sys.argv[3]),
                sys.argv[4] == "network", int(sys.argv[5]))
