"""Claim strength in the answers: order, labels, export licences, `--strength`, which trackers
agree; on tests/fixtures/strength (answers worked out by hand in its README) and on data/."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.analysis.network import load_network
from kg.analysis.overlap import Side, overlap
from kg.analysis.profile import profile
from kg.analysis.sources import agreement
from kg.analysis.strength import BadStrength, parse_filter, valid
from kg.analysis.suppliers import suppliers
from kg.build import build
from kg.cli import cli
from kg.graph.query import bind, named_queries, run
from kg.graph.store import open_graph
from kg.render.tabular import cell
from kg.schema.ontology import load_ontology

FIXTURE = Path(__file__).parent / "fixtures" / "strength" / "data"
LICENCE = "export licence from United Kingdom (no supplier named)"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("strength") / "build"
    build(FIXTURE, out)
    return out


@pytest.fixture(scope="module")
def net(built):
    return load_network(built)


def kg(built: Path, *args: str):
    return CliRunner().invoke(cli, ["--data", str(FIXTURE), "--build-dir", str(built), *args],
                              catch_exceptions=False)


def test_ranks_and_labels_come_from_the_ontology(net):
    graph = Graph()
    for triple in load_ontology():
        graph.add(triple)
    rows = graph.query("SELECT ?n ?r WHERE { ?c <http://www.w3.org/2004/02/skos/core#notation> ?n ;"
                       " <https://w3id.org/survkg/ontology#strengthRank> ?r }")
    assert net.ranks == {str(n): int(r) for n, r in rows}
    assert valid(net) == sorted(net.ranks, key=net.ranks.get)


def test_vendors_by_strength_then_the_export_licence(net):
    answer = suppliers(net, "Uganda")
    assert [(r["vendor"], r["strength"]) for r in answer.rows] == [
        ("Acme", ["reported sale or contract", "index listing"]),
        ("Bolt", ["reported sale or contract", "use reported by a tracker (lower confidence)"]),
        ("Cobalt", ["detected in the country"]),
        ("Dyna", ["index listing"]),
        (LICENCE, ["export licence granted"])]
    licence = answer.rows[-1]["entity"]
    assert licence == {"id": "country/GBR", "label": "United Kingdom", "kind": "export licence"}


def test_a_restricted_answer_has_no_licence_row(net):
    assert all(r["entity"]["kind"] != "export licence"
               for r in suppliers(net, "Uganda", restricted=True).rows)


def test_the_filter_is_applied_before_counting_and_said(net):
    answer = suppliers(net, "Uganda", strengths=parse_filter(net, "reported-use"))
    assert [(r["vendor"], r["strength"]) for r in answer.rows] == [
        ("Bolt", ["use reported by a tracker (lower confidence)"])]
    assert answer.notes[0] == ("filtered by strength: only use reported by a tracker; 7 supply "
                               "claims of other strengths left out before counting")


def test_a_bad_strength_lists_the_valid_ones_strongest_first(net):
    with pytest.raises(BadStrength) as err:
        parse_filter(net, "reported-sale,rumour")
    assert str(err.value) == ("unknown strength 'rumour': give one or more of reported-sale, "
                              "reported-use, export-licence, detected, index-listing, "
                              "comma-separated")
    assert err.value.exit_code == 2


@pytest.mark.parametrize("command", [["suppliers", "--to", "Uganda"], ["profile", "Uganda"],
                                     ["reach", "Bolt"], ["sources", "Uganda"],
                                     ["ask", "who supplies Uganda"]])
def test_every_command_with_strength_rejects_a_bad_value_in_one_line(built, command):
    result = kg(built, *command, "--strength", "rumour")
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and result.output.startswith("Error: unknown strength")


@pytest.mark.parametrize("command", ["suppliers", "profile", "reach", "sources", "ask"])
def test_help_documents_strength(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0 and "--strength" in result.output


def test_suppliers_csv_and_json_carry_strength(built):
    result = kg(built, "suppliers", "--to", "Uganda", "--strength", "detected,export-licence",
                "--format", "csv")
    assert result.output == (
        "id,vendor,strength,countries,country names,technologies,sources\n"
        "org/cobalt,Cobalt,detected in the country,1,Uganda,deep packet inspection,"
        "source/transfers\n"
        f"country/GBR,{LICENCE},export licence granted,1,Uganda,lawful interception,"
        "source/transfers\n")
    document = json.loads(kg(built, "suppliers", "--to", "Uganda", "--format", "json").output)
    bolt = next(r for r in document["rows"] if r["vendor"] == "Bolt")
    assert {e["strength"] for e in bolt["evidence"]} == {
        "reported sale or contract", "use reported by a tracker, lower confidence"}


def test_profile_says_strength_and_shows_the_licence(net):
    rows = profile(net, "Uganda").rows
    licences = [(r["fact"], r["strength"]) for r in rows if r["section"] == "export licences"]
    assert licences == [(LICENCE, "export licence granted")]
    filtered = profile(net, "Uganda", parse_filter(net, "reported-sale"))
    assert {r["fact"] for r in filtered.rows if r["section"] == "supplied by"} == {"Acme", "Bolt"}
    assert filtered.notes[0].startswith("filtered by strength: only reported sale or contract; 6")


def test_profile_table_line(built):
    output = kg(built, "profile", "Bolt").output
    assert "  Uganda (2013)  [supply/bolt-uga-sale]  reported sale or contract\n" in output
    assert ("  Uganda (2015)  [supply/bolt-uga-use]  use reported by a tracker, lower "
            "confidence\n") in output


def test_reach_counts_only_the_strengths_asked_for(built):
    document = json.loads(kg(built, "reach", "Dyna", "--strength", "reported-sale",
                             "--format", "json").output)
    assert document["rows"][-1]["count"] == 0
    assert document["notes"][0].startswith("filtered by strength: only reported sale")


def test_sources_for_a_pair_strength_years_and_different_years(net):
    answer = agreement(net, "Bolt", "Uganda")
    assert [(r["source"], r["strength"], r["years"]) for r in answer.rows] == [
        ("source/transfers", ["reported sale or contract"], ["2013"]),
        ("source/spy-tracker", ["use reported by a tracker (lower confidence)"], ["2015"])]
    assert answer.title == ("Bolt in Uganda: 2 sources, 2 independent (editions of one tracker "
                            "count once)")
    assert answer.notes == ["years differ for Bolt in Uganda: spy-tracker 2015; transfers 2013"]


def test_sources_an_edition_silent_on_a_link(net):
    answer = agreement(net, "Dyna", "Uganda")
    assert answer.notes == ["not listed by source/index-2022 (Example Index, second edition): it "
                            "has rows for Uganda and names Dyna elsewhere"]


def test_sources_for_a_country_editions_count_once_and_the_licence_disagrees(net):
    answer = agreement(net, "Uganda")
    assert [(r["vendor"], r["independent"], r["not listed by"]) for r in answer.rows] == [
        ("Acme", 2, []), ("Bolt", 2, []), ("Cobalt", 1, []), ("Dyna", 1, ["source/index-2022"]),
        (LICENCE, 1, [])]
    assert ("export licence from United Kingdom to Uganda (2016) and no reported sale to Uganda "
            "by a vendor based in United Kingdom") in answer.notes


def test_sources_filtered(net):
    answer = agreement(net, "Uganda", strengths=parse_filter(net, "export-licence"))
    assert [r["vendor"] for r in answer.rows] == [LICENCE]
    assert answer.notes[0].startswith("filtered by strength: only export licence granted; 7")


def test_agreeing_sources_say_so(net):
    assert agreement(net, "Acme", "Uganda").notes[-1].startswith("no disagreement found")


def test_sources_for_pair_named_query(built):
    graph = open_graph(built)
    query = named_queries()["sources-for-pair"]

    def rows(**params):
        result = run(graph, query.text, bind(query, params))
        return [dict(zip(result.variables, map(cell, row))) for row in result.rows]

    pair = rows(vendor="org/bolt", country="country/UGA")
    assert [(r["source"], r["strength"], r["lowerConfidence"], r["held"]) for r in pair] == [
        ("source/transfers", "reported-sale", "", "2013"),
        ("source/spy-tracker", "reported-use", "true", "2015")]
    licence = [r for r in rows(country="country/UGA") if r["strength"] == "export-licence"]
    assert [(r["supplier"], r["exportingCountry"]) for r in licence] == [("", "country/GBR")]
    assert {r["country"] for r in rows(vendor="org/dyna")} == {"country/UGA", "country/KEN"}


def test_ask_spyware_overlap_and_trackers(built, net):
    spyware = json.loads(kg(built, "ask", "who sold spyware to Uganda", "--format", "json").output)
    assert [r["vendor"] for r in spyware["rows"]] == ["Bolt"]
    both = json.loads(kg(built, "ask", "which countries did both Chinese AI surveillance and "
                         "Israeli spyware reach", "--format", "json").output)
    assert [r["country"] for r in both["rows"]] == ["Uganda"]
    # The question is read lower-cased; the answer names the sides as people write them.
    assert both["title"].startswith("Countries reached by both Chinese AI surveillance and "
                                    "Israeli spyware")
    disagree = json.loads(kg(built, "ask", "where do the trackers disagree about Uganda",
                             "--format", "json").output)
    assert disagree["kind"] == "sources" and len(disagree["rows"]) == 5
    result = kg(built, "ask", "is Acme sanctioned", "--strength", "reported-sale")
    assert result.exit_code == 2 and "not to a 'restrictions' question" in result.output


def test_ask_strength_is_passed_and_shown_as_the_command(built):
    document = json.loads(kg(built, "ask", "who supplies Uganda", "--strength",
                             "index-listing,reported-sale", "--explain", "--format",
                             "json").output)
    assert document["explain"]["command"] == ("kg suppliers --to uganda --strength "
                                              "reported-sale,index-listing")
    assert [r["vendor"] for r in document["rows"]] == ["Acme", "Bolt", "Dyna"]


# --- the shipped data ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped(shipped_build):
    return load_network(shipped_build)


def _needs_tracker(net, source: str) -> None:
    if source not in net.sources or not any(
            e["source"] == source for c in net.claims.values() for e in c.get("evidence", [])):
        pytest.skip(f"{source} not imported yet")


def test_shipped_uganda_vendors_by_strength(shipped):
    _needs_tracker(shipped, "source/pi-sii-transfers")
    rows = suppliers(shipped, "Uganda").rows
    vendors = [r for r in rows if r["entity"]["kind"] != "export licence"]
    assert {"Huawei", "NICE"} <= {r["vendor"] for r in vendors}
    ranks = [r["strength rank"] for r in vendors]
    assert ranks == sorted(ranks)
    assert all(r["strength"] for r in rows)


def test_shipped_spyware_to_mexico_names_spyware_in_every_claim(shipped):
    _needs_tracker(shipped, "source/carnegie-spyware-2023")
    answer = suppliers(shipped, "Mexico", technology="spyware")
    assert "NSO Group" in {r["vendor"] for r in answer.rows}
    for row in answer.rows:
        assert all("spyware" in shipped.claims[e["claim"]].get("technologies", [])
                   for e in row["evidence"])


def test_shipped_chinese_ai_surveillance_and_israeli_spyware(shipped):
    _needs_tracker(shipped, "source/carnegie-spyware-2023")
    answer = overlap(shipped, Side("country/CHN", strengths=frozenset({"index-listing"})),
                     Side("country/ISR", technology="spyware"))
    assert answer.rows
    for row in answer.rows:
        claims = {e["claim"] for e in row["evidence"]}
        assert any(shipped.claims[c].get("strength") == "index-listing" for c in claims)
        assert any("spyware" in shipped.claims[c].get("technologies", []) for c in claims)


def test_shipped_zimbabwe_disagreement_is_explained(shipped):
    answer = agreement(shipped, "Zimbabwe")
    assert answer.rows
    silent = [r for r in answer.rows if r["not listed by"]]
    assert bool(silent) == any("not listed by a tracker" in n for n in answer.notes)
    assert answer.notes  # a disagreement, or "no disagreement found"
