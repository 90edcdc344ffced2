"""The explorer's controls in headless Chromium (tests/chromium.py): the time slider, the strength
and independent-source filters, the evidence panel's kinds of evidence, PNG and SVG export, and
the view's state in the page's URL. Every expected count is computed here from the page's own
data (edgeInfo, agreement_by_edge), never written down; each check also asserts no request but
the page and no console error.

The fixture pages draw the whole graph of a fixture build (kg.explore.extract.load), so they do
not change with the default view; one test runs on the shipped build's page as `kg build` writes it.
"""
from __future__ import annotations

import base64
import json
import os
import re
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from chromium import Tab, missing

from kg.build import build
from kg.explore.controls import built_on
from kg.explore.extract import load
from kg.explore.html import render_page
from kg.explore.html_data import page_data

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
ARTIFACTS = Path(os.environ.get("KG_TEST_ARTIFACTS", ROOT / "build" / "test-artifacts"))
READY = "window.survkg && window.survkg.ready"
DATA_BLOCK = re.compile(r'<script type="application/json" id="survkg-data">(.*?)</script>', re.S)

pytestmark = pytest.mark.skipif(missing() is not None, reason=missing() or "")


def whole_page(tmp_path_factory, name: str) -> Path:
    """Build a fixture and write the page of its whole graph; return the page's path."""
    out = tmp_path_factory.mktemp(f"controls-{name}")
    build(FIXTURES / name / "data", out / "build", shacl=False)
    data = page_data(load(out / "build"), title=f"{name} fixture", view="whole graph")
    data["built"] = built_on(out / "build")
    page = out / "survkg.html"
    page.write_text(render_page(data), encoding="utf-8")
    return page


@pytest.fixture(scope="module")
def cli_page(tmp_path_factory) -> Path:
    return whole_page(tmp_path_factory, "cli")


@pytest.fixture(scope="module")
def focus_page(tmp_path_factory) -> Path:
    return whole_page(tmp_path_factory, "focus")


def data_of(page: Path) -> dict:
    return json.loads(DATA_BLOCK.search(page.read_text(encoding="utf-8")).group(1))


def open_page(driver, page: Path, hash_: str = "") -> Tab:
    tab = Tab(driver, page.resolve().as_uri() + hash_)
    tab.wait_for(READY, timeout=60)
    return tab


def clean(tab: Tab, page: Path) -> None:
    """No request but the page itself (whatever its #fragment), no console error."""
    assert [r.split("#")[0] for r in tab.requests] == [page.resolve().as_uri()]
    assert tab.errors == []


def shoot(tab: Tab, check: str) -> None:
    path = tab.screenshot(ARTIFACTS / f"chromium-controls-{check}.png")
    print(f"screenshot: {path}")


def fire(tab: Tab, element_id: str, event: str, value=None, checked=None) -> None:
    """Set a control's value or checked state and fire the event a user's move fires."""
    tab.evaluate(f"""(function () {{
        var e = document.getElementById({json.dumps(element_id)});
        if ({json.dumps(value)} !== null) e.value = {json.dumps(value)};
        if ({json.dumps(checked)} !== null) e.checked = {json.dumps(checked)};
        e.dispatchEvent(new Event({json.dumps(event)}, {{bubbles: true}}));
        return true; }})()""")


def untick(tab: Tab, selector: str) -> None:
    tab.evaluate(f"""(function () {{ var b = document.querySelector({json.dumps(selector)});
        b.checked = false; b.dispatchEvent(new Event('change', {{bubbles: true}})); return true; }})()""")


def dated(info: dict) -> bool:
    return "year_from" in info or "year_to" in info


def in_years(info: dict, lo: int, hi: int) -> bool:
    first = info.get("year_from", float("-inf"))
    last = info.get("year_to", float("inf"))
    return first <= hi and last >= lo


