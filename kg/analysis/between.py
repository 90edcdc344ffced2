"""Every claim that ties given entities together, one row per real-world fact, earliest first.

What "when was Hikvision added to the Entity List", "when did Kenya join the Belt and Road" and
"did ZTE propose standards to the ITU" ask: the claims naming all the entities, with their dates.

A claim ties the entities it names. An edge claim (supply, financing, membership, ownership)
ties its edges' ends. A claim node (deal, restriction, proposal, standard) ties itself and every
entity its own edges reach: a restriction its authority and target, a deal its sellers, buyers
and country, a proposal its proposers, body and resulting standard. A financing edge that ends
at a deal ties the lender to what the deal ties (its country, buyers and suppliers). Claims
linked same-as are one fact: one row, with every claim's evidence. Dates are read by
kg.analysis.when: held dates, recorded only (a source's date, never shown as a held one), or
undated; rows go by their first held date, recorded-only then undated ones last.

>>> from kg.analysis.network import Network
>>> net = Network.from_dict({"nodes": [{"id": "org/a", "label": "A", "kind": "company"},
...     {"id": "country/KEN", "label": "Kenya", "kind": "country"}],
...     "edges": [{"u": "org/a", "v": "country/KEN", "kind": "supply", "verb": "supplies",
...                "claim": "supply/a-ken", "year": "2015"}],
...     "claims": {"supply/a-ken": {"kind": "supply", "year": "2015", "evidence": []}}})
>>> answer = claims_between(net, ["org/a", "country/KEN"])
>>> answer.title, [(r["claim"], r["dates"], r["first"]) for r in answer.rows], answer.notes
('Claims tying A and Kenya: 1', [('A supplies Kenya', 'held 2015', '2015')], ['first: 2015 (A supplies Kenya)'])
"""
from __future__ import annotations

from kg.analysis.answers import Answer, claim_evidence, entity, sources_of
from kg.analysis.financing import NOT_SURVEILLANCE
from kg.analysis.network import CLAIM_NODES, RELATION_KINDS, Network
from kg.analysis.restrictions import absent_notes, complete_lists, listings
from kg.analysis.when import When, checked, dates_used, pad, when
from kg.errors import KGError
from kg.schema.vocab import INSTRUMENTS

COLUMNS = ["claim", "kind", "ties", "dates", "first", "strength", "sources"]
# A claim node's relation kind: its edges' (a proposal's "became" edge is a standards edge,
# yet it is the proposal that says which standard came of it).
NODE_KINDS = {"deal": "supply", "restriction": "restriction", "proposal": "proposal",
              "standard": "standards"}
NO_DATE = "no date recorded"
NO_START = "no start date recorded"
_SHOWN = 3  # rows the `first` note names when several share the earliest date


def claim_edges(net: Network) -> dict[str, list[tuple[str, str, dict]]]:
    """Return claim -> the edges that carry it (cached on the network: it never changes)."""
    cached = getattr(net, "_claim_edges", None)
    if cached is None:
        cached = {}
        for u, v, attrs in net.graph.edges(data=True):
            cached.setdefault(attrs["claim"], []).append((u, v, attrs))
        net._claim_edges = cached  # type: ignore[attr-defined]
    return cached


def is_claim_node(net: Network, node: str) -> bool:
    return net.kind(node) in CLAIM_NODES.values()


def unit(net: Network, claim: str, attrs: dict) -> tuple[str, str]:
    """Return (claim, relation kind) of an edge: a claim node's kind, else the edge's.

    An organisation record carries two claims on one id (its home country, what it is part
    of), so an edge claim is told apart by its kind too.
    """
    if is_claim_node(net, claim):
        return claim, NODE_KINDS[net.kind(claim)]
    return claim, attrs["kind"]


def ties(net: Network, claim: str, kind: str) -> set[str]:
    """Return the entities a claim ties (a claim node itself among them)."""
    edges = claim_edges(net).get(claim, [])
    if is_claim_node(net, claim):
        return {claim} | {n for u, v, _ in edges for n in (u, v)}
    found = {n for u, v, attrs in edges if attrs["kind"] == kind for n in (u, v)}
    if kind == "financing":  # money for a deal reaches whom the deal ties
        for deal in [n for n in found if net.kind(n) == "deal"]:
            found |= ties(net, deal, "supply")
    return found


