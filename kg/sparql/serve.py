"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint over the build's store.

Queries are answered by Oxigraph (through `kg.sparql.serve_workers`, in child processes that are
killed at the timeout); this module only speaks HTTP: GET, HEAD and POST queries at `/query`
(and `/sparql`), results as JSON, XML, CSV or TSV (graphs as N-Triples, Turtle, RDF/XML or
JSON-LD) by the Accept header, `default-graph-uri` / `named-graph-uri` honoured, every write
refused with 403: SPARQL Update (`update=`, application/sparql-update) and Graph Store PUT, POST,
DELETE, PATCH; `GET /query` with no query answers the service description
(kg.sparql.description), OPTIONS the methods, and CORS headers only for the origins `--cors`
names (kg.sparql.cors).

Limits, so a burst or a bad client cannot take it down: a query body of at most 1 MiB (413), at
most 64 open connections, 32 from one address, a request's line and headers within 10 s and its
body within 30 s (kg.sparql.serve_connections); answers of at most 64 MiB (503 past it); no
federated query (SERVICE) unless `--allow-federation` names the hosts (kg.sparql.federation),
and then only in workers kept apart for them; a Host header naming this server only (DNS
rebinding). It binds 127.0.0.1 unless told otherwise.

While it runs, `kg build` may replace build/store: the workers open the new store at their next
query (see kg/sparql/serve_workers.py), so the server neither blocks a build nor needs a restart.
"""
from __future__ import annotations

import ipaddress
import os
import re
import signal
import socket
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from kg.graph.sparql_text import MAX_NESTING, nesting
from kg.errors import KGError
from kg.sparql.cors import METHODS, Cors
from kg.sparql.description import TYPES, Limits, describe, serialize
from kg.sparql.federation import NO_FEDERATION, Federation, uses_service
from kg.sparql.serve_connections import (BODY_SECONDS, HEADER_SECONDS, IDLE_SECONDS,  # noqa: F401
                                         MAX_CONNECTIONS, MAX_PER_CLIENT, LimitedServer,
                                         TimedHandler)
from kg.sparql.serve_workers import MAX_RESULT_BYTES, MEMORY_MB, Pool, negotiate, size_text
from kg.graph.store import STORE_DIR

QUERY_PATHS = ("/query", "/sparql")
MAX_BODY = 1 << 20  # kg serve --max-body
FORM = "application/x-www-form-urlencoded"
READ_ONLY = "read-only endpoint: SPARQL Update and Graph Store writes are refused"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"  # the default graph's size (description)
# The limits of Python's HTTP parsing (http.server reads a request line of at most 65,536 bytes,
# http.client at most 100 header lines of 65,536 bytes each), said the way kg serve says its own.
MAX_LINE, MAX_HEADERS = 65536, 100
_HTTP_ERRORS = {
    414: f"request line over {MAX_LINE:,} bytes: send a long query by POST",
    "Too many headers": f"more than {MAX_HEADERS} header lines",
    "Line too long": f"a header line over {MAX_LINE:,} bytes",
}


class Handler(TimedHandler):
    """The SPARQL 1.1 Protocol, read-only, over the server's query workers."""

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        self.server.waiting(self, False)
        host = self.headers.get("Host")
        if host is not None and not self.server.host_allowed(host):
            # DNS rebinding: a web page whose name now points at 127.0.0.1 still sends its own
            # name as Host, so only this server's own addresses are answered.
            shown = host.encode("ascii", "backslashreplace").decode()[:100]
            self._error(421, f"Host {shown!r} is not this server's address "
                        f"({self.server.authority}): refused (DNS rebinding)", close=True)
            return False
        return True

    def do_GET(self):
        path, params = self._target()
        if path == "/":
            return self._send(200, "text/plain; charset=utf-8", self.server.about.encode())
        if path not in QUERY_PATHS:
            return self._error(404, f"no such resource {path}: query at /query")
        if not params and not urlsplit(self.path).query:
            return self._describe(path)
        self._query(params)

    do_HEAD = do_GET  # _send leaves the body out

    def do_OPTIONS(self):
        path, _ = self._target()
        if path != "/" and path not in QUERY_PATHS:
            return self._error(404, f"no such resource {path}: query at /query")
        self.connection.settimeout(IDLE_SECONDS)
        self.send_response(204)
        self.send_header("Allow", METHODS)
        self._send_cors(preflight="Access-Control-Request-Method" in self.headers)
        self.end_headers()

    def do_POST(self):
        path, params = self._target()
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            return self._error(411, "a POST needs a Content-Length", close=True)
        if int(length) > self.server.max_body:
            return self._error(413, f"request body over {size_text(self.server.max_body)} "
                               "(kg serve --max-body)", close=True)
        body = self._body(int(length))
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/sparql-update" or (ctype == FORM and "update" in _form(body)):
            return self._error(403, READ_ONLY)
        if path not in QUERY_PATHS:
            status = 403 if path in ("/update", "/store") else 404
            return self._error(status, READ_ONLY if status == 403 else f"no such resource {path}")
        if ctype == FORM:
            for key, values in _form(body).items():
                params.setdefault(key, []).extend(values)
        elif ctype == "application/sparql-query":
            params["query"] = params.get("query", []) + [body.decode("utf-8", "replace")]
        else:
            return self._error(415, f"send the query as {FORM} or application/sparql-query")
        self._query(params)

    def _refuse_write(self):
        self._target()
        length = self.headers.get("Content-Length")
        if length and length.isdigit() and int(length) <= self.server.max_body:
            self._body(int(length))  # drained, so the connection stays usable
            return self._error(403, READ_ONLY)
        self._error(403, READ_ONLY, close=True)

    do_PUT = do_DELETE = do_PATCH = _refuse_write

    def _target(self) -> tuple[str, dict[str, list[str]]]:
        parts = urlsplit(self.path)
        return parts.path, parse_qs(parts.query, keep_blank_values=True)

    def _query(self, params: dict[str, list[str]]):
        if "update" in params:
            return self._error(403, READ_ONLY)
        queries = params.get("query", [])
        if len(queries) != 1:
            return self._error(400, "give exactly one query parameter")
        pool = self.server.pool
        if uses_service(queries[0]):  # before any worker: Oxigraph would fetch the URL itself
            refusal = self.server.federation.refusal(queries[0])
            if refusal or self.server.federated is None:
                return self._error(400, refusal or NO_FEDERATION)
            pool = self.server.federated  # the only workers with a network
        if nesting(queries[0]) > MAX_NESTING:  # the parser would crash its worker
            return self._error(400, f"the query nests brackets deeper than {MAX_NESTING}")
        job = {"query": queries[0], "accept": self.headers.get("Accept"),
               "default_graph": params.get("default-graph-uri", []),
               "named_graphs": params.get("named-graph-uri", [])}
        outcome, first, second = pool.run(job)
        if outcome == "ok":
            return self._send(200, first, second)
        self._error(first, second)

    def _describe(self, path: str):
        """Answer the service description, in the format the Accept header asks for."""
        chosen = negotiate(self.headers.get("Accept"), TYPES)
        if chosen is None:
            return self._error(406, f"cannot answer as {self.headers.get('Accept')}: "
                               f"accepted types are {', '.join(TYPES)}")
        outcome, _, body = self.server.pool.run({"query": COUNT, "accept": "text/csv"})
        counted = body.decode().split()[1:2] if outcome == "ok" else []
        triples = int(counted[0]) if counted and counted[0].isdigit() else None
        host = self.headers.get("Host") or self.server.authority
        graph = describe(f"http://{host}{path}", triples, self.server.limits,
                         self.server.federated is not None)
        mime, fmt = chosen
        self._send(200, mime + ("; charset=utf-8" if mime.startswith("text/") else ""),
                   serialize(graph, fmt))

    def _send_cors(self, preflight: bool = False):
        headers = self.headers  # None when this request's headers never came in (408)
        if headers is None:
            return
        origin = headers.get("Origin")
        asks_private = headers.get("Access-Control-Request-Private-Network") == "true"
        for name, value in self.server.cors.headers(origin, preflight, asks_private):
            self.send_header(name, value)

    def send_error(self, code, message=None, explain=None):
        """Answer what http.server refuses itself (a request line or headers too long, a method
        it has no do_ for, a malformed request) in one plain line, as every other error."""
        if self.request_version == "HTTP/0.9":  # a request line it could not read: still
            self.request_version = "HTTP/1.1"  # answer with a status line and headers
        if code == 501:
            text = (f"method {self.command[:20]!r} not supported: GET, POST, HEAD or OPTIONS "
                    "(PUT, DELETE and PATCH: 403, read-only)")
        else:
            text = _HTTP_ERRORS.get(code) or _HTTP_ERRORS.get(message) or message or \
                self.responses.get(code, ("error",))[0]
        self._error(code, text.encode("ascii", "backslashreplace").decode(), close=True)

    def _error(self, status: int, message: str, close: bool = False):
        self._send(status, "text/plain; charset=utf-8", (message + "\n").encode(), close)

    def _send(self, status: int, ctype: str, body: bytes, close: bool = False):
        self.connection.settimeout(IDLE_SECONDS)  # not what was left of a read's deadline
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self._send_cors()
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def _form(body: bytes) -> dict[str, list[str]]:
    return parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)


