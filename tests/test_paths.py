"""Paths on tiny hand-computed graphs (tests/fixtures/network/README.md), and hub avoidance."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import KGError
from kg.analysis.network import Network
from kg.analysis.paths import HUB_MEMBERS, hubs, paths
from kg.render.evidence import evidence_line
from kg.analysis.resolve import Ambiguous, NotInGraph

FIXTURES = Path(__file__).parent / "fixtures" / "network"


def load(name: str) -> Network:
    return Network.from_dict(json.loads((FIXTURES / f"{name}.json").read_text()))


def labels(answer) -> list[list[str]]:
    return [p["labels"] for p in answer.paths]


def test_a_chain_has_one_path():
    answer = paths(load("chain"), "A", "E")
    assert labels(answer) == [["A", "B", "C", "D", "E"]]
    assert answer.paths[0]["length"] == 4


def test_a_diamond_has_two_paths_ordered_by_label():
    assert labels(paths(load("chain"), "S", "T")) == [["S", "X", "T"], ["S", "Y", "T"]]
    assert labels(paths(load("chain"), "S", "T", max_paths=1)) == [["S", "X", "T"]]


def test_kinds_restrict_the_relations_followed():
    net = load("chain")
    assert labels(paths(net, "S", "T", kinds=["ownership"])) == [["S", "Y", "T"]]
    assert labels(paths(net, "S", "T", kinds=["supply"])) == [["S", "X", "T"]]
    assert labels(paths(net, "A", "E", kinds=["supply"])) == []


def test_an_unknown_kind_names_the_valid_ones():
    with pytest.raises(KGError, match="unknown relation kind 'suply' .*supply, financing"):
        paths(load("chain"), "S", "T", kinds=["suply"])


def test_each_hop_reads_in_the_claims_direction():
    (path,) = paths(load("chain"), "S", "T", kinds=["ownership"]).paths
    first, second = path["hops"]
    assert (first["relation"], first["direction"]) == ("owns", "forward")
    assert (second["relation"], second["direction"]) == ("<-owns-", "backward")
    assert first["claims"] == ["ownership/sy"]
    assert first["evidence"][0] == {"claim": "ownership/sy", "source": "source/s1",
                                    "title": "Source One", "url": "https://example.org/one",
                                    "version": None, "kind": "quote",
                                    "quote": "quote for ownership/sy"}


def test_max_hops_bounds_the_search_and_no_path_is_not_no():
    answer = paths(load("chain"), "A", "E", max_hops=3)
    assert answer.paths == []
    assert answer.notes[0] == ("not recorded: no path of at most 3 hops in the graph; "
                               "unknown is not no")


def test_hubs_are_countries_and_initiatives_with_many_members():
    assert HUB_MEMBERS == 20
    net = load("hubs")
    assert "initiative/big" in hubs(net) and "initiative/small" not in hubs(net)
    assert {"country/KEN", "country/X00"} <= hubs(net)


def test_no_path_through_a_country_unless_asked():
    net = load("hubs")
    answer = paths(net, "Vendor One", "Vendor Two")
    assert answer.paths == []
    assert "--via-hubs allows them" in answer.notes[-1]
    assert labels(paths(net, "Vendor One", "Vendor Two", via_hubs=True)) == [
        ["Vendor One", "Kenya", "Vendor Two"]]


def test_a_hub_may_be_an_endpoint():
    assert labels(paths(load("hubs"), "Vendor One", "Kenya")) == [["Vendor One", "Kenya"]]


def test_no_path_through_a_large_initiative_unless_asked():
    net = load("hubs")
    assert labels(paths(net, "Country 00", "Country 01")) == [
        ["Country 00", "Small Bloc", "Country 01"]]
    assert labels(paths(net, "Country 00", "Country 01", via_hubs=True)) == [
        ["Country 00", "Big Bloc", "Country 01"], ["Country 00", "Small Bloc", "Country 01"]]
    assert paths(net, "Country 02", "Country 03").paths == []


def test_a_path_through_a_deal_comes_first_and_same_shape_paths_merge():
    answer = paths(load("claims"), "Authority", "Uganda")
    assert labels(answer) == [
        ["Authority", "Vendor on Entity List", "Vendor", "Uganda cameras", "Uganda"],
        ["Authority", "Vendor on Entity List", "Vendor", "Uganda"]]
    for path in answer.paths:
        assert [e["id"] for e in path["also via"]] == ["restriction/r2"]
    hops = answer.paths[0]["hops"]
    assert [h["relation"] for h in hops] == ["imposes", "lists", "supplies", "in"]
    assert [h["dates"] for h in hops] == ["from 2019-05-16", "from 2019-05-16", "2019", "2019"]
    assert all(h["evidence"] for h in hops)


def test_names_resolve_by_alias_and_case():
    assert labels(paths(load("hubs"), "country 00", "sb")) == [["Country 00", "Small Bloc"]]


def test_an_unknown_name_is_not_in_the_graph_with_suggestions():
    with pytest.raises(NotInGraph) as raised:
        paths(load("hubs"), "Vendor Tree", "Kenya")
    assert str(raised.value) == ("'Vendor Tree' is not in the graph "
                                 "(did you mean: Vendor Two, Vendor One?)")


def test_an_ambiguous_name_lists_its_candidates():
    net = load("hubs")
    for node in ("org/v1", "org/v2"):  # one alias on two entities
        net.graph.nodes[node]["aliases"] = ["Vendor"]
    with pytest.raises(Ambiguous) as raised:
        paths(net, "Vendor", "Kenya")
    assert raised.value.candidates == [("org/v1", "Vendor One"), ("org/v2", "Vendor Two")]


def test_a_word_of_two_names_is_neither_name():
    with pytest.raises(NotInGraph) as raised:
        paths(load("hubs"), "Vendor", "Kenya")
    assert raised.value.suggestions == ["Vendor Two", "Vendor One"]


def test_only_a_quote_is_printed_in_quotation_marks():
    base = {"claim": "deal/d", "source": "source/report"}
    assert evidence_line({**base, "kind": "quote", "quote": "a $1m deal", "locator": "p. 3"}) == (
        'source: report "a $1m deal" (p. 3)')
    assert evidence_line({**base, "kind": "summary", "summary": "Acme won a $1m deal"}) == (
        "source: report, summary: Acme won a $1m deal")
    assert evidence_line({**base, "kind": "summary", "summary": "Acme won", "locator": "p. 3"}) \
        == "source: report, summary: Acme won (p. 3)"
    assert evidence_line({"source": "source/index", "kind": "row", "row": "country=Kenya"}) == (
        "source: index (row country=Kenya)")



def test_a_path_ends_at_an_entity_known_only_from_a_list_but_never_passes_through_one():
    """Two authorities list X, which is known from nothing else: X joins them only by being
    listed twice, so no path runs Gov1 -> X -> Gov2 (unless --via-hubs); a path may end at X."""
    from kg.analysis.network import Network
    from kg.analysis.paths import paths

    def edge(u, v, kind, verb):
        claim = u if u.startswith("restriction/") else v
        return {"u": u, "v": v, "kind": kind, "verb": verb, "claim": claim}

    nodes = [{"id": "org/x", "label": "X", "kind": "listed-party"}]
    edges, claims = [], {}
    for n in ("1", "2"):
        nodes += [{"id": f"org/gov{n}", "label": f"Gov{n}", "kind": "agency"},
                  {"id": f"restriction/r{n}", "label": f"X listed {n}", "kind": "restriction"}]
        edges += [edge(f"org/gov{n}", f"restriction/r{n}", "restriction", "imposes"),
                  edge(f"restriction/r{n}", "org/x", "restriction", "lists")]
        claims[f"restriction/r{n}"] = {"kind": "restriction", "evidence": []}
    net = Network.from_dict({"nodes": nodes, "edges": edges, "claims": claims})
    assert paths(net, "Gov1", "Gov2").paths == []
    assert paths(net, "Gov1", "Gov2", via_hubs=True).paths[0]["labels"] == [
        "Gov1", "X listed 1", "X", "X listed 2", "Gov2"]
    assert paths(net, "Gov1", "X").paths[0]["labels"] == ["Gov1", "X listed 1", "X"]
