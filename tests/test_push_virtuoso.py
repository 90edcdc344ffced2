"""`kg push` to a real Virtuoso (Debian's virtuoso-opensource, default settings; the session's
`virtuoso` fixture): Digest credentials from the environment, the project's named graph by
default, batches into a temporary graph and one MOVE, a re-push replaces, a push cut off or
refused midway leaves the old graph, readers never see two graphs at once."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import MINIMAL_DATA
from remote_support import (
    FIXTURE,
    PATIENT,
    TinyServer,
    batch_trouble,
    count,
    counting_readers,
    run,
    select,
    temporary_graphs,
)

from kg.sparql import auth
from kg.sparql import push as pushing
from kg.sparql.protocol import Endpoint

GRAPH = pushing.DEFAULT_GRAPH


def lines(build: Path) -> int:
    return sum(1 for line in (build / "survkg.nt").read_bytes().splitlines() if line.strip())


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> tuple[Path, Path]:
    """Two different builds: the CLI fixture (A) and the minimal fixture (B)."""
    out = tmp_path_factory.mktemp("push-virtuoso")
    for name, data in (("a", FIXTURE), ("b", MINIMAL_DATA)):
        assert run("--data", str(data), "--build-dir", str(out / name), "build").exit_code == 0
    assert lines(out / "a") != lines(out / "b")
    return out / "a", out / "b"


@pytest.fixture
def admin(virtuoso, monkeypatch):
    """The Virtuoso's query URL, with its administrator's credentials in the environment."""
    for name, value in virtuoso.env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("NETRC", "/nonexistent")
    auth.forget()
    yield virtuoso.url
    auth.forget()


_graphs = iter(range(10_000))


@pytest.fixture
def graph() -> str:
    return f"urn:survkg:test:virtuoso:{next(_graphs)}"


def push(build: Path, url: str, graph: str | None = None):
    return run(*PATIENT, "--build-dir", str(build), "push", "--endpoint", url,
               *(["--graph", graph] if graph else []))


def test_a_push_goes_to_the_projects_graph_and_says_how_to_read_it(builds, admin):
    a, b = builds
    result = push(a, admin)
    assert result.exit_code == 0, result.output
    assert re.fullmatch(
        rf"pushed {lines(a):,} triples to the graph <{GRAPH}> of {admin} \(graph store POST in "
        rf"1 batch, then MOVE\) in [\d.]+ s\n"
        rf"Virtuoso has no writable default graph: the graph went to the named graph <{GRAPH}>; "
        rf"read it with --graph, e\.g\.\n  kg --endpoint {admin} --graph {GRAPH} stats\n",
        result.output), result.output
    assert count(admin, GRAPH) == lines(a)
    assert push(b, admin).exit_code == 0
    assert count(admin, GRAPH) == lines(b)  # replaced, not added to
    assert temporary_graphs(admin) == []
    # The command the summary prints reads it (no credentials needed to read).
    local = run("--build-dir", str(b), "stats", "--format", "json").output
    remote = run(*PATIENT, "--endpoint", admin, "--graph", GRAPH, "stats", "--format", "json").output
    assert json.loads(remote) == json.loads(local)
    # Without --graph a reader reads that graph too, not Virtuoso's union of all its graphs.
    plain = run(*PATIENT, "--endpoint", admin, "stats", "--format", "json").output
    assert json.loads(plain) == json.loads(local)
    exported = run(*PATIENT, "--endpoint", admin, "export", "--format", "nt").output
    assert sum(1 for line in exported.splitlines() if line.strip()) == lines(b)


def test_the_shipped_build_in_batches(shipped_build, admin, graph, monkeypatch):
    """The shipped graph (30 MB) in Graph Store POSTs of at most 4 MB."""
    monkeypatch.setattr(pushing, "STORE_BATCH_BYTES", 4 << 20)
    sent = lines(shipped_build)
    result = push(shipped_build, admin, graph)
    assert result.exit_code == 0, result.output
    batches = len(list(pushing.batches((shipped_build / "survkg.nt").read_bytes(), 1 << 62,
                                       4 << 20)))
    assert f"(graph store POST in {batches} batches, then MOVE)" in result.output
    assert count(admin, graph) == sent
    local = run("--build-dir", str(shipped_build), "stats", "--format", "json").output
    remote = run(*PATIENT, "--endpoint", admin, "--graph", graph, "stats", "--format", "json").output
    assert json.loads(remote) == json.loads(local)  # the same counts (ties in any order)


def test_the_update_batches_fit_virtuosos_sparql_compiler(builds, admin, graph):
    """The batches an endpoint without a Graph Store gets: INSERT DATA of
    UPDATE_BATCH_TRIPLES each, which Virtuoso compiles (one of 2,000 it refuses)."""
    a, b = builds
    assert push(b, admin, graph).exit_code == 0
    endpoint = Endpoint(admin, float(PATIENT[1]), graph)
    data = (a / "survkg.nt").read_bytes()
    method = pushing.replace_in_batches(endpoint, pushing.engine(endpoint), data, lines(a),
                                        "update", None)
    batches = -(-lines(a) // pushing.UPDATE_BATCH_TRIPLES)
    assert method == f"SPARQL update in {batches} batch{'es' if batches > 1 else ''}, then MOVE"
    assert count(admin, graph) == lines(a)
    assert temporary_graphs(admin) == []


@pytest.mark.parametrize("how", ["cut", "reject"])
def test_a_push_that_fails_at_its_second_batch_leaves_the_old_graph(builds, admin, graph,
                                                                    monkeypatch, how):
    a, b = builds
    assert push(a, admin, graph).exit_code == 0
    monkeypatch.setattr(pushing, "STORE_BATCH_BYTES", (b / "survkg.nt").stat().st_size // 4)
    port = int(admin.split(":")[2].split("/")[0])
    with TinyServer(batch_trouble(port, 2, how, marker=b"application/n-triples")) as middle:
        result = push(b, middle.url.replace("/query", "/sparql"), graph)
    assert middle.cut == [how]
    assert result.exit_code == 1
    assert count(admin, graph) == lines(a)
    assert temporary_graphs(admin) == []


def test_readers_never_see_two_graphs_at_once(builds, admin, graph):
    """What Virtuoso's readers see while pushes replace the graph: never more than the larger
    graph (the MOVE replaces, it never adds the new graph to the old), and after each push
    exactly the new one. (Unlike Oxigraph's, Virtuoso's readers may glimpse part of a graph
    while the one MOVE request runs: kg.sparql.push says so.)"""
    a, b = builds
    sizes = {lines(a), lines(b)}
    assert push(a, admin, graph).exit_code == 0
    with counting_readers(admin, graph) as seen:
        for build in (b, a, b, a):
            assert push(build, admin, graph).exit_code == 0
            assert count(admin, graph) == lines(build)
    assert max(seen) <= max(sizes), sorted(set(seen) - sizes)
    assert sizes <= set(seen)  # the readers did read while the graph changed


def test_without_credentials_the_push_says_how_to_give_them(builds, virtuoso, monkeypatch):
    monkeypatch.delenv(auth.USER_ENV, raising=False)
    monkeypatch.delenv(auth.PASSWORD_ENV, raising=False)
    monkeypatch.setenv("NETRC", "/nonexistent")
    auth.forget()
    result = push(builds[0], virtuoso.url)
    assert (result.exit_code, result.output) == (
        1, (f"Error: endpoint {virtuoso.url}: HTTP 500: Virtuoso refused an anonymous write: set "
            f"KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD (a Virtuoso user with the SPARQL_UPDATE "
            f"role, e.g. dba) or a ~/.netrc entry for 127.0.0.1\n"))


def test_wrong_credentials_are_refused_in_one_line(builds, virtuoso, monkeypatch):
    monkeypatch.setenv(auth.USER_ENV, "dba")
    monkeypatch.setenv(auth.PASSWORD_ENV, "not-the-password")
    monkeypatch.setenv("NETRC", "/nonexistent")
    auth.forget()
    result = push(builds[0], virtuoso.url)
    assert (result.exit_code, result.output) == (
        1, (f"Error: endpoint {virtuoso.url}: HTTP 401: the endpoint refused the credentials of "
            f"user 'dba' (from KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD), or asks for a kind of "
            f"authentication kg does not speak (Basic and Digest only)\n"))
    assert "not-the-password" not in result.output


def test_credentials_from_netrc(builds, virtuoso, monkeypatch, tmp_path, graph):
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login {virtuoso.user} password {virtuoso.password}\n")
    monkeypatch.delenv(auth.USER_ENV, raising=False)
    monkeypatch.delenv(auth.PASSWORD_ENV, raising=False)
    monkeypatch.setenv("NETRC", str(netrc))
    auth.forget()
    result = push(builds[0], virtuoso.url, graph)
    assert result.exit_code == 0, result.output
    assert count(virtuoso.url, graph) == lines(builds[0])
    assert select(virtuoso.url, f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").strip() != ""


def test_a_user_who_may_only_read_is_told_the_role_it_needs(builds, virtuoso, admin, graph,
                                                            monkeypatch):
    a, b = builds
    assert push(a, admin, graph).exit_code == 0
    virtuoso.isql("DB.DBA.USER_CREATE('survkg_reader', 'reader-Pa55'); "
                  "GRANT SPARQL_SELECT TO survkg_reader;")
    monkeypatch.setenv(auth.USER_ENV, "survkg_reader")
    monkeypatch.setenv(auth.PASSWORD_ENV, "reader-Pa55")
    auth.forget()
    result = push(b, admin, graph)
    assert result.exit_code == 1
    assert re.fullmatch(rf"Error: endpoint {admin}: HTTP \d+: Virtuoso refused the write of user "
                        rf"'survkg_reader': it needs the SPARQL_UPDATE role \(.*SECURITY.*\)\n",
                        result.output), result.output
    assert "reader-Pa55" not in result.output
    assert count(admin, graph) == lines(a)

