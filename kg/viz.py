"""`kg viz`: the offline HTML explorer of the built graph, whole or as one view.

>>> from kg.viz import view_name
>>> view_name(focus="Hikvision", depth=2)
'around Hikvision (depth 2)'
"""
from __future__ import annotations

from pathlib import Path

import networkx as nx
from rdflib import Graph

from kg.explore import views
from kg.explore.extract import load
from kg.render.html import render_page
from kg.render.html_data import page_data

HTML_FILE = "survkg.html"


def view_name(focus=None, depth=1, path=None, suppliers_to=None, kinds=None) -> str:
    """Return the heading that says which view the page shows."""
    if focus:
        name = f"around {focus} (depth {depth})"
    elif path:
        name = f"paths from {path[0]} to {path[1]}"
    elif suppliers_to:
        name = f"suppliers to {suppliers_to}"
    else:
        name = "full graph"
    return name + (f", links: {', '.join(kinds)}" if kinds else "")


def explorer_graph(rdf: Graph, focus: str | None = None, depth: int = 1,
                   path: tuple[str, str] | None = None, suppliers_to: str | None = None,
                   kinds: list[str] | None = None) -> nx.MultiDiGraph:
    """Return the explorer's graph of `rdf`, cut to the view asked for (at most one)."""
    graph = views.by_kinds(load(rdf), kinds)
    if focus:
        return views.ego(graph, focus, depth)
    if path:
        return views.paths(graph, *path)
    if suppliers_to:
        return views.suppliers_to(graph, suppliers_to)
    return graph


def explorer_page(rdf: Graph, title: str = "survkg explorer", **view) -> str:
    """Return the explorer page (one HTML string) of `rdf` for a view (see explorer_graph)."""
    return render_page(page_data(explorer_graph(rdf, **view), title=title,
                                 view=view_name(**view)))


def write_explorer(rdf: Graph, out: str | Path, **view) -> Path:
    """Write the explorer page to `out`; return its path."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(explorer_page(rdf, **view), encoding="utf-8")
    return out
