"""The projection of the built RDF graph into a `Network`, read with four SPARQL queries.

Records are read back generically: each subject's class names its model in `kg.records.models`, and
each predicate maps to a field through the model's declared terms. `_link` then turns each
record into nodes and typed edges (see kg/analysis/network.py for what becomes a node).
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from kg.records.models import MODELS, ORG_KINDS
from kg.analysis.network import CLAIM_NODES, NETWORK_FILE, Network, evidence_kind
from kg.schema.ontology import ID_URI
from kg.graph.rows import Iri, select_rows
from kg.graph.rdf import term
from kg.schema.vocab import INSTRUMENTS, SK, STRENGTHS, TECHNOLOGIES

_KIND_OF_CLASS = {cls: kind for kind, cls in ORG_KINDS.items()}
_CONCEPT_NOTATION = {str(SK[t]): n for mapping in (TECHNOLOGIES, INSTRUMENTS, STRENGTHS)
                     for n, t in mapping.items()}
_MODEL_BY_CLASS = {m.CLASS: m for m in MODELS}
_NAMED = ("agent/", "licence/")  # id segments of kg.graph.rdf.named_node

# Both read every subject; `project` keeps the entities' (under ID_URI) in Python, which is
# cheaper than a FILTER (STRSTARTS(...)) that Oxigraph evaluates per row (data/, 169k triples,
# a loaded machine: props 2.3 s with the filter, 1.7 s without; types 0.95 s and 0.60 s).
_TYPES = """
SELECT ?s ?type WHERE { ?s a ?type . }
"""
# The predicates are the models' declared terms (constants, not user input): see _props_query.
_PROPS = """
SELECT ?s ?p ?o WHERE { VALUES ?p { %s } ?s ?p ?o . }
"""
_TYPES_USED = """
SELECT DISTINCT ?type WHERE { ?s a ?type . }
"""
_EVIDENCE = """
SELECT ?claim ?e ?source ?quote ?summary ?locator ?row WHERE {
  ?claim sk:evidence ?e . ?e sk:source ?source .
  OPTIONAL { ?e sk:quote ?quote } OPTIONAL { ?e sk:summary ?summary }
  OPTIONAL { ?e sk:locator ?locator } OPTIONAL { ?e sk:row ?row }
}
"""
_CONCEPTS = """
SELECT ?notation ?label WHERE { ?c skos:notation ?notation ; rdfs:label ?label }
"""
# The order answers list claim strengths in: the ontology's, never a list in Python.
_RANKS = """
SELECT ?notation ?rank WHERE { ?c skos:notation ?notation ; sk:strengthRank ?rank }
"""


def short(iri) -> str:
    """Return an entity IRI without the id namespace (`org/huawei`); concepts as notations."""
    text = str(iri)
    if text.startswith(ID_URI):
        return text[len(ID_URI):]
    return _CONCEPT_NOTATION.get(text, text)


def project(graph: Graph | ox.Store) -> Network:
    """Return the projection of an RDF graph built by `kg build`, read with four queries."""
    classes: dict[str, set[str]] = defaultdict(set)
    shorts: dict[str, str] = {}  # a subject comes back in many rows: shorten it once

    def short_once(iri) -> str:
        found = shorts.get(iri)
        if found is None:
            found = shorts[iri] = short(iri)
        return found

    sk = str(SK)
    for s, t in _split_rows(graph, _TYPES, "type", _TYPES_USED):
        if s.startswith(ID_URI):
            classes[short_once(s)].add(str(t).removeprefix(sk))
    props: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    terms = _field_terms()
    predicates = sorted({f"<{p}>" for _, p in terms})
    for s, p, o in _split_rows(graph, _PROPS % " ".join(predicates), "p", predicates):
        if s.startswith(ID_URI):
            props[short_once(s)][str(p)].append(o)
    evidence: dict[str, list[tuple[int, dict]]] = defaultdict(list)
    for claim, node, source, quote, summary, locator, row in select_rows(graph, _EVIDENCE, iris=3):
        item = {"source": short_once(source)}
        for key, value in (("quote", quote), ("summary", summary), ("locator", locator),
                           ("row", row)):
            if value is not None:
                item[key] = str(value)
        item["kind"] = evidence_kind(item)
        evidence[short_once(claim)].append((int(str(node).rsplit("/", 1)[-1]), item))
    records, label = {}, str(term("rdfs:label"))
    # A source's authors, publisher and licence are labelled nodes (kg.graph.rdf.named_node):
    # the fields hold their labels, the text the curator wrote.
    named = {s: str(values[label][0]) for s, values in props.items()
             if s.startswith(_NAMED) and values.get(label)}
    for subject, kinds in classes.items():
        model_class = next((c for c in kinds if c in _MODEL_BY_CLASS), None)
        if model_class is None and "Country" not in kinds:
            continue
        fields: dict[str, Any] = {}
        for predicate, values in props[subject].items():
            name = terms.get((model_class, predicate))
            if name is None and predicate == label:
                name = "label"
            if name is not None:
                fields[name] = sorted(
                    named.get(text, text) if isinstance(v, (URIRef, Iri)) else text
                    for v in values for text in (_value(v),))
        fields["evidence"] = [item for _, item in sorted(evidence.get(subject, []),
                                                         key=lambda x: x[0])]
        records[subject] = (model_class or "Country", kinds, fields)
    concepts = {str(n): str(label) for n, label in select_rows(graph, _CONCEPTS)}
    network = _assemble(records, concepts)
    network.ranks = {str(n): int(str(rank)) for n, rank in select_rows(graph, _RANKS)}
    return network


def _split_rows(graph, text: str, variable: str, values: list[str] | str) -> list[tuple]:
    """Return the rows of a query that reads every subject; on an endpoint that caps its
    answers, asked once per value of `variable` (a predicate, a class) instead of once.

    The rows are the same. A capped endpoint (Virtuoso: 10,000 rows) would otherwise send the
    whole read in pages, and sort all of it again for each page: on Virtuoso 7.2 with the
    shipped graph, 40 s for the predicates at once, 10 s one by one. An endpoint that says
    no cap answers the whole read at once, faster than a hundred small ones.
    `values` is the list of values, or a query whose first column lists them.
    """
    from kg.sparql.remote import RemoteGraph

    if not isinstance(graph, RemoteGraph) or graph.row_cap() is None:
        return select_rows(graph, text, iris=2)
    if isinstance(values, str):
        values = sorted(f"<{row[0]}>" for row in select_rows(graph, values, iris=1))
    rows: list[tuple] = []
    for value in values:  # IRIs of the ontology and the graph's classes, written as <IRI>
        one = _WHERE.sub(lambda m: f"{m.group(0)} VALUES ?{variable} {{ {value} }} ", text,
                         count=1)
        rows += select_rows(graph, one, iris=2)
    return rows


_WHERE = re.compile(r"\bWHERE\s*\{")


def _field_terms() -> dict[tuple[str, str], str]:
    """(class, predicate IRI) -> field name, from the models' declared terms."""
    out = {}
    for model in MODELS:
        for name, info in model.model_fields.items():
            curie = (info.json_schema_extra or {}).get("term")
            if curie and curie != "rdf:type" and name != "evidence":
                out[(model.CLASS, str(term(curie)))] = name
    out.update({(m.CLASS, str(term("rdfs:label"))): "label" for m in MODELS})
    return out


