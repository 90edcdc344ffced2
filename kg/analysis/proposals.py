"""Who proposed standards to a body (or its study groups and questions), optionally only
proposers under a restriction instrument.

>>> from kg.analysis.network import Network
>>> net = Network.from_dict({"nodes": [{"id": "org/z", "label": "ZTE", "kind": "company"},
...     {"id": "org/itu", "label": "ITU-T", "kind": "standards-body"},
...     {"id": "proposal/p", "label": "Face", "kind": "proposal"}], "edges": [
...     {"u": "org/z", "v": "proposal/p", "kind": "proposal", "verb": "proposes", "claim": "proposal/p"},
...     {"u": "proposal/p", "v": "org/itu", "kind": "proposal", "verb": "submitted to",
...      "claim": "proposal/p"}]})
>>> [(r["proposer"], r["proposals"]) for r in proposers(net, "ITU-T").rows]
[('ZTE', ['Face'])]
"""
from __future__ import annotations

from collections import defaultdict

from kg.analysis.answers import Answer, claim_evidence, entity, not_known, sources_of
from kg.analysis.network import Network
from kg.analysis.resolve import resolve
from kg.analysis.restrictions import instrument as resolve_instrument, listings

COLUMNS = ["proposer", "proposals", "bodies", "restrictions", "sources"]


def bodies_under(net: Network, body: str) -> set[str]:
    """Return the body and every study group or question that is part of it, transitively."""
    import networkx as nx  # here: `kg ask` imports this module, and needs networkx only here

    parts = nx.DiGraph((u, v) for u, v, verb in net.graph.edges(data="verb") if verb == "part of")
    return {body} | (nx.ancestors(parts, body) if body in parts else set())


def proposers(net: Network, body: str | None = None, instrument: str | None = None,
              restricted: bool = False) -> Answer:
    """Return the organisations that proposed standards (to a body; under an instrument)."""
    node = resolve(net, body, kinds=("standards-body", "study-group", "question"),
                   what="standards body") if body else None
    bodies = bodies_under(net, node) if node else None
    notation = resolve_instrument(net, instrument) if instrument else None
    found: dict[str, list[str]] = defaultdict(list)
    for proposal in net.nodes_of("proposal"):
        targets = {v for _, v, verb in net.graph.out_edges(proposal, data="verb")
                   if verb == "submitted to"}
        if bodies is not None and not targets & bodies:
            continue
        for u, _, verb in net.graph.in_edges(proposal, data="verb"):
            if verb == "proposes":
                found[u].append(proposal)
    rows = []
    for proposer, proposals in found.items():
        listed = listings(net, proposer, notation)
        if (notation or restricted) and not listed:
            continue
        evidence = [e for p in proposals for e in claim_evidence(net, p)]
        evidence += [e for r in listed for e in claim_evidence(net, r)]
        targets = {v for p in proposals for _, v, verb in net.graph.out_edges(p, data="verb")
                   if verb == "submitted to"}
        rows.append({"proposer": net.label(proposer),
                     "proposals": sorted(net.label(p) for p in proposals),
                     "bodies": sorted(net.label(b) for b in targets),
                     "restrictions": list(dict.fromkeys(net.label(r) for r in listed)),
                     "sources": sources_of(evidence), "entity": entity(net, proposer),
                     "evidence": evidence})
    rows.sort(key=lambda r: (-len(r["proposals"]), r["proposer"]))
    scope = (f" on the {net.concept(notation)}" if notation else
             " under a restriction" if restricted else "")
    title = (f"Proposers{scope} of standards" + (f" to {net.label(node)}" if node else "")
             + f": {len(rows)}")
    notes = [] if rows else not_known(net, [node] if node else [], "proposal",
                                      f"proposal{scope}" + (f" to {net.label(node)}" if node
                                                             else ""))
    return Answer("proposers", title, COLUMNS, rows, notes,
                  explain={"operation": "proposers", "body": node, "instrument": notation,
                           "restricted": restricted,
                           "method": "proposal nodes submitted to the body or its parts, "
                                     "their proposers, filtered by restriction listings"})