def test_the_slider_changes_the_visible_edges_and_keeps_undated_claims_apart(driver, cli_page):
    data = data_of(cli_page)
    infos = data["edgeInfo"]
    years = sorted({y for i in infos.values() for k in ("year_from", "year_to")
                    if (y := i.get(k)) is not None})
    undated = [e for e, i in infos.items() if not dated(i)]
    assert len(years) >= 2 and undated  # the fixture has something to slide over
    tab = open_page(driver, cli_page)
    assert tab.evaluate("survkg.visibleEdges") == len(infos)
    assert tab.evaluate("document.getElementById('undated-count').textContent") == f"({len(undated)})"
    assert tab.evaluate("[+document.getElementById('year-lo').min, +document.getElementById('year-hi').max]") \
        == [years[0], years[-1]]
    last = years[-1]
    fire(tab, "year-lo", "input", value=str(last))
    dated_in = sum(1 for i in infos.values() if dated(i) and in_years(i, last, last))
    assert tab.evaluate("[survkg.visibleEdges, document.getElementById('year-from').value]") \
        == [dated_in + len(undated), str(last)]
    assert dated_in + len(undated) < len(infos)
    # undated claims are drawn faded while the years are narrowed, and go with their own toggle
    opacity = tab.evaluate(f"survkg.network.body.edges[{json.dumps(undated[0])}].options.color.opacity")
    assert opacity < 1
    fire(tab, "undated", "change", checked=False)
    assert tab.evaluate("survkg.visibleEdges") == dated_in
    fire(tab, "reset", "click")
    assert tab.evaluate("[survkg.visibleEdges, +document.getElementById('year-lo').value]") \
        == [len(infos), years[0]]
    shoot(tab, "slider")
    clean(tab, cli_page)


def test_strength_and_independent_source_filters_change_the_visible_edges(driver, focus_page):
    data = data_of(focus_page)
    infos, agree = data["edgeInfo"], data["agreement_by_edge"]
    tab = open_page(driver, focus_page)
    assert tab.evaluate("survkg.visibleEdges") == len(infos)
    untick(tab, "#strength-filter input[value='index-listing']")
    kept = sum(1 for i in infos.values() if i.get("strength") != "index-listing")
    assert 0 < kept < len(infos)
    assert tab.evaluate("survkg.visibleEdges") == kept
    fire(tab, "reset", "click")
    assert tab.evaluate("survkg.visibleEdges") == len(infos)
    fire(tab, "agreement", "change", value="2")
    backed = sum(1 for e in infos if agree[e] >= 2)
    assert 0 < backed < len(infos)
    assert tab.evaluate("survkg.visibleEdges") == backed
    assert "at least 2 independent sources" in tab.evaluate("survkg.caption()")
    clean(tab, focus_page)


