"""Countries two kinds of supply both reached: e.g. vendors based in China with AI surveillance
and vendors based in Israel with spyware. A side is vendors of a home country (sk:homeCountry)
whose supply claims name a technology, or are of given strengths; each country is listed with
the vendors of either side and the evidence.

>>> from kg.analysis.network import Network
>>> net = Network.from_dict({"nodes": [{"id": "org/a", "label": "A", "kind": "company"},
...     {"id": "org/b", "label": "B", "kind": "company"},
...     {"id": "country/CHN", "label": "China", "kind": "country"},
...     {"id": "country/ISR", "label": "Israel", "kind": "country"},
...     {"id": "country/MEX", "label": "Mexico", "kind": "country"}], "edges": [
...     {"u": "org/a", "v": "country/CHN", "kind": "home", "verb": "based in", "claim": "org/a"},
...     {"u": "org/b", "v": "country/ISR", "kind": "home", "verb": "based in", "claim": "org/b"},
...     {"u": "org/a", "v": "country/MEX", "kind": "supply", "verb": "supplies", "claim": "s/1"},
...     {"u": "org/b", "v": "country/MEX", "kind": "supply", "verb": "supplies", "claim": "s/2"}],
...     "claims": {"s/1": {"strength": "index-listing", "evidence": []},
...                "s/2": {"technologies": ["spyware"], "evidence": []}}})
>>> answer = overlap(net, Side("country/CHN", strengths=frozenset({"index-listing"})),
...                  Side("country/ISR", technology="spyware"))
>>> [(r["country"], r["first"], r["second"]) for r in answer.rows]
[('Mexico', ['A'], ['B'])]
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from kg.analysis import strength as strengths_
from kg.analysis.answers import Answer, claim_evidence, entity, sources_of
from kg.analysis.network import Network
from kg.analysis.suppliers import all_supply_links

COLUMNS = ["country", "first", "second", "sources"]


@dataclass(frozen=True)
class Side:
    """Vendors based in `home` (a country node), through claims naming `technology` (a
    notation) and of `strengths`, when given."""

    home: str
    technology: str | None = None
    strengths: frozenset[str] | None = None
    label: str = ""

    def keeps(self, net: Network, claim: str) -> bool:
        found = net.claims.get(claim, {})
        return (strengths_.keeps(net, claim, self.strengths)
                and (self.technology is None or self.technology in found.get("technologies", [])))


def reached(net: Network, side: Side) -> dict[str, dict[str, list[str]]]:
    """Return country -> vendor -> claims, for the side's vendors and claims."""
    homes = {u for u, v, kind in net.graph.edges(data="kind") if kind == "home" and v == side.home}
    found: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for vendor, country, claim, _ in all_supply_links(net):
        if vendor in homes and country != side.home and side.keeps(net, claim):
            if claim not in found[country][vendor]:
                found[country][vendor].append(claim)
    return found


def overlap(net: Network, first: Side, second: Side) -> Answer:
    """Return the countries both sides reached, A to Z, with each side's vendors."""
    a, b = reached(net, first), reached(net, second)
    rows = []
    for country in sorted(set(a) & set(b), key=net.label):
        evidence = [e for side in (a, b) for vendor, claims in sorted(side[country].items())
                    for c in claims for e in claim_evidence(
                        net, c, vendor=net.label(vendor), strength=strengths_.describe(net, c))]
        rows.append({"country": net.label(country),
                     "first": sorted(net.label(v) for v in a[country]),
                     "second": sorted(net.label(v) for v in b[country]),
                     "sources": sources_of(evidence), "entity": entity(net, country),
                     "evidence": evidence})
    names = [first.label or net.label(first.home), second.label or net.label(second.home)]
    notes = [] if rows else [f"not recorded: no country in the graph has both {names[0]} and "
                             f"{names[1]}; unknown is not no"]
    notes.append("a vendor counts for a side through its home country (sk:homeCountry); a "
                 "vendor with no recorded home country counts for neither")
    return Answer("overlap", f"Countries reached by both {names[0]} and {names[1]}: {len(rows)}",
                  [COLUMNS[0], names[0], names[1], COLUMNS[3]],
                  [{**r, names[0]: r["first"], names[1]: r["second"]} for r in rows], notes,
                  explain={"operation": "overlap", "first": _explain(first),
                           "second": _explain(second)})


def _explain(side: Side) -> str:
    parts = [f"vendors based in {side.home}"]
    if side.technology:
        parts.append(f"claims naming {side.technology}")
    if side.strengths is not None:
        parts.append(f"claims of strength {', '.join(sorted(side.strengths))}")
    return "; ".join(parts)
