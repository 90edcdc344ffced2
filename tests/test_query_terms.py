"""kg.graph.query on the embedded store (kg.graph.terms): the rdflib terms it keeps across queries are the terms
rdflib's own result objects give, a bound is kept, rdflib's literal setting is followed, and
the prefixes a query sees are the graph's current bindings."""
from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from oxrdflib import OxigraphStore
from rdflib import XSD, BNode, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.errors import KGError
from kg.graph import terms
from kg.graph.query import PREFIXES, run

EX = "http://example.org/"
OBJECTS = [
    Literal("plain"), Literal(""), Literal("a\tb\nc \u2028 Zürich 北京"), Literal("Kenya", lang="en"),
    Literal("Kenia", lang="de"), Literal("0A", datatype=XSD.hexBinary, normalize=False),
    Literal("2019", datatype=XSD.gYear), Literal("true", datatype=XSD.boolean),
    Literal("1.50", datatype=XSD.decimal, normalize=False), Literal("x", datatype=URIRef(EX + "dt")),
    Literal("not a number", datatype=XSD.integer), URIRef(EX + "o"), BNode("b1"),
]
# ?missing is never bound: an unbound variable stays None.
SELECT = f"SELECT ?s ?o ?missing WHERE {{ ?s <{EX}p> ?o OPTIONAL {{ ?o <{EX}none> ?missing }} }} " \
         "ORDER BY ?s"


def on_store() -> Graph:
    graph = Graph(store=OxigraphStore(store=ox.Store()), identifier=DATASET_DEFAULT_GRAPH_ID)
    for i, obj in enumerate(OBJECTS):
        graph.add((URIRef(f"{EX}s{i:02}"), URIRef(EX + "p"), obj))
    return graph


def through_rdflib(graph: Graph, text: str) -> list[tuple]:
    return [tuple(row) for row in graph.query(text, initNs=PREFIXES)]


def same_terms(found: list[tuple], expected: list[tuple]) -> bool:
    """Equal rows whose terms are of the same types with the same datatype and language."""
    def key(term):
        return (type(term), term, getattr(term, "datatype", None), getattr(term, "language", None))
    return [tuple(map(key, row)) for row in found] == [tuple(map(key, row)) for row in expected]


@pytest.fixture(autouse=True)
def fresh_terms():
    terms.forget()
    yield
    terms.forget()


def test_kept_terms_are_rdflibs_terms_on_every_run():
    graph = on_store()
    expected = through_rdflib(graph, SELECT)
    first = run(graph, SELECT).rows
    second = run(graph, SELECT).rows  # from the kept terms
    assert len(first) == len(OBJECTS)
    assert all(row[2] is None for row in second)
    assert same_terms(first, expected) and same_terms(second, expected)
    assert all(a is b for row1, row2 in zip(first, second) for a, b in zip(row1, row2))


def test_a_query_that_leaves_too_many_terms_does_not_keep_them(monkeypatch):
    monkeypatch.setattr(terms, "TERMS_KEPT", 5)
    graph = on_store()
    rows = run(graph, SELECT).rows
    assert same_terms(rows, through_rdflib(graph, SELECT))
    assert terms._terms == {None: None}
    small = run(graph, f"SELECT ?o WHERE {{ <{EX}s00> <{EX}p> ?o }}").rows
    assert small == [(Literal("plain", datatype=XSD.string),)] and len(terms._terms) == 2  # kept: under the bound


def test_literals_follow_rdflibs_normalize_setting(monkeypatch):
    graph = on_store()
    text = f"SELECT ?o WHERE {{ <{EX}s05> <{EX}p> ?o }}"
    # Oxigraph keeps "0A"^^xsd:hexBinary as written; rdflib normalises it to "0a" when told to.
    assert str(run(graph, text).rows[0][0]) == "0a"
    monkeypatch.setattr(rdflib, "NORMALIZE_LITERALS", False)
    assert str(run(graph, text).rows[0][0]) == "0A"
    assert same_terms(run(graph, text).rows, through_rdflib(graph, text))


def test_a_prefix_bound_after_a_query_is_seen_by_the_next():
    graph = on_store()
    text = "SELECT ?o WHERE { ?s ex:p ?o } ORDER BY ?s LIMIT 1"
    with pytest.raises(KGError):
        run(graph, text)
    graph.bind("ex", EX)
    assert run(graph, text).rows == [(Literal("plain", datatype=XSD.string),)]


def test_rdflibs_default_prefixes_on_a_graph_never_asked_for_them():
    # A fresh graph's namespace manager (and with it rdflib's default bindings, owl: among
    # them) is made on first use; a query is that first use.
    graph = on_store()
    graph.add((URIRef(EX + "c"), rdflib.RDF.type, rdflib.OWL.Class))
    assert run(graph, "ASK { ?c a owl:Class }").boolean is True
