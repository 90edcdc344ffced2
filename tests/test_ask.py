"""Plain-language questions: every form with its variations, unknown questions and names.

The answers come from a small made-up world (below) through the general machinery; nothing
here is answered by a rule about a particular name.
"""
from __future__ import annotations

import pytest

from kg.ask.questions import FORMS, NotUnderstood, ask, endpoints, parse
from kg.analysis.network import Network
from kg.analysis.resolve import NotInGraph

N = lambda i, label, kind, *aliases: {"id": i, "label": label, "kind": kind,  # noqa: E731
                                      "aliases": list(aliases)}
E = lambda u, v, kind, verb, claim: {"u": u, "v": v, "kind": kind, "verb": verb,  # noqa: E731
                                     "claim": claim}
WORLD = {
    "nodes": [
        N("initiative/belt-and-road", "Belt and Road Initiative", "initiative", "BRI",
          "Belt and Road"),
        *(N(f"country/{c}", name, "country") for c, name in (
            ("KEN", "Kenya"), ("UGA", "Uganda"), ("ECU", "Ecuador"), ("CHN", "China"),
            ("USA", "United States"))),
        N("org/huawei", "Huawei", "company", "Huawei Technologies"),
        N("org/hikvision", "Hikvision", "company", "Hikvsion"),
        N("org/dahua", "Dahua Technology", "company", "Dahua"),
        N("org/yitu", "Yitu Technology", "company", "Yitu"),
        N("org/zte", "ZTE", "company"),
        N("org/us-bis", "US Commerce Department, Bureau of Industry and Security", "agency",
          "BIS"),
        N("org/fcc", "Federal Communications Commission", "agency"),
        N("org/itu-t", "ITU-T", "standards-body", "ITU"),
        N("org/sg16", "ITU-T Study Group 16", "study-group", "SG16"),
        N("org/eximbank", "Export-Import Bank of China", "lender", "China Eximbank"),
        N("deal/ecu-911", "ECU-911 integrated security system", "deal"),
        N("deal/uganda-cctv", "Uganda Police CCTV", "deal"),
        N("restriction/el-huawei", "Huawei on BIS Entity List", "restriction"),
        N("restriction/el-dahua", "Dahua Technology on BIS Entity List", "restriction"),
        N("restriction/fcc-hikvision", "Hikvision on FCC Covered List", "restriction"),
        N("proposal/p1", "Face recognition requirements", "proposal"),
        N("proposal/p2", "Video metadata", "proposal"),
    ],
    "edges": [
        *(E(f"country/{c}", "initiative/belt-and-road", "membership", "member of",
            f"membership/{c}") for c in ("KEN", "UGA", "ECU")),
        E("org/huawei", "country/KEN", "supply", "supplies", "supply/huawei-ken"),
        E("org/hikvision", "country/KEN", "supply", "supplies", "supply/hikvision-ken"),
        E("org/hikvision", "country/UGA", "supply", "supplies", "supply/hikvision-uga"),
        E("org/huawei", "deal/ecu-911", "supply", "supplies", "deal/ecu-911"),
        E("deal/ecu-911", "country/ECU", "supply", "in", "deal/ecu-911"),
        E("org/huawei", "deal/uganda-cctv", "supply", "supplies", "deal/uganda-cctv"),
        E("deal/uganda-cctv", "country/UGA", "supply", "in", "deal/uganda-cctv"),
        E("org/eximbank", "deal/ecu-911", "financing", "finances", "financing/ecu"),
        E("org/us-bis", "restriction/el-huawei", "restriction", "imposes", "restriction/el-huawei"),
        E("restriction/el-huawei", "org/huawei", "restriction", "lists", "restriction/el-huawei"),
        E("org/us-bis", "restriction/el-dahua", "restriction", "imposes", "restriction/el-dahua"),
        E("restriction/el-dahua", "org/dahua", "restriction", "lists", "restriction/el-dahua"),
        E("org/fcc", "restriction/fcc-hikvision", "restriction", "imposes",
          "restriction/fcc-hikvision"),
        E("restriction/fcc-hikvision", "org/hikvision", "restriction", "lists",
          "restriction/fcc-hikvision"),
        E("org/fcc", "country/USA", "home", "based in", "org/fcc"),
        E("org/sg16", "org/itu-t", "standards", "part of", "org/sg16"),
        E("org/zte", "proposal/p1", "proposal", "proposes", "proposal/p1"),
        E("org/dahua", "proposal/p1", "proposal", "proposes", "proposal/p1"),
        E("proposal/p1", "org/sg16", "proposal", "submitted to", "proposal/p1"),
        E("org/hikvision", "proposal/p2", "proposal", "proposes", "proposal/p2"),
        E("proposal/p2", "org/itu-t", "proposal", "submitted to", "proposal/p2"),
    ],
    "claims": {
        "financing/ecu": {"kind": "financing", "lender": "org/eximbank",
                          "finances": ["deal/ecu-911"], "country": "country/ECU",
                          "evidence": [{"source": "source/fr", "summary": "A loan."}]},
        "restriction/el-huawei": {"kind": "restriction", "instrument": "entity-list",
                                  "evidence": [{"source": "source/fr", "quote": "Huawei"}]},
        "restriction/el-dahua": {"kind": "restriction", "instrument": "entity-list",
                                 "evidence": [{"source": "source/fr", "quote": "Dahua"}]},
        "restriction/fcc-hikvision": {"kind": "restriction", "instrument": "fcc-covered-list",
                                      "evidence": [{"source": "source/fr"}]},
        "finding/cn-ai": {"kind": "finding", "measure": "AI export deals", "value": "250",
                          "unit": "count", "about": ["country/CHN"],
                          "evidence": [{"source": "source/paper", "locator": "p. 6"}]},
        "finding/us-ai": {"kind": "finding", "measure": "AI export deals", "value": "215",
                          "unit": "count", "about": ["country/USA"],
                          "evidence": [{"source": "source/paper", "locator": "p. 6"}]},
        "finding/cn-face": {"kind": "finding", "measure": "face-recognition export deals",
                            "value": "201", "unit": "count", "about": ["country/CHN"],
                            "evidence": [{"source": "source/wired"}]},
    },
    "sources": {"source/fr": {"title": "Federal Register"},
                "source/paper": {"title": "Exporting the Surveillance State",
                                 "version": "NBER w31676"},
                "source/wired": {"title": "Wired article"}},
    "gaps": [
        {"id": "gap/uganda-financing", "question": "Who financed the Uganda Police CCTV?",
         "relation_kind": "financing", "about": ["deal/uganda-cctv"], "searched": "AidData"},
        {"id": "gap/yitu", "question": "Is Yitu on a US list?", "relation_kind": "restriction",
         "about": ["org/yitu"], "searched": "Federal Register"},
    ],
    "concepts": {"entity-list": "BIS Entity List", "fcc-covered-list": "FCC Covered List"},
}


