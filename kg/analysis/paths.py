"""Paths between entities that make a connection, every hop with its relation, dates and evidence.

A path is a chain of claims the grammar in `kg.analysis.path_grammar` accepts: arms of
different families (restriction, supply, financing, proposal, ...) meeting at one pivot, so
"the BIS listed Huawei; Huawei supplied the Uganda Police's CCTV system" is a path and "Huawei
supplied Dushanbe's cameras, which the Exim Bank financed; the Exim Bank financed a Kenyan
project" is not. Hops follow claims in either direction (a hop against an edge's direction
reads backwards: "Uganda <-in- Uganda Police CCTV"). `kg.analysis.path_search` finds them;
here they are ranked (shortest, then most strongly sourced, then the more specific), merged
when they differ only in a claim node, and described hop by hop and as one sentence
(`kg.analysis.path_story`).

>>> from kg.analysis.network import Network
>>> edges = [("org/a", "org/b", "ownership", "owns"), ("org/b", "country/KEN", "supply",
...           "supplies")]
>>> net = Network.from_dict({"nodes": [{"id": "org/a", "label": "A", "kind": "company"},
...     {"id": "org/b", "label": "B", "kind": "company"},
...     {"id": "country/KEN", "label": "Kenya", "kind": "country"}],
...     "edges": [{"u": u, "v": v, "kind": k, "verb": verb, "claim": f"c/{u}{v}"}
...               for u, v, k, verb in edges]})
>>> [p["labels"] for p in paths(net, "A", "Kenya").paths]
[['A', 'B', 'Kenya']]
"""
from __future__ import annotations

from kg.analysis import strength
from kg.analysis.answers import Answer, claim_evidence, dates, entity
from kg.analysis.network import RELATION_KINDS, Network
from kg.analysis.path_grammar import STORIES, Grammar
from kg.analysis.path_search import CLAIM_KINDS, EXPANSIONS, search
from kg.analysis.path_story import sentence
from kg.analysis.resolve import resolve
from kg.errors import KGError

MAX_HOPS = 8
CANDIDATES = 40  # complete paths looked at, before merging same-shape ones
COLUMNS = ["path", "hop", "from_id", "from", "relation", "direction", "to_id", "to", "kind",
           "claims", "dates", "sources"]  # one CSV row per hop


def check_kinds(kinds) -> tuple[str, ...] | None:
    """Return the relation kinds as a tuple, or raise KGError naming the valid ones."""
    if not kinds:
        return None
    unknown = [k for k in kinds if k not in RELATION_KINDS]
    if unknown:
        raise KGError(f"unknown relation kind '{unknown[0]}' (kinds: {', '.join(RELATION_KINDS)})")
    return tuple(kinds)


def paths(net: Network, source: str, target: str, max_paths: int = 3, kinds=None,
          max_hops: int = MAX_HOPS) -> Answer:
    """Return up to max_paths connections between two named entities, shortest first."""
    start, end = resolve(net, source), resolve(net, target)
    return paths_between(net, [start], end, max_paths, kinds, max_hops)


def _strength_key(net: Network, hops: list) -> int:
    """Return the path's weakest hop (each hop counts its best-graded claim): lower is
    stronger. A fact the grades do not apply to (a listing, a loan record, an ownership) counts
    as the strongest grade: it is documented, not a weaker kind of supply."""
    best = min(net.ranks.values(), default=1)
    worst = best
    for _, links in hops:
        ranks = [net.ranks.get(net.claims.get(net.graph.edges[link]["claim"], {})
                               .get("strength", ""), 0) for link in links]
        graded = [r for r in ranks if r]
        worst = max(worst, min(graded) if graded else best)
    return worst