class Server(LimitedServer):
    """The endpoint: its query workers, what it allows, and the addresses it answers to."""

    def __init__(self, address, pool: Pool, about: str, family=socket.AF_INET,
                 federated: Pool | None = None, federation: Federation | None = None,
                 cors: Cors | None = None, max_body: int = MAX_BODY):
        self.address_family = family
        self.pool, self.about = pool, about
        # federated: the workers with a network, for queries whose every SERVICE is allowed
        self.federated, self.federation = federated, federation or Federation()
        self.cors = cors or Cors()
        self.max_body = max_body
        self.limits = Limits(pool.timeout, pool.memory_mb, pool.max_answer, max_body, MAX_NESTING)
        self.bind_name = str(address[0]).lower().rstrip(".")  # as given: --bind may be a name
        super().__init__(address, Handler)

    @property
    def authority(self) -> str:
        host, port = self.server_address[:2]
        return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"

    @property
    def url(self) -> str:
        return f"http://{self.authority}/query"

    def host_allowed(self, header: str) -> bool:
        """True when a Host header names this server: a loopback name or the bound address,
        with the bound port (any IP address when bound to all of them), never another name."""
        bound, port = self.server_address[0].lower(), self.server_address[1]
        match = re.fullmatch(r"(\[[0-9a-fA-F:.]+\]|[^:\[\]]*)(?::(\d*))?", header.strip())
        if match is None or (match.group(2) or "80") != str(port):
            return False
        name = match.group(1).strip("[]").lower().rstrip(".")
        if name in ("localhost", "127.0.0.1", "::1", bound, getattr(self, "bind_name", bound)):
            return True
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return False
        return bound in ("0.0.0.0", "::", "")  # bound to every address: any of them, by number

    def close(self) -> None:
        self.server_close()
        self.pool.close()
        if self.federated is not None:
            self.federated.close()


