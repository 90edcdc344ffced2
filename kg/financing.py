"""Who financed what: the lenders of a deal, country or borrower, and what a lender financed.

>>> from kg.network import Network
>>> net = Network.from_dict({"nodes": [{"id": "org/b", "label": "Bank", "kind": "lender"},
...     {"id": "deal/d", "label": "D", "kind": "deal"}], "edges": [{"u": "org/b", "v": "deal/d",
...     "kind": "financing", "verb": "finances", "claim": "financing/f"}]})
>>> [r["lender"] for r in financed_by(net, "D").rows], [r["financed"] for r in financed(net, "Bank").rows]
(['Bank'], ['D'])
"""
from __future__ import annotations

from kg.answers import Answer, claim_evidence, dates, entity, not_known, sources_of
from kg.network import Network
from kg.resolve import resolve

BY_COLUMNS = ["lender", "financing", "amount", "dates", "sources"]
OF_COLUMNS = ["financed", "kind", "financing", "amount", "dates", "sources"]


def _row(net: Network, other: str, claim_id: str, attrs: dict) -> dict:
    claim = net.claims.get(claim_id, {})
    amount = " ".join(str(claim[k]) for k in ("amount", "currency") if claim.get(k))
    evidence = claim_evidence(net, claim_id)
    return {"financing": claim.get("label") or claim_id, "amount": amount,
            "dates": dates(attrs), "sources": sources_of(evidence),
            "entity": entity(net, other), "evidence": evidence}


def financed_by(net: Network, target: str) -> Answer:
    """Return who financed a deal, country or borrower; nothing recorded is not 'nobody'."""
    node = resolve(net, target)
    rows = [{"lender": net.label(u), **_row(net, u, a["claim"], a)}
            for u, _, a in net.graph.in_edges(node, data=True) if a["kind"] == "financing"]
    rows.sort(key=lambda r: (r["lender"], r["dates"], r["financing"]))
    notes = [] if rows else not_known(net, [node], "financing",
                                      f"financing recorded for {net.label(node)}")
    return Answer("financed-by", f"Financing of {net.label(node)}: {len(rows)} recorded",
                  BY_COLUMNS, rows, notes,
                  explain={"operation": "financed_by", "target": node,
                           "method": "financing edges into the node"})


def financed(net: Network, lender: str) -> Answer:
    """Return the deals, borrowers and countries a lender financed."""
    node = resolve(net, lender)
    rows = [{"financed": net.label(v), "kind": net.kind(v), **_row(net, v, a["claim"], a)}
            for _, v, a in net.graph.out_edges(node, data=True) if a["kind"] == "financing"]
    rows.sort(key=lambda r: (r["kind"] != "deal", r["financed"], r["dates"]))
    notes = [] if rows else not_known(net, [node], "financing",
                                      f"financing by {net.label(node)}")
    return Answer("financed", f"Financed by {net.label(node)}: {len(rows)} recorded",
                  OF_COLUMNS, rows, notes,
                  explain={"operation": "financed", "lender": node,
                           "method": "financing edges out of the node"})
