"""The explorer in a real browser: headless Chromium, driven by Selenium through chromedriver
(both from Debian; tests/chromium.py), opens the page from a file:// URL. Checked: no console
error, no request but the page itself, every node and edge rendered, search finds a node by name
or alias, clicking an edge shows its source, filters hide and show, hostile text stays text; and
the same on the shipped data's explorer, where searching "Hikvision" selects the node the name
resolves to. A control page proves the driver does see a request and an error.

Screenshots go to build/test-artifacts/ (or $KG_TEST_ARTIFACTS) as `chromium-<check>.png`; their
paths are printed. Skipped, with the reason, only when chromium or chromedriver is not installed.
"""
from __future__ import annotations

import http.server
import json
import os
import threading
from pathlib import Path

import pytest
from selenium.common.exceptions import TimeoutException
from chromium import Tab, missing
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from kg.analysis.network import load_network
from kg.analysis.resolve import resolve
from kg.build import build
from kg.explore.extract import load
from kg.explore.page import explorer_graph as default_view, write_explorer

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
ARTIFACTS = Path(os.environ.get("KG_TEST_ARTIFACTS", ROOT / "build" / "test-artifacts"))
READY = "window.survkg && window.survkg.ready"

pytestmark = pytest.mark.skipif(missing() is not None, reason=missing() or "")


def built(tmp_path_factory, name: str) -> Path:
    out = tmp_path_factory.mktemp(f"browser-{name}")
    build(FIXTURES / name / "data", out, shacl=False)
    # the page machinery is checked on the whole graph (`kg viz --whole --replace`); the
    # default view, who supplies whom, in test_browser_story.py and on the shipped data below
    write_explorer(out, whole=True)
    return out


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    return built(tmp_path_factory, "html")


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    return built(tmp_path_factory, "cli")


@pytest.fixture(scope="module")
def focus(tmp_path_factory) -> Path:
    return built(tmp_path_factory, "focus")


