"""Answers of kg.analysis shaped to what a composed question asks: kept to a group, an origin or
a vendor's deals, rows both answers have, several answers merged, the most first.

Each takes an Answer an operation returned and keeps, orders or joins its rows, saying in its
title and notes what it did; none computes an answer another way.
"""
from __future__ import annotations

from kg.analysis.answers import Answer
from kg.analysis.between import claims_between
from kg.analysis.financing import financed_by
from kg.analysis.groups import resolve_group
from kg.analysis.network import Network
from kg.analysis.restrictions import authorities
from kg.analysis.when import checked
from kg.ask.reading import NotComposed

def most_countries(answer: Answer, top: int | None) -> Answer:
    """Order a suppliers answer by countries (most first) and keep the first `top` rows."""
    answer.rows.sort(key=lambda r: (r["entity"]["kind"] == "export licence", -r["countries"],
                                    r["vendor"].lower()))
    if top:
        answer.rows = answer.rows[:top]
        answer.title += f", the {top} with most countries"
    answer.notes.insert(0, "ordered by the number of countries each vendor's counted claims name")
    return answer


def list_entries(net: Network, notation: str, origin: str | None,
                 year: str | None = None) -> Answer:
    """Return the restrictions of one instrument (the list's entries the graph holds), kept to
    targets based in a country when one is asked for."""
    answer = claims_between(net, [], {"restriction"}, notation)
    authorities = {a for r in answer.rows for a, _, verb in net.graph.in_edges(
        r.get("claims", [r.get("claim")])[0], data="verb") if verb == "imposes"}
    targets = {e["id"] for r in answer.rows for e in r.get("entities", [])
               if e["id"] not in authorities}
    answer.notes += [f"no source found: {g['question']} (searched: {g['searched']})"
                     for a in sorted(authorities) for g in net.gaps_about(a, "restriction")
                     if not year or year in g["question"]]
    answer.notes.insert(0, f"{len(answer.rows)} listings of {len(targets)} targets: a target "
                           "listed in several editions of the list, or as several legal "
                           "entities, has a row for each")
    return targets_based_in(answer, net, origin)


def targets_based_in(answer: Answer, net: Network, origin: str | None) -> Answer:
    """Keep a restrictions answer's rows whose target is based in a country (when asked)."""
    if origin:
        based = {u for u, v, kind in net.graph.edges(data="kind") if kind == "home" and v == origin}
        answer.rows = [r for r in answer.rows
                       if any(e["id"] in based for e in r.get("entities", []))]
        answer.title += f", targets based in {net.label(origin)}: {len(answer.rows)}"
    return answer


def imposed_by_country(net: Network, country: str) -> Answer:
    """Return the restrictions the authorities of a country imposed, one row per fact."""
    found = authorities(net, net.label(country))
    if not found:
        raise NotComposed(net.label(country), [], "restrict")
    answer = merged_if_many([claims_between(net, [], {"restriction"}, authority=a)
                              for a in found])
    answer.title = (f"Restrictions imposed by authorities of {net.label(country)} "
                    f"({', '.join(net.label(a) for a in found)}): {len(answer.rows)}")
    return answer


def by_authorities_of(answer: Answer, net: Network, country: str) -> Answer:
    """Keep a restrictions answer's rows imposed by the country's authorities."""
    mine = {net.label(a) for a in authorities(net, net.label(country))}
    every = len(answer.rows)
    answer.rows = [r for r in answer.rows if set(r.get("authority") or []) & mine]
    target = answer.explain.get("target") if answer.explain else None
    name = net.label(target) if target in net.graph else answer.title.split(":")[0]
    answer.title = (f"Restrictions on {name} by authorities of {net.label(country)}: "
                    f"{len(answer.rows)} (of {every} recorded)")
    if not answer.rows:
        answer.notes.insert(0, f"not recorded: the graph has no restriction on {name} by an "
                               f"authority of {net.label(country)}; unknown is not no")
    return answer


def techs(technology) -> set[str]:
    """Return the notations a technology filter holds (one, or a tuple of several)."""
    return set(technology) if isinstance(technology, (tuple, list)) else {technology}


