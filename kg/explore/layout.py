"""Size and place the explorer's nodes in Python, so the browser need not simulate physics.

Small graphs get networkx's spring layout. Above `SPRING_LIMIT` nodes, a spring layout of the
`CORE` most central nodes is computed and every other node is put near its most central placed
neighbour, breadth first: O(n) after the core, a few seconds for 100k nodes.

>>> import networkx as nx
>>> pos = positions(nx.path_graph(3))
>>> sorted(pos) == [0, 1, 2] and all(len(p) == 2 for p in pos.values())
True
"""
from __future__ import annotations

import math
import random

import networkx as nx

SPRING_LIMIT = 499  # networkx switches to a much slower sparse solver at 500
CORE = 400
SPACING = 70.0  # pixels per node along one side: sqrt(n) * SPACING is the drawing's width


def centrality(graph: nx.Graph) -> dict:
    """Return each node's PageRank in the undirected simple graph, scaled so the largest is 1."""
    if graph.number_of_nodes() == 0:
        return {}
    simple = nx.Graph(graph.to_undirected(as_view=True)) if graph.is_directed() or \
        graph.is_multigraph() else graph
    try:
        ranks = nx.pagerank(simple, max_iter=200)
    except nx.PowerIterationFailedConvergence:
        ranks = nx.degree_centrality(simple)
    top = max(ranks.values()) or 1.0
    return {n: r / top for n, r in ranks.items()}


def positions(graph: nx.Graph, ranks: dict | None = None, seed: int = 7) -> dict:
    """Return {node: (x, y)} in pixels, deterministic for a given graph and seed."""
    simple = nx.Graph(graph.to_undirected(as_view=True)) if graph.is_directed() or \
        graph.is_multigraph() else graph
    n = simple.number_of_nodes()
    if n == 0:
        return {}
    scale = max(math.sqrt(n) * SPACING, 200.0)
    if n <= SPRING_LIMIT:
        pos = nx.spring_layout(simple, seed=seed, iterations=60)
        return {k: (float(x) * scale / 2, float(y) * scale / 2) for k, (x, y) in pos.items()}
    ranks = ranks if ranks is not None else centrality(simple)
    return _grown(simple, ranks, scale, seed)


def _grown(simple: nx.Graph, ranks: dict, scale: float, seed: int) -> dict:
    rng = random.Random(seed)
    order = sorted(simple, key=lambda k: (-ranks.get(k, 0.0), str(k)))
    core = order[:CORE]
    spring = nx.spring_layout(simple.subgraph(core), seed=seed, iterations=60)
    pos = {k: (float(x) * scale / 2, float(y) * scale / 2) for k, (x, y) in spring.items()}
    radius = scale / math.sqrt(len(simple)) * 2.5
    frontier = list(core)
    while frontier:
        nxt = []
        for parent in frontier:
            px, py = pos[parent]
            for child in simple[parent]:
                if child in pos:
                    continue
                angle = rng.random() * 2 * math.pi
                r = radius * (0.6 + rng.random())
                pos[child] = (px + r * math.cos(angle), py + r * math.sin(angle))
                nxt.append(child)
        frontier = nxt
    rest = [k for k in order if k not in pos]
    if rest:  # unconnected to the core: a grid below the drawing
        side = math.ceil(math.sqrt(len(rest)))
        top = max(y for _, y in pos.values()) + 4 * radius
        for i, k in enumerate(rest):
            pos[k] = (-scale / 2 + (i % side) * radius, top + (i // side) * radius)
    return pos
