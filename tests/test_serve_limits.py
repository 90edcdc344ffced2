"""`kg serve` against hostile clients: federation, foreign Host headers, memory, slow clients."""
from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from remote_support import build_fixture, run
from test_serve import COUNT, call, expected, start

from kg.errors import KGError
from kg.sparql import serve, serve_connections
from kg.sparql.serve import NO_FEDERATION, make_server, uses_service


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_fixture(tmp_path_factory.mktemp("serve-limits"))


@pytest.fixture(scope="module")
def server(built):
    served = start(built)
    yield served
    served.shutdown()
    served.close()


class Listener:
    """A loopback TCP listener that records every connection made to it."""

    def __init__(self):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"
        self.seen: list[bytes] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(5)
                try:
                    self.seen.append(conn.recv(200) or b"(connected)")
                except OSError:
                    self.seen.append(b"(connected)")

    def close(self):
        self.sock.close()


def _unshare_works() -> bool:
    code = "from kg.sparql.serve_workers import _without_network as w; raise SystemExit(not w())"
    return subprocess.run([sys.executable, "-c", code]).returncode == 0


# --- 1. federation off -----------------------------------------------------------------------

def service_queries(url: str) -> list[str]:
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"select * {{ service silent <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ ?a ?b ?c .SeRvIcE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ {{ SELECT * {{ OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }} }}",
        f"PREFIX far: <{url.rsplit('/', 1)[0]}/> SELECT * {{ SERVICE far:sparql {{ ?s ?p ?o }} }}",
        f"SELECT * {{ VALUES ?x {{ <{url}> }} SERVICE ?x {{ ?s ?p ?o }} }}",
        f"SELECT * {{ ?s ?p 'a # quote' SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT*{{SERVICE<{url}>{{?s ?p ?o}}}}",
    ]


def test_a_service_query_is_refused_before_it_reaches_anything(server):
    listener = Listener()
    try:
        for query in service_queries(listener.url):
            for method in ("GET", "POST"):
                status, ctype, body = call(server.url, method, query=query)
                assert (status, body) == (400, (NO_FEDERATION + "\n").encode()), query
        assert listener.seen == []
        # The listener does record a federated call: Oxigraph itself, asked directly, makes one.
        with pytest.raises(OSError):
            ox.Store().query(service_queries(listener.url)[0]).serialize(
                format=ox.QueryResultsFormat.CSV)
        assert len(listener.seen) == 1 and listener.seen[0].startswith(b"POST /sparql")
    finally:
        listener.close()


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { ?service ?p <http://example.org/SERVICE> }",
    "SELECT * WHERE { ?s ?p 'SERVICE' } # SERVICE <http://example.org/>",
    "PREFIX service: <http://example.org/> SELECT * { ?s service:p service:service }",
    "SELECT * WHERE { ?s ?p 'x'@service }",
    'SELECT * WHERE { ?s ?p """a " SERVICE <http://example.org/> {} """ }',
])
def test_the_word_service_that_is_not_the_keyword_is_answered(server, built, query):
    assert not uses_service(query)
    assert call(server.url, query=query)[0] == 200


def test_other_queries_still_answered(server, built):
    assert call(server.url)[2] == expected(built, COUNT)


# --- 1b. federation allowed to named hosts only ----------------------------------------------

LABEL = ("SELECT ?label WHERE {{ SERVICE <{url}> {{ <https://w3id.org/survkg/id/org/acme> "
         "<http://www.w3.org/2000/01/rdf-schema#label> ?label }} }}")


@pytest.fixture(scope="module")
def federating(built, server):
    """A server that may call `server` (the second endpoint, by 127.0.0.1 and its port) and
    localhost, nothing else."""
    port = server.server_address[1]
    served = make_server(built, port=0, timeout=30, workers=2,
                         allow_federation=[f"127.0.0.1:{port}", "localhost"])
    threading.Thread(target=served.serve_forever, daemon=True).start()
    yield served
    served.shutdown()
    served.close()


