"""Restrictions on an entity (sanctions, export controls, procurement bans), with evidence.

>>> from kg.analysis.network import Network
>>> net = Network.from_dict({"nodes": [{"id": "org/y", "label": "Yitu", "kind": "company"}],
...     "concepts": {"entity-list": "BIS Entity List"}})
>>> instrument(net, "the Entity List"), restrictions(net, "Yitu").notes
('entity-list', ['not recorded: the graph has no restriction on Yitu; unknown is not no'])
"""
from __future__ import annotations

import pycountry

from kg.analysis.answers import Answer, claim_evidence, dates, entity, not_known, sources_of
from kg.records.countries import country_name, resolve_country
from kg.errors import KGError
from kg.analysis.network import Network
from kg.analysis.resolve import normalize, resolve
from kg.schema.vocab import INSTRUMENTS
from kg.analysis.when import APART, COUNTS, apart_item, apart_notes, checked, dates_used, when

COLUMNS = ["restriction", "instrument", "authority", "dates", "legal citation", "sources"]


def instrument(net: Network, name: str) -> str:
    """Return the notation of the instrument a name denotes ('the Entity List' -> entity-list)."""
    key = normalize(name).removesuffix(" list").removesuffix(" designation")
    found = []
    for notation in INSTRUMENTS:
        names = {normalize(notation), normalize(net.concept(notation))}
        if any(key == n or key == n.removesuffix(" list") or f" {key} " in f" {n} "
               for n in names):
            found.append(notation)
    if len(found) == 1:
        return found[0]
    listed = ", ".join(net.concept(n) for n in (found or INSTRUMENTS))
    raise KGError(f"'{name}' {'is ambiguous' if found else 'is not an instrument the graph knows'}"
                  f" (instruments: {listed})")


def listings(net: Network, node: str, notation: str | None = None,
             as_of: str | None = None, status: str = COUNTS) -> list[str]:
    """Return the restriction nodes that list a node (of one instrument; at as_of, those of
    that status: in force by default, or APART, not known to be; see kg.analysis.when)."""
    return sorted(r for r, _, attrs in net.graph.in_edges(node, data=True)
                  if attrs["verb"] == "lists"
                  and (notation is None or net.claims.get(r, {}).get("instrument") == notation)
                  and (as_of is None or when(net, r, attrs).status(as_of) == status))


def restrictions(net: Network, target: str, instrument_name: str | None = None,
                 as_of: str | None = None) -> Answer:
    """Return the restrictions on the entity a name denotes; none recorded is not 'no'.

    At an as-of date, only restrictions in force then are rows; those not known to be (undated,
    or recorded at another date) are listed apart (`Answer.apart` and a note; see kg.analysis.when).
    """
    node = resolve(net, target)
    notation = instrument(net, instrument_name) if instrument_name else None
    # Claims linked same-as (a curated copy of a listing an imported list also has) are one
    # listing: one row with every claim's evidence, dated by the claim that has dates.
    facts: dict[str, list[str]] = {}
    for listing in listings(net, node, notation, checked(as_of)):
        facts.setdefault(net.fact(listing), []).append(listing)
    rows = []
    for members in facts.values():
        claims = {m: net.claims.get(m, {}) for m in members}
        shown = next((m for m in members if dates(claims[m])), members[0])
        authority = {u for m in members
                     for u, _, verb in net.graph.in_edges(m, data="verb") if verb == "imposes"}
        evidence = [e for m in members for e in claim_evidence(net, m)]
        citations = dict.fromkeys(c["legal_citation"] for c in claims.values()
                                  if c.get("legal_citation"))
        rows.append({"restriction": net.label(shown),
                     "instrument": net.concept(claims[shown].get("instrument", "")),
                     "authority": [net.label(a) for a in sorted(authority)],
                     "dates": dates(claims[shown]), "legal citation": "; ".join(citations),
                     "sources": sources_of(evidence), "entity": entity(net, shown),
                     "claims": members, "evidence": evidence,
                     **dates_used({m: when(net, m) for m in members}, as_of)})
    rows.sort(key=lambda r: (r["dates"], r["restriction"]))
    lists = complete_lists(net)
    on = {e["source"] for r in listings(net, node) for e in net.evidence(r)}
    apart = [apart_item("restriction", net.label(r), [r, node], {r: when(net, r)}, as_of)
             for r in (listings(net, node, notation, as_of, APART) if as_of else [])]
    scope = f" on the {net.concept(notation)}" if notation else ""
    at = f" as of {as_of}" if as_of else ""
    absent = [lst for lst in lists if lst["source"] not in on
              and (notation is None or lst["instrument"] == notation)]
    if rows:
        title = (f"{net.label(node)}: restricted{at}, {len(rows)} "
                 f"restriction{'s' * (len(rows) != 1)}{scope}")
        notes = []
    elif as_of and listings(net, node, notation):
        title = f"{net.label(node)}: no restriction{scope} known to be in force{at}"
        notes = []
    elif notation and absent and not listings(net, node, notation):
        # The graph holds this list whole: not being on it is known, as of the list's date.
        title = f"{net.label(node)}: not listed{scope} as of {absent[0]['as of']} " \
                f"({_entries(absent[0])})"
        notes, absent = [], []
    else:
        title = f"{net.label(node)}: no restriction{scope} recorded"
        notes = not_known(net, [node], "restriction", f"restriction{scope} on {net.label(node)}")
        if lists and not notation:
            notes = [n.replace("; unknown is not no", "") + " (lists held in part, such as "
                     "the SDN list, are unknown, not no)" for n in notes]
    notes += absent_notes(net, node, absent, notation)
    notes += apart_notes(apart, "restriction")
    columns = COLUMNS[:-1] + (["dates used"] if as_of else []) + COLUMNS[-1:]
    return Answer("restrictions", title, columns, rows, notes, apart=apart,
                  explain={"operation": "restrictions", "target": node, "instrument": notation,
                           "as of": as_of,
                           "method": "restriction nodes with a 'lists' edge to the target"})


