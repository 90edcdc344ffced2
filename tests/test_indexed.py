"""kg.graph.indexed: a graph held by predicate, read by the build's SHACL check and projection
instead of an in-memory Oxigraph store; both must read from it what they read from a store."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.analysis.projection import network_json
from kg.graph.indexed import IndexedGraph
from kg.graph.rows import select_cells

X = "http://x/"
DECIMAL = "<http://www.w3.org/2001/XMLSchema#decimal>"
INTEGER = "<http://www.w3.org/2001/XMLSchema#integer>"
BOOLEAN = "<http://www.w3.org/2001/XMLSchema#boolean>"
STRING = "<http://www.w3.org/2001/XMLSchema#string>"
ANY_URI = "<http://www.w3.org/2001/XMLSchema#anyURI>"

# Objects whose cell in SPARQL TSV may differ from their N-Triples text: numbers and booleans
# (canonical, bare where they can be), escapes, language tags, an explicit xsd:string.
OBJECTS = [
    f'"10.0"^^{DECIMAL}', f'"1.50"^^{DECIMAL}', f'"0.0"^^{DECIMAL}', f'"042"^^{INTEGER}',
    f'"2015"^^{INTEGER}', f'"1"^^{BOOLEAN}', f'"true"^^{BOOLEAN}', f'"plain"^^{STRING}',
    f'"https://a.example/x"^^{ANY_URI}', '"tab\\u0009and\\ttab"', '"say \\"hi\\"\\n"',
    '"Chine"@FR', '"Kenya"@en', '"plain text"', f"<{X}o>", '"a\\\\b"', '"\\u00E9t\\u00E9"',
]


def lines_of(objects: list[str]) -> list[str]:
    return sorted(f"<{X}s{i}> <{X}p> {o} ." for i, o in enumerate(objects))


def store_of(lines: list[str]) -> ox.Store:
    store = ox.Store()
    store.load("\n".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, lenient=True)
    return store


def test_cells_are_the_cells_a_store_gives():
    lines = lines_of(OBJECTS)
    from_store = sorted(select_cells(store_of(lines), f"SELECT ?s ?o WHERE {{ ?s <{X}p> ?o }}"))
    assert sorted(IndexedGraph(lines).cells(f"<{X}p>")) == from_store
    # ... and for objects that are all written alike, the rows themselves
    plain = lines_of(['"a"', f"<{X}b>", '"c d e"'])
    graph = IndexedGraph(plain)
    assert graph.cells(f"<{X}p>") is graph.rows(f"<{X}p>")


def test_rows_subjects_repeated_and_instances():
    sub = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
    kind = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    lines = sorted([
        f"<{X}a> <{X}p> \"one value\" .", f"<{X}b> <{X}p> \"first\" .",
        f"<{X}b> <{X}p> \"second\" .", f"<{X}B> {sub} <{X}A> .", f"<{X}C> {sub} <{X}B> .",
        f"<{X}a> {kind} <{X}A> .", f"<{X}c> {kind} <{X}C> .", f"<{X}d> {kind} <{X}D> .",
    ])
    graph = IndexedGraph(lines)
    assert len(graph) == 8
    assert graph.rows(f"<{X}p>") == [(f"<{X}a>", '"one value"'), (f"<{X}b>", '"first"'),
                                     (f"<{X}b>", '"second"')]
    assert graph.subjects(f"<{X}p>") == {f"<{X}a>", f"<{X}b>"}
    assert graph.repeated(f"<{X}p>") == {f"<{X}b>"}
    assert graph.rows(f"<{X}none>") == [] and graph.subjects(f"<{X}none>") == set()
    # rdfs:subClassOf*, as SPARQL reads it: the class itself and every class below it
    assert graph.subclasses(f"<{X}A>") == {f"<{X}A>", f"<{X}B>", f"<{X}C>"}
    assert graph.instances(f"<{X}A>") == {f"<{X}a>", f"<{X}c>"}
    assert graph.instances(f"<{X}C>") == {f"<{X}c>"}
    assert graph.instances(f"<{X}Unknown>") == set()


@pytest.mark.parametrize("build", ["minimal_build", "shipped_build"])
def test_the_projection_reads_the_same_from_a_store_and_by_predicate(build, request):
    nt = request.getfixturevalue(build) / "survkg.nt"
    lines = nt.read_text(encoding="utf-8").split("\n")[:-1]
    assert network_json(store_of(lines)) == network_json(IndexedGraph(lines))
