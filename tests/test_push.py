"""`kg push` against a real `oxigraph serve`: the graph replaced whole, in one step, or not at all."""
from __future__ import annotations

import json
import re
import socket
import threading
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_DATA
from remote_support import (
    TinyServer,
    batch_trouble,
    count,
    counting_readers,
    free_port,
    proxy,
    read_head,
    read_request,
    select,
    temporary_graphs,
)

from kg.cli import cli
from kg.sparql import push as pushing
from kg.sparql.push import service_urls

FIXTURE = Path(__file__).parent / "fixtures" / "cli" / "data"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def lines(path: Path) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> tuple[Path, Path]:
    """Two different builds: the CLI fixture (A) and the minimal fixture (B)."""
    out = tmp_path_factory.mktemp("push")
    for name, data in (("a", FIXTURE), ("b", MINIMAL_DATA)):
        assert run("--data", str(data), "--build-dir", str(out / name), "build").exit_code == 0
    a, b = out / "a", out / "b"
    assert lines(a / "survkg.nt") != lines(b / "survkg.nt")
    return a, b


_graphs = iter(range(10_000))


@pytest.fixture
def graph() -> str:
    """A named graph no other test writes."""
    return f"urn:survkg:test:push:{next(_graphs)}"


def push(build: Path, url: str, graph: str | None = None):
    """`kg push --endpoint URL [--graph IRI]` (the group's --endpoint/--graph work too)."""
    return run("--build-dir", str(build), "push", "--endpoint", url,
               *(["--graph", graph] if graph else []))


ACME_SOURCE = ("ASK { <https://w3id.org/survkg/id/source/example-times-2020> "
               "<http://purl.org/dc/terms/title> \"Example Times report on city cameras\" }")


def test_push_to_a_named_graph_then_replace_it(builds, oxigraph_server, graph):
    a, b = builds
    result = push(a, oxigraph_server, graph)
    assert result.exit_code == 0, result.output
    assert re.fullmatch(rf"pushed {lines(a / 'survkg.nt'):,} triples to the graph <{graph}> of "
                        rf"{oxigraph_server} \(graph store PUT\) in [\d.]+ s\n", result.output)
    assert count(oxigraph_server, graph) == lines(a / "survkg.nt")
    assert push(b, oxigraph_server, graph).exit_code == 0
    assert count(oxigraph_server, graph) == lines(b / "survkg.nt")  # replaced, not added to
    assert select(oxigraph_server, ACME_SOURCE, graph).strip() == "false"


def test_push_to_the_default_graph(builds, tmp_path_factory):
    from remote_support import start_oxigraph

    server = start_oxigraph(tmp_path_factory.mktemp("own-oxigraph"))  # its default graph is ours
    try:
        result = push(builds[0], server.url)
        assert result.exit_code == 0, result.output
        assert "to the default graph of" in result.output
        assert count(server.url) == lines(builds[0] / "survkg.nt")
        ask = run("--endpoint", server.url, "ask", "which vendors supply EB states")
        local = run("--build-dir", str(builds[0]), "ask", "which vendors supply EB states")
        assert ask.output == local.output
    finally:
        server.stop()


def test_readers_never_see_half_a_graph(builds, oxigraph_server, graph):
    a, b = builds
    sizes = {lines(a / "survkg.nt"), lines(b / "survkg.nt")}
    assert push(a, oxigraph_server, graph).exit_code == 0
    with counting_readers(oxigraph_server, graph) as seen:
        for build in (b, a, b, a, b, a):
            assert push(build, oxigraph_server, graph).exit_code == 0
    assert set(seen) <= sizes, sorted(set(seen) - sizes)
    assert set(seen) == sizes  # the readers did read while the graph changed


@pytest.mark.parametrize("mode", ["graph store PUT", "SPARQL update"])
def test_a_push_cut_off_midway_leaves_the_previous_graph(builds, oxigraph_server, graph, mode):
    a, b = builds
    assert push(a, oxigraph_server, graph).exit_code == 0
    port = int(oxigraph_server.split(":")[2].split("/")[0])
    cut = (proxy(port, truncate_puts=True) if mode == "graph store PUT"
           else proxy(port, refuse_puts=True, truncate_posts=True))
    with TinyServer(cut) as middle:
        result = push(b, middle.url, graph)
        # (a batched push's clean-up, a POST, is cut off too)
        assert set(middle.cut) == ({"PUT"} if mode == "graph store PUT" else {"POST"})
    assert result.exit_code == 1
    assert re.fullmatch(rf"Error: endpoint {middle.url}: connection lost: .*\n", result.output)
    assert count(oxigraph_server, graph) == lines(a / "survkg.nt")
    assert select(oxigraph_server, ACME_SOURCE, graph).strip() == "true"


