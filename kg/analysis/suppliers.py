"""Vendors supplying a group of countries (an initiative, a category, one country), with evidence.

A vendor supplies a country when a supply claim names it as supplier (vendor -> country) or a
deal in that country names it as supplier or contractor (vendor -> deal -> country). Vendors are
listed by strength (sk:strengthRank of their strongest claim counted), then by countries; an
export licence names no vendor, so it has a row of its own ("export licence from ...").

>>> from kg.analysis.network import Network
>>> net = Network.from_dict({"nodes": [
...     {"id": "org/a", "label": "A", "kind": "company"},
...     {"id": "country/KEN", "label": "Kenya", "kind": "country"}],
...     "edges": [{"u": "org/a", "v": "country/KEN", "kind": "supply", "verb": "supplies",
...                "claim": "supply/x"}], "claims": {"supply/x": {"evidence": []}}})
>>> [(r["entity"]["id"], r["countries"], r["strength"]) for r in suppliers(net, "Kenya").rows]
[('org/a', 1, ['strength not recorded'])]
"""
from __future__ import annotations

from collections import defaultdict

from kg.analysis.answers import Answer, claim_evidence, entity, not_known, sources_of
from kg.analysis.groups import Group, resolve_group
from kg.analysis.network import Network
from kg.analysis.resolve import NotInGraph, resolve
from kg.analysis.restrictions import instrument
from kg.analysis import strength as strengths_
from kg.analysis.technology import technology as technology_of
from kg.analysis.when import APART, COUNTS, When, apart_item, apart_notes, checked, dates_used, when

COLUMNS = ["vendor", "strength", "countries", "country names", "technologies", "sources"]


def all_supply_links(net: Network, strengths: frozenset[str] | None = None):
    """Yield (vendor, country, claim, edge) for every supply and deal claim, at any date (of
    the given strengths only, when given: see kg.analysis.strength)."""
    for link in _supply_links(net):
        if strengths_.keeps(net, link[2], strengths):
            yield link


def _supply_links(net: Network) -> list[tuple[str, str, str, dict]]:
    """Return (vendor, country, claim, edge) for every supply and deal claim, found once per
    network (kept in net.__dict__, as kg.analysis.path_search.hops_from keeps its hops): the
    walk over every edge of the graph was a fifth of `kg suppliers` at 1M triples."""
    links = net.__dict__.get("_supply_links")
    if links is None:
        links = []
        for u, v, attrs in net.graph.edges(data=True):
            if attrs["kind"] != "supply":
                continue
            if attrs["verb"] == "supplies" and net.kind(v) == "country":
                links.append((u, v, attrs["claim"], attrs))
            elif attrs["verb"] in ("supplies", "contractor for") and net.kind(v) == "deal":
                links += [(u, country, attrs["claim"], attrs)
                          for _, country, deal_attrs in net.graph.out_edges(v, data=True)
                          if deal_attrs["verb"] == "in"]
        net.__dict__["_supply_links"] = links
    return links


def supply_links(net: Network, as_of: str | None = None,
                 strengths: frozenset[str] | None = None):
    """Yield (vendor, country, claim) for every supply and deal claim (counted at as_of)."""
    for u, country, claim, attrs in all_supply_links(net, strengths):
        if as_of is None or when(net, claim, attrs).status(as_of) == COUNTS:
            yield u, country, claim


def restrictions_on(net: Network, node: str, as_of: str | None = None,
                    status: str = COUNTS) -> list[str]:
    """Return the restriction nodes listing `node` (of that status at as_of, when given)."""
    return sorted(r for r, _, attrs in net.graph.in_edges(node, data=True)
                  if attrs["kind"] == "restriction" and attrs["verb"] == "lists"
                  and (as_of is None or when(net, r, attrs).status(as_of) == status))


