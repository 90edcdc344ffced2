"""Paths between entities, every hop with its relation, dates and evidence.

Paths follow claims in either direction (a hop against an edge's direction reads backwards:
"Uganda <-in- Uganda Police CCTV"). Hubs carry no meaning for a path, so a path does not pass
through a country, nor through an initiative with more than `HUB_MEMBERS` members, unless that
node is an endpoint or `via_hubs` is set: "both are in Kenya" is not a supply path. Nor through
an entity known only from restriction lists (kg.analysis.focus): being listed by two authorities
is no link between them.

>>> from kg.analysis.network import Network
>>> edges = [("org/a", "org/b"), ("org/b", "org/c")]
>>> net = Network.from_dict({"nodes": [{"id": n, "label": n[4:], "kind": "company"}
...     for n in ("org/a", "org/b", "org/c")], "edges": [{"u": u, "v": v, "kind": "ownership",
...     "verb": "owns", "claim": f"o/{u}{v}"} for u, v in edges]})
>>> [p["labels"] for p in paths(net, "a", "c").paths]
[['a', 'b', 'c']]
"""
from __future__ import annotations

from itertools import islice

import networkx as nx

from kg.analysis.answers import Answer, claim_evidence, dates, entity
from kg.errors import KGError
from kg.analysis import strength
from kg.analysis.network import CLAIM_NODES, RELATION_KINDS, Network
from kg.analysis.resolve import resolve
from kg.analysis.focus import left_out

HUB_MEMBERS = 20
MAX_HOPS = 8
CANDIDATES = 40  # simple paths looked at per start, before merging same-shape ones
_ANY = "\0any-start"
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


def hubs(net: Network) -> set[str]:
    """Return the nodes a path may only start or end at: countries and large initiatives."""
    out = set(net.nodes_of("country"))
    for node in net.nodes_of("initiative"):
        members = {u for u, _, k in net.graph.in_edges(node, data="kind") if k == "membership"}
        if len(members) > HUB_MEMBERS:
            out.add(node)
    return out


def link_graph(net: Network, kinds=None, blocked: set[str] = frozenset()) -> nx.Graph:
    """Return the undirected graph of allowed links; each pair lists its directed edges.

    A link into or out of a claim node (a deal, a designation) weighs 1/2: the claim is a
    detail of the link between two entities, so vendor -> deal -> country weighs as much as
    vendor -> country, and the more specific path wins the tie.
    """
    graph = nx.Graph()
    claim_kinds = set(CLAIM_NODES.values())
    for u, v, key, kind in sorted(net.graph.edges(keys=True, data="kind")):
        if (kinds and kind not in kinds) or u in blocked or v in blocked:
            continue
        if not graph.has_edge(u, v):
            detail = net.kind(u) in claim_kinds or net.kind(v) in claim_kinds
            graph.add_edge(u, v, links=[], weight=0.5 if detail else 1.0)
        graph[u][v]["links"].append((u, v, key))
    return graph


def paths(net: Network, source: str, target: str, max_paths: int = 3, kinds=None,
          via_hubs: bool = False, max_hops: int = MAX_HOPS) -> Answer:
    """Return up to max_paths simple paths between two named entities, shortest first."""
    start, end = resolve(net, source), resolve(net, target)
    return paths_between(net, [start], end, max_paths, kinds, via_hubs, max_hops)


