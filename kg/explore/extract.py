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


def claim_attrs(net: Network, claim_id: str, dates: dict) -> dict:
    """Return a claim's fields as the explorer shows them (no empty values)."""
    claim = net.claims.get(claim_id, {})
    year = _year(dates.get("year") or dates.get("date"))
    attrs = {"claim": claim_id, "claim_class": claim.get("kind", ""),
             "year_from": year if year is not None else _year(dates.get("start")),
             "year_to": year if year is not None else _year(dates.get("end")),
             "technologies": list(claim.get("technologies", [])),
             "evidence": list(claim.get("evidence", []))}
    if claim.get("label"):
        attrs["label"] = claim["label"]
    for key in ("start", "end"):
        if dates.get(key):
            attrs[f"{key}_date"] = str(dates[key])
    for key in _CLAIM_TEXT:
        if claim.get(key) not in (None, ""):
            attrs[key] = str(claim[key])
    if claim.get("amount") not in (None, ""):
        attrs["amount"] = float(claim["amount"])
    if claim.get("instrument"):
        attrs["instrument"] = claim["instrument"]
        attrs["instrument_label"] = net.concept(claim["instrument"])
    if claim.get("strength"):
        attrs["strength"] = claim["strength"]
        attrs["strength_label"] = strength.describe(net, claim_id)
    return {k: v for k, v in attrs.items() if v is not None}


def pair_key(pair: tuple[str, str]) -> str:
    """Return the key of a vendor-country pair in `graph.graph["backing"]`."""
    return "|".join(pair)


def explorer_graph(net: Network) -> nx.MultiDiGraph:
    """Return the explorer's graph of a network projection (see the module docstring)."""
    listed: dict[str, set[str]] = defaultdict(set)
    for _, target, data in net.graph.edges(data=True):
        if data.get("kind") == "restriction" and data.get("verb") == "lists":
            instrument = net.claims.get(data["claim"], {}).get("instrument")
            listed[target].add(net.concept(instrument) if instrument else "restricted")
    out = nx.MultiDiGraph(sources=net.sources, concepts=dict(net.concepts),
                          ranks=dict(net.ranks))
    for node, data in net.graph.nodes(data=True):
        facts = []
        for claim_id in net.about.get(node, []):
            claim = net.claims[claim_id]
            fact = claim_attrs(net, claim_id, claim)
            fact.setdefault("label", claim.get("measure") or claim_id)
            facts.append(fact)
        out.add_node(node, label=str(data.get("label", node)), cls=data.get("kind", "unknown"),
                     aliases=list(data.get("aliases", [])),
                     identifier=str(data.get("identifier", "")),
                     restricted=node in listed, instruments=sorted(listed.get(node, ())),
                     facts=facts, gaps=net.gaps_about(node))
    backing, pairs = pair_backing(net), claim_pairs(net)
    out.graph["backing"] = {pair_key(p): info for p, info in sorted(backing.items())}
    for u, v, key, data in net.graph.edges(keys=True, data=True):
        attrs = claim_attrs(net, data["claim"], data)
        attrs["kind"], attrs["verb"] = data.get("kind", ""), data.get("verb", "")
        attrs.setdefault("label", f"{net.label(u)} {attrs['verb']} {net.label(v)}")
        pair = edge_pair([p for p in pairs.get(data["claim"], []) if p in backing], backing, u)
        if data.get("kind") == "supply" and pair:
            attrs.update(pair=pair_key(pair), independent=backing[pair]["publishers"],
                         pair_strength=backing[pair]["strength"])
        out.add_edge(u, v, key=key, **attrs)
    return out


def load(build_dir: str | Path) -> nx.MultiDiGraph:
    """Return the explorer's graph of the last build in build_dir."""
    return explorer_graph(load_network(build_dir))
