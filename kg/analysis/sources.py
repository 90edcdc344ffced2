"""Which sources agree: for a vendor-country pair, a country or a vendor, the sources that assert
each supply link with the strength and years they give, how many independent voices they are,
and where they disagree.

Independence and silence are kg.analysis.trackers' (editions of one tracker count once; a
tracker is silent on a link when an edition has rows for the country and the tracker names the
vendor elsewhere). Disagreement, in notes: a tracker silent on a link another source asserts;
sources giving different years for one link; an export licence to the country with no reported
sale by a vendor based in the licensing state; and, for a country, sources that give it
different values (kg.analysis.disagreements: an index's columns, memberships).

>>> from kg.analysis.network import Network
>>> net = Network.from_dict({"nodes": [{"id": "org/a", "label": "Acme", "kind": "company"},
...     {"id": "org/b", "label": "Bolt", "kind": "company"},
...     {"id": "country/UGA", "label": "Uganda", "kind": "country"}],
...     "edges": [{"u": "org/a", "v": "country/UGA", "kind": "supply", "verb": "supplies",
...                "claim": "supply/x"}, {"u": "org/b", "v": "country/UGA", "kind": "supply",
...                "verb": "supplies", "claim": "supply/y"}],
...     "claims": {"supply/x": {"kind": "supply", "evidence": [{"source": "source/s1", "row": "r"}]},
...                "supply/y": {"kind": "supply", "evidence": [{"source": "source/s2", "row": "r"}]},
...                "supply/z": {"kind": "supply", "evidence": [{"source": "source/s1", "row": "r"}]}},
...     "sources": {"source/s1": {"title": "Index 2019", "kind": "dataset"},
...                 "source/s2": {"title": "Index 2022", "kind": "dataset",
...                               "version_of": "source/s1"}}})
>>> answer = agreement(net, "Bolt", "Uganda")
>>> [r["source"] for r in answer.rows], answer.notes
(['source/s2'], ['not listed by source/s1 (Index 2019): it has rows for Uganda and names Bolt elsewhere'])
"""
from __future__ import annotations

from collections import defaultdict

from kg.analysis import strength as strengths_
from kg.analysis import trackers
from kg.analysis.answers import Answer, claim_evidence, dates, entity, not_known
from kg.analysis.disagreements import country_disagreements
from kg.analysis.network import Network
from kg.analysis.resolve import resolve
from kg.analysis.suppliers import supply_links
from kg.analysis.trackers import coverage  # noqa: F401  (kg.analysis.sources.coverage)

PAIR_COLUMNS = ["source", "strength", "years", "recorded", "evidence kinds", "claims"]
COUNTRY_COLUMNS = ["vendor", "strength", "years", "sources", "independent", "not listed by"]
VENDOR_COLUMNS = ["country", "strength", "years", "sources", "independent", "not listed by"]

Links = dict[tuple[str, str], dict[str, list[str]]]
_AGREE = ("no disagreement found: no tracker with rows for the country leaves out a link it "
          "could list, no two sources give different years, no export licence lacks a "
          "reported sale")


def agreement(net: Network, name: str, country: str | None = None,
              strengths: frozenset[str] | None = None) -> Answer:
    """Return the sources behind a vendor-country pair, or per vendor of a country, or per
    country of a vendor, with strengths, years, independent voices and disagreements; only
    claims of the given strengths, when given (kg.analysis.strength)."""
    node = resolve(net, name)
    links, left_out = pair_sources(net, strengths), _left_out(net, strengths)
    if country is not None:
        place = resolve(net, country, kinds=("country",), what="country")
        answer = _pair(net, node, place, links)
        dropped = {c for v, where, c in left_out if (v, where) == (node, place)}
    elif net.kind(node) == "country":
        answer = _summary(net, node, links, side="vendor", strengths=strengths)
        dropped = {c for _, where, c in left_out if where == node}
        dropped |= {c for _, where, c in strengths_.licences(net)
                    if where == node and not strengths_.keeps(net, c, strengths)}
    else:
        answer = _summary(net, node, links, side="country", strengths=strengths)
        dropped = {c for v, _, c in left_out if v == node}
    answer.notes[:0] = strengths_.filter_note(net, strengths, len(dropped))
    answer.explain = {**(answer.explain or {}),
                      "strength": sorted(strengths) if strengths is not None else None}
    return answer


