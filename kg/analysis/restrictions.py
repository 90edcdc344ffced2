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
    apart = [apart_item("restriction", net.label(r), [r, node], {r: when(net, r)}, as_of)
             for r in (listings(net, node, notation, as_of, APART) if as_of else [])]
    scope = f" on the {net.concept(notation)}" if notation else ""
    at = f" as of {as_of}" if as_of else ""
    if rows:
        title = (f"{net.label(node)}: restricted{at}, {len(rows)} "
                 f"restriction{'s' * (len(rows) != 1)}{scope}")
        notes = []
    elif as_of and listings(net, node, notation):
        title = f"{net.label(node)}: no restriction{scope} known to be in force{at}"
        notes = []
    else:
        title = f"{net.label(node)}: no restriction{scope} recorded"
        notes = not_known(net, [node], "restriction", f"restriction{scope} on {net.label(node)}")
    notes += apart_notes(apart, "restriction")
    columns = COLUMNS[:-1] + (["dates used"] if as_of else []) + COLUMNS[-1:]
    return Answer("restrictions", title, columns, rows, notes, apart=apart,
                  explain={"operation": "restrictions", "target": node, "instrument": notation,
                           "as of": as_of,
                           "method": "restriction nodes with a 'lists' edge to the target"})


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