def _candidates(net: Network, seeds: list[str]) -> set[tuple[str, str]]:
    """The claims on an edge of a seed, its deals' financing included."""
    found: set[tuple[str, str]] = set()
    graph, deals = net.graph, set()
    for node in seeds:
        if is_claim_node(net, node):
            found.add((node, NODE_KINDS[net.kind(node)]))
        for u, v, attrs in [*graph.in_edges(node, data=True), *graph.out_edges(node, data=True)]:
            found.add(unit(net, attrs["claim"], attrs))
            deals |= {n for n in (u, v) if net.kind(n) == "deal"}
    for deal in deals:
        found |= {(attrs["claim"], "financing") for _, _, attrs in graph.in_edges(deal, data=True)
                  if attrs["kind"] == "financing"}
    return found


def _imposed_by(net: Network, claim: str, authority: str) -> bool:
    return any(u == authority and attrs["verb"] == "imposes"
               for u, _, attrs in claim_edges(net).get(claim, []))


def _checked(net: Network, nodes: list[str], kinds: set[str] | None, instrument: str | None,
             authority: str | None) -> None:
    for node in [*nodes, *([authority] if authority else [])]:
        if node not in net.graph:
            raise KGError(f"'{node}' is not in the graph")
    unknown = sorted(set(kinds or ()) - set(RELATION_KINDS))
    if unknown:
        raise KGError(f"unknown relation kind {', '.join(unknown)} "
                      f"(kinds: {', '.join(RELATION_KINDS)})")
    if instrument is not None and instrument not in INSTRUMENTS:
        raise KGError(f"'{instrument}' is not an instrument notation "
                      f"(instruments: {', '.join(INSTRUMENTS)})")
    if not nodes and not instrument and not authority:
        raise KGError("claims_between needs an entity, an instrument or an authority")
    if (instrument or authority) and kinds is not None and "restriction" not in kinds:
        raise KGError("an instrument or an authority keeps restrictions: kinds "
                      f"{', '.join(sorted(kinds))} have none")


def first_held(whens: list[When]) -> str | None:
    """Return the earliest date a fact's claims say it began to hold, or None.

    A date that a more precise one falls within ("2010" and "2010-12-17") gives way to it.

    >>> first_held([When(year="2010"), When(start="2010-12-17"), When(start="2011-02")])
    '2010-12-17'
    """
    dates = {w.start or w.year for w in whens if w.basis == "held" and (w.start or w.year)}
    precise = [d for d in dates if not any(o != d and o.startswith(d) for o in dates)]
    return min(precise, key=lambda d: pad(d, high=False)) if precise else None


def _order(dated: dict[str, When], label: str) -> tuple:
    """Held dates first, by date; then recorded only, by recording; undated last."""
    held = [w.start or w.year or w.end for w in dated.values() if w.basis == "held"]
    if held:
        return 0, min(pad(d, high=False) for d in held), label
    recorded = [d for w in dated.values() for d in w.recorded]
    if recorded:
        return 1, min(pad(d, high=False) for d in recorded), label
    return 2, "", label


def _label(net: Network, members: list[str], kind: str) -> str:
    for claim in members:
        if net.claims.get(claim, {}).get("label"):
            return net.claims[claim]["label"]
    for u, v, attrs in sorted(claim_edges(net).get(members[0], []), key=lambda e: e[:2]):
        if attrs["kind"] == kind:
            return f"{net.label(u)} {attrs['verb']} {net.label(v)}"
    return members[0]


def _row(net: Network, members: list[str], kind: str, asked: list[str]) -> tuple[tuple, dict]:
    """One fact's place in the order, and its row: label, kind, the entities it ties, dates,
    first held date, strength, evidence."""
    tied = set().union(*(ties(net, m, kind) for m in members))
    shown = [n for n in asked if n in tied]
    shown += sorted((n for n in tied - set(asked) if not is_claim_node(net, n)), key=net.label)
    dated = {m: when(net, m) for m in members}
    start = first_held(list(dated.values()))
    held = any(w.basis == "held" for w in dated.values())
    evidence = [e for m in members for e in claim_evidence(net, m)]
    label = _label(net, members, kind)
    node = next((m for m in members if is_claim_node(net, m)), None)
    strengths = {net.claims.get(m, {}).get("strength") for m in members} - {None}
    purpose = next((net.claims[m]["purpose"] for m in members
                    if net.claims.get(m, {}).get("purpose")), None)
    return _order(dated, label), {"claim": label, "kind": kind, "ties": [net.label(n) for n in shown],
            "dates": "; ".join(sorted({w.label() for w in dated.values()})),
            "first": start or (NO_START if held else NO_DATE),
            "strength": ", ".join(sorted(net.concept(s) for s in strengths)),
            "sources": sources_of(evidence),
            "entity": entity(net, node) if node else {"id": members[0], "label": label,
                                                      "kind": kind},
            "entities": [entity(net, n) for n in shown], "claims": members,
            **({"purpose": purpose} if purpose else {}),
            "evidence": evidence, **dates_used(dated, None)}


