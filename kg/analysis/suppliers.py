"""Vendors supplying a group of countries (an initiative, a category, one country), with evidence.

A vendor supplies a country when a supply claim names it as supplier (vendor -> country) or a
deal in that country names it as supplier or contractor (vendor -> deal -> country).

>>> from kg.analysis.network import Network
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

from kg.analysis.answers import Answer, claim_evidence, entity, not_known, sources_of
from kg.analysis.groups import resolve_group
from kg.analysis.network import Network
from kg.analysis.when import APART, COUNTS, When, apart_item, apart_notes, checked, dates_used, when

COLUMNS = ["vendor", "countries", "country names", "technologies", "sources"]


def all_supply_links(net: Network):
    """Yield (vendor, country, claim, edge) for every supply and deal claim, at any date."""
    for u, v, attrs in net.graph.edges(data=True):
        if attrs["kind"] != "supply":
            continue
        if attrs["verb"] == "supplies" and net.kind(v) == "country":
            yield u, v, attrs["claim"], attrs
        elif attrs["verb"] in ("supplies", "contractor for") and net.kind(v) == "deal":
            for _, country, deal_attrs in net.graph.out_edges(v, data=True):
                if deal_attrs["verb"] == "in":
                    yield u, country, attrs["claim"], attrs


def supply_links(net: Network, as_of: str | None = None):
    """Yield (vendor, country, claim) for every supply and deal claim (counted at as_of)."""
    for u, country, claim, attrs in all_supply_links(net):
        if as_of is None or when(net, claim, attrs).status(as_of) == COUNTS:
            yield u, country, claim


def restrictions_on(net: Network, node: str, as_of: str | None = None,
                    status: str = COUNTS) -> list[str]:
    """Return the restriction nodes listing `node` (of that status at as_of, when given)."""
    return sorted(r for r, _, attrs in net.graph.in_edges(node, data=True)
                  if attrs["kind"] == "restriction" and attrs["verb"] == "lists"
                  and (as_of is None or when(net, r, attrs).status(as_of) == status))


def suppliers(net: Network, to: str, restricted: bool = False,
              as_of: str | None = None) -> Answer:
    """Return the vendors supplying a group's members (or one country), most countries first.

    At an as-of date, memberships, supply links and restrictions not known to hold then
    (undated, or recorded at another date) are not counted: they are listed apart
    (`Answer.apart` and a note each; see kg.analysis.when).
    """
    group = resolve_group(net, to)
    members = group.members(checked(as_of))
    by_vendor: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    unknown: dict[tuple[str, str], dict[str, When]] = defaultdict(dict)
    for vendor, country, claim, attrs in all_supply_links(net):
        dated = when(net, claim, attrs)
        status = COUNTS if as_of is None else dated.status(as_of)
        if country not in members:
            continue
        if status == COUNTS and claim not in by_vendor[vendor][country]:
            by_vendor[vendor][country].append(claim)
        elif status == APART:
            unknown[vendor, country][claim] = dated
    rows, restrictions_apart = [], []
    for vendor, countries in by_vendor.items():
        listings = restrictions_on(net, vendor, as_of)
        if restricted and not listings:
            restrictions_apart += [apart_item("restriction", net.label(r), [r, vendor],
                                              {r: when(net, r)}, as_of)
                                   for r in restrictions_on(net, vendor, as_of, status=APART)]
            continue
        rows.append(_row(net, vendor, countries, listings if restricted else None, as_of))
    rows.sort(key=lambda r: (-r["countries"], r["vendor"].lower()))
    links_apart = [apart_item("supply", f"{net.label(vendor)} -> {net.label(country)}",
                              [vendor, country], claims, as_of)
                   for (vendor, country), claims in sorted(unknown.items())
                   if country not in by_vendor.get(vendor, {})]
    members_apart = [apart_item("membership", net.label(country), [country, group.id],
                                dict(claims), as_of)
                     for country, claims in group.apart(as_of).items()]
    title = (f"{'Restricted vendors' if restricted else 'Vendors'} supplying "
             + (f"members of {group.label}" if group.kind == "initiative" else group.label)
             + (f" as of {as_of}" if as_of else "")
             + f" ({len(members)} {'country' if len(members) == 1 else 'countries'})")
    notes = [] if rows else not_known(net, sorted(members) + [group.id], "supply",
                                      f"supplier {'under restriction ' if restricted else ''}"
                                      f"recorded for {group.label}")
    notes += (apart_notes(members_apart, "membership")
              + apart_notes(links_apart, "supply link")
              + apart_notes(restrictions_apart, "restriction"))
    columns = (COLUMNS[:4] + (["restrictions"] if restricted else [])
               + (["dates used"] if as_of else []) + ["sources"])
    return Answer("suppliers", title, columns, rows, notes,
                  apart=members_apart + links_apart + restrictions_apart,
                  explain={"operation": "suppliers", "group": group.id, "group kind": group.kind,
                           "members": len(members), "restricted": restricted, "as of": as_of})


def _row(net: Network, vendor: str, countries: dict[str, list[str]],
         listings: list[str] | None, as_of: str | None) -> dict:
    """One vendor's row: its countries, with the evidence and dates of the claims counted."""
    evidence, technologies, dated = [], set(), {}
    for country, claims in sorted(countries.items()):
        for claim in sorted(claims):
            evidence += claim_evidence(net, claim, country=net.label(country))
            technologies.update(net.claims.get(claim, {}).get("technologies", []))
            dated[claim] = when(net, claim)
    for listing in listings or []:
        evidence += claim_evidence(net, listing, restriction=net.label(listing))
    row = {"vendor": net.label(vendor), "countries": len(countries),
           "country names": sorted(net.label(c) for c in countries),
           "technologies": sorted(net.concept(t) for t in technologies),
           "sources": sources_of(evidence), "entity": entity(net, vendor),
           "country ids": sorted(countries), "evidence": evidence, **dates_used(dated, as_of)}
    if listings is not None:
        row["restrictions"] = list(dict.fromkeys(net.label(r) for r in listings))
    return row