def paths_between(net: Network, starts: list[str], end: str, max_paths: int = 3, kinds=None,
                  via_hubs: bool = False, max_hops: int = MAX_HOPS,
                  source_name: str | None = None) -> Answer:
    """Return up to max_paths paths from any of `starts` to `end`, fewest entity steps first.

    Paths that differ only in which claim node they pass through (two designations of the
    same vendor by the same authority) are one path; the others are listed as `also via`.
    """
    kinds = check_kinds(kinds)
    # Entities known only from a restriction list (and their listings) lead nowhere but back to
    # the listing authority: a path may end at one, not pass through (kg.analysis.focus).
    ends = set(starts) | {end}
    blocked = set() if via_hubs else (hubs(net) | left_out(net, keep=ends)) - ends
    graph = link_graph(net, kinds, blocked)
    found: list[tuple[float, list[str]]] = []
    sources = [s for s in starts if s != end and s in graph]
    if sources and end in graph:
        # One search from a virtual node joined to every start, rather than one per start.
        graph.add_edges_from(((_ANY, s) for s in sources), weight=0.0, links=[])
        try:
            for path in islice(nx.shortest_simple_paths(graph, _ANY, end, weight="weight"),
                               CANDIDATES + 10 * max_paths):
                cost = nx.path_weight(graph, path, "weight")
                if cost > max_hops:
                    break
                if len(path) - 2 <= max_hops:
                    found.append((cost, path[1:]))
        except nx.NetworkXNoPath:  # the ends are in different components: no path, said below
            pass
        graph.remove_node(_ANY)
    found.sort(key=lambda c: (c[0], -len(c[1]), [net.label(n).lower() for n in c[1]]))
    shapes: dict[tuple, list[list[str]]] = {}
    claim_kinds = set(CLAIM_NODES.values())
    for _, path in found:
        shape = tuple(net.kind(n) if net.kind(n) in claim_kinds else n for n in path)
        shapes.setdefault(shape, []).append(path)
    chosen = []
    for number, variants in enumerate(list(shapes.values())[:max_paths], start=1):
        described = _describe(net, graph, variants[0], number)
        described["also via"] = [entity(net, n) for other in variants[1:] for n in other
                                 if n not in variants[0]]
        chosen.append(described)
    names = (f"'{source_name}' ({len(starts)} entities)" if source_name
             else " or ".join(net.label(s) for s in starts))
    title = (f"Paths from {names} to {net.label(end)}: {len(chosen)} found"
)
    notes = [] if chosen else _no_path_notes(via_hubs, kinds, max_hops)
    explain = {"operation": "paths", "from": starts, "to": end, "kinds": list(kinds or ["all"]),
               "max paths": max_paths, "max hops": max_hops,
               "hubs avoided": "none (--via-hubs)" if via_hubs else
               f"countries, initiatives with more than {HUB_MEMBERS} members, and entities "
               "known only from restriction lists",
               "method": "networkx.shortest_simple_paths (weighted: a claim node is half a "
                         "step) on the undirected claim graph; same-shape paths merged"}
    return Answer("path", title, COLUMNS, notes=notes, explain=explain, paths=chosen)


def _no_path_notes(via_hubs: bool, kinds, max_hops: int) -> list[str]:
    notes = [f"not recorded: no path of at most {max_hops} hops"
             + (f" over {', '.join(kinds)} links" if kinds else "")
             + " in the graph; unknown is not no"]
    if not via_hubs:
        notes.append(f"paths do not cross countries, initiatives with more than "
                     f"{HUB_MEMBERS} members or entities known only from restriction lists; "
                     "--via-hubs allows them")
    return notes


def _describe(net: Network, graph: nx.Graph, path: list[str], number: int) -> dict:
    hops = []
    for a, b in zip(path, path[1:]):
        links = sorted(graph[a][b]["links"], key=lambda link: link[2])
        attrs = [net.graph.edges[link] for link in links]
        forward = [u == a for u, _, _ in links]
        relation = " / ".join(dict.fromkeys(
            at["verb"] if fw else f"<-{at['verb']}-" for at, fw in zip(attrs, forward)))
        claims = list(dict.fromkeys(at["claim"] for at in attrs))
        evidence = [e for c in claims for e in claim_evidence(net, c)]
        hops.append({"from": entity(net, a), "to": entity(net, b), "relation": relation,
                     "direction": "forward" if all(forward) else
                     "backward" if not any(forward) else "both",
                     "kind": " / ".join(dict.fromkeys(at["kind"] for at in attrs)),
                     "claims": claims,
                     "claim labels": [net.claims.get(c, {}).get("label") or c for c in claims],
                     "dates": "; ".join(d for d in dict.fromkeys(dates(at) for at in attrs) if d),
                     # a supply hop says what it rests on (kg.analysis.strength)
                     "strength": strength.summary(net, [at["claim"] for at in attrs
                                                        if at["kind"] == "supply"]),
                     "evidence": evidence})
    return {"number": number, "length": len(hops), "nodes": [entity(net, n) for n in path],
            "labels": [net.label(n) for n in path], "hops": hops}
