"""The vendors that supplied one buyer (an agency or a company), or one deal, with evidence.

`kg suppliers` answers for countries; a question about "the Punjab Safe Cities Authority" or
"Uganda's Chieftaincy of Military Intelligence" names a buyer inside a country. A vendor
supplied a buyer when a supply claim names the buyer (vendor -> buyer) or a deal the buyer
bought names the vendor as supplier or contractor (vendor -> deal -> bought by buyer). For a
deal, its suppliers and contractors.

>>> from kg.analysis.network import Network
>>> net = Network.from_dict({"nodes": [{"id": "org/a", "label": "A", "kind": "company"},
...     {"id": "org/p", "label": "Police", "kind": "agency"},
...     {"id": "deal/d", "label": "D", "kind": "deal"}],
...     "edges": [{"u": "org/a", "v": "deal/d", "kind": "supply", "verb": "supplies",
...                "claim": "deal/d"},
...               {"u": "deal/d", "v": "org/p", "kind": "supply", "verb": "bought by",
...                "claim": "deal/d"}]})
>>> [(r["vendor"], r["deals"]) for r in supplied_to(net, "org/p").rows]
[('A', ['D'])]
"""
from __future__ import annotations

from collections import defaultdict

from kg.analysis.answers import Answer, claim_evidence, entity, not_known, sources_of
from kg.analysis.network import Network
from kg.analysis import strength as strengths_
from kg.analysis.when import APART, COUNTS, When, apart_item, apart_notes, checked, dates_used, when

COLUMNS = ["vendor", "role", "strength", "deals", "technologies", "sources"]
# How a vendor's edge to a deal reads in a row.
ROLES = {"supplies": "supplier", "contractor for": "contractor"}


def supplied_to(net: Network, node: str | list[str], as_of: str | None = None,
                strengths: frozenset[str] | None = None) -> Answer:
    """Return the vendors that supplied a buyer (agency or company) or a deal (or several
    deals: one project's records), strongest claim first, then A to Z; at an as-of date,
    claims not known to hold then are apart."""
    nodes = [node] if isinstance(node, str) else list(node)
    node = nodes[0]
    # (vendor) -> {"claims": set, "deals": set, "roles": set}
    found: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    unknown: dict[str, dict[str, When]] = defaultdict(dict)
    left_out: set[str] = set()
    for vendor, target, attrs in (link for n in nodes for link in _links(net, n)):
        claim = attrs["claim"]
        if not strengths_.keeps(net, claim, strengths):
            left_out.add(claim)
            continue
        dated = when(net, claim, attrs)
        status = COUNTS if checked(as_of) is None else dated.status(as_of)
        if status == APART:
            unknown[vendor][claim] = dated
        if status != COUNTS:
            continue
        found[vendor]["claims"].add(claim)
        found[vendor]["roles"].add(ROLES.get(attrs["verb"], "supplier"))
        if net.kind(target) == "deal":
            found[vendor]["deals"].add(target)
    rows = []
    for vendor, parts in found.items():
        claims = sorted(parts["claims"])
        evidence = [e for c in claims
                    for e in claim_evidence(net, c, strength=strengths_.describe(net, c))]
        technologies = {t for c in claims for t in net.claims.get(c, {}).get("technologies", [])}
        rows.append({"vendor": net.label(vendor), "role": sorted(parts["roles"]),
                     "strength": strengths_.summary(net, claims),
                     "strength rank": strengths_.strongest(net, claims),
                     "deals": sorted(net.label(d) for d in parts["deals"]),
                     "technologies": sorted(net.concept(t) for t in technologies),
                     "sources": sources_of(evidence), "entity": entity(net, vendor),
                     "evidence": evidence,
                     **dates_used({c: when(net, c) for c in claims}, as_of)})
    rows.sort(key=lambda r: (r["strength rank"], r["vendor"].lower()))
    apart = [apart_item("supply", net.label(vendor), [vendor, node], claims, as_of)
             for vendor, claims in sorted(unknown.items()) if vendor not in found]
    notes = strengths_.filter_note(net, strengths, len(left_out))
    names = " / ".join(net.label(n) for n in nodes)
    notes += [] if rows else not_known(net, nodes, "supply", f"supplier recorded for {names}")
    notes += apart_notes(apart, "vendor")
    what = "deal" if net.kind(node) == "deal" else "buyer"
    columns = COLUMNS[:5] + (["dates used"] if as_of else []) + ["sources"]
    return Answer("supplied-to", f"Vendors that supplied {names}"
                  + (f" as of {as_of}" if as_of else "") + f": {len(rows)}",
                  columns, rows, notes, apart=apart,
                  explain={"operation": "supplied-to", what: nodes, "as of": as_of,
                           "strength": sorted(strengths) if strengths is not None else None,
                           "method": "supply edges vendor -> buyer, vendor -> deal bought by "
                                     "the buyer" if what == "buyer" else
                                     "the deal's supplier and contractor edges"})


def _links(net: Network, node: str):
    """Yield (vendor, target, edge attrs) for each supply edge that reaches the node: directly
    (a supply claim naming it as buyer, or a deal's supplier), or through a deal it bought."""
    deals = [node] if net.kind(node) == "deal" else [
        d for d, _, verb in net.graph.in_edges(node, data="verb") if verb == "bought by"]
    if net.kind(node) != "deal":
        for vendor, _, attrs in net.graph.in_edges(node, data=True):
            if attrs["kind"] == "supply" and attrs["verb"] == "supplies":
                yield vendor, node, attrs
    for deal in deals:
        for vendor, _, attrs in net.graph.in_edges(deal, data=True):
            if attrs["kind"] == "supply" and attrs["verb"] in ROLES:
                yield vendor, deal, attrs


def is_buyer(net: Network, node: str) -> bool:
    """True when a supply claim or a deal names the node as its buyer."""
    return any(attrs["kind"] == "supply" and attrs["verb"] in ("supplies", "bought by")
               for _, _, attrs in net.graph.in_edges(node, data=True))
