"""Which sources agree: for a vendor-country pair, a country or a vendor, the sources that assert
each supply link, how many independent publishers they come from, and which sources cover the
country without naming the vendor.

Editions of one tracker (AIGS 2019, 2020, 2022) are separate sources but one publisher, so they
count once as independent. A source "covers" a country when it has any claim about it (a supply,
a technology used, an observation): an index edition that covers Uganda and names no Hikvision
is a disagreement with one that does, not silence.

>>> from kg.analysis.network import Network
>>> net = Network.from_dict({"nodes": [{"id": "org/a", "label": "Acme", "kind": "company"},
...     {"id": "country/UGA", "label": "Uganda", "kind": "country"}],
...     "edges": [{"u": "org/a", "v": "country/UGA", "kind": "supply", "verb": "supplies",
...                "claim": "supply/x"}],
...     "claims": {"supply/x": {"kind": "supply", "evidence": [{"source": "source/s1", "row": "r"}]},
...                "observation/o": {"kind": "observation", "about": ["country/UGA"],
...                                  "evidence": [{"source": "source/s2", "row": "r"}]}},
...     "sources": {"source/s1": {"title": "Index 2019", "publisher": "P", "kind": "dataset"},
...                 "source/s2": {"title": "Index 2022", "publisher": "P", "kind": "dataset"}}})
>>> answer = agreement(net, "Acme", "Uganda")
>>> [r["source"] for r in answer.rows], answer.notes
(['source/s1'], ['covers Uganda without naming Acme: source/s2 (Index 2022)'])
"""
from __future__ import annotations

from collections import defaultdict

from kg.analysis.answers import Answer, claim_evidence, entity, not_known
from kg.analysis.network import Network
from kg.analysis.resolve import resolve
from kg.analysis.suppliers import supply_links

PAIR_COLUMNS = ["source", "title", "publisher", "date", "evidence kinds", "claims"]
COUNTRY_COLUMNS = ["vendor", "sources", "publishers", "not named by"]
VENDOR_COLUMNS = ["country", "sources", "publishers", "not named by"]


def _links(net: Network) -> dict[tuple[str, str], dict[str, list[str]]]:
    """(vendor, country) -> source -> the claims citing it."""
    found: dict = defaultdict(lambda: defaultdict(list))
    for vendor, country, claim in supply_links(net):
        for item in net.claims.get(claim, {}).get("evidence", []):
            if claim not in found[(vendor, country)][item["source"]]:
                found[(vendor, country)][item["source"]].append(claim)
    return found


def coverage(net: Network) -> dict[str, set[str]]:
    """country -> the sources with any claim about it (supply, technology use, observation)."""
    covers: dict[str, set[str]] = defaultdict(set)
    for _, country, claim in supply_links(net):
        covers[country] |= {e["source"] for e in net.claims.get(claim, {}).get("evidence", [])}
    for claim in net.claims.values():
        for subject in claim.get("about", []):
            if subject.startswith("country/"):
                covers[subject] |= {e["source"] for e in claim.get("evidence", [])}
    return covers


def publishers(net: Network, sources) -> set[str]:
    """The independent publishers of some sources (a source without one stands for itself)."""
    return {net.sources.get(s, {}).get("publisher") or s for s in sources}


def _silent(net: Network, country: str, asserting: set[str], covers: dict) -> list[str]:
    """The datasets that cover the country but do not assert the link (documents are left out:
    an article about one deal says nothing of other vendors)."""
    return sorted(s for s in covers.get(country, set()) - asserting
                  if net.sources.get(s, {}).get("kind") == "dataset")


def agreement(net: Network, name: str, country: str | None = None) -> Answer:
    """Return the sources behind a vendor-country pair, or per vendor of a country, or per
    country of a vendor, with the datasets that cover the country but name no such link."""
    node = resolve(net, name)
    links, covers = _links(net), coverage(net)
    if country is not None or net.kind(node) != "country":
        vendor = node
        if country is None:
            return _summary(net, vendor, links, covers, side="country")
        place = resolve(net, country, kinds=("country",), what="country")
        return _pair(net, vendor, place, links, covers)
    return _summary(net, node, links, covers, side="vendor")


def _pair(net, vendor, country, links, covers) -> Answer:
    by_source = links.get((vendor, country), {})
    rows = []
    for source, claims in sorted(by_source.items()):
        info = net.sources.get(source, {})
        evidence = [e for c in claims for e in claim_evidence(net, c)]
        kinds = sorted({e.get("kind") or ("row" if e.get("row") else "quote" if e.get("quote")
                                          else "summary") for e in evidence})
        rows.append({"source": source, "title": info.get("title"),
                     "publisher": info.get("publisher"), "date": info.get("date"),
                     "evidence kinds": kinds, "claims": claims, "evidence": evidence,
                     "entity": {"id": source, "label": info.get("title"), "kind": "source"}})
    silent = _silent(net, country, set(by_source), covers)
    notes = ([f"covers {net.label(country)} without naming {net.label(vendor)}: "
              + ", ".join(f"{s} ({net.sources.get(s, {}).get('title')})" for s in silent)]
             if silent else [])
    if not rows:
        notes += not_known(net, [vendor, country], "supply",
                           f"supply of {net.label(country)} by {net.label(vendor)}")
    count = len(publishers(net, by_source))
    title = (f"{net.label(vendor)} in {net.label(country)}: {len(rows)} source(s), "
             f"{count} independent publisher(s)")
    return Answer("sources", title, PAIR_COLUMNS, rows, notes,
                  explain={"operation": "sources", "vendor": vendor, "country": country})


def _summary_rows(net, pairs, covers, key, label_of):
    rows = []
    for (vendor, country), by_source in pairs:
        silent = _silent(net, country, set(by_source), covers)
        evidence = [e for claims in by_source.values() for c in claims
                    for e in claim_evidence(net, c)]
        other = vendor if key == "vendor" else country
        rows.append({key: label_of(other), "sources": sorted(by_source),
                     "publishers": len(publishers(net, by_source)), "not named by": silent,
                     "entity": entity(net, other), "evidence": evidence})
    rows.sort(key=lambda r: (-r["publishers"], -len(r["sources"]), r[key]))
    return rows


def _summary(net, node, links, covers, side: str) -> Answer:
    """One row per vendor of a country (side "vendor") or per country of a vendor ("country")."""
    mine = 1 if side == "vendor" else 0  # where `node` sits in a (vendor, country) pair
    pairs = [(pair, s) for pair, s in links.items() if pair[mine] == node]
    rows = _summary_rows(net, pairs, covers, side, net.label)
    what = "supplier" if side == "vendor" else "customer"
    notes = [] if rows else not_known(net, [node], "supply", f"{what} of {net.label(node)}")
    title = (f"Sources per vendor supplying {net.label(node)}" if side == "vendor"
             else f"Sources per country {net.label(node)} supplies")
    return Answer("sources", f"{title}: {len(rows)}",
                  COUNTRY_COLUMNS if side == "vendor" else VENDOR_COLUMNS, rows, notes,
                  explain={"operation": "sources",
                           ("country" if side == "vendor" else "vendor"): node})
