"""How many countries a vendor supplies (or use a technology), per source edition, with the
published figures beside the counts.

An edition is a dataset that claims cite by row (the AIGS index of 2019, 2020, 2022): its count
is the distinct countries of the vendor's rows in it. Claims that cite documents (a quote or a
summary: deals and supplies from articles) count together under "other sources". The union over
all of them is labelled as a union, never as a published figure. The published figures (see
kg/analysis/published.py) sit beside the edition they describe; where the rows and a figure disagree,
a note says so; where no figure exists, the note says that, with the researched gap if any.

>>> from kg.analysis.network import Network
>>> net = Network.from_dict({"nodes": [{"id": "org/a", "label": "A", "kind": "company"},
...     {"id": "country/KEN", "label": "Kenya", "kind": "country"}],
...     "edges": [{"u": "org/a", "v": "country/KEN", "kind": "supply", "verb": "supplies",
...                "claim": "supply/x"}], "claims": {"supply/x": {"kind": "supply",
...     "evidence": [{"source": "source/index", "row": "country=Kenya"}]}}})
>>> [(r["edition"], r["count"]) for r in reach(net, "A").rows]
[('index', 1), ('all editions', 1)]
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from kg.analysis.answers import Answer, claim_evidence, sources_of
from kg.analysis.network import Network
from kg.analysis.published import Figure, agrees, from_assertions, from_findings, year
from kg.analysis.resolve import resolve
from kg.analysis import strength as strengths_
from kg.analysis.suppliers import supply_links
from kg.analysis.technology import technology

COLUMNS = ["edition", "basis", "count", "measure", "countries", "sources"]
OTHER = "other sources"
VENDOR_KINDS = ("company", "org", "agency", "lender", "listed-party")


def reach(net: Network, name: str, assertions: Iterable = (),
          strengths: frozenset[str] | None = None) -> Answer:
    """Return the countries per edition of a technology's use, or of a vendor's supplies
    (only its claims of the given strengths, when given: see kg.analysis.strength)."""
    notation = technology(net, name)
    if notation and strengths is not None:
        raise strengths_.BadStrength("a strength filter applies to a vendor's supplies, not to "
                                     f"the use of a technology ('{name}')")
    if notation:
        links = [(country, claim_id) for claim_id, claim in sorted(net.claims.items())
                 if claim["kind"] == "technology-use" and claim.get("technology") == notation
                 for country in claim.get("about", [])]
        figures = from_assertions(assertions, "technology_uses", "technology", notation)
        return _answer(net, links, "technology-use", figures, f"Countries using "
                       f"{net.concept(notation)}", {"technology": notation}, None)
    node = resolve(net, name, kinds=VENDOR_KINDS, what="vendor")
    links = [(country, claim) for vendor, country, claim in supply_links(net) if vendor == node]
    kept = [(country, claim) for country, claim in links
            if strengths_.keeps(net, claim, strengths)]
    figures = from_assertions(assertions, "supplies", "suppliers", node.split("/", 1)[-1])
    figures += from_findings(net, node)
    if strengths is not None:  # a published figure counts every claim, whatever its strength
        figures = []
    answer = _answer(net, kept, "supply", figures, f"Countries supplied by {net.label(node)}",
                     {"vendor": node, "strength": sorted(strengths) if strengths is not None else None},
                     node, strengths)
    answer.notes[:0] = strengths_.filter_note(net, strengths,
                                              len({c for _, c in links} - {c for _, c in kept}))
    return answer


def editions(net: Network, links: list[tuple[str, str]]) -> dict[str, dict[str, set[str]]]:
    """Return edition -> country -> claims: a dataset source cited by row, else OTHER."""
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for country, claim in links:
        for item in net.claims.get(claim, {}).get("evidence", []):
            found[item["source"] if item.get("row") else OTHER][country].add(claim)
    return found


def _all_editions(net: Network, claim_kind: str, strengths=None) -> set[str]:
    """Return every source cited by row in this kind of claim (of the strengths asked for): an
    edition that names none of the vendor's countries answers 0, which is not silence."""
    return {item["source"] for claim in net.claims.values() if claim["kind"] == claim_kind
            and (strengths is None or claim.get("strength") in strengths)
            for item in claim.get("evidence", []) if item.get("row")}


