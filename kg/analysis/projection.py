"""The projection of the built RDF graph into a `Network`, read with SPARQL queries, or from the
graph held by predicate (kg.graph.indexed: the build's, with the same rows).

Records are read back generically: each subject's class names its model in `kg.records.models`, and
each predicate maps to a field through the model's declared terms. `_link` then turns each
record into nodes and typed edges (see kg/analysis/network.py for what becomes a node).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import product
from pathlib import Path
from typing import Any

import networkx as nx
import orjson
import pyoxigraph as ox
from rdflib import Graph

from kg.collector import paused
from kg.records.models import MODELS, ORG_KINDS
from kg.analysis.network import CLAIM_NODES, NETWORK_FILE, Network
from kg.schema.ontology import ID_URI
from kg.graph.indexed import IndexedGraph
from kg.graph.rows import literal, select_cells, value
from kg.graph.rdf import term
from kg.schema.vocab import INSTRUMENTS, SK, STRENGTHS, TECHNOLOGIES

_KIND_OF_CLASS = {cls: kind for kind, cls in ORG_KINDS.items()}
_CONCEPT_NOTATION = {str(SK[t]): n for mapping in (TECHNOLOGIES, INSTRUMENTS, STRENGTHS)
                     for n, t in mapping.items()}
_MODEL_BY_CLASS = {m.CLASS: m for m in MODELS}
_NAMED = ("agent/", "licence/")  # id segments of kg.graph.rdf.named_node

# Both read every subject of the classes and predicates the projection uses (constants, not
# user input: _CLASSES, the models' declared terms); `project` keeps the entities' (under
# ID_URI) in Python, which is cheaper than a FILTER (STRSTARTS(...)) that Oxigraph evaluates
# per row (data/, 169k triples, a loaded machine: props 2.3 s with the filter, 1.7 s without).
# The classes as VALUES leave out the evidence nodes and the ontology's terms: 1M triples,
# 91k rows instead of 163k, 0.13 s instead of 0.24 s.
_TYPES = """
SELECT ?s ?type WHERE { VALUES ?type { %s } ?s a ?type . }
"""
_TYPE = "SELECT ?s WHERE { ?s a %s . }"
_PROPS = """
SELECT ?s ?p ?o WHERE { VALUES ?p { %s } ?s ?p ?o . }
"""
_PROP = "SELECT ?s ?o WHERE { ?s %s ?o . }"
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


class _Once(dict):
    """A cell -> what `make` reads from it, made on first sight: a subject, a class or an IRI
    value comes back in many rows (a dict subclass: a hit costs no Python call)."""

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, cell: str):
        found = self[cell] = self.make(cell)
        return found


def project(graph: Graph | ox.Store) -> Network:
    """Return the projection of an RDF graph built by `kg build`, read with SPARQL queries
    (one per class and per field's predicate from the build's store, `_per_value`).

    The rows are cells (kg.graph.rows): the store's TSV split, or an endpoint's or rdflib's
    terms written the same way, so one loop reads both; an IRI is a cell starting with "<".
    """
    # Held for callers other than `kg build` (which holds it for the whole build): a remote
    # projection, a notebook; 1M triples: ~1 s of process time (kg/collector.py).
    with paused():
        return _project(graph)


def _project(graph: Graph | ox.Store) -> Network:
    """Return the projection (see `project`), the collector held."""
    records, concepts, ranks = _read(graph)
    network = _assemble(records, concepts)
    network.ranks = ranks
    return network


def _read(graph: Graph | ox.Store) -> tuple[dict, dict[str, str], dict[str, int]]:
    """Return the records (id -> model class, class names, fields), the concepts' labels and
    the strength ranks read from a graph, the collector held."""
    sk = str(SK)
    local = _Once(lambda c: value(c).removeprefix(sk))
    classes: dict[str, set[str]] = defaultdict(set)  # an entity's cell -> its class names
    for t, rows in _per_value(graph, _TYPES, _TYPE, _CLASSES):
        name = local[t]
        for (s,) in rows:
            if s.startswith(_ID_CELL):
                classes[s].add(name)
    fields_of = _field_cells()
    records: dict[str, tuple[str, set, dict]] = {}
    entries: dict[str, tuple[dict, dict]] = {}  # cell -> (predicate cell -> field, fields)
    for s, kinds in classes.items():
        model_class = next((c for c in kinds if c in _MODEL_BY_CLASS), None)
        if model_class is None and "Country" not in kinds:
            continue
        fields: dict[str, Any] = {}
        entries[s] = (fields_of[model_class], fields)
        records[s[_ID_START:-1]] = (model_class or "Country", kinds, fields)
    label = f"<{term('rdfs:label')}>"
    iris = _Once(lambda c: short(c[1:-1]))
    # A source's authors, publisher and licence are labelled nodes (kg.graph.rdf.named_node):
    # the fields hold their labels, the text the curator wrote, put in once all are read.
    labels: dict[str, str] = {}  # a named node's cell -> its first label's cell
    pending: list[tuple[list, int]] = []  # where a value names such a node
    predicates = sorted({f"<{p}>" for _, p in _field_terms()})
    for p, rows in _per_value(graph, _PROPS, _PROP, predicates):
        is_label = p == label
        for s, o in rows:
            entry = entries.get(s)
            if entry is None or is_label:
                # A named node's label: the least, if it has two (two texts, one IRI), so
                # that the order rows come in never matters.
                if is_label and s.startswith(_NAMED_CELLS) and (s not in labels
                                                                 or o < labels[s]):
                    labels[s] = o
                if entry is None:
                    continue
            name = entry[0].get(p)
            if name is None:
                continue
            fields = entry[1]
            ref = False
            if o[0] == "<":
                text = iris[o]
                ref = text.startswith(_NAMED)
            elif "\\" in o:
                text = literal(o)
            elif o[-1] == '"':  # a plain literal; a bare cell never ends in '"'
                text = o[1:-1]
            elif o[0] == '"':  # a typed one (a date: 100k at 1M triples), as `literal` reads it
                text = o[1:o.rfind('"')]
            else:
                text = o
            values = fields.get(name)
            if values is None:
                values = fields[name] = [text]
            else:
                values.append(text)
            if ref:
                pending.append((values, len(values) - 1))
    named = {s[_ID_START:-1]: value(o) for s, o in labels.items()}
    for values, i in pending:
        values[i] = named.get(values[i], values[i])
    evidence: dict[str, list[tuple[int, dict]]] = defaultdict(list)
    for claim, node, source, quote, summary, locator, row in _evidence(graph):
        item = {"source": iris[source]}
        kind = ""  # evidence_kind's, inline (70k items at 1M triples): the first with a text
        if quote:  # an empty literal is '""'; "" is unbound
            item["quote"] = text = value(quote)
            if text:
                kind = "quote"
        if summary:
            item["summary"] = text = value(summary)
            if text and not kind:
                kind = "summary"
        if locator:
            item["locator"] = value(locator)
        if row:
            item["row"] = text = value(row)
            if text and not kind:
                kind = "row"
        item["kind"] = kind
        evidence[claim].append((int(node[node.rfind("/") + 1:-1]), item))
    for s, (_, fields) in entries.items():
        for values in fields.values():
            if len(values) > 1:
                values.sort()
        found = evidence.get(s)
        fields["evidence"] = ([] if not found else [found[0][1]] if len(found) == 1
                              else [item for _, item in sorted(found, key=_first)])
    concepts = {value(n): value(text) for n, text in _notations(graph, _CONCEPTS, _LABEL)}
    ranks = {value(n): int(value(rank)) for n, rank in _notations(graph, _RANKS, _RANK)}
    return records, concepts, ranks


_ID_CELL = f"<{ID_URI}"
_ID_START = len(_ID_CELL)
_NAMED_CELLS = tuple(_ID_CELL + segment for segment in _NAMED)
# The classes a record or an organisation's kind can have, as <IRI> cells.
_CLASSES = sorted(f"<{SK}{c}>" for c in {*_MODEL_BY_CLASS, *_KIND_OF_CLASS, "Country"})


def _first(pair: tuple) -> Any:
    return pair[0]


def _per_value(graph, template: str, one: str, values: list[str]) -> list[tuple[str, Iterable]]:
    """Return (value, rows) for each of `values` (classes, predicates, as <IRI> cells): the
    rows of the subjects with that value, without its column; the same rows however read.

    From Oxigraph, and from an endpoint that caps its answers, one query per value (`one`):
    a pattern whose class or predicate is given is read straight from an index (1M triples,
    the fields' 71 predicates: 0.57 s against 0.86 s for one query joining them with VALUES,
    and a third less text), and a capped endpoint (Virtuoso: 10,000 rows) would otherwise send
    the whole read in pages and sort all of it again for each page (Virtuoso 7.2, the
    shipped graph: 40 s for the predicates at once, 10 s one by one). From rdflib and an
    endpoint that says no cap, `template` once, its rows grouped here: faster than a hundred
    small queries, over HTTP or through rdflib's query parser.
    """
    from kg.sparql.remote import RemoteGraph

    if isinstance(graph, IndexedGraph):
        if one == _TYPE:
            return [(cell, [(s,) for s in graph.of_type(cell)]) for cell in values]
        return [(cell, graph.cells(cell)) for cell in values]
    if isinstance(graph, ox.Store) or (isinstance(graph, RemoteGraph)
                                       and graph.row_cap() is not None):
        return [(cell, select_cells(graph, one % cell)) for cell in values]
    grouped: dict[str, list[tuple]] = {cell: [] for cell in values}
    for s, cell, *rest in select_cells(graph, template % " ".join(values)):
        grouped[cell].append((s, *rest))
    return list(grouped.items())


def _evidence(graph) -> Iterable[tuple[str, ...]]:
    """The rows of _EVIDENCE; from an IndexedGraph, joined here (a row per combination of
    values, an unbound OPTIONAL as "", as the query gives them)."""
    if not isinstance(graph, IndexedGraph):
        return select_cells(graph, _EVIDENCE)
    evidence = graph.rows(f"<{SK}evidence>")
    parts = [graph.cells(f"<{SK}{name}>")
             for name in ("source", "quote", "summary", "locator", "row")]
    ones = [dict(rows) for rows in parts]
    if all(len(one) == len(rows) for one, rows in zip(ones, parts)):
        # An evidence node has at most one of each (the usual case, and SHACL's for a
        # source): a lookup each, no combinations.
        source, quote, summary, locator, row = ones
        return ((claim, node, source[node], quote.get(node, ""), summary.get(node, ""),
                 locator.get(node, ""), row.get(node, ""))
                for claim, node in evidence if node in source)
    sources, *optional = (_by_subject(rows) for rows in parts)
    return ((claim, node, source, *values)
            for claim, node in evidence
            for source in sources.get(node, ())
            for values in product(*(found.get(node, _UNBOUND) for found in optional)))


def _notations(graph, query: str, predicate: str) -> Iterable[tuple[str, str]]:
    """The rows of _CONCEPTS or _RANKS (each a concept's notation and its `predicate`)."""
    if not isinstance(graph, IndexedGraph):
        return select_cells(graph, query)
    notations = graph.cells(f"<{term('skos:notation')}>")
    concepts = {c for c, _ in notations}
    values = _by_subject((s, o) for s, o in graph.cells(predicate) if s in concepts)
    return ((notation, found) for c, notation in notations for found in values.get(c, ()))


def _by_subject(rows: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for s, o in rows:
        values = found.get(s)
        if values is None:
            found[s] = [o]
        else:
            values.append(o)
    return found


_UNBOUND = ("",)
_LABEL, _RANK = f"<{term('rdfs:label')}>", f"<{term('sk:strengthRank')}>"


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


def _field_cells() -> dict[str | None, dict[str, str]]:
    """class -> {predicate cell -> field name}; a country (no model) has its label only."""
    out: dict[str | None, dict[str, str]] = {None: {f"<{term('rdfs:label')}>": "label"}}
    for (cls, predicate), name in _field_terms().items():
        out.setdefault(cls, {})[f"<{predicate}>"] = name
    return out


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
    """Return the Network of the records: nodes and edges gathered, then added in bulk."""
    net, nodes, edges = _gather(records, concepts)
    # networkx's own dicts, filled as MultiDiGraph.add_edge fills them (one key dict shared by
    # both directions; a key added again updates its attributes): add_edges_from calls
    # add_edge once per edge, which took a third of the assembly.
    succ: dict[str, dict] = {node: {} for node in nodes}
    pred: dict[str, dict] = {node: {} for node in nodes}
    for u, v, key, attrs in edges:
        keys = succ[u].get(v)
        if keys is None:
            keys = succ[u][v] = pred[v][u] = {}
        if key in keys:
            keys[key].update(attrs)
        else:
            keys[key] = attrs
    return Network.from_state({"graph": {}, "nodes": nodes, "succ": succ, "pred": pred,
                               "claims": net.claims, "sources": net.sources, "gaps": net.gaps,
                               "concepts": concepts, "links": net.links, "ranks": {}})


def _gather(records: dict[str, tuple[str, set, dict]], concepts: dict[str, str]
            ) -> tuple[Network, dict[str, dict], list[tuple]]:
    """Return the tables of the records' Network (its graph empty), its nodes (id -> attributes)
    and its edges (u, v, key, attributes; a key again updates the first's attributes)."""
    net = Network(nx.MultiDiGraph(), concepts=concepts)
    nodes: dict[str, dict] = {}
    edges: list[tuple] = []
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
            nodes[sid] = {"label": _one(fields, "label") or sid, "kind": kind,
                          "aliases": fields.get("aliases", []),
                          **({"identifier": identifier} if identifier else {})}
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
        _link(nodes, edges, sid, cls, fields, _dates(net.claims.get(sid, {})))
    for u, v, _, _ in edges:
        for node in (u, v):
            if node not in nodes:  # e.g. a country mentioned only in a claim
                nodes[node] = {"label": node, "kind": "country" if node.startswith("country/")
                               else "unknown", "aliases": []}
    return net, nodes, edges


def _as_dict(net: Network, nodes: dict[str, dict], edges: list[tuple]) -> dict:
    """Return what `Network.to_dict` gives for the Network `_assemble` makes of these parts,
    read from the parts themselves: no graph made and walked again (network.json at 1M
    triples)."""
    merged: dict[tuple, dict] = {}  # (u, v, key) -> attributes, as the graph holds them
    for u, v, key, attrs in edges:
        found = merged.get((u, v, key))
        if found is None:
            merged[u, v, key] = attrs
        else:
            found.update(attrs)
    data = net.to_dict()  # the tables; its graph is empty
    data["nodes"] = [{"id": n, **attrs} for n, attrs in sorted(nodes.items())]
    data["edges"] = sorted(({"u": u, "v": v, **attrs} for (u, v, _), attrs in merged.items()),
                           key=lambda e: (e["u"], e["v"], e["claim"], e["verb"]))
    return data


def _claim(cls: str, fields: dict) -> dict:
    claim: dict[str, Any] = {"kind": cls.lower() if cls != "TechnologyUse" else "technology-use",
                             "label": _one(fields, "label"), "evidence": fields["evidence"]}
    for name, values in fields.items():  # a record has a few of the 33 _CLAIM_FIELDS
        if values and name in _CLAIM_FIELDS:
            claim[name] = values if name in _MANY else values[0]
    subjects = fields.get("subject", []) or (fields.get("country", []) if cls == "TechnologyUse"
                                             else [])
    if subjects:
        claim["about"] = subjects
    return claim


_CLAIM_FIELDS = frozenset(_DATE_FIELDS + _KEEP)  # network.json sorts a claim's keys


def _dates(claim: dict) -> dict:
    return {k: claim[k] for k in _DATE_FIELDS if claim.get(k)}


def _link(nodes: dict[str, dict], edges: list[tuple], sid: str, cls: str, fields: dict,
          dates: dict) -> None:
    """Add the node (for a claim that is a thing) and the edges one record makes."""

    def edge(u: str, v: str | None, kind: str, verb: str) -> None:
        if v is not None and u is not None:
            edges.append((u, v, f"{sid}:{verb}",
                          {"kind": kind, "verb": verb, "claim": sid, **dates}))

    get = lambda name: _one(fields, name)  # noqa: E731
    many = lambda name: fields.get(name, [])  # noqa: E731
    if cls in CLAIM_NODES:
        nodes[sid] = {"label": get("label") or sid, "kind": CLAIM_NODES[cls],
                      "aliases": many("aliases"), "claim": sid,
                      **({"places": many("places")} if many("places") else {}),
                      **({"identifier": get("identifier")} if get("identifier") else {})}
    if cls == "Organization":
        edge(sid, get("country"), "home", "based in")
        for origin in many("origins"):   # several countries of origin: each a home for filters
            edge(sid, origin, "home", "origin in")
        parent = get("part_of")
        standards = {"standards-body", "study-group", "question"}
        edge(sid, parent, "standards" if nodes[sid]["kind"] in standards else "ownership",
             "part of")
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
    with open(path, "wb") as file:  # no copy of the text with "\n" added
        file.write(network_json(graph))
        file.write(b"\n")
    return path


def network_json(graph) -> bytes:
    """Return the projection of a graph as the JSON text of network.json, in UTF-8.

    Its keys sorted and its nodes and edges in order: an endpoint's rows come in any order,
    and a network read back from this text iterates the same way whatever that order was.
    Written by orjson: the bytes `json.dumps(..., ensure_ascii=False, sort_keys=True,
    separators=(",", ":"))` gives, encoded (the projection holds strings, lists, dicts with
    string keys, small integers and None; tests/test_projection_json.py), in 0.04 s instead
    of 0.34 s and its encoding at 1M triples.
    """
    with paused():
        records, concepts, ranks = _read(graph)
        net, nodes, edges = _gather(records, concepts)
        net.ranks = ranks
        return orjson.dumps(_as_dict(net, nodes, edges), option=orjson.OPT_SORT_KEYS)
