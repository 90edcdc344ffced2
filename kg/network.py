"""The networkx projection of the built graph: entities as nodes, claims as typed edges.

Built once per build (`write_network`, called by `kg build`) into `build/network.json` and
loaded by every analysis command (`load_network`), so no command re-queries the store.

Nodes are identified by their IRI without the id namespace (`org/huawei`, `country/UGA`,
`deal/uganda-police-cctv-2019`). Claims that are things a path can pass through (deals,
restrictions, proposals, standards) are nodes too; the other claims (supplies, financing,
memberships, ownerships) are edges. Every edge carries its relation `kind`, a `verb` read
along the edge, the `claim` id and the claim's dates; the claim's evidence lives once in
`Network.claims` and `Network.evidence(claim)` expands it with each source's title and URL.

>>> from kg.network import Network
>>> net = Network.from_dict({"nodes": [{"id": "org/a", "label": "A", "kind": "company"},
...     {"id": "country/KEN", "label": "Kenya", "kind": "country"}],
...     "edges": [{"u": "org/a", "v": "country/KEN", "kind": "supply", "verb": "supplies",
...                "claim": "supply/a-ken"}],
...     "claims": {"supply/a-ken": {"kind": "supply", "evidence": [{"source": "source/s"}]}},
...     "sources": {"source/s": {"title": "S"}}})
>>> net.label("org/a"), [e["title"] for e in net.evidence("supply/a-ken")]
('A', ['S'])
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph, Literal, URIRef

from kg.errors import KGError
from kg.models import MODELS, ORG_KINDS
from kg.ontology import ID_URI
from kg.query import run
from kg.rdf import term
from kg.vocab import INSTRUMENTS, SK, TECHNOLOGIES

NETWORK_FILE = "network.json"
FORMAT = "survkg-network/1"
RELATION_KINDS = ("supply", "financing", "membership", "restriction", "proposal", "ownership",
                  "standards", "home")
# Claims that become nodes: a path can pass through a deal or a designation.
CLAIM_NODES = {"Deal": "deal", "Restriction": "restriction", "Proposal": "proposal",
               "Standard": "standard"}
_KIND_OF_CLASS = {cls: kind for kind, cls in ORG_KINDS.items()}
_CONCEPT_NOTATION = {str(SK[t]): n for mapping in (TECHNOLOGIES, INSTRUMENTS)
                     for n, t in mapping.items()}
_MODEL_BY_CLASS = {m.CLASS: m for m in MODELS}


@dataclass
class Network:
    """The projection: a MultiDiGraph plus the claims, sources and gaps its edges cite."""

    graph: nx.MultiDiGraph
    claims: dict[str, dict] = field(default_factory=dict)
    sources: dict[str, dict] = field(default_factory=dict)
    gaps: list[dict] = field(default_factory=list)
    concepts: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict) -> "Network":
        graph = nx.MultiDiGraph()
        graph.add_nodes_from((n["id"], {k: v for k, v in n.items() if k != "id"})
                             for n in data.get("nodes", []))
        graph.add_edges_from(
            (e["u"], e["v"], f"{e['claim']}:{e['verb']}",
             {k: v for k, v in e.items() if k not in ("u", "v")})
            for e in data.get("edges", []))
        return cls(graph, data.get("claims", {}), data.get("sources", {}),
                   data.get("gaps", []), data.get("concepts", {}))

    def to_dict(self) -> dict:
        nodes = [{"id": n, **attrs} for n, attrs in sorted(self.graph.nodes(data=True))]
        edges = sorted(({"u": u, "v": v, **attrs} for u, v, attrs in self.graph.edges(data=True)),
                       key=lambda e: (e["u"], e["v"], e["claim"], e["verb"]))
        return {"format": FORMAT, "nodes": nodes, "edges": edges, "claims": self.claims,
                "sources": self.sources, "gaps": self.gaps, "concepts": self.concepts}

    def label(self, node: str) -> str:
        return self.graph.nodes[node].get("label", node) if node in self.graph else node

    def kind(self, node: str) -> str:
        return self.graph.nodes[node].get("kind", "") if node in self.graph else ""

    def concept(self, notation: str) -> str:
        """Return the label of a technology or instrument notation."""
        return self.concepts.get(notation, notation)

    def evidence(self, claim: str) -> list[dict]:
        """Return the claim's evidence, each with its source's title, URL and version."""
        out = []
        for item in self.claims.get(claim, {}).get("evidence", []):
            source = self.sources.get(item["source"], {})
            out.append({"source": item["source"], "title": source.get("title"),
                        "url": source.get("url"), "version": source.get("version"),
                        **{k: item[k] for k in ("quote", "locator", "row") if item.get(k)}})
        return out

    @cached_property
    def about(self) -> dict[str, list[str]]:
        """Claims that describe a node without linking it (findings, observations, uses)."""
        index: dict[str, list[str]] = defaultdict(list)
        for claim_id, claim in sorted(self.claims.items()):
            for subject in claim.get("about", []):
                index[subject].append(claim_id)
        return index

    def gaps_about(self, node: str, kind: str | None = None) -> list[dict]:
        """Return the research gaps about a node (optionally of one relation kind)."""
        return [g for g in self.gaps
                if node in g["about"] and (kind is None or g["relation_kind"] == kind)]

    def nodes_of(self, *kinds: str) -> list[str]:
        return sorted(n for n, k in self.graph.nodes(data="kind") if k in kinds)


# --- projection from RDF -----------------------------------------------------------------

_TYPES = """
SELECT ?s ?type WHERE { ?s a ?type . FILTER (STRSTARTS(STR(?s), STR(id:))) }
"""
# The predicates are the models' declared terms (constants, not user input): see _props_query.
_PROPS = """
SELECT ?s ?p ?o WHERE { VALUES ?p { %s } ?s ?p ?o . FILTER (STRSTARTS(STR(?s), STR(id:))) }
"""
_EVIDENCE = """
SELECT ?claim ?e ?source ?quote ?locator ?row WHERE {
  ?claim sk:evidence ?e . ?e sk:source ?source .
  OPTIONAL { ?e sk:quote ?quote } OPTIONAL { ?e sk:locator ?locator } OPTIONAL { ?e sk:row ?row }
}
"""
_CONCEPTS = """
SELECT ?notation ?label WHERE { ?c skos:notation ?notation ; rdfs:label ?label }
"""


def short(iri) -> str:
    """Return an entity IRI without the id namespace (`org/huawei`); concepts as notations."""
    text = str(iri)
    if text.startswith(ID_URI):
        return text[len(ID_URI):]
    return _CONCEPT_NOTATION.get(text, text)


def project(graph: Graph) -> Network:
    """Return the projection of an RDF graph built by `kg build`, read with four queries."""
    classes: dict[str, set[str]] = defaultdict(set)
    for s, t in run(graph, _TYPES).rows:
        classes[short(s)].add(str(t).removeprefix(str(SK)))
    props: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    terms = _field_terms()
    predicates = " ".join(sorted({f"<{p}>" for _, p in terms}))
    for s, p, o in run(graph, _PROPS % predicates).rows:
        props[short(s)][str(p)].append(o)
    evidence: dict[str, list[tuple[int, dict]]] = defaultdict(list)
    for claim, node, source, quote, locator, row in run(graph, _EVIDENCE).rows:
        item = {"source": short(source)}
        for key, value in (("quote", quote), ("locator", locator), ("row", row)):
            if value is not None:
                item[key] = str(value)
        evidence[short(claim)].append((int(str(node).rsplit("/", 1)[-1]), item))
    records = {}
    for subject, kinds in classes.items():
        model_class = next((c for c in kinds if c in _MODEL_BY_CLASS), None)
        if model_class is None and "Country" not in kinds:
            continue
        fields: dict[str, Any] = {}
        for predicate, values in props[subject].items():
            name = terms.get((model_class, predicate))
            if name is None and predicate == str(term("rdfs:label")):
                name = "label"
            if name is not None:
                fields[name] = sorted(_value(v) for v in values)
        fields["evidence"] = [item for _, item in sorted(evidence.get(subject, []),
                                                         key=lambda x: x[0])]
        records[subject] = (model_class or "Country", kinds, fields)
    concepts = {str(n): str(label) for n, label in run(graph, _CONCEPTS).rows}
    return _assemble(records, concepts)


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
    if isinstance(obj, URIRef):
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
         "amount_usd_2021", "technology", "note", "version")


def _assemble(records: dict[str, tuple[str, set, dict]], concepts: dict[str, str]) -> Network:
    net = Network(nx.MultiDiGraph(), concepts=concepts)
    graph = net.graph
    for sid, (cls, kinds, fields) in sorted(records.items()):
        if cls == "Source":
            net.sources[sid] = {k: _one(fields, k) for k in
                                ("title", "url", "version", "publisher", "date", "kind")
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
                             "searched": _one(fields, "searched"), "date": _one(fields, "date")})
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
            claim[name] = values if name == "technologies" else values[0]
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
        graph.add_node(sid, label=get("label") or sid, kind=CLAIM_NODES[cls], aliases=[],
                       claim=sid, **({"identifier": get("identifier")} if get("identifier") else {}))
    if cls == "Organization":
        edge(sid, get("country"), "home", "based in")
        parent = get("part_of")
        standards = {"standards-body", "study-group", "question"}
        edge(sid, parent, "standards" if net.kind(sid) in standards else "ownership", "part of")
    elif cls == "Supply":
        for vendor in many("suppliers"):
            edge(vendor, get("country"), "supply", "supplies")
            edge(vendor, get("buyer"), "supply", "supplies")
    elif cls == "Deal":
        for vendor in many("suppliers"):
            edge(vendor, sid, "supply", "supplies")
        for vendor in many("contractors"):
            edge(vendor, sid, "supply", "contractor for")
        edge(sid, get("buyer"), "supply", "bought by")
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


# --- the build artifact ------------------------------------------------------------------

def write_network(graph: Graph, out_dir: str | Path) -> Path:
    """Project the graph and write it to `out_dir/network.json`; return the file's path."""
    path = Path(out_dir) / NETWORK_FILE
    text = json.dumps(project(graph).to_dict(), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    return path


def load_network(build_dir: str | Path) -> Network:
    """Return the projection written by the last `kg build` in build_dir."""
    path = Path(build_dir) / NETWORK_FILE
    if not path.is_file():
        raise KGError(f"no {NETWORK_FILE} in {build_dir}: run `kg build` first")
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT:
        raise KGError(f"{path} was written by another version of survkg: run `kg build` again")
    return Network.from_dict(data)
