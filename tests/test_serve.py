"""`kg serve`: the SPARQL 1.1 protocol, read-only, with a timeout, through a burst of queries."""
from __future__ import annotations

import csv
import http.client
import io
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pyoxigraph as ox
import pytest
from rdflib.query import Result

from conftest import MINIMAL_DATA
from kg.sparql.serve import banner, is_loopback, make_server
from kg.graph.store import STORE_DIR
from remote_support import build_fixture, run

# The server's query timeout in these tests: generous, so that a well-formed query (a few ms on
# the fixture) is answered however loaded the machine is, waiting for a worker included.
TIMEOUT = 5
# Past any timeout by its own size, not by a tight clock: a COUNT over the fourth power of the
# fixture's ~800 triples (~4e11 rows; the square alone takes 0.1 s), hours on any machine.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
# Well-formed queries with different answers, so that a mixed-up answer is noticed.
QUERIES = [
    COUNT,
    "SELECT ?label WHERE { <https://w3id.org/survkg/id/org/acme> "
    "<http://www.w3.org/2000/01/rdf-schema#label> ?label }",
    "SELECT ?s WHERE { ?s a <https://w3id.org/survkg/ontology#Country> } ORDER BY ?s",
    "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p",
    "ASK { <https://w3id.org/survkg/id/org/acme> ?p ?o }",
    "ASK { <https://w3id.org/survkg/id/org/nobody> ?p ?o }",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_fixture(tmp_path_factory.mktemp("serve"))


def start(build: Path, timeout: float = TIMEOUT):
    server = make_server(build, port=0, timeout=timeout, workers=2)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def server(built):
    served = start(built)
    yield served
    served.shutdown()
    served.close()


def expected(build: Path, query: str, fmt=ox.QueryResultsFormat.CSV) -> bytes:
    """The answer of Oxigraph itself over the build's store, without the server."""
    return ox.Store.read_only(str(build / STORE_DIR)).query(query).serialize(format=fmt)


def call(url: str, method="GET", query: str | None = COUNT, accept="text/csv", body=None,
         ctype=None, params: list | None = None, path="/query"):
    """Return (status, content type, body) of one request."""
    fields = ([("query", query)] if query is not None else []) + (params or [])
    base = url.rsplit("/", 1)[0] + path
    target = base + ("?" + urllib.parse.urlencode(fields) if method == "GET" else "")
    if method == "POST" and body is None:
        body, ctype = urllib.parse.urlencode(fields).encode(), "application/x-www-form-urlencoded"
    headers = {"Accept": accept, **({"Content-Type": ctype} if ctype else {})}
    request = urllib.request.Request(target, body, headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers["Content-Type"], err.read()


# --- the protocol ----------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["GET", "POST"])
def test_get_and_post_queries(server, built, method):
    assert call(server.url, method) == (200, "text/csv; charset=utf-8", expected(built, COUNT))


def test_post_a_query_as_sparql_query_body(server, built):
    status, _, body = call(server.url, "POST", None, body=COUNT.encode(),
                           ctype="application/sparql-query")
    assert (status, body) == (200, expected(built, COUNT))


@pytest.mark.parametrize("accept, ctype, fmt", [
    ("application/sparql-results+json", "application/sparql-results+json", "json"),
    ("application/sparql-results+xml", "application/sparql-results+xml", "xml"),
    ("text/csv", "text/csv; charset=utf-8", "csv"),
    ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8", "tsv"),
    ("*/*", "application/sparql-results+json", "json"),
    ("text/csv;q=0.2, application/sparql-results+xml;q=0.9", "application/sparql-results+xml",
     "xml"),
])
def test_results_by_accept_header(server, accept, ctype, fmt):
    query = QUERIES[1]
    status, got_type, body = call(server.url, query=query, accept=accept)
    assert (status, got_type) == (200, ctype)
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(body.decode())))
    else:
        rows = [["label"]] + [[str(r[0])] for r in Result.parse(io.BytesIO(body), format=fmt)]
    assert rows == [["label"], ["Acme Vision"]]