def is_loopback(host: str) -> bool:
    """True when every address `host` names is a loopback address."""
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError:
        return False
    return all(ipaddress.ip_address(info[4][0]).is_loopback for info in infos)


def make_server(build_dir: str | Path, bind: str = "127.0.0.1", port: int = 7878,
                timeout: float = 30.0, workers: int | None = None,
                memory_mb: int = MEMORY_MB, allow_federation=(), cors=(),
                max_body: int = MAX_BODY, max_answer: int = MAX_RESULT_BYTES) -> Server:
    """Return a server over build_dir's store, bound and with its workers started.

    allow_federation: hosts (HOST or HOST:PORT, or several comma-separated) SERVICE may call;
    cors: the origins (or `*`) whose pages may read the answers; max_body, max_answer: bytes.
    """
    store = Path(build_dir) / STORE_DIR
    if not (store / "CURRENT").exists():
        raise KGError(f"no built store in {build_dir}: run `kg build` first")
    if timeout <= 0:
        raise KGError(f"--timeout {timeout}: give a positive number of seconds")
    try:
        family = socket.getaddrinfo(bind, port, type=socket.SOCK_STREAM)[0][0]
    except OSError as exc:
        raise KGError(f"--bind {bind}: {exc.strerror or exc}") from None
    if memory_mb < 16:
        raise KGError(f"--memory {memory_mb}: give at least 16 MB")
    if max_body < 1 or max_answer < 1:
        raise KGError("--max-body, --max-answer: give a positive size")
    federation, origins = Federation.parse(allow_federation), Cors.parse(cors)
    size = workers or max(2, os.cpu_count() or 2)
    pool = Pool(str(store.resolve()), size, timeout, memory_mb, max_answer=max_answer)
    federated = Pool(str(store.resolve()), max(1, size // 2), timeout, memory_mb, network=True,
                     max_answer=max_answer) if federation else None
    about = (f"survkg: a read-only SPARQL endpoint over {store}.\n"
             f"Query with GET or POST at /query (GET /query alone: its service description); "
             f"query timeout {timeout:g} s, memory {memory_mb} MB.\n")
    try:
        return Server((bind, port), pool, about, family, federated, federation, origins,
                      max_body)
    except OSError as exc:
        pool.close()
        if federated is not None:
            federated.close()
        raise KGError(f"cannot listen on {bind}:{port}: {exc.strerror or exc}") from None


def banner(server: Server) -> list[tuple[str, bool]]:
    """Return the lines `kg serve` prints first, each with whether it goes to stderr."""
    host = server.server_address[0]
    lines = [] if is_loopback(host) else [(
        f"Warning: listening on {host}, not loopback: anyone who can reach this machine can "
        f"query the graph", True)]
    lines.append((f"serving {server.url} (read-only, query timeout {server.pool.timeout:g} s);"
                  f" Ctrl-C stops", False))
    if getattr(server, "federation", None):
        lines.append((f"federation: SERVICE may call {server.federation} only", False))
    if getattr(server, "cors", None) and server.cors.origins:
        lines.append((f"CORS: pages from {', '.join(server.cors.origins)} may read the answers",
                      False))
    return lines


def serve_until_stopped(server: Server, echo=None) -> None:
    """Print the banner with `echo(line, err=...)`, serve until Ctrl-C or SIGTERM, then stop."""
    def stop(signum, frame):
        raise KeyboardInterrupt

    for line, to_stderr in banner(server) if echo else []:
        echo(line, err=to_stderr)
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.close()