def merged(answers: list[Answer]) -> Answer:
    """Return one answer holding the rows and notes of several of the same operation."""
    first = answers[0]
    notes = list(dict.fromkeys(n for a in answers for n in a.notes))
    return Answer(first.kind, "; ".join(a.title for a in answers), first.columns,
                  [r for a in answers for r in a.rows], notes,
                  apart=[x for a in answers for x in a.apart],
                  explain={"operations": [a.explain for a in answers]})


def merged_if_many(answers: list[Answer]) -> Answer:
    return answers[0] if len(answers) == 1 else merged(answers)


def recommendations(net: Network, answers: list[Answer], named: bool,
               technology: str | None) -> Answer:
    """Return the Recommendations among claims answers about standards bodies, once each (or,
    for a named Recommendation, the claims tying it to the body that developed it)."""
    answer = merged_if_many(answers)
    seen, rows = set(), []
    for row in answer.rows:
        claim = row.get("claims", [row.get("claim")])[0]
        if (named or net.kind(claim) == "standard") and claim not in seen:
            seen.add(claim)
            number = net.graph.nodes[claim].get("identifier") if claim in net.graph else None
            if number:   # a Recommendation goes by its number: "F.743.3 VSS interworking"
                row["claim"] = f"{number} {row['claim']}"
            rows.append(row)
    answer.rows = rows
    answer.title = f"Recommendations ({'the one named' if named else 'of the bodies named'}): " \
                   f"{len(rows)}"
    if technology:
        answer.notes.append(f"not filtered by "
                            f"{' or '.join(net.concept(n) for n in sorted(techs(technology)))}: the graph's "
                            "Recommendations name no technology; read their titles")
    return answer


def ended(answer: Answer) -> Answer:
    """Keep the memberships that have an end date (a country that left)."""
    answer.rows = [r for r in answer.rows if any(w.get("end") for w in r.get("when", []))]
    answer.title += f"; ended: {len(answer.rows)}"
    return answer


def deals_only(answer: Answer, only: bool, technology: str | None, net: Network) -> Answer:
    """Keep the deal rows of a supply-claims answer (when asked for deals), of a technology."""
    if only:
        answer.rows = [r for r in answer.rows if any(
            net.kind(e["id"]) == "deal" for e in r.get("entities", []))
            or str(r.get("claim", "")).startswith("deal/")
            or any(str(c).startswith("deal/") for c in r.get("claims", []))]
    if technology:
        answer.rows = [r for r in answer.rows if any(
            techs(technology) & set(net.claims.get(cl, {}).get("technologies", []))
            for cl in r.get("claims", []))]
    return answer


def in_both(answers: list[Answer], column: str) -> Answer:
    """Return the rows whose `column` value every answer has (countries both vendors supply,
    vendors both countries buy from), each with the evidence of every answer."""
    keys = [{r[column]: r for r in a.rows} for a in answers]
    shared = [k for k in keys[0] if all(k in other for other in keys[1:])]
    rows = []
    for k in shared:
        row = dict(keys[0][k])
        row["evidence"] = [e for other in keys for e in other[k].get("evidence", [])]
        row["sources"] = list(dict.fromkeys(s for other in keys for s in other[k]["sources"]))
        rows.append(row)
    first = answers[0]
    title = " and ".join(a.title.split(":")[0] for a in answers)
    return Answer(first.kind, f"In both: {title}: {len(rows)}", first.columns, rows,
                  list(dict.fromkeys(n for a in answers for n in a.notes)),
                  explain={"operations": [a.explain for a in answers], "kept": "rows in all"})


def deals_of_vendor(answer: Answer, net: Network, vendor: str) -> Answer:
    """Keep a lender's rows that financed a deal the vendor supplied."""
    supplied = {net.label(d) for d, k in vendor_deals(net, vendor)}
    answer.rows = [r for r in answer.rows if r.get("financed") in supplied]
    answer.title = f"{answer.title.split(':')[0]}, deals {net.label(vendor)} supplied: " \
                   f"{len(answer.rows)}"
    return answer


def vendor_deals(net: Network, vendor: str) -> list[tuple[str, str]]:
    return sorted({(v, a["verb"]) for _, v, a in net.graph.out_edges(vendor, data=True)
                   if a["kind"] == "supply" and net.kind(v) == "deal"})


