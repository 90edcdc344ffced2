"""The customers of a vendor: countries it supplies, with the buyers and deals a source names.

>>> from kg.network import Network
>>> net = Network.from_dict({"nodes": [{"id": "org/a", "label": "A", "kind": "company"},
...     {"id": "country/KEN", "label": "Kenya", "kind": "country"}],
...     "edges": [{"u": "org/a", "v": "country/KEN", "kind": "supply", "verb": "supplies",
...                "claim": "supply/x"}]})
>>> [r["country"] for r in customers(net, "A").rows]
['Kenya']
"""
from __future__ import annotations

from collections import defaultdict

from kg.answers import Answer, claim_evidence, entity, held, not_known, sources_of
from kg.network import Network
from kg.resolve import resolve

COLUMNS = ["country", "buyers", "deals", "technologies", "sources"]


def customers(net: Network, vendor: str, as_of: str | None = None) -> Answer:
    """Return the countries a vendor supplies (directly or through deals), A to Z."""
    node = resolve(net, vendor, kinds=("company", "org", "agency", "lender"), what="vendor")
    by_country: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for _, target, attrs in net.graph.out_edges(node, data=True):
        if attrs["kind"] != "supply" or (as_of and not held(attrs, as_of)):
            continue
        claim = attrs["claim"]
        if net.kind(target) == "country":
            by_country[target]["claims"].add(claim)
        elif net.kind(target) == "deal":
            for _, end, deal_attrs in net.graph.out_edges(target, data=True):
                if deal_attrs["verb"] == "in":
                    by_country[end]["claims"].add(claim)
                    by_country[end]["deals"].add(target)
                elif deal_attrs["verb"] == "bought by":
                    by_country[_country_of(net, target)]["buyers"].add(end)
    rows = []
    for country, found in by_country.items():
        if country is None or not found["claims"]:
            continue
        evidence = [e for c in sorted(found["claims"]) for e in claim_evidence(net, c)]
        technologies = {t for c in found["claims"]
                        for t in net.claims.get(c, {}).get("technologies", [])}
        rows.append({"country": net.label(country),
                     "buyers": sorted(net.label(b) for b in found["buyers"]),
                     "deals": sorted(net.label(d) for d in found["deals"]),
                     "technologies": sorted(net.concept(t) for t in technologies),
                     "sources": sources_of(evidence), "entity": entity(net, country),
                     "evidence": evidence})
    rows.sort(key=lambda r: r["country"])
    when = f" as of {as_of}" if as_of else ""
    notes = [] if rows else not_known(net, [node], "supply", f"customer of {net.label(node)}")
    return Answer("customers", f"Countries supplied by {net.label(node)}{when}: {len(rows)}",
                  COLUMNS, rows, notes,
                  explain={"operation": "customers", "vendor": node, "as of": as_of,
                           "method": "supply edges vendor -> country and vendor -> deal -> country"})


def _country_of(net: Network, deal: str) -> str | None:
    return next((v for _, v, verb in net.graph.out_edges(deal, data="verb") if verb == "in"), None)
