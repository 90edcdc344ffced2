"""Named queries: headers, parameter binding, and every query's rows on the CLI fixture."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kg.build import build
from kg.errors import KGError
from kg.graph.query import (PREFIXES, Param, bind, named_queries, parse_header, resolve, run, to_term,
                      with_values)
from kg.render.tabular import cell
from kg.graph.store import open_graph

FIXTURE = Path(__file__).parent / "fixtures" / "cli" / "data"
ID = "https://w3id.org/survkg/id/"


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    build(FIXTURE, out, shacl=False)
    return open_graph(out)


def table(graph, name, **params):
    query = named_queries()[name]
    result = run(graph, query.text, bind(query, params))
    return [dict(zip(result.variables, map(cell, row))) for row in result.rows]


def test_every_named_query_has_a_purpose_and_columns():
    queries = named_queries()
    assert len(queries) >= 7
    for query in queries.values():
        assert query.purpose, query.name
        assert query.columns, query.name


def test_header_parsing():
    query = parse_header("q", "# Purpose line.\n# param x iri https://e.org/a\n"
                              "# param n integer\n# columns: a, b\nSELECT * WHERE {}")
    assert query.purpose == "Purpose line."
    assert query.params == (Param("x", "iri", "https://e.org/a"), Param("n", "integer", None))
    assert query.columns == "a, b"
    with pytest.raises(KGError, match="bad param line"):
        parse_header("q", "# param x colour\nSELECT * WHERE {}")


def test_to_term():
    assert to_term(Param("c", "iri"), "country/KEN") == URIRef(ID + "country/KEN")
    assert to_term(Param("c", "iri"), "https://e.org/x") == URIRef("https://e.org/x")
    assert to_term(Param("n", "integer"), "3") == Literal(3)
    with pytest.raises(KGError, match="is not an integer"):
        to_term(Param("n", "integer"), "three")
    with pytest.raises(KGError, match="is not an IRI"):
        to_term(Param("c", "iri"), "Kenya")


def test_a_date_parameter_is_a_plain_string_like_the_graphs_dates(minimal_build):
    # The graph holds dates as given ("2019", "2019-10", "2018-09-03"), plain strings, so a
    # date parameter is one too and compares with them as text.
    assert to_term(Param("d", "date"), "2019-10") == Literal("2019-10")
    with pytest.raises(KGError, match="is not a date"):
        to_term(Param("d", "date"), "10/2019")
    text = "SELECT ?c WHERE { ?c sk:startDate ?start . FILTER (?start >= ?since) }"
    found = run(open_graph(minimal_build), text,
                bindings={"since": to_term(Param("since", "date"), "2019-06")}).rows
    # Started 2019-06 (a year-month), 2021-03-04 (a date); not 2018-09-03.
    assert {str(c) for (c,) in found} == {ID + "deal/ken-safe-city-2019",
                                          ID + "restriction/example-list-acme-vision-2021"}


def test_values_block_goes_inside_where_and_escapes_literals():
    text = with_values("SELECT ?a WHERE { ?a ?b ?c }", {"c": Literal('x" } ; DROP ALL #')})
    assert text.startswith('SELECT ?a WHERE { VALUES (?c) { ("x\\" } ; DROP ALL #") }')
    with pytest.raises(KGError, match="not a valid IRI"):
        with_values("SELECT ?a WHERE { ?a ?b ?c }", {"c": URIRef("https://e.org/> } #")})


def test_a_literal_parameter_cannot_change_the_query(graph):
    hostile = Literal('Acme Vision" } UNION { ?target ?p ?targetLabel } #')
    text = "SELECT ?target WHERE { ?target rdfs:label ?targetLabel }"
    assert run(graph, text, {"targetLabel": hostile}).rows == []
    assert len(run(graph, text, {"targetLabel": Literal("Acme Vision")}).rows) == 1


def test_resolve_unknown():
    with pytest.raises(KGError, match="no named query or .rq file 'nope'"):
        resolve("nope")


def test_bri_suppliers(graph):
    rows = table(graph, "bri-suppliers", initiative="initiative/bloc")
    assert [(r["vendor"], r["countries"]) for r in rows] == [("org/acme", "2"), ("org/globex", "1")]


def test_bri_suppliers_default_initiative_is_belt_and_road(graph):
    assert table(graph, "bri-suppliers") == []  # the fixture has no Belt and Road


def test_restrictions_by_vendor(graph):
    rows = table(graph, "restrictions-by-vendor", target="org/acme")
    assert [(r["instrument"], r["start"], r["citation"]) for r in rows] == [
        ("BIS Entity List", "2019-10-09", "1 EX 100")]
    assert table(graph, "restrictions-by-vendor", target="org/globex") == []


def test_deals_by_country(graph):
    rows = table(graph, "deals-by-country")
    assert [(r["countryName"], r["dealLabel"], r["suppliers"], r["buyer"], r["when"], r["amount"],
             r["currency"]) for r in rows] == [
        ("Uganda", "Uganda city cameras", "Acme Vision", "Example Uganda Police", "2019",
         "126000000", "USD")]


def test_financing_by_lender(graph):
    rows = table(graph, "financing-by-lender", lender="org/bank")
    assert [(r["country"], r["amount"], r["currency"], r["year"]) for r in rows] == [
        ("Uganda", "100000000", "USD", "2018")]


def test_proposals_by_body(graph):
    rows = table(graph, "proposals-by-body")
    assert [(r["bodyLabel"], r["label"], r["proposers"]) for r in rows] == [
        ("Example Standards Body", "Face matching requirements", "Acme Vision")]


def test_findings_by_source(graph):
    rows = table(graph, "findings-by-source")
    assert [(r["title"], r["version"], r["value"], r["unit"], r["subject"]) for r in rows] == [
        ("Example Surveillance Index", "2022", "3", "count", "Acme Vision")]


def test_claims_by_source(graph):
    rows = table(graph, "claims-by-source", source="source/example-times-2020")
    assert sorted((r["kind"], r["claims"]) for r in rows) == [
        ("deal", "1"), ("financing", "1"), ("restriction", "1"), ("standards proposal", "1")]


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_rows_read_straight_from_oxigraph_equal_rdflibs(graph, name):
    """On the embedded store `run` reads Oxigraph's rows itself; through rdflib's own result
    objects (the path every other store takes) the same query gives the same rows."""
    named = named_queries()[name]
    text = with_values(named.text, bind(named, {}))
    through_rdflib = graph.query(text, initNs=PREFIXES)
    expected = [tuple(row) for row in through_rdflib]
    found = run(graph, named.text, bind(named, {}))
    assert found.variables == [str(v) for v in through_rdflib.vars]
    assert found.rows == expected, name


def test_an_ask_query_on_the_store(graph):
    assert run(graph, "ASK { ?s a sk:Supply }").boolean is True
    assert run(graph, "ASK { ?s a sk:NoSuchClass }").boolean is False