@pytest.fixture(scope="module")
def net() -> Network:
    return Network.from_dict(WORLD)


def first_column(answer) -> list:
    return [row[answer.columns[0]] for row in answer.rows]


# --- each form, with its natural variations ----------------------------------------------

@pytest.mark.parametrize("question", [
    "which vendors supply BRI states", "Which companies supply Belt and Road countries?",
    "which vendor supplies the BRI governments", "who supplies Belt & Road states",
    "what firms sell to BRI nations", "which suppliers do BRI states buy from",
    "who do Belt and Road countries buy from", "vendors supplying BRI states",
    "which companies are supplying the members of the Belt and Road Initiative",
    "Which vendors supply One Belt One Road states" if False else "which vendors supply BRI",
])
def test_suppliers_of_bri(net, question):
    answer = ask(net, question)
    assert answer.kind == "suppliers"
    assert answer.explain["group"] == "initiative/belt-and-road"
    assert [(r["vendor"], r["countries"]) for r in answer.rows] == [("Huawei", 3),
                                                                     ("Hikvision", 2)]


def test_suppliers_as_of_and_restricted(net):
    form, slots = parse("Which sanctioned vendors supply BRI states as of 2019?")
    assert (form.name, slots) == ("suppliers", {"restricted": "sanctioned",
                                                "group": "bri states", "as_of": "2019"})
    assert ask(net, "which restricted vendors supply Kenya").explain["restricted"] is True


@pytest.mark.parametrize("question", [
    "which Entity-List vendors sold to BRI states", "which entity list vendors supply BRI states",
    "which vendors on the Entity List supply BRI states",
    "what companies on the entity list sell to Belt and Road countries",
])
def test_suppliers_listed_on_one_list(net, question):
    form, slots = parse(question)
    assert form.name == "suppliers" and slots["listed_on"].lower().startswith("entity")
    answer = ask(net, question)
    assert answer.explain["listed on"] == "entity-list" and answer.explain["restricted"] is True
    assert answer.rows and all(any(name.endswith("on BIS Entity List") for name in row["restrictions"])
               for row in answer.rows)


