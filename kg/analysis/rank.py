"""Rankings: centrality (PageRank, betweenness), vendor concentration per country, vendor reach.

Centrality runs on the collapsed entity graph: each claim node (deal, restriction, proposal,
standard) is replaced by links between the entities it joins, memberships and home countries
are left out (they are hubs, not influence), and a link's weight counts the claims behind it.
Betweenness is exact up to `EXACT_BETWEENNESS` nodes and sampled (fixed seed) above. Entities
known only from restriction lists (`kg.analysis.focus`) are left out of the graph unless asked
for: thousands of Entity List entries would otherwise make the listing authority the centre.

Concentration: the vendors each dataset edition lists per country, one row per country and
edition (kg.analysis.concentration); a count of listings, never a market share.

Every ranking says in one sentence what it counts (`SAID`, `Answer.measure`), printed under
its title, kept in JSON and said on stderr beside CSV.

>>> from kg.analysis.network import Network
>>> net = Network.from_dict({"nodes": [{"id": "org/a", "label": "A", "kind": "company"},
...     {"id": "org/b", "label": "B", "kind": "company"},
...     {"id": "country/KEN", "label": "Kenya", "kind": "country"}], "edges": [
...     {"u": v, "v": "country/KEN", "kind": "supply", "verb": "supplies", "claim": f"s/{v}"}
...     for v in ("org/a", "org/b")]})
>>> [(r["name"], r["pagerank"]) for r in rank(net, "pagerank").rows]
[('Kenya', 0.486486), ('A', 0.256757), ('B', 0.256757)]
>>> rank(net, "pagerank").measure.split(":")[0]
'PageRank on the entity graph (claim nodes collapsed into links)'
"""
from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations
from typing import TYPE_CHECKING

from kg.analysis.answers import Answer, entity
from kg.analysis import concentration as listings
from kg.analysis.focus import left_out, left_out_note, list_only
from kg.errors import KGError
from kg.analysis.groups import _entity_group, category_names
from kg.analysis.network import CLAIM_NODES, Network
from kg.analysis.suppliers import supply_links

if TYPE_CHECKING:  # imported where a ranking is made: `kg ask` imports this module
    import networkx as nx

MEASURES = ("pagerank", "betweenness", "concentration", "reach")
CENTRALITY_KINDS = ("supply", "financing", "restriction", "proposal", "ownership", "standards")
EXACT_BETWEENNESS = 2000
SAMPLE = 500
# What each ranking counts, in the one sentence every output carries under the title.
SAID = {
    "pagerank": ("PageRank on the entity graph (claim nodes collapsed into links): a link's "
                 "weight = the claims joining its two entities, each index edition's listing one "
                 "claim; memberships and home countries left out"),
    "betweenness": ("Betweenness on the same entity graph, links unweighted: the share of "
                    "shortest paths between two other entities that pass through each one; "
                    f"memberships and home countries left out; sampled (k={SAMPLE}, seed 0) above "
                    f"{EXACT_BETWEENNESS:,} entities"),
    "concentration": listings.MEASURE,
    "reach": ("Per vendor, the distinct countries its supply and deal claims name, of any source, "
              "strength (a detected scan counts) and date: a union, not a published figure; "
              "their V-Dem regime types; group share = the share of them in the largest "
              "initiative"),
}


def entity_graph(net: Network, kinds=CENTRALITY_KINDS, leave_out=frozenset()) -> nx.Graph:
    """Return the collapsed, weighted, undirected graph of entities (claim nodes removed),
    without the nodes in `leave_out`."""
    import networkx as nx

    graph = nx.Graph()
    claim_kinds = set(CLAIM_NODES.values())

    def link(a: str, b: str) -> None:
        if a != b:
            weight = graph.get_edge_data(a, b, {"weight": 0})["weight"]
            graph.add_edge(a, b, weight=weight + 1)

    for u, v, kind in sorted(net.graph.edges(data="kind")):
        if (kind in kinds and net.kind(u) not in claim_kinds and net.kind(v) not in claim_kinds
                and u not in leave_out and v not in leave_out):
            link(u, v)
    for node in net.nodes_of(*claim_kinds):
        if node in leave_out:
            continue
        ends = sorted({n for n in nx.all_neighbors(net.nx_graph(), node)
                       if net.kind(n) not in claim_kinds and n not in leave_out and any(
                           k in kinds for k in _kinds_between(net, node, n))})
        for a, b in combinations(ends, 2):
            link(a, b)
    return graph