@pytest.fixture
def loopback():
    """A throwaway HTTP server on 127.0.0.1 (answers 404); yields its base URL."""
    class Quiet(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_error(404)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def page_url(build_dir: Path) -> str:
    return (build_dir / "survkg.html").resolve().as_uri()


def open_page(driver, build_dir: Path) -> Tab:
    tab = Tab(driver, page_url(build_dir))
    tab.wait_for(READY, timeout=30)
    return tab


def shoot(tab: Tab, check: str) -> Path:
    path = tab.screenshot(ARTIFACTS / f"chromium-{check}.png")
    print(f"screenshot: {path}")
    return path


def search(tab: Tab, text: str) -> str:
    """Type into the search box and press Enter; return the evidence panel's heading."""
    box = tab.driver.find_element(By.ID, "search")
    box.clear()
    box.send_keys(text, Keys.ENTER)
    tab.wait_for("!document.getElementById('panel').hidden", timeout=10)
    return tab.evaluate("document.querySelector('#panel-body h2').textContent")


def edge_between(tab: Tab, source: str, target: str) -> str:
    """Return the id of the drawn edge from `source` to `target`."""
    return tab.evaluate(f"""Object.keys(survkg.network.body.edges).find(function (id) {{
        var e = survkg.network.body.edges[id];
        return e.fromId === {json.dumps(source)} && e.toId === {json.dumps(target)}; }})""")


def click_edge(tab: Tab, edge_id: str) -> None:
    """Click the middle of an edge on the canvas, at a whole pixel no node covers."""
    actions = ActionBuilder(tab.driver)
    actions.pointer_action.move_to_location(*edge_point(tab, edge_id)).click()
    actions.perform()


def edge_point(tab: Tab, edge_id: str) -> list[int]:
    """Return a whole pixel of the page on the middle of an edge, where no node is."""
    point = tab.evaluate(f"""(function () {{
        var net = survkg.network, e = net.body.edges[{json.dumps(edge_id)}];
        var box = document.getElementById('graph').getBoundingClientRect();
        for (var t of [0.5, 0.4, 0.6, 0.3, 0.7]) {{
            var p = net.canvasToDOM(e.edgeType.getPoint(t));  // on the drawn curve
            // WebDriver moves the mouse to whole pixels: check the pixel it will click.
            var x = Math.round(box.left + p.x), y = Math.round(box.top + p.y);
            var at = {{x: x - box.left, y: y - box.top}};
            if (net.getNodeAt(at) === undefined && net.getEdgeAt(at) === {json.dumps(edge_id)})
                return [x, y];
        }}
        return null;
    }})()""")
    assert point, f"edge {edge_id} has no free point to click"
    return point


def test_the_driver_sees_requests_and_errors(driver, loopback, tmp_path):
    # Without this, "no request, no error" could mean the driver records nothing.
    page_file = tmp_path / "probe.html"
    page_file.write_text(f"<!DOCTYPE html><img src='{loopback}/probe.png'>"
                         "<script>console.error('probe error'); null.boom</script>")
    tab = Tab(driver, page_file.as_uri())
    tab.wait_for("document.readyState === 'complete'", timeout=10)
    assert tab.requests == [page_file.as_uri(), f"{loopback}/probe.png"]
    errors = "\n".join(tab.errors)
    assert '"probe error"' in errors and "TypeError" in errors, errors


def test_page_opens_offline_and_renders_every_node(driver, small):
    tab = open_page(driver, small)
    assert tab.requests == [page_url(small)]  # nothing else, no CDN
    assert tab.errors == []
    graph = load(small)
    counts = tab.evaluate("[survkg.nodeCount, survkg.renderedNodeCount(), survkg.edgeCount,"
                          " survkg.network.body.edgeIndices.length]")
    assert counts == [graph.number_of_nodes()] * 2 + [graph.number_of_edges()] * 2
    shoot(tab, "cli-fixture")


def test_search_finds_a_node_by_name_and_alias(driver, small):
    tab = open_page(driver, small)
    assert search(tab, "Acme Vision") == "Acme Vision"
    assert tab.evaluate("survkg.network.getSelectedNodes()") == ["org/acme"]
    assert search(tab, "EB") == "Example Bloc"  # an alias
    assert tab.errors == []


def test_clicking_an_edge_shows_its_source(driver, small):
    tab = open_page(driver, small)
    click_edge(tab, edge_between(tab, "org/acme", "deal/uganda-cameras"))
    tab.wait_for("window.survkg.panel && window.survkg.panel.edge", timeout=10)
    panel = tab.evaluate("""(function () {
        var a = document.querySelector('#panel-body .evidence a');
        return {heading: document.querySelector('#panel-body h2').textContent,
                link: a && a.textContent, href: a && a.href, rel: a && a.rel,
                quote: document.querySelector('#panel-body blockquote').textContent}; })()""")
    assert panel == {"heading": "Uganda city cameras",
                     "link": "Example Times report on city cameras",
                     "href": "https://example.org/cameras", "rel": "noopener noreferrer",
                     "quote": "\u201cAcme Vision sold cameras worth $126m to the Uganda "
                              "police\u201d"}
    shoot(tab, "edge-evidence")
    assert tab.errors == []


def test_a_summary_is_labelled_and_not_in_quotation_marks(driver, small):
    tab = open_page(driver, small)
    edge = edge_between(tab, "org/bank", "deal/uganda-cameras")
    tab.evaluate(f"survkg.showEdge({json.dumps(edge)})")
    panel = tab.evaluate("""(function () {
        var s = document.querySelector('#panel-body .evidence .summary');
        return {summary: s && s.textContent,
                quotes: document.querySelectorAll('#panel-body blockquote').length}; })()""")
    assert panel == {"summary": "curator's summary: Example Bank lent USD 100m", "quotes": 0}
    assert tab.errors == []


def test_filters_hide_and_show(driver, small):
    tab = open_page(driver, small)
    tab.driver.find_element(By.CSS_SELECTOR, "#legend-classes input[value=country]").click()
    graph = load(small)
    countries = sum(1 for _, k in graph.nodes(data="cls") if k == "country")
    assert countries and tab.evaluate("survkg.renderedNodeCount()") <= (
        graph.number_of_nodes() - countries)
    tab.driver.find_element(By.ID, "reset").click()
    assert tab.evaluate("survkg.renderedNodeCount()") == graph.number_of_nodes()


def test_hostile_text_shows_as_text(driver, hostile):
    tab = open_page(driver, hostile)
    assert search(tab, "Sons") == "<script>alert(1)</script> Evil Corp"
    aliases = tab.evaluate("""Array.from(document.querySelectorAll('#panel-body dd'))
        .map(function (d) { return d.textContent; }).join('\\n')""")
    assert '"</script><img src=x onerror=alert(2)>' in aliases
    edge = edge_between(tab, "org/evil-corp", "deal/hostile-deal")
    tab.evaluate(f"survkg.showEdge({json.dumps(edge)})")
    panel = tab.evaluate("""(function () {
        var a = document.querySelector('#panel-body .evidence a');
        return {heading: document.querySelector('#panel-body h2').textContent,
                link: a.textContent, href: a.getAttribute('href'),
                quote: document.querySelector('#panel-body blockquote').textContent,
                scripts: document.scripts.length, images: document.images.length,
                bold: document.querySelectorAll('b, i').length}; })()""")
    assert panel["heading"] == "Deal <img src=x onerror=alert(4)>"
    assert panel["link"] == ('<b>Hostile</b> Times & "Quotes" </script>'
                             '<script>alert("title")</script>')
    assert panel["quote"] == '\u201cThey said "</script><script>alert(5)</script>" & left\u201d'
    assert panel["href"].startswith("https://example.org/report?a=1&b=")
    assert (panel["scripts"], panel["images"], panel["bold"]) == (3, 0, 0)
    # the supply link's tooltip lists its sources' titles as text
    hover_until_tooltip(tab, edge)
    tooltip = tab.evaluate("""(function () { var t = document.querySelector('div.vis-tooltip');
        return [t.innerText, Array.from(t.querySelectorAll('*')).map(function (e) {
            return e.tagName; })]; })()""")
    assert ('<b>Hostile</b> Times & "Quotes" </script><script>alert("title")</script>: '
            'reported sale or contract') in tooltip[0]
    assert set(tooltip[1]) == {"BR"}  # innerText writes line breaks, never markup
    assert tab.evaluate("document.scripts.length") == 3
    assert tab.requests == [page_url(hostile)]
    assert tab.errors == []
    shoot(tab, "hostile-text")


def hover_until_tooltip(tab, edge: str, tries: int = 6) -> None:
    """Hover the edge until vis-network shows its tooltip. A pointer that lands while the view
    is still settling (a busy machine) is missed: move away, find the edge again, retry; no
    wall-clock bound but the total of the tries."""
    for attempt in range(tries):
        actions = ActionBuilder(tab.driver)
        actions.pointer_action.move_to_location(1, 1)
        actions.pointer_action.move_to_location(*edge_point(tab, edge))
        actions.perform()
        try:
            tab.wait_for("(document.querySelector('div.vis-tooltip') || {style: {}})"
                         ".style.visibility === 'visible'", timeout=10)
            return
        except TimeoutException:
            if attempt == tries - 1:
                raise


def test_the_shipped_explorer_is_offline_complete_and_finds_hikvision(driver, shipped_build):
    tab = open_page(driver, shipped_build)
    graph = default_view(shipped_build)  # what `kg build` draws: list-only entities left out
    counts = tab.evaluate("[survkg.nodeCount, survkg.renderedNodeCount(), survkg.edgeCount,"
                          " survkg.network.body.edgeIndices.length]")
    assert counts == [graph.number_of_nodes()] * 2 + [graph.number_of_edges()] * 2
    net = load_network(shipped_build)
    hikvision = resolve(net, "Hikvision")  # the node the CLI answers about for this name
    assert search(tab, "Hikvision") == net.label(hikvision)
    assert tab.evaluate("survkg.network.getSelectedNodes()") == [hikvision]
    assert tab.requests == [page_url(shipped_build)]
    assert tab.errors == []
    shoot(tab, "shipped-hikvision")


def test_a_supply_link_shows_its_sources_and_the_legend_says_what_it_means(driver, focus):
    tab = open_page(driver, focus)
    edge = edge_between(tab, "org/globex", "country/KEN")
    hover_until_tooltip(tab, edge)
    tooltip = tab.evaluate("document.querySelector('div.vis-tooltip').innerText")
    assert tooltip.splitlines() == ["Globex supplies Kenya",
                                    "1 independent source behind Globex \u2192 Kenya",
                                    "\u2022 Example Index 2022: index listing"]
    legend = tab.evaluate("""[Array.from(document.querySelectorAll('#legend-agreement li, '
        + '#legend-strengths li')).map(function (li) { return li.textContent; }),
        document.getElementById('supply-legend').hidden,
        document.getElementById('note').textContent]""")
    assert legend == [["1 independent source (1)", "2 independent sources (0)",
                       "3 or more independent sources (3)", "reported sale or contract (3)",
                       "index listing (1)"], False,
                      "2 entities known only from restriction lists are not drawn; "
                      "kg viz --all draws them"]
    acme = edge_between(tab, "org/acme", "country/KEN")
    tab.evaluate(f"survkg.showEdge({json.dumps(acme)})")
    sources = tab.evaluate("""Array.from(document.querySelectorAll('#panel-body ul.backing li'))
        .map(function (li) { return li.textContent; })""")
    assert sources == ["Daily A on Acme in Kenya: reported sale or contract",
                       "Daily B on Acme in Kenya: reported sale or contract",
                       "Example Index 2019: index listing", "Example Index 2022: index listing"]
    assert tab.requests == [page_url(focus)]
    assert tab.errors == []
    shoot(tab, "supply-backing")
