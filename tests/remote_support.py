"""Test helpers for endpoints: a real `oxigraph serve`, and tiny loopback servers that misbehave.

Everything listens on 127.0.0.1 on a free port and stops when the test is done; each server
answers a bounded number of connections only as long as the test runs.
"""
from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sysconfig
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

FIXTURE = Path(__file__).parent / "fixtures" / "cli" / "data"


def run(*args: str):
    """Run the `kg` command line in-process; exceptions propagate (a traceback is a bug)."""
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# Tests against a real server (Virtuoso, `oxigraph serve`) check what an answer holds, not how
# fast it comes: on a loaded 2-core CI machine one Virtuoso request once took over the default
# 30 s. A test of the time limit itself passes its own --timeout.
PATIENT = ("--timeout", "900")


def build_fixture(folder: Path) -> Path:
    """Build tests/fixtures/cli/data into folder/build and return it."""
    out = folder / "build"
    assert run("--data", str(FIXTURE), "--build-dir", str(out), "build").exit_code == 0
    return out


def oxigraph_binary() -> str | None:
    """The `oxigraph` server of the PyPI package, beside this Python's scripts, or on PATH."""
    beside = Path(sysconfig.get_path("scripts")) / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen | None = None, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {seconds} s")


@dataclass
class Oxigraph:
    process: subprocess.Popen
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/query"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_oxigraph(folder: Path) -> Oxigraph:
    """Start `oxigraph serve` (read-write, on disk in `folder`) on a free loopback port."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server is not installed: pip install -e '.[test]'")
    for attempt in range(3):  # another process may take the free port first
        port = free_port()
        process = subprocess.Popen(
            [binary, "serve", "--location", str(folder / f"db{attempt}"),
             "--bind", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for_port(port, process)
            return Oxigraph(process, port)
        except RuntimeError:
            process.kill()
            process.wait()
    raise RuntimeError("oxigraph serve did not start")


def select(url: str, query: str, graph: str | None = None, accept: str = "text/csv") -> str:
    """Ask an endpoint directly (not through survkg); return the body as text."""
    fields = [("query", query)] + ([("default-graph-uri", graph)] if graph else [])
    request = urllib.request.Request(url, urllib.parse.urlencode(fields).encode(),
                                     headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read().decode("utf-8")


def count(url: str, graph: str | None = None) -> int:
    return int(select(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", graph).split()[1])


def temporary_graphs(url: str) -> list[str]:
    """The temporary graphs of batched pushes left on the server."""
    rows = select(url, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                       "FILTER(STRSTARTS(STR(?g), 'urn:survkg:push-temporary:')) }")
    return rows.split()[1:]


@contextlib.contextmanager
def counting_readers(url: str, graph: str | None, most: int = 5_000):
    """Yield the list of triple counts that two threads read from the graph, one after the
    other, until the block ends (what readers saw while pushes replaced the graph)."""
    seen: list[int] = []
    done = threading.Event()

    def read():
        while not done.is_set() and len(seen) < most:
            seen.append(count(url, graph))

    readers = [threading.Thread(target=read) for _ in range(2)]
    for reader in readers:
        reader.start()
    try:
        yield seen
    finally:
        done.set()
        for reader in readers:
            reader.join()


# --- servers that misbehave ------------------------------------------------------------------

class TinyServer:
    """A loopback TCP server running `handle(conn)` for each connection in a thread."""

    def __init__(self, handle):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.handle = handle
        self.cut: list[str] = []  # the methods a proxy cut off midway
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/query"

    def _loop(self) -> None:
        self.sock.settimeout(0.1)
        while not self.stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            try:
                self.handle(conn, self)
            except OSError:
                pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.thread.join()
        self.sock.close()


def _read_past_head(conn: socket.socket) -> tuple[bytes, bool]:
    """Read until a request's headers have ended; return what was read and whether they did
    (False: the client hung up first)."""
    conn.settimeout(10)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data, False
        data += chunk
    return data, True


def read_head(conn: socket.socket) -> bytes | None:
    """Read a request's headers only (the body left unread); None if the client hung up."""
    data, whole = _read_past_head(conn)
    return data.partition(b"\r\n\r\n")[0] if whole else None