def test_without_a_graph_store_the_push_goes_in_batches_of_sparql_update(
        builds, oxigraph_server, graph, monkeypatch):
    a, b = builds
    assert push(a, oxigraph_server, graph).exit_code == 0
    port = int(oxigraph_server.split(":")[2].split("/")[0])
    monkeypatch.setattr(pushing, "UPDATE_BATCH_TRIPLES", 100)
    with TinyServer(proxy(port, refuse_puts=True)) as middle:
        result = push(b, middle.url, graph)
    assert result.exit_code == 0, result.output
    assert f"(SPARQL update in {-(-lines(b / 'survkg.nt') // 100)} batches, then MOVE)" \
        in result.output
    assert temporary_graphs(oxigraph_server) == []
    assert count(oxigraph_server, graph) == lines(b / "survkg.nt")
    local = run("--build-dir", str(b), "stats", "--format", "json").output
    assert run("--endpoint", oxigraph_server, "--graph", graph,
               "stats", "--format", "json").output == local


def test_readers_of_a_batched_push_see_the_old_graph_or_the_new_one(builds, oxigraph_server,
                                                                    graph, monkeypatch):
    """Oxigraph runs the MOVE that ends a batched push as one transaction (measured here)."""
    a, b = builds
    sizes = {lines(a / "survkg.nt"), lines(b / "survkg.nt")}
    assert push(a, oxigraph_server, graph).exit_code == 0
    monkeypatch.setattr(pushing, "UPDATE_BATCH_TRIPLES", 200)
    port = int(oxigraph_server.split(":")[2].split("/")[0])
    with counting_readers(oxigraph_server, graph) as seen, \
            TinyServer(proxy(port, refuse_puts=True)) as middle:
        for build in (b, a, b, a):
            result = push(build, middle.url, graph)
            assert "batches, then MOVE" in result.output, result.output
    assert set(seen) <= sizes, sorted(set(seen) - sizes)
    assert set(seen) == sizes


@pytest.mark.parametrize("how", ["cut", "reject"])
def test_a_batched_push_that_fails_at_its_third_batch_leaves_the_previous_graph(
        builds, oxigraph_server, graph, monkeypatch, how):
    a, b = builds
    assert push(a, oxigraph_server, graph).exit_code == 0
    monkeypatch.setattr(pushing, "UPDATE_BATCH_TRIPLES", 100)
    port = int(oxigraph_server.split(":")[2].split("/")[0])
    with TinyServer(batch_trouble(port, 3, how)) as middle:
        result = push(b, middle.url, graph)
    assert middle.cut == [how]
    assert result.exit_code == 1
    said = (r"connection lost: .*" if how == "cut" else r"HTTP 500: memory exhausted \.")
    assert re.fullmatch(rf"Error: endpoint {middle.url}: {said}\n", result.output), result.output
    assert count(oxigraph_server, graph) == lines(a / "survkg.nt")
    assert select(oxigraph_server, ACME_SOURCE, graph).strip() == "true"
    assert temporary_graphs(oxigraph_server) == []  # dropped after the failure


def test_a_stale_temporary_graph_is_dropped_by_the_next_push(builds, oxigraph_server, graph):
    a, _ = builds
    stale = pushing.temporary_graph(graph)
    update = oxigraph_server.replace("/query", "/update")
    urllib.request.urlopen(urllib.request.Request(
        update, f"INSERT DATA {{ GRAPH <{stale}> {{ <urn:x:s> <urn:x:p> 'old' }} }}".encode(),
        headers={"Content-Type": "application/sparql-update"}), timeout=30).close()
    port = int(oxigraph_server.split(":")[2].split("/")[0])
    with TinyServer(proxy(port, refuse_puts=True)) as middle:
        result = push(a, middle.url, graph)
    assert result.exit_code == 0, result.output  # the temporary graph counted exactly
    assert count(oxigraph_server, graph) == lines(a / "survkg.nt")
    assert temporary_graphs(oxigraph_server) == []