def test_a_graph_query_answers_rdf(server):
    status, ctype, body = call(server.url, query="CONSTRUCT WHERE { ?s a ?c } LIMIT 2",
                               accept="text/turtle")
    assert (status, ctype) == (200, "text/turtle; charset=utf-8")
    assert body.count(b" .\n") >= 1


@pytest.mark.parametrize("kwargs, status, message", [
    ({"query": "SELECT * WHERE { ?s ?p }"}, 400, "error at 1:"),
    ({"query": None, "params": [("default-graph-uri", "urn:x:g")]}, 400,
     "give exactly one query parameter"),
    ({"method": "POST", "query": None}, 400, "give exactly one query parameter"),
    ({"accept": "image/png"}, 406, "cannot answer as image/png"),
    ({"path": "/nowhere"}, 404, "no such resource /nowhere"),
    ({"method": "POST", "body": b"x", "ctype": "text/plain"}, 415, "send the query as"),
    ({"params": [("default-graph-uri", "not an iri")]}, 400, "Invalid IRI"),
])
def test_bad_requests(server, kwargs, status, message):
    got_status, ctype, body = call(server.url, **kwargs)
    assert (got_status, ctype) == (status, "text/plain; charset=utf-8")
    assert body.decode().startswith(message) and body.count(b"\n") == 1


def test_the_default_graph_uri_parameter(server):
    params = [("default-graph-uri", "urn:survkg:test:nothing-here")]
    assert call(server.url, params=params)[2] == b"n\r\n0\r\n"


# --- read-only -------------------------------------------------------------------------------

INSERT = 'INSERT DATA { <urn:x:a> <urn:x:b> "c" }'


@pytest.mark.parametrize("kwargs", [
    {"method": "POST", "path": "/update", "body": INSERT.encode(),
     "ctype": "application/sparql-update"},
    {"method": "POST", "body": INSERT.encode(), "ctype": "application/sparql-update"},
    {"method": "POST", "query": None, "params": [("update", INSERT)]},
    {"method": "PUT", "path": "/store?default", "body": b'<urn:x:a> <urn:x:b> "c" .',
     "ctype": "application/n-triples"},
    {"method": "POST", "path": "/store?default", "body": b'<urn:x:a> <urn:x:b> "c" .',
     "ctype": "application/n-triples"},
    {"method": "DELETE", "path": "/store?default", "body": None},
], ids=["update", "update-at-query", "update-form", "gsp-put", "gsp-post", "gsp-delete"])
def test_writes_are_refused(server, built, kwargs):
    status, _, body = call(server.url, **{"query": None, **kwargs})
    assert (status, body) == (403, b"read-only endpoint: SPARQL Update and Graph Store writes "
                                   b"are refused\n")
    assert call(server.url)[2] == expected(built, COUNT)


# --- timeout ---------------------------------------------------------------------------------

def test_a_query_past_the_timeout_is_stopped_and_the_server_goes_on(server, built):
    # SLOW cannot finish in hours, so an answer at all means the server stopped it.
    status, _, body = call(server.url, query=SLOW)
    assert (status, body) == (503, b"query stopped after 5 s (kg serve --timeout)\n")
    assert call(server.url)[2] == expected(built, COUNT)


# --- the CLI over kg serve -------------------------------------------------------------------

def test_kg_commands_against_kg_serve(server, built):
    for args in (["ask", "which vendors supply EB states"], ["stats"],
                 ["query", "bri-suppliers", "-p", "initiative=initiative/bloc"]):
        remote = run("--endpoint", server.url, *args)
        assert remote.output == run("--build-dir", str(built), *args).output


