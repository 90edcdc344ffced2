"""The explorer in a real browser: headless Chromium (Debian's `chromium`) opens the page from a
file:// URL and checks: no console error, no request but the page itself, every node rendered,
search finds a node by name or alias, clicking an edge shows its source, hostile text stays
text. Screenshots go to build/test-artifacts/ (or $KG_TEST_ARTIFACTS); their paths are printed.

Needs only the `chromium` package: the test speaks the DevTools protocol over a pipe
(kg.render.chromium). Skipped, with the reason, when no chromium is installed.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from kg.build import build
from kg.explore.extract import load
from kg.render.chromium import Chromium, find_chromium

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
ARTIFACTS = Path(os.environ.get("KG_TEST_ARTIFACTS", ROOT / "build" / "test-artifacts"))

pytestmark = pytest.mark.skipif(
    shutil.which("chromium") is None and find_chromium() is None,
    reason="no chromium: install Debian's `chromium` package (apt-get install -y chromium)")

READY = "window.survkg && window.survkg.ready"


@pytest.fixture(scope="module")
def browser():
    with Chromium() as chromium:
        yield chromium


def built(tmp_path_factory, name: str) -> Path:
    out = tmp_path_factory.mktemp(f"browser-{name}")
    build(FIXTURES / name / "data", out, shacl=False)
    return out


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    return built(tmp_path_factory, "html")


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    return built(tmp_path_factory, "cli")


def open_page(browser, build_dir: Path):
    page = browser.open((build_dir / "survkg.html").resolve().as_uri())
    page.wait_for(READY, timeout=30)
    return page


def shoot(page, name: str) -> Path:
    path = page.screenshot(ARTIFACTS / f"{name}.png")
    print(f"screenshot: {path}")
    return path


def search(page, text: str) -> str:
    """Type into the search box, press Enter; return the evidence panel's heading."""
    page.evaluate("document.getElementById('search').focus()")
    page.type(text)
    page.key("Enter", 13)
    page.wait_for("!document.getElementById('panel').hidden", timeout=10)
    return page.evaluate("document.querySelector('#panel-body h2').textContent")


def click_edge(page, edge_id: str) -> None:
    """Click the middle of an edge on the canvas, where no node covers it."""
    point = page.evaluate(f"""(function () {{
        var net = survkg.network, e = net.body.edges[{json.dumps(edge_id)}];
        var box = document.getElementById('graph').getBoundingClientRect();
        for (var t of [0.5, 0.4, 0.6, 0.3, 0.7]) {{
            var p = e.edgeType.getPoint(t);  // on the drawn curve
            var dom = net.canvasToDOM(p);
            if (net.getNodeAt(dom) === undefined && net.getEdgeAt(dom) === {json.dumps(edge_id)})
                return [box.left + dom.x, box.top + dom.y];
        }}
        return null;
    }})()""")
    assert point, f"edge {edge_id} has no free point to click"
    page.click(*point)


def test_page_opens_offline_and_renders_every_node(browser, small):
    page = open_page(browser, small)
    url = (small / "survkg.html").resolve().as_uri()
    assert page.requests == [url]  # the page itself; nothing else, no CDN
    assert page.errors == []
    graph = load(small)
    counts = page.evaluate("[survkg.nodeCount, survkg.renderedNodeCount(), survkg.edgeCount,"
                           " survkg.network.body.edgeIndices.length]")
    assert counts == [graph.number_of_nodes()] * 2 + [graph.number_of_edges()] * 2
    shoot(page, "browser-cli-fixture")


def test_search_finds_a_node_by_name_and_alias(browser, small):
    page = open_page(browser, small)
    assert search(page, "Acme Vision") == "Acme Vision"
    assert page.evaluate("survkg.network.getSelectedNodes()") == ["org/acme"]
    page.evaluate("document.getElementById('search').value = ''")
    assert search(page, "EB") == "Example Bloc"  # an alias
    assert page.errors == []


def test_clicking_an_edge_shows_its_source(browser, small):
    page = open_page(browser, small)
    edge = page.evaluate("""Object.keys(survkg.network.body.edges).find(function (id) {
        var e = survkg.network.body.edges[id];
        return e.fromId === 'org/acme' && e.toId === 'deal/uganda-cameras'; })""")
    click_edge(page, edge)
    page.wait_for("window.survkg.panel && window.survkg.panel.edge", timeout=10)
    panel = page.evaluate("""(function () {
        var a = document.querySelector('#panel-body .evidence a');
        return {heading: document.querySelector('#panel-body h2').textContent,
                link: a && a.textContent, href: a && a.href, rel: a && a.rel,
                quote: document.querySelector('#panel-body blockquote').textContent}; })()""")
    assert panel == {"heading": "Uganda city cameras",
                     "link": "Example Times report on city cameras",
                     "href": "https://example.org/cameras", "rel": "noopener noreferrer",
                     "quote": "Acme Vision sold cameras worth $126m to the Uganda police"}
    shoot(page, "browser-edge-evidence")
    assert page.errors == []


def test_filters_hide_and_show(browser, small):
    page = open_page(browser, small)
    page.evaluate("""(function () {
        var box = document.querySelector('#legend-classes input[value=country]');
        box.checked = false; box.dispatchEvent(new Event('change', {bubbles: true})); })()""")
    graph = load(small)
    countries = sum(1 for _, k in graph.nodes(data="cls") if k == "country")
    assert page.evaluate("survkg.renderedNodeCount()") <= graph.number_of_nodes() - countries
    page.evaluate("document.getElementById('reset').click()")
    assert page.evaluate("survkg.renderedNodeCount()") == graph.number_of_nodes()


def test_hostile_text_shows_as_text(browser, hostile):
    page = open_page(browser, hostile)
    assert search(page, "Sons") == "<script>alert(1)</script> Evil Corp"
    aliases = page.evaluate("""Array.from(document.querySelectorAll('#panel-body dd'))
        .map(function (d) { return d.textContent; }).join('\\n')""")
    assert '"</script><img src=x onerror=alert(2)>' in aliases
    edge = page.evaluate("""Object.keys(survkg.network.body.edges).find(function (id) {
        var e = survkg.network.body.edges[id];
        return e.fromId === 'org/evil-corp' && e.toId === 'deal/hostile-deal'; })""")
    page.evaluate(f"survkg.showEdge({json.dumps(edge)})")
    panel = page.evaluate("""(function () {
        var a = document.querySelector('#panel-body .evidence a');
        return {heading: document.querySelector('#panel-body h2').textContent,
                link: a.textContent, href: a.getAttribute('href'),
                quote: document.querySelector('#panel-body blockquote').textContent,
                scripts: document.scripts.length, images: document.images.length,
                bold: document.querySelectorAll('b, i').length}; })()""")
    assert panel["heading"] == "Deal <img src=x onerror=alert(4)>"
    assert panel["link"] == '<b>Hostile</b> Times & "Quotes" </script><script>alert("title")</script>'
    assert panel["quote"] == 'They said "</script><script>alert(5)</script>" & left'
    assert panel["href"].startswith("https://example.org/report?a=1&b=")
    assert (panel["scripts"], panel["images"], panel["bold"]) == (3, 0, 0)
    assert page.requests == [(hostile / "survkg.html").resolve().as_uri()]
    assert page.errors == []
    shoot(page, "browser-hostile-text")
