"""Carnegie's regions as groups: "Africa", "the Middle East", "Central Asia" ... (issue 13).

A tiny network (below) for the logic, then the shipped data for the real regions: the
expectations there are read from the AIGS rows (../shared/datasets/carnegie-aigs), not from
what the tool prints.
"""
from __future__ import annotations

import csv

import pytest
from click.testing import CliRunner

from kg.analysis.groups import resolve_group
from kg.analysis.network import Network, load_network
from kg.analysis.resolve import NotInGraph
from kg.analysis.suppliers import suppliers
from kg.cli import cli
from kg.records.countries import resolve_country
from importer_support import DATASETS, needs

AIGS = DATASETS / "carnegie-aigs"
REGION = "AIGS: region"

# country -> [(edition, region code)]. Made up for the logic, spelled as the AIGS files spell
# codes; Rwanda is listed by the 2019 edition only, the Central African Republic by none.
ROWS = {"KEN": [("2019", "AF"), ("2022", "AF")], "RWA": [("2019", "AF")],
        "ZAF": [("2022", "AF")], "EGY": [("2022", "MENA")], "IND": [("2022", "SCA")],
        "KAZ": [("2022", "SCA")], "CHN": [("2022", "EAP")], "DEU": [("2022", "EUR")],
        "CAN": [("2022", "WHA")], "USA": [("2022", "WHA")], "BRA": [("2022", "WHA")]}
LABELS = {"KEN": "Kenya", "RWA": "Rwanda", "ZAF": "South Africa", "EGY": "Egypt",
          "IND": "India", "KAZ": "Kazakhstan", "CHN": "China", "DEU": "Germany",
          "CAN": "Canada", "USA": "United States", "BRA": "Brazil",
          "CAF": "Central African Republic"}
SUPPLIES = [("org/a", "KEN"), ("org/a", "EGY"), ("org/b", "ZAF"), ("org/b", "CAF"),
            ("org/c", "USA")]


def network(rows: dict = ROWS) -> Network:
    claims, edges = {}, []
    for code, seen in rows.items():
        for period, region in seen:
            claims[f"observation/{code}-{period}"] = {
                "kind": "observation", "about": [f"country/{code}"], "measure": REGION,
                "value": region, "period": period,
                "evidence": [{"source": "source/aigs", "row": f"country={LABELS[code]}"}]}
    for vendor, code in SUPPLIES:
        claim = f"supply/{vendor[4:]}-{code.lower()}"
        claims[claim] = {"kind": "supply", "evidence": [{"source": "source/s1", "quote": "q"}]}
        edges.append({"u": vendor, "v": f"country/{code}", "kind": "supply",
                      "verb": "supplies", "claim": claim})
    nodes = [{"id": f"country/{c}", "label": label, "kind": "country"}
             for c, label in LABELS.items()]
    nodes += [{"id": f"org/{v}", "label": name, "kind": "company"}
              for v, name in (("a", "Alpha"), ("b", "Beta"), ("c", "Gamma"))]
    return Network.from_dict({"nodes": nodes, "edges": edges, "claims": claims})


NET = network()


@pytest.mark.parametrize("name, code, members", [
    ("Africa", "AF", {"KEN", "RWA", "ZAF"}),
    ("African countries", "AF", {"KEN", "RWA", "ZAF"}),
    ("countries in Africa", "AF", {"KEN", "RWA", "ZAF"}),
    ("sub-Saharan Africa", "AF", {"KEN", "RWA", "ZAF"}),
    ("Europe", "EUR", {"DEU"}),
    ("European countries", "EUR", {"DEU"}),
    ("the Middle East", "MENA", {"EGY"}),
    ("MENA", "MENA", {"EGY"}),
    ("Middle Eastern states", "MENA", {"EGY"}),
    ("Western Hemisphere", "WHA", {"BRA", "CAN", "USA"}),
    ("the Americas", "WHA", {"BRA", "CAN", "USA"}),
    ("East Asia", "EAP", {"CHN"}),
    ("Asia-Pacific", "EAP", {"CHN"}),
    ("Central Asia", "SCA", {"IND", "KAZ"}),
    ("South Asia", "SCA", {"IND", "KAZ"}),
    ("south and central asian countries", "SCA", {"IND", "KAZ"}),
])
def test_a_region_name_is_the_countries_the_index_lists_under_its_code(name, code, members):
    group = resolve_group(NET, name)
    assert group.kind == "category"
    assert set(group.members()) == {f"country/{c}" for c in members}
    assert f"Carnegie's region {code} (" in group.label
    assert "as the AIGS lists them" in group.label
    assert "a country of the region the index does not list is not in it" in group.note


def test_central_and_south_asia_say_they_are_one_region():
    for name in ("Central Asia", "South Asia"):
        group = resolve_group(NET, name)
        assert group.label == ("countries in Carnegie's region SCA (South and Central Asia) "
                               "as the AIGS lists them")
        assert "SCA is one region for South and Central Asia" in group.note


def test_africa_says_what_it_is_and_what_it_leaves_out():
    group = resolve_group(NET, "Africa")
    assert group.label == "countries in Carnegie's region AF (Africa) as the AIGS lists them"
    # 3 in AF of the 11 countries with a region; Rwanda placed by 2019, the others by 2022.
    assert ("the group is the 3 countries the index lists under it (the latest edition listing "
            "each: 2022 for 2, 2019 for 1), of the 11 the index lists in all") in group.note
    assert group.note.endswith("the index lists North African countries under MENA, not AF")


def test_the_latest_edition_places_a_country():
    rows = {**ROWS, "EGY": [("2019", "AF"), ("2022", "MENA")]}    # made up: a move
    assert "country/EGY" not in resolve_group(network(rows), "Africa").members()
    assert "country/EGY" in resolve_group(network(rows), "Middle East").members()


