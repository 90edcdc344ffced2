"""`kg query --format csv|tsv`: the W3C "SPARQL 1.1 Query Results CSV and TSV Formats".

CSV: a header of variable names, RFC 4180 quoting (a field with a comma, a quote or a line
break is quoted, quotes doubled), CRLF line ends, IRIs in full and literals as their lexical
form, `_:` blank nodes, unbound as empty. TSV: a header of `?names`, each term in Turtle syntax
(`<iri>`, `"text"` with \\t \\n \\" escaped, `@lang`, `^^<datatype>`, bare numbers), LF ends.
Checked on hand-made rows, and against Oxigraph's own writer for the same query.
"""
from __future__ import annotations

import csv
import io

import pyoxigraph as ox
import pytest
from rdflib import XSD, BNode, Graph, Literal, URIRef

from kg.graph.query import Result, run
from kg.render.tabular import render_csv, render_tsv

ORG = URIRef("https://w3id.org/survkg/id/org/acme")
NOTE = 'He said "no comment",\nthen left'
RESULT = Result(["s", "o"], [
    (ORG, Literal(NOTE)),
    (ORG, Literal("Acme Vision", lang="en")),
    (ORG, Literal("2019-10-09", datatype=XSD.date)),
    (ORG, Literal("126000000", datatype=XSD.integer)),
    (ORG, Literal("1.5", datatype=XSD.decimal)),
    (BNode("b0"), None),
])


def test_csv_header_quoting_full_iris_and_crlf():
    assert render_csv(RESULT) == (
        "s,o\r\n"
        'https://w3id.org/survkg/id/org/acme,"He said ""no comment"",\nthen left"\r\n'
        "https://w3id.org/survkg/id/org/acme,Acme Vision\r\n"
        "https://w3id.org/survkg/id/org/acme,2019-10-09\r\n"
        "https://w3id.org/survkg/id/org/acme,126000000\r\n"
        "https://w3id.org/survkg/id/org/acme,1.5\r\n"
        "_:b0,\r\n")
    parsed = list(csv.reader(io.StringIO(render_csv(RESULT), newline="")))
    assert parsed[1] == [str(ORG), NOTE]  # a CSV reader gets the literal back whole


def test_tsv_terms_in_turtle_syntax():
    assert render_tsv(RESULT) == (
        "?s\t?o\n"
        '<https://w3id.org/survkg/id/org/acme>\t"He said \\"no comment\\",\\nthen left"\n'
        '<https://w3id.org/survkg/id/org/acme>\t"Acme Vision"@en\n'
        '<https://w3id.org/survkg/id/org/acme>\t"2019-10-09"^^<http://www.w3.org/2001/XMLSchema#date>\n'
        "<https://w3id.org/survkg/id/org/acme>\t126000000\n"
        "<https://w3id.org/survkg/id/org/acme>\t1.5\n"
        "_:b0\t\n")


def test_short_gives_the_tables_forms_one_row_a_line():
    rows = list(csv.reader(io.StringIO(render_csv(RESULT, short=True), newline="")))
    assert rows[1:3] == [["org/acme", NOTE], ["org/acme", "Acme Vision"]]
    lines = render_tsv(RESULT, short=True).splitlines()
    assert lines[1] == 'org/acme\tHe said "no comment", then left'
    assert len(lines) == 1 + len(RESULT.rows)


EX = "http://example.org/"
TRIPLES = [
    ("a", "p", ox.Literal(NOTE, language="en")),
    ("a", "p", ox.Literal("tab\there")),
    ("a", "p", ox.Literal("12", datatype=ox.NamedNode(str(XSD.integer)))),
    ("a", "p", ox.Literal("2020", datatype=ox.NamedNode(str(XSD.gYear)))),
    ("a", "p", ox.NamedNode(EX + "b")),
]


@pytest.mark.parametrize("fmt, ours", [(ox.QueryResultsFormat.CSV, render_csv),
                                       (ox.QueryResultsFormat.TSV, render_tsv)])
def test_same_bytes_as_oxigraphs_writer(fmt, ours):
    query = f"SELECT ?s ?o ?unbound WHERE {{ ?s <{EX}p> ?o }} ORDER BY STR(?o)"
    store, graph = ox.Store(), Graph()
    for s, p, o in TRIPLES:
        store.add(ox.Quad(ox.NamedNode(EX + s), ox.NamedNode(EX + p), o))
        term = (URIRef(o.value) if isinstance(o, ox.NamedNode) else
                Literal(o.value, lang=o.language, datatype=None if o.language or
                        o.datatype.value == str(XSD.string) else URIRef(o.datatype.value)))
        graph.add((URIRef(EX + s), URIRef(EX + p), term))
    expected = store.query(query).serialize(format=fmt).decode()
    assert ours(run(graph, query, {})) == expected
