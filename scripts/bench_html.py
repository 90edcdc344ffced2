"""Benchmark the HTML explorer: a synthetic survkg-shaped graph of N nodes, rendered to one page,
opened from disk in headless Chromium (Selenium and Debian's chromedriver, through the browser
tests' helper tests/chromium.py); prints how long Python takes to make the page and how long the
browser takes to open it and draw it settled (physics off above 300 nodes).

    python scripts/bench_html.py            # 1,000 / 5,000 / 10,000 / 20,000 nodes
    python scripts/bench_html.py 20000      # one size
    python scripts/bench_html.py --markdown # the README's table

Each size is opened `REPEAT` times in one browser and the median open time printed (the
machine is shared: one run can be slowed by others' work). "open" is from asking for the
file until the page says it is ready: the graph drawn once, settled (physics is off above 300
nodes, positions come from Python), its labels drawn.

`measure(n)` is what scripts/bench.py can call; it returns a dict of timings.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from kg.explore.html import render_page
from kg.explore.html_data import page_data

# The browser tests' driver helper, so the benchmark opens pages exactly as the tests do.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from chromium import Tab, missing, start  # noqa: E402

TECH = ["facial-recognition", "video-surveillance", "safe-city", "smart-policing"]


def synthetic(n: int, seed: int = 1) -> nx.MultiDiGraph:
    """An explorer graph shaped like survkg's: vendors, ~200 countries, agencies, deals."""
    rng = random.Random(seed)
    graph = nx.MultiDiGraph(sources={"source/s": {"title": "Synthetic source",
                                                  "url": "https://example.org/s"}},
                            concepts={t: t.replace("-", " ") for t in TECH})
    countries = [f"country/C{i}" for i in range(min(200, n // 10))]
    for c in countries:
        graph.add_node(c, label=c[8:], cls="country", aliases=[])
    graph.add_node("initiative/bri", label="Belt and Road", cls="initiative", aliases=["BRI"])
    rest = n - len(countries) - 1
    vendors = [f"org/v{i}" for i in range(rest // 4)]
    agencies = [f"org/a{i}" for i in range(rest // 8)]
    deals = [f"deal/d{i}" for i in range(rest - len(vendors) - len(agencies))]
    for v in vendors:
        graph.add_node(v, label=f"Vendor {v[5:]}", cls="company", aliases=[],
                       restricted=rng.random() < 0.1)
    for a in agencies:
        graph.add_node(a, label=f"Agency {a[5:]}", cls="agency", aliases=[])
    evidence = [{"source": "source/s", "quote": "synthetic"}]
    for i, d in enumerate(deals):
        graph.add_node(d, label=f"Deal {i}", cls="deal", aliases=[])
        year = rng.randint(2008, 2024)
        common = {"kind": "supply", "claim": d, "evidence": evidence, "year_from": year,
                  "year_to": year, "technologies": [rng.choice(TECH)]}
        graph.add_edge(rng.choice(vendors), d, key=f"{d}:supplies", verb="supplies", **common)
        graph.add_edge(d, rng.choice(countries), key=f"{d}:in", verb="in", **common)
        if agencies and rng.random() < 0.5:
            graph.add_edge(d, rng.choice(agencies), key=f"{d}:bought by", verb="bought by",
                           **common)
    for c in countries[: len(countries) * 2 // 3]:
        graph.add_edge(c, "initiative/bri", key=f"{c}:member", kind="membership",
                       verb="member of", claim=f"m/{c}", evidence=evidence)
    return graph


REPEAT = 3


def measure(n: int, driver=None, repeat: int = 1) -> dict:
    """Return {nodes, edges, python_s, html_mb, open_s (the median of `repeat` opens),
    zoom_ms, ...} for an n-node synthetic page."""
    graph = synthetic(n)
    started = time.perf_counter()
    html = render_page(page_data(graph, title=f"bench {n}"))
    python_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.html"
        path.write_text(html, encoding="utf-8")
        own = driver is None
        driver = driver or start(timeout=120)
        try:
            opens = []
            for _ in range(repeat):
                tab = Tab(driver, path.as_uri())
                opens.append(tab.wait_for("window.survkg && window.survkg.ready", timeout=120,
                                          poll=0.01))
            open_s = sorted(opens)[len(opens) // 2]
            rendered = tab.evaluate("survkg.renderedNodeCount()")
            zoom_ms = tab.evaluate("""(function () {
                var t = performance.now(); survkg.network.moveTo({scale: 0.5});
                survkg.network.redraw(); return performance.now() - t; })()""")
            errors, requests = tab.errors, tab.requests
        finally:
            if own:
                driver.quit()
    return {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(),
            "rendered": rendered, "python_s": python_s, "html_mb": len(html) / 1e6,
            "open_s": open_s, "zoom_ms": zoom_ms, "errors": len(errors),
            "requests": len(requests)}


def main(sizes: list[int], markdown: bool = False) -> None:
    if missing():
        sys.exit(missing())
    if markdown:
        print("| nodes | links | python page s | html MB | browser open + settle s "
              "(median of 3) | zoom redraw ms | drawn | errors | requests |")
        print("|---|---|---|---|---|---|---|---|---|")
    else:
        print(f"{'nodes':>7} {'edges':>7} {'python s':>9} {'html MB':>8} {'open s':>7} "
              f"{'zoom ms':>8} {'rendered':>9} {'errors':>6} {'requests':>8}")
    driver = start(timeout=120)
    try:
        for n in sizes:
            r = measure(n, driver, REPEAT)
            if markdown:
                print(f"| {r['nodes']:,} | {r['edges']:,} | {r['python_s']:.2f} | "
                      f"{r['html_mb']:.1f} | {r['open_s']:.2f} | {r['zoom_ms']:.0f} | "
                      f"{r['rendered']:,} | {r['errors']} | {r['requests']} |")
            else:
                print(f"{r['nodes']:>7,} {r['edges']:>7,} {r['python_s']:>9.2f} "
                      f"{r['html_mb']:>8.1f} {r['open_s']:>7.2f} {r['zoom_ms']:>8.0f} "
                      f"{r['rendered']:>9,} {r['errors']:>6} {r['requests']:>8}")
    finally:
        driver.quit()


def positive(text: str) -> int:
    """A size: a whole number of nodes, at least 1 (argparse says so in one line if not)."""
    number = int(text)
    if number < 1:
        raise ValueError(text)
    return number


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("sizes", nargs="*", type=positive, metavar="NODES",
                        help="Nodes per synthetic explorer (default: 1000 5000 10000 20000).")
    parser.add_argument("--markdown", action="store_true", help="Print the README's table.")
    args = parser.parse_args()
    main(args.sizes or [1000, 5000, 10000, 20000], markdown=args.markdown)
