"""Vendors listed per country, per source edition: how many distinct vendors each dataset
edition lists as supplying a country (`kg rank --by concentration`).

An edition is a dataset that supply and deal claims cite by row (the AIGS index of 2019, 2020
and 2022; the spyware inventory; Privacy International's transfers). A vendor counts once per
country and edition, however many rows or claims name the pair there. Editions of one tracker
(kg.analysis.trackers) stay rows of their own, never added up: the same listing repeated in
three editions is one relation in each, not three. Claims citing only documents (articles,
reports) are not counted: a document reports a deal, it does not list a country's vendors.

No share and no HHI: an index lists who supplies a country, not how much, so a vendor's
"share" of listings is no market share and no source measured one. The count is what a source
says: "in carnegie-aigs-2022, 4 vendors are listed for Kenya".

>>> from kg.analysis.network import Network
>>> net = Network.from_dict({"nodes": [{"id": "org/a", "label": "A", "kind": "company"},
...     {"id": "org/b", "label": "B", "kind": "company"},
...     {"id": "country/KEN", "label": "Kenya", "kind": "country"}], "edges": [
...     {"u": v, "v": "country/KEN", "kind": "supply", "verb": "supplies", "claim": c}
...     for v, c in (("org/a", "s/a19"), ("org/a", "s/a22"), ("org/b", "s/b22"))],
...     "claims": {c: {"kind": "supply", "evidence": [{"source": s, "row": "country=Kenya"}]}
...                for c, s in (("s/a19", "source/i19"), ("s/a22", "source/i22"),
...                             ("s/b22", "source/i22"))},
...     "sources": {"source/i19": {"date": "2019"}, "source/i22": {"date": "2022",
...                                                                 "version_of": "source/i19"}}})
>>> [(r["edition"], r["vendors listed"], r["vendor names"]) for r in listed_vendors(net)]
[('i19', 1, ['A']), ('i22', 2, ['A', 'B'])]
"""
from __future__ import annotations

from collections import defaultdict

from kg.analysis.answers import claim_evidence, entity
from kg.analysis.network import Network
from kg.analysis.suppliers import supply_links
from kg.analysis.trackers import tracker

COLUMNS = ["country", "edition", "recorded", "vendors listed", "vendor names"]
TITLE = ("Vendors listed per country, per source edition, fewest first (a count of the vendors "
         "an edition lists, not sales or market share)")
MEASURE = ("Counts, per country and per dataset edition citing it by row, the distinct vendors "
           "that edition lists as supplying it (one each, however many rows); editions of one "
           "tracker stay apart, never added; claims citing only documents are not counted; no "
           "share or HHI: no source measured sales")

NONE = ("not recorded: no dataset edition lists a vendor for any country (claims citing only "
        "documents are not counted here; kg suppliers lists them); unknown is not no")


def listed_vendors(net: Network) -> list[dict]:
    """Return one row per (country, edition): the distinct vendors the edition lists there,
    fewest first, then by country and edition date; each row cites the edition's rows."""
    found: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for vendor, country, claim in supply_links(net):
        for item in net.claims.get(claim, {}).get("evidence", []):
            if item.get("row"):
                found[(country, item["source"])][vendor].add(claim)
    rows = [_row(net, country, edition, vendors)
            for (country, edition), vendors in found.items()]
    rows.sort(key=lambda r: (r["vendors listed"], r["country"], r["recorded"], r["edition"]))
    return rows


def edition_name(source: str) -> str:
    """Return how answers name an edition: its source id without 'source/'."""
    return source.removeprefix("source/")


def _row(net: Network, country: str, edition: str, vendors: dict[str, set[str]]) -> dict:
    evidence = [item for vendor in sorted(vendors, key=net.label)
                for claim in sorted(vendors[vendor])
                for item in claim_evidence(net, claim, vendor=net.label(vendor),
                                           country=net.label(country))
                if item["source"] == edition and item.get("row")]
    return {"country": net.label(country), "edition": edition_name(edition),
            "recorded": net.sources.get(edition, {}).get("date") or "undated",
            "vendors listed": len(vendors), "vendor names": sorted(map(net.label, vendors)),
            "tracker": edition_name(tracker(net, edition)),
            "title": net.sources.get(edition, {}).get("title"),
            "entity": entity(net, country), "evidence": evidence}