def test_a_service_to_a_host_not_listed_is_refused_and_reaches_nothing(federating):
    listener = Listener()
    port = listener.sock.getsockname()[1]
    try:
        for query, why in [
            (LABEL.format(url=listener.url), f"SERVICE <{listener.url}>: host 127.0.0.1:{port} "
             f"is not allowed (kg serve --allow-federation 127.0.0.1:"),
            (LABEL.format(url=f"http://127.0.0.1.nip.io:{port}/sparql"), "SERVICE <http://"
             f"127.0.0.1.nip.io:{port}/sparql>: host 127.0.0.1.nip.io:{port} is not allowed"),
            (f"SELECT * {{ VALUES ?x {{ <{listener.url}> }} SERVICE ?x {{ ?s ?p ?o }} }}",
             "SERVICE must name its endpoint as a full <http://...> IRI, not ?x"),
            (f"PREFIX far: <{listener.url.rsplit('/', 1)[0]}/> SELECT * {{ SERVICE far:sparql "
             "{ ?s ?p ?o } }", "SERVICE must name its endpoint as a full <http://...> IRI, "
             "not far:sparql"),
            (f"BASE <{listener.url}> SELECT * {{ SERVICE <x> {{ ?s ?p ?o }} }}",
             "SERVICE <x>: only a full http:// or https:// IRI may be called"),
            (f"SELECT * {{ \\u0053ERVICE <{listener.url}> {{ ?s ?p ?o }} }}",
             f"SERVICE <{listener.url}>: host 127.0.0.1:{port} is not allowed"),
        ]:
            for method in ("GET", "POST"):
                status, _, body = call(federating.url, method, query=query)
                assert status == 400 and body.decode().startswith(why), (query, body)
                assert body.count(b"\n") == 1
        assert listener.seen == []
    finally:
        listener.close()


def test_a_service_to_an_allowed_host_is_answered_by_that_endpoint(federating, server):
    for method in ("GET", "POST"):
        status, _, body = call(federating.url, method, query=LABEL.format(url=server.url))
        assert (status, body) == (200, b"label\r\nAcme Vision\r\n")
    # One SERVICE allowed and one not: the whole query is refused, the other never called.
    listener = Listener()
    try:
        query = (f"SELECT * {{ SERVICE <{server.url}> {{ ?s ?p ?o }} "
                 f"SERVICE <{listener.url}> {{ ?s ?p ?o }} }}")
        assert call(federating.url, query=query)[0] == 400
        # A dataset clause names a graph of the store, never an address to fetch.
        status, _, body = call(federating.url, query=f"SELECT * FROM <{listener.url}> "
                               f"WHERE {{ SERVICE <{server.url}> {{ ?s ?p ?o }} }} LIMIT 1")
        assert status == 200
        assert listener.seen == []
    finally:
        listener.close()


@pytest.mark.skipif(not _unshare_works(), reason="no network namespaces for this user")
def test_with_federation_allowed_other_queries_still_run_without_a_network(federating,
                                                                             monkeypatch):
    """Only the federation workers have a network: a SERVICE the check missed runs in a worker
    that cannot reach even an allowed host."""
    monkeypatch.setattr(serve, "uses_service", lambda query: False)
    listener = Listener()
    try:
        url = f"http://localhost:{listener.sock.getsockname()[1]}/sparql"  # localhost: allowed
        status, _, body = call(federating.url, query=LABEL.format(url=url))
        assert status == 500 and body.count(b"\n") == 1
        assert listener.seen == []
    finally:
        listener.close()


# --- 2. the Host header (DNS rebinding) ------------------------------------------------------

def raw(server, request: bytes, source: str = "127.0.0.1") -> bytes:
    """Send raw bytes from a loopback address; return all the server answers until it closes."""
    with socket.create_connection(server.server_address[:2], timeout=60,
                                  source_address=(source, 0)) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize("host", ["evil.example:{port}", "evil.example", "127.0.0.1:1",
                                  "localhost", "10.1.2.3:{port}", "127.0.0.1.evil.example:{port}"])
def test_a_foreign_host_header_is_refused(server, host):
    port = server.server_address[1]
    answer = raw(server, b"GET /query?query=ASK%%7B%%7D HTTP/1.1\r\nHost: %s\r\n"
                 b"Connection: close\r\n\r\n" % host.format(port=port).encode())
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 421 ")
    assert body.startswith(b"Host '") and body.endswith(b"refused (DNS rebinding)\n")
    assert body.count(b"\n") == 1


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "[::1]:{port}",
                                  "LOCALHOST:{port}"])
