"""GEXF for Gephi: entities and claims with typed attributes, nodes coloured by class."""
from pathlib import Path

import networkx as nx

from kg.exporters.flat import flat_graph
from kg.explore.styles import NODE_STYLE

SUFFIX, FOLDER = ".gexf", False


def _rgb(color: str) -> dict:
    return {"r": int(color[1:3], 16), "g": int(color[3:5], 16), "b": int(color[5:7], 16),
            "a": 1.0}


def write(build_dir: Path, path: Path) -> None:
    graph = flat_graph(build_dir)
    for _, data in graph.nodes(data=True):
        color = NODE_STYLE.get(data.get("cls"), ("", "", "#999999"))[2]
        data["viz"] = {"color": _rgb(color), "size": 5.0 + 25.0 * data["centrality"] ** 0.5}
    for *_, key, data in graph.edges(keys=True, data=True):
        data["id"] = key  # else networkx numbers the edges and the claim key is lost
    nx.write_gexf(graph, path, encoding="utf-8")