def first_note(rows: list[dict]) -> str:
    """Return the `first` line of a "when" answer: the earliest held date, or that none is."""
    dated = [r for r in rows if r["first"] not in (NO_DATE, NO_START)]
    if not dated:
        recorded = any(w["recorded"] for r in rows for w in r["when"])
        return f"first: {NO_DATE}" + (" (a source's date says when it recorded a claim, not "
                                      "when the claim held)" if recorded else "")
    earliest = min(pad(r["first"], high=False) for r in dated)
    named = [r["claim"] for r in dated if pad(r["first"], high=False) == earliest]
    more = f", and {len(named) - _SHOWN} more" if len(named) > _SHOWN else ""
    row = next(r for r in dated if pad(r["first"], high=False) == earliest)
    ends = sorted({w["end"] for w in row["when"] if w.get("end")})
    ended = f", ended {', '.join(ends)}" if ends and len(named) == 1 else ""
    return f"first: {row['first']} ({'; '.join(named[:_SHOWN])}{more}{ended})"


def apart_notes(apart: list[dict]) -> list[str]:
    """Return one note per reason naming the claims not counted (the first few of them)."""
    notes = []
    for reason in sorted({item["reason"] for item in apart}):
        named = [item["subject"] for item in apart if item["reason"] == reason]
        more = (f"; and {len(named) - _SHOWN} more (--format json lists them)"
                if len(named) > _SHOWN else "")
        notes.append(f"not counted, {reason}: {len(named)}: {'; '.join(named[:_SHOWN])}{more}")
    return notes


def _gaps(net: Network, nodes: list[str], kinds: set[str] | None) -> list[str]:
    """Researched gaps about every node asked (of the kinds), and, when kinds are given,
    those of those kinds about any one of them."""
    found = {}
    for node in nodes:
        for gap in net.gaps_about(node):
            of_kind = kinds is None or gap["relation_kind"] in kinds
            if of_kind and (set(nodes) <= set(gap["about"]) or kinds is not None):
                found[gap["id"]] = gap
    return [f"no source found: {g['question']} (searched: {g['searched']})"
            for g in found.values()]