def test_this_servers_own_host_names_are_answered(server, host):
    port = server.server_address[1]
    answer = raw(server, b"GET /query?query=ASK%%7B%%7D HTTP/1.1\r\nHost: %s\r\n"
                 b"Connection: close\r\n\r\n" % host.format(port=port).encode())
    assert answer.startswith(b"HTTP/1.1 200 ")


@pytest.mark.parametrize("request_, status, reason", [
    (b"GET /query?query=" + b"a" * serve.MAX_LINE + b" HTTP/1.1\r\nHost: {host}\r\n\r\n", 414,
     b"request line over 65,536 bytes: send a long query by POST"),
    (b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: {host}\r\n"
     + b"X-A: b\r\n" * serve.MAX_HEADERS + b"\r\n", 431, b"more than 100 header lines"),
    (b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: {host}\r\nX-A: "
     + b"b" * serve.MAX_LINE + b"\r\n\r\n", 431, b"a header line over 65,536 bytes"),
    (b"BREW /query HTTP/1.1\r\nHost: {host}\r\n\r\n", 501,
     b"method 'BREW' not supported: GET, POST, HEAD or OPTIONS (PUT, DELETE and PATCH: 403, "
     b"read-only)"),
    (b"GET /query?query=ASK%7B%7D HTTP/1.1 extra\r\n\r\n", 400,
     b"Bad request version ('extra')"),
    (b"GET /query?query=ASK%7B%7D HTTP/2.0\r\n\r\n", 505, b"Invalid HTTP version (2.0)"),
], ids=["request-line", "header-count", "header-line", "method", "syntax", "version"])
def test_what_http_parsing_refuses_is_said_in_one_plain_line(server, built, request_, status,
                                                             reason):
    host = b"127.0.0.1:%d" % server.server_address[1]
    answer = raw(server, request_.replace(b"{host}", host))
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 %d " % status)
    assert b"Content-Type: text/plain; charset=utf-8" in head
    assert body == reason + b"\n"
    assert call(server.url)[2] == expected(built, COUNT)


# --- 3. memory per query ---------------------------------------------------------------------

# Every pair of triples, sorted: grows a worker by hundreds of MB a second and takes minutes
# unbounded (STR: the sort of raw terms of mixed kinds panics in Oxigraph before it grows).
HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY STR(?c) STR(?f) LIMIT 1"


def test_a_query_over_the_memory_limit_gets_503_and_the_worker_is_replaced(built):
    # A timeout far past what the limit needs: the 503 must come from the limit, not the clock.
    served = make_server(built, port=0, timeout=600, workers=1, memory_mb=48)
    threading.Thread(target=served.serve_forever, daemon=True).start()
    try:
        assert call(served.url)[2] == expected(built, COUNT)  # an ordinary query fits
        first = served.pool.idle.queue[0].process
        status, ctype, body = call(served.url, query=HUNGRY)
        assert (status, body) == (
            503, b"query needs more memory than the limit (48 MB; kg serve --memory)\n")
        assert first.poll() is not None  # that worker is gone ...
        assert call(served.url)[2] == expected(built, COUNT)  # ... and another answers
    finally:
        served.shutdown()
        served.close()


def test_the_memory_limit_is_checked(built):
    with pytest.raises(KGError, match="--memory 8: give at least 16 MB"):
        make_server(built, port=0, memory_mb=8)


# --- 3b. request body and answer size ----------------------------------------------------------

def test_a_body_over_the_limit_gets_413_before_it_is_read(server, built):
    port = server.server_address[1]
    head = (b"POST /query HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: application/sparql-"
            b"query\r\nContent-Length: %d\r\n\r\n" % (port, serve.MAX_BODY + 1))
    answer = raw(server, head)  # the body is never sent: the answer comes from the length
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert answer.endswith(b"\r\n\r\nrequest body over 1 MiB (kg serve --max-body)\n")
    assert call(server.url)[2] == expected(built, COUNT)


def test_the_body_and_answer_limits_as_set(built):
    served = make_server(built, port=0, timeout=30, workers=1, max_body=1000, max_answer=2000)
    threading.Thread(target=served.serve_forever, daemon=True).start()
    try:
        everything = "SELECT * WHERE { ?s ?p ?o }"
        assert len(expected(built, everything)) > 2000  # the fixture's answer is larger
        status, _, body = call(served.url, "POST", None, body=b"#" * 1001,
                               ctype="application/sparql-query")
        assert (status, body) == (413, b"request body over 1,000 bytes (kg serve --max-body)\n")
        status, _, body = call(served.url, "POST", None, body=everything.encode().ljust(1000),
                               ctype="application/sparql-query")
        assert (status, body) == (503, b"answer larger than 2,000 bytes (kg serve --max-answer): "
                                       b"add a LIMIT, or page with LIMIT and OFFSET\n")
        assert call(served.url)[2] == expected(built, COUNT)  # a small answer still comes
    finally:
        served.shutdown()
        served.close()