@pytest.mark.parametrize("question, vendor", [
    ("which countries buy from Hikvision", "org/hikvision"),
    ("Which states bought from Hikvsion?", "org/hikvision"),
    ("what governments use hikvision", "org/hikvision"),
    ("who are Huawei's customers", "org/huawei"), ("who are Huawei’s clients", "org/huawei"),
    ("Huawei's customers", "org/huawei"), ("customers of Huawei Technologies", "org/huawei"),
    ("who buys from huawei", "org/huawei"), ("which countries does Huawei supply", "org/huawei"),
    ("where does Huawei sell", "org/huawei"),
])
def test_customers(net, question, vendor):
    answer = ask(net, question)
    assert (answer.kind, answer.explain["vendor"]) == ("customers", vendor)
    expected = ["Kenya", "Uganda"] if vendor == "org/hikvision" else ["Ecuador", "Kenya", "Uganda"]
    assert first_column(answer) == expected


@pytest.mark.parametrize("question", [
    "how does US sanctions policy connect to Uganda", "How is the US sanctions regime linked to Uganda?",
    "how do United States export controls relate to Uganda", "path from US sanctions to Uganda",
    "what connects US restrictions and Uganda", "how does US sanctions policy reach Uganda?",
])
def test_path_from_a_countrys_sanctions(net, question):
    answer = ask(net, question)
    assert answer.kind == "path"
    assert answer.explain["from"] == ["org/fcc", "org/us-bis"]
    assert answer.paths[0]["labels"] == [
        "US Commerce Department, Bureau of Industry and Security", "Huawei on BIS Entity List",
        "Huawei", "Uganda Police CCTV", "Uganda"]
    assert ["Federal Communications Commission", "Hikvision on FCC Covered List", "Hikvision",
            "Uganda"] in [p["labels"] for p in answer.paths]


@pytest.mark.parametrize("question", [
    "path from BIS to Uganda", "paths between bis and uganda", "connect BIS to Uganda",
    "is BIS connected to Uganda", "show the route from BIS to Uganda",
])
def test_path_between_names(net, question):
    answer = ask(net, question)
    assert answer.explain["from"] == ["org/us-bis"] and answer.explain["to"] == "country/UGA"


def test_path_from_an_instrument(net):
    answer = ask(net, "how does the Entity List connect to Ecuador")
    assert answer.explain["from"] == ["restriction/el-dahua", "restriction/el-huawei"]
    assert answer.paths[0]["labels"][-3:] == ["Huawei", "ECU-911 integrated security system",
                                              "Ecuador"]


@pytest.mark.parametrize("question, expected", [
    ("which vendors on the Entity List proposed standards to the ITU", ["Dahua Technology"]),
    ("Which companies on the entity list have proposed standards at ITU-T?", ["Dahua Technology"]),
    ("which Entity List vendors proposed standards to the ITU", ["Dahua Technology"]),
    ("which sanctioned companies proposed standards to the ITU", ["Dahua Technology", "Hikvision"]),
    ("which vendors proposed standards to the ITU", ["Dahua Technology", "Hikvision", "ZTE"]),
    ("who proposed standards to SG16", ["Dahua Technology", "ZTE"]),
])
def test_restricted_proposers(net, question, expected):
    answer = ask(net, question)
    assert answer.kind == "proposers"
    assert first_column(answer) == expected


@pytest.mark.parametrize("question", [
    "who financed Ecuador's ECU-911", "Who funded ECU-911?", "who paid for the ECU-911",
    "how was ECU 911 financed", "who was the lender for Ecuador's ECU-911",
])
def test_who_financed(net, question):
    answer = ask(net, question)
    assert (answer.kind, first_column(answer)) == ("financed-by", ["Export-Import Bank of China"])
    assert answer.explain["target"] == "deal/ecu-911"


def test_who_financed_a_researched_gap_says_no_source_found(net):
    answer = ask(net, "who financed the Uganda Police CCTV")
    assert answer.rows == []
    assert answer.notes == ["no source found: Who financed the Uganda Police CCTV? "
                            "(searched: AidData)"]


