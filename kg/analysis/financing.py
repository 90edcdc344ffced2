"""Who financed what: every financing claim about a deal, country or borrower, one row per fact.

A financing claim reaches a deal through its own `finances` field or a reviewed link; a country
through its recipient country or the deals it pays for there. Claims linked same-as are one
fact: one row with all their evidence, the lender named by any of them. A claim whose source
names no lender is still financing ("lender not named by the source"), and a claim that a
reviewed link makes a part (a tranche) of another says so. Money for something that is not
surveillance or security equipment (AidData's masks, schools, telecom networks) is listed apart
and never as financing of surveillance.

>>> from kg.analysis.network import Network
>>> net = Network.from_dict({"nodes": [{"id": "org/b", "label": "Bank", "kind": "lender"},
...     {"id": "deal/d", "label": "D", "kind": "deal"}],
...     "claims": {"financing/f": {"kind": "financing", "lender": "org/b", "finances": ["deal/d"],
...                                "evidence": []},
...                "financing/g": {"kind": "financing", "finances": ["deal/d"], "evidence": []}}})
>>> [r["lender"] for r in financed_by(net, "D").rows], [r["financed"] for r in financed(net, "Bank").rows]
(['Bank', 'lender not named by the source'], ['D'])
"""
from __future__ import annotations

from kg.analysis.answers import Answer, claim_evidence, dates, entity, not_known, sources_of
from kg.analysis.network import Network
from kg.analysis.resolve import resolve

BY_COLUMNS = ["lender", "kind", "financing", "amount", "dates", "deal", "part of", "sources"]
OF_COLUMNS = ["financed", "kind", "financing", "amount", "dates", "sources"]
NO_LENDER = "lender not named by the source"
NOT_SURVEILLANCE = {"telecommunications": "telecommunications, not surveillance or security",
                    "other": "not surveillance or security equipment"}


def financing_claims(net: Network) -> list[str]:
    return sorted(c for c, claim in net.claims.items() if claim.get("kind") == "financing")


def paid_deals(net: Network, claim: str) -> set[str]:
    """Return the deals a financing claim pays for, its same-fact claims' included."""
    return {d for c in net.same_fact(claim) for d in net.claims.get(c, {}).get("finances", [])}


def claims_about(net: Network, node: str) -> list[str]:
    """Return the financing claims about a deal, a country, or a borrower or buyer (any
    purpose)."""
    kind = net.kind(node)
    if kind == "deal":
        deals = set(net.same_fact(node)) | {node}
        return [c for c in financing_claims(net) if paid_deals(net, c) & deals]
    if kind == "country":
        found = []
        for c in financing_claims(net):
            claim = net.claims[c]
            places = {net.claims.get(d, {}).get("country") for d in paid_deals(net, c)}
            if claim.get("country") == node or node in places:
                found.append(c)
        return found
    # A buyer (an agency, a company): loans it took, and the financing of the deals it bought.
    bought = {d for d, _, verb in net.graph.in_edges(node, data="verb") if verb == "bought by"}
    return [c for c in financing_claims(net)
            if net.claims[c].get("borrower") == node or paid_deals(net, c) & bought]


def facts(net: Network, claims: list[str]) -> list[list[str]]:
    """Return the claims grouped by real-world fact (same-as links), in a stable order."""
    wanted, groups = set(claims), {}
    for claim in sorted(claims):
        fact = net.fact(claim)
        groups.setdefault(fact, [c for c in net.same_fact(claim) if c in wanted])
    return list(groups.values())


def lenders(net: Network, group: list[str]) -> list[str]:
    return sorted({net.claims[c]["lender"] for c in group if net.claims[c].get("lender")})


def fact_row(net: Network, group: list[str]) -> dict:
    """Return one row for a fact: lender, kind, label, amounts, dates, deals, parts, evidence."""
    claims = [net.claims[c] for c in group]
    named = lenders(net, group)
    amounts = sorted({money(c) for c in claims if c.get("amount")})
    kinds = sorted({c["financing_kind"] for c in claims if c.get("financing_kind")})
    deals = sorted({d for c in group for d in net.claims[c].get("finances", [])})
    wholes = net.wholes(group[0])
    evidence = [e for c in group for e in claim_evidence(net, c)]
    return {"lender": ", ".join(net.label(x) for x in named) or NO_LENDER,
            "kind": ", ".join(k.replace("-", " ") for k in kinds) or "not stated",
            "financing": next((c["label"] for c in claims if c.get("label")), group[0]),
            "amount": "; ".join(amounts),
            "dates": "; ".join(sorted({dates(c) for c in claims if dates(c)})),
            "deal": [net.label(d) for d in deals],
            "part of": [net.claims.get(w, {}).get("label") or w for w in wholes],
            "sources": sources_of(evidence), "claims": group,
            "purpose": next((c["purpose"] for c in claims if c.get("purpose")), None),
            "entity": entity(net, named[0]) if named else {"id": group[0], "label": NO_LENDER,
                                                           "kind": "financing"},
            "evidence": evidence}