# --- 4. slow clients -------------------------------------------------------------------------

@pytest.fixture
def tight(built, monkeypatch):
    """A server with small limits: 1 s for headers and for a body, 3 connections an address."""
    monkeypatch.setattr(serve_connections, "HEADER_SECONDS", 1)
    monkeypatch.setattr(serve_connections, "BODY_SECONDS", 1)
    monkeypatch.setattr(serve_connections, "MAX_PER_CLIENT", 3)
    served = start(built)
    yield served
    served.shutdown()
    served.close()


def trickle(server, source: str, data: bytes, answers: list) -> None:
    """Send data one byte every 0.2 s until the server closes; keep what it answered."""
    send_then_trickle(server, source, b"", data, answers)


def test_clients_trickling_bytes_are_cut_off_and_queries_still_answered(tight, built):
    port = tight.server_address[1]
    # Each trickler would need 600 * 0.2 s = 2 minutes to finish: the deadline must end it.
    slow_headers = b"GET /query?query=ASK%%7B%%7D HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nX-Pad: " % port
    slow_headers += b"a" * (600 - len(slow_headers))
    slow_body = (b"POST /query HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: "
                 b"application/sparql-query\r\nContent-Length: 600\r\n\r\n" % port)
    header_answers, body_answers = [], []
    threads = [threading.Thread(target=trickle, args=(tight, "127.0.0.2", slow_headers,
                                                      header_answers)) for _ in range(3)]
    threads.append(threading.Thread(target=send_then_trickle, args=(
        tight, "127.0.0.3", slow_body, b"ASK {}" + b" " * 594, body_answers)))
    for thread in threads:
        thread.start()
    # Meanwhile, from another address, ordinary queries are answered.
    for _ in range(5):
        assert call(tight.url)[2] == expected(built, COUNT)
    for thread in threads:
        thread.join(120)
        assert not thread.is_alive()
    for answer in header_answers:
        assert answer.startswith(b"HTTP/1.1 408 ")
        assert answer.endswith(b"\r\n\r\nrequest headers not received within 1 s\n")
    assert len(header_answers) == 3
    assert len(body_answers) == 1 and body_answers[0].startswith(b"HTTP/1.1 408 ")
    assert body_answers[0].endswith(b"\r\n\r\nrequest body not received within 1 s\n")


def send_then_trickle(server, source: str, head: bytes, body: bytes, answers: list) -> None:
    """Send head at once, then trickle body."""
    with socket.create_connection(server.server_address[:2], timeout=60,
                                  source_address=(source, 0)) as sock:
        sock.sendall(head)
        try:
            for byte in body:
                sock.sendall(bytes([byte]))
                time.sleep(0.2)
        except OSError:  # closed by the server, as it should
            pass
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except OSError:
            pass
        answers.append(b"".join(chunks))


def connect_from(server, source: str) -> socket.socket:
    return socket.create_connection(server.server_address[:2], timeout=60,
                                    source_address=(source, 0))


def read_all(sock: socket.socket) -> bytes:
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def until(condition) -> None:
    """Wait until condition() holds (bounded by a count, not timed)."""
    for _ in range(600):
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("condition never held")


class Waiting:
    """What the server keeps of a handler waiting for its headers: its connection."""

    evicted = False

    def __init__(self, connection: socket.socket):
        self.connection = connection


