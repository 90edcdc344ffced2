"""Reading from an endpoint: the same graph and projection as the build, and one clear line
when the endpoint is down, too slow, answers an HTTP error, or answers something else."""
from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from conftest import graph_difference
from kg.backend import backend
from kg.errors import KGError
from kg.analysis.network import load_network
from kg.sparql.protocol import Endpoint
from remote_support import (TinyServer, build_fixture, free_port, flood, hang, hang_up, respond,
                            run, trickle)

# One reading command of each kind: SPARQL (query, stats) and the projection (the others).
READERS = [["query", "bri-suppliers"], ["stats"], ["ask", "which vendors supply EB states"],
           ["path", "Acme", "Uganda"], ["suppliers", "--to", "EB"], ["profile", "Acme"],
           ["rank"], ["viz", "-o", "-"], ["export", "--format", "nt"]]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_fixture(tmp_path_factory.mktemp("remote"))


def oxigraph_view(path: Path) -> Graph:
    """The graph in an N-Triples file as Oxigraph stores it (literals in canonical form)."""
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    text = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return Graph().parse(data=text.decode("utf-8"), format="nt")


def _endpoint(options: list[str]) -> Endpoint:
    return Endpoint(options[options.index("--endpoint") + 1],
                    graph=options[options.index("--graph") + 1])


def test_the_projection_over_the_protocol_is_the_builds(built, pushed):
    remote = backend(built, _endpoint(pushed(built)).url, graph=_endpoint(pushed(built)).graph)
    assert remote.network().to_dict() == load_network(built).to_dict()


def test_export_and_viz_read_the_endpoint(built, pushed, tmp_path):
    options = pushed(built)
    result = run(*options, "export", "--format", "nt", "-o", str(tmp_path / "g.nt"))
    assert result.exit_code == 0, result.output
    # Compared as Oxigraph holds the build: it writes numbers in canonical form ("3" for "3.0").
    assert graph_difference(oxigraph_view(built / "survkg.nt"), oxigraph_view(tmp_path / "g.nt"),
                            "build", "endpoint") == ""
    page = run(*options, "viz", "--focus", "Acme", "-o", str(tmp_path / "a.html"))
    local = run("--build-dir", str(built), "viz", "--focus", "Acme", "-o", str(tmp_path / "b.html"))
    assert page.output.replace("a.html", "b.html") == local.output
    assert (tmp_path / "a.html").read_text() == (tmp_path / "b.html").read_text()


def test_the_default_graph_and_a_named_graph_are_read_apart(built, pushed):
    options = pushed(built)
    url = options[options.index("--endpoint") + 1]
    named = run(*options, "stats", "--format", "json")
    assert json.loads(named.output)["claims"]["supply"] == 3
    nowhere = run("--endpoint", url, "--graph", "urn:survkg:test:nothing-here",
                  "stats", "--format", "json")
    assert json.loads(nowhere.output) == {"classes": {}, "claims": {}, "sources": {}}


