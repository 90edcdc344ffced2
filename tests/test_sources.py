"""kg sources: which sources back a supply link, how many independent publishers, who disagrees."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.analysis.network import Network, load_network
from kg.analysis import trackers
from kg.analysis.sources import agreement, coverage
from kg.cli import cli


def tiny() -> Network:
    ev = lambda s: [{"source": s, "row": "r"}]  # noqa: E731
    return Network.from_dict({
        "nodes": [{"id": "org/a", "label": "Acme", "kind": "company"},
                  {"id": "org/b", "label": "Bolt", "kind": "company"},
                  {"id": "country/UGA", "label": "Uganda", "kind": "country"}],
        "edges": [{"u": "org/a", "v": "country/UGA", "kind": "supply", "verb": "supplies",
                   "claim": c} for c in ("supply/a19", "supply/a22", "supply/a-news")]
        + [{"u": "org/b", "v": "country/UGA", "kind": "supply", "verb": "supplies",
            "claim": "supply/b19"}],
        "claims": {"supply/a19": {"kind": "supply", "evidence": ev("source/i19")},
                   "supply/a22": {"kind": "supply", "evidence": ev("source/i22")},
                   "supply/a-news": {"kind": "supply",
                                     "evidence": [{"source": "source/news", "quote": "q"}]},
                   "supply/b19": {"kind": "supply", "evidence": ev("source/i19")}},
        "sources": {"source/i19": {"title": "Index 2019", "publisher": "P", "kind": "dataset"},
                    "source/i22": {"title": "Index 2022", "publisher": "P", "kind": "dataset",
                                   "version_of": "source/i19"},
                    "source/news": {"title": "News", "publisher": "N", "kind": "article"}}})


def test_a_pair_lists_each_source_and_counts_editions_of_a_tracker_once():
    answer = agreement(tiny(), "Acme", "Uganda")
    assert [r["source"] for r in answer.rows] == ["source/i19", "source/i22", "source/news"]
    assert answer.title == ("Acme in Uganda: 3 sources, 2 independent (editions of one tracker "
                            "count once)")
    assert answer.notes == ["no disagreement found: no tracker with rows for the country leaves "
                            "out a link it could list, no two sources give different years, no "
                            "export licence lacks a reported sale"]


def test_an_edition_with_rows_for_the_country_that_names_the_vendor_elsewhere_is_silent():
    answer = agreement(tiny(), "Bolt", "Uganda")
    assert answer.notes == ["not listed by source/i22 (Index 2022): it has rows for Uganda and "
                            "names Bolt elsewhere"]


def test_per_vendor_of_a_country_most_independent_first():
    rows = agreement(tiny(), "Uganda").rows
    assert [(r["vendor"], r["independent"], r["not listed by"]) for r in rows] == [
        ("Acme", 2, []), ("Bolt", 1, ["source/i22"])]


def test_an_article_is_not_counted_as_silence():
    assert "source/news" in coverage(tiny())["country/UGA"]
    assert all("source/news" not in r["not listed by"] for r in agreement(tiny(), "Uganda").rows)


@pytest.fixture(scope="module")
def shipped(shipped_build):
    return shipped_build, load_network(shipped_build)


def test_on_the_shipped_data_silence_is_what_the_editions_say(shipped):
    build, net = shipped
    result = CliRunner().invoke(cli, ["--build-dir", str(build), "sources", "Mongolia",
                                      "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["rows"]
    covering = {s for s in coverage(net)["country/MNG"]
                if net.sources[s].get("kind") == "dataset"}
    assert rows
    for row in rows:
        vendor = row["entity"]["id"]
        if row["entity"]["kind"] == "export licence":
            continue
        naming = {e["source"] for c, claim in net.claims.items() if claim["kind"] in
                  ("supply", "deal") and c in {a["claim"] for _, v, a in
                                               net.graph.out_edges(vendor, data=True)
                                               if v == "country/MNG"} for e in claim["evidence"]}
        # a tracker is silent when it has rows for Mongolia and names the vendor somewhere
        knows = {s for s in covering if vendor in trackers.vendors_named(net).get(
            trackers.tracker(net, s), set())}
        assert set(row["not listed by"]) == knows - naming
        assert row["independent"] == len(trackers.independent(net, row["sources"]))


def test_an_unknown_name_exits_2(shipped):
    build, _ = shipped
    result = CliRunner().invoke(cli, ["--build-dir", str(build), "sources", "Nowhereland"])
    assert result.exit_code == 2 and "not in the graph" in result.output


def test_on_the_shipped_data_sources_that_give_a_country_different_values_are_named(shipped):
    build, net = shipped
    result = CliRunner().invoke(cli, ["--build-dir", str(build), "sources", "Zimbabwe",
                                      "--format", "json"], catch_exceptions=False)
    document = json.loads(result.output)
    # Every measure whose observations about Zimbabwe disagree is one note.
    values: dict[str, set] = {}
    for claim in net.claims.values():
        if claim["kind"] == "observation" and "country/ZWE" in claim.get("about", []):
            values.setdefault(claim["measure"], set()).add(claim["value"])
    differing = sorted(m for m, v in values.items() if len(v) > 1)
    assert differing, "the shipped data has editions that disagree about Zimbabwe"
    for measure in differing:
        assert sum(n.startswith(f"{measure}: ") for n in document["notes"]) == 1
    # The index's 'no' to the Belt and Road Initiative comes after the membership claim's start:
    # said, with the membership's sources cited among the answer's evidence.
    start = next(a["start"] for _, v, a in net.graph.out_edges("country/ZWE", data=True)
                 if v == "initiative/belt-and-road")
    note = next(n for n in document["notes"] if "says 'no' to Belt and Road Initiative" in n)
    assert note.endswith(f"membership from {start}")
    membership = next(a["claim"] for _, v, a in net.graph.out_edges("country/ZWE", data=True)
                      if v == "initiative/belt-and-road")
    cited = {e["source"] for e in document["notes evidence"]}
    assert {e["source"] for e in net.evidence(membership)} <= cited
