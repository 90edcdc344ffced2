"""kg.graph.rows: the cells read from Oxigraph's TSV, and the same cells written from rdflib's
terms (endpoints, rdflib graphs), read back to the same values; the projection over both."""
from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import XSD, BNode, Graph, Literal, URIRef

from kg.analysis.projection import network_json
from kg.graph.rows import cell, select_cells, value

S = "http://example.org/s"
P = "http://example.org/p"
# Lexical forms that need escaping in TSV, or that a line splitter would cut.
TEXTS = {
    "tab": "a\tb", "newline": "a\nb", "return": "a\rb", "quote": 'say "hi"',
    "backslash": "C:\\dir\\u0041", "line separator": "a\u2028b", "paragraph": "a\u2029b",
    "next line": "a\u0085b", "form feed": "a\x0cb", "non-ascii": "Zürich 北京 🙂",
    "empty": "", "angle": "<not an iri>", "ends in quote": 'x"',
}
QUERY = "SELECT ?p ?o ?missing WHERE { ?s ?p ?o OPTIONAL { ?o <http://example.org/none> ?missing } }"


def both(triples: list[tuple]) -> tuple[dict, dict]:
    """Return {predicate: (object cell, unbound cell)} read from a store and an rdflib graph."""
    store, graph = ox.Store(), Graph()
    for s, p, o in triples:
        graph.add((s, p, o))
        store.add(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), _ox(o)))
    return ({value(p): (o, m) for p, o, m in select_cells(store, QUERY)},
            {value(p): (o, m) for p, o, m in select_cells(graph, QUERY)})


def _ox(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    return ox.Literal(str(term), language=term.language,
                      datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)


@pytest.mark.parametrize("lang", [None, "en"])
def test_literals_read_back_the_same_from_the_store_and_from_rdflib(lang):
    triples = [(URIRef(S), URIRef(f"{P}/{i}"), Literal(text, lang=lang))
               for i, text in enumerate(TEXTS.values())]
    stored, generic = both(triples)
    for i, (name, text) in enumerate(TEXTS.items()):
        for cells in (stored, generic):
            got, missing = cells[f"{P}/{i}"]
            assert value(got) == text, name
            assert got[0] == '"' and missing == "" and value(missing) is None


def test_a_typed_literal_reads_as_its_lexical_form_and_an_iri_as_an_iri():
    triples = [(URIRef(S), URIRef(f"{P}/year"), Literal("2019", datatype=XSD.gYear)),
               (URIRef(S), URIRef(f"{P}/date"), Literal("2019-05-01", datatype=XSD.date)),
               (URIRef(S), URIRef(f"{P}/count"), Literal("42", datatype=XSD.integer)),
               (URIRef(S), URIRef(f"{P}/flag"), Literal("true", datatype=XSD.boolean)),
               (URIRef(S), URIRef(f"{P}/iri"), URIRef("https://w3id.org/survkg/id/org/a"))]
    stored, generic = both(triples)
    for cells in (stored, generic):
        assert {p.rsplit("/", 1)[1]: value(o) for p, (o, _) in cells.items()} == {
            "year": "2019", "date": "2019-05-01", "count": "42", "flag": "true",
            "iri": "https://w3id.org/survkg/id/org/a"}
        assert [p for p, (o, _) in cells.items() if o.startswith("<")] == [f"{P}/iri"]
    # The store writes a number bare (42), rdflib's cell keeps it quoted: the same value.
    assert stored[f"{P}/count"][0] == "42" and generic[f"{P}/count"][0] == '"42"'


def test_a_blank_node_is_neither_an_iri_nor_a_literal():
    stored, generic = both([(URIRef(S), URIRef(P), BNode("b1"))])
    assert stored[P][0].startswith("_:") and value(stored[P][0]) == stored[P][0]
    assert generic[P][0] == "b1" == value(generic[P][0])  # rdflib's name, as it always read


def test_a_cell_of_an_escaped_literal_unescapes_every_escape():
    assert value(r'"\t\b\n\r\f\"\'\\ \u00e9\U0001F642"@fr') == "\t\b\n\r\f\"'\\ é🙂"
    assert value('"no escape"^^<http://www.w3.org/2001/XMLSchema#string>') == "no escape"
    assert cell(None) == "" and cell(Literal("a\\u0041")) == '"a\\\\u0041"'
    assert value(cell(Literal("a\\u0041"))) == "a\\u0041"


def test_no_row_is_a_header_and_an_empty_answer_has_no_rows():
    store = ox.Store()
    assert list(select_cells(store, QUERY)) == []
    store.add(ox.Quad(ox.NamedNode(S), ox.NamedNode(P), ox.Literal("?p\t?o")))
    assert [value(o) for _, o, _ in select_cells(store, QUERY)] == ["?p\t?o"]


def test_the_projection_reads_an_rdflib_graph_as_it_reads_the_store(minimal_build):
    """One projection over two row readers: the store's TSV cells and rdflib's terms written
    as cells. The graph is the store's own dump (numbers in the store's canonical form)."""
    store = ox.Store()
    store.load(path=str(minimal_build / "survkg.nt"), format=ox.RdfFormat.N_TRIPLES)
    graph = Graph()
    graph.parse(data=store.dump(format=ox.RdfFormat.N_TRIPLES,
                                from_graph=ox.DefaultGraph()).decode("utf-8"), format="nt")
    text = network_json(store)
    assert network_json(graph) == text
    assert text + b"\n" == (minimal_build / "network.json").read_bytes()
