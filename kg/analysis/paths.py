"""Paths between entities that make a connection, every hop with its relation, dates and evidence.

A path is a chain of claims the grammar in `kg.analysis.path_grammar` accepts: arms of
different families (restriction, supply, financing, proposal, ...) meeting at one pivot, so
"the BIS listed Huawei; Huawei supplied the Uganda Police's CCTV system" is a path and "Huawei
supplied Dushanbe's cameras, which the Exim Bank financed; the Exim Bank financed a Kenyan
project" is not. Hops follow claims in either direction (a hop against an edge's direction
reads backwards: "Uganda <-in- Uganda Police CCTV"). The search walks the network and the
grammar's states together: a best-first search over the pairs (entity, grammar state) that can
still reach the other end, shortest first (a hop into or out of a claim node weighs half: the
deal is a detail of the link it makes), then most strongly sourced.

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

import heapq
from itertools import count

from kg.analysis import strength
from kg.analysis.answers import Answer, claim_evidence, dates, entity
from kg.analysis.network import CLAIM_NODES, RELATION_KINDS, Network
from kg.analysis.path_grammar import STORIES, Grammar, flip, token
from kg.analysis.path_story import sentence
from kg.analysis.resolve import resolve
from kg.errors import KGError

MAX_HOPS = 8
CANDIDATES = 40  # complete paths looked at, before merging same-shape ones
EXPANSIONS = 200_000  # partial paths the search may extend: a bound on time, said if reached
COLUMNS = ["path", "hop", "from_id", "from", "relation", "direction", "to_id", "to", "kind",
           "claims", "dates", "sources"]  # one CSV row per hop
_CLAIM_KINDS = frozenset(CLAIM_NODES.values())


def check_kinds(kinds) -> tuple[str, ...] | None:
    """Return the relation kinds as a tuple, or raise KGError naming the valid ones."""
    if not kinds:
        return None
    unknown = [k for k in kinds if k not in RELATION_KINDS]
    if unknown:
        raise KGError(f"unknown relation kind '{unknown[0]}' (kinds: {', '.join(RELATION_KINDS)})")
    return tuple(kinds)


def hops_from(net: Network, node: str) -> list[tuple[str, str, tuple, float, str]]:
    """Return the hops from a node: (neighbour, token, the edges behind it, weight, the
    neighbour's kind).

    Parallel claims with one token (three sources' supply claims) are one hop citing all.
    Computed once per node and network."""
    cache = net.__dict__.setdefault("_path_hops", {})
    if node not in cache:
        kinds = net.__dict__.get("_path_kinds")
        if kinds is None:
            kinds = net.__dict__["_path_kinds"] = dict(net.graph.nodes(data="kind", default=""))
        grouped: dict[tuple[str, str], list] = {}
        adjacency = net.graph.succ[node], net.graph.pred[node]
        for forward, neighbours in zip((True, False), adjacency):
            for other, keyed in neighbours.items():
                for key, data in keyed.items():
                    grouped.setdefault((other, token(data["kind"], data["verb"], forward)),
                                       []).append((node, other, key) if forward
                                                  else (other, node, key))
        detail = kinds[node] in _CLAIM_KINDS
        cache[node] = [(other, tok, tuple(sorted(links, key=lambda link: link[2])),
                        0.5 if detail or kinds[other] in _CLAIM_KINDS else 1.0, kinds[other])
                       for (other, tok), links in sorted(grouped.items())]
    return cache[node]


def paths(net: Network, source: str, target: str, max_paths: int = 3, kinds=None,
          max_hops: int = MAX_HOPS) -> Answer:
    """Return up to max_paths connections between two named entities, shortest first."""
    start, end = resolve(net, source), resolve(net, target)
    return paths_between(net, [start], end, max_paths, kinds, max_hops)


class _Side:
    """One end's walk: the (node, state) pairs reached, by depth, and the hops between them."""

    def __init__(self, net: Network, grammar: Grammar, nodes: list[str], stop: set[str]):
        self.net, self.grammar, self.stop = net, grammar, stop
        self.frontier = [(n, st) for n in nodes for st in grammar.starts(net.kind(n))]
        self.depth_of = {pair: 0 for pair in self.frontier}
        self.succ: dict[tuple, list] = {}
        self.depth = 0

    def expand(self) -> None:
        """Take one more hop from every pair of the frontier (not from the other end's nodes:
        a path ends there)."""
        nxt = []
        self.depth += 1
        for pair in self.frontier:
            node, state = pair
            if node in self.stop:
                continue
            out = self.succ[pair] = []
            for other, tok, links, weight, kind in hops_from(self.net, node):
                for after in self.grammar.step(state, tok, kind):
                    target = (other, after)
                    out.append((target, tok, links, weight))
                    if target not in self.depth_of:
                        self.depth_of[target] = self.depth
                        nxt.append(target)
        self.frontier = nxt

    def work(self) -> int:
        """Return what the next hop costs: the links of the frontier's nodes."""
        degree = self.net.graph.degree
        return sum(degree(node) for node in {node for node, _ in self.frontier}
                   if node not in self.stop)

    def by_node(self) -> dict[str, list[tuple]]:
        found: dict[str, list[tuple]] = {}
        for pair in self.depth_of:
            found.setdefault(pair[0], []).append(pair)
        return found


def _product(net: Network, grammar: Grammar, starts: list[str], end: str, max_hops: int):
    """Return the part of the product of network and grammar that paths of at most max_hops
    from the starts to the end can use, as successors from the starts' side, and the pairs at
    which a path is complete.

    Both ends walk the grammar (a connection read backwards is one), one hop at a time from
    the end with the smaller frontier, until their depths add up to max_hops: from a vendor
    with a few customers to an authority with thousands of listings, the walk from the vendor
    does the work. The walks meet where their states make one connection (Grammar.meets).
    """
    ahead = _Side(net, grammar, starts, {end})
    behind = _Side(net, grammar, [end], set(starts))
    # A walk that has run out has found every pair its end reaches: the paths all meet it
    # where it stands, and the other walk need go no further.
    while ahead.depth + behind.depth < max_hops and ahead.frontier and behind.frontier:
        (ahead if ahead.work() <= behind.work() else behind).expand()
    succ: dict[tuple, list] = {("a", pair): [(("a", t), tok, links, w) for t, tok, links, w in out]
                               for pair, out in ahead.succ.items()}
    # The other end's hops, turned round to lead to it: read the other way, same claims.
    for pair, out in behind.succ.items():
        for target, tok, links, weight in out:
            succ.setdefault(("b", target), []).append((("b", pair), flip(tok), links, weight))
    there = behind.by_node()
    for node, pairs in ahead.by_node().items():
        for a in pairs:
            for b in there.get(node, ()):
                if (ahead.depth_of[a] + behind.depth_of[b] <= max_hops
                        and Grammar.meets(a[1], b[1])):
                    succ.setdefault(("a", a), []).append((("b", b), None, (), 0.0))
    done = [("b", pair) for pair in behind.depth_of if behind.depth_of[pair] == 0]
    return succ, done


def _distances(succ: dict, done: list) -> dict:
    """Return each pair's least cost to a complete path (Dijkstra on the reversed pairs)."""
    pred: dict[tuple, list] = {}
    for pair, out in succ.items():
        for target, _, _, weight in out:
            pred.setdefault(target, []).append((pair, weight))
    dist = {pair: 0.0 for pair in done}
    heap = [(0.0, i, pair) for i, pair in enumerate(done)]
    tie = count(len(heap))
    while heap:
        cost, _, pair = heapq.heappop(heap)
        if cost > dist.get(pair, float("inf")):
            continue
        for before, weight in pred.get(pair, ()):
            if cost + weight < dist.get(before, float("inf")):
                dist[before] = cost + weight
                heapq.heappush(heap, (cost + weight, next(tie), before))
    return dist


def _search(net: Network, grammar: Grammar, starts: list[str], end: str, max_hops: int,
            wanted: int) -> tuple[list[tuple[float, list, list]], bool]:
    """Return up to `wanted` distinct simple paths the grammar accepts, cheapest first, as
    (cost, nodes, hops as (token, links)); and whether the search stopped at its bound.

    Best-first over partial paths, each ranked by its cost so far plus its exact least cost to
    the end (so the search goes straight down the cheapest paths, then the next)."""
    succ, done = _product(net, grammar, starts, end, max_hops)
    dist = _distances(succ, done)
    goal = set(done)
    tie = count()
    heap = [(dist[key], 0.0, next(tie), key, (key[1][0],), ())
            for key in (("a", (s, st)) for s in starts for st in grammar.starts(net.kind(s)))
            if key in dist]
    heapq.heapify(heap)
    found, seen, expanded = [], set(), 0
    while heap and len(found) < wanted:
        _, cost, _, key, nodes, hops = heapq.heappop(heap)
        if key in goal:
            signature = (nodes, tuple(tok for tok, _ in hops))
            if signature not in seen:
                seen.add(signature)
                found.append((cost, list(nodes), list(hops)))
            continue
        expanded += 1
        if expanded > EXPANSIONS:
            return found, True
        for target, tok, links, weight in succ.get(key, ()):
            if target not in dist:
                continue
            if tok is None:  # where the two walks meet: the same node, no hop
                heapq.heappush(heap, (cost + dist[target], cost, next(tie), target, nodes, hops))
                continue
            if target[1][0] in nodes or len(hops) >= max_hops:
                continue
            g = cost + weight
            heapq.heappush(heap, (g + dist[target], g, next(tie), target,
                                  nodes + (target[1][0],), hops + ((tok, links),)))
    return found, False


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
        found, capped = _search(net, grammar, sources, end, max_hops,
                                CANDIDATES + 10 * max_paths)
    found.sort(key=lambda c: (c[0], _strength_key(net, c[2]), -len(c[1]),
                              [net.label(n).lower() for n in c[1]]))
    shapes: dict[tuple, list] = {}
    for _, nodes, hops in found:
        shape = tuple(net.kind(n) if net.kind(n) in _CLAIM_KINDS else n for n in nodes)
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
