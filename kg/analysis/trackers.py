"""Trackers: which sources are one voice, what a tracker covers, and when it is silent on a link.

A tracker is a dataset with its editions: a source that is a version of another
(`version_of`, dcterms:isVersionOf) belongs to the tracker of the first edition, so AIGS 2019,
2020 and 2022 are one tracker and count once. Documents (articles, reports) count once per
publisher: two stories of one outlet are one voice. Two trackers of one publisher (Carnegie's
AI surveillance index and its spyware inventory) are two trackers: they record different things.

A tracker is silent on a vendor-country link when one of its editions has rows for the country
and the tracker names the vendor somewhere, yet that edition does not list the link. An index
of AI surveillance that never names a spyware firm is not silent about it: it does not track it.

>>> from kg.analysis.network import Network
>>> net = Network.from_dict({"sources": {"source/i19": {"kind": "dataset"},
...     "source/i22": {"kind": "dataset", "version_of": "source/i19"},
...     "source/a": {"kind": "article", "publisher": "Times"},
...     "source/b": {"kind": "article", "publisher": "Times"}}})
>>> tracker(net, "source/i22"), sorted(independent(net, ["source/i19", "source/i22", "source/a",
...                                                       "source/b"]))
('source/i19', ['Times', 'source/i19'])
"""
from __future__ import annotations

from collections import defaultdict

from kg.analysis.network import Network
from kg.analysis.suppliers import all_supply_links


def tracker(net: Network, source: str) -> str:
    """Return the first edition of a source's version chain (the source itself when none)."""
    seen = {source}
    while (earlier := net.sources.get(source, {}).get("version_of")) and earlier not in seen:
        source = earlier
        seen.add(source)
    return source


def voice(net: Network, source: str) -> str:
    """Return what a source counts as when counting independent sources: its tracker for a
    dataset, its publisher (else itself) for a document."""
    info = net.sources.get(source, {})
    if info.get("kind") == "dataset":
        return tracker(net, source)
    return info.get("publisher") or tracker(net, source)


def independent(net: Network, sources) -> set[str]:
    """Return the independent voices among some sources (editions of a tracker are one)."""
    return {voice(net, s) for s in sources}


def is_dataset(net: Network, source: str) -> bool:
    return net.sources.get(source, {}).get("kind") == "dataset"


def coverage(net: Network) -> dict[str, set[str]]:
    """country -> the sources with any claim about it (supply, technology use, observation)."""
    return _index(net)[0]


def vendors_named(net: Network) -> dict[str, set[str]]:
    """tracker -> the vendors any of its editions names as supplier, anywhere."""
    return _index(net)[1]


def silent(net: Network, vendor: str, country: str, asserting) -> list[str]:
    """Return the datasets silent on a link: rows for the country, the vendor named by their
    tracker, the link not listed (documents are left out: an article about one deal says
    nothing of other vendors)."""
    covers, named = _index(net)
    return sorted(s for s in covers.get(country, set()) - set(asserting)
                  if is_dataset(net, s) and vendor in named.get(tracker(net, s), set()))


def _index(net: Network) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(coverage, vendors named), computed once per network (kept on it, as resolve's index)."""
    cached = getattr(net, "_tracker_index", None)
    if cached is not None:
        return cached
    covers: dict[str, set[str]] = defaultdict(set)
    named: dict[str, set[str]] = defaultdict(set)
    for vendor, country, claim, _ in all_supply_links(net):
        sources = {e["source"] for e in net.claims.get(claim, {}).get("evidence", [])}
        covers[country] |= sources
        for source in sources:
            named[tracker(net, source)].add(vendor)
    for claim in net.claims.values():
        for subject in claim.get("about", []):
            if subject.startswith("country/"):
                covers[subject] |= {e["source"] for e in claim.get("evidence", [])}
        if claim.get("strength") and claim.get("country"):  # export licences have no edge
            covers[claim["country"]] |= {e["source"] for e in claim.get("evidence", [])}
    net._tracker_index = (dict(covers), dict(named))  # type: ignore[attr-defined]
    return net._tracker_index  # type: ignore[attr-defined]
