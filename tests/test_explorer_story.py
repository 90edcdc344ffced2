"""The explorer's default view, who supplies whom, and neighbourhoods that do not go through
hubs: on a tiny network whose answers can be read off by hand, then on the shipped data."""
from __future__ import annotations

import math

import pytest

from kg.analysis.focus import left_out
from kg.analysis.network import Network, load_network
from kg.analysis.suppliers import supply_links
from kg.explore import views
from kg.explore.extract import explorer_graph
from kg.explore.html_data import page_data
from kg.explore.layout import TOP_VENDORS, label_order, story_positions
from kg.explore.page import STORY, explorer_graph as view_of, view_name


def _supply(vendor, country, claim):
    return {"u": vendor, "v": country, "kind": "supply", "verb": "supplies", "claim": claim}


def _region(country, code):
    return {"kind": "observation", "measure": "AIGS: region", "value": code, "period": "2022",
            "about": [country], "evidence": [{"source": "source/index"}]}


@pytest.fixture
def net() -> Network:
    """Vendor A supplies Kenya and France, B Kenya; both countries are in a bloc with Peru,
    whom nobody supplies; a bank lends to Kenya; an agency of Kenya buys from B."""
    nodes = [("org/a", "A", "company"), ("org/b", "B", "company"),
             ("org/bank", "Bank", "lender"), ("org/police", "Kenya Police", "agency"),
             ("country/KEN", "Kenya", "country"), ("country/FRA", "France", "country"),
             ("country/PER", "Peru", "country"), ("initiative/bloc", "Bloc", "initiative")]
    edges = [_supply("org/a", "country/KEN", "supply/a-ken"),
             _supply("org/a", "country/FRA", "supply/a-fra"),
             _supply("org/b", "country/KEN", "supply/b-ken"),
             _supply("org/b", "org/police", "supply/b-ken"),
             {"u": "org/police", "v": "country/KEN", "kind": "home", "verb": "based in",
              "claim": "home/police"},
             {"u": "org/bank", "v": "country/KEN", "kind": "financing", "verb": "lends to",
              "claim": "fin/bank-ken"}]
    for country in ("KEN", "FRA", "PER"):
        edges.append({"u": f"country/{country}", "v": "initiative/bloc", "kind": "membership",
                      "verb": "member of", "claim": f"m/{country}"})
    claims = {c["claim"]: {"kind": c["kind"], "evidence": [{"source": "source/s"}]}
              for c in edges}
    claims.update({"obs/ken": _region("country/KEN", "AF"), "obs/fra": _region("country/FRA",
                                                                               "EUR")})
    return Network.from_dict({
        "nodes": [{"id": i, "label": label, "kind": kind} for i, label, kind in nodes],
        "edges": edges, "claims": claims,
        "sources": {"source/s": {"title": "S"}, "source/index": {"title": "Index"}}})


def test_story_is_the_supply_links_with_regions_and_countries_supplied(net):
    story = views.story(net, explorer_graph(net))
    assert sorted(story) == ["country/FRA", "country/KEN", "org/a", "org/b", "org/police"]
    assert {d["kind"] for *_, d in story.edges(data=True)} == {"supply"}
    assert views.country_regions(net) == {"country/FRA": "eur", "country/KEN": "af"}
    assert story.nodes["country/KEN"]["region"] == "af"
    assert story.nodes["org/police"]["country"] == "country/KEN"  # its home, from the whole graph
    assert (story.nodes["org/a"]["supplied"], story.nodes["org/b"]["supplied"]) == (2, 1)
    assert view_name() == STORY and view_name(whole=True) == "full graph"


def test_story_layout_puts_countries_on_a_ring_by_region_and_vendors_inside(net):
    story = views.story(net, explorer_graph(net))
    pos, regions = story_positions(story)
    assert story_positions(story) == (pos, regions)  # deterministic
    ring = {round(math.hypot(*pos[c])) for c in ("country/KEN", "country/FRA")}
    assert len(ring) == 1
    radius = ring.pop()
    assert all(math.hypot(*pos[v]) < radius for v in ("org/a", "org/b"))
    assert math.hypot(*pos["org/police"]) > radius  # outside its country
    assert [(r["code"], r["count"]) for r in regions] == [("eur", 1), ("af", 1)]
    order = label_order(story, {})
    assert order[:2] == ["org/a", "org/b"]  # vendors by countries supplied first
    data = page_data(story)
    assert data["physics"] is False and data["labelOrder"] == order
    assert [r["name"] for r in data["regions"]] == ["Europe", "Africa"]


def test_a_neighbourhood_reaches_a_hub_but_does_not_go_through_it(net):
    graph = explorer_graph(net)
    near = views.ego(net, graph, "A", 2)
    # A -> Kenya, France (countries: hubs, drawn, not gone through): no bank, bloc or B
    assert sorted(near) == ["country/FRA", "country/KEN", "org/a"]
    through = views.ego(net, graph, "A", 2, via_hubs=True)
    assert {"org/b", "org/bank", "initiative/bloc"} <= set(through)
    kenya = views.ego(net, graph, "Kenya", 2)  # the focus itself is gone through
    assert {"org/a", "org/bank", "initiative/bloc", "country/FRA"} <= set(kenya)
    assert "country/PER" not in kenya  # the bloc's other members are not
    # the bloc is drawn with Kenya's membership only; France, reached through A, is not
    # drawn as a member: that link lies beyond the hub
    members = {u for u, v, kind in kenya.edges(data="kind") if kind == "membership"}
    assert members == {"country/KEN"}


