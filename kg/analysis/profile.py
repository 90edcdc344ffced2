"""Everything the graph knows of one entity, each fact with its sources.

Facts come from the entity's edges (read in its direction: "supplies Kenya", or against it:
"supplied by Huawei"), from the claim behind a claim node (amount, technologies, instrument),
and from the findings and observations about it; researched gaps say "no source found". A
supply fact says its strength ("use reported by a tracker, lower confidence"); a country's export
licences, which name no vendor, are facts of their own ("export licence from ...").

>>> from kg.analysis.network import Network
>>> net = Network.from_dict({"nodes": [{"id": "org/a", "label": "A", "kind": "company"},
...     {"id": "country/KEN", "label": "Kenya", "kind": "country"}],
...     "edges": [{"u": "org/a", "v": "country/KEN", "kind": "supply", "verb": "supplies",
...                "claim": "supply/x"}]})
>>> [(r["section"], r["fact"], r["strength"]) for r in profile(net, "Kenya").rows]
[('supplied by', 'A', 'strength not recorded')]
"""
from __future__ import annotations

from kg.analysis.answers import Answer, claim_evidence, dates, entity, sources_of
from kg.analysis.financing import NOT_SURVEILLANCE, financed_rows, lent_rows
from kg.analysis.network import Network
from kg.analysis.resolve import resolve
from kg.analysis.restrictions import list_status
from kg.analysis import strength as strengths_

COLUMNS = ["section", "fact", "dates", "strength", "claim", "sources"]
# How an edge reads from its target's side.
INVERSE = {"supplies": "supplied by", "contractor for": "contractors", "bought by": "buys",
           "in": "deals here", "based in": "home of", "origin in": "origin of",
           "part of": "units", "finances": "financed by",
           "member of": "members", "imposes": "imposed by", "lists": "restrictions",
           "proposes": "proposed by", "submitted to": "proposals received",
           "became": "resulting from", "developed by": "develops", "owns": "owned by"}
# Claim details shown for a claim node, in this order.
DETAILS = ("amount", "technologies", "instrument", "legal_citation", "status", "scope",
           "topic", "identifier", "note")
_ABOUT = {"finding": "findings", "observation": "observations",
          "technology-use": "technologies used"}


def profile(net: Network, name: str, strengths: frozenset[str] | None = None) -> Answer:
    """Return the profile of the entity a name denotes (its supply facts of the given
    strengths only, when `strengths` is given: see kg.analysis.strength)."""
    node = resolve(net, name)
    rows, left_out = [], set()
    # A supply that names its buyers is one fact: the vendor's row to the country names them,
    # so the vendor -> buyer edges of the same claim are not rows of their own.
    edges = [(v, attrs["verb"], attrs) for _, v, attrs in net.graph.out_edges(node, data=True)
             if not (attrs["kind"] == "supply"
                     and v in net.claims.get(attrs["claim"], {}).get("buyers", []))]
    edges += [(u, INVERSE.get(attrs["verb"], f"<-{attrs['verb']}-"), attrs)
              for u, _, attrs in net.graph.in_edges(node, data=True)]
    edges += _licences(net, node)
    for other, section, attrs in edges:
        if attrs["kind"] == "supply" and not strengths_.keeps(net, attrs["claim"], strengths):
            left_out.add(attrs["claim"])
        elif attrs["kind"] != "financing":  # financing comes by fact, below
            text = (strengths_.licence_text(net, other) if attrs.get("licence")
                    else net.label(other))
            rows.append(_fact(net, section, text, dates(attrs), attrs["claim"],
                              entity(net, other), supply=attrs["kind"] == "supply", node=node))
    rows += _financing(net, node)
    for claim_id in net.about.get(node, []):
        claim = net.claims[claim_id]
        text = _about_text(net, claim)
        rows.append(_fact(net, _ABOUT.get(claim["kind"], claim["kind"]), text,
                          claim.get("period") or dates(claim), claim_id,
                          {"id": claim_id, "label": text, "kind": claim["kind"]}))
    order = {s: i for i, s in enumerate(dict.fromkeys(r["section"] for r in rows))}
    # Within a section, supply facts strongest first (sk:strengthRank), then by name.
    rows.sort(key=lambda r: (order[r["section"]], strengths_.rank(net, strengths_.of(
        net, r["claim"])) if r.get("strength") else 0, r["fact"].lower(), r["dates"], r["claim"]))
    attrs = net.graph.nodes[node]
    claim = net.claims.get(attrs.get("claim", ""), {})
    details = [{"name": key.replace("_", " "),
                "value": _amount(claim) if key == "amount" else _detail(net, key, claim[key])}
               for key in DETAILS if claim.get(key)]
    gaps = strengths_.filter_note(net, strengths, len(left_out))
    gaps += [f"no source found: {g['question']} (searched: {g['searched']})"
             for g in net.gaps_about(node)]
    gaps += list_status(net, node)  # "not on the MEU list as of ...": lists held whole
    card = {"entity": entity(net, node), "aliases": attrs.get("aliases", []),
            "identifier": attrs.get("identifier"), "details": details,
            "details evidence": claim_evidence(net, attrs["claim"]) if claim else []}
    title = f"{net.label(node)} ({node}), {net.kind(node)}"
    return Answer("profile", title, COLUMNS, rows, gaps, profile=card,
                  explain={"operation": "profile", "node": node,
                           "strength": sorted(strengths) if strengths is not None else None,
                           "method": "the node's edges in the network projection, "
                                     "and the claims about it"})


