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
    return _links(net)[0]


def list_only(net: Network) -> set[str]:
    """Return the entities known only from restriction lists (see the module docstring)."""
    targets, linked, _ = _links(net)
    about = net.about
    return {node for node in targets if node not in linked and not about.get(node)}


def left_out(net: Network, keep=()) -> set[str]:
    """Return the list-only entities (but those in `keep`) and the restriction nodes that list
    nothing else: what a default picture leaves out."""
    targets, linked, lists = _links(net)
    about = net.about
    entities = {node for node in targets if node not in linked and not about.get(node)}
    entities -= set(keep)
    return entities | {r for r, listing in lists.items()
                       if any(t in entities for t in listing)
                       and all(t in entities for t in listing)}


def _links(net: Network) -> tuple[set[str], set[str], dict[str, list[str]]]:
    """Return (the entities a restriction lists, the entities with a link that is neither a
    listing nor a home country, whatever lists -> what it lists), in one pass over the links
    (not two edge views per listed entity: 1.6 s at 1M triples)."""
    targets: set[str] = set()
    linked: set[str] = set()
    lists: dict[str, list[str]] = {}
    for u, v, attrs in net.graph.edges(data=True):
        kind = attrs.get("kind")
        if kind not in LIST_KINDS:
            linked.add(u)
            linked.add(v)
        if attrs.get("verb") == "lists":
            lists.setdefault(u, []).append(v)
            if kind == "restriction":
                targets.add(v)
    return targets, linked, lists


def left_out_note(count: int, done: str, how: str) -> str:
    """Return the one line that says how many list-only entities were not `done`, and `how` to
    get them."""
    entities = "entity" if count == 1 else "entities"
    return (f"{count:,} {entities} known only from restriction lists "
            f"{'is' if count == 1 else 'are'} not {done}; {how}")
