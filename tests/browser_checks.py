"""The explorer checks every real browser must pass, written once for every driver.

tests/test_browser.py (Chromium) and tests/test_browser_firefox.py (Firefox) each subclass
`BrowserChecks` with the driver to use; pytest collects the subclasses' tests, so both browsers
run the same checks: no console error, no request but the page itself, every node rendered,
search finds a node by name or alias, clicking an edge shows its source, filters hide and show,
hostile text stays text. Screenshots go to build/test-artifacts/ (or $KG_TEST_ARTIFACTS) as
`<browser>-<check>.png`; their paths are printed.
"""
from __future__ import annotations

import http.server
import json
import os
import threading
from pathlib import Path

import pytest

from kg.build import build
from kg.explore.extract import load

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
ARTIFACTS = Path(os.environ.get("KG_TEST_ARTIFACTS", ROOT / "build" / "test-artifacts"))

READY = "window.survkg && window.survkg.ready"


def built(tmp_path_factory, name: str) -> Path:
    out = tmp_path_factory.mktemp(f"browser-{name}")
    build(FIXTURES / name / "data", out, shacl=False)
    return out


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


class BrowserChecks:
    """The checks; a subclass names its browser and how to start it."""

    name = "browser"  # prefix of the screenshots
    page_is_a_request = True  # does the driver report the file:// page itself as a request?

    def start(self):
        """Return the driver, a context manager whose value has `open(url)`."""
        raise NotImplementedError

    # Class-scoped fixtures are classmethods: one browser and two builds per test class.
    @pytest.fixture(scope="class")
    @classmethod
    def browser(cls):
        with cls.start(cls) as driver:
            yield driver

    @pytest.fixture(scope="class")
    @classmethod
    def hostile(cls, tmp_path_factory) -> Path:
        return built(tmp_path_factory, "html")

    @pytest.fixture(scope="class")
    @classmethod
    def small(cls, tmp_path_factory) -> Path:
        return built(tmp_path_factory, "cli")

    @pytest.fixture
    def loopback(self):
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

    def open_page(self, browser, build_dir: Path):
        page = browser.open((build_dir / "survkg.html").resolve().as_uri())
        page.wait_for(READY, timeout=30)
        return page

    def only_the_page(self, build_dir: Path) -> list[str]:
        """The requests an offline explorer makes: the page itself, if the driver lists it."""
        return [(build_dir / "survkg.html").resolve().as_uri()] if self.page_is_a_request else []

    def shoot(self, page, check: str) -> Path:
        path = page.screenshot(ARTIFACTS / f"{self.name}-{check}.png")
        print(f"screenshot: {path}")
        return path

    def test_the_driver_sees_requests_and_errors(self, browser, loopback, tmp_path):
        # Without this, "no request, no error" could mean the driver records nothing.
        page_file = tmp_path / "probe.html"
        page_file.write_text(f"<!DOCTYPE html><img src='{loopback}/probe.png'>"
                             "<script>console.error('probe error')</script>")
        page = browser.open(page_file.as_uri())
        page.wait_for("document.readyState === 'complete'", timeout=10)
        assert f"{loopback}/probe.png" in page.requests
        assert "probe error" in page.errors

    def test_page_opens_offline_and_renders_every_node(self, browser, small):
        page = self.open_page(browser, small)
        assert page.requests == self.only_the_page(small)  # nothing else, no CDN
        assert page.errors == []
        graph = load(small)
        counts = page.evaluate("[survkg.nodeCount, survkg.renderedNodeCount(), survkg.edgeCount,"
                               " survkg.network.body.edgeIndices.length]")
        assert counts == [graph.number_of_nodes()] * 2 + [graph.number_of_edges()] * 2
        self.shoot(page, "cli-fixture")

    def test_search_finds_a_node_by_name_and_alias(self, browser, small):
        page = self.open_page(browser, small)
        assert search(page, "Acme Vision") == "Acme Vision"
        assert page.evaluate("survkg.network.getSelectedNodes()") == ["org/acme"]
        page.evaluate("document.getElementById('search').value = ''")
        assert search(page, "EB") == "Example Bloc"  # an alias
        assert page.errors == []

    def test_clicking_an_edge_shows_its_source(self, browser, small):
        page = self.open_page(browser, small)
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
                         "quote": "\u201cAcme Vision sold cameras worth $126m to the Uganda "
                                  "police\u201d"}
        self.shoot(page, "edge-evidence")
        assert page.errors == []

    def test_a_summary_is_labelled_and_not_in_quotation_marks(self, browser, small):
        page = self.open_page(browser, small)
        edge = page.evaluate("""Object.keys(survkg.network.body.edges).find(function (id) {
            var e = survkg.network.body.edges[id];
            return e.fromId === 'org/bank' && e.toId === 'deal/uganda-cameras'; })""")
        page.evaluate(f"survkg.showEdge({json.dumps(edge)})")
        panel = page.evaluate("""(function () {
            var s = document.querySelector('#panel-body .evidence .summary');
            return {summary: s && s.textContent,
                    quotes: document.querySelectorAll('#panel-body blockquote').length}; })()""")
        assert panel == {"summary": "summary: Example Bank lent USD 100m", "quotes": 0}
        assert page.errors == []

    def test_filters_hide_and_show(self, browser, small):
        page = self.open_page(browser, small)
        page.evaluate("""(function () {
            var box = document.querySelector('#legend-classes input[value=country]');
            box.checked = false; box.dispatchEvent(new Event('change', {bubbles: true})); })()""")
        graph = load(small)
        countries = sum(1 for _, k in graph.nodes(data="cls") if k == "country")
        assert page.evaluate("survkg.renderedNodeCount()") <= graph.number_of_nodes() - countries
        page.evaluate("document.getElementById('reset').click()")
        assert page.evaluate("survkg.renderedNodeCount()") == graph.number_of_nodes()

    def test_hostile_text_shows_as_text(self, browser, hostile):
        page = self.open_page(browser, hostile)
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
        assert panel["link"] == ('<b>Hostile</b> Times & "Quotes" </script>'
                                 '<script>alert("title")</script>')
        assert panel["quote"] == '\u201cThey said "</script><script>alert(5)</script>" & left\u201d'
        assert panel["href"].startswith("https://example.org/report?a=1&b=")
        assert (panel["scripts"], panel["images"], panel["bold"]) == (3, 0, 0)
        assert page.requests == self.only_the_page(hostile)
        assert page.errors == []
        self.shoot(page, "hostile-text")
