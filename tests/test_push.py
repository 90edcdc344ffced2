"""`kg push` against a real `oxigraph serve`: the graph replaced whole, in one step, or not at all."""
from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import MINIMAL_DATA
from kg.cli import cli
from kg.sparql.push import service_urls
from remote_support import TinyServer, count, free_port, proxy, select

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
    seen, done = [], threading.Event()

    def read():
        while not done.is_set() and len(seen) < 5_000:
            seen.append(count(oxigraph_server, graph))

    readers = [threading.Thread(target=read) for _ in range(2)]
    for reader in readers:
        reader.start()
    try:
        for build in (b, a, b, a, b, a):
            assert push(build, oxigraph_server, graph).exit_code == 0
    finally:
        done.set()
        for reader in readers:
            reader.join()
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
        assert middle.cut == (["PUT"] if mode == "graph store PUT" else ["POST"])
    assert result.exit_code == 1
    assert re.fullmatch(rf"Error: endpoint {middle.url}: connection lost: .*\n", result.output)
    assert count(oxigraph_server, graph) == lines(a / "survkg.nt")
    assert select(oxigraph_server, ACME_SOURCE, graph).strip() == "true"


def test_without_a_graph_store_the_push_is_one_sparql_update(builds, oxigraph_server, graph):
    a, b = builds
    assert push(a, oxigraph_server, graph).exit_code == 0
    port = int(oxigraph_server.split(":")[2].split("/")[0])
    with TinyServer(proxy(port, refuse_puts=True)) as middle:
        result = push(b, middle.url, graph)
    assert result.exit_code == 0, result.output
    assert "(SPARQL update)" in result.output
    assert count(oxigraph_server, graph) == lines(b / "survkg.nt")
    local = run("--build-dir", str(b), "stats", "--format", "json").output
    assert run("--endpoint", oxigraph_server, "--graph", graph,
               "stats", "--format", "json").output == local


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
