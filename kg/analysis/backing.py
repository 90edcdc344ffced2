"""How well each supply link is backed, for pictures of the graph: per vendor-country pair, how
many independent publishers assert it (`kg.analysis.sources`: editions of one tracker count
once), its strongest claim's strength (`kg.analysis.strength`), and each source with the
strength it backs the pair with; and for each supply claim, the pair it is drawn for.

>>> from kg.analysis.network import Network
>>> net = Network.from_dict({"nodes": [{"id": "org/a", "label": "Acme", "kind": "company"},
...     {"id": "country/UGA", "label": "Uganda", "kind": "country"}], "edges": [
...     {"u": "org/a", "v": "country/UGA", "kind": "supply", "verb": "supplies", "claim": c}
...     for c in ("supply/i19", "supply/i22", "supply/r")],
...     "claims": {"supply/i19": {"strength": "index-listing", "evidence": [{"source": "source/i19"}]},
...                "supply/i22": {"strength": "index-listing", "evidence": [{"source": "source/i22"}]},
...                "supply/r": {"strength": "reported-sale", "evidence": [{"source": "source/news"}]}},
...     "sources": {"source/i19": {"publisher": "Carnegie"}, "source/i22": {"publisher": "Carnegie"},
...                 "source/news": {"publisher": "Daily"}},
...     "concepts": {"index-listing": "index listing", "reported-sale": "reported sale"},
...     "ranks": {"reported-sale": 1, "index-listing": 5}})
>>> found = pair_backing(net)[("org/a", "country/UGA")]
>>> found["publishers"], found["strength"], [s["strength"] for s in found["sources"]]
(2, 'reported-sale', ['index listing', 'index listing', 'reported sale'])
"""
from __future__ import annotations

from collections import defaultdict

from kg.analysis import strength
from kg.analysis.network import Network
from kg.analysis.sources import pair_sources
from kg.analysis.trackers import independent
from kg.analysis.suppliers import supply_links


def pair_backing(net: Network) -> dict[tuple[str, str], dict]:
    """Return (vendor, country) -> {names (their labels), publishers, strength (the strongest
    claim's notation, '' when none is recorded), sources: [{source, title, strength (label)}]}
    for every supply link."""
    out = {}
    for pair, by_source in pair_sources(net).items():
        claims = {c for found in by_source.values() for c in found}
        if not claims:
            continue
        sources = []
        for source, found in sorted(by_source.items()):
            best = min(found, key=lambda c: (strength.rank(net, strength.of(net, c)), c))
            sources.append({"source": source, "title": net.sources.get(source, {}).get("title"),
                            "strength": strength.describe(net, best)})
        best = min(claims, key=lambda c: (strength.rank(net, strength.of(net, c)), c))
        out[pair] = {"names": [net.label(pair[0]), net.label(pair[1])],
                     "publishers": len(independent(net, by_source)),
                     "strength": strength.of(net, best), "sources": sources}
    return out


def claim_pairs(net: Network) -> dict[str, list[tuple[str, str]]]:
    """Return claim -> the (vendor, country) pairs it asserts, sorted."""
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for vendor, country, claim in supply_links(net):
        found[claim].add((vendor, country))
    return {claim: sorted(pairs) for claim, pairs in found.items()}


def edge_pair(pairs: list[tuple[str, str]], backing: dict, start: str) -> tuple[str, str] | None:
    """Return the pair an edge of a claim is drawn for: of the claim's pairs, the ones of the
    vendor the edge starts at (all of them for an edge out of a deal), the best backed."""
    mine = [p for p in pairs if p[0] == start] or pairs
    return min(mine, key=lambda p: (-backing[p]["publishers"], p), default=None)
