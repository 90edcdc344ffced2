"""`kg viz`: the offline HTML explorer of the built graph, whole or as one view.

>>> from kg.explore.page import view_name
>>> view_name(focus="Hikvision", depth=2)
'around Hikvision (depth 2)'
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from kg.collector import paused
from kg.errors import KGError
from kg.analysis.focus import left_out, left_out_note
from kg.explore import views
from kg.explore.extract import explorer_graph as from_network
from kg.analysis.network import NETWORK_FILE, load_network

HTML_FILE = "survkg.html"


STORY = "who supplies whom"


def view_name(focus=None, depth=1, path=None, suppliers_to=None, kinds=None,
              via_hubs=False, draw_all=False, whole=False) -> str:
    """Return the heading that says which view the page shows."""
    if focus:
        name = f"around {focus} (depth {depth})" + (", through hubs" if via_hubs else "")
    elif path:
        name = f"paths from {path[0]} to {path[1]}"
    elif suppliers_to:
        name = f"suppliers to {suppliers_to}"
    elif not (whole or kinds or draw_all):
        return STORY
    else:
        name = "full graph"
    return (name + (f", links: {', '.join(kinds)}" if kinds else "")
            + (", with list-only entities" if draw_all and not (path or suppliers_to) else ""))


def explorer_graph(build_dir: str | Path, focus: str | None = None, depth: int = 1,
                   path: tuple[str, str] | None = None, suppliers_to: str | None = None,
                   kinds: list[str] | None = None, via_hubs: bool = False,
                   draw_all: bool = False, whole: bool = False) -> nx.MultiDiGraph:
    """Return the explorer's graph of the build, cut to the view asked for (at most one).

    With no view, no `kinds`, and neither `whole` nor `draw_all`: who supplies whom
    (`views.story`). The whole graph and --focus leave out the entities known only from restriction lists (the
    focus aside) unless `draw_all`; `graph.graph["left_out"]` counts them.
    """
    if sum(bool(v) for v in (focus, path, suppliers_to)) > 1:
        raise KGError("give one view: --focus, --path or --suppliers-to")
    if via_hubs and not focus:  # a connection only ever ends at a hub (kg.analysis.paths)
        raise KGError("--via-hubs goes with --focus: a path never crosses a country, an "
                      "initiative, a lender or a standards body (kg path --help)")
    net = load_network(build_dir)
    if not (focus or path or suppliers_to or whole or kinds or draw_all):
        # who supplies whom needs the supply links only: not the whole graph made, then cut
        leave = left_out(net)
        return views.story(net, from_network(net, kinds=("supply",), leave=leave), leave)
    graph = views.by_kinds(from_network(net), kinds)
    if focus:
        return views.ego(net, graph, focus, depth, listed=draw_all, via_hubs=via_hubs)
    if path:
        return views.paths(net, graph, *path, kinds=kinds)
    if suppliers_to:
        return views.suppliers_to(net, graph, suppliers_to)
    return graph if draw_all else views.without_listed(net, graph)


@dataclass(frozen=True)
class Page:
    html: str
    nodes: int
    edges: int
    view: str
    note: str = ""  # what the view left out, in one line ("" when nothing)


def prepare() -> None:
    """Import now what drawing a page imports when it first does (modules a command that
    draws none never loads, and the scipy networkx's PageRank imports at its first call):
    for a process with a core to spare now and a page to draw later (the build's helper,
    while the build reads its records: 344 modules, 0.2 s)."""
    import scipy.sparse  # noqa: F401

    from kg.explore import controls, html, html_data, reuse  # noqa: F401


def explorer_page(build_dir: str | Path, title: str = "survkg explorer", **view) -> Page:
    """Return the explorer page of the build for a view (see explorer_graph)."""
    from kg.explore.controls import built_on
    from kg.explore.html import render_page
    from kg.explore.html_data import page_data

    # Making a page allocates hundreds of thousands of small dicts: full collections walked
    # the whole projection again, 40% of the page's time at 1M triples (kg/collector.py).
    with paused():
        graph = explorer_graph(build_dir, **view)
        name = view_name(**view)
        skipped = graph.graph.get("left_out", 0)
        note = left_out_note(skipped, "drawn", "kg viz --all draws them") if skipped else ""
        data = page_data(graph, title=title, view=name, note=note)
        data["built"] = built_on(build_dir)  # the date an exported picture's caption names
        return Page(render_page(data),
                    graph.number_of_nodes(), graph.number_of_edges(), name, note)


def write_explorer(build_dir: str | Path, out: str | Path | None = None,
                   previous: str | Path | None = None, title: str = "survkg explorer",
                   **view) -> Page:
    """Write the explorer page (default: build_dir/survkg.html); return it.

    Written to build_dir's own page, it is keyed (`kg.explore.reuse`: the projection's bytes,
    its date, the view, the code) in build_dir/survkg.html.key; given the `previous` build
    folder, its page is copied instead of drawn again when it has the same key (`kg build`:
    the projection did not change), which gives the same bytes a fresh page would.
    """
    from kg.explore import reuse
    from kg.explore.controls import built_on

    build_dir = Path(build_dir)
    target = Path(out) if out else build_dir / HTML_FILE
    keyed = out is None or previous is not None
    key = (reuse.page_key(build_dir / NETWORK_FILE, built_on(build_dir), title, view)
           if keyed and (build_dir / NETWORK_FILE).is_file() else None)
    found = reuse.reused(Path(previous), HTML_FILE, key) if previous and key else None
    if found is not None:
        html, said = found
        page = Page(html.decode("utf-8"), said["nodes"], said["edges"], said["view"],
                    said["note"])
    else:
        page = explorer_page(build_dir, title=title, **view)
        html = page.html.encode("utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(html)
    if out is None and key:
        reuse.record(build_dir, key, html, page.nodes, page.edges, page.view, page.note)
    return page
