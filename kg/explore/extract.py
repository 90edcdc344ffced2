"""The explorer's graph, from the network projection (`kg.analysis.network`, build/network.json).

Nodes keep the projection's ids (`org/acme`, `country/KEN`, `deal/uganda-cameras`) and get
what the page and the exporters show: `cls` (the projection's kind), aliases, whether a
restriction lists them (`restricted`, `instruments`), the claims about them (`facts`) and the
questions researched without a source (`gaps`). Each edge gets its claim's label, dates as
`year_from`/`year_to`, amounts, technologies, strength and evidence entries; a supply edge also
gets the vendor-country `pair` it is drawn for, how many `independent` publishers back the pair
and the pair's strongest strength (`pair_strength`), with the pair's sources and their strengths
in `graph.graph["backing"]` under "vendor|country" (`kg.analysis.backing`).

>>> from kg.analysis.network import Network
>>> net = Network.from_dict({"nodes": [{"id": "org/a", "label": "A", "kind": "company"},
...     {"id": "country/KEN", "label": "Kenya", "kind": "country"}],
...     "edges": [{"u": "org/a", "v": "country/KEN", "kind": "supply", "verb": "supplies",
...                "claim": "supply/a-ken", "year": "2019"}],
...     "claims": {"supply/a-ken": {"kind": "supply", "evidence": [{"source": "source/s"}]}},
...     "sources": {"source/s": {"title": "S"}}})
>>> g = explorer_graph(net)
>>> [(d["label"], d["year_from"], d["evidence"]) for *_, d in g.edges(data=True)]
[('A supplies Kenya', 2019, [{'source': 'source/s'}])]
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import networkx as nx

from kg.analysis import strength
from kg.analysis.backing import claim_pairs, edge_pair, pair_backing
from kg.analysis.network import Network, load_network

_CLAIM_TEXT = ("currency", "status", "scope", "topic", "legal_citation", "financing_type",
               "terms", "note", "measure", "value", "unit", "period", "identifier")


def _year(text) -> int | None:
    text = str(text or "")
    return int(text[:4]) if text[:4].isdigit() else None


def claim_attrs(net: Network, claim_id: str, dates: dict,
                fields: tuple[dict, dict] | None = None) -> dict:
    """Return a claim's fields as the explorer shows them (no empty values), dated by `dates`
    (the edge's or the claim's own); `fields` is `claim_fields(net, claim_id)` when known."""
    head, tail = fields if fields is not None else claim_fields(net, claim_id)
    year = _year(dates.get("year") or dates.get("date"))
    attrs = {"claim": claim_id, "claim_class": head["claim_class"],
             "year_from": year if year is not None else _year(dates.get("start")),
             "year_to": year if year is not None else _year(dates.get("end")),
             "technologies": list(head["technologies"]), "evidence": list(head["evidence"])}
    if "label" in head:
        attrs["label"] = head["label"]
    for key in ("start", "end"):
        if dates.get(key):
            attrs[f"{key}_date"] = str(dates[key])
    attrs.update(tail)
    for key in ("claim_class", "year_from", "year_to"):  # the only ones that can be None
        if attrs[key] is None:
            del attrs[key]
    return attrs


def claim_fields(net: Network, claim_id: str) -> tuple[dict, dict]:
    """Return the parts of `claim_attrs` that do not depend on the dates, (the ones before
    them, the ones after), worked out once per claim: a claim has one edge per verb."""
    claim = net.claims.get(claim_id, {})
    head = {"claim_class": claim.get("kind", ""),
            "technologies": claim.get("technologies", []), "evidence": claim.get("evidence", [])}
    if claim.get("label"):
        head["label"] = claim["label"]
    tail = {}
    for key in _CLAIM_TEXT:
        value = claim.get(key)
        if value is not None and value != "":
            tail[key] = str(value)
    if claim.get("amount") not in (None, ""):
        tail["amount"] = float(claim["amount"])
    if claim.get("instrument"):
        tail["instrument"] = claim["instrument"]
        tail["instrument_label"] = net.concept(claim["instrument"])
    if claim.get("strength"):
        tail["strength"] = claim["strength"]
        tail["strength_label"] = strength.describe(net, claim_id)
    return head, tail


def pair_key(pair: tuple[str, str]) -> str:
    """Return the key of a vendor-country pair in `graph.graph["backing"]`."""
    return "|".join(pair)


def explorer_graph(net: Network, kinds=None, leave=frozenset()) -> nx.MultiDiGraph:
    """Return the explorer's graph of a network projection (see the module docstring); with
    `kinds`, only the links of those kinds and the entities they join; never the entities in
    `leave` nor their links. Nodes and links come in the projection's order either way."""
    graph = net.graph
    listed: dict[str, set[str]] = defaultdict(set)
    links = []  # one pass over the projection's links: 85,000 at 1M triples
    for u, v, key, data in graph.edges(keys=True, data=True):
        kind = data.get("kind")
        if kind == "restriction" and data.get("verb") == "lists":
            instrument = net.claims.get(data["claim"], {}).get("instrument")
            listed[v].add(net.concept(instrument) if instrument else "restricted")
        if u not in leave and v not in leave and (kinds is None or kind in kinds):
            links.append((u, v, key, data))
    if kinds is None:
        nodes = [n for n in graph if n not in leave]
    else:
        joined = {n for u, v, *_ in links for n in (u, v)}
        nodes = [n for n in graph if n in joined]
    out = nx.MultiDiGraph(sources=net.sources, concepts=dict(net.concepts),
                          ranks=dict(net.ranks))
    fields: dict[str, tuple[dict, dict]] = {}  # claim -> claim_fields, once per claim

    def attrs_of(claim_id: str, dates: dict) -> dict:
        if claim_id not in fields:
            fields[claim_id] = claim_fields(net, claim_id)
        return claim_attrs(net, claim_id, dates, fields[claim_id])

    for node in nodes:
        data = graph.nodes[node]
        facts = []
        for claim_id in net.about.get(node, []):
            claim = net.claims[claim_id]
            fact = attrs_of(claim_id, claim)
            fact.setdefault("label", claim.get("measure") or claim_id)
            facts.append(fact)
        out.add_node(node, label=str(data.get("label", node)), cls=data.get("kind", "unknown"),
                     aliases=list(data.get("aliases", [])),
                     identifier=str(data.get("identifier", "")),
                     restricted=node in listed, instruments=sorted(listed.get(node, ())),
                     facts=facts, gaps=net.gaps_about(node))
    backing, pairs = pair_backing(net), claim_pairs(net)
    out.graph["backing"] = {pair_key(p): info for p, info in sorted(backing.items())}
    for u, v, key, data in links:
        attrs = attrs_of(data["claim"], data)
        attrs["kind"], attrs["verb"] = data.get("kind", ""), data.get("verb", "")
        attrs.setdefault("label", f"{net.label(u)} {attrs['verb']} {net.label(v)}")
        pair = data.get("kind") == "supply" and edge_pair(
            [p for p in pairs.get(data["claim"], []) if p in backing], backing, u)
        if pair:
            attrs.update(pair=pair_key(pair), independent=backing[pair]["publishers"],
                         pair_strength=backing[pair]["strength"])
        out.add_edge(u, v, key=key, **attrs)
    return out


def load(build_dir: str | Path) -> nx.MultiDiGraph:
    """Return the explorer's graph of the last build in build_dir."""
    return explorer_graph(load_network(build_dir))
