"""GEXF for Gephi: entities and claims with typed attributes, nodes coloured by class, and time
spells on the claim links whose claims say when they held (Gephi's timeline).

A link's spell is its claim's HELD dates (kg.analysis.when: start or year, and end), never the
dates its sources recorded it: `start` from the first day of the claim's start (or year), `end`
to the last day of its end; a partial date covers its whole period ("2019" starts 2019-01-01,
ends 2019-12-31), as `kg ask ... in 2019` reads it. A claim held from a year with no end has an
open spell. A claim with no held date (recorded by a tracker or index only, or undated) gets no
spell: in GEXF an element without one exists at all times, so Gephi's timeline shows it in
every window; the `dates` column says which of these a link is ("held ...", "recorded ...",
"undated"), for a filter to leave them out.

Written here rather than by networkx, as GEXF 1.3 (Gephi 0.9.3 and later, networkx): columns
typed by their values (kg.exporters.xmlfile), each edge's unique id (kg.exporters.flat), a
fixed order, so the same build gives the same bytes. Each edge's `kind` (GEXF 1.3's edge type,
by which Gephi keeps parallel edges apart) is its claim and verb: two claims linking the same
two entities by the same verb (a vendor's supply to a country in two trackers) stay two edges.
"""
from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

from kg.analysis.network import load_network
from kg.analysis.when import When, pad
from kg.explore.styles import NODE_STYLE
from kg.exporters.flat import flat_network
from kg.exporters.xmlfile import columns, value_text, write_tree

SUFFIX, FOLDER = ".gexf", False
NS = "http://gexf.net/1.3"
VIZ = "http://gexf.net/1.3/viz"
# GEXF's names for the GraphML column types of kg.exporters.xmlfile.
TYPES = {"boolean": "boolean", "int": "integer", "long": "long", "double": "double",
         "string": "string"}


def spell(dates: When) -> dict:
    """Return a claim link's GEXF start/end from its held dates ({} when it has none).

    >>> spell(When(year="2019")), spell(When(start="2015-03", end="2020"))
    ({'start': '2019-01-01'}, {'start': '2015-03-01', 'end': '2020-12-31'})
    >>> spell(When(recorded=("2019-09",)))
    {}
    """
    if dates.basis != "held":
        return {}
    out = {}
    if dates.start or dates.year:
        out["start"] = pad(dates.start or dates.year, high=False)
    if dates.end:
        out["end"] = pad(dates.end, high=True)
    return out


def _rgb(color: str) -> dict:
    return {"r": str(int(color[1:3], 16)), "g": str(int(color[3:5], 16)),
            "b": str(int(color[5:7], 16)), "a": "1.0"}


def _attributes(parent: ET.Element, domain: str, cols: dict) -> None:
    element = ET.SubElement(parent, "attributes", {"class": domain, "mode": "static"})
    for name, kind in cols.items():
        ET.SubElement(element, "attribute", id=f"{domain[0]}_{name}", title=name,
                      type=TYPES[kind])


def _values(element: ET.Element, prefix: str, attrs: dict) -> None:
    values = ET.SubElement(element, "attvalues")
    for name, value in sorted(attrs.items()):
        ET.SubElement(values, "attvalue", {"for": f"{prefix}_{name}",
                                           "value": value_text(value)})


def gexf_tree(graph) -> ET.Element:
    """Return the GEXF document of a flat graph (kg.exporters.flat), with spells."""
    ET.register_namespace("viz", VIZ)
    root = ET.Element("gexf", xmlns=NS, version="1.3")
    spells = {key: spell(dates) for key, dates in graph.graph["when"].items()}
    dynamic = any(spells.values())
    body = ET.SubElement(root, "graph", {"defaultedgetype": "directed",
                                         "mode": "dynamic" if dynamic else "static",
                                         **({"timeformat": "date"} if dynamic else {})})
    node_cols = columns((d for _, d in graph.nodes(data=True)), skip=("label",))
    edge_cols = columns((d for *_, d in graph.edges(data=True)), skip=("label",))
    _attributes(body, "node", node_cols)
    _attributes(body, "edge", edge_cols)
    nodes = ET.SubElement(body, "nodes")
    for node, data in graph.nodes(data=True):
        element = ET.SubElement(nodes, "node", id=value_text(node),
                                label=value_text(data.get("label", node)))
        _values(element, "n", {k: v for k, v in data.items() if k != "label"})
        color = NODE_STYLE.get(data.get("cls"), ("", "", "#999999"))[2]
        ET.SubElement(element, f"{{{VIZ}}}color", _rgb(color))
        size = 5.0 + 25.0 * data.get("centrality", 0.0) ** 0.5
        ET.SubElement(element, f"{{{VIZ}}}size", value=repr(size))
    edges = ET.SubElement(body, "edges")
    for u, v, key, data in graph.edges(keys=True, data=True):
        attrs = {"id": value_text(key), "source": value_text(u), "target": value_text(v),
                 "kind": value_text(key.split("|")[0]),
                 **({"label": value_text(data["label"])} if data.get("label") else {}),
                 **spells.get(key, {})}
        element = ET.SubElement(edges, "edge", attrs)
        _values(element, "e", {k: v for k, v in data.items() if k != "label"})
    return root


def write(build_dir: Path, path: Path) -> None:
    """Write the build's entities and claim links as GEXF to path."""
    write_tree(gexf_tree(flat_network(load_network(build_dir))), path)