def pair_sources(net: Network, strengths: frozenset[str] | None = None) -> Links:
    """Return (vendor, country) -> source -> the claims citing it (of the given strengths);
    the explorer colours a link by it (kg.analysis.backing)."""
    found: Links = defaultdict(lambda: defaultdict(list))
    for vendor, country, claim in supply_links(net, strengths=strengths):
        found[(vendor, country)]  # noqa: B018  a link with no source recorded is still a link
        for item in net.claims.get(claim, {}).get("evidence", []):
            if claim not in found[(vendor, country)][item["source"]]:
                found[(vendor, country)][item["source"]].append(claim)
    return found


def _left_out(net: Network, strengths) -> set[tuple[str, str, str]]:
    """The (vendor, country, claim) links a strength filter leaves out."""
    return {(v, c, claim) for v, c, claim in supply_links(net)
            if not strengths_.keeps(net, claim, strengths)}


def publishers(net: Network, sources) -> set[str]:
    """Return the independent voices among sources (kg.analysis.trackers: editions of one
    tracker count once, documents once per publisher)."""
    return trackers.independent(net, sources)


def years(net: Network, claims) -> list[str]:
    """Return the distinct dates the claims say the link held ('2014', 'from 2019'), sorted."""
    return sorted({d for c in claims if (d := dates(net.claims.get(c, {})))})


def _year_notes(net: Network, by_source: dict[str, list[str]], what: str) -> list[str]:
    """Sources (by independent voice) giving different years for one link."""
    given: dict[str, set[str]] = defaultdict(set)
    for source, claims in by_source.items():
        given[trackers.voice(net, source)] |= {y[-4:] if y[-4:].isdigit() else y
                                               for y in years(net, claims)}
    given = {v: ys for v, ys in given.items() if ys}
    if len(given) < 2 or len({frozenset(ys) for ys in given.values()}) < 2:
        return []
    return [f"years differ for {what}: " + "; ".join(
        f"{voice.removeprefix('source/')} {', '.join(sorted(ys))}"
        for voice, ys in sorted(given.items()))]


def _silent_note(net: Network, vendor: str, country: str, silent: list[str]) -> list[str]:
    if not silent:
        return []
    named = ", ".join(f"{s} ({net.sources.get(s, {}).get('title')})" for s in silent)
    many = len(silent) > 1
    return [f"not listed by {named}: {'they have' if many else 'it has'} rows for "
            f"{net.label(country)} and name{'' if many else 's'} {net.label(vendor)} elsewhere"]


def _pair(net: Network, vendor: str, country: str, links: Links) -> Answer:
    by_source = links.get((vendor, country), {})
    rows = []
    for source, claims in sorted(by_source.items()):
        info = net.sources.get(source, {})
        evidence = [e for c in claims
                    for e in claim_evidence(net, c, strength=strengths_.describe(net, c))]
        rows.append({"source": source, "title": info.get("title"),
                     "publisher": info.get("publisher"), "tracker": trackers.voice(net, source),
                     "strength": strengths_.summary(net, claims),
                     "strength rank": strengths_.strongest(net, claims),
                     "years": years(net, claims), "recorded": info.get("date"),
                     "evidence kinds": sorted({e["kind"] for e in evidence if e.get("kind")}),
                     "claims": claims, "evidence": evidence,
                     "entity": {"id": source, "label": info.get("title"), "kind": "source"}})
    rows.sort(key=lambda r: (r["strength rank"], r["recorded"] or "", r["source"]))
    silent = trackers.silent(net, vendor, country, by_source)
    notes = _silent_note(net, vendor, country, silent)
    notes += _year_notes(net, by_source, f"{net.label(vendor)} in {net.label(country)}")
    if rows and not notes:
        notes.append(_AGREE)
    if not rows:
        notes += not_known(net, [vendor, country], "supply",
                           f"supply of {net.label(country)} by {net.label(vendor)}")
    count = len(trackers.independent(net, by_source))
    title = (f"{net.label(vendor)} in {net.label(country)}: {len(rows)} source"
             f"{'' if len(rows) == 1 else 's'}, {count} independent (editions of one tracker "
             "count once)")
    return Answer("sources", title, PAIR_COLUMNS, rows, notes,
                  explain={"operation": "sources", "vendor": vendor, "country": country})


