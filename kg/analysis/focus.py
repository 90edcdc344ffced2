"""The entities known only from restriction lists, which default pictures and rankings leave out.

Most of the BIS Entity List's entries name organisations the graph knows nothing else about. An
entity is *list-only* when a restriction lists it and every claim that names it is a restriction
(its home country aside): no supply, deal, financing, ownership, proposal, standard or membership
link, and no claim about it (a finding, an observation). The default explorer view and the
centrality rankings leave these out so they stay about the supply chain, and say how many they
left out; a vendor that is listed *and* supplies (Hikvision, Huawei) is not list-only.

>>> from kg.analysis.network import Network
>>> net = Network.from_dict({"nodes": [{"id": "org/bis", "label": "BIS", "kind": "agency"},
...     {"id": "org/v", "label": "V", "kind": "company"},
...     {"id": "org/x", "label": "X", "kind": "company"},
...     {"id": "restriction/v", "label": "V listed", "kind": "restriction"},
...     {"id": "restriction/x", "label": "X listed", "kind": "restriction"},
...     {"id": "country/KEN", "label": "Kenya", "kind": "country"}], "edges": [
...     {"u": "org/bis", "v": "restriction/v", "kind": "restriction", "verb": "imposes", "claim": "restriction/v"},
...     {"u": "restriction/v", "v": "org/v", "kind": "restriction", "verb": "lists", "claim": "restriction/v"},
...     {"u": "org/bis", "v": "restriction/x", "kind": "restriction", "verb": "imposes", "claim": "restriction/x"},
...     {"u": "restriction/x", "v": "org/x", "kind": "restriction", "verb": "lists", "claim": "restriction/x"},
...     {"u": "org/v", "v": "country/KEN", "kind": "supply", "verb": "supplies", "claim": "supply/v"}]})
>>> sorted(list_only(net)), sorted(left_out(net))
(['org/x'], ['org/x', 'restriction/x'])
>>> left_out_note(1, "drawn", "--all draws them")
'1 entity known only from restriction lists is not drawn; --all draws them'
"""
from __future__ import annotations

from kg.analysis.network import Network

# Links that say nothing about the supply chain: the listing itself and the home country.
LIST_KINDS = ("restriction", "home")


def listed(net: Network) -> set[str]:
    """Return the entities some restriction lists."""
    return {target for _, target, attrs in net.graph.edges(data=True)
            if attrs.get("kind") == "restriction" and attrs.get("verb") == "lists"}


def list_only(net: Network) -> set[str]:
    """Return the entities known only from restriction lists (see the module docstring)."""
    graph = net.graph
    return {node for node in listed(net)
            if not net.about.get(node)
            and all(kind in LIST_KINDS for *_, kind in graph.in_edges(node, data="kind"))
            and all(kind in LIST_KINDS for *_, kind in graph.out_edges(node, data="kind"))}


def left_out(net: Network, keep=()) -> set[str]:
    """Return the list-only entities (but those in `keep`) and the restriction nodes that list
    nothing else: what a default picture leaves out."""
    entities = list_only(net) - set(keep)
    listings = {r for node in entities for r, _, verb in net.graph.in_edges(node, data="verb")
                if verb == "lists"}
    return entities | {r for r in listings
                       if all(target in entities for _, target, verb
                              in net.graph.out_edges(r, data="verb") if verb == "lists")}


def left_out_note(count: int, done: str, how: str) -> str:
    """Return the one line that says how many list-only entities were not `done`, and `how` to
    get them."""
    entities = "entity" if count == 1 else "entities"
    return (f"{count:,} {entities} known only from restriction lists "
            f"{'is' if count == 1 else 'are'} not {done}; {how}")