def paths_between(net: Network, starts: list[str], end: str, max_paths: int = 3, kinds=None,
                  max_hops: int = MAX_HOPS, source_name: str | None = None) -> Answer:
    """Return up to max_paths connections from any of `starts` to `end`: shortest first, then
    the most strongly sourced.

    Paths that differ only in which claim node they pass through (two designations of the
    same vendor by the same authority) are one path; the others are listed as `also via`.
    """
    kinds = check_kinds(kinds)
    grammar = Grammar(kinds)
    sources = [s for s in starts if s != end and s in net.graph]
    found, capped = ([], False)
    if sources and end in net.graph:
        found, capped = search(net, grammar, sources, end, max_hops,
                                CANDIDATES + 10 * max_paths)
    found.sort(key=lambda c: (c[0], _strength_key(net, c[2]), -len(c[1]),
                              [net.label(n).lower() for n in c[1]]))
    shapes: dict[tuple, list] = {}
    for _, nodes, hops in found:
        shape = tuple(net.kind(n) if net.kind(n) in CLAIM_KINDS else n for n in nodes)
        shapes.setdefault(shape, []).append((nodes, hops))
    chosen = []
    for number, variants in enumerate(list(shapes.values())[:max_paths], start=1):
        nodes, hops = variants[0]
        described = _describe(net, nodes, hops, number)
        described["also via"] = [entity(net, n) for other, _ in variants[1:] for n in other
                                 if n not in nodes]
        chosen.append(described)
    names = (f"'{source_name}' ({len(starts)} entities)" if source_name
             else " or ".join(net.label(s) for s in starts))
    title = f"Paths from {names} to {net.label(end)}: {len(chosen)} found"
    notes = [] if chosen else _no_path_notes(kinds, max_hops)
    if not sources and end in starts:  # `kg path Huawei huawei`: nothing to connect
        notes = [f"both names are {net.label(end)} ({end}): a connection joins two entities"]
    if capped:
        notes.append(f"the search stopped after extending {EXPANSIONS:,} partial paths: "
                     "shorter or stronger connections may exist (--max-hops lowers the bound)")
    explain = {"operation": "paths", "from": starts, "to": end, "kinds": list(kinds or ["all"]),
               "max paths": max_paths, "max hops": max_hops,
               "grammar": "arms of different families meeting at one pivot: "
                          + "; ".join(f"{k}: {v}" for k, v in STORIES.items()
                                      if not kinds or k in kinds),
               "method": "both ends walk (entity, grammar state) pairs towards each other and "
                         "join where their states make one connection; then best-first over "
                         "the joined pairs, guided by each pair's exact distance to the end (a "
                         "claim node is half a step); same-shape paths merged"}
    return Answer("path", title, COLUMNS, notes=notes, explain=explain, paths=chosen)


def _no_path_notes(kinds, max_hops: int) -> list[str]:
    return [f"not recorded: no connection of at most {max_hops} hops"
            + (f" over {', '.join(kinds)} links" if kinds else "")
            + " in the graph; unknown is not no",
            "a connection is a chain of claims that tells one story (kg path --help): two "
            "customers of one vendor, two loans of one bank or two members of one initiative "
            "are not connected through it"]


def _describe(net: Network, nodes: list[str], hops: list, number: int) -> dict:
    described = []
    for a, b, (tok, links) in zip(nodes, nodes[1:], hops):
        attrs = [net.graph.edges[link] for link in links]
        forward = not tok.startswith("~")
        relation = " / ".join(dict.fromkeys(at["verb"] if forward else f"<-{at['verb']}-"
                                            for at in attrs))
        claims = list(dict.fromkeys(at["claim"] for at in attrs))
        evidence = [e for c in claims for e in claim_evidence(net, c)]
        described.append({
            "from": entity(net, a), "to": entity(net, b), "relation": relation,
            "direction": "forward" if forward else "backward", "token": tok,
            "kind": " / ".join(dict.fromkeys(at["kind"] for at in attrs)),
            "claims": claims,
            "claim labels": [net.claims.get(c, {}).get("label") or c for c in claims],
            "dates": "; ".join(d for d in dict.fromkeys(dates(at) for at in attrs) if d),
            # a supply hop says what it rests on (kg.analysis.strength)
            "strength": strength.summary(net, [at["claim"] for at in attrs
                                               if at["kind"] == "supply"]),
            "evidence": evidence})
    path = {"number": number, "length": len(described), "nodes": [entity(net, n) for n in nodes],
            "labels": [net.label(n) for n in nodes], "hops": described}
    story = sentence(net, path)
    path["sentence"], path["clauses"] = story["text"], story["clauses"]
    return path
