"""Size and place the explorer's nodes in Python, so the browser need not simulate physics.

Each connected component is laid out on its own and the components are packed in rows, largest
first (so small islands and lone nodes do not squeeze the main drawing). A component of up to
`SPRING_LIMIT` nodes gets networkx's spring layout; a larger one gets a spring layout of its
`CORE` most central nodes, every other node placed near its placed neighbour, breadth first:
O(n) after the core, about a second for 10,000 nodes.

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
SPACING = 100.0  # pixels per node along one side: a component is about sqrt(n) * SPACING wide
GAP = 150.0      # pixels between packed components


def _simple(graph: nx.Graph) -> nx.Graph:
    """The undirected simple graph of the links, without their attributes (layout and
    centrality need none; copying them took 0.7 s for the 30k links of a 1M-triple graph)."""
    if graph.is_directed() or graph.is_multigraph():
        simple = nx.Graph()
        simple.add_nodes_from(graph)
        # in the undirected view's adjacency order, as nx.Graph(view) adds them: the layout
        # depends on that order, and the page stays byte-for-byte what it was
        view = graph.to_undirected(as_view=True)
        simple.add_edges_from((u, v) for u, nbrs in view.adjacency() for v in nbrs)
        return simple
    return graph


def centrality(graph: nx.Graph) -> dict:
    """Return each node's PageRank in the undirected simple graph, scaled so the largest is 1."""
    if graph.number_of_nodes() == 0:
        return {}
    simple = _simple(graph)
    try:
        ranks = nx.pagerank(simple, max_iter=200)
    except nx.PowerIterationFailedConvergence:
        ranks = nx.degree_centrality(simple)
    top = max(ranks.values()) or 1.0
    return {n: r / top for n, r in ranks.items()}


def positions(graph: nx.Graph, ranks: dict | None = None, seed: int = 7) -> dict:
    """Return {node: (x, y)} in pixels, deterministic for a given graph and seed."""
    simple = _simple(graph)
    if simple.number_of_nodes() == 0:
        return {}
    ranks = ranks if ranks is not None else centrality(simple)
    components = sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(map(str, c))))
    index = {n: i for i, n in enumerate(simple)}
    laid = [_component(_induced(simple, c, index), ranks, seed) for c in components]
    return _pack(laid)


def _induced(graph: nx.Graph, nodes, index: dict) -> nx.Graph:
    """The subgraph on `nodes`, in `graph`'s node order. (A networkx subgraph view of a node
    set under half the graph iterates in the set's order, which changes with PYTHONHASHSEED:
    the layout, and so the page's bytes, did too.)"""
    keep = set(nodes)
    sub = nx.Graph()
    sub.add_nodes_from(sorted(keep, key=index.__getitem__))
    sub.add_edges_from((u, v) for u in sub for v in graph[u] if v in keep)
    return sub


def _component(sub: nx.Graph, ranks: dict, seed: int) -> dict:
    n = len(sub)
    if n == 1:
        return {next(iter(sub)): (0.0, 0.0)}
    radius = math.sqrt(n) * SPACING / 2
    if n <= SPRING_LIMIT:
        return _scaled(nx.spring_layout(sub, seed=seed, iterations=60), radius)
    return _grown(sub, ranks, radius, seed)


def _scaled(pos: dict, radius: float) -> dict:
    """Centre the positions and scale them so 90% of nodes lie within `radius`."""
    cx = sum(x for x, _ in pos.values()) / len(pos)
    cy = sum(y for _, y in pos.values()) / len(pos)
    dists = sorted(math.hypot(x - cx, y - cy) for x, y in pos.values())
    spread = dists[int(0.9 * (len(dists) - 1))] or 1.0
    return {k: ((float(x) - cx) * radius / spread, (float(y) - cy) * radius / spread)
            for k, (x, y) in pos.items()}


def _grown(sub: nx.Graph, ranks: dict, radius: float, seed: int) -> dict:
    rng = random.Random(seed)
    order = sorted(sub, key=lambda k: (-ranks.get(k, 0.0), str(k)))
    index = {n: i for i, n in enumerate(sub)}
    top = _induced(sub, order[:CORE], index)
    core = max(nx.connected_components(top), key=lambda c: (len(c), -min(map(index.get, c))))
    pos = _scaled(nx.spring_layout(_induced(top, core, index), seed=seed, iterations=60),
                  radius * math.sqrt(len(core) / len(sub)))
    step = SPACING * 0.8
    frontier = sorted(core, key=lambda k: (-ranks.get(k, 0.0), str(k)))
    while frontier:
        nxt = []
        for parent in frontier:
            px, py = pos[parent]
            # away from the centre, so the drawing grows outwards
            out = math.atan2(py, px) if (px or py) else rng.random() * 2 * math.pi
            for child in sorted(sub[parent], key=str):
                if child in pos:
                    continue
                angle = out + (rng.random() - 0.5) * math.pi
                r = step * (0.7 + rng.random())
                pos[child] = (px + r * math.cos(angle), py + r * math.sin(angle))
                nxt.append(child)
        frontier = nxt
    return pos


def _pack(laid: list[dict]) -> dict:
    """Put the laid-out components side by side in rows, largest first."""
    boxes = []
    for pos in laid:
        xs, ys = [x for x, _ in pos.values()], [y for _, y in pos.values()]
        boxes.append((min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
    width = max(boxes[0][2], math.sqrt(sum((w + GAP) * (h + GAP) for *_, w, h in boxes)))
    out: dict = {}
    x = y = row = 0.0
    for pos, (x0, y0, w, h) in zip(laid, boxes):
        if x > 0 and x + w > width:
            x, y, row = 0.0, y + row + GAP, 0.0
        for k, (px, py) in pos.items():
            out[k] = (px - x0 + x, py - y0 + y)
        x += w + GAP
        row = max(row, h)
    return out