def suppliers(net: Network, to: str | None, restricted: bool = False, as_of: str | None = None,
              strengths: frozenset[str] | None = None, technology: str | None = None,
              listed_on: str | None = None, origin: str | None = None) -> Answer:
    """Return the vendors supplying a group's members (or one country), strongest first.

    Vendors are ordered by the rank of their strongest claim counted (sk:strengthRank), then
    most countries first. Export licences (no supplier named) follow as rows of their own,
    one per exporting state. `strengths` (kg.analysis.strength.parse_filter) and `technology`
    (a name or notation) keep only the claims they match, before counting. `listed_on` (an
    instrument's name, e.g. "Entity List") keeps only vendors listed on it, and implies
    `restricted`. `origin` (a country's name) keeps only vendors based there (sk:homeCountry);
    `to` None means every country of the graph.

    At an as-of date, memberships, supply links and restrictions not known to hold then
    (undated, or recorded at another date) are not counted: they are listed apart
    (`Answer.apart` and a note each; see kg.analysis.when).
    """
    group = resolve_group(net, to) if to is not None else _anywhere(net)
    members = group.members(checked(as_of))
    home = resolve(net, origin, kinds=("country",), what="country") if origin else None
    based = ({u for u, _, kind in net.graph.in_edges(home, data="kind") if kind == "home"}
             if home is not None else set())
    # Several notations (a tuple) when one word names several ("interception": lawful and
    # off-air interception): a claim naming any of them counts.
    if isinstance(technology, str) and "," in technology:   # "a,b" from the command line
        technology = tuple(_technology(net, n.strip()) for n in technology.split(","))
    notations = tuple(technology) if isinstance(technology, (tuple, list)) else (
        (_technology(net, technology),) if technology else ())
    notation = notations[0] if notations else None
    list_notation = instrument(net, listed_on) if listed_on else None
    restricted = restricted or list_notation is not None
    by_vendor: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    unknown: dict[tuple[str, str], dict[str, When]] = defaultdict(dict)
    left_out: set[str] = set()
    links = [(vendor, country, claim, attrs, True) for vendor, country, claim, attrs
             in all_supply_links(net) if country in members]
    links += [(f"licence:{exporting}", country, claim, {}, False) for exporting, country, claim
              in strengths_.licences(net) if country in members and not restricted]
    for vendor, country, claim, attrs, _named in links:
        if not strengths_.keeps(net, claim, strengths):
            left_out.add(claim)
            continue
        if notations and not set(notations) & set(net.claims.get(claim, {}).get("technologies", [])):
            continue
        dated = None if as_of is None else when(net, claim, attrs)  # all count at no date
        status = COUNTS if dated is None else dated.status(as_of)
        if status == COUNTS and claim not in by_vendor[vendor][country]:
            by_vendor[vendor][country].append(claim)
        elif status == APART:
            unknown[vendor, country][claim] = dated
    rows, restrictions_apart = [], []
    for vendor, countries in by_vendor.items():
        if home is not None and vendor not in based:
            continue  # an export licence names no vendor, so no vendor's home either
        if vendor.startswith("licence:"):
            rows.append(_row(net, vendor, countries, None, as_of))
            continue
        listings = _on(net, restrictions_on(net, vendor, as_of), list_notation)
        if restricted and not listings:
            restrictions_apart += [apart_item("restriction", net.label(r), [r, vendor],
                                              {r: when(net, r)}, as_of)
                                   for r in _on(net, restrictions_on(net, vendor, as_of,
                                                                     status=APART), list_notation)]
            continue
        rows.append(_row(net, vendor, countries, listings if restricted else None, as_of))
    # Vendors by strength, then as before; licences last: they name no vendor.
    rows.sort(key=lambda r: (r["entity"]["kind"] == "export licence", r["strength rank"],
                             -r["countries"], r["vendor"].lower()))
    links_apart = [apart_item("supply", f"{_name(net, vendor)} -> {net.label(country)}",
                              [vendor.removeprefix("licence:"), country], claims, as_of)
                   for (vendor, country), claims in sorted(unknown.items())
                   if country not in by_vendor.get(vendor, {})]
    members_apart = [apart_item("membership", net.label(country), [country, group.id],
                                dict(claims), as_of)
                     for country, claims in group.apart(as_of).items()]
    who = (f"Vendors based in {net.label(home)}" if home else "") or (f"Vendors on the {net.concept(list_notation)}" if list_notation
           else "Restricted vendors" if restricted else "Vendors")
    title = (f"{who} supplying "
             + (f"{' or '.join(net.concept(n) for n in notations)} to " if notations else "")
             + (f"members of {group.label}" if group.kind == "initiative" else group.label)
             + (f" as of {as_of}" if as_of else "")
             + f" ({len(members)} {'country' if len(members) == 1 else 'countries'})")
    notes = ([group.note] if group.note else []) + strengths_.filter_note(net, strengths,
                                                                          len(left_out))
    if notations:
        notes.append(f"only claims that name the technology "
                     f"{' or '.join(net.concept(n) for n in notations)}; a claim "
                     "that names no technology (an index listing) is not counted")
    if not rows:
        notes += not_known(net, sorted(members) + [group.id], "supply",
                           f"supplier {'under restriction ' if restricted else ''}"
                           + (f"on the {net.concept(list_notation)} " if list_notation else "")
                           + f"recorded for {group.label}"
                           + (" of the strengths asked for" if strengths is not None else ""))
    notes += (apart_notes(members_apart, "membership")
              + apart_notes(links_apart, "supply link")
              + apart_notes(restrictions_apart, "restriction"))
    columns = (COLUMNS[:5] + (["restrictions"] if restricted else [])
               + (["dates used"] if as_of else []) + ["sources"])
    return Answer("suppliers", title, columns, rows, notes,
                  apart=members_apart + links_apart + restrictions_apart,
                  explain={"operation": "suppliers", "group": group.id, "group kind": group.kind,
                           "members": len(members), "restricted": restricted, "as of": as_of,
                           "listed on": list_notation, "origin": home,
                           "strength": sorted(strengths) if strengths is not None else None,
                           "technology": list(notations) if len(notations) > 1 else notation,
                           "order": "strongest claim first (sk:strengthRank), then most "
                                    "countries; export licences last"})