def _licences(net: Network, node: str) -> list[tuple[str, str, dict]]:
    """Export licences to a country (or granted by it), as (other country, section, edge):
    a licence names no supplier, so the projection has no edge for it."""
    found = []
    for exporting, country, claim in strengths_.licences(net):
        attrs = {"kind": "supply", "claim": claim, "licence": True,
                 **{k: v for k, v in net.claims[claim].items()
                    if k in ("year", "start", "end", "date")}}
        if country == node:
            found.append((exporting, "export licences", attrs))
        elif exporting == node:
            found.append((country, "export licences granted", {**attrs, "licence": False}))
    return found


def _financing(net: Network, node: str) -> list[dict]:
    """Financing rows, one per real-world fact: of the node (a deal, country, borrower), or by
    it (a lender); money for other things than surveillance or security in its own section."""
    found = [("financed by", r) for r in financed_rows(net, node)]
    found += [("finances", r) for r in lent_rows(net, node)]
    rows = []
    for section, row in found:
        if row["purpose"] in NOT_SURVEILLANCE:
            section += " (not surveillance or security)"
        text = row["financed"] if section.startswith("finances") else row["lender"]
        extra = ", ".join(x for x in (row["kind"] if row["kind"] != "not stated" else "",
                                      row["amount"]) if x)
        part = f"; part of {', '.join(row['part of'])}" if row["part of"] else ""
        rows.append({"section": section, "fact": f"{text} ({extra}{part})" if extra or part
                     else text, "dates": row["dates"], "claim": ", ".join(row["claims"]),
                     "sources": row["sources"], "evidence": row["evidence"],
                     "entity": row["entity"]})
    return rows


def _fact(net: Network, section: str, text: str, when: str, claim: str, other: dict,
          supply: bool = False, node: str | None = None) -> dict:
    evidence = claim_evidence(net, claim)
    # The buying agencies a source names, but the row's own ends (the profiled node, the other).
    # (A deal is a node of its own, whose profile lists its buyers: only supply claims here.)
    named = (net.claims.get(claim, {}).get("buyers", [])
             if net.claims.get(claim, {}).get("kind") == "supply" else [])
    buyers = [b for b in named if b not in (other.get("id"), node)]
    if supply and buyers:
        also = "also " if node in named or other.get("id") in named else ""
        text += f" ({also}bought by {', '.join(net.label(b) for b in buyers)})"
    row = {"section": section, "fact": text, "dates": when,
           "strength": strengths_.describe(net, claim) if supply else "", "claim": claim,
           "sources": sources_of(evidence), "evidence": evidence}
    row["entity"] = other
    return row


def _about_text(net: Network, claim: dict) -> str:
    if claim["kind"] == "technology-use":
        return net.concept(claim.get("technology", ""))
    unit = f" {claim['unit']}" if claim.get("unit") else ""
    return f"{claim.get('measure')}: {claim.get('value')}{unit}"


def _detail(net: Network, key: str, value) -> str:
    if key == "technologies":
        return ", ".join(net.concept(v) for v in value)
    if key == "instrument":
        return net.concept(value)
    return str(value)


def _amount(claim: dict) -> str:
    """Return '126,000,000 USD' for an amount and its currency."""
    amount = claim["amount"]
    number = f"{float(amount):,.2f}".removesuffix(".00")
    return f"{number} {claim.get('currency', '')}".strip()
