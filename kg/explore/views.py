"""Cut the explorer's graph down to a view: who supplies whom (the default), the entities around
one, the paths between two, or the suppliers of a group. Names resolve, paths are found and groups are read by the analysis
modules (`kg.analysis.resolve`, `kg.analysis.paths`, `kg.analysis.groups`, `kg.analysis.suppliers`), so the page shows what
`kg path` and `kg suppliers` print. Path views mark their edges `highlight=True`.

The entities around one are reached through hubs (`HUB_KINDS`: countries, initiatives,
lenders, standards bodies) but not expanded through them, unless `via_hubs`: a hub next to the
focus is drawn, the other members of a bloc or borrowers of a bank are not.

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
# Entities a neighbourhood reaches but does not expand through: each links very many others
# for a reason (one bloc, one bank, one standards body, one country) that says nothing about
# the entity asked about.
HUB_KINDS = ("country", "initiative", "lender", "standards-body")


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
    # the rest copied in the graph's order (not copied whole, then cut): the layout's bytes
    view = _induced(graph, [n for n in graph if n not in leave])
    view.graph["left_out"] = len(list_only(net).intersection(leave, graph))
    return view


def hubs(graph: nx.MultiDiGraph) -> set[str]:
    """Return the nodes a neighbourhood does not expand through (their kind is in HUB_KINDS)."""
    return {n for n, cls in graph.nodes(data="cls") if cls in HUB_KINDS}


def _within(graph: nx.MultiDiGraph, center: str, depth: int, stop=frozenset(),
            leave=frozenset()) -> dict:
    """Return node -> links from `center` (either direction), not going on from `stop`, not
    going through `leave`."""
    undirected = graph.to_undirected(as_view=True)
    seen, frontier = {center: 0}, [center]
    for step in range(1, depth + 1):
        nxt = []
        for node in frontier:
            if node in stop and node != center:
                continue
            for other in undirected[node]:
                if other not in seen and other not in leave:
                    seen[other] = step
                    nxt.append(other)
        frontier = nxt
    return seen


def ego(net: Network, graph: nx.MultiDiGraph, name: str, depth: int = 1,
        listed: bool = False, via_hubs: bool = False) -> nx.MultiDiGraph:
    """Return the entities within `depth` links of `name`, either direction, and their links
    (without the list-only entities but `name`, unless `listed`; not going on from a hub but
    `name`, unless `via_hubs`)."""
    from kg.analysis.resolve import resolve

    center = resolve(net, name)
    stop = frozenset() if via_hubs else hubs(graph)
    reach = _within(graph, center, depth, stop)
    skipped: set[str] = set()
    if not listed:
        everything = reach
        reach = _within(graph, center, depth, stop, leave=left_out(net, keep=(center,)))
        alone = list_only(net)
        for node in set(everything).difference(reach):  # an entity, or a listing of one
            skipped |= {node} & alone or {t for _, t, verb in graph.out_edges(node, data="verb")
                                          if verb == "lists" and t in alone}
    # a hub's links to what lies beyond it are left out too: the bloc is drawn, its other
    # members' membership is not (they are drawn only when reached some other way)
    links = {(u, v, k) for u, v, k in graph.edges(keys=True)
             if u in reach and v in reach
             and not (u in stop and u != center and reach[v] > reach[u])
             and not (v in stop and v != center and reach[u] > reach[v])}
    sub = _focus(_induced(graph, reach, edges=links), center)
    for node, hops in reach.items():
        sub.nodes[node]["hops"] = hops  # the layout's rings (kg.explore.layout.radial_positions)
    sub.graph["center"] = center
    sub.graph["left_out"] = len(skipped)
    return sub


def paths(net: Network, graph: nx.MultiDiGraph, a: str, b: str, kinds=None,
          limit: int = MAX_PATHS) -> nx.MultiDiGraph:
    """Return the entities and links of the paths `kg path A B` finds, highlighted."""
    from kg.analysis.paths import paths as find_paths

    answer = find_paths(net, a, b, max_paths=limit, kinds=kinds)
    if not answer.paths:
        raise KGError(f"{answer.title}: " + "; ".join(answer.notes))
    found = [[n["id"] for n in p["nodes"]] for p in answer.paths]
    pairs = {frozenset(p) for path in found for p in zip(path, path[1:])}
    sub = _induced(graph, {n for path in found for n in path})
    for u, v, data in sub.edges(data=True):
        data["highlight"] = frozenset((u, v)) in pairs
    sub.graph["paths"] = found
    sub.graph["path_sentences"] = [p["sentence"] for p in answer.paths]  # as kg path tells them
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


def _home(net: Network, node: str, leave=frozenset()) -> str | None:
    """Return the country a `home` link of the node names (the last one, as a dict of them
    would keep), not one in `leave`; None when there is none."""
    found = None
    for _, v, kind in net.graph.out_edges(node, data="kind"):
        if kind == "home" and v not in leave and net.graph.nodes[v].get("kind") == "country":
            found = v
    return found


def country_regions(net: Network) -> dict[str, str]:
    """Return country -> its region code (`kg.analysis.regions.TITLES`) from the latest
    observation of the region measure observed for most countries (the AIGS's); a country
    that no observation places is not in it."""
    from kg.analysis.groups import latest_observations
    from kg.analysis.regions import REGIONS, TITLES
    from kg.analysis.resolve import normalize

    latest = {slot: seen for slot, seen in latest_observations(net).items()
              if "region" in normalize(slot[1])}
    observed: dict[str, int] = {}
    for _, measure in latest:
        observed[measure] = observed.get(measure, 0) + 1
    if not observed:
        return {}
    measure = max(observed, key=lambda m: (observed[m], m))
    canonical = {code: next(c for c in TITLES if REGIONS[c] == words)
                 for code, words in REGIONS.items()}
    return {country: canonical[normalize(value)]
            for (country, m), (_, _, value) in sorted(latest.items())
            if m == measure and normalize(value) in canonical}


def story(net: Network, graph: nx.MultiDiGraph, leave=frozenset()) -> nx.MultiDiGraph:
    """Return who supplies whom: the supply links (vendor -> country, agency or deal, deal ->
    country or buyer) and the entities they join, each country with its `region` (or none),
    each agency and deal with the `country` it is in where a link says so, and each vendor
    with `supplied`, the number of countries it supplies (`graph.graph["story"]` is True).

    `graph` is the explorer's graph less the entities in `leave`, or only its supply links
    (`kg.explore.extract.explorer_graph(net, kinds=["supply"], leave=leave)`, what `kg build`
    draws): an entity's home country is read from the projection, never from a left-out one.
    """
    view = by_kinds(graph, ["supply"])
    view.remove_nodes_from([n for n in list(view) if not view.degree(n)])
    regions = country_regions(net)
    for node, data in view.nodes(data=True):
        if data.get("cls") == "country":
            data["region"] = regions.get(node, "")
        elif data.get("cls") in ("agency", "deal"):
            inside = [v for _, v in view.out_edges(node) if view.nodes[v].get("cls") == "country"]
            country = inside[0] if inside else _home(net, node, leave)
            if country in view:
                data["country"] = country
    supplied: dict[str, set[str]] = {}
    for key in graph.graph.get("backing", {}):  # "vendor|country", kg.explore.extract
        vendor, country = key.split("|", 1)
        if vendor in view and country in view:
            supplied.setdefault(vendor, set()).add(country)
    for vendor, countries in supplied.items():
        view.nodes[vendor]["supplied"] = len(countries)
    view.graph["story"] = True
    view.graph["left_out"] = 0
    return view