def _one_error_line(result, start: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.output.startswith(f"Error: {start}"), result.output
    assert len(result.output.splitlines()) == 1, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args", READERS, ids=lambda a: a[0])
def test_an_endpoint_that_is_down(args):
    url = f"http://127.0.0.1:{free_port()}/query"  # nothing listens there
    result = run("--endpoint", url, *args)
    assert result.output == f"Error: endpoint {url}: connection refused (is the server running?)\n"
    assert result.exit_code == 1


@pytest.mark.parametrize("args", READERS, ids=lambda a: a[0])
def test_an_endpoint_that_never_answers(args):
    with TinyServer(hang) as server:
        result = run("--endpoint", server.url, "--timeout", "0.5", *args)
    assert result.output == f"Error: endpoint {server.url}: no answer within 0.5 s (--timeout)\n"
    assert result.exit_code == 1


def test_the_timeout_bounds_the_whole_answer_not_each_read():
    with TinyServer(trickle) as server:  # a byte every 0.2 s: each read is quick, the whole not
        result = run("--endpoint", server.url, "--timeout", "1", "stats")
    assert result.output == f"Error: endpoint {server.url}: no answer within 1 s (--timeout)\n"


@pytest.mark.parametrize("args", READERS, ids=lambda a: a[0])
def test_an_endpoint_answering_500(args):
    with TinyServer(respond("500 Internal Server Error", "text/plain",
                            b"storage exploded\nat line 2")) as server:
        result = run("--endpoint", server.url, *args)
    assert result.output == (f"Error: endpoint {server.url}: HTTP 500: storage exploded "
                             f"at line 2\n")


@pytest.mark.parametrize("status, ctype, body, message", [
    ("200 OK", "text/html", b"<html>login</html>",
     "answered text/html, not application/sparql-results+json: is this a SPARQL endpoint?"),
    ("200 OK", "application/sparql-results+json", b"{not json",
     "the answer is not valid SPARQL JSON results"),
    ("404 Not Found", "text/html", b"", "HTTP 404: Not Found"),  # the status line says it all
])
def test_an_endpoint_answering_something_else(status, ctype, body, message):
    with TinyServer(respond(status, ctype, body)) as server:
        result = run("--endpoint", server.url, "ask", "which vendors supply EB states")
    assert result.output == f"Error: endpoint {server.url}: {message}\n"
    assert result.exit_code == 1


def test_an_endpoint_that_hangs_up():
    with TinyServer(hang_up) as server:
        result = run("--endpoint", server.url, "profile", "Acme")
    _one_error_line(result, f"endpoint {server.url}: connection lost: ")


@pytest.mark.parametrize("options, message", [
    (["--endpoint", "ftp://example.org/sparql"],
     "endpoint 'ftp://example.org/sparql': not an http(s) URL (e.g. http://127.0.0.1:7878/query)"),
    (["--endpoint", "http://127.0.0.1:9/query", "--graph", "not an iri"],
     "--graph 'not an iri': not an absolute IRI (e.g. https://example.org/graph/survkg)"),
    (["--graph", "urn:x:g"],
     "--graph names a graph of a remote endpoint: give --endpoint URL too"),
])
def test_bad_remote_options(options, message):
    assert run(*options, "stats").output == f"Error: {message}\n"


def test_the_environment_names_the_endpoint(monkeypatch):
    url = f"http://127.0.0.1:{free_port()}/query"
    monkeypatch.setenv("KG_ENDPOINT", url)
    monkeypatch.setenv("KG_TIMEOUT", "2")
    assert run("profile", "Acme").output == (
        f"Error: endpoint {url}: connection refused (is the server running?)\n")


def test_a_zero_timeout_is_refused():
    result = run("--endpoint", "http://127.0.0.1:9/query", "--timeout", "0", "stats")
    assert result.exit_code == 2
    assert "--timeout" in result.output


def test_the_library_error_names_the_endpoint():
    with pytest.raises(KGError, match=r"^endpoint http://127\.0\.0\.1:\d+/query: connection"):
        backend("unused", f"http://127.0.0.1:{free_port()}/query").network()


# --- answers over the size limit ($KG_MAX_ANSWER_MB) -------------------------------------------

def test_an_answer_over_the_size_limit_is_refused_while_it_streams(monkeypatch):
    """A body with no Content-Length that never ends: read only up to the limit, then one line."""
    monkeypatch.setenv("KG_MAX_ANSWER_MB", "0.5")
    with TinyServer(flood()) as server:
        result = run("--endpoint", server.url, "stats")
        sent = server.sent
    assert result.output == (f"Error: endpoint {server.url}: the answer (over 500,000 bytes) is "
                             f"over the 0.5 MB limit (KG_MAX_ANSWER_MB): ask for less, or raise "
                             f"the limit\n")
    assert result.exit_code == 1
    # Refused as it streamed: the server was still sending (it stops only when the client goes).
    assert sent and sent[-1] < 50_000_000


def test_an_answer_declared_over_the_size_limit_is_refused_before_reading(monkeypatch):
    monkeypatch.setenv("KG_MAX_ANSWER_MB", "1")
    with TinyServer(flood(declared=300_000_000)) as server:
        result = run("--endpoint", server.url, "export", "--format", "nt")
    assert result.output == (f"Error: endpoint {server.url}: the answer (its 300,000,000 bytes) "
                             f"is over the 1 MB limit (KG_MAX_ANSWER_MB): ask for less, or raise "
                             f"the limit\n")
    assert result.exit_code == 1


def test_the_library_reads_at_most_the_limit():
    """What was read never exceeds the limit: memory is bounded by it, not by the server."""
    from kg.sparql.protocol import ask_endpoint

    with TinyServer(flood()) as server:
        endpoint = Endpoint(server.url, max_bytes=200_000)
        with pytest.raises(KGError, match=r"over 200,000 bytes\) is over the 0\.2 MB limit"):
            ask_endpoint(endpoint, "SELECT * WHERE { ?s ?p ?o }")


def test_an_answer_within_the_limit_is_read_whole(monkeypatch):
    monkeypatch.setenv("KG_MAX_ANSWER_MB", "0.001")  # 1,000 bytes
    body = (b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", '
            b'"value": "' + b"x" * 907 + b'"}}]}}')
    assert len(body) == 1000  # exactly at the limit
    with TinyServer(respond("200 OK", "application/sparql-results+json", body)) as server:
        from kg.sparql.protocol import ask_endpoint

        assert ask_endpoint(Endpoint(server.url), "SELECT ?n WHERE {}") == body


@pytest.mark.parametrize("value", ["0", "-1", "lots", "inf", "nan"])
def test_a_bad_size_limit_is_one_line(monkeypatch, value):
    monkeypatch.setenv("KG_MAX_ANSWER_MB", value)
    result = run("--endpoint", "http://127.0.0.1:9/query", "stats")
    assert result.output == (f"Error: KG_MAX_ANSWER_MB={value!r}: give a positive number of "
                             f"megabytes (default 100)\n")
    assert result.exit_code == 1


def test_the_size_limit_is_named_in_help():
    assert "KG_MAX_ANSWER_MB" in " ".join(run("--help").output.split())
