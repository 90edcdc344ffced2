"""Who may hold a `kg serve` connection, and how long: the limits on connections and slow clients.

At most MAX_CONNECTIONS open connections (past them, the one waiting longest for its headers is
closed to make room; if every one has sent its headers, 503) and MAX_PER_CLIENT from one address
(more: 429); a request's line and headers within HEADER_SECONDS (an idle keep-alive connection
is closed then too) and its body within BODY_SECONDS, counted from the first byte waited for, so
trickling bytes does not keep a connection (408). What a request means is kg.sparql.serve's.
"""
from __future__ import annotations

import io
import itertools
import socket
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_CONNECTIONS = 64
MAX_PER_CLIENT = 32  # from one address: half the slots, so one client cannot take them all
HEADER_SECONDS = 10  # for a request's line and headers, however slowly they trickle in
BODY_SECONDS = 30  # for its body (at most kg serve --max-body)
IDLE_SECONDS = 60  # for one write of an answer to a client that reads slowly


class Deadline(io.RawIOBase):
    """A socket's input that fails with TimeoutError once its handler's deadline has passed.

    A socket timeout alone bounds each wait for a byte, so one byte every few seconds would keep
    a connection (and its slot) forever; here every read waits only for what is left.
    """

    def __init__(self, handler: "TimedHandler"):
        self.handler = handler

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        left = self.handler.deadline - time.monotonic()
        if left <= 0:
            self.handler.timed_out = True
            raise TimeoutError("deadline passed")
        self.handler.connection.settimeout(left)
        try:
            count = self.handler.connection.recv_into(buffer)
        except TimeoutError:
            self.handler.timed_out = True
            raise
        self.handler.received += count
        return count


class TimedHandler(BaseHTTPRequestHandler):
    """A request handler whose request line, headers and body must come in within their time.

    A subclass answers with `_error(status, message, close=...)` (used here for 408) and reads a
    body with `_body(length)`.
    """

    protocol_version = "HTTP/1.1"  # keep-alive: a client's burst reuses one connection
    server_version = "survkg-serve"
    timeout = IDLE_SECONDS
    deadline, received, timed_out, phase, evicted = 0.0, 0, False, "headers", False

    def setup(self):
        super().setup()
        self.rfile = io.BufferedReader(Deadline(self), 65536)
        # Headers and body go out as two writes: without this, Nagle's algorithm and the
        # client's delayed ACK hold each answer back ~40 ms on a keep-alive connection.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format, *args):  # noqa: A002 - quiet: a burst would flood stderr
        pass

    def handle_one_request(self):
        self.deadline, self.phase = time.monotonic() + HEADER_SECONDS, "headers"
        self.received, self.timed_out = 0, False
        self.headers = None  # not the previous request's on a keep-alive connection (a 408
        # answers a request whose headers never came: nothing of the previous one applies)
        self.server.waiting(self, True)  # may be closed to make room until its headers are in
        try:
            super().handle_one_request()  # a TimeoutError ends it and closes the connection
        except OSError:  # closed to make room for another client
            self.close_connection = True
            return
        finally:
            self.server.waiting(self, False)
        if self.timed_out and self.received:  # a request began and did not finish in time
            limit = HEADER_SECONDS if self.phase == "headers" else BODY_SECONDS
            if self.phase == "headers":  # what parse_request would have set
                self.requestline, self.command, self.request_version = "", "", "HTTP/1.1"
            try:
                self._error(408, f"request {self.phase} not received within {limit:g} s",
                            close=True)
            except OSError:
                pass

    def _body(self, length: int) -> bytes:
        """Return the request body, read within BODY_SECONDS."""
        self.deadline, self.phase = time.monotonic() + BODY_SECONDS, "body"
        return self.rfile.read(length)


class LimitedServer(ThreadingHTTPServer):
    """A threading HTTP server with a cap on open connections, in all and from one address."""

    daemon_threads = True

    def __init__(self, address, handler):
        self.open, self.per_client = 0, Counter()
        # Connections still waiting for their headers -> when they began to wait, as a number
        # from one count: a new connection's is taken when it is accepted, one at a time, not
        # when its thread gets to run, which on a busy machine can be in any order.
        self.idle: dict[TimedHandler, int] = {}
        self.accepted: dict = {}  # a new connection's socket -> its number, until it waits
        self.turn = itertools.count()
        self.evicted: set = set()  # their sockets, closed to make room, no longer counted
        self.lock = threading.Lock()
        super().__init__(address, handler)

    def _admit(self, client: str, request) -> bytes | None:
        """Return None and take a slot for client's new connection (request, its socket), or
        the status line and reason to refuse."""
        with self.lock:
            if self.per_client[client] >= MAX_PER_CLIENT:
                return (b"429 Too Many Requests", f"too many open connections from {client} "
                        f"(at most {MAX_PER_CLIENT}): close some and retry")
            if self.open >= MAX_CONNECTIONS and not self._make_room():
                return (b"503 Service Unavailable", f"busy: {MAX_CONNECTIONS} connections open "
                        f"(the most this server keeps); retry in a few seconds")
            self.open += 1
            self.per_client[client] += 1
            self.accepted[request] = next(self.turn)
        return None

    def _make_room(self) -> bool:
        """Close the connection that has waited longest for its headers; False if none waits.

        A slow or idle client holds its slot only until someone needs it: the slot is counted
        free at once (its thread ends on its own, so the count may pass the cap by the few
        connections being closed, never more).
        """
        if not self.idle:
            return False
        oldest = min(self.idle, key=self.idle.get)
        del self.idle[oldest]
        try:
            oldest.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        oldest.evicted = True
        self.evicted.add(oldest.connection)
        self.open -= 1
        return True

    def waiting(self, handler: "TimedHandler", waits: bool) -> None:
        """Record whether handler's connection is waiting for a request's headers."""
        with self.lock:
            since = self.accepted.pop(handler.connection, None)
            if waits and not handler.evicted:
                self.idle[handler] = next(self.turn) if since is None else since
            else:
                self.idle.pop(handler, None)

    def _release(self, client: str, request) -> None:
        with self.lock:
            self.accepted.pop(request, None)
            self.per_client[client] -= 1
            if self.per_client[client] <= 0:
                del self.per_client[client]
            if request in self.evicted:
                self.evicted.discard(request)
            else:
                self.open -= 1

    def process_request(self, request, client_address):
        refusal = self._admit(client_address[0], request)
        if refusal is not None:
            status, reason = refusal
            body = (reason + "\n").encode()
            try:
                request.sendall(b"HTTP/1.1 %s\r\nContent-Type: text/plain; charset=utf-8\r\n"
                                b"Connection: close\r\nContent-Length: %d\r\n\r\n%s"
                                % (status, len(body), body))
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._release(client_address[0], request)
            raise

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._release(client_address[0], request)
