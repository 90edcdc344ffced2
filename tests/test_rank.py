"""Centrality, concentration (vendors listed per edition) and reach on tiny graphs computed by
hand (fixtures/network), and the sentence each ranking prints to say what it counts."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import KGError
from kg.analysis.network import Network
from kg.analysis.rank import entity_graph, rank
from kg.render.answers import render_csv, render_json, render_table

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


def test_concentration_counts_one_relation_per_edition_and_names_it():
    # Acme-Kenya: Index 2019, 2020, 2022 (one tracker; two rows in 2022), Other Tracker 2021
    # and a news article; Bolt-Kenya: Index 2022 only (fixtures/network/README.md).
    rows = rank(load("editions"), "concentration").rows
    assert [(r["country"], r["edition"], r["recorded"], r["vendors listed"], r["vendor names"])
            for r in rows] == [
        ("Kenya", "index-2019", "2019-09", 1, ["Acme"]),
        ("Kenya", "index-2020", "2020", 1, ["Acme"]),
        ("Kenya", "tracker-2021", "2021", 1, ["Acme"]),
        ("Kenya", "index-2022", "2022-06", 2, ["Acme", "Bolt"]),
    ]
    assert [r["tracker"] for r in rows] == ["index-2019", "index-2019", "tracker-2021",
                                            "index-2019"]


def test_concentration_cites_each_edition_by_its_rows_only():
    rows = {r["edition"]: r for r in rank(load("editions"), "concentration").rows}
    assert [(e["vendor"], e["source"], e["kind"], e["row"])
            for e in rows["index-2022"]["evidence"]] == [
        ("Acme", "source/index-2022", "row", "country=Kenya; line 1"),
        ("Acme", "source/index-2022", "row", "country=Kenya; line 2"),
        ("Bolt", "source/index-2022", "row", "country=Kenya; line 3"),
    ]
    # the tracker's own summary beside its row is not a second listing
    assert [e["kind"] for e in rows["tracker-2021"]["evidence"]] == ["row"]


def test_concentration_counts_no_document_and_gives_no_share():
    answer = rank(load("editions"), "concentration")
    assert "news" not in {r["edition"] for r in answer.rows}
    assert "Uganda" not in {r["country"] for r in answer.rows}  # a deal cited by an article
    assert not {"hhi", "top share", "claims", "share"} & set(answer.columns)
    assert "not sales or market share" in answer.title
    assert "documents are not counted" in answer.measure and "no share or HHI" in answer.measure


def test_concentration_without_dataset_rows_says_so_not_that_there_are_no_claims():
    answer = rank(load("market"), "concentration")   # every claim there cites a document
    assert answer.rows == []
    assert answer.notes == [
        "not recorded: no dataset edition lists a vendor for any country (claims citing only "
        "documents are not counted here; kg suppliers lists them); unknown is not no"]


@pytest.mark.parametrize("by", ["pagerank", "betweenness", "concentration", "reach"])
def test_every_ranking_says_in_one_line_what_it_counts(by):
    answer = rank(load("editions"), by)
    assert answer.measure and "\n" not in answer.measure
    assert answer.measure == rank(load("market"), by).measure   # the same words everywhere
    text = render_table(answer)
    assert text.splitlines()[:2] == [answer.title, answer.measure]
    assert json.loads(render_json(answer))["measure"] == answer.measure
    header = render_csv(answer).splitlines()[0]
    assert header == ",".join(["id"] + answer.columns)  # the CSV stays its columns


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
    assert len(rank(load("editions"), "concentration", top=1).rows) == 1


def test_an_empty_graph_ranks_nothing_and_says_so():
    answer = rank(Network.from_dict({}), "pagerank")
    assert answer.rows == []
    assert answer.notes[0].startswith("not recorded")


def test_an_unknown_measure_names_the_valid_ones():
    with pytest.raises(KGError, match="unknown ranking 'degree' .*pagerank, betweenness"):
        rank(load("market"), "degree")


# --- the shipped data ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped(shipped_build):
    from kg.analysis.network import load_network

    return load_network(shipped_build)


def test_shipped_concentration_counts_each_editions_rows_once(shipped):
    """Every (country, edition) row counts the distinct suppliers of the supply records citing
    a row of that edition for the country, read from data/ apart from the graph."""
    from kg.records.dataset import load_dataset

    records = load_dataset(Path(__file__).resolve().parents[1] / "data").records
    expected: dict[tuple[str, str], set[str]] = {}
    for record in records["supplies"]:
        for item in record.evidence:
            if item.row and record.suppliers:
                expected.setdefault((f"country/{record.country}", item.source), set()).update(
                    shipped.label(f"org/{s}") for s in record.suppliers)
    rows = rank(shipped, "concentration", top=None).rows
    counted = {(r["entity"]["id"], r["edition"]): r for r in rows}
    assert len(counted) == len(rows)   # one row per country and edition
    assert {k: set(r["vendor names"]) for k, r in counted.items()} == expected
    assert all(r["vendors listed"] == len(r["vendor names"]) for r in rows)
    assert [r["vendors listed"] for r in rows] == sorted(r["vendors listed"] for r in rows)


def test_shipped_link_in_three_editions_and_a_document_is_one_vendor_per_edition(shipped):
    """A vendor-country link that three or more editions of one tracker list and a document
    reports (the first such pair found in the data: CEIEC in Ecuador, Huawei in Laos, ...)
    counts once in each edition's row and is not counted for the document."""
    from kg.analysis.suppliers import supply_links
    from kg.analysis.trackers import tracker

    sources: dict[tuple[str, str], dict[str, bool]] = {}
    for vendor, country, claim in supply_links(shipped):
        for item in shipped.claims[claim].get("evidence", []):
            sources.setdefault((vendor, country), {})[item["source"]] = bool(item.get("row"))
    def editions(found):
        return sorted(s for s, row in found.items() if row)
    pair, found = next((p, f) for p, f in sorted(sources.items())
                       if len(editions(f)) >= 3 and not all(f.values())
                       and len({tracker(shipped, s) for s in editions(f)}) == 1)
    rows = [r for r in rank(shipped, "concentration", top=None).rows
            if r["entity"]["id"] == pair[1]]
    named = {r["edition"]: r["vendor names"] for r in rows}
    for edition in editions(found):
        assert named[edition.removeprefix("source/")].count(shipped.label(pair[0])) == 1
    documents = {s.removeprefix("source/") for s, row in found.items() if not row}
    assert documents and not documents & set(named)