def complete_lists(net: Network) -> list[dict]:
    """Return the lists the graph holds whole: {source, instrument, as of, entries}, by name.

    A source is a complete list when it says so (sk:completeListOf, with its date); its entries
    are the distinct dataset rows that restrictions cite from it.
    """
    found = {sid: {"source": sid, "instrument": s["complete_list_of"],
                   "as of": s.get("complete_as_of"), "rows": set()}
             for sid, s in net.sources.items() if s.get("complete_list_of")}
    if found:
        for claim in net.claims.values():
            if claim.get("kind") == "restriction":
                for item in claim.get("evidence", []):
                    if item["source"] in found and item.get("row"):
                        found[item["source"]]["rows"].add(item["row"])
    out = [{**lst, "entries": len(lst.pop("rows"))} for lst in found.values()]
    return sorted(out, key=lambda lst: (net.concept(lst["instrument"]), lst["source"]))


def absent_notes(net: Network, node: str, absent: list[dict], notation: str | None) -> list[str]:
    """Return what the complete lists say of a node none of their entries names."""
    notes = []
    listed_else = {net.claims.get(r, {}).get("instrument") for r in listings(net, node)}
    for lst in absent:
        name = net.concept(lst["instrument"])
        if lst["instrument"] in listed_else:
            # Listed by another source (curated), yet absent from the whole list: removed, or
            # listed under a name the graph does not resolve. Both stay visible.
            notes.append(f"the complete {name} as of {lst['as of']} ({_entries(lst)}) has no "
                         "entry the graph resolves to it: removed since, or listed under "
                         "another name")
        else:
            notes.append(f"not listed on the {name} as of {lst['as of']} ({_entries(lst)})")
    return notes


def _entries(lst: dict) -> str:
    return f"complete list, {lst['entries']:,} named entries"


def list_status(net: Network, node: str) -> list[str]:
    """Return the notes of the complete lists an organisation is not on (for its profile)."""
    if net.kind(node) in ("country", "initiative"):
        return []
    on = {e["source"] for r in listings(net, node) for e in net.evidence(r)}
    return absent_notes(net, node, [lst for lst in complete_lists(net)
                                    if lst["source"] not in on], None)


def authorities(net: Network, country: str) -> list[str]:
    """Return the authorities of a country that impose restrictions ('US' -> BIS, OFAC, ...).

    An authority belongs to a country by its home-country claim, or when its label or an
    alias names the country (by name, alpha-3 or alpha-2 code: 'US Treasury').
    """
    code = resolve_country(country)
    if code is None:
        return []
    record = pycountry.countries.get(alpha_3=code)
    names = {normalize(country_name(code)), code.lower()} | (
        {record.alpha_2.lower(), normalize(record.name)} if record else set())
    out = []
    for node in sorted({u for u, _, verb in net.graph.edges(data="verb") if verb == "imposes"}):
        home = any(v == f"country/{code}" and kind == "home"
                   for _, v, kind in net.graph.out_edges(node, data="kind"))
        labels = [normalize(x) for x in [net.label(node)] + net.graph.nodes[node]["aliases"]]
        if home or any(f" {n} " in f" {label} " for n in names for label in labels):
            out.append(node)
    return out
