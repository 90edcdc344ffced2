"""GraphML for Gephi, yEd, Cytoscape and igraph: entities and claims with typed attributes.

Written here rather than by networkx: each column is typed by its values (`int` for years and
counts, `double` for amounts, `boolean`; kg.exporters.xmlfile), node and edge columns get keys
of their own (`n_label`, `e_label`: one id per key, as GraphML requires), and each edge has
its unique id (kg.exporters.flat.edge_id), also as the column `edge_id`: python-igraph 1.0's
reader does not keep `<edge id>` (its `id` edge attribute holds other values). Keys, nodes and
edges come in a fixed order, so the same build gives the same bytes.
"""
from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

from kg.exporters.flat import flat_graph
from kg.exporters.xmlfile import columns, value_text, write_tree

SUFFIX, FOLDER = ".graphml", False
NS = "http://graphml.graphdrawing.org/xmlns"


def graphml_tree(graph) -> ET.Element:
    """Return the GraphML document of a flat graph (kg.exporters.flat)."""
    root = ET.Element("graphml", xmlns=NS)
    node_cols = columns(d for _, d in graph.nodes(data=True))
    edges = [(u, v, key, {**data, "edge_id": key})
             for u, v, key, data in graph.edges(keys=True, data=True)]
    edge_cols = columns(d for *_, d in edges)
    for domain, cols in (("node", node_cols), ("edge", edge_cols)):
        for name, kind in cols.items():
            ET.SubElement(root, "key", {"id": f"{domain[0]}_{name}", "for": domain,
                                        "attr.name": name, "attr.type": kind})
    body = ET.SubElement(root, "graph", edgedefault="directed")
    for node, data in graph.nodes(data=True):
        element = ET.SubElement(body, "node", id=value_text(node))
        _data(element, "n", data)
    for u, v, key, data in edges:
        element = ET.SubElement(body, "edge", id=value_text(key), source=value_text(u),
                                target=value_text(v))
        _data(element, "e", data)
    return root


def _data(element: ET.Element, prefix: str, attrs: dict) -> None:
    for name, value in sorted(attrs.items()):
        ET.SubElement(element, "data", key=f"{prefix}_{name}").text = value_text(value)


def write(build_dir: Path, path: Path) -> None:
    """Write the build's entities and claim links as GraphML to path."""
    write_tree(graphml_tree(flat_graph(build_dir)), path)
