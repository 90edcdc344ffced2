"""Cut the explorer's graph down to a view: an ego graph, paths between two entities, or the
suppliers of a group. Each returns a subgraph; path views mark their edges `highlight=True`.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("org/a", label="A", aliases=[]); g.add_node("country/B", label="B", aliases=[])
>>> _ = g.add_edge("org/a", "country/B", key="s#0", kind="supply")
>>> sorted(ego(g, "A", 1))
['country/B', 'org/a']
"""
from __future__ import annotations

import unicodedata

import networkx as nx

from kg.errors import KGError

MAX_PATHS = 5


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(text.casefold().split())


def resolve(graph: nx.MultiDiGraph, name: str) -> str:
    """Return the node whose id, label, alias or identifier is `name` (or uniquely contains it)."""
    if name in graph:
        return name
    wanted = _norm(name)
    exact, partial = [], []
    for node, data in graph.nodes(data=True):
        names = [data.get("label", ""), *data.get("aliases", []), data.get("identifier", ""),
                 node.split("/", 1)[-1]]
        normed = [_norm(n) for n in names if n]
        if wanted in normed:
            exact.append(node)
        elif any(wanted in n for n in normed):
            partial.append(node)
    found = exact or partial
    if len(found) == 1:
        return found[0]
    if not found:
        raise KGError(f"no entity named '{name}' (try a label, an alias or an id like org/huawei)")
    some = ", ".join(f"{n} ({graph.nodes[n].get('label', n)})" for n in sorted(found)[:8])
    raise KGError(f"'{name}' matches {len(found)} entities: {some}; give an id")


def by_kinds(graph: nx.MultiDiGraph, kinds: list[str] | None) -> nx.MultiDiGraph:
    """Return the graph with only edges of the given relation kinds (all when None)."""
    if not kinds:
        return graph
    keep = [(a, b, k) for a, b, k, kind in graph.edges(keys=True, data="kind") if kind in kinds]
    view = graph.edge_subgraph(keep).copy()
    view.add_nodes_from(graph.nodes(data=True))
    view.graph.update(graph.graph)
    return view


def ego(graph: nx.MultiDiGraph, name: str, depth: int = 1) -> nx.MultiDiGraph:
    """Return the entities within `depth` links of `name`, either direction, and their links."""
    center = resolve(graph, name)
    reach = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), center,
                                                  cutoff=depth)
    sub = graph.subgraph(reach).copy()
    sub.nodes[center]["focus"] = True
    return sub


def paths(graph: nx.MultiDiGraph, a: str, b: str, limit: int = MAX_PATHS) -> nx.MultiDiGraph:
    """Return the union of the `limit` shortest paths between two entities, highlighted."""
    start, end = resolve(graph, a), resolve(graph, b)
    simple = nx.Graph(graph.to_undirected(as_view=True))
    try:
        found = []
        for path in nx.shortest_simple_paths(simple, start, end):
            found.append(path)
            if len(found) >= limit:
                break
    except nx.NetworkXNoPath:
        raise KGError(f"no path between {start} and {end}") from None
    pairs = {frozenset(p) for path in found for p in zip(path, path[1:])}
    sub = graph.subgraph({n for path in found for n in path}).copy()
    for u, v, data in sub.edges(data=True):
        data["highlight"] = frozenset((u, v)) in pairs
    for node in (start, end):
        sub.nodes[node]["focus"] = True
    sub.graph["paths"] = found
    return sub


def suppliers_to(graph: nx.MultiDiGraph, group: str) -> nx.MultiDiGraph:
    """Return who supplies a group: an initiative's members, a country, or an agency.

    The group, its member countries (membership links into it), the agencies buying in those
    countries, the suppliers of any of them, and the supply and membership links between.
    """
    center = resolve(graph, group)
    targets = {center} | {m for m, _, kind in graph.in_edges(center, data="kind")
                          if kind == "membership"}
    targets |= {b for t in list(targets) for b, _, kind in graph.in_edges(t, data="kind")
                if kind == "supply" and graph.nodes[b].get("cls") == "GovernmentAgency"}
    keep = [(a, b, k) for a, b, k, kind in graph.edges(keys=True, data="kind")
            if (kind == "supply" and b in targets) or (kind == "membership" and b == center)]
    sub = graph.edge_subgraph(keep).copy()
    sub.add_node(center, **graph.nodes[center])
    sub.graph.update(graph.graph)
    sub.nodes[center]["focus"] = True
    return sub
