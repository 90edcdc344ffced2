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


def simple_graph(graph: nx.Graph) -> nx.Graph:
    """Return the undirected simple graph of the links (the graph itself when it is one)."""
    return _simple(graph)


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


# ---- who supplies whom: countries on a ring in region sectors, vendors inside --------------

REGION_ORDER = ("wha", "eur", "af", "mena", "sca", "eap", "")  # "": no region recorded
TOP_VENDORS = 12      # on an inner ring of their own, evenly spaced, so their labels fit
COUNTRY_STEP = 26.0   # pixels of ring per country
REGION_GAP = 3        # empty country slots between two regions' sectors


def story_positions(graph: nx.Graph) -> tuple[dict, list[dict]]:
    """Return ({node: (x, y)}, region sectors [{code, count, x, y}]) for the view `who supplies
    whom` (`kg.explore.views.story`): countries on a ring, one sector per region (`region`, ""
    last), alphabetical within it; agencies and deals at their `country`'s angle, outside the
    ring and just inside it; the `TOP_VENDORS` vendors by countries supplied (`supplied`)
    evenly on an inner ring in the order of their customers' mean direction; every other
    vendor at that mean direction, the more countries the nearer the centre. Deterministic."""
    cls = dict(graph.nodes(data="cls"))
    label = {n: str(graph.nodes[n].get("label", n)) for n in graph}
    countries = [n for n in graph if cls[n] == "country"]
    by_region = {code: sorted((c for c in countries if graph.nodes[c].get("region", "") == code),
                              key=lambda c: (label[c], c)) for code in REGION_ORDER}
    by_region.update({code: sorted((c for c in countries if graph.nodes[c].get("region") == code),
                                   key=lambda c: (label[c], c))
                      for code in sorted({graph.nodes[c].get("region", "") for c in countries}
                                         - set(REGION_ORDER))})
    sectors = [(code, members) for code, members in by_region.items() if members]
    slots = sum(len(m) for _, m in sectors) + REGION_GAP * len(sectors)
    radius = max(300.0, slots * COUNTRY_STEP / (2 * math.pi))
    angle: dict = {}
    pos: dict = {}
    regions = []
    slot = 0.0
    for code, members in sectors:
        start = slot
        for country in members:
            angle[country] = 2 * math.pi * (slot + 0.5) / slots - math.pi / 2
            pos[country] = _polar(radius, angle[country])
            slot += 1
        middle = 2 * math.pi * (start + len(members) / 2) / slots - math.pi / 2
        regions.append({"code": code, "count": len(members), "angle": middle})
        slot += REGION_GAP
    # agencies and deals by their country: stacked outwards (agencies) or inwards (deals)
    stacked: dict = {}
    for node in sorted(graph, key=lambda n: (label[n], str(n))):
        country = graph.nodes[node].get("country")
        if cls[node] not in ("agency", "deal") or country not in angle:
            continue
        i = stacked[(country, cls[node])] = stacked.get((country, cls[node]), -1) + 1
        spread = angle[country] + ((i % 3) - 1) * 0.35 * COUNTRY_STEP / radius
        out = 1.12 + 0.07 * (i // 3) if cls[node] == "agency" else 0.9 - 0.05 * (i // 3)
        pos[node] = _polar(radius * out, spread)
        angle[node] = angle[country]
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    vendors = [n for n in graph if n not in pos]
    direction = {}
    for node in vendors:
        x = sum(math.cos(angle[m]) for m in undirected[node] if m in angle)
        y = sum(math.sin(angle[m]) for m in undirected[node] if m in angle)
        direction[node] = (math.atan2(y, x) if (x or y) else _hash_angle(node))
    supplied = {n: graph.nodes[n].get("supplied", 0) for n in vendors}
    ranked = sorted(vendors, key=lambda n: (-supplied[n], -undirected.degree(n), str(n)))
    top = sorted(ranked[:TOP_VENDORS], key=lambda n: (direction[n], str(n)))
    for i, node in enumerate(top):
        pos[node] = _polar(radius * 0.42, 2 * math.pi * i / max(1, len(top)) - math.pi / 2)
    most = max([supplied[n] for n in ranked[TOP_VENDORS:]] or [1]) or 1
    crowd: dict = {}
    for node in ranked[TOP_VENDORS:]:
        share = math.log1p(supplied[node]) / math.log1p(most)
        # a vendor of one country sits near it; the more countries, the nearer the centre
        ring = radius * (0.8 - 0.22 * share)
        cell = (round(direction[node] * ring / 30), round(ring / 30))
        n = crowd[cell] = crowd.get(cell, -1) + 1  # spread vendors that fall on one spot
        pos[node] = _polar(ring - 22 * (n % 4), direction[node] + (n // 4) * 24 / ring)
    outer = max((math.hypot(x, y) for x, y in pos.values()), default=radius)
    for region in regions:
        region["x"], region["y"] = _polar(outer + 60, region.pop("angle"))
    return pos, regions


def _polar(r: float, a: float) -> tuple[float, float]:
    return (round(r * math.cos(a), 1), round(r * math.sin(a), 1))


def _hash_angle(node) -> float:
    """An angle fixed by the node's id (not Python's salted hash: the page's bytes would vary)."""
    return (sum(map(ord, str(node))) * 2.399963) % (2 * math.pi)


def label_order(graph: nx.Graph, ranks: dict) -> list:
    """Return the nodes in the order their labels are placed (a label that would overlap one
    placed before it is left out, kg/explore/templates/explorer.js): the focus and path ends,
    then in who supplies whom the vendors by countries supplied and the countries by
    vendors supplying them, in turns, then every node by centrality (around one entity, by
    links from it first)."""
    first = [n for n, focus in graph.nodes(data="focus") if focus]
    if graph.graph.get("story"):
        undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
        cls = dict(graph.nodes(data="cls"))
        vendors = sorted((n for n in graph if cls[n] not in ("country", "agency", "deal")),
                         key=lambda n: (-graph.nodes[n].get("supplied", 0), str(n)))
        buyers = {c: len({m for m in undirected[c] if cls[m] not in ("country", "agency", "deal")})
                  for c in graph if cls[c] == "country"}
        countries = sorted(buyers, key=lambda c: (-buyers[c], str(c)))
        first += vendors[:TOP_VENDORS] + countries[:TOP_VENDORS]
        for pair in zip(vendors[TOP_VENDORS:], countries[TOP_VENDORS:]):
            first += pair
    seen = set()
    out = [n for n in first if not (n in seen or seen.add(n))]
    # around one entity: the nearer first (its own suppliers, agencies, blocs), then by rank
    hops = dict(graph.nodes(data="hops")) if graph.graph.get("center") else {}
    return out + sorted((n for n in graph if n not in seen),
                        key=lambda n: (hops.get(n) or 0, -ranks.get(n, 0.0), str(n)))


# ---- the entities around one: rings by links from it ------------------------------------

RING_STEP = 30.0   # pixels of the outermost ring per node
MIN_RING = 200.0   # pixels between two rings at least


def radial_positions(graph: nx.Graph, center) -> dict:
    """Return {node: (x, y)} with `center` in the middle and each node on the ring of its
    `hops` (links from the center; a node without is put one ring further out): a radial
    tree of the first shortest paths, each node in the middle of the arc its descendants
    take, so a vendor's other customers sit together beyond it. Deterministic."""
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    key = {n: (str(graph.nodes[n].get("cls", "")), str(graph.nodes[n].get("label", n)), str(n))
           for n in graph}
    hops = {n: graph.nodes[n].get("hops") for n in graph}
    last = max([h for h in hops.values() if h is not None] or [0])
    hops = {n: (h if h is not None else last + 1) for n, h in hops.items()}
    hops[center] = 0
    levels: dict[int, list] = {}
    for node in sorted(graph, key=key.__getitem__):
        levels.setdefault(hops[node], []).append(node)
    parent, children = {}, {n: [] for n in graph}
    for level in sorted(levels)[1:]:
        for node in levels[level]:
            up = [m for m in undirected[node] if hops[m] < level]
            # under the nearer neighbour that has the fewest so far: a country two vendors
            # supply goes to the one with room, so no one vendor's arc takes the whole ring
            parent[node] = (min(up, key=lambda m: (hops[m], len(children[m]), key[m]))
                            if up else center)
            children[parent[node]].append(node)
    weight: dict = {}
    for level in sorted(levels, reverse=True):
        for node in levels[level]:
            weight[node] = max(1, sum(weight[c] for c in children[node]))
    depth = max(levels)
    outer = max(depth * MIN_RING, len(levels.get(depth, [])) * RING_STEP / (2 * math.pi))
    step = outer / max(1, depth)
    pos = {center: (0.0, 0.0)}
    arcs = {center: (-math.pi / 2, 3 * math.pi / 2)}
    for level in sorted(levels):
        for node in levels[level]:
            lo, hi = arcs[node]
            if node != center:
                pos[node] = _polar(level * step, (lo + hi) / 2)
            # a leaf next to a big subtree still gets some room: half the mean's worth added
            kids = children[node]
            extra = sum(weight[c] for c in kids) / (2 * len(kids)) if kids else 0
            total, width = sum(weight[c] + extra for c in kids) or 1, hi - lo
            for child in kids:
                span = width * (weight[child] + extra) / total
                arcs[child] = (lo, lo + span)
                lo += span
    return pos