def _anywhere(net: Network) -> Group:
    """Return the group of every country of the graph (a question that names no buyer)."""
    return Group("anywhere", "any country", "category",
                 {c: [(c, {})] for c in net.nodes_of("country")})


def _on(net: Network, listings: list[str], notation: str | None) -> list[str]:
    """Return the listings under one instrument (all of them when none is asked for)."""
    return [r for r in listings
            if notation is None or net.claims.get(r, {}).get("instrument") == notation]


def _technology(net: Network, name: str | None) -> str | None:
    """Return the notation a technology filter names; an unknown one is an error (exit 2)."""
    if name is None:
        return None
    notation = technology_of(net, name)
    if notation is None:
        raise NotInGraph(name, [], f"no claim names the technology '{name}'")
    return notation


def _name(net: Network, vendor: str) -> str:
    """Return a vendor's label, or the text an export licence shows in its place."""
    if vendor.startswith("licence:"):
        return strengths_.licence_text(net, vendor.removeprefix("licence:"))
    return net.label(vendor)


def _row(net: Network, vendor: str, countries: dict[str, list[str]],
         listings: list[str] | None, as_of: str | None) -> dict:
    """One vendor's row (or one exporting state's licences): its countries, with the strength,
    evidence and dates of the claims counted."""
    evidence, technologies, dated = [], set(), {}
    claims = [c for found in countries.values() for c in found]
    for country, found in sorted(countries.items()):
        for claim in sorted(found):
            evidence += claim_evidence(net, claim, country=net.label(country),
                                       strength=strengths_.describe(net, claim))
            technologies.update(net.claims.get(claim, {}).get("technologies", []))
            dated[claim] = when(net, claim)
    for listing in listings or []:
        evidence += claim_evidence(net, listing, restriction=net.label(listing))
    licence = vendor.startswith("licence:")
    node = vendor.removeprefix("licence:")
    row = {"vendor": _name(net, vendor), "strength": strengths_.summary(net, claims),
           "strength rank": strengths_.strongest(net, claims), "countries": len(countries),
           "country names": sorted(net.label(c) for c in countries),
           "technologies": sorted(net.concept(t) for t in technologies),
           "sources": sources_of(evidence),
           "entity": ({**entity(net, node), "kind": "export licence"} if licence
                      else entity(net, vendor)),
           "country ids": sorted(countries), "evidence": evidence, **dates_used(dated, as_of)}
    if listings is not None:
        row["restrictions"] = list(dict.fromkeys(net.label(r) for r in listings))
    return row
