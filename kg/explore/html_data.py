"""The explorer page's data: the vis-network nodes and edges of the explorer's graph, plus
evidence by id.

Nodes and edges are vis-network's own dicts, made here (pyvis's per-node calls took seconds at
10k nodes, and importing pyvis 0.6 s); positions and sizes come from `kg.explore.layout`, and
physics is off above `PHYSICS_LIMIT` nodes. Everything the page shows is in the returned dict,
which `kg.explore.html` embeds as JSON.
"""
from __future__ import annotations

import math
from collections import Counter

import networkx as nx

from kg.analysis.strength import UNRANKED
from kg.analysis.regions import TITLES
from kg.explore.layout import (TOP_VENDORS, centrality, label_order, positions, radial_positions,
                               simple_graph, story_positions)
from kg.explore.styles import (BACKING_COLORS, HIGHLIGHT, LINK_STYLE, NODE_STYLE,
                               RESTRICTED_BORDER, STRENGTH_LINES, UNRECORDED_LINE, backing_color)

PHYSICS_LIMIT = 300
# Labels drawn at the zoom the page opens at (more as one zooms in; explorer.js): in who
# supplies whom the top vendors and top countries, elsewhere the most central entities.
STORY_LABELS = 2 * TOP_VENDORS
HOVER_LIMIT = 5000  # hovering shows a node's label; above this, hit tests slow the page
# Above this many links no arrowheads (the legend says so): each is drawn on its own, and at the
# zoom that shows so many links they are specks; a link's panel still says which way it goes.
ARROW_LIMIT = 10000
LABELS = 40


def page_data(graph: nx.MultiDiGraph, title: str = "survkg", view: str = "full graph",
              note: str = "") -> dict:
    """Return everything the explorer page needs, as JSON-ready values (`note`: what the view
    left out, shown under its name)."""
    simple = simple_graph(graph)  # once: centrality and layout both read it
    ranks = centrality(simple)
    story = bool(graph.graph.get("story"))
    center = graph.graph.get("center")
    if story:
        pos, regions = story_positions(graph)
    else:
        regions = []
        pos = radial_positions(graph, center) if center in graph else positions(simple, ranks)
    nodes = [_vis_node(n, d, ranks.get(n, 0.0), pos[n]) for n, d in graph.nodes(data=True)]
    edge_info = {}
    edges = []
    for i, (a, b, key, d) in enumerate(graph.edges(keys=True, data=True)):
        eid = f"e{i}"
        edges.append(_vis_edge(eid, a, b, d))
        edge_info[eid] = {"key": key, "from": a, "to": b,
                          **{k: v for k, v in d.items() if v not in (None, [], "")}}
    # the story's and the rings' places mean something: no physics to move them
    big = story or center in graph or graph.number_of_nodes() > PHYSICS_LIMIT
    options = _options(big, hover=graph.number_of_nodes() <= HOVER_LIMIT,
                       arrows=graph.number_of_edges() <= ARROW_LIMIT)
    concepts = graph.graph.get("concepts", {})
    kinds = Counter(kind for *_, kind in graph.edges(data="kind"))
    backing = graph.graph.get("backing", {})
    return {
        "title": title, "view": view, "note": note, "physics": not big,
        "nodes": nodes, "edges": edges,
        "nodeInfo": {n: _node_info(n, d, ranks.get(n, 0.0)) for n, d in graph.nodes(data=True)},
        "edgeInfo": edge_info,
        "sources": graph.graph.get("sources", {}),
        "technologies": dict(concepts),
        "classes": _legend(graph),
        "kinds": [{"kind": k, "name": name, "color": color, "count": kinds[k]}
                  for k, (name, color) in LINK_STYLE.items()],
        "backing": {k: backing[k] for k in sorted({i["pair"] for i in edge_info.values()
                                                   if i.get("pair") in backing})},
        **_supply_legend(graph),
        "paths": graph.graph.get("paths", []),
        "pathSentences": graph.graph.get("path_sentences", []),
        "labelOrder": label_order(graph, ranks),
        "arrows": graph.number_of_edges() <= ARROW_LIMIT,
        "labelBudget": STORY_LABELS if story else LABELS,
        "regions": [{"name": TITLES.get(r["code"], "region not recorded"), "count": r["count"],
                     "x": r["x"], "y": r["y"]} for r in regions],
        "options": options,
    }


