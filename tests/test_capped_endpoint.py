"""An endpoint that cuts its answers at N rows: every reading command completes the answer (the
same output as the embedded store) or stops with one line and exit 1; never a shorter answer.

Virtuoso sends at most 10,000 rows per answer by default (tests/test_remote_parity.py runs the
real one); here a real Oxigraph store behind a cutting front (tests/capped_support.py) cuts at a
few rows so that every query of every command is cut, with the cap said in the header and not.
"""
from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from capped_support import CappedEndpoint
from remote_support import build_fixture, run

# Every reading command, on the fixture graph (tests/fixtures/cli/data), in the forms that read
# the most: each named query, every ranking, the projection's commands, the files.
READERS = [
    ["query", "bri-suppliers", "-p", "initiative=initiative/bloc"],
    ["query", "claims-by-source", "-p", "source=source/example-index"],
    ["query", "deals-by-country", "-p", "country=Uganda"],
    ["query", "financing-by-lender", "-p", "lender=Example Bank"],
    ["query", "findings-by-source", "-p", "source=source/example-index"],
    ["query", "proposals-by-body", "-p", "body=Example Standards Body"],
    ["query", "restrictions-by-vendor", "-p", "target=Acme"],
    ["query", "sources-for-pair", "-p", "vendor=Acme", "-p", "country=Kenya"],
    ["query", "-e", "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(!isBlank(?s) && !isBlank(?o)) } "
     "ORDER BY DESC(?s) ?p ?o",
     "--format", "csv"],
    ["stats", "--format", "json"],
    ["ask", "which vendors supply EB states"],
    ["ask", "who financed Uganda"],
    ["path", "Acme", "Uganda"],
    ["suppliers", "--to", "EB"],
    ["suppliers", "--to", "Uganda", "--format", "json"],
    ["profile", "Acme"],
    ["profile", "Uganda", "--format", "json"],
    ["claims", "Acme"],
    ["reach", "Acme"],
    ["sources", "Acme"],
    ["audit"],
    ["rank"], ["rank", "--by", "betweenness"], ["rank", "--by", "concentration"],
    ["rank", "--by", "reach"],
    ["viz", "-o", "-"], ["viz", "--focus", "Acme", "-o", "-"],
    ["export", "--format", "nt"], ["export", "--format", "graphml"],
    ["export", "--format", "gexf"], ["export", "--format", "jsonld"],
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_fixture(tmp_path_factory.mktemp("capped"))


@pytest.fixture(scope="module")
def embedded(built) -> dict[str, str]:
    """Each reader's output on the embedded store (the build)."""
    outputs = {}
    for args in READERS:
        result = run("--build-dir", str(built), *args)
        assert result.exit_code == 0, (args, result.output)
        outputs[" ".join(args)] = result.output
    return outputs


RDF = ("nt", "jsonld")


def same_output(args: list[str], got: str, expected: str) -> bool:
    """Whether two outputs of a command say the same; RDF files hold the same graph (an
    endpoint sends triples in its own order, numbers in canonical form: "3" for "3.0")."""
    if args[0] == "export" and args[-1] in RDF:
        return isomorphic(canonical(got, args[-1]), canonical(expected, args[-1]))
    return got == expected


def canonical(text: str, fmt: str) -> Graph:
    """The graph in an RDF text as Oxigraph holds it (literals in canonical form)."""
    nt = Graph().parse(data=text, format="json-ld").serialize(format="nt") if fmt == "jsonld" \
        else text
    store = ox.Store()
    store.load(nt.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    dumped = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return Graph().parse(data=dumped.decode("utf-8"), format="nt")


@pytest.mark.parametrize("announce", [True, False], ids=["cap-in-header", "silent-cap"])
def test_every_reader_completes_a_cut_answer(built, embedded, announce):
    unpaged = []
    with CappedEndpoint(built / "survkg.nt", cap=3, announce=announce) as server:
        for args in READERS:
            if args[0] == "export" and args[-1] in RDF:
                continue  # below: the ontology's blank nodes do not fit in 3 rows
            before = len(server.queries)
            result = run("--endpoint", server.url, *args)
            assert result.exit_code == 0, (args, result.output)
            assert same_output(args, result.output, embedded[" ".join(args)]), args
            if not any("OFFSET" in q for q in server.queries[before:]):
                unpaged.append(" ".join(args))  # each of its answers fits in 3 rows
    # Every command that reads the projection met the cap; only small named queries did not.
    assert all(command.startswith("query ") for command in unpaged), unpaged


@pytest.mark.parametrize("fmt", RDF)
def test_the_whole_graph_is_read_in_pages_with_its_blank_nodes_whole(built, embedded, fmt):
    blank = sum(1 for line in (built / "survkg.nt").read_text().splitlines() if "_:" in line)
    with CappedEndpoint(built / "survkg.nt", cap=blank + 2, announce=False) as server:
        result = run("--endpoint", server.url, "export", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert server.cut
    assert same_output(["export", fmt], result.output, embedded[f"export --format {fmt}"])
    if blank:  # too few rows for the triples with blank nodes: refused, never split
        with CappedEndpoint(built / "survkg.nt", cap=blank - 1, announce=False) as server:
            result = run("--endpoint", server.url, "export", "--format", fmt)
        assert result.exit_code == 1
        assert "blank nodes, which cannot be read in pages" in result.output


def test_a_cut_answer_that_cannot_be_completed_is_one_line(built, embedded):
    # The server cuts at 3 rows and answers no sub-select: the client cannot read the rest.
    with CappedEndpoint(built / "survkg.nt", cap=3, refuse_pages=True) as server:
        refused = 0
        for args in READERS:
            before = len(server.queries)
            result = run("--endpoint", server.url, *args)
            if result.exit_code == 0:  # only a command none of whose answers was cut
                assert not any("OFFSET" in q for q in server.queries[before:]), args
                assert same_output(args, result.output, embedded[" ".join(args)]), args
                continue
            refused += 1
            assert result.exit_code == 1, (args, result.output)
            lines = result.output.splitlines()
            assert len(lines) == 1 and lines[0].startswith(f"Error: endpoint {server.url}"), \
                (args, result.output)
            assert "Traceback" not in result.output
    assert refused > len(READERS) // 2


def test_the_message_says_how_much_was_cut(built):
    with CappedEndpoint(built / "survkg.nt", cap=3, refuse_pages=True) as server:
        result = run("--endpoint", server.url, "query", "-e",
                      "SELECT ?s WHERE { ?s a ?class }")
    total = run("--build-dir", str(built), "query", "-e",
                "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?class }", "--format", "csv")
    rows = int(total.output.split()[1])
    assert result.exit_code == 1
    assert f"sent 3 rows of its {rows:,} and cut the rest" in result.output
    assert "ResultSetMaxRows" in result.output


def test_an_answer_within_the_announced_cap_is_not_counted_again(built):
    # Fewer rows than the cap the server says: whole by its own word, one request.
    with CappedEndpoint(built / "survkg.nt", cap=1000) as server:
        result = run("--endpoint", server.url, "query", "-e", "SELECT ?s WHERE { ?s a ?c }")
        assert result.exit_code == 0
        assert server.queries[1:] == [server.queries[1]]  # after the one probe of the server


def test_a_silent_server_is_counted(built):
    # No cap said: the rows are counted once, and an answer that has them all is taken.
    with CappedEndpoint(built / "survkg.nt", cap=100_000, announce=False) as server:
        result = run("--endpoint", server.url, "query", "-e", "SELECT ?s WHERE { ?s a ?c }")
        assert result.exit_code == 0
        asked = server.queries[1:]  # after the one probe of the server
        assert len(asked) == 2 and "COUNT(*)" in asked[1]


def test_a_page_cut_short_is_refused_not_taken(built):
    with CappedEndpoint(built / "survkg.nt", cap=3, short_pages=True) as server:
        result = run("--endpoint", server.url, "rank")
    assert result.exit_code == 1
    assert re.fullmatch(rf"Error: endpoint {server.url}: sent 3 rows of its [\d,]+ and cut the "
                        r"rest; page 1 of \d+ held 2 rows, not 3: raise the server's result row "
                        r"limit \(Virtuoso: ResultSetMaxRows\)\n", result.output), result.output


def test_a_partial_answer_is_refused_not_taken(built):
    with CappedEndpoint(built / "survkg.nt", cap=1000, partial=True) as server:
        result = run("--endpoint", server.url, "suppliers", "--to", "Uganda")
    assert result.exit_code == 1
    assert result.output == (f"Error: endpoint {server.url}: sent a partial answer (X-SQL-State "
                             "S1TAT: RC...: Returning incomplete results, query interrupted by "
                             "result timeout.): the query ran past the server's time limit; "
                             "raise it or ask for less\n")
