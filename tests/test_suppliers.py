"""Vendors supplying a group: initiatives with dates, categories, countries; restricted sellers."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.build import build
from kg.analysis.groups import resolve_group, strip_plural
from kg.analysis.network import Network, load_network
from kg.analysis.resolve import NotInGraph
from kg.analysis.suppliers import suppliers

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str) -> Network:
    return Network.from_dict(json.loads((FIXTURES / "network" / f"{name}.json").read_text()))


def counts(answer) -> list[tuple[str, int]]:
    return [(r["vendor"], r["countries"]) for r in answer.rows]


@pytest.fixture(scope="module")
def cli_net(tmp_path_factory) -> Network:
    out = tmp_path_factory.mktemp("suppliers") / "build"
    build(FIXTURES / "cli" / "data", out, shacl=False)
    return load_network(out)


def test_suppliers_of_an_initiative_count_current_members():
    assert counts(suppliers(load("market"), "Bloc")) == [("Alpha", 2), ("Beta", 2), ("Gamma", 1)]


@pytest.mark.parametrize("as_of, expected", [
    ("2019", [("Alpha", 3), ("Beta", 2), ("Gamma", 1)]),
    ("2016", [("Alpha", 2), ("Beta", 1), ("Gamma", 1)]),
    ("2020-07-01", [("Alpha", 2), ("Beta", 2), ("Gamma", 1)]),
])
def test_as_of_honours_membership_dates(as_of, expected):
    answer = suppliers(load("market"), "Bloc", as_of=as_of)
    assert counts(answer) == expected
    assert f"as of {as_of}" in answer.title


@pytest.mark.parametrize("group, expected", [
    ("electoral autocracies", [("Alpha", 2), ("Beta", 1), ("Gamma", 1)]),
    ("closed autocracy", [("Alpha", 1), ("Beta", 1)]),
    ("CA countries", [("Alpha", 1), ("Beta", 1)]),
    ("autocracies", [("Alpha", 3), ("Beta", 2), ("Gamma", 1)]),
])
def test_a_category_is_the_countries_of_an_observed_value(group, expected):
    answer = suppliers(load("market"), group)
    assert counts(answer) == expected
    assert "V-Dem regime type" in answer.title


def test_one_country():
    answer = suppliers(load("market"), "Tanzania")
    assert counts(answer) == [("Alpha", 1), ("Beta", 1)]
    assert answer.title == "Vendors supplying Tanzania (1 country)"


def test_each_row_has_entity_countries_and_evidence():
    alpha = suppliers(load("market"), "Bloc").rows[0]
    assert alpha["entity"] == {"id": "org/a", "label": "Alpha", "kind": "company"}
    assert alpha["country names"] == ["Kenya", "Tanzania"]
    assert [(e["claim"], e["country"]) for e in alpha["evidence"]] == [
        ("deal/k", "Kenya"), ("supply/a-ken", "Kenya"), ("supply/a-tza", "Tanzania")]
    assert alpha["sources"] == ["source/s1"]


def test_a_researched_group_without_suppliers_says_no_source_found():
    answer = suppliers(load("market"), "Rwanda")
    assert answer.rows == []
    assert answer.notes == ["no source found: Who supplies Rwanda's police cameras? "
                            "(searched: press archive)"]


def test_an_unresearched_group_without_suppliers_is_not_recorded(cli_net):
    answer = suppliers(cli_net, "China")
    assert answer.notes == ["not recorded: the graph has no supplier recorded for China; "
                            "unknown is not no"]


def test_restricted_keeps_only_listed_vendors_with_their_restrictions(cli_net):
    answer = suppliers(cli_net, "Example Bloc", restricted=True)
    assert counts(answer) == [("Acme Vision", 2)]
    assert answer.rows[0]["restrictions"] == ["Acme Vision on BIS Entity List"]
    assert "restriction/acme-listed" in {e["claim"] for e in answer.rows[0]["evidence"]}
    assert answer.columns[-2:] == ["restrictions", "sources"]


def test_listed_on_keeps_only_vendors_on_that_list(cli_net):
    answer = suppliers(cli_net, "Example Bloc", listed_on="the Entity List")
    assert counts(answer) == [("Acme Vision", 2)]
    assert answer.title.startswith("Vendors on the BIS Entity List supplying")
    assert answer.explain["listed on"] == "entity-list"
    # Acme is on the Entity List only: asked for another list, no vendor, and unknown is not no.
    other = suppliers(cli_net, "Example Bloc", listed_on="1260H")
    assert other.rows == []
    assert any("on the DoD section 1260H list" in n and "unknown is not no" in n
               for n in other.notes), other.notes


def test_deals_count_as_supply_with_their_technologies(cli_net):
    answer = suppliers(cli_net, "EB")
    assert counts(answer) == [("Acme Vision", 2), ("Globex", 1)]
    assert answer.rows[0]["technologies"] == ["facial recognition", "video surveillance (CCTV)"]


def test_an_unknown_group_is_not_in_the_graph():
    with pytest.raises(NotInGraph, match="'Atlantis states' is not in the graph"):
        suppliers(load("market"), "Atlantis states")


@pytest.mark.parametrize("text, expected", [
    ("BRI states", "bri"), ("the Belt and Road countries", "belt and road"),
    ("members of the Bloc", "bloc"), ("closed autocracies", "closed autocracy"),
    ("governments of electoral democracies", "governments of electoral democracy"),
])
def test_strip_plural(text, expected):
    assert strip_plural(text) == expected


def test_group_members_keep_the_claims_that_place_them():
    group = resolve_group(load("market"), "bloc")
    assert group.members() == {"country/KEN": ["membership/ken"],
                               "country/TZA": ["membership/tza"]}