def _summary_row(net: Network, vendor: str, country: str, by_source: dict[str, list[str]],
                 key: str) -> dict:
    claims = list(dict.fromkeys(c for found in by_source.values() for c in found))
    evidence = [e for c in claims
                for e in claim_evidence(net, c, strength=strengths_.describe(net, c))]
    other = vendor if key == "vendor" else country
    return {key: net.label(other), "strength": strengths_.summary(net, claims),
            "strength rank": strengths_.strongest(net, claims), "years": years(net, claims),
            "sources": sorted(by_source),
            "independent": len(trackers.independent(net, by_source)),
            "not listed by": trackers.silent(net, vendor, country, by_source),
            "entity": entity(net, other), "evidence": evidence}


def _licence_rows(net: Network, country: str, strengths) -> list[dict]:
    """A country's export licences, one row per licensing state (no supplier named)."""
    by_state: dict[str, list[str]] = defaultdict(list)
    for exporting, target, claim in strengths_.licences(net, strengths):
        if target == country:
            by_state[exporting].append(claim)
    rows = []
    for state, claims in sorted(by_state.items()):
        sources = {e["source"] for c in claims for e in net.claims[c].get("evidence", [])}
        evidence = [e for c in claims
                    for e in claim_evidence(net, c, strength=strengths_.describe(net, c))]
        rows.append({"vendor": strengths_.licence_text(net, state),
                     "strength": strengths_.summary(net, claims),
                     "strength rank": strengths_.strongest(net, claims),
                     "years": years(net, claims), "sources": sorted(sources),
                     "independent": len(trackers.independent(net, sources)),
                     "not listed by": [], "claims": claims, "evidence": evidence,
                     "entity": {**entity(net, state), "kind": "export licence"}})
    return rows


def _licence_notes(net: Network, country: str, licence_rows: list[dict], links: Links) -> list[str]:
    """An export licence with no reported sale to the country by a vendor of the licensing
    state: a licence is no proof of delivery, and nothing else shows one."""
    notes = []
    for row in licence_rows:
        state = row["entity"]["id"]
        sold = [v for (v, c), by_source in links.items() if c == country
                and any(strengths_.of(net, claim) == "reported-sale"
                        for found in by_source.values() for claim in found)
                and any(home == state for _, home, kind in net.graph.out_edges(v, data="kind")
                        if kind == "home")]
        if not sold:
            when = f" ({', '.join(row['years'])})" if row["years"] else ""
            notes.append(f"export licence from {net.label(state)} to {net.label(country)}{when} "
                         f"and no reported sale to {net.label(country)} by a vendor based in "
                         f"{net.label(state)}")
    return notes


def _summary(net: Network, node: str, links: Links, side: str, strengths) -> Answer:
    """One row per vendor of a country (side "vendor") or per country of a vendor ("country")."""
    at = 1 if side == "vendor" else 0  # where `node` sits in a (vendor, country) pair
    pairs = sorted((pair, s) for pair, s in links.items() if pair[at] == node)
    rows = [_summary_row(net, vendor, country, by_source, side)
            for (vendor, country), by_source in pairs]
    rows.sort(key=lambda r: (r["strength rank"], -r["independent"], -len(r["sources"]),
                             r[side].lower()))
    notes, about = [], []
    for (vendor, country), by_source in pairs:
        notes += _year_notes(net, by_source, f"{net.label(vendor)} in {net.label(country)}")
    if side == "vendor":
        licence_rows = _licence_rows(net, node, strengths)
        notes += _licence_notes(net, node, licence_rows, links)
        rows += licence_rows
        # About the country itself: its index columns and memberships (kg.analysis.disagreements).
        for line, claims in country_disagreements(net, node):
            notes.append(line)
            about += [e for claim in claims for e in claim_evidence(net, claim, note=line)]
    silent = sum(1 for r in rows if r["not listed by"])
    if silent:
        notes.insert(0, f"{silent} link{'s' if silent > 1 else ''} not listed by a tracker that "
                        "has rows for the country and names the vendor elsewhere (column "
                        "'not listed by')")
    if rows and not notes:
        notes.append(_AGREE + (", no two sources give the country different values"
                               if side == "vendor" else ""))
    what = "supplier" if side == "vendor" else "customer"
    if not rows:
        notes += not_known(net, [node], "supply", f"{what} of {net.label(node)}")
    title = (f"Sources per vendor supplying {net.label(node)}" if side == "vendor"
             else f"Sources per country {net.label(node)} supplies")
    return Answer("sources", f"{title}: {len(pairs)}",
                  COUNTRY_COLUMNS if side == "vendor" else VENDOR_COLUMNS, rows, notes,
                  explain={"operation": "sources",
                           ("country" if side == "vendor" else "vendor"): node},
                  notes_evidence=about)