def _drawn(graph) -> tuple:
    """Everything of a view the page draws from, in order: nodes, links, the graph's own."""
    return (list(graph.nodes(data=True)), list(graph.edges(keys=True, data=True)),
            dict(graph.graph))


def _story_from_the_whole_graph(net):
    """Who supplies whom as defined: the whole explorer graph, less what is list-only, cut."""
    return views.story(net, views.without_listed(net, explorer_graph(net)))


def test_the_story_drawn_from_the_supply_links_alone_is_the_one_cut_from_the_whole(net):
    # a list-only lab at home in France and the listing of it; the agency's home is Kenya
    net.graph.add_node("org/lab", label="Lab", kind="company")
    net.graph.add_node("restriction/lab", label="Lab listed", kind="restriction")
    net.graph.add_edge("restriction/lab", "org/lab", key="restriction/lab:lists",
                       kind="restriction", verb="lists", claim="restriction/lab")
    net.graph.add_edge("org/lab", "country/FRA", key="home/lab:based in", kind="home",
                       verb="based in", claim="home/lab")
    net.claims["restriction/lab"] = {"kind": "restriction", "evidence": []}
    leave = left_out(net)
    assert leave == {"org/lab", "restriction/lab"}
    fast = views.story(net, explorer_graph(net, kinds=("supply",), leave=leave), leave)
    assert _drawn(fast) == _drawn(_story_from_the_whole_graph(net))
    assert fast.nodes["org/police"]["country"] == "country/KEN"  # from its home link


# --- the shipped data ---------------------------------------------------------------------

def test_the_shipped_default_view_is_who_supplies_whom(shipped_build):
    net = load_network(shipped_build)
    story = view_of(shipped_build)
    assert story.graph.get("story") and {d["kind"] for *_, d in story.edges(data=True)} == {"supply"}
    by_vendor: dict[str, set] = {}
    for vendor, country, _ in supply_links(net):
        by_vendor.setdefault(vendor, set()).add(country)
    top = sorted(by_vendor, key=lambda v: (-len(by_vendor[v]), v))[:TOP_VENDORS]
    assert all(story.nodes[v]["supplied"] == len(by_vendor[v]) for v in top)
    assert sum(1 for _, cls in story.nodes(data="cls") if cls == "country") > 50
    assert any(region for _, region in story.nodes(data="region") if region)


def test_the_shipped_story_is_the_one_cut_from_the_whole_graph(shipped_build):
    net = load_network(shipped_build)
    assert left_out(net)  # the shipped data has list-only entities to leave out
    assert _drawn(view_of(shipped_build)) == _drawn(_story_from_the_whole_graph(net))


def test_uganda_two_links_out_does_not_pull_in_the_whole_bloc(shipped_build):
    net = load_network(shipped_build)
    uganda = view_of(shipped_build, focus="Uganda", depth=2)
    through = view_of(shipped_build, focus="Uganda", depth=2, via_hubs=True)
    bloc = [n for n, cls in uganda.nodes(data="cls") if cls == "initiative"]
    assert bloc  # Uganda's own membership is next to it
    members = {u for u, v, kind in uganda.edges(data="kind") if kind == "membership"}
    assert members <= {"country/UGA"}
    assert uganda.number_of_nodes() < through.number_of_nodes()
    # every country drawn is Uganda or a customer of one of Uganda's neighbours, never a
    # member reached through the bloc
    for node, cls in uganda.nodes(data="cls"):
        if cls == "country" and node != "country/UGA":
            assert any(uganda.nodes[m].get("cls") not in views.HUB_KINDS
                       for m in uganda.to_undirected(as_view=True)[node]), node
    assert net.kind("country/UGA") == "country"


def test_a_neighbourhood_is_drawn_in_rings_around_its_focus(net):
    from kg.explore.layout import radial_positions

    kenya = views.ego(net, explorer_graph(net), "Kenya", 2)
    assert kenya.graph["center"] == "country/KEN"
    pos = radial_positions(kenya, "country/KEN")
    assert pos["country/KEN"] == (0.0, 0.0) and radial_positions(kenya, "country/KEN") == pos
    ring = {n: round(math.hypot(*pos[n])) for n in kenya}
    one = {ring[n] for n, hops in kenya.nodes(data="hops") if hops == 1}
    two = {ring[n] for n, hops in kenya.nodes(data="hops") if hops == 2}
    assert len(one) == 1 and len(two) == 1 and one.pop() < two.pop()
    data = page_data(kenya)
    assert data["physics"] is False  # the rings are the layout: nothing moves them
    assert data["labelOrder"][0] == "country/KEN"