def read_request(conn: socket.socket) -> bytes:
    """Read one whole HTTP request (headers and a Content-Length body)."""
    data, whole = _read_past_head(conn)
    if not whole:
        return data
    head, _, body = data.partition(b"\r\n\r\n")
    length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                   if line.lower().startswith(b"content-length:")), 0)
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def respond(status: str, ctype: str, body: bytes):
    """A handler answering every request with one fixed HTTP response."""
    def handle(conn, server):
        read_request(conn)
        conn.sendall(f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: "
                     f"{len(body)}\r\nConnection: close\r\n\r\n".encode() + body)
    return handle


def hang(conn, server):
    """Read the request, then say nothing until the test ends."""
    read_request(conn)
    server.stopped.wait(30)


def trickle(conn, server):
    """Answer 200 and then a byte every 0.2 s, never finishing within a short timeout."""
    read_request(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                 b"Content-Length: 100000\r\n\r\n")
    while not server.stopped.wait(0.2):
        conn.sendall(b" ")


def flood(declared: int | None = None):
    """A handler answering 200 and then zero bytes as fast as the client takes them, until the
    client hangs up or the test ends (with a Content-Length of `declared`, else none).

    The bytes sent so far are kept in server.sent (one running total per connection)."""
    def handle(conn, server):
        read_request(conn)
        length = f"Content-Length: {declared}\r\n" if declared else ""
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                     + length.encode() + b"Connection: close\r\n\r\n")
        block, total = b"0" * 65536, 0
        server.sent = getattr(server, "sent", [])
        server.sent.append(0)
        conn.settimeout(10)
        while not server.stopped.is_set() and total < 1_000_000_000:
            conn.sendall(block)  # raises once the client has gone
            total += len(block)
            server.sent[-1] = total
    return handle


def hang_up(conn, server):
    """Read the request and close without a word."""
    read_request(conn)


def proxy(upstream_port: int, truncate_puts: bool = False, truncate_posts: bool = False,
          refuse_puts: bool = False):
    """A handler forwarding one request to 127.0.0.1:upstream_port and its answer back.

    truncate_*: forward only the first half of a PUT's / POST's bytes, then drop both
    connections (a push cut off midway). refuse_puts: answer a PUT 405 (no Graph Store).
    """
    def handle(conn, server):
        request = read_request(conn)
        method = request.split(b" ", 1)[0]
        line, _, rest = request.partition(b"\r\n")  # one request per upstream connection
        request = line + b"\r\nConnection: close\r\n" + rest
        if refuse_puts and method == b"PUT":
            conn.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n"
                         b"Connection: close\r\n\r\n")
            return
        with socket.create_connection(("127.0.0.1", upstream_port), timeout=30) as up:
            if (truncate_puts and method == b"PUT") or (truncate_posts and method == b"POST"):
                up.sendall(request[: len(request) // 2])
                time.sleep(0.3)  # let the server read the half it got before the cut
                server.cut.append(method.decode())
                return
            up.sendall(request)
            while chunk := up.recv(65536):
                conn.sendall(chunk)
    return handle


def forward(request: bytes, conn: socket.socket, port: int) -> None:
    """Send one request to 127.0.0.1:port and its answer back."""
    line, _, rest = request.partition(b"\r\n")
    with socket.create_connection(("127.0.0.1", port), timeout=30) as up:
        up.sendall(line + b"\r\nConnection: close\r\n" + rest)
        while chunk := up.recv(65536):
            conn.sendall(chunk)


def batch_trouble(port: int, nth: int, how: str, marker: bytes = b"INSERT DATA"):
    """A proxy to 127.0.0.1:port that answers PUTs 405 (no Graph Store: the push goes in
    batches) and cuts off (`how` = "cut": half its bytes passed on, then both connections
    dropped) or refuses ("reject": 500) the `nth` request holding `marker` (a batch)."""
    seen = iter(range(1, 1_000_000))

    def handle(conn, server):
        request = read_request(conn)
        if request.startswith(b"PUT "):
            conn.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n"
                         b"Connection: close\r\n\r\n")
        elif marker in request and next(seen) == nth:
            server.cut.append(how)
            if how == "reject":
                conn.sendall(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 18\r\n"
                             b"Connection: close\r\n\r\nmemory exhausted .")
                return
            with socket.create_connection(("127.0.0.1", port), timeout=30) as up:
                up.sendall(request[: len(request) // 2])
                time.sleep(0.3)  # let the server read the half it got before the cut
        else:
            forward(request, conn, port)
    return handle