def _answer(net: Network, links, claim_kind: str, figures: list[Figure], title: str,
            explain: dict, node: str | None, strengths=None) -> Answer:
    found = editions(net, links)
    for source in _all_editions(net, claim_kind, strengths):
        found.setdefault(source, {})
    order = sorted(found, key=lambda s: (s == OTHER, net.sources.get(s, {}).get("date") or "", s))
    placed = {f.origin: [f.edition] if f.edition else [
        s for s in order if s != OTHER and year(f.period)
        and year(net.sources.get(s, {}).get("date")) == year(f.period)] for f in figures}
    rows, notes = [], []
    for source in order:
        countries = found[source]
        rows.append(_count_row(net, source, countries))
        for figure in (f for f in figures if source in placed[f.origin]):
            rows.append(_figure_row(figure, _edition(source)))
            if agrees(len(countries), figure) is False:
                notes.append(f"rows and publication differ: the {_edition(source)} rows give "
                             f"{len(countries)}, the published figure is {_shown(figure.value)} "
                             f"({figure.origin}: {figure.measure})"
                             + (f"; {figure.note}" if figure.note else ""))
    rows += [_figure_row(f, "") for f in figures if not placed[f.origin]]
    union = {c for countries in found.values() for c in countries}
    rows.append({"edition": "all editions", "basis": "union, not a published figure",
                 "count": len(union), "measure": "distinct countries in any edition",
                 "countries": sorted(map(net.label, union)), "sources": [], "evidence": [],
                 "entity": {"id": "", "label": "all editions", "kind": "union"}})
    if strengths is not None:
        notes.append("published figures left out: they count every claim, whatever its strength")
    elif not figures:
        who = net.label(node) if node else net.concept(explain["technology"])
        notes.append(f"no published {'per-company ' if node else ''}count found for {who}")
        notes += [f"no source found: {g['question']} (searched: {g['searched']})"
                  for g in (net.gaps_about(node, "finding") if node else [])]
    return Answer("reach", f"{title}, per source edition (published figures beside them)",
                  COLUMNS, rows, notes, explain={"operation": "reach", **explain, "method": (
                      "distinct countries per dataset cited by row (other evidence: other "
                      "sources); published figures: findings counting countries (matched to an "
                      "edition by year) and data assertions' `published` values")})


def _shown(value) -> str:
    return f'"{value}"' if isinstance(value, str) and not value.isdigit() else str(value)


def _edition(source: str) -> str:
    return source.removeprefix("source/")


def _count_row(net: Network, source: str, countries: dict[str, set[str]]) -> dict:
    evidence = [item for country in sorted(countries, key=net.label)
                for claim in sorted(countries[country])
                for item in claim_evidence(net, claim, country=net.label(country))
                if (item["source"] == source and item.get("row"))
                or (source == OTHER and not item.get("row"))]
    basis = ("claims citing documents" if source == OTHER else
             f"dataset rows ({net.sources.get(source, {}).get('date') or 'undated'})")
    return {"edition": _edition(source), "basis": basis, "count": len(countries),
            "measure": "distinct countries", "countries": sorted(map(net.label, countries)),
            "sources": sources_of(evidence), "evidence": evidence,
            "entity": {"id": source, "label": _edition(source), "kind": "edition"}}


def _figure_row(figure: Figure, edition: str) -> dict:
    return {"edition": edition or "not an edition",
            "basis": f"published: {figure.origin.rsplit(' ', 1)[0]}", "count": figure.value,
            "measure": figure.measure, "countries": [],
            "sources": sources_of(figure.evidence) or [figure.ident],
            "evidence": figure.evidence, "note": figure.note,
            "entity": {"id": figure.ident, "label": figure.origin,
                       "kind": "published figure"}}