def test_the_panel_shows_each_kind_of_evidence_as_what_it_is(driver, cli_page):
    data = data_of(cli_page)
    infos = data["edgeInfo"]
    kinds = {"quote": None, "summary": None, "row": None}
    for eid, info in infos.items():
        for ev in info.get("evidence", []):
            kinds[ev["kind"]] = kinds[ev["kind"]] or (eid, ev)
    assert all(kinds.values()), kinds
    tab = open_page(driver, cli_page)
    shown = {}
    for kind, (eid, ev) in kinds.items():
        tab.evaluate(f"survkg.showEdge({json.dumps(eid)})")
        shown[kind] = tab.evaluate(f"""(function () {{
            var box = document.querySelector('#panel-body .evidence-{kind}');
            var a = box.querySelector('a');
            return {{text: box.querySelector('{ {'quote': 'blockquote', 'summary': '.summary', 'row': '.row'}[kind] }').textContent,
                     code: box.querySelector('code') && box.querySelector('code').textContent,
                     href: a && a.getAttribute('href'), rel: a && a.rel, target: a && a.target}}; }})()""")
    assert shown["quote"]["text"] == "\u201c" + kinds["quote"][1]["quote"] + "\u201d"
    assert shown["summary"]["text"] == "curator's summary: " + kinds["summary"][1]["summary"]
    assert not re.search("[\"\u201c\u201d]", shown["summary"]["text"])
    assert shown["row"]["text"] == "dataset row: " + kinds["row"][1]["row"]
    assert shown["row"]["code"] == kinds["row"][1]["row"]
    for kind, (eid, ev) in kinds.items():
        url = data["sources"][ev["source"]].get("url")
        if url:
            assert shown[kind]["href"] == url and shown[kind]["rel"] == "noopener noreferrer"
            assert shown[kind]["target"] == "_blank"
        else:
            assert shown[kind]["href"] is None
    shoot(tab, "panel")
    clean(tab, cli_page)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_png_and_svg_export_the_view(driver, focus_page, tmp_path):
    data = data_of(focus_page)
    tab = open_page(driver, focus_page)
    untick(tab, "#strength-filter input[value='index-listing']")
    svg = tab.evaluate("survkg.exportSVG()")
    root = ET.fromstring(svg.encode("utf-8"))  # parses as XML
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    drawn = tab.evaluate("""survkg.network.body.nodeIndices.filter(function (id) {
        return !survkg.network.body.nodes[id].options.hidden; })""")
    assert drawn and len(drawn) < len(data["nodes"])  # the filter hid something
    for node in drawn:
        assert data["nodeInfo"][node]["label"] in texts
    hidden = set(data["nodeInfo"]) - set(drawn)
    assert not {data["nodeInfo"][n]["label"] for n in hidden} & set(texts)
    links = root.findall(".//{http://www.w3.org/2000/svg}g[@class='edges']/{http://www.w3.org/2000/svg}path")
    assert len(links) == tab.evaluate("survkg.visibleEdges")  # all in view after the fit
    caption = " ".join(t.text for t in root.iter("{http://www.w3.org/2000/svg}text")
                       if t.get("class") == "caption")
    assert "whole graph" in caption and "Source: survkg" in caption
    assert data["built"] and data["built"] in caption and "strength not index listing" in caption
    png = tab.evaluate("survkg.exportPNG()")
    assert png.startswith("data:image/png;base64,")
    width, height = png_size(base64.b64decode(png.split(",", 1)[1]))
    graph_box = tab.evaluate("[document.getElementById('graph').clientWidth, "
                             "document.getElementById('graph').clientHeight]")
    assert width == 2 * graph_box[0] and height > 2 * graph_box[1]  # 2x, with the caption below
    # the buttons hand the same over as files made in the page
    for button, kind in (("export-svg", "image/svg+xml"), ("export-png", "image/png")):
        fire(tab, button, "click")
        download = tab.evaluate("survkg.lastDownload")
        assert download["type"] == kind and download["size"] > 1000
        assert download["name"].startswith("survkg-whole-graph.")
    (tmp_path / "view.svg").write_text(svg, encoding="utf-8")
    assert tab.evaluate("document.querySelector('#graph canvas').width") == graph_box[0]  # back at 1x
    assert [r.split("#")[0] for r in tab.requests if not r.startswith("blob:")] == \
        [focus_page.resolve().as_uri()]
    assert tab.errors == []


