"""The networkx projection: what becomes a node or an edge, evidence, the build artifact."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.build import build
from kg.errors import KGError
from kg.analysis.network import FORMAT, NETWORK_FILE, Network, load_network

CLI_DATA = Path(__file__).parent / "fixtures" / "cli" / "data"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("network") / "build"
    build(CLI_DATA, out, shacl=False)
    return out


@pytest.fixture(scope="module")
def net(built) -> Network:
    return load_network(built)


def edges(net: Network, kind: str | None = None) -> set[tuple[str, str, str]]:
    return {(u, a["verb"], v) for u, v, a in net.graph.edges(data=True)
            if kind is None or a["kind"] == kind}


def test_build_writes_the_network_next_to_the_store(built):
    assert (built / NETWORK_FILE).is_file()
    assert json.loads((built / NETWORK_FILE).read_text())["format"] == FORMAT


def test_entities_are_nodes_with_their_kind(net):
    kinds = dict(net.graph.nodes(data="kind"))
    assert kinds["org/acme"] == "company"
    assert kinds["org/uganda-police"] == "agency"
    assert kinds["org/bank"] == "lender"
    assert kinds["org/standards"] == "standards-body"
    assert kinds["country/UGA"] == "country"
    assert kinds["initiative/bloc"] == "initiative"
    assert net.graph.nodes["org/acme"]["aliases"] == ["Acme"]
    assert net.graph.nodes["country/KEN"]["identifier"] == "KEN"


def test_deals_restrictions_and_proposals_are_nodes_the_rest_are_edges(net):
    kinds = dict(net.graph.nodes(data="kind"))
    assert kinds["deal/uganda-cameras"] == "deal"
    assert kinds["restriction/acme-listed"] == "restriction"
    assert kinds["proposal/acme-face-standard"] == "proposal"
    assert "supply/acme-kenya" not in kinds and "membership/kenya-in-bloc" not in kinds


def test_each_claim_gives_typed_edges(net):
    assert edges(net, "supply") == {
        ("org/acme", "supplies", "country/KEN"), ("org/acme", "supplies", "country/ITA"),
        ("org/globex", "supplies", "country/UGA"),
        ("org/acme", "supplies", "deal/uganda-cameras"),
        ("deal/uganda-cameras", "in", "country/UGA"),
        ("deal/uganda-cameras", "bought by", "org/uganda-police")}
    assert edges(net, "financing") == {("org/bank", "finances", "deal/uganda-cameras")}
    assert edges(net, "restriction") == {
        ("org/authority", "imposes", "restriction/acme-listed"),
        ("restriction/acme-listed", "lists", "org/acme")}
    assert edges(net, "proposal") == {
        ("org/acme", "proposes", "proposal/acme-face-standard"),
        ("proposal/acme-face-standard", "submitted to", "org/standards")}
    assert edges(net, "membership") == {(f"country/{c}", "member of", "initiative/bloc")
                                        for c in ("KEN", "UGA", "ITA")}
    assert edges(net, "home") == {("org/acme", "based in", "country/CHN")}


def test_edges_carry_claim_id_and_dates(net):
    italy = net.graph.get_edge_data("country/ITA", "initiative/bloc")
    (attrs,) = italy.values()
    assert attrs["claim"] == "membership/italy-in-bloc"
    assert (attrs["start"], attrs["end"]) == ("2019-03", "2023-12-06")
    (deal,) = net.graph.get_edge_data("org/acme", "deal/uganda-cameras").values()
    assert deal["year"] == "2019"


def test_evidence_expands_source_title_url_and_quote(net):
    assert net.evidence("deal/uganda-cameras") == [{
        "source": "source/example-times-2020", "title": "Example Times report on city cameras",
        "url": "https://example.org/cameras", "version": None, "kind": "quote",
        "quote": "Acme Vision sold cameras worth $126m to the Uganda police"}]
    (row,) = net.evidence("supply/acme-kenya")
    assert (row["kind"], row["row"], row["version"]) == ("row", "country=Kenya", "2022")
    (summary,) = net.evidence("financing/bank-uganda-loan")
    assert (summary["kind"], summary["summary"], summary["locator"]) == (
        "summary", "Example Bank lent USD 100m", "para 3")
    assert "quote" not in summary


def test_claim_details_findings_and_gaps(net):
    deal = net.claims["deal/uganda-cameras"]
    assert (deal["amount"], deal["currency"]) == ("126000000", "USD")
    assert deal["technologies"] == ["facial-recognition", "video-surveillance"]
    assert net.claims["restriction/acme-listed"]["instrument"] == "entity-list"
    assert net.concept("entity-list") == "BIS Entity List"
    assert net.about["org/acme"] == ["finding/acme-country-count"]
    retired, gap = sorted(net.gaps, key=lambda g: g["id"])
    assert retired["answered_by"] == ["financing/bank-uganda-loan"] and retired["note"]
    assert gap["about"] == ["country/UGA", "deal/uganda-cameras"]
    assert net.gaps_about("country/UGA") == [gap]               # a retired gap is not shown
    assert net.gaps_about("country/UGA", "ownership") == [gap]
    assert net.gaps_about("country/UGA", "supply") == []


def test_round_trip_through_the_file_format(net):
    again = Network.from_dict(json.loads(json.dumps(net.to_dict())))
    assert again.to_dict() == net.to_dict()


def test_two_builds_write_the_same_file(built, tmp_path):
    build(CLI_DATA, tmp_path / "again", shacl=False)
    assert (tmp_path / "again" / NETWORK_FILE).read_bytes() == (built / NETWORK_FILE).read_bytes()


def test_a_missing_network_says_to_build(tmp_path):
    with pytest.raises(KGError, match=r"no network.json in .*: run `kg build` first"):
        load_network(tmp_path)


def test_a_network_of_another_format_says_to_rebuild(tmp_path):
    (tmp_path / NETWORK_FILE).write_text('{"format": "other"}')
    with pytest.raises(KGError, match="run `kg build` again"):
        load_network(tmp_path)
