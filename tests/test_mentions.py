"""kg.ask.mentions: the entities a question names, on a tiny network and on the shipped data."""
from __future__ import annotations

import pytest

from kg.analysis.network import Network, load_network
from kg.ask.mentions import explain, mentions


@pytest.fixture
def net() -> Network:
    nodes = [
        {"id": "org/hikvision", "label": "Hikvision", "kind": "company", "aliases": ["Hikvsion"]},
        {"id": "org/dahua", "label": "Dahua Technology", "kind": "company", "aliases": ["Dahua"]},
        {"id": "org/huawei", "label": "Huawei", "kind": "company"},
        {"id": "org/orange", "label": "Orange", "kind": "company"},
        {"id": "org/hikvisian", "label": "Hikvisian", "kind": "company"},
        {"id": "org/itu-t", "label": "ITU-T", "kind": "standards-body", "aliases": ["ITU"]},
        {"id": "org/aoe-1", "label": "AOE One", "kind": "listed-party", "aliases": ["AOE"]},
        {"id": "org/aoe-2", "label": "AOE Two", "kind": "listed-party", "aliases": ["AOE"]},
        {"id": "initiative/belt-and-road", "label": "Belt and Road Initiative",
         "kind": "initiative", "aliases": ["BRI", "Belt and Road"]},
        *({"id": f"country/{c}", "label": label, "kind": "country"} for c, label in
          [("KEN", "Kenya"), ("CHN", "China"), ("USA", "United States"), ("IND", "India"),
           ("ITA", "Italy"), ("TON", "Tonga"), ("PAK", "Pakistan")])]
    concepts = {"safe-city": "safe city / smart city platform", "entity-list": "BIS Entity List",
                "spyware": "spyware (intrusion software)"}
    return Network.from_dict({"nodes": nodes, "concepts": concepts})


def found(net, question):
    return [(m.text, m.kind, m.target, m.how) for m in mentions(net, question)]


def test_names_anywhere_longest_first(net):
    assert found(net, "Which companies sell to Belt and Road countries?") == [
        ("Belt and Road", "group", "initiative/belt-and-road", "alias")]
    assert found(net, "Which countries that buy from huawei are BRI members?") == [
        ("huawei", "organisation", "org/huawei", "label"),
        ("BRI", "group", "initiative/belt-and-road", "alias")]


def test_possessive_plural_case_diacritics(net):
    assert found(net, "Who lent money for Pakistan's safe cities?") == [
        ("Pakistan", "country", "country/PAK", "label"),
        ("safe cities", "technology", "safe-city", "label")]
    assert found(net, "Is HIKVISION on the entity list?")[1][1:3] == ("instrument", "entity-list")
    assert found(net, "Kényà")[0][2] == "country/KEN"


def test_countries_by_short_form_demonym_and_code(net):
    assert found(net, "Which US companies supply spyware?") == [
        ("US", "country", "country/USA", "short form"),
        ("spyware", "technology", "spyware", "label")]
    assert found(net, "Chinese vendors in KEN")[0] == ("Chinese", "country", "country/CHN",
                                                      "demonym")
    assert found(net, "Chinese vendors in KEN")[1][2:] == ("country/KEN", "iso code")
    # Lower-case "us", "in", "it", "to" are words, never countries.
    assert found(net, "tell us what is in it and to whom it went") == []


def test_typos_only_one_letter_from_one_name(net):
    assert found(net, "Did Dahau sell to Kenya?")[0] == ("Dahau", "organisation", "org/dahua",
                                                        "typo")
    assert found(net, "Hokvisiom cameras") == []         # two letters off: not matched
    assert found(net, "Hikvisin cameras") == []          # one off both Hikvision and Hikvisian
    assert found(net, "Hikvison cameras")[0][2] == "org/hikvision"


def test_common_words_and_shared_names(net):
    assert found(net, "an orange camera") == []
    assert found(net, "Orange's network")[0][2] == "org/orange"
    shared = mentions(net, "Is AOE listed?")[0]
    assert shared.target is None and shared.targets == ("org/aoe-1", "org/aoe-2")
    assert "a name of several" in explain([shared])


def test_explain(net):
    text = explain(mentions(net, "which standards came from ZTE's proposals to the ITU"))
    assert text == "mentions:\n  'ITU' [49:52] -> standards body ITU-T (org/itu-t), by alias"
    assert explain([]) == "mentions: none"


# --- the shipped data --------------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped(shipped_build) -> Network:
    return load_network(shipped_build)


@pytest.mark.parametrize("question, expected", [
    ("Which companies sell surveillance technology to Belt and Road countries?",
     [("group", "initiative/belt-and-road")]),
    ("Which countries that buy from Huawei are BRI members?",
     [("organisation", "org/huawei"), ("group", "initiative/belt-and-road")]),
    ("who supplies surveillance technology to Uganda", [("country", "country/UGA")]),
    ("which standards came from ZTE's proposals to the ITU",
     [("organisation", "org/zte"), ("standards body", "org/itu-t")]),
    ("Who lent money for Pakistan's safe city?",
     [("country", "country/PAK"), ("technology", "safe-city")]),
    ("Is Hikvison on the Entity List?", [("organisation", "org/hikvision"),
                                         ("instrument", "entity-list")]),
    ("Did Dahau sell to Chinese police?", [("organisation", "org/dahua"),
                                           ("country", "country/CHN")]),
    ("is it in the US or in the UK?", [("country", "country/USA"), ("country", "country/GBR")]),
])
def test_shipped_questions(shipped, question, expected):
    assert [(m.kind, m.target) for m in mentions(shipped, question)] == expected


def test_shipped_ai_surveillance_is_a_technology(shipped):
    us, ai = mentions(shipped, "Which US companies supply AI surveillance?")
    assert (us.kind, us.target, us.how) == ("country", "country/USA", "short form")
    assert ai.kind == "technology" and "facial-recognition" in ai.targets


def test_shipped_no_words_taken_for_names(shipped):
    assert mentions(shipped, "which company supplies the most countries in it to us") == []
    assert mentions(shipped, "Hokvisiom") == []  # two letters off Hikvision
