"""Centrality, concentration and reach on tiny graphs computed by hand (fixtures/network)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import KGError
from kg.analysis.network import Network
from kg.analysis.rank import entity_graph, rank

FIXTURES = Path(__file__).parent / "fixtures" / "network"


def load(name: str) -> Network:
    return Network.from_dict(json.loads((FIXTURES / f"{name}.json").read_text()))


def scores(answer, measure) -> dict[str, float]:
    return {r["name"]: r[measure] for r in answer.rows}


def test_pagerank_of_a_three_node_path_by_hand():
    result = scores(rank(load("hubs"), "pagerank"), "pagerank")
    assert result == pytest.approx({"Kenya": 0.135 / 0.2775, "Vendor One": 0.256757,
                                    "Vendor Two": 0.256757}, abs=1e-5)


def test_memberships_are_left_out_of_the_centrality_graph():
    assert sorted(entity_graph(load("hubs")).nodes) == ["country/KEN", "org/v1", "org/v2"]


def test_betweenness_of_a_chain_and_a_cycle_by_hand():
    result = scores(rank(load("chain"), "betweenness", top=None), "betweenness")
    assert result == pytest.approx({"A": 0, "B": 3 / 28, "C": 4 / 28, "D": 3 / 28, "E": 0,
                                    "S": 0.5 / 28, "T": 0.5 / 28, "X": 0.5 / 28,
                                    "Y": 0.5 / 28}, abs=1e-6)
    assert [r["name"] for r in rank(load("chain"), "betweenness", top=3).rows] == ["C", "B", "D"]


def test_claim_nodes_collapse_into_links_between_their_entities():
    graph = entity_graph(load("claims"))
    assert sorted(tuple(sorted(e)) for e in graph.edges) == [("country/UGA", "org/v"),
                                                            ("org/auth", "org/v")]
    assert graph["org/v"]["country/UGA"]["weight"] == 2  # the supply claim and the deal
    assert graph["org/auth"]["org/v"]["weight"] == 2     # two restrictions


def test_concentration_hhi_by_hand():
    rows = rank(load("market"), "concentration").rows
    assert [(r["country"], r["hhi"], r["top vendor"], r["top share"]) for r in rows] == [
        ("Uganda", 10000, ["Alpha"], 1.0),
        ("Tanzania", 5000, ["Alpha", "Beta"], 0.5),
        ("Kenya", 3750, ["Alpha"], 0.5),
    ]
    assert [(r["vendors"], r["claims"]) for r in rows] == [(1, 1), (2, 2), (3, 4)]


def test_reach_counts_countries_regime_types_and_group_share():
    answer = rank(load("market"), "reach")
    assert "share of countries in Bloc" in answer.title
    assert [(r["vendor"], r["countries"], r["regime types"], r["group share"])
            for r in answer.rows] == [
        ("Alpha", 3, ["closed autocracy 1", "electoral autocracy 2"], 0.6667),
        ("Beta", 2, ["closed autocracy 1", "electoral autocracy 1"], 1.0),
        ("Gamma", 1, ["electoral autocracy 1"], 1.0),
    ]


def test_top_limits_the_rows():
    assert len(rank(load("market"), "concentration", top=1).rows) == 1


def test_an_empty_graph_ranks_nothing_and_says_so():
    answer = rank(Network.from_dict({}), "pagerank")
    assert answer.rows == []
    assert answer.notes[0].startswith("not recorded")


def test_an_unknown_measure_names_the_valid_ones():
    with pytest.raises(KGError, match="unknown ranking 'degree' .*pagerank, betweenness"):
        rank(load("market"), "degree")