def _value(obj) -> str:
    if isinstance(obj, (URIRef, Iri)):
        return short(obj)
    if isinstance(obj, Literal):
        return str(obj)
    return str(obj)


def _one(fields: dict, name: str) -> str | None:
    values = fields.get(name)
    return values[0] if values else None


_DATE_FIELDS = ("year", "start", "end", "date")
_KEEP = ("amount", "currency", "technologies", "instrument", "legal_citation", "status", "scope",
         "topic", "measure", "value", "unit", "period", "identifier", "financing_type", "terms",
         "amount_usd_2021", "technology", "note", "version", "financing_kind", "purpose",
         "lender", "borrower", "country", "finances", "strength", "lower_confidence",
         "exporting_country", "buyers")
# Fields that hold several values (the others keep their one value).
_MANY = ("technologies", "finances", "buyers")


def _assemble(records: dict[str, tuple[str, set, dict]], concepts: dict[str, str]) -> Network:
    net = Network(nx.MultiDiGraph(), concepts=concepts)
    graph = net.graph
    for sid, (cls, kinds, fields) in sorted(records.items()):
        if cls == "Source":
            net.sources[sid] = {k: _one(fields, k) for k in
                                ("title", "url", "version", "publisher", "date", "kind",
                                           "version_of", "complete_list_of", "complete_as_of")
                                if _one(fields, k) is not None}
        elif cls in ("Country", "Organization", "Initiative"):
            kind = ("country" if cls == "Country" else "initiative" if cls == "Initiative"
                    else next((_KIND_OF_CLASS[k] for k in kinds if k in _KIND_OF_CLASS), "org"))
            identifier = sid.split("/", 1)[1] if cls == "Country" else _one(fields, "identifier")
            graph.add_node(sid, label=_one(fields, "label") or sid, kind=kind,
                           aliases=fields.get("aliases", []),
                           **({"identifier": identifier} if identifier else {}))
        if cls == "ResearchGap":
            net.gaps.append({"id": sid, "question": _one(fields, "question"),
                             "relation_kind": _one(fields, "relation_kind"),
                             "about": fields.get("about", []),
                             "searched": _one(fields, "searched"), "date": _one(fields, "date"),
                             "answered_by": fields.get("answered_by", []),
                             "note": _one(fields, "note")})
            continue
        if cls == "ClaimLink":
            net.links.append({"id": sid, "relation": _one(fields, "relation"),
                              "claims": fields.get("claims", []),
                              "target": _one(fields, "target"), "note": _one(fields, "note")})
            continue
        if cls not in ("Source", "Initiative", "Country"):
            net.claims[sid] = _claim(cls, fields)
    for sid, (cls, _kinds, fields) in sorted(records.items()):
        _link(net, sid, cls, fields)
    return net


