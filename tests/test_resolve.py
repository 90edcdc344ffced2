"""Names never switch entities: exact names, reviewed aliases, typos of the same name; nothing else.

A tiny made-up world (below) for each rule, then the shipped data through the CLI. Nothing here
is answered by a rule about a particular name: the expected nodes come from the world's edges
or, for the shipped data, from the built network.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.analysis.network import Network, load_network
from kg.analysis.resolve import (Ambiguous, NotInGraph, Unresolved, deals_of, is_description, matches,
                        name_index, resolve)
from kg.analysis.spelling import distance, typos

ROOT = Path(__file__).resolve().parent.parent
N = lambda i, label, kind, *aliases, **more: {"id": i, "label": label, "kind": kind,  # noqa: E731
                                              "aliases": list(aliases), **more}
E = lambda u, v, verb, claim: {"u": u, "v": v, "kind": "supply", "verb": verb,  # noqa: E731
                               "claim": claim}
WORLD = {
    "nodes": [
        *(N(f"country/{c}", name, "country", identifier=c) for c, name in (
            ("LAO", "Laos"), ("ECU", "Ecuador"), ("KEN", "Kenya"), ("PAK", "Pakistan"),
            ("UGA", "Uganda"), ("MNG", "Mongolia"), ("ZMB", "Zambia"))),
        N("org/hikvision", "Hikvision", "company", "Hikvsion"),
        N("org/huawei", "Huawei", "company", "Huawei Technologies"),
        N("org/zte", "ZTE", "company"),
        N("org/sg16-q12", "Question 12/16", "question", identifier="Q12/16"),
        N("org/lao-mps", "Lao Ministry of Public Security", "agency"),
        N("org/uganda-police", "Uganda Police Force", "agency"),
        N("deal/ecu-911", "ECU-911 surveillance system", "deal", "ECU-911"),
        N("deal/ghl-pcc", "Government Hotline and Police Command Center", "deal", "GHL-PCC"),
        N("deal/islamabad", "Islamabad Safe City", "deal"),
        N("deal/punjab", "Punjab Safe Cities (Lahore)", "deal"),
        N("deal/uganda-cctv", "Uganda Police CCTV system", "deal"),
    ],
    "edges": [
        E("org/huawei", "deal/ecu-911", "supplies", "deal/ecu-911"),
        E("deal/ecu-911", "country/ECU", "in", "deal/ecu-911"),
        # Laos's deal names no country, only a buyer based in Laos.
        E("deal/ghl-pcc", "org/lao-mps", "bought by", "deal/ghl-pcc"),
        {"u": "org/lao-mps", "v": "country/LAO", "kind": "home", "verb": "based in",
         "claim": "org/lao-mps"},
        E("deal/islamabad", "country/PAK", "in", "deal/islamabad"),
        E("deal/punjab", "country/PAK", "in", "deal/punjab"),
        E("deal/uganda-cctv", "country/UGA", "in", "deal/uganda-cctv"),
        E("org/huawei", "country/MNG", "supplies", "supply/huawei-mng"),
    ],
}


@pytest.fixture
def net() -> Network:
    return Network.from_dict(WORLD)


# --- what a name is: its label, aliases, id, identifier, country names and codes ---------

@pytest.mark.parametrize("name, node", [
    ("Hikvision", "org/hikvision"), ("HIKVSION", "org/hikvision"),
    ("org/hikvision", "org/hikvision"),
    ("huawei technologies", "org/huawei"), ("Q12/16", "org/sg16-q12"), ("ZTE", "org/zte"),
    ("Lao PDR", "country/LAO"), ("LA", "country/LAO"), ("lao", "country/LAO"),
    ("ECU-911", "deal/ecu-911"), ("ECU 911", "deal/ecu-911"), ("ghl-pcc", "deal/ghl-pcc"),
])
def test_exact_names_aliases_ids_identifiers_and_country_codes(net, name, node):
    assert resolve(net, name) == node


@pytest.mark.parametrize("name, node", [
    ("Hikvison", "org/hikvision"),        # a letter left out
    ("Huawie", "org/huawei"),             # two letters swapped
    ("Kenia", "country/KEN"),             # a letter replaced
    ("Huawei Technolgies", "org/huawei"),  # in one word of an alias
    ("Uganda Police Forse", "org/uganda-police"),
])
def test_a_typo_of_a_name_is_that_name(net, name, node):
    assert resolve(net, name) == node


@pytest.mark.parametrize("name", [
    "Dahua",               # not a spelling of Huawei
    "ZTA",                 # short names need exact matches
    "Q11/16",              # a different number is a different name
    "Rwanda Police Force",  # another word, however short the difference
    "Hikwizjon",           # three letters off
])
def test_a_different_name_is_not_in_the_graph(net, name):
    with pytest.raises(NotInGraph, match=f"^'{name}' is not in the graph"):
        resolve(net, name)


def test_a_refused_name_suggests_candidates(net):
    with pytest.raises(NotInGraph) as raised:
        resolve(net, "Hikwizjon")
    assert raised.value.suggestions == ["Hikvision"]
    assert str(raised.value) == "'Hikwizjon' is not in the graph (did you mean: Hikvision?)"


def test_a_real_country_is_never_a_typo_of_another(net):
    # Gambia is one letter from Zambia, but it is a country of its own that the graph lacks.
    with pytest.raises(NotInGraph, match="^'Gambia' is not in the graph$"):
        resolve(net, "Gambia")


@pytest.mark.parametrize("name", ["surveillance system", "Safe City", "Police", "Hotline",
                                  "Ministry of Public Security"])
def test_words_contained_in_a_name_are_not_that_name(net, name):
    with pytest.raises(NotInGraph):
        resolve(net, name)


def test_a_name_shared_by_two_entities_is_ambiguous(net):
    net.graph.nodes["org/zte"]["aliases"] = ["Hikvision"]
    with pytest.raises(Ambiguous) as raised:
        resolve(net, "hikvision")
    assert [node for node, _ in raised.value.candidates] == ["org/hikvision", "org/zte"]


def test_unresolved_names_exit_2_and_other_errors_1(net):
    assert NotInGraph("x", []).exit_code == Ambiguous("x", []).exit_code == 2
    with pytest.raises(Unresolved, match="is not a vendor in the graph: it names Kenya"):
        resolve(net, "Kenya", kinds=("company",), what="vendor")


# --- "owner's description" and "owner's name" ---------------------------------------------

@pytest.mark.parametrize("name, owner", [
    ("Laos's surveillance system", "country/LAO"),   # its deal, through its buyer
    ("Uganda's CCTV deal", "country/UGA"),
    ("uganda\u2019s cctv", "country/UGA"),
])
def test_an_owners_description_is_its_one_deal(net, name, owner):
    node = resolve(net, name)
    assert net.kind(node) == "deal" and deals_of(net, owner) == [node]


def test_an_owner_with_several_deals_is_the_owner(net):
    assert len(deals_of(net, "country/PAK")) == 2
    assert resolve(net, "Pakistan's safe city project") == "country/PAK"


def test_several_deals_are_ambiguous_for_a_caller_that_takes_no_country(net):
    with pytest.raises(Ambiguous) as raised:
        resolve(net, "Pakistan's safe city project", kinds=("deal",))
    assert [n for n, _ in raised.value.candidates] == deals_of(net, "country/PAK")


def test_an_owner_without_a_deal_is_not_another_countrys_deal(net):
    with pytest.raises(NotInGraph, match="^no deal recorded for Mongolia matching 'safe city'$"):
        resolve(net, "Mongolia's safe city")


def test_an_unknown_owner_is_the_name_not_in_the_graph(net):
    with pytest.raises(NotInGraph, match="^'Atlantis' is not in the graph$"):
        resolve(net, "Atlantis's safe city")


def test_an_owners_named_entity_linked_to_it(net):
    assert resolve(net, "Ecuador's ECU-911") == "deal/ecu-911"
    assert resolve(net, "Ecuador's ECU 911") == "deal/ecu-911"


def test_a_named_entity_not_linked_to_the_owner_is_refused(net):
    with pytest.raises(NotInGraph, match="^'ECU-911' names ECU-911 surveillance system, which "
                                         "the graph does not link to Laos"):
        resolve(net, "Laos's ECU-911")


def test_a_typo_of_a_name_with_an_apostrophe_is_that_name(net):
    net.graph.add_node("org/pboc", label="People's Bank of China", kind="lender", aliases=[])
    assert resolve(net, "Peoples Bank of China") == resolve(net, "People's Bank of Chnia") == \
        "org/pboc"


def test_an_owners_unknown_thing_suggests_close_names(net):
    with pytest.raises(NotInGraph, match=r"did you mean: ECU-911 surveillance system"):
        resolve(net, "Ecuador's ECU-912")


@pytest.mark.parametrize("text, generic", [
    ("surveillance system", True), ("safe city", True), ("CCTV", True),
    ("safe city project", True), ("the deal", True), ("police", False), ("ECU-911", False),
    ("", False), ("system of Kenya", False),
])
def test_generic_descriptions(text, generic):
    assert is_description(text) is generic


@pytest.mark.parametrize("a, b, expected", [
    ("hikvison", "hikvision", 1), ("huawie", "huawei", 1), ("dahua", "huawei", None),
    ("iran", "iraq", None), ("q12 16", "q11 16", None), ("china exim bank", "china eximbank", 0),
    ("uganda police", "rwanda police", None), ("austria", "australia", None),
])
def test_spelling_distance(a, b, expected):
    assert distance(a, b) == expected


def test_typos_count_edits():
    assert (typos("abc", "abc"), typos("abc", "abd"), typos("abc", "ab"), typos("ab", "ba")) == (
        0, 1, 1, 1)


# --- the shipped data, through the CLI -----------------------------------------------------

@pytest.fixture(scope="module")
def shipped(shipped_build) -> tuple[list[str], Network]:
    options = ["--data", str(ROOT / "data"), "--build-dir", str(shipped_build)]
    return options, load_network(shipped_build)


def run(options, *args):
    return CliRunner().invoke(cli, [*options, *args])


def explained(options, question: str) -> dict:
    result = run(options, "ask", question, "--explain", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_shipped_laos_surveillance_system_is_about_laos(shipped):
    options, net = shipped
    document = explained(options, "who financed Laos's surveillance system")
    target = document["explain"]["target"]
    assert target in ["country/LAO", *deals_of(net, "country/LAO")]
    assert net.label(target) in document["title"]
    assert target not in name_index(net)["ecu 911"]
    # The answer itself (not --explain, whose form example is about ECU-911) never names it.
    text = json.dumps({k: v for k, v in document.items() if k != "explain"}).lower()
    assert "ecu-911" not in text and "ecu 911" not in text and "ecuador" not in text


def test_shipped_ecuadors_ecu911_is_ecu911(shipped):
    options, net = shipped
    target = explained(options, "who financed Ecuador's ECU-911")["explain"]["target"]
    assert net.kind(target) == "deal" and target in deals_of(net, "country/ECU")
    assert "ECU-911" in [net.label(target), *net.graph.nodes[target]["aliases"]]


def test_shipped_country_descriptions_stay_in_their_country(shipped):
    options, net = shipped
    for country in ("KEN", "PAK", "UGA"):
        name = net.label(f"country/{country}")
        target = explained(options, f"who financed {name}'s safe city")["explain"]["target"]
        assert target in [f"country/{country}", *deals_of(net, f"country/{country}")]


def test_shipped_misspelt_vendor_is_the_vendor(shipped):
    options, _ = shipped
    right = explained(options, "which countries buy from Hikvision")
    typo = explained(options, "which countries buy from Hikvison")
    assert typo["explain"]["vendor"] == right["explain"]["vendor"]
    assert typo["rows"] == right["rows"]


@pytest.mark.parametrize("args", [
    ["profile", "Hikwizjon"], ["ask", "which countries buy from Hikwizjon"],
    ["path", "Hikwizjon", "Kenya"],
])
def test_shipped_unknown_name_exits_2_with_did_you_mean(shipped, args):
    options, _ = shipped
    result = run(options, *args)
    assert result.exit_code == 2
    assert result.output.startswith("Error: ") and "did you mean: Hikvision" in result.output
    assert len(result.output.splitlines()) == 1


def test_shipped_ambiguous_name_exits_2_listing_candidates(shipped):
    options, net = shipped
    index = name_index(net)
    name = next(k for k, nodes in sorted(index.items()) if len(matches(net, k)) > 1)
    result = run(options, "profile", name)
    assert result.exit_code == 2
    assert f"'{name}' is ambiguous: " in result.output
    assert all(f"({node})" in result.output for node in matches(net, name))


def test_shipped_deal_aliases_reach_the_network(shipped):
    _, net = shipped
    assert [d for d in net.nodes_of("deal") if net.graph.nodes[d]["aliases"]]
