"""Finding the connections between two entities: the network and the path grammar walked
together.

A search state is a pair (entity, grammar state). Both ends walk such pairs towards each other,
one hop at a time from the end whose next hop costs fewer links (from a vendor with a few
customers rather than from an authority with thousands of listings); a walk that runs out has
found every pair its end reaches, and the search stops there. The walks join where their
states make one connection (`Grammar.meets`). Then a best-first search over the joined pairs,
each partial path ranked by its cost so far plus its exact least cost to the end, yields the
cheapest distinct simple paths first. A hop into or out of a claim node weighs half: the deal
is a detail of the link it makes.
"""
from __future__ import annotations

import heapq
from itertools import count

from kg.analysis.network import CLAIM_NODES, Network
from kg.analysis.path_grammar import Grammar, flip, token

EXPANSIONS = 200_000  # partial paths the search may extend: a bound on time, said if reached
CLAIM_KINDS = frozenset(CLAIM_NODES.values())


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
        detail = kinds[node] in CLAIM_KINDS
        cache[node] = [(other, tok, tuple(sorted(links, key=lambda link: link[2])),
                        0.5 if detail or kinds[other] in CLAIM_KINDS else 1.0, kinds[other])
                       for (other, tok), links in sorted(grouped.items())]
    return cache[node]


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


def search(net: Network, grammar: Grammar, starts: list[str], end: str, max_hops: int,
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