def vendor_deals_financing(net: Network, vendor: str) -> Answer:
    """Return the financing of every deal a vendor supplied, one row per fact."""
    deals = sorted({d for d, _ in vendor_deals(net, vendor)})
    rows, notes = [], []
    for deal in deals:
        part = financed_by(net, deal)
        for row in part.rows:
            rows.append({**row, "deal": net.label(deal)})
        notes += [n for n in part.notes if n.startswith("no source found") and n not in notes]
    answer = financed_by(net, deals[0]) if deals else None
    columns = answer.columns if answer else ["lender", "deal", "sources"]
    if not deals:
        notes.append(f"not recorded: the graph has no deal {net.label(vendor)} supplied; "
                     "unknown is not no")
    return Answer("financed-by", f"Financing of the deals {net.label(vendor)} supplied "
                  f"({len(deals)} deals): {len(rows)} recorded", columns, rows, notes,
                  explain={"operation": "financed_by per deal", "vendor": vendor,
                           "deals": deals})


def proposers_based_in(answer: Answer, net: Network, origin: str | None) -> Answer:
    """Keep the proposers based in a country (sk:homeCountry), when one is asked for."""
    if origin is None:
        return answer
    based = {u for u, v, kind in net.graph.edges(data="kind") if kind == "home" and v == origin}
    answer.rows = [r for r in answer.rows if r.get("entity", {}).get("id") in based]
    answer.title += f", based in {net.label(origin)}: {len(answer.rows)}"
    return answer


def within_group(answer: Answer, net: Network, name: str, as_of: str | None) -> Answer:
    """Keep a customers answer's countries that are members of a group (at as_of)."""
    group = resolve_group(net, name)
    members = group.members(checked(as_of))
    answer.rows = [r for r in answer.rows if r.get("entity", {}).get("id") in members]
    if group.kind == "initiative":
        answer.title += f", members of {group.label}: {len(answer.rows)}"
        answer.notes.append(f"only the countries recorded as members of {group.label}"
                            + (f" at {as_of}" if as_of else "") + " (membership claims)")
    else:   # a region or a regime type: the countries its observations place in it
        answer.title += f", {group.label}: {len(answer.rows)}"
        answer.notes.append(group.note or f"only the {group.label}")
    return answer


def financed_within(answer: Answer, net: Network, groups: list[str],
                     as_of: str | None) -> Answer:
    """Keep a lender's financing rows whose country (the deal's, or the borrower country) is
    a member of every group."""
    for name in groups:
        group = resolve_group(net, name)
        members = group.members(checked(as_of))
        kept = []
        for row in answer.rows:
            node = row.get("entity", {}).get("id")
            country = node if node and net.kind(node) == "country" else next(
                (v for _, v, verb in net.graph.out_edges(node, data="verb") if verb == "in"),
                None) if node in net.graph else None
            if country in members:
                kept.append(row)
        answer.rows = kept
        answer.title += f", in {group.label}: {len(kept)}"
        if group.note:
            answer.notes.append(group.note)
    return answer


def counted(answer: Answer, top: int | None = None) -> Answer:
    """Return a reach ranking with its first `top` rows only, when asked (what it counts is
    its `measure`, printed under the title as `kg rank` prints it)."""
    if top:
        answer.rows = answer.rows[:top]
    return answer


def proposals_of(answer: Answer, net: Network, nodes: list[str]) -> Answer:
    """Keep one organisation's rows of a proposers answer, and say what is not known: a
    proposal is not a standard, so the researched gaps about which became one are noted."""
    node, label = nodes[0], net.label(nodes[0])
    answer.rows = [r for r in answer.rows if r.get("entity", {}).get("id") == node]
    gaps = {g["id"]: g for n in nodes for kind in ("standards", "proposal")
            for g in net.gaps_about(n, kind)}
    answer.notes = [f"no source found: {g['question']} (searched: {g['searched']})"
                    for g in gaps.values()] + answer.notes
    if not answer.rows and not gaps:
        answer.notes.append(f"not recorded: the graph has no standards proposal by {label}; "
                            "unknown is not no")
    answer.title = f"Standards proposals by {label} (the proposals; which became standards: " \
                   f"see the notes)"
    return answer
