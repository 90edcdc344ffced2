"""Read the explorer's graph from the store: entities as nodes, claims as typed edges.

A node is an organisation, country, initiative or standard; an edge is one claim between two of
them (a supply, financing, membership, restriction, proposal, ownership, home country), keyed by
the claim and carrying its dates, amounts, technologies and evidence. Claims about one entity
(findings, observations, technology uses) and research gaps ride on the node as `facts` and
`gaps`. Ids are short (`org/acme`, `country/KEN`): the page never shows an IRI.

This is the drawing and export projection; `kg.network` (issue 4) is the analysis one, and the
two can merge once both exist. One SPARQL query reads every property of the subjects it needs.

>>> from kg.explore.extract import short_id
>>> short_id("https://w3id.org/survkg/id/org/acme")
'org/acme'
"""
from __future__ import annotations

from collections import defaultdict

import networkx as nx
from rdflib import Graph, Literal, URIRef

from kg.ontology import ID_URI
from kg.query import PREFIXES, run
from kg.vocab import SK

ORG_CLASSES = ("Company", "GovernmentAgency", "Lender", "StandardsBody", "StudyGroup", "Question")
ENTITY_CLASSES = ORG_CLASSES + ("Country", "Initiative", "Standard")
EDGE_CLASSES = ("Supply", "Deal", "Financing", "Membership", "Restriction", "Proposal", "Ownership")
FACT_CLASSES = ("Finding", "Observation", "TechnologyUse")
OTHER_CLASSES = ("Source", "Evidence", "ResearchGap")
RELATION_KINDS = ("supply", "financing", "membership", "restriction", "proposal", "ownership",
                  "standard", "home-country", "part-of")

_CLASSES = " ".join(f"sk:{c}" for c in ENTITY_CLASSES + EDGE_CLASSES + FACT_CLASSES
                    + OTHER_CLASSES)
DESCRIBE = f"""
SELECT ?s ?p ?o WHERE {{
  VALUES ?class {{ {_CLASSES} skos:Concept }}
  ?s a ?class .
  ?s ?p ?o .
}}
"""
_CURIES = {ns: prefix for prefix, ns in PREFIXES.items() if prefix not in ("sk", "id")}
_CONCEPT = str(PREFIXES["skos"]) + "Concept"
_MULTI = {"supplier", "contractor", "technology", "finances", "proposer", "about", "rdf:type",
          "skos:altLabel", "evidence", "dcterms:creator", "prov:wasDerivedFrom"}


def short_id(iri: str) -> str:
    """Return `kind/id` for an entity IRI, `sk:Term` for an ontology term, else the IRI."""
    if iri.startswith(ID_URI):
        return iri[len(ID_URI):]
    if iri.startswith(str(SK)):
        return "sk:" + iri[len(str(SK)):]
    return iri


def _key(predicate: str) -> str:
    if predicate.startswith(str(SK)):
        return predicate[len(str(SK)):]
    for namespace, prefix in _CURIES.items():
        if predicate.startswith(namespace):
            return f"{prefix}:{predicate[len(namespace):]}"
    return predicate


def describe(graph: Graph) -> dict[str, dict[str, object]]:
    """Return {short id: {property: value or [values]}} for every subject the explorer reads."""
    subjects: dict[str, dict[str, object]] = defaultdict(dict)
    for s, p, o in run(graph, DESCRIBE).rows:
        props = subjects[short_id(str(s))]
        key = _key(str(p))
        value = str(o) if isinstance(o, Literal) else short_id(str(o))
        if key in _MULTI:
            props.setdefault(key, []).append(value)
        else:
            props.setdefault(key, value)
    for props in subjects.values():
        for key in _MULTI & props.keys():
            props[key] = sorted(set(props[key]))
    return dict(subjects)


def classes_of(props: dict) -> set[str]:
    return {t[3:] for t in props.get("rdf:type", []) if t.startswith("sk:")}


def load(graph: Graph) -> nx.MultiDiGraph:
    """Return the explorer's graph of a built RDF graph (see the module docstring)."""
    from kg.explore.claims import add_claims

    subjects = describe(graph)
    out = nx.MultiDiGraph()
    concepts = {sid: {"label": p.get("rdfs:label", sid), "notation": p.get("skos:notation", sid)}
                for sid, p in subjects.items() if _CONCEPT in p.get("rdf:type", [])}
    out.graph["sources"] = {
        sid: {k: p[f] for k, f in (("title", "dcterms:title"), ("url", "url"),
                                   ("publisher", "dcterms:publisher"), ("date", "dcterms:issued"),
                                   ("kind", "sourceKind"), ("version", "version")) if f in p}
        for sid, p in subjects.items() if "Source" in classes_of(p)}
    out.graph["concepts"] = concepts
    for sid, props in sorted(subjects.items()):
        cls = next((c for c in ENTITY_CLASSES if c in classes_of(props)), None)
        if cls is None:
            continue
        out.add_node(sid, label=str(props.get("rdfs:label", sid)), cls=cls,
                     aliases=list(props.get("skos:altLabel", [])),
                     identifier=str(props.get("identifier", "")), restricted=False,
                     instruments=[], facts=[], gaps=[])
    add_claims(out, subjects)
    return out