def test_triples_that_share_a_blank_node_go_in_one_batch(tmp_path, oxigraph_server, graph,
                                                         monkeypatch):
    nt = (b'<urn:x:a> <urn:x:p> _:n1 .\n<urn:x:b> <urn:x:p> <urn:x:c> .\n'
          b'_:n1 <urn:x:q> _:n2 .\n_:n2 <urn:x:r> "v" .\n<urn:x:d> <urn:x:p> _:n3 .\n')
    (tmp_path / "survkg.nt").write_bytes(nt)
    monkeypatch.setattr(pushing, "UPDATE_BATCH_TRIPLES", 1)
    port = int(oxigraph_server.split(":")[2].split("/")[0])
    with TinyServer(proxy(port, refuse_puts=True)) as middle:
        result = push(tmp_path, middle.url, graph)
    assert "(SPARQL update in 3 batches, then MOVE)" in result.output, result.output
    blanks = "SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { { ?b ?p ?o } UNION { ?s ?p ?b } " \
             "FILTER(isBlank(?b)) }"
    assert select(oxigraph_server, blanks, graph).split()[1] == "3"
    chain = "ASK { <urn:x:a> <urn:x:p> ?x . ?x <urn:x:q> ?y . ?y <urn:x:r> 'v' }"
    assert select(oxigraph_server, chain, graph).strip() == "true"


@pytest.mark.parametrize("args, message", [
    (["push"], "give the endpoint to push to: kg push --endpoint URL "
               "(e.g. http://127.0.0.1:7878/query)"),
    (["--endpoint", "http://127.0.0.1:9/query", "push"],
     "no survkg.nt in {build}: run `kg build` first"),
    (["push", "--endpoint", "http://127.0.0.1:9/query"],
     "no survkg.nt in {build}: run `kg build` first"),
])
def test_push_errors(tmp_path, args, message):
    result = run("--build-dir", str(tmp_path), *args)
    assert (result.exit_code, result.output) == (1, f"Error: {message.format(build=tmp_path)}\n")


def test_push_to_an_endpoint_that_is_down(builds):
    url = f"http://127.0.0.1:{free_port()}/query"
    result = push(builds[0], url)
    assert (result.exit_code, result.output) == (
        1, f"Error: endpoint {url}: connection refused (is the server running?)\n")


def test_the_service_urls_beside_a_query_url():
    assert service_urls("http://h:7878/query") == ("http://h:7878/store", "http://h:7878/update")
    assert service_urls("http://h/ds/sparql") == ("http://h/ds/data", "http://h/ds/update")
    assert service_urls("http://h/ds") == ("http://h/ds", "http://h/ds")


# --- a push is checked, and a refusal is heard ------------------------------------------------

def answers_count(n: str, put_status: str = "204 No Content"):
    """A handler taking any PUT (saying `put_status`) and counting `n` triples when asked."""
    def handle(conn, server, request: bytes | None = None):
        request = request if request is not None else read_request(conn)
        if request.startswith(b"PUT "):
            conn.sendall(f"HTTP/1.1 {put_status}\r\nContent-Length: 0\r\n"
                         f"Connection: close\r\n\r\n".encode())
            return
        body = json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {
            "type": "literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer",
            "value": n}}]}})
        conn.sendall(f"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                     f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n{body}".encode())
    return handle


def test_a_server_that_kept_fewer_triples_says_so(builds):
    a, _ = builds
    with TinyServer(answers_count("5")) as server:  # says 204 to the PUT, then holds 5
        result = push(a, server.url)
    assert (result.exit_code, result.output) == (
        1, (f"Error: endpoint {server.url}: the endpoint kept 5 of {lines(a / 'survkg.nt'):,} "
            f"triples sent to its default graph\n"))


def test_a_server_that_holds_more_says_so_in_the_summary(builds):
    a, _ = builds
    more = lines(a / "survkg.nt") + 7
    with TinyServer(answers_count(str(more))) as server:
        result = push(a, server.url)
    assert result.exit_code == 0, result.output
    assert result.output.rstrip().endswith(f"; it holds {more:,}, more than were sent")