@pytest.mark.parametrize("name, node", [
    ("South Africa", "country/ZAF"), ("Central African Republic", "country/CAF"),
    ("AF", "country/AFG"),
])
def test_a_country_name_wins_over_a_region(name, node):
    net = network()
    net.graph.add_node("country/AFG", label="Afghanistan", kind="country")
    group = resolve_group(net, name)
    assert (group.kind, list(group.members())) == ("country", [node])


@pytest.mark.parametrize("name, says", [
    ("Latin America", "'Latin America' is not a region of the AIGS; its region WHA (Western "
                      "Hemisphere) holds it and more: ask for the Western Hemisphere"),
    ("North Africa", "'North Africa' is not a region of the AIGS; its region MENA (Middle East "
                     "and North Africa) holds it and more: ask for the Middle East and North "
                     "Africa"),
    ("Asia", "'Asia' is not in the graph"),
    ("America", "'America' is not in the graph"),
])
def test_a_name_for_part_of_a_region_or_several_is_refused(name, says):
    with pytest.raises(NotInGraph) as caught:
        resolve_group(NET, name)
    assert str(caught.value).startswith(says)


def test_without_region_observations_no_region_resolves():
    net = network({})
    for name in ("Africa", "Latin America"):
        with pytest.raises(NotInGraph, match=f"'{name}' is not in the graph"):
            resolve_group(net, name)


def test_suppliers_to_a_region_count_only_its_listed_countries_and_say_so():
    answer = suppliers(NET, "Africa")
    # Beta's Central African Republic is in no index row: not counted in AF.
    assert [(r["vendor"], r["country names"]) for r in answer.rows] == [
        ("Alpha", ["Kenya"]), ("Beta", ["South Africa"])]
    assert answer.title == ("Vendors supplying countries in Carnegie's region AF (Africa) as "
                            "the AIGS lists them (3 countries)")
    assert answer.notes[0] == resolve_group(NET, "Africa").note
    assert [r["vendor"] for r in suppliers(NET, "the Middle East").rows] == ["Alpha"]
    assert [r["vendor"] for r in suppliers(NET, "Central African Republic").rows] == ["Beta"]


# ---- the shipped data -----------------------------------------------------------------------

def upstream_regions() -> dict[str, str]:
    """Return country -> region code by the latest AIGS edition that lists it, read from the
    upstream files (2019, 2020 v1, 2022 CSV export)."""
    editions = [("aigs_2019_index.csv", ",", "country", "region"),
                ("AI & Big Data Global Surveillance Index (v1, 2020).csv", ";", "Country",
                 "Region"),
                ("aigs_2022_index.csv", ",", "Country", "Region")]
    latest = {}
    for name, delimiter, country, region in editions:
        with (AIGS / name).open(encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f, delimiter=delimiter):
                latest[resolve_country(row[country].strip())] = row[region].strip()
    return latest


@pytest.fixture(scope="module")
def shipped(shipped_build) -> Network:
    return load_network(shipped_build)


@needs(AIGS)
@pytest.mark.parametrize("name, code", [("Africa", "AF"), ("Europe", "EUR"),
                                        ("the Middle East", "MENA"), ("East Asia", "EAP"),
                                        ("Central Asia", "SCA"), ("the Americas", "WHA")])
def test_shipped_regions_are_the_rows_of_the_index(shipped, name, code):
    expected = {f"country/{c}" for c, r in upstream_regions().items() if r == code}
    group = resolve_group(shipped, name)
    assert set(group.members()) == expected
    assert f"the group is the {len(expected)} countries" in group.note
    assert f"of the {len(upstream_regions())} the index lists in all" in group.note


def test_shipped_africa_holds_kenya_uganda_zimbabwe_not_egypt(shipped):
    # aigs_2019_index.csv: "Kenya,AF", "Uganda,AF", "Zimbabwe,AF"; "Egypt,MENA", "Morocco,MENA"
    members = resolve_group(shipped, "African countries").members()
    assert {"country/KEN", "country/UGA", "country/ZWE"} <= set(members)
    assert not {"country/EGY", "country/MAR", "country/DZA"} & set(members)
    assert {"country/EGY", "country/MAR", "country/DZA"} <= set(
        resolve_group(shipped, "MENA").members())
    assert resolve_group(shipped, "South Africa").members() == {"country/ZAF": ["country/ZAF"]}
    assert resolve_group(shipped, "Central African Republic").kind == "country"


@needs(AIGS)
def test_shipped_caveat_north_africa_is_under_mena(shipped):
    # The AF note says the index lists North African countries under MENA: true of its rows.
    regions = upstream_regions()
    north_africa = {"DZA", "EGY", "LBY", "MAR", "TUN", "SDN"} & set(regions)
    assert north_africa and {regions[c] for c in north_africa} == {"MENA"}


def test_shipped_suppliers_to_africa_on_the_command_line(shipped_build):
    result = CliRunner().invoke(cli, ["--build-dir", str(shipped_build), "suppliers", "--to",
                                      "Africa", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "Carnegie's region AF (Africa) as the AIGS lists them" in result.output
    assert "the index lists North African countries under MENA, not AF" in result.output
    refused = CliRunner().invoke(cli, ["--build-dir", str(shipped_build), "suppliers", "--to",
                                       "Latin America"])
    assert refused.exit_code == 2
    assert refused.output.strip().splitlines() == [
        "Error: 'Latin America' is not a region of the AIGS; its region WHA (Western "
        "Hemisphere) holds it and more: ask for the Western Hemisphere"]