def _claim(cls: str, fields: dict) -> dict:
    claim: dict[str, Any] = {"kind": cls.lower() if cls != "TechnologyUse" else "technology-use",
                             "label": _one(fields, "label"), "evidence": fields["evidence"]}
    for name in _DATE_FIELDS + _KEEP:
        values = fields.get(name)
        if values:
            claim[name] = values if name in _MANY else values[0]
    subjects = fields.get("subject", []) or (fields.get("country", []) if cls == "TechnologyUse"
                                             else [])
    if subjects:
        claim["about"] = subjects
    return claim


def _dates(claim: dict) -> dict:
    return {k: claim[k] for k in _DATE_FIELDS if claim.get(k)}


def _link(net: Network, sid: str, cls: str, fields: dict) -> None:
    """Add the node (for a claim that is a thing) and the edges one record makes."""
    graph = net.graph
    claim = net.claims.get(sid, {})

    def edge(u: str, v: str | None, kind: str, verb: str) -> None:
        if v is None or u is None:
            return
        for node in (u, v):
            if node not in graph:  # e.g. a country mentioned only here
                graph.add_node(node, label=node, kind="country" if node.startswith("country/")
                               else "unknown", aliases=[])
        graph.add_edge(u, v, key=f"{sid}:{verb}", kind=kind, verb=verb, claim=sid, **_dates(claim))

    get = lambda name: _one(fields, name)  # noqa: E731
    many = lambda name: fields.get(name, [])  # noqa: E731
    if cls in CLAIM_NODES:
        graph.add_node(sid, label=get("label") or sid, kind=CLAIM_NODES[cls],
                       aliases=many("aliases"), claim=sid,
                       **({"places": many("places")} if many("places") else {}),
                       **({"identifier": get("identifier")} if get("identifier") else {}))
    if cls == "Organization":
        edge(sid, get("country"), "home", "based in")
        for origin in many("origins"):   # several countries of origin: each a home for filters
            edge(sid, origin, "home", "origin in")
        parent = get("part_of")
        standards = {"standards-body", "study-group", "question"}
        edge(sid, parent, "standards" if net.kind(sid) in standards else "ownership", "part of")
    elif cls == "Supply":
        for vendor in many("suppliers"):
            edge(vendor, get("country"), "supply", "supplies")
            for buyer in many("buyers"):
                edge(vendor, buyer, "supply", "supplies")
    elif cls == "Deal":
        for vendor in many("suppliers"):
            edge(vendor, sid, "supply", "supplies")
        for vendor in many("contractors"):
            edge(vendor, sid, "supply", "contractor for")
        for buyer in many("buyers"):
            edge(sid, buyer, "supply", "bought by")
        edge(sid, get("country"), "supply", "in")
    elif cls == "Financing":
        targets = many("finances") or [t for t in (get("borrower"), get("country")) if t]
        for target in targets:
            edge(get("lender"), target, "financing", "finances")
    elif cls == "Membership":
        edge(get("member"), get("initiative"), "membership", "member of")
    elif cls == "Restriction":
        edge(get("authority"), sid, "restriction", "imposes")
        edge(sid, get("target"), "restriction", "lists")
    elif cls == "Proposal":
        for proposer in many("proposers"):
            edge(proposer, sid, "proposal", "proposes")
        edge(sid, get("standards_body"), "proposal", "submitted to")
        edge(sid, get("resulting_standard"), "standards", "became")
    elif cls == "Standard":
        edge(sid, get("developed_by"), "standards", "developed by")
    elif cls == "Ownership":
        edge(get("owner"), get("owned"), "ownership", "owns")


def write_network(graph, out_dir: str | Path) -> Path:
    """Project an rdflib graph and write it to `out_dir/network.json`; return the file's path.

    JSON rather than a pickle: loading it takes ~35 ms for the curated graph (a pickle
    ~6 ms, both far below the cost of a command), and it is safe to load and readable.
    """
    path = Path(out_dir) / NETWORK_FILE
    path.write_text(network_json(graph) + "\n", encoding="utf-8")
    return path


def network_json(graph) -> str:
    """Return the projection of a graph as the JSON text of network.json.

    Its keys sorted and its nodes and edges in order: an endpoint's rows come in any order,
    and a network read back from this text iterates the same way whatever that order was.
    """
    return json.dumps(project(graph).to_dict(), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))