def _kinds_between(net: Network, a: str, b: str) -> list[str]:
    data = list(net.graph.get_edge_data(a, b, default={}).values())
    data += list(net.graph.get_edge_data(b, a, default={}).values())
    return [d["kind"] for d in data]


def centrality(net: Network, measure: str, leave_out=frozenset()) -> dict[str, float]:
    """Return node -> PageRank or betweenness on the collapsed entity graph (less `leave_out`)."""
    import networkx as nx

    graph = entity_graph(net, leave_out=leave_out)
    if graph.number_of_nodes() == 0:
        return {}
    if measure == "pagerank":
        return nx.pagerank(graph, weight="weight")
    sample = None if graph.number_of_nodes() <= EXACT_BETWEENNESS else SAMPLE
    return nx.betweenness_centrality(graph, k=sample, seed=0)


def reach(net: Network) -> tuple[list[dict], str]:
    """Return per vendor: countries, regime types, and the share in the largest initiative."""
    countries: dict[str, set[str]] = defaultdict(set)
    for vendor, country, _ in supply_links(net):
        countries[vendor].add(country)
    regimes = category_names(net, "regime")
    initiatives = net.nodes_of("initiative")
    members: set[str] = set()
    group = ""
    if initiatives:
        groups = [_entity_group(net, n) for n in initiatives]
        biggest = max(groups, key=lambda g: (len(g.members()), g.id))
        members, group = set(biggest.members()), biggest.label
    rows = []
    for vendor, where in countries.items():
        types = Counter(regimes[c] for c in where if c in regimes)
        rows.append({"vendor": net.label(vendor), "countries": len(where),
                     "regime types": [f"{t} {n}" for t, n in sorted(types.items())],
                     "group share": round(len(where & members) / len(where), 4),
                     "entity": entity(net, vendor)})
    rows.sort(key=lambda r: (-r["countries"], r["vendor"]))
    return rows, group


def rank(net: Network, by: str = "pagerank", top: int | None = 20,
         include_listed: bool = False) -> Answer:
    """Return the top entities (or countries per edition, or vendors) by one measure, with
    the sentence saying what it counts (`Answer.measure`).

    Centrality leaves out the entities known only from restriction lists unless
    `include_listed` (a note says how many); concentration and reach count suppliers, which
    such entities never are.
    """
    if by not in MEASURES:
        raise KGError(f"unknown ranking '{by}' (rankings: {', '.join(MEASURES)})")
    explain = {"operation": f"rank by {by}", "include listed": include_listed}
    notes = []
    if by in ("pagerank", "betweenness"):
        leave = frozenset() if include_listed else left_out(net)
        skipped = len(list_only(net) & leave)
        if skipped:
            notes.append(left_out_note(skipped, "ranked", "--include-listed ranks them"))
        scores = centrality(net, by, leave)
        graph_size = len(scores)
        rows = [{"entity": entity(net, n), "name": net.label(n), "kind": net.kind(n),
                 by: round(s, 6)} for n, s in scores.items()]
        rows.sort(key=lambda r: (-r[by], r["name"]))
        columns, title = ["name", "kind", by], f"Entities by {by} ({graph_size} in the graph)"
        explain["method"] = (f"networkx.{'pagerank' if by == 'pagerank' else 'betweenness_centrality'}"
                             f" on the collapsed entity graph of {', '.join(CENTRALITY_KINDS)} links"
                             + (f", sampled k={SAMPLE}" if by == "betweenness"
                                and graph_size > EXACT_BETWEENNESS else ""))
    elif by == "concentration":
        rows, columns, title = listings.listed_vendors(net), listings.COLUMNS, listings.TITLE
        explain["method"] = ("distinct vendors per country and dataset edition cited by row "
                             "(kg.analysis.concentration)")
    else:
        rows, group = reach(net)
        columns = ["vendor", "countries", "regime types", "group share"]
        title = f"Vendor reach (group share: share of countries in {group or 'no initiative'})"
    if not rows and by == "concentration":
        notes.append(listings.NONE)
    elif not rows:
        notes.append("not recorded: the graph has no claims to rank; unknown is not no")
    return Answer("rank", title, columns, rows[:top] if top else rows, notes, explain=explain,
                  measure=SAID[by])
