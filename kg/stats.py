"""Counts of the built graph: entities by class, claims by kind, claims by source."""
from __future__ import annotations

from rdflib import Graph

from kg.query import Result, run

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
        return {str(row[0]): int(row[1]) for row in run(graph, text).rows}

    return {"classes": counts(_BY_CLASS), "claims": counts(_BY_KIND),
            "sources": counts(_BY_SOURCE)}


def render(counts: dict[str, dict[str, int]], fmt: str) -> str:
    """Return the counts as JSON, or as three tables (class, claim kind, source)."""
    import json

    from kg.render import FORMATS

    if fmt == "json":
        return json.dumps(counts, indent=2, ensure_ascii=False) + "\n"
    return "".join(FORMATS["table"](stats_result(counts[key], heading)) + "\n" for heading, key
                   in (("class", "classes"), ("claim kind", "claims"), ("source", "sources")))


def stats_result(section: dict[str, int], heading: str) -> Result:
    """Return one section of the stats as a two-column result for the renderers."""
    from rdflib import Literal

    return Result([heading, "count"], [(Literal(k), Literal(v)) for k, v in section.items()])