def _vis_edge(eid: str, a: str, b: str, data: dict) -> dict:
    """A drawn link: its kind's colour; a supply link's colour says how many independent
    publishers back its pair and its line the pair's strongest strength (styles.py)."""
    color = LINK_STYLE.get(data["kind"], ("", "#999"))[1]
    edge = {"id": eid, "from": a, "to": b, "width": 4 if data.get("highlight") else 1}
    if data.get("independent"):
        color = backing_color(data["independent"])
        dashes = STRENGTH_LINES.get(data.get("pair_strength"), UNRECORDED_LINE)[0]
        if dashes:
            edge["dashes"] = dashes
    edge["color"] = HIGHLIGHT if data.get("highlight") else color
    return edge


def _supply_legend(graph: nx.MultiDiGraph) -> dict:
    """The legend of supply links: colours by independent sources, lines by strength, each
    with how many links of the page it draws."""
    backed = [d for *_, d in graph.edges(data=True) if d.get("independent")]
    top = BACKING_COLORS[-1][0]
    by_count = Counter(min(d["independent"], top) for d in backed)
    by_strength = Counter(d.get("pair_strength") or "" for d in backed)
    ranks, concepts = graph.graph.get("ranks", {}), graph.graph.get("concepts", {})
    return {
        "agreement": [{"publishers": n, "name": name, "color": color, "count": by_count[n]}
                      for n, name, color in BACKING_COLORS],
        "strengths": [{"strength": s, "name": concepts.get(s, s) if s else "strength not recorded",
                       "line": STRENGTH_LINES.get(s, UNRECORDED_LINE)[1], "count": by_strength[s]}
                      for s in sorted(by_strength, key=lambda s: (ranks.get(s, UNRANKED), s))],
    }


def _vis_node(node: str, data: dict, rank: float, xy: tuple[float, float]) -> dict:
    _, shape, color = NODE_STYLE.get(data.get("cls"), ("", "dot", "#999999"))
    restricted = data.get("restricted")
    return {"id": node, "label": data.get("label", node), "shape": shape,
            "size": round(8 + 30 * math.sqrt(rank), 1),
            "x": round(xy[0], 1), "y": round(xy[1], 1),
            "color": {"background": color, "border": RESTRICTED_BORDER if restricted else color},
            "borderWidth": 4 if restricted else 1,
            "borderWidthSelected": 5 if restricted else 3,
            **({"font": {"size": 20, "bold": True}} if data.get("focus") else {})}


def _node_info(node: str, data: dict, rank: float) -> dict:
    info = {k: v for k, v in data.items() if v not in (None, [], "", False)}
    info["rank"] = round(rank, 4)
    return info


def _legend(graph: nx.MultiDiGraph) -> list[dict]:
    counts: dict[str, int] = {}
    for _, cls in graph.nodes(data="cls"):
        counts[cls] = counts.get(cls, 0) + 1
    return [{"cls": cls, "name": name, "shape": shape, "color": color,
             "count": counts.get(cls, 0)} for cls, (name, shape, color) in NODE_STYLE.items()]


def _options(big: bool, hover: bool = True, arrows: bool = True) -> dict:
    return {
        "autoResize": True,
        "nodes": {"font": {"size": 14, "face": "system-ui, sans-serif"},
                  "scaling": {"label": {"drawThreshold": 6}}},
        "edges": {"arrows": {"to": {"enabled": arrows, "scaleFactor": 0.5}},
                  "smooth": False if big else {"type": "continuous"},
                  "selectionWidth": 3},
        "physics": {"enabled": not big, "solver": "barnesHut",
                    "barnesHut": {"gravitationalConstant": -6000, "springLength": 120},
                    "stabilization": {"enabled": not big, "iterations": 150, "fit": True}},
        "interaction": {"hover": hover, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big,
                        "tooltipDelay": 200, "navigationButtons": False, "keyboard": False},
        "layout": {"improvedLayout": False},
    }