def test_the_connection_closed_to_make_room_is_the_one_accepted_first(monkeypatch):
    # The handlers' threads reach their first wait in any order on a busy machine (seen in a
    # CI run: the second connection's thread first, and the first connection kept open).
    monkeypatch.setattr(serve_connections, "MAX_CONNECTIONS", 2)
    server = serve_connections.LimitedServer(("127.0.0.1", 0), serve_connections.TimedHandler)
    pairs = [socket.socketpair() for _ in range(3)]
    try:
        first, second, third = (ours for ours, _ in pairs)
        assert server._admit("127.0.0.4", first) is None
        assert server._admit("127.0.0.4", second) is None
        handlers = [Waiting(second), Waiting(first)]  # the later one's thread runs first
        for handler in handlers:
            server.waiting(handler, True)
        assert server._admit("127.0.0.5", third) is None  # room made
        assert [h.connection is first for h in handlers if h.evicted] == [True]
        assert pairs[0][1].recv(10) == b""  # closed
        # A connection waiting again (keep-alive) counts from then, after those accepted.
        server.waiting(handlers[0], False)
        server.waiting(handlers[0], True)
        server.waiting(Waiting(third), True)
        assert server._make_room() and not handlers[0].evicted
    finally:
        server.server_close()
        for pair in pairs:
            for sock in pair:
                sock.close()


def test_connections_past_the_caps_are_refused_saying_why(built, monkeypatch):
    monkeypatch.setattr(serve_connections, "HEADER_SECONDS", 600)  # nothing times out in this test
    monkeypatch.setattr(serve_connections, "BODY_SECONDS", 600)
    monkeypatch.setattr(serve_connections, "MAX_PER_CLIENT", 3)
    monkeypatch.setattr(serve_connections, "MAX_CONNECTIONS", 4)
    served = start(built)
    port = served.server_address[1]
    held = []
    try:
        # One address: 3 connections, the 4th refused with 429.
        held = [connect_from(served, "127.0.0.4") for _ in range(3)]
        with connect_from(served, "127.0.0.4") as fourth:
            answer = read_all(fourth)
        assert answer.startswith(b"HTTP/1.1 429 ")
        assert answer.endswith(b"\r\n\r\ntoo many open connections from 127.0.0.4 (at most 3): "
                               b"close some and retry\n")
        # Every slot held by a connection that sent nothing: the one idle longest makes room.
        held.append(connect_from(served, "127.0.0.5"))
        until(lambda: served.open == 4 and len(served.idle) == 4)
        assert call(served.url)[2] == expected(built, COUNT)
        assert held[0].recv(100) == b""  # the oldest idle connection was closed
        for sock in held:
            sock.close()
        until(lambda: served.open == 0)
        # Every slot held by a request whose headers are in (waiting for its body): 503.
        held = []
        for n in range(4):
            sock = connect_from(served, f"127.0.0.{6 + n}")
            sock.sendall(b"POST /query HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: "
                         b"application/sparql-query\r\nContent-Length: 10\r\n\r\n" % port)
            held.append(sock)
        until(lambda: served.open == 4 and not served.idle)
        with connect_from(served, "127.0.0.10") as fifth:
            answer = read_all(fifth)
        assert answer.startswith(b"HTTP/1.1 503 ")
        assert answer.endswith(b"\r\n\r\nbusy: 4 connections open (the most this server keeps); "
                               b"retry in a few seconds\n")
        for sock in held:
            sock.close()
        held = []
        until(lambda: served.open == 0)
        assert call(served.url)[2] == expected(built, COUNT)
    finally:
        for sock in held:
            sock.close()
        served.shutdown()
        served.close()


# --- the limits in kg serve --help -----------------------------------------------------------