def test_a_server_that_kept_fewer_through_a_real_oxigraph(builds, oxigraph_server, graph):
    """A proxy that passes on only the first 5 lines of the PUT: Oxigraph stores them, says 204."""
    a, _ = builds
    port = int(oxigraph_server.split(":")[2].split("/")[0])

    def keep_five(conn, server):
        request = read_request(conn)
        head, _, body = request.partition(b"\r\n\r\n")
        if request.startswith(b"PUT "):
            body = b"".join(body.splitlines(keepends=True)[:5])
            head = b"\r\n".join(line for line in head.split(b"\r\n")
                                 if not line.lower().startswith(b"content-length:"))
            head += f"\r\nContent-Length: {len(body)}".encode()
        line, _, rest = head.partition(b"\r\n")
        with socket.create_connection(("127.0.0.1", port), timeout=30) as up:
            up.sendall(line + b"\r\nConnection: close\r\n" + rest + b"\r\n\r\n" + body)
            while chunk := up.recv(65536):
                conn.sendall(chunk)

    with TinyServer(keep_five) as middle:
        result = push(a, middle.url, graph)
    assert result.output == (f"Error: endpoint {middle.url}: the endpoint kept 5 of "
                             f"{lines(a / 'survkg.nt'):,} triples sent to its graph <{graph}>\n")
    assert result.exit_code == 1
    assert count(oxigraph_server, graph) == 5


def big_build(folder: Path) -> Path:
    """A build whose survkg.nt (~16 MB) is far more than a socket's buffers hold."""
    line = b'<urn:x:s> <urn:x:p> "' + b"y" * 60 + b'" .\n'
    folder.mkdir(exist_ok=True)
    (folder / "survkg.nt").write_bytes(line * 200_000)
    return folder


def test_a_push_to_kg_serve_says_it_is_read_only(builds, tmp_path):
    """kg serve answers 403 and closes without reading the upload: the 403 is what is said."""
    from kg.sparql.serve import make_server

    server = make_server(builds[0], port=0, timeout=5, workers=2)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        for build in (builds[0], big_build(tmp_path / "big")):
            result = push(build, server.url)
            assert result.output == (f"Error: endpoint {server.url}: HTTP 403: read-only "
                                     f"endpoint: SPARQL Update and Graph Store writes are "
                                     f"refused\n"), build
            assert result.exit_code == 1
    finally:
        server.shutdown()
        server.close()


def status_line_then_close(line: bytes):
    """A handler reading only the request's headers, then sending `line` and closing."""
    def handle(conn, server):
        if read_head(conn) is None:
            return
        if line:
            conn.sendall(line)
        # Closing with the upload unread resets the connection: the client's send breaks.
    return handle


def test_a_server_that_closes_after_the_status_line(tmp_path):
    with TinyServer(status_line_then_close(b"HTTP/1.1 403 read-only\r\n")) as server:
        result = push(big_build(tmp_path / "big"), server.url)
    assert (result.exit_code, result.output) == (
        1, f"Error: endpoint {server.url}: HTTP 403: read-only\n")


def test_a_server_that_closes_without_a_word_mid_upload(tmp_path):
    with TinyServer(status_line_then_close(b"")) as server:
        result = push(big_build(tmp_path / "big"), server.url)
    assert result.exit_code == 1
    assert re.fullmatch(rf"Error: endpoint {re.escape(server.url)}: connection lost: "
                        rf"(Broken pipe|Connection reset by peer)\n", result.output), result.output


def slow_answer(counted: int):
    """Take the whole upload, then answer it a byte every 0.2 s (40 of them at most: bounded);
    a count is answered at once (`counted` triples)."""
    def handle(conn, server):
        request = read_request(conn)
        if not request.startswith(b"PUT "):
            return answers_count(str(counted))(conn, server, request)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\n")
        for _ in range(40):
            if server.stopped.wait(0.2):
                return
            conn.sendall(b" ")
    return handle


def test_the_answer_to_a_push_is_bounded_by_the_timeout_whole(builds):
    """Each byte comes well within the timeout, the whole answer not: the timeout is the whole's."""
    with TinyServer(slow_answer(lines(builds[0] / "survkg.nt"))) as server:
        result = run("--build-dir", str(builds[0]), "push", "--endpoint", server.url,
                     "--timeout", "1")
    assert (result.exit_code, result.output) == (
        1, f"Error: endpoint {server.url}: no answer within 1 s (--timeout)\n")
