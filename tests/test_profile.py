"""Profiles: everything known of one entity, each fact with its sources; gaps say so."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.build import build
from kg.analysis.network import Network, load_network
from kg.analysis.profile import profile
from kg.analysis.resolve import NotInGraph

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def net(tmp_path_factory) -> Network:
    out = tmp_path_factory.mktemp("profile") / "build"
    build(FIXTURES / "cli" / "data", out, shacl=False)
    return load_network(out)


def facts(answer) -> list[tuple[str, str, str]]:
    return [(r["section"], r["fact"], r["claim"]) for r in answer.rows]


def test_a_vendor_profile(net):
    answer = profile(net, "acme")
    assert answer.title == "Acme Vision (org/acme), company"
    assert answer.profile["aliases"] == ["Acme"]
    assert facts(answer) == [
        ("based in", "China", "org/acme"),
        ("supplies", "Uganda city cameras", "deal/uganda-cameras"),  # a reported sale first
        ("supplies", "Italy", "supply/acme-italy"),
        ("supplies", "Kenya", "supply/acme-kenya"),
        ("proposes", "Face matching requirements", "proposal/acme-face-standard"),
        ("restrictions", "Acme Vision on BIS Entity List", "restriction/acme-listed"),
        ("findings", "countries supplied by Acme: 3 count", "finding/acme-country-count"),
    ]
    assert answer.notes == []
    assert [r["strength"] for r in answer.rows if r["section"] == "supplies"] == [
        "reported sale or contract", "index listing", "index listing"]


def test_every_fact_has_its_sources(net):
    for row in profile(net, "Acme Vision").rows:
        assert row["evidence"], row
        assert row["sources"] == sorted({e["source"] for e in row["evidence"]})


def test_a_deal_profile_has_its_details_and_a_gap(net):
    answer = profile(net, "Uganda city cameras")
    details = {d["name"]: d["value"] for d in answer.profile["details"]}
    assert details["amount"] == "126,000,000 USD"
    assert details["technologies"] == "facial recognition, video surveillance (CCTV)"
    assert ("financed by", "Example Bank (100,000,000 USD)",
            "financing/bank-uganda-loan") in facts(answer)
    assert ("supplied by", "Acme Vision", "deal/uganda-cameras") in facts(answer)
    assert answer.notes == ["no source found: Who operates the Uganda city cameras? "
                            "(searched: Example Times archive)"]


def test_a_country_profile(net):
    answer = profile(net, "UGA")
    assert facts(answer) == [
        ("member of", "Example Bloc", "membership/uganda-in-bloc"),
        ("deals here", "Uganda city cameras", "deal/uganda-cameras"),
        ("supplied by", "Globex", "supply/globex-uganda"),
        ("financed by", "Example Bank (100,000,000 USD)", "financing/bank-uganda-loan"),
    ]
    assert answer.rows[0]["dates"] == "from 2018-09"
    assert answer.notes[0].startswith("no source found: Who operates")


def test_a_restriction_profile_names_its_instrument(net):
    answer = profile(net, "restriction/acme-listed")
    details = {d["name"]: d["value"] for d in answer.profile["details"]}
    assert details == {"instrument": "BIS Entity List", "legal citation": "1 EX 100"}


def test_observations_appear_under_their_subject():
    data = json.loads((FIXTURES / "network" / "market.json").read_text())
    answer = profile(Network.from_dict(data), "Tanzania")
    assert ("observations", "V-Dem regime type: CA", "observation/tza-regime") in facts(answer)
    (row,) = [r for r in answer.rows if r["section"] == "observations"]
    assert row["dates"] == "2021" and row["evidence"][0]["version"] == "2"


def test_an_unknown_entity_is_not_in_the_graph(net):
    with pytest.raises(NotInGraph, match="'Initech' is not in the graph"):
        profile(net, "Initech")


def test_a_country_without_data_is_not_in_the_graph(net):
    with pytest.raises(NotInGraph, match="^'Bhutan' is not in the graph$"):
        profile(net, "BTN")


def buyers_net() -> Network:
    """A transfer naming two end users: one supply claim, edges to the country and each buyer."""
    edge = lambda v: {"u": "org/nice", "v": v, "kind": "supply", "verb": "supplies",  # noqa: E731
                      "claim": "supply/t"}
    return Network.from_dict({
        "nodes": [{"id": "org/nice", "label": "NICE", "kind": "company"},
                  {"id": "org/cmi", "label": "CMI", "kind": "agency"},
                  {"id": "org/sfc", "label": "SFC", "kind": "agency"},
                  {"id": "country/UGA", "label": "Uganda", "kind": "country"}],
        "edges": [edge("country/UGA"), edge("org/cmi"), edge("org/sfc")],
        "claims": {"supply/t": {"kind": "supply", "strength": "reported-sale",
                                "buyers": ["org/cmi", "org/sfc"],
                                "evidence": [{"source": "source/pi", "row": "unique_id=x"}]}}})


def test_a_transfer_to_named_agencies_is_one_fact_that_names_them():
    net = buyers_net()
    assert facts(profile(net, "NICE")) == [
        ("supplies", "Uganda (bought by CMI, SFC)", "supply/t")]
    assert facts(profile(net, "Uganda")) == [
        ("supplied by", "NICE (bought by CMI, SFC)", "supply/t")]
    assert facts(profile(net, "CMI")) == [
        ("supplied by", "NICE (also bought by SFC)", "supply/t")]
