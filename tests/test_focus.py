"""Focus: entities known only from restriction lists stay out of the default explorer view and
rankings (and never supply anything), appear when asked for, and every view or ranking that
leaves them out says so in one line; supply links are coloured by their independent sources
and drawn by their strongest claim.

tests/fixtures/focus/data (see its README): Acme Vision (restricted, supplies Kenya on two
index editions and two newspapers), Globex (supplies Kenya on the index alone), and two
list-only organisations, Lonely Lab (based in China) and Quiet Institute (listed twice).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.analysis.backing import pair_backing
from kg.analysis.focus import left_out, left_out_note, list_only
from kg.analysis.network import Network, load_network
from kg.analysis.rank import rank
from kg.analysis.suppliers import suppliers
from kg.build import build
from kg.cli import cli
from kg.explore.page import explorer_page
from kg.explore.styles import BACKING_COLORS, STRENGTH_LINES, backing_color

FOCUS = Path(__file__).resolve().parent / "fixtures" / "focus" / "data"
DATA_BLOCK = re.compile(r'<script type="application/json" id="survkg-data">(.*?)</script>', re.S)
LISTED = {"org/lonely-lab", "org/quiet-institute"}
NOTE = ("2 entities known only from restriction lists are not {}; {}")


@pytest.fixture(scope="module")
def focus_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("focus")
    build(FOCUS, out, shacl=False)
    return out


@pytest.fixture(scope="module")
def net(focus_build) -> Network:
    return load_network(focus_build)


def page_data(page) -> dict:
    return json.loads(DATA_BLOCK.search(page.html).group(1))


def run(build_dir: Path, *args: str):
    return CliRunner().invoke(cli, ["--build-dir", str(build_dir), *args])


# --- the definition ----------------------------------------------------------------------

def test_list_only_is_listed_with_no_other_claim(net):
    assert list_only(net) == LISTED
    assert "org/acme" not in list_only(net)  # restricted, but a vendor: it stays
    assert "org/authority" not in list_only(net)  # it lists; it is not listed
    assert left_out(net) == LISTED | {"restriction/lonely-listed", "restriction/quiet-listed",
                                      "restriction/quiet-meu"}
    assert left_out(net, keep=["org/lonely-lab"]) == {
        "org/quiet-institute", "restriction/quiet-listed", "restriction/quiet-meu"}


@pytest.mark.parametrize("edge, about, expected", [
    (None, [], {"org/x"}),
    ({"u": "org/x", "v": "org/parent", "kind": "ownership", "verb": "part of",
      "claim": "org/x"}, [], set()),
    ({"u": "org/x", "v": "country/CHN", "kind": "home", "verb": "based in",
      "claim": "org/x"}, [], {"org/x"}),
    (None, ["org/x"], set()),  # a finding about it: known from more than a list
])
def test_any_claim_but_a_listing_or_home_makes_an_entity_more_than_list_only(edge, about,
                                                                             expected):
    edges = [{"u": "org/auth", "v": "restriction/r", "kind": "restriction", "verb": "imposes",
              "claim": "restriction/r"},
             {"u": "restriction/r", "v": "org/x", "kind": "restriction", "verb": "lists",
              "claim": "restriction/r"}] + ([edge] if edge else [])
    net = Network.from_dict({"edges": edges, "claims": {
        "finding/f": {"kind": "finding", "about": about, "evidence": []}}})
    assert list_only(net) == expected


def test_the_note_is_one_line_with_its_count():
    assert left_out_note(3200, "drawn", "--all draws them") == (
        "3,200 entities known only from restriction lists are not drawn; --all draws them")


# --- rankings and suppliers --------------------------------------------------------------

@pytest.mark.parametrize("by", ["pagerank", "betweenness"])
def test_centrality_leaves_list_only_entities_out_and_says_so(net, by):
    answer = rank(net, by, top=None)
    assert {r["entity"]["id"] for r in answer.rows}.isdisjoint(LISTED)
    assert answer.notes == [NOTE.format("ranked", "--include-listed ranks them")]
    everything = rank(net, by, top=None, include_listed=True)
    assert LISTED <= {r["entity"]["id"] for r in everything.rows}
    assert everything.notes == []


def test_the_listing_authority_is_not_made_central_by_the_list(net):
    default = {r["entity"]["id"]: r["pagerank"] for r in rank(net, top=None).rows}
    listed = {r["entity"]["id"]: r["pagerank"] for r in rank(net, top=None,
                                                              include_listed=True).rows}
    assert default["org/authority"] < default["org/acme"]
    assert listed["org/authority"] > listed["org/acme"]


@pytest.mark.parametrize("by", ["concentration", "reach"])
def test_supplier_rankings_have_nothing_to_leave_out(net, by):
    answer = rank(net, by)
    assert answer.notes == []
    assert all("Lonely" not in json.dumps(r, default=str) for r in answer.rows)


def test_a_list_only_entity_never_supplies_its_home_country(net):
    assert suppliers(net, "China").rows == []
    assert [r["entity"]["id"] for r in suppliers(net, "Kenya").rows] == ["org/acme",
                                                                        "org/globex"]


# --- the explorer ------------------------------------------------------------------------

def test_whole_graph_leaves_list_only_entities_out_and_says_so(focus_build):
    page = explorer_page(focus_build, whole=True)
    data = page_data(page)
    assert (page.nodes, page.edges) == (7, 8)
    assert set(data["nodeInfo"]).isdisjoint(left_out(load_network(focus_build)))
    assert data["nodeInfo"]["org/acme"]["restricted"]  # a restricted vendor keeps its mark
    assert "restriction/acme-listed" in data["nodeInfo"]
    assert page.note == data["note"] == NOTE.format("drawn", "kg viz --all draws them")


def test_all_draws_them(focus_build):
    page = explorer_page(focus_build, draw_all=True)
    assert LISTED <= set(page_data(page)["nodeInfo"])
    assert (page.nodes, page.edges, page.note) == (12, 15, "")
    assert page.view == "full graph, with list-only entities"


def test_focus_on_a_list_only_entity_draws_it(focus_build):
    page = explorer_page(focus_build, focus="Lonely Lab", depth=1)
    assert set(page_data(page)["nodeInfo"]) == {"org/lonely-lab", "restriction/lonely-listed",
                                                "country/CHN"}
    assert page.note == ""


def test_focus_counts_what_it_left_out_within_its_depth(focus_build):
    page = explorer_page(focus_build, focus="Example Authority", depth=1)
    assert set(page_data(page)["nodeInfo"]) == {"org/authority", "restriction/acme-listed"}
    assert page.note == NOTE.format("drawn", "kg viz --all draws them")
    deep = explorer_page(focus_build, focus="Kenya", depth=3, via_hubs=True)
    assert "org/lonely-lab" not in page_data(deep)["nodeInfo"]  # Kenya, Acme, China, Lonely
    assert deep.note.startswith("1 entity known only from restriction lists is not drawn")
    # without --via-hubs China is drawn next to Acme but not gone through: nothing left out
    near = explorer_page(focus_build, focus="Kenya", depth=3)
    assert "country/CHN" in page_data(near)["nodeInfo"] and near.note == ""


def test_supply_edges_are_coloured_by_independent_sources_and_drawn_by_strength(focus_build):
    data = page_data(explorer_page(focus_build, whole=True))
    info = data["edgeInfo"]
    drawn = {e["id"]: e for e in data["edges"]}
    acme = [i for i, e in info.items() if e["from"] == "org/acme" and e["to"] == "country/KEN"]
    globex = [i for i, e in info.items() if e["from"] == "org/globex"]
    assert len(acme) == 3 and len(globex) == 1
    # two editions of one index count once, two newspapers twice: 3; the strongest a sale
    assert {(drawn[i]["color"], "dashes" in drawn[i]) for i in acme} == {(backing_color(3), False)}
    assert (drawn[globex[0]]["color"], drawn[globex[0]]["dashes"]) == (
        backing_color(1), STRENGTH_LINES["index-listing"][0])
    assert backing_color(1) != backing_color(2) != backing_color(3) == backing_color(7)
    backing = data["backing"]["org/acme|country/KEN"]
    assert (backing["publishers"], backing["strength"]) == (3, "reported-sale")
    assert [(s["source"], s["strength"]) for s in backing["sources"]] == [
        ("source/daily-a", "reported sale or contract"),
        ("source/daily-b", "reported sale or contract"),
        ("source/index-2019", "index listing"), ("source/index-2022", "index listing")]
    assert data["agreement"] == [{"publishers": n, "name": name, "color": color,
                                  "count": {1: 1, 2: 0, 3: 3}[n]}
                                 for n, name, color in BACKING_COLORS]
    assert data["strengths"] == [
        {"strength": "reported-sale", "name": "reported sale or contract", "line": "solid",
         "count": 3},
        {"strength": "index-listing", "name": "index listing", "line": "dashed", "count": 1}]
    restriction = next(e for e in data["edges"] if info[e["id"]]["kind"] == "restriction")
    assert "dashes" not in restriction and info[restriction["id"]].get("pair") is None


def test_pair_backing_counts_tracker_editions_once(net):
    found = pair_backing(net)
    assert found[("org/globex", "country/KEN")]["publishers"] == 1
    assert found[("org/acme", "country/KEN")]["publishers"] == 3


def test_the_legend_says_what_colour_and_line_mean(focus_build):
    html = explorer_page(focus_build).html
    assert 'id="supply-legend"' in html
    assert "colour: independent sources behind the vendor-country link" in html
    assert "line: the link's strongest claim" in html


# --- CLI ---------------------------------------------------------------------------------

def test_cli_rank_says_what_it_left_out(focus_build):
    result = run(focus_build, "rank")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Entities by pagerank (4 in the graph)\n")
    assert result.output.endswith("\n" + NOTE.format("ranked", "--include-listed ranks them")
                                  + "\n")
    listed = run(focus_build, "rank", "--include-listed")
    assert listed.exit_code == 0 and "Lonely Lab" in listed.output
    assert "known only from restriction lists" not in listed.output


def test_cli_rank_json_carries_the_note(focus_build):
    result = run(focus_build, "rank", "--format", "json")
    assert result.exit_code == 0
    assert NOTE.format("ranked", "--include-listed ranks them") in result.output


def test_cli_viz_says_what_it_left_out(focus_build, tmp_path):
    out = tmp_path / "page.html"
    result = run(focus_build, "viz", "--whole", "-o", str(out))
    assert (result.exit_code, result.output) == (
        0, f"wrote {out}: full graph, 7 entities, 8 links\n"
           + NOTE.format("drawn", "kg viz --all draws them") + "\n")
    result = run(focus_build, "viz", "--all", "-o", str(out))
    assert (result.exit_code, result.output) == (
        0, f"wrote {out}: full graph, with list-only entities, 12 entities, 15 links\n")


def test_cli_viz_all_does_not_overwrite_the_explorer(focus_build):
    before = (focus_build / "survkg.html").read_bytes()
    result = run(focus_build, "viz", "--all")
    target = focus_build / "survkg-full-graph-with-list-only-entities.html"
    assert result.exit_code == 0 and result.output.startswith(f"wrote {target}:")
    assert (focus_build / "survkg.html").read_bytes() == before


@pytest.mark.parametrize("args", [["profile", "Lonely Lab"],
                                  ["path", "Example Authority", "Quiet Institute"]])
def test_list_only_entities_answer_when_asked_for(focus_build, args):
    result = run(focus_build, *args)
    assert result.exit_code == 0, result.output
    assert args[-1] in result.output


@pytest.mark.parametrize("command, option", [("rank", "--include-listed"), ("viz", "--all")])
def test_help_names_the_option(command, option):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0 and option in result.output
