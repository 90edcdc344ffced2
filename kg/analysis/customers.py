"""The customers of a vendor: countries it supplies, with the buyers and deals a source names.

>>> from kg.analysis.network import Network
>>> net = Network.from_dict({"nodes": [{"id": "org/a", "label": "A", "kind": "company"},
...     {"id": "country/KEN", "label": "Kenya", "kind": "country"}],
...     "edges": [{"u": "org/a", "v": "country/KEN", "kind": "supply", "verb": "supplies",
...                "claim": "supply/x"}]})
>>> [r["country"] for r in customers(net, "A").rows]
['Kenya']
"""
from __future__ import annotations

from collections import defaultdict

from kg.analysis.answers import Answer, claim_evidence, entity, not_known, sources_of
from kg.analysis.network import Network
from kg.analysis.resolve import resolve
from kg.analysis import strength as strengths_
from kg.analysis.when import APART, COUNTS, When, apart_item, apart_notes, checked, dates_used, when

COLUMNS = ["country", "strength", "buyers", "deals", "technologies", "sources"]


def customers(net: Network, vendor: str, as_of: str | None = None,
              strengths: frozenset[str] | None = None,
              technology: str | tuple[str, ...] | None = None) -> Answer:
    """Return the countries a vendor supplies (directly or through deals), strongest claim
    first (sk:strengthRank), then A to Z; only claims of the given strengths, when given.

    At an as-of date, a country only undated claims or claims recorded at another date name is
    not counted: it is listed apart (`Answer.apart` and a note; see kg.analysis.when).
    `technology` (a notation, or a tuple of them) keeps only the claims that name it (any).
    """
    node = resolve(net, vendor, kinds=("company", "org", "agency", "lender", "listed-party"),
                   what="vendor")
    # One notation, or several (a word that names several technologies): any of them counts.
    wanted = set(technology) if isinstance(technology, (tuple, list)) else (
        {technology} if technology else set())
    by_country: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    unknown: dict[str, dict[str, When]] = defaultdict(dict)
    left_out = set()
    named: dict[str, set[str]] = defaultdict(set)   # supply claim -> the buyers it names
    for _, target, attrs in net.graph.out_edges(node, data=True):
        if attrs["kind"] != "supply":
            continue
        if not strengths_.keeps(net, attrs["claim"], strengths):
            left_out.add(attrs["claim"])
            continue
        if wanted and not wanted & set(net.claims.get(attrs["claim"], {}).get(
                "technologies", [])):
            continue
        claim, dated = attrs["claim"], when(net, attrs["claim"], attrs)
        status = COUNTS if checked(as_of) is None else dated.status(as_of)
        if status == APART:
            for country in _countries(net, target):
                unknown[country][claim] = dated
        if status != COUNTS:
            continue
        if net.kind(target) == "country":
            by_country[target]["claims"].add(claim)
        elif net.kind(target) == "deal":
            for _, end, deal_attrs in net.graph.out_edges(target, data=True):
                if deal_attrs["verb"] == "in":
                    by_country[end]["claims"].add(claim)
                    by_country[end]["deals"].add(target)
                elif deal_attrs["verb"] == "bought by":
                    by_country[_country_of(net, target)]["buyers"].add(end)
        elif net.kind(target) == "agency":   # a supply claim's buyer: its country is the claim's
            named[claim].add(target)
    for found in by_country.values():
        found["buyers"].update(b for c in found["claims"] for b in named[c])
    rows = []
    for country, found in by_country.items():
        if country is None or not found["claims"]:
            continue
        evidence = [e for c in sorted(found["claims"])
                    for e in claim_evidence(net, c, strength=strengths_.describe(net, c))]
        technologies = {t for c in found["claims"]
                        for t in net.claims.get(c, {}).get("technologies", [])}
        rows.append({"country": net.label(country),
                     "strength": strengths_.summary(net, found["claims"]),
                     "strength rank": strengths_.strongest(net, found["claims"]),
                     "buyers": sorted(net.label(b) for b in found["buyers"]),
                     "deals": sorted(net.label(d) for d in found["deals"]),
                     "technologies": sorted(net.concept(t) for t in technologies),
                     "sources": sources_of(evidence), "entity": entity(net, country),
                     "evidence": evidence,
                     **dates_used({c: when(net, c) for c in found["claims"]}, as_of)})
    rows.sort(key=lambda r: (r["strength rank"], r["country"]))
    apart = [apart_item("supply", net.label(country), [node, country], claims, as_of)
             for country, claims in sorted(unknown.items())
             if not by_country.get(country, {}).get("claims")]
    when_text = f" as of {as_of}" if as_of else ""
    notes = strengths_.filter_note(net, strengths, len(left_out))
    named = " or ".join(net.concept(n) for n in sorted(wanted))
    if wanted:
        notes.append(f"only claims that name the technology {named}; a claim "
                     "that names no technology (an index listing) is not counted")
    notes += [] if rows else not_known(net, [node], "supply", f"customer of {net.label(node)}")
    notes += apart_notes(apart, "country")
    columns = COLUMNS[:5] + (["dates used"] if as_of else []) + ["sources"]
    what = f" with {named}" if wanted else ""
    return Answer("customers", f"Countries supplied by {net.label(node)}{what}{when_text}: "
                  f"{len(rows)}",
                  columns, rows, notes, apart=apart,
                  explain={"operation": "customers", "vendor": node, "as of": as_of,
                           "strength": sorted(strengths) if strengths is not None else None,
                           "method": "supply edges vendor -> country and vendor -> deal -> country"})


def _countries(net: Network, target: str) -> list[str]:
    """The countries a supply edge reaches: the country itself, or a deal's country."""
    if net.kind(target) == "country":
        return [target]
    return [v for _, v, verb in net.graph.out_edges(target, data="verb") if verb == "in"]


def _country_of(net: Network, deal: str) -> str | None:
    return next((v for _, v, verb in net.graph.out_edges(deal, data="verb") if verb == "in"), None)
