"""The SPARQL 1.1 Service Description `kg serve` answers at `GET /query` with no query.

What a client may rely on, and nothing more: the endpoint, SPARQL 1.1 Query as its only
language (no Update: it is read-only), the result formats it writes, federation
(sd:BasicFederatedQuery) only when `--allow-federation` names hosts, the default graph with its
triple count (void:triples, counted when asked), and the limits a query meets, as survkg
ontology terms (sk:queryTimeoutSeconds, ...).

>>> text = serialize(describe("http://127.0.0.1:7878/query", 12, Limits(30, 1024, 1, 2, 3)),
...                  "turtle").decode()
>>> "sd:endpoint <http://127.0.0.1:7878/query>" in text, "void:triples 12" in text
(True, True)
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, VOID, XSD

from kg.schema.vocab import SK

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMAT = Namespace("http://www.w3.org/ns/formats/")
# The W3C format IRIs of what the endpoint writes (kg.sparql.serve_workers' RESULT_TYPES and
# GRAPH_TYPES): results of SELECT and ASK, and graphs of CONSTRUCT and DESCRIBE.
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                  "SPARQL_Results_TSV", "N-Triples", "Turtle", "RDF_XML", "JSON-LD")
# The description's own formats, by media type: Turtle first, so `*/*` gets Turtle.
TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "text/plain": "nt",
         "application/rdf+xml": "xml", "application/ld+json": "json-ld"}


@dataclass(frozen=True)
class Limits:
    """The limits a query meets at this endpoint."""

    timeout_seconds: float
    memory_mib: int
    max_answer_bytes: int
    max_body_bytes: int
    max_nesting: int


def describe(endpoint: str, triples: int | None, limits: Limits,
             federation: bool = False) -> Graph:
    """Return the service description of the endpoint at `endpoint` as a graph.

    triples: the default graph's triple count, or None when it could not be counted (then the
    description says nothing about it rather than a wrong number).
    """
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("void", VOID)
    graph.bind("sk", URIRef(str(SK)))
    service, dataset, default = BNode("service"), BNode("dataset"), BNode("defaultGraph")
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, URIRef(endpoint)))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for name in RESULT_FORMATS:
        graph.add((service, SD.resultFormat, FORMAT[name]))
    if federation:
        graph.add((service, SD.feature, SD.BasicFederatedQuery))
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    if triples is not None:
        graph.add((default, VOID.triples, Literal(triples, datatype=XSD.integer)))
    # Written out as xsd:decimal's canonical form ("30.0", "0.5"), so every format says the same.
    timeout = format(Decimal(str(limits.timeout_seconds)), "f")
    timeout += "" if "." in timeout else ".0"
    for term, value in ((SK.queryTimeoutSeconds, Literal(timeout, datatype=XSD.decimal)),
                        (SK.queryMemoryMebibytes, Literal(limits.memory_mib)),
                        (SK.maxAnswerBytes, Literal(limits.max_answer_bytes)),
                        (SK.maxRequestBodyBytes, Literal(limits.max_body_bytes)),
                        (SK.maxQueryNesting, Literal(limits.max_nesting))):
        graph.add((service, term, value))
    return graph


def serialize(graph: Graph, fmt: str) -> bytes:
    """Return the description in an rdflib format name (turtle, nt, xml, json-ld)."""
    return graph.serialize(format=fmt, encoding="utf-8")
