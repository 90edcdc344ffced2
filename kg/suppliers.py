"""Vendors supplying a group of countries (an initiative, a category, one country), with evidence.

A vendor supplies a country when a supply claim names it as supplier (vendor -> country) or a
deal in that country names it as supplier or contractor (vendor -> deal -> country).

>>> from kg.network import Network
>>> net = Network.from_dict({"nodes": [
...     {"id": "org/a", "label": "A", "kind": "company"},
...     {"id": "country/KEN", "label": "Kenya", "kind": "country"}],
...     "edges": [{"u": "org/a", "v": "country/KEN", "kind": "supply", "verb": "supplies",
...                "claim": "supply/x"}], "claims": {"supply/x": {"evidence": []}}})
>>> [(r["entity"]["id"], r["countries"]) for r in suppliers(net, "Kenya").rows]
[('org/a', 1)]
"""
from __future__ import annotations

from collections import defaultdict

from kg.answers import Answer, claim_evidence, entity, held, not_known, sources_of
from kg.groups import resolve_group
from kg.network import Network

COLUMNS = ["vendor", "countries", "country names", "technologies", "sources"]


def supply_links(net: Network, as_of: str | None = None):
    """Yield (vendor, country, claim) for every supply and deal claim (held at as_of)."""
    for u, v, attrs in net.graph.edges(data=True):
        if attrs["kind"] != "supply" or (as_of and not held(attrs, as_of)):
            continue
        if attrs["verb"] == "supplies" and net.kind(v) == "country":
            yield u, v, attrs["claim"]
        elif attrs["verb"] in ("supplies", "contractor for") and net.kind(v) == "deal":
            for _, country, deal_attrs in net.graph.out_edges(v, data=True):
                if deal_attrs["verb"] == "in":
                    yield u, country, attrs["claim"]


def restrictions_on(net: Network, node: str, as_of: str | None = None) -> list[str]:
    """Return the restriction nodes listing `node` (in force at as_of, when given)."""
    return sorted(r for r, _, attrs in net.graph.in_edges(node, data=True)
                  if attrs["kind"] == "restriction" and attrs["verb"] == "lists"
                  and (as_of is None or held(attrs, as_of)))


def suppliers(net: Network, to: str, restricted: bool = False,
              as_of: str | None = None) -> Answer:
    """Return the vendors supplying a group's members (or one country), most countries first."""
    group = resolve_group(net, to)
    members = group.members(as_of)
    by_vendor: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for vendor, country, claim in supply_links(net, as_of):
        if country in members and claim not in by_vendor[vendor][country]:
            by_vendor[vendor][country].append(claim)
    rows = []
    for vendor, countries in by_vendor.items():
        listings = restrictions_on(net, vendor, as_of)
        if restricted and not listings:
            continue
        evidence, technologies = [], set()
        for country, claims in sorted(countries.items()):
            for claim in sorted(claims):
                evidence += claim_evidence(net, claim, country=net.label(country))
                technologies.update(net.claims.get(claim, {}).get("technologies", []))
        for listing in listings if restricted else []:
            evidence += claim_evidence(net, listing, restriction=net.label(listing))
        names = sorted(net.label(c) for c in countries)
        row = {"vendor": net.label(vendor), "countries": len(countries),
               "country names": names,
               "technologies": sorted(net.concept(t) for t in technologies),
               "sources": sources_of(evidence), "entity": entity(net, vendor),
               "country ids": sorted(countries), "evidence": evidence}
        if restricted:
            row["restrictions"] = list(dict.fromkeys(net.label(r) for r in listings))
        rows.append(row)
    rows.sort(key=lambda r: (-r["countries"], r["vendor"].lower()))
    when = f" as of {as_of}" if as_of else ""
    title = (f"{'Restricted vendors' if restricted else 'Vendors'} supplying "
             + (f"members of {group.label}" if group.kind == "initiative" else group.label) + when
             + f" ({len(members)} {'country' if len(members) == 1 else 'countries'})")
    notes = [] if rows else not_known(net, sorted(members) + [group.id], "supply",
                                      f"supplier {'under restriction ' if restricted else ''}"
                                      f"recorded for {group.label}")
    columns = COLUMNS[:4] + (["restrictions"] if restricted else []) + ["sources"]
    return Answer("suppliers", title, columns, rows, notes,
                  explain={"operation": "suppliers", "group": group.id, "group kind": group.kind,
                           "members": len(members), "restricted": restricted, "as of": as_of})
