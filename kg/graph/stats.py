"""Counts of the built graph: entities by class, claims by kind, claims by source."""
from __future__ import annotations

from rdflib import Graph

from kg.graph.query import run

_BY_CLASS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?count) WHERE {
  ?s a ?c . ?c rdfs:label ?class .
  FILTER (STRSTARTS(STR(?s), STR(id:)))
} GROUP BY ?class ORDER BY DESC(?count) ?class
"""
_BY_KIND = """
SELECT ?kind (COUNT(DISTINCT ?claim) AS ?count) WHERE {
  ?claim sk:evidence ?e ; a ?c . ?c rdfs:subClassOf* sk:Claim ; rdfs:label ?kind .
} GROUP BY ?kind ORDER BY DESC(?count) ?kind
"""
_BY_SOURCE = """
SELECT ?source (COUNT(DISTINCT ?claim) AS ?count) WHERE {
  ?claim sk:evidence/sk:source ?s . ?s dcterms:title ?source .
} GROUP BY ?source ORDER BY DESC(?count) ?source
"""


def stats(graph: Graph) -> dict[str, dict[str, int]]:
    """Return {"classes": {label: n}, "claims": {kind: n}, "sources": {title: n}}."""
    def counts(text: str) -> dict[str, int]:
        # Ordered here, not by the engine alone: engines collate strings differently (Virtuoso
        # sorts "Act, as parsed" before "Act"), and an endpoint must count as the build does.
        rows = ((str(row[0]), int(row[1])) for row in run(graph, text).rows)
        return dict(sorted(rows, key=lambda item: (-item[1], item[0])))

    return {"classes": counts(_BY_CLASS), "claims": counts(_BY_KIND),
            "sources": counts(_BY_SOURCE)}