def test_kg_serve_command_starts_answers_and_stops_on_sigterm(built):
    process = subprocess.Popen([sys.executable, "-m", "kg", "--build-dir", str(built), "serve",
                                "--port", "0", "--timeout", "5"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        assert line.startswith("serving http://127.0.0.1:") and line.endswith(
            "/query (read-only, query timeout 5 s); Ctrl-C stops\n")
        url = line.split()[1]
        assert call(url)[2] == expected(built, COUNT)
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(120) == 0  # generous: a loaded machine, not a measure
    assert process.stderr.read() == ""


def test_kg_serve_without_a_build(tmp_path):
    result = run("--build-dir", str(tmp_path), "serve")
    assert (result.exit_code, result.output) == (
        1, f"Error: no built store in {tmp_path}: run `kg build` first\n")


def test_a_non_loopback_bind_is_warned_about():
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0")
    fake = SimpleNamespace(server_address=("0.0.0.0", 7878), url="http://0.0.0.0:7878/query",
                           pool=SimpleNamespace(timeout=30.0))
    (warning, to_stderr), (serving, _) = banner(fake)
    assert to_stderr and warning.startswith("Warning: listening on 0.0.0.0, not loopback")
    assert serving.startswith("serving http://0.0.0.0:7878/query")


# --- a rebuild under a running server --------------------------------------------------------

def test_a_rebuild_is_served_from_the_next_query(built, tmp_path):
    build = tmp_path / "build"
    shutil.copytree(built, build)
    served = start(build)
    try:
        assert call(served.url)[2] == expected(built, COUNT)
        result = run("--data", str(MINIMAL_DATA), "--build-dir", str(build), "build")
        assert result.exit_code == 0, result.output  # the running server did not block it
        assert call(served.url)[2] == expected(build, COUNT) != expected(built, COUNT)
    finally:
        served.shutdown()
        served.close()


# --- a burst ---------------------------------------------------------------------------------

BURST = int(os.environ.get("KG_BURST", "10000"))  # the issue asks for at least 10,000


def test_a_burst_of_queries_every_well_formed_one_answered_right(server, built):
    """BURST requests on keep-alive connections from 8 threads: well-formed queries (each
    answer checked against Oxigraph's own), malformed ones (400), and, from one more thread,
    queries past the timeout (503); the server answers all and stays up."""
    answers = {q: expected(built, q) for q in QUERIES}
    host, port = server.server_address[:2]
    outcomes: dict[str, int] = {"right": 0, "wrong": 0, "malformed": 0, "stopped": 0}
    lock = threading.Lock()

    def client(first: int, n: int, slow: bool = False) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=60)
        for i in range(first, first + n):
            query = SLOW if slow else (f"SELECT * WHERE {{ ?s ?p {i}" if i % 50 == 0
                                       else QUERIES[i % len(QUERIES)])
            conn.request("GET", "/query?" + urllib.parse.urlencode({"query": query}),
                         headers={"Accept": "text/csv"})
            response = conn.getresponse()
            body = response.read()
            if slow:
                kind = "stopped" if response.status == 503 else "wrong"
            elif i % 50 == 0:
                kind = "malformed" if response.status == 400 else "wrong"
            else:
                right = response.status == 200 and body == answers[query]
                kind = "right" if right else "wrong"
            with lock:
                outcomes[kind] += 1
        conn.close()

    slow_count = 4  # one after the other, each holding a worker for TIMEOUT seconds
    threads, per = 8, (BURST - slow_count) // 8
    workers = [threading.Thread(target=client, args=(t * per, per)) for t in range(threads)]
    workers.append(threading.Thread(target=client, args=(0, slow_count, True)))
    started = time.monotonic()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    seconds = time.monotonic() - started
    total = threads * per + slow_count
    assert BURST >= total >= BURST - threads
    malformed = sum(1 for t in range(threads) for i in range(t * per, (t + 1) * per)
                    if i % 50 == 0)
    assert outcomes == {"right": total - malformed - slow_count, "wrong": 0,
                        "malformed": malformed, "stopped": slow_count}
    print(f"\n{total:,} requests in {seconds:.1f} s ({total / seconds:,.0f}/s)")
    assert call(server.url)[2] == answers[COUNT]