def test_a_url_with_state_reopens_the_same_view(driver, cli_page):
    data = data_of(cli_page)
    tab = open_page(driver, cli_page)
    years = sorted({i["year_from"] for i in data["edgeInfo"].values() if "year_from" in i})
    fire(tab, "year-lo", "input", value=str(years[-1]))
    untick(tab, "#legend-kinds input[value='financing']")
    node = next(n for n in data["nodeInfo"] if n.startswith("org/"))
    tab.evaluate(f"survkg.network.moveNode({json.dumps(node)}, 321, -123)")
    tab.evaluate(f"survkg.showNode({json.dumps(node)})")
    tab.evaluate("survkg.network.moveTo({position: {x: 10, y: 20}, scale: 0.8})")
    tab.evaluate("survkg.writeHash()")
    url_hash = tab.evaluate("location.hash")
    before = tab.evaluate("""[survkg.visibleEdges, survkg.visibleNodes, survkg.stateText(),
        document.querySelector('#panel-body h2').textContent]""")
    assert "p=" in url_hash and "n=" in url_hash and "y=" in url_hash
    again = open_page(driver, cli_page, url_hash)
    after = again.evaluate("""[survkg.visibleEdges, survkg.visibleNodes, survkg.stateText(),
        document.querySelector('#panel-body h2').textContent]""")
    assert after == before
    assert again.evaluate(f"survkg.network.getPositions([{json.dumps(node)}])[{json.dumps(node)}]") \
        == {"x": 321, "y": -123}
    assert again.evaluate("document.querySelector('#legend-kinds input[value=financing]').checked") is False
    # an address pasted over it: what it names, and the defaults for the rest
    again.evaluate("location.hash = 'a=2'")
    again.wait_for("document.getElementById('agreement').value === '2'", timeout=10)
    agree = data["agreement_by_edge"]
    assert again.evaluate("""[survkg.visibleEdges, document.getElementById('panel').hidden,
        document.querySelector('#legend-kinds input[value=financing]').checked]""") \
        == [sum(1 for e in agree if agree[e] >= 2), True, True]
    shoot(again, "restored")
    clean(again, cli_page)


@pytest.mark.parametrize("hostile", [
    "#y=9999-1&c=1e999,NaN,0&a=7&r=%3Cscript%3E&n=nope&e=__proto__&p=%3Cimg%3E,1,2;org%2Facme,x,1",
    "#xc=%E0%A4%A&xk=,,,&n=%&p=;;;&c=,,&y=-&u&=1&constructor=1&__proto__=1",
    "#" + "a" * 5000,
])
def test_a_hostile_hash_is_ignored(driver, cli_page, hostile):
    data = data_of(cli_page)
    tab = open_page(driver, cli_page, hostile)
    assert tab.evaluate("[survkg.visibleEdges, document.getElementById('panel').hidden, "
                        "document.scripts.length, document.images.length]") \
        == [len(data["edgeInfo"]), True, 3, 0]
    clean(tab, cli_page)


def test_the_shipped_page_slider_and_export(driver, shipped_build):
    page = shipped_build / "survkg.html"
    data = data_of(page)
    infos = data["edgeInfo"]
    years = sorted({i[k] for i in infos.values() for k in ("year_from", "year_to") if k in i})
    tab = open_page(driver, page)
    total = tab.evaluate("survkg.visibleEdges")
    middle = years[len(years) // 2]
    fire(tab, "year-lo", "input", value=str(middle))
    fire(tab, "undated", "change", checked=False)
    expected = sum(1 for i in infos.values() if dated(i) and in_years(i, middle, years[-1]))
    assert tab.evaluate("survkg.visibleEdges") == expected < total
    root = ET.fromstring(tab.evaluate("survkg.exportSVG()").encode("utf-8"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    shoot(tab, "shipped-slider")
    clean(tab, page)


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory) -> Path:
    return whole_page(tmp_path_factory, "html")


def test_hostile_text_is_text_in_the_svg_and_the_controls(driver, hostile_page):
    data = data_of(hostile_page)
    tab = open_page(driver, hostile_page)
    root = ET.fromstring(tab.evaluate("survkg.exportSVG()").encode("utf-8"))
    names = {el.tag.split("}")[1] for el in root.iter()}
    assert not names & {"script", "foreignObject", "image", "a", "iframe"}, names
    assert not any(k.startswith("on") for el in root.iter() for k in el.attrib)
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert data["nodeInfo"]["org/evil-corp"]["label"] in texts
    assert tab.evaluate("[document.scripts.length, document.images.length, "
                        "document.querySelectorAll('#filters b, #filters i, #filters img').length]") \
        == [3, 0, 0]
    clean(tab, hostile_page)