def test_kg_serve_help_names_the_limits_and_passes_them_on(built, monkeypatch):
    from kg.graph.sparql_text import MAX_NESTING
    from kg.sparql import serve_workers

    text = " ".join(run("serve", "--help").output.split())
    for words in (f"--memory MB Memory a query may take (over it: 503). [default: "
                  f"{serve_workers.MEMORY_MB}; x>=16]",
                  f"{serve_workers.MEMORY_MB} MB of memory (--memory; 503)",
                  f"--max-answer MiB Largest answer (over it: 503). [default: "
                  f"{serve_workers.MAX_RESULT_BYTES >> 20}; x>=1]",
                  f"its answer: at most {serve_workers.MAX_RESULT_BYTES >> 20} MiB "
                  f"(--max-answer; 503, never cut short)",
                  f"--max-body MiB Largest request body (over it: 413). [default: "
                  f"{serve.MAX_BODY >> 20}; x>=1]",
                  f"a request body: at most {serve.MAX_BODY >> 20} MiB (--max-body; 413), "
                  f"received within {serve_connections.BODY_SECONDS} s (408)",
                  "a query: 30 s (--timeout; 503)", "[default: 30.0; x>0]",
                  "naming SERVICE is refused (400)", "bound address and port (421)",
                  f"headers within {serve_connections.HEADER_SECONDS} s (408); the line at most "
                  f"{serve.MAX_LINE:,} bytes (414: a long query goes by POST), at most "
                  f"{serve.MAX_HEADERS} header lines of at most {serve.MAX_LINE:,} bytes (431)",
                  f"brackets nested at most {MAX_NESTING} deep (400)",
                  f"{serve_connections.MAX_PER_CLIENT} from one address (429), "
                  f"{serve_connections.MAX_CONNECTIONS} in all (past them the one idle longest "
                  f"is closed to make room; 503 if none is idle)",
                  "no Access-Control-* header unless --cors names the page's origin"):
        assert words in text
    seen = {}
    monkeypatch.setattr(serve, "make_server", lambda *args, **kw: seen.update(kw))
    monkeypatch.setattr(serve, "serve_until_stopped", lambda *args: None)
    result = run("--build-dir", str(built), "serve", "--memory", "300", "--max-body", "2",
                 "--max-answer", "3", "--allow-federation", "a.example,b.example",
                 "--allow-federation", "c.example", "--cors", "*")
    assert result.exit_code == 0, result.output
    assert seen == {"memory_mb": 300, "max_body": 2 << 20, "max_answer": 3 << 20,
                    "allow_federation": ("a.example,b.example", "c.example"), "cors": ("*",)}
    for option, value in (("--memory", "8"), ("--max-body", "0"), ("--max-answer", "0")):
        refused = run("--build-dir", str(built), "serve", option, value)
        assert refused.exit_code == 2 and option in refused.output


@pytest.mark.parametrize("option, value, message", [
    ("--allow-federation", "http://a.example/sparql", "give host names or addresses"),
    ("--allow-federation", "a.example:70000", "port 70000 out of range"),
    ("--cors", "https://a.example/page", "give an origin such as https://yasgui.example"),
])
def test_bad_serve_options_are_one_line_errors(built, option, value, message):
    result = run("--build-dir", str(built), "serve", "--port", "0", option, value)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {option} {value}: {message}")
    assert result.output.count("\n") == 1


@pytest.mark.skipif(not _unshare_works(), reason="no network namespaces for this user")
def test_a_service_query_let_through_still_reaches_nothing(server, monkeypatch):
    """The second guard: were the check to miss one, the worker has no network to call with."""
    monkeypatch.setattr(serve, "uses_service", lambda query: False)
    listener = Listener()
    try:
        status, _, body = call(server.url, query=service_queries(listener.url)[0])
        assert status == 500 and body.count(b"\n") == 1
        assert listener.seen == []
    finally:
        listener.close()


def test_a_dead_worker_is_reported_by_what_it_said_last():
    """Rust aborts (SIGABRT) both when an allocation fails and on a panic that cannot unwind:
    only the first is the memory limit."""
    from collections import deque

    from kg.sparql.serve_workers import Worker

    def died(*lines):
        return Worker(None, None, deque(lines)).why_it_died(64)

    assert died("memory allocation of 240 bytes failed", "note: run with `RUST_BACKTRACE=1`") \
        == ("error", 503, "query needs more memory than the limit (64 MB; kg serve --memory)")
    assert died("thread '<unnamed>' panicked at src/sort.rs:1:1:", "comparison is not a total "
                "order", "note: run with `RUST_BACKTRACE=1`") == (
        "error", 500, "the query worker died: comparison is not a total order; try again")
    assert died() == ("error", 500, "the query worker died: no reason given; try again")


def test_host_names_allowed_by_bind_address():
    from types import SimpleNamespace

    from kg.sparql.serve import Server

    def allowed(bound, host, name=None):
        fake = SimpleNamespace(server_address=(bound, 7878), bind_name=name or bound)
        return Server.host_allowed(fake, host)

    assert allowed("0.0.0.0", "192.0.2.7:7878")  # bound to every address: any, by number
    assert not allowed("0.0.0.0", "evil.example:7878")  # never by a name that could rebind
    assert allowed("192.0.2.7", "myhost:7878", name="myhost")  # the name given to --bind
    assert not allowed("192.0.2.7", "192.0.2.8:7878")
    assert allowed("::", "[2001:db8::1]:7878") and not allowed("::1", "[::1]:7879")
