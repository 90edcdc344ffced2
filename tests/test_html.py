"""The HTML explorer: self-contained, offline, every text from the data escaped; its views.

Builds tests/fixtures/html/data (labels, aliases, titles and quotes full of markup) and the
lead's tests/fixtures/cli/data once per module.
"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.build import build
from kg.cli import cli
from kg.errors import KGError
from kg.explore.extract import explorer_graph, load
from kg.explore.layout import positions
from kg.analysis.network import Network
from kg.explore.html import TEMPLATES, render_page, script_json, vis_network_js
from kg.explore.html_data import page_data
from kg.explore.page import explorer_page

FIXTURES = Path(__file__).resolve().parent / "fixtures"
HOSTILE = FIXTURES / "html" / "data"
CLI_DATA = FIXTURES / "cli" / "data"
DATA_BLOCK = re.compile(r'<script type="application/json" id="survkg-data">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("hostile")
    build(HOSTILE, out, shacl=False)
    return out


@pytest.fixture(scope="module")
def cli_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("cli")
    build(CLI_DATA, out, shacl=False)
    return out


@pytest.fixture(scope="module")
def page(hostile_build) -> str:
    return (hostile_build / "survkg.html").read_text(encoding="utf-8")


class Tags(HTMLParser):
    """Every start tag with its attributes, as the browser's tokenizer sees them."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def data_of(html: str) -> dict:
    blocks = DATA_BLOCK.findall(html)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def strings(value):
    """Yield (key, text) for every string in a JSON value."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str):
                yield key, item
            else:
                yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from (("", item),) if isinstance(item, str) else strings(item)


# --- self-contained and offline ----------------------------------------------------------

def test_kg_build_writes_the_page(hostile_build):
    assert (hostile_build / "survkg.html").is_file()


def test_page_loads_nothing_by_address(page):
    found = tags(page)
    names = [t for t, _ in found]
    assert names.count("script") == 3  # data, vis-network, the explorer: nothing else
    for tag, attrs in found:
        assert tag not in ("link", "img", "iframe", "object", "embed", "source", "base", "audio",
                           "video", "form"), tag
        assert "src" not in attrs and "href" not in attrs and "srcset" not in attrs, (tag, attrs)
    style = re.findall(r"<style>(.*?)</style>", page, re.S)
    assert len(style) == 1 and "url(" not in style[0] and "@import" not in style[0]
    assert "@font-face" not in page


def test_page_forbids_every_fetch(page):
    csp = next(a["content"] for t, a in tags(page) if t == "meta" and a.get("http-equiv"))
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    hashes = re.findall(r"'sha256-[^']+'", csp)
    assert len(hashes) == 2  # exactly the two inline scripts that run


def test_the_inline_scripts_match_their_hashes(page):
    import base64
    import hashlib

    csp = next(a["content"] for t, a in tags(page) if t == "meta" and a.get("http-equiv"))
    bodies = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(bodies) == 2
    for body in bodies:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_every_url_in_the_page_is_a_source_link_in_the_data(page):
    outside = DATA_BLOCK.sub("", page)
    assert not re.search(r"https?://", outside)
    data = data_of(page)
    urls = [(key, text) for key, text in strings(data) if re.search(r"https?://", text)]
    assert urls and all(key == "url" for key, _ in urls)
    assert {text for _, text in urls} == {s["url"] for s in data["sources"].values() if "url" in s}


def test_vis_network_is_inlined_from_pyvis_without_addresses():
    js = vis_network_js()
    assert "vis-network" in js and "DataSet" in js
    assert not re.search(r"https?://", js)
    assert "http\\x3a//www.w3.org/2000/svg" in js  # the same string to JavaScript


# --- escaping ----------------------------------------------------------------------------

def test_markup_in_the_data_is_never_markup_in_the_page(page):
    ours = page.replace(vis_network_js(), "")  # vis-network's own code mentions <b> and <i>
    assert "<script>alert" not in ours and "<img" not in ours and "<b>" not in ours
    assert page.count("</script>") == 3
    raw = DATA_BLOCK.findall(page)[0]
    assert not re.search(r"[<>&\u2028\u2029]", raw)
    data = data_of(page)
    assert data["nodeInfo"]["org/evil-corp"]["label"] == "<script>alert(1)</script> Evil Corp"
    assert '"</script><img src=x onerror=alert(2)>' in data["nodeInfo"]["org/evil-corp"]["aliases"]
    assert "multi" not in data["options"]["nodes"]["font"]  # vis-network's label markup: off
    title = data["sources"]["source/hostile-times"]["title"]
    assert title == '<b>Hostile</b> Times & "Quotes" </script><script>alert("title")</script>'


def test_script_json_escapes_what_ends_a_script_or_a_line():
    text = script_json({"a": "</script><!-- & \u2028\u2029 >"})
    assert not re.search(r"[<>&\u2028\u2029]", text)
    assert json.loads(text) == {"a": "</script><!-- & \u2028\u2029 >"}


def test_line_separators_in_quotes_are_escaped():
    net = Network.from_dict({
        "nodes": [{"id": "org/a", "label": "A\u2028B", "kind": "company"},
                  {"id": "country/KEN", "label": "Kenya", "kind": "country"}],
        "edges": [{"u": "org/a", "v": "country/KEN", "kind": "supply", "verb": "supplies",
                   "claim": "supply/x"}],
        "claims": {"supply/x": {"kind": "supply", "evidence": [
            {"source": "source/s", "quote": "one\u2029two </script>"}]}},
        "sources": {"source/s": {"title": "S", "url": "https://example.org/s"}}})
    html = render_page(page_data(explorer_graph(net)))
    assert "\u2028" not in html and "\u2029" not in html
    data = data_of(html)
    assert data["nodeInfo"]["org/a"]["label"] == "A\u2028B"


def test_the_script_writes_text_never_markup():
    js = (TEMPLATES / "explorer.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                 "new Function", "setAttribute(\"on"):
        assert sink not in js, sink
    assert "textContent" in js
    assert 'rel = "noopener noreferrer"' in js
    assert 'protocol === "http:" || parsed.protocol === "https:"' in js  # no javascript: links


# --- what the page holds -----------------------------------------------------------------

def test_page_holds_the_whole_graph_with_evidence(cli_build):
    graph = load(cli_build)
    data = data_of(explorer_page(cli_build, whole=True).html)
    assert len(data["nodes"]) == graph.number_of_nodes() == 14
    assert len(data["edges"]) == graph.number_of_edges() == 15
    deal = next(e for e in data["edgeInfo"].values()
                if e["claim"] == "deal/uganda-cameras" and e["from"] == "org/acme")
    assert deal["evidence"] == [{"kind": "quote", "quote": "Acme Vision sold cameras worth $126m "
                                 "to the Uganda police", "source": "source/example-times-2020"}]
    assert deal["technologies"] == ["facial-recognition", "video-surveillance"]
    assert deal["year_from"] == deal["year_to"] == 2019 and deal["amount"] == 126000000.0
    acme = data["nodeInfo"]["org/acme"]
    assert acme["restricted"] and acme["aliases"] == ["Acme"] and acme["cls"] == "company"
    assert {c["cls"] for c in data["classes"] if c["count"]} >= {"company", "country", "deal"}
    assert all(isinstance(n["x"], float) and n["size"] > 0 for n in data["nodes"])
    assert data["physics"] is True  # small: physics settles from the Python positions


def test_a_large_graph_has_physics_off_and_positions():
    graph = nx.MultiDiGraph(sources={}, concepts={})
    for i in range(400):
        graph.add_node(f"org/{i}", label=f"V{i}", cls="company", aliases=[])
        graph.add_edge(f"org/{i}", f"org/{(i * 7) % 400}", key=f"c{i}", kind="supply",
                       evidence=[])
    data = page_data(graph)
    assert data["physics"] is False and data["options"]["physics"]["enabled"] is False
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == 400


def test_grown_layout_places_every_node_of_a_big_graph():
    graph = nx.barabasi_albert_graph(1200, 2, seed=3)
    graph.add_nodes_from(range(1200, 1210))  # lone nodes
    pos = positions(graph)
    assert len(pos) == 1210
    assert all(abs(x) < 1e6 and abs(y) < 1e6 for x, y in pos.values())


# --- views -------------------------------------------------------------------------------

def test_focus_view_is_the_ego_graph(cli_build):
    page = explorer_page(cli_build, focus="Globex", depth=1)
    assert (page.nodes, page.edges, page.view) == (2, 1, "around Globex (depth 1)")
    data = data_of(page.html)
    assert sorted(data["nodeInfo"]) == ["country/UGA", "org/globex"]


def test_path_view_highlights_the_paths(cli_build):
    page = explorer_page(cli_build, path=("Example Bank", "Acme"))
    data = data_of(page.html)
    assert data["paths"] == [["org/bank", "deal/uganda-cameras", "org/acme"]]
    highlighted = {(e["from"], e["to"]) for e in data["edgeInfo"].values() if e.get("highlight")}
    assert highlighted == {("org/bank", "deal/uganda-cameras"),
                           ("org/acme", "deal/uganda-cameras")}
    # each path told as `kg path` tells it, one cited clause per claim
    from kg.analysis.network import load_network
    from kg.analysis.paths import paths

    told = [p["sentence"] for p in paths(load_network(cli_build), "Example Bank", "Acme",
                                          max_paths=5).paths]
    assert data["pathSentences"] == told and told[0].startswith("Example Bank financed ")


def test_suppliers_view(cli_build):
    page = explorer_page(cli_build, suppliers_to="Example Bloc")
    data = data_of(page.html)
    vendors = {n for n, i in data["nodeInfo"].items() if i["cls"] == "company"}
    assert vendors == {"org/acme", "org/globex"}
    assert "initiative/bloc" in data["nodeInfo"]


def test_views_exclude_each_other(cli_build):
    with pytest.raises(KGError, match="give one view"):
        explorer_page(cli_build, focus="Acme", suppliers_to="Example Bloc")


# --- CLI ---------------------------------------------------------------------------------

def test_cli_viz_writes_the_page(cli_build, tmp_path):
    out = tmp_path / "acme.html"
    result = CliRunner().invoke(cli, ["--build-dir", str(cli_build), "viz", "--focus", "Acme",
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {out}: around Acme (depth 1), 7 entities, 6 links\n"
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_cli_viz_to_stdout(cli_build):
    result = CliRunner().invoke(cli, ["--build-dir", str(cli_build), "viz", "-o", "-",
                                      "--kinds", "supply"])
    assert result.exit_code == 0 and result.output.startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("args, code, message", [
    (["--focus", "Nobody"], 2, "Error: 'Nobody' is not in the graph\n"),
    (["--kinds", "bogus"], 1, "Error: unknown relation kind 'bogus' (kinds: supply, financing, "
                              "membership, restriction, proposal, ownership, standards, home)\n"),
    (["--focus", "Acme", "--path", "Acme", "Globex"], 1,
     "Error: give one view: --focus, --path or --suppliers-to\n"),
])
def test_cli_viz_errors(cli_build, args, code, message):
    result = CliRunner().invoke(cli, ["--build-dir", str(cli_build), "viz", *args])
    assert (result.exit_code, result.output) == (code, message)


def test_cli_viz_without_a_build(tmp_path):
    result = CliRunner().invoke(cli, ["--build-dir", str(tmp_path), "viz"])
    assert (result.exit_code, result.output) == (
        1, f"Error: no network.json in {tmp_path}: run `kg build` first\n")


def test_cli_viz_help():
    result = CliRunner().invoke(cli, ["viz", "--help"])
    assert result.exit_code == 0 and "offline HTML explorer" in result.output


def test_via_hubs_goes_with_focus_only(cli_build):
    """A path never crosses a hub, so --via-hubs with --path is refused, not ignored."""
    with pytest.raises(KGError, match="--via-hubs goes with --focus"):
        explorer_page(cli_build, path=("Example Bank", "Acme"), via_hubs=True)