def claims_between(net: Network, nodes: list[str], kinds: set[str] | None = None,
                   instrument: str | None = None, authority: str | None = None) -> Answer:
    """Return every claim tying all the nodes (one: every claim about it), one row per fact.

    `kinds` keeps claims of those relation kinds (kg.analysis.network.RELATION_KINDS);
    `instrument` (a notation, kg.analysis.restrictions.instrument resolves a name) and
    `authority` (a node) keep restrictions of that instrument, imposed by that authority.
    """
    nodes = list(dict.fromkeys(nodes))
    _checked(net, nodes, kinds, instrument, authority)
    if instrument or authority:
        kinds = {"restriction"}
    if nodes:
        seeds = nodes
    elif authority:
        seeds = [authority]
    else:
        seeds = [r for r in net.nodes_of("restriction")
                 if net.claims.get(r, {}).get("instrument") == instrument]
    facts: dict[tuple[str, str], None] = {}  # (fact, kind), in a stable order
    for claim, kind in sorted(_candidates(net, seeds)):
        if kinds is not None and kind not in kinds:
            continue
        if instrument and net.claims.get(claim, {}).get("instrument") != instrument:
            continue
        if authority and not _imposed_by(net, claim, authority):
            continue
        if set(nodes) <= ties(net, claim, kind):
            facts[(net.fact(claim), kind)] = None
    ordered = []
    for fact, kind in facts:
        members = [m for m in net.same_fact(fact) if m in net.claims]
        ordered.append(_row(net, members or [fact], kind, nodes))
    every = [row for _, row in sorted(ordered, key=lambda pair: pair[0])]
    # Money for masks or a telecom network is not money for surveillance (kg.analysis.financing).
    rows = [r for r in every if r.get("purpose") not in NOT_SURVEILLANCE]
    apart = [{"kind": r["kind"], "subject": r["claim"], "about": [e["id"] for e in r["entities"]],
              "reason": NOT_SURVEILLANCE[r["purpose"]], "claims": r["claims"]}
             for r in every if r.get("purpose") in NOT_SURVEILLANCE]
    claims = sum(len(r["claims"]) for r in rows)
    title = _title(net, nodes, kinds, instrument, authority, len(rows))
    if claims > len(rows):
        title += f" (from {claims} claims; linked claims shown once)"
    notes = [first_note(rows)] if rows else []
    notes += apart_notes(apart)
    notes += _gaps(net, nodes, kinds)
    if not rows:
        notes += _absent(net, nodes, instrument)
    if not notes:  # no row, nothing apart, no gap: silence, which is not "no"
        what = " or ".join(sorted(kinds)) + " claim" if kinds else "claim"
        named = _names(net, nodes, instrument, authority)
        notes.append(f"not recorded: the graph has no {what} "
                     f"{'about' if len(named) == 1 else 'tying'} {' and '.join(named)}; "
                     "unknown is not no")
    return Answer("between", title, COLUMNS, rows, notes, apart=apart,
                  explain={"operation": "claims_between", "nodes": nodes,
                           "kinds": sorted(kinds) if kinds else None, "instrument": instrument,
                           "authority": authority,
                           "method": "claims whose edges reach every node (a deal's, "
                                     "restriction's, proposal's or standard's node: its own "
                                     "edges; financing of a deal: the deal's too), one row per "
                                     "fact (same-as links), by first held date"})


def _names(net: Network, nodes: list[str], instrument: str | None,
           authority: str | None) -> list[str]:
    return ([net.label(n) for n in nodes] + ([net.concept(instrument)] if instrument else [])
            + ([net.label(authority)] if authority and authority not in nodes else []))


def _title(net: Network, nodes: list[str], kinds: set[str] | None, instrument: str | None,
           authority: str | None, count: int) -> str:
    named = _names(net, nodes, instrument, authority)
    implied = instrument or authority  # a restriction's instrument or authority says its kind
    what = (" or ".join(sorted(kinds)).capitalize() + " claims" if kinds and not implied
            else "Claims")
    return f"{what} {'about' if len(named) == 1 else 'tying'} {' and '.join(named)}: {count}"


def _absent(net: Network, nodes: list[str], instrument: str | None) -> list[str]:
    """What a list the graph holds whole says of an organisation none of its entries names:
    not being on it is known (as of the list's date), not merely unrecorded."""
    if not instrument or len(nodes) != 1:  # a list says who is on it, not what ties two
        return []
    node = nodes[0]
    if net.kind(node) in ("country", "initiative") or is_claim_node(net, node):
        return []
    on = {e["source"] for r in listings(net, node) for e in net.evidence(r)}
    return absent_notes(net, node, [lst for lst in complete_lists(net)
                                    if lst["instrument"] == instrument
                                    and lst["source"] not in on], instrument)


def in_period(answer: Answer, period: dict) -> Answer:
    """Keep a claims answer's rows whose first held date is in the period asked for ("in
    2019", "in October 2019", "since 2016", "after 2015", "before 2020"); rows with no held
    date are not counted, and a note says how many."""
    if not period:
        return answer
    for key, value in period.items():  # a junk date is refused, never compared as text
        checked(value)
        if key != "in" and not (len(value) == 4 and value.isdigit()):
            raise KGError(f"{key} {value!r}: not a year (write YYYY)")
    kept, undated = [], 0
    for row in answer.rows:
        first = row.get("first") or ""
        if not first[:4].isdigit():
            undated += 1
            continue
        if ("in" in period and not first.startswith(period["in"])) \
                or ("since" in period and first[:4] < period["since"]) \
                or ("after" in period and first[:4] <= period["after"]) \
                or ("before" in period and first[:4] >= period["before"]):
            continue
        kept.append(row)
    answer.rows = kept
    said = ", ".join(f"{k} {v}" for k, v in period.items())
    answer.title += f"; first held {said}: {len(kept)}"
    if undated:
        answer.notes.append(f"{undated} claim(s) with no held date not counted {said} "
                            "(undated or recorded only: when they held is not known)")
    return answer
