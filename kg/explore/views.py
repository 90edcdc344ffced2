"""Cut the explorer's graph down to a view: the entities around one, the paths between two, or
the suppliers of a group. Names resolve, paths are found and groups are read by the analysis
modules (`kg.analysis.resolve`, `kg.analysis.paths`, `kg.analysis.groups`, `kg.analysis.suppliers`), so the page shows what
`kg path` and `kg suppliers` print. Path views mark their edges `highlight=True`.

The whole graph and the entities around one leave out the entities known only from
restriction lists (`kg.analysis.focus`), the one asked about aside, unless `listed=True`; the
view's `graph.graph["left_out"]` says how many it left out.

>>> from kg.analysis.network import Network
>>> from kg.explore.extract import explorer_graph
>>> net = Network.from_dict({"nodes": [{"id": "org/a", "label": "A", "kind": "company"},
...     {"id": "country/B", "label": "B", "kind": "country"}],
...     "edges": [{"u": "org/a", "v": "country/B", "kind": "supply", "verb": "supplies",
...                "claim": "supply/ab"}]})
>>> sorted(ego(net, explorer_graph(net), "A", 1))
['country/B', 'org/a']
"""
from __future__ import annotations

import networkx as nx

from kg.errors import KGError
from kg.analysis.focus import left_out, list_only
from kg.analysis.network import Network

MAX_PATHS = 5


def _induced(graph: nx.MultiDiGraph, nodes, edges: set | None = None) -> nx.MultiDiGraph:
    """Return a copy of the graph on `nodes` (and only `edges`, (u, v, key), when given), its
    nodes and edges in `graph`'s order. (networkx's subgraph of a node set under half the
    graph iterates in the set's order, which changes with PYTHONHASHSEED: the page's nodes,
    edge ids and layout did too, from one run of `kg viz --focus` to the next.)"""
    keep = set(nodes)
    sub = nx.MultiDiGraph()
    sub.graph.update(graph.graph)
    sub.add_nodes_from((n, dict(data)) for n, data in graph.nodes(data=True) if n in keep)
    sub.add_edges_from((u, v, k, dict(data)) for u, v, k, data in graph.edges(keys=True, data=True)
                       if (u in keep and v in keep if edges is None else (u, v, k) in edges))
    return sub


def by_kinds(graph: nx.MultiDiGraph, kinds: list[str] | None) -> nx.MultiDiGraph:
    """Return the graph with only links of the given kinds, less the entities left unlinked."""
    from kg.analysis.paths import check_kinds

    kinds = check_kinds(kinds)
    if not kinds:
        return graph
    view = nx.MultiDiGraph(**graph.graph)
    view.add_nodes_from(graph.nodes(data=True))
    view.add_edges_from((a, b, k, d) for a, b, k, d in graph.edges(keys=True, data=True)
                        if d.get("kind") in kinds)
    view.remove_nodes_from([n for n in graph if graph.degree(n) and not view.degree(n)])
    return view


def _focus(sub: nx.MultiDiGraph, *nodes: str) -> nx.MultiDiGraph:
    for node in nodes:
        if node in sub:
            sub.nodes[node]["focus"] = True
    return sub


def without_listed(net: Network, graph: nx.MultiDiGraph, keep=()) -> nx.MultiDiGraph:
    """Return the graph less the entities known only from restriction lists (but `keep`) and
    their listings; `graph.graph["left_out"]` counts the entities left out."""
    leave = left_out(net, keep)
    gone = [n for n in graph if n in leave]
    view = graph.copy()  # then remove: the copy keeps the node order, so the layout's bytes
    view.remove_nodes_from(gone)
    view.graph["left_out"] = len(list_only(net).intersection(gone))
    return view


def _within(graph: nx.MultiDiGraph, center: str, depth: int) -> dict:
    return nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), center,
                                                 cutoff=depth)


def ego(net: Network, graph: nx.MultiDiGraph, name: str, depth: int = 1,
        listed: bool = False) -> nx.MultiDiGraph:
    """Return the entities within `depth` links of `name`, either direction, and their links
    (without the list-only entities but `name`, unless `listed`)."""
    from kg.analysis.resolve import resolve

    center = resolve(net, name)
    reach = _within(graph, center, depth)
    skipped: set[str] = set()
    if not listed:
        everything = reach
        reach = _within(without_listed(net, graph, keep=(center,)), center, depth)
        alone = list_only(net)
        for node in set(everything).difference(reach):  # an entity, or a listing of one
            skipped |= {node} & alone or {t for _, t, verb in graph.out_edges(node, data="verb")
                                          if verb == "lists" and t in alone}
    sub = _focus(_induced(graph, reach), center)
    sub.graph["left_out"] = len(skipped)
    return sub


def paths(net: Network, graph: nx.MultiDiGraph, a: str, b: str, kinds=None,
          via_hubs: bool = False, limit: int = MAX_PATHS) -> nx.MultiDiGraph:
    """Return the entities and links of the paths `kg path A B` finds, highlighted."""
    from kg.analysis.paths import paths as find_paths

    answer = find_paths(net, a, b, max_paths=limit, kinds=kinds, via_hubs=via_hubs)
    if not answer.paths:
        raise KGError(f"{answer.title}: " + "; ".join(answer.notes))
    found = [[n["id"] for n in p["nodes"]] for p in answer.paths]
    pairs = {frozenset(p) for path in found for p in zip(path, path[1:])}
    sub = _induced(graph, {n for path in found for n in path})
    for u, v, data in sub.edges(data=True):
        data["highlight"] = frozenset((u, v)) in pairs
    sub.graph["paths"] = found
    return _focus(sub, found[0][0], found[0][-1])


def suppliers_to(net: Network, graph: nx.MultiDiGraph, group: str) -> nx.MultiDiGraph:
    """Return the vendors `kg suppliers --to GROUP` lists, with the links that say so.

    The group (an initiative, a country or a category), its member countries, the suppliers,
    and each supply link (vendor -> country, or vendor -> deal -> country and buyer).
    """
    from kg.analysis.groups import resolve_group
    from kg.analysis.suppliers import supply_links

    found = resolve_group(net, group)
    members = found.members()
    claims = {claim for _, country, claim in supply_links(net) if country in members}
    keep = [(a, b, k) for a, b, k, d in graph.edges(keys=True, data=True)
            if (d.get("kind") == "supply" and d.get("claim") in claims)
            or (d.get("kind") == "membership" and b == found.id and a in members)]
    sub = _induced(graph, {n for a, b, _ in keep for n in (a, b)}, edges=set(keep))
    for node in [found.id, *members]:
        if node in graph and node not in sub:
            sub.add_node(node, **graph.nodes[node])
    return _focus(sub, found.id)