@pytest.mark.parametrize("question", [
    "which deals did China Eximbank finance", "What projects has the Export-Import Bank of China funded?",
    "what did China Eximbank finance", "deals financed by China Eximbank",
    "which deals were funded by china eximbank",
])
def test_what_a_lender_financed(net, question):
    answer = ask(net, question)
    assert (answer.kind, first_column(answer)) == ("financed", ["ECU-911 integrated security system"])


@pytest.mark.parametrize("question, count", [
    ("which restrictions apply to Dahua", 1), ("What sanctions apply to Dahua Technology?", 1),
    ("restrictions on dahua", 1), ("is Hikvsion sanctioned", 1), ("Is Huawei restricted?", 1),
    ("has huawei been blacklisted", 1), ("what sanctions does ZTE face", 0),
])
def test_restrictions(net, question, count):
    answer = ask(net, question)
    assert answer.kind == "restrictions" and len(answer.rows) == count


def test_is_it_on_an_instrument(net):
    assert len(ask(net, "is Huawei on the Entity List").rows) == 1
    answer = ask(net, "is Hikvision on the Entity List")
    assert answer.rows == [] and answer.title == "Hikvision: no restriction on the BIS Entity List recorded"


def test_is_yitu_sanctioned_is_unknown_not_no(net):
    answer = ask(net, "is Yitu sanctioned?")
    assert answer.rows == []
    assert answer.title == "Yitu Technology: no restriction recorded"
    assert answer.notes == ["no source found: Is Yitu on a US list? (searched: Federal Register)"]


def test_no_restriction_and_no_gap_is_not_recorded(net):
    assert ask(net, "is ZTE sanctioned").notes == [
        "not recorded: the graph has no restriction on ZTE; unknown is not no"]


@pytest.mark.parametrize("question", [
    "how many AI export deals did China have", "How many AI export deals does China have?",
    "how many ai export deal did china make",
])
def test_findings_with_source_and_version(net, question):
    answer = ask(net, question)
    assert answer.kind == "findings"
    assert [(r["value"], r["about"]) for r in answer.rows] == [("250", ["China"])]
    assert answer.rows[0]["version"] == ["NBER w31676"]
    assert answer.rows[0]["evidence"][0]["locator"] == "p. 6"


def test_findings_without_a_subject(net):
    answer = ask(net, "how many face-recognition export deals")
    assert [r["value"] for r in answer.rows][0] == "201"


def test_profile_and_rank_forms(net):
    assert ask(net, "tell me about Hikvsion").explain["node"] == "org/hikvision"
    assert ask(net, "which vendors are most central").kind == "rank"


# --- what the parser does not understand, and names the graph does not hold ----------------

@pytest.mark.parametrize("question", ["", "what is the weather", "hello", "supply",
                                      "why did Huawei win"])
def test_an_unknown_question_is_one_line_with_questions_it_understands(question):
    with pytest.raises(NotUnderstood) as raised:
        parse(question)
    message = str(raised.value)
    assert "\n" not in message and "questions it understands look like" in message
    shown = [e for form in FORMS for e in form.examples if repr(e) in message]
    assert len(shown) == 3


def test_an_unknown_entity_is_not_in_the_graph(net):
    with pytest.raises(NotInGraph, match="'initech' is not in the graph"):
        ask(net, "which countries buy from Initech")


def test_a_typo_in_a_name_is_the_name(net):
    assert ask(net, "which countries buy from Hikvison").explain["vendor"] == "org/hikvision"


def test_an_unknown_name_suggests_close_ones(net):
    with pytest.raises(NotInGraph, match=r"did you mean: Hikvision"):
        ask(net, "which countries buy from Hikwizjon")


def test_an_unknown_country_sanctions_policy_is_not_in_the_graph(net):
    with pytest.raises(NotInGraph, match="'french sanctions policy' is not in the graph"):
        endpoints(net, "french sanctions policy")


def test_explain_shows_form_slots_and_command(net):
    explain = ask(net, "Which companies supply BRI states as of 2020?").explain
    assert explain["form"] == "suppliers (e.g. 'which vendors supply BRI states')"
    assert explain["slots"] == {"group": "bri states", "as_of": "2020"}
    assert explain["command"] == "kg suppliers --to 'bri states' --as-of 2020"
    assert explain["operation"] == "suppliers"