_SHOWN = 5  # items a note names before "and N more"


def apart_of(rows: list[dict], name: str) -> tuple[list[dict], list[str]]:
    """Return `Answer.apart` entries and one note per purpose for money that is not financing
    of surveillance; `name` is the row key naming each (the lender, or what was financed)."""
    apart = [{"kind": "financing", "subject": f"{r[name]}: {r['financing']}",
              "reason": NOT_SURVEILLANCE[r["purpose"]], "claims": r["claims"]} for r in rows]
    notes = []
    for purpose, reason in NOT_SURVEILLANCE.items():
        mine = [r for r in rows if r["purpose"] == purpose]
        if mine:
            named = "; ".join(f"{r[name]}: {r['financing']}" for r in mine[:_SHOWN])
            more = (f"; and {len(mine) - _SHOWN} more (--format json lists them)"
                    if len(mine) > _SHOWN else "")
            notes.append(f"not financing of surveillance ({reason}): {len(mine)} recorded: "
                         f"{named}{more}")
    return apart, notes


def money(claim: dict) -> str:
    """Return '240,000,000 USD' for a claim's amount and currency."""
    number = f"{float(claim['amount']):,.2f}".removesuffix(".00")
    return f"{number} {claim.get('currency', '')}".strip()


def _split(net: Network, claims: list[str]) -> tuple[list[dict], list[dict]]:
    rows = [fact_row(net, group) for group in facts(net, claims)]
    kept = [r for r in rows if r["purpose"] not in NOT_SURVEILLANCE]
    return kept, [r for r in rows if r["purpose"] in NOT_SURVEILLANCE]


def financed_rows(net: Network, node: str) -> list[dict]:
    """Return one row per financing fact of a deal, country or borrower (any purpose)."""
    return [fact_row(net, group) for group in facts(net, claims_about(net, node))]


def lent_rows(net: Network, node: str) -> list[dict]:
    """Return one row per financing fact a lender is named in, with what it `financed`."""
    mine = [c for c in financing_claims(net) if node in lenders(net, net.same_fact(c))]
    rows = [fact_row(net, group) for group in facts(net, mine)]
    for row in rows:
        claim = net.claims[row["claims"][0]]
        deals = sorted(paid_deals(net, row["claims"][0]))
        target = deals[0] if deals else claim.get("borrower") or claim.get("country")
        row["financed"] = net.label(target) if target else "not named by the source"
        if target:
            row["entity"] = entity(net, target)
    return rows


def financed_by(net: Network, target: str) -> Answer:
    """Return every financing of a deal, country or borrower, one row per real-world fact."""
    node = resolve(net, target)
    claims = claims_about(net, node)
    rows, apart = _split(net, claims)
    rows.sort(key=lambda r: (r["lender"] == NO_LENDER, r["lender"], r["dates"], r["financing"]))
    apart, notes = apart_of(apart, "lender")
    gaps = not_known(net, [node], "financing", f"financing recorded for {net.label(node)}")
    notes = (notes + [g for g in gaps if g.startswith("no source found")]) if rows else notes + gaps
    linked = len(claims) - len(rows) - len(apart)
    how = f" (from {len(claims) - len(apart)} claims; linked claims shown once)" if linked else ""
    return Answer("financed-by", f"Financing of {net.label(node)}: {len(rows)} recorded{how}",
                  BY_COLUMNS, rows, notes, apart=apart,
                  explain={"operation": "financed_by", "target": node,
                           "method": "financing claims that pay for the deal (field or reviewed "
                                     "link) or go to the country, grouped by same-as links"})


def financed(net: Network, lender: str) -> Answer:
    """Return what a lender financed, one row per real-world fact."""
    node = resolve(net, lender)
    every = lent_rows(net, node)
    rows = [r for r in every if r["purpose"] not in NOT_SURVEILLANCE]
    apart = [r for r in every if r["purpose"] in NOT_SURVEILLANCE]
    rows.sort(key=lambda r: (r["financed"], r["dates"]))
    listed, notes = apart_of(apart, "financed")
    if not rows and not apart:
        notes = not_known(net, [node], "financing", f"financing by {net.label(node)}")
    return Answer("financed", f"Financed by {net.label(node)}: {len(rows)} recorded",
                  OF_COLUMNS, rows, notes, apart=listed,
                  explain={"operation": "financed", "lender": node,
                           "method": "financing claims naming the lender, grouped by same-as "
                                     "links"})
