"""kg.analysis.between: the claims tying entities, one row per fact, by date.

The logic on a tiny network whose answers are worked out by hand; then the shipped data, with
expectations taken from ../shared/facts.md (the F-numbers say which line).
"""
from __future__ import annotations

import pytest

from kg.analysis.between import NO_DATE, NO_START, claims_between, first_held
from kg.analysis.network import Network, load_network
from kg.analysis.resolve import resolve
from kg.analysis.restrictions import instrument
from kg.analysis.when import When
from kg.errors import KGError


def _edge(u, v, kind, verb, claim, **dates):
    return {"u": u, "v": v, "kind": kind, "verb": verb, "claim": claim, **dates}


def _ev(source, **text):
    return [{"source": source, **text}]


@pytest.fixture
def net() -> Network:
    """A vendor V selling to Kenya three times (held 2015, an index row recorded 2019-09, an
    undated mention), a deal D in Uganda that a Bank pays for, two linked Entity List claims on
    V, an undated SDN listing by OFAC, a denial order that ended, Kenya in the BRI, a mask
    donation, and a researched gap about W's restrictions."""
    nodes = [("org/v", "V", "company"), ("org/w", "W", "company"),
             ("country/KEN", "Kenya", "country"), ("country/UGA", "Uganda", "country"),
             ("org/bank", "Bank", "lender"), ("deal/d", "Deal D", "deal"),
             ("org/bis", "BIS", "agency"), ("org/ofac", "OFAC", "agency"),
             ("initiative/bri", "Belt and Road Initiative", "initiative"),
             ("restriction/r1", "V on the Entity List", "restriction"),
             ("restriction/r2", "V on the Entity List (imported)", "restriction"),
             ("restriction/r3", "V on the SDN list", "restriction"),
             ("restriction/r4", "V under a denial order", "restriction")]
    edges = [
        _edge("org/v", "country/KEN", "supply", "supplies", "supply/held", year="2015"),
        _edge("org/v", "country/KEN", "supply", "supplies", "supply/index"),
        _edge("org/v", "country/KEN", "supply", "supplies", "supply/undated"),
        _edge("org/v", "deal/d", "supply", "supplies", "deal/d", year="2018"),
        _edge("deal/d", "country/UGA", "supply", "in", "deal/d", year="2018"),
        _edge("org/bank", "deal/d", "financing", "finances", "financing/loan", year="2017"),
        _edge("org/bank", "country/KEN", "financing", "finances", "financing/masks",
              year="2020"),
        _edge("country/KEN", "initiative/bri", "membership", "member of", "membership/ken",
              start="2017-06"),
    ]
    for r, authority, start in (("r1", "org/bis", "2019-10-09"), ("r2", "org/bis", "2019-10-09"),
                                ("r3", "org/ofac", None), ("r4", "org/bis", None)):
        dates = {"start": start} if start else {}
        edges += [_edge(authority, f"restriction/{r}", "restriction", "imposes",
                        f"restriction/{r}", **dates),
                  _edge(f"restriction/{r}", "org/v", "restriction", "lists", f"restriction/{r}",
                        **dates)]
    claims = {
        "supply/held": {"kind": "supply", "label": "V supplies Kenya", "year": "2015",
                        "strength": "reported-sale",
                        "evidence": _ev("source/article", quote="V sold cameras to Kenya")},
        "supply/index": {"kind": "supply", "label": "V supplies Kenya (index)",
                         "strength": "index-listing",
                         "evidence": _ev("source/index", row="country=Kenya")},
        "supply/undated": {"kind": "supply", "label": "V supplies Kenya (blog)",
                           "evidence": _ev("source/blog", summary="V is active in Kenya")},
        "deal/d": {"kind": "deal", "label": "Deal D", "year": "2018",
                   "evidence": _ev("source/article", summary="V signed Deal D")},
        "financing/loan": {"kind": "financing", "label": "Bank loan for Deal D", "year": "2017",
                           "lender": "org/bank", "finances": ["deal/d"],
                           "purpose": "surveillance-security",
                           "evidence": _ev("source/article", summary="Bank lent for D")},
        "financing/masks": {"kind": "financing", "label": "Bank gives masks to Kenya",
                            "year": "2020", "lender": "org/bank", "purpose": "other",
                            "evidence": _ev("source/article", summary="masks")},
        "membership/ken": {"kind": "membership", "label": "Kenya in BRI", "start": "2017-06",
                           "evidence": _ev("source/index", row="Kenya")},
        "restriction/r1": {"kind": "restriction", "instrument": "entity-list",
                           "start": "2019-10-09",
                           "evidence": _ev("source/rule", quote="V is added")},
        "restriction/r2": {"kind": "restriction", "instrument": "entity-list",
                           "start": "2019-10-09",
                           "evidence": _ev("source/list", row="entry 7: V")},
        "restriction/r3": {"kind": "restriction", "instrument": "sdn",
                           "evidence": _ev("source/blog", summary="V is on the SDN list")},
        "restriction/r4": {"kind": "restriction", "instrument": "denial-order",
                           "end": "2018-07-13",
                           "evidence": _ev("source/rule", summary="lifted")},
    }
    return Network.from_dict({
        "nodes": [{"id": i, "label": label, "kind": kind} for i, label, kind in nodes],
        "edges": edges, "claims": claims,
        "sources": {"source/index": {"title": "Index", "date": "2019-09"},
                    "source/article": {"title": "Article"}, "source/blog": {"title": "Blog"},
                    "source/rule": {"title": "Rule"}, "source/list": {"title": "List"}},
        "concepts": {"entity-list": "BIS Entity List", "sdn": "OFAC SDN list",
                     "denial-order": "BIS denial order", "reported-sale": "reported sale",
                     "index-listing": "index listing"},
        "gaps": [{"id": "gap/w", "question": "Is W restricted?", "relation_kind": "restriction",
                  "about": ["org/w"], "searched": "the Federal Register", "answered_by": []}],
        "links": [{"id": "link/r", "relation": "same-as",
                   "claims": ["restriction/r1", "restriction/r2"], "target": None}]})


def test_edge_claims_held_first_then_recorded_then_undated(net):
    answer = claims_between(net, ["org/v", "country/KEN"], {"supply"})
    assert answer.title == "Supply claims tying V and Kenya: 3"
    assert [(r["claim"], r["dates"], r["first"]) for r in answer.rows] == [
        ("V supplies Kenya", "held 2015", "2015"),
        ("V supplies Kenya (index)", "recorded 2019-09 (when it held not given)", NO_DATE),
        ("V supplies Kenya (blog)", "undated", NO_DATE)]
    assert [r["strength"] for r in answer.rows] == ["reported sale", "index listing", ""]
    assert answer.rows[0]["ties"] == ["V", "Kenya"]
    assert answer.notes == ["first: 2015 (V supplies Kenya)"]


def test_evidence_says_what_kind_it_is(net):
    rows = claims_between(net, ["org/v", "country/KEN"], {"supply"}).rows
    assert [[(e["claim"], e["kind"]) for e in r["evidence"]] for r in rows] == [
        [("supply/held", "quote")], [("supply/index", "row")], [("supply/undated", "summary")]]
    assert rows[1]["when"] == [{"claim": "supply/index", "basis": "recorded",
                                "recorded": ["2019-09"]}]


def test_a_claim_node_ties_itself_and_what_its_edges_reach(net):
    rows = claims_between(net, ["org/v", "country/UGA"]).rows
    assert [(r["claim"], r["kind"]) for r in rows] == [("Bank loan for Deal D", "financing"),
                                                       ("Deal D", "supply")]
    assert rows[1]["entity"]["id"] == "deal/d"
    assert claims_between(net, ["deal/d"], {"supply"}).rows[0]["ties"] == ["Deal D", "Uganda",
                                                                           "V"]


def test_financing_of_a_deal_ties_the_lender_to_its_country_and_seller(net):
    answer = claims_between(net, ["org/bank", "country/UGA"])
    assert [(r["claim"], r["ties"]) for r in answer.rows] == [
        ("Bank loan for Deal D", ["Bank", "Uganda", "V"])]
    assert claims_between(net, ["org/bank", "org/v"], {"financing"}).rows[0]["first"] == "2017"


def test_linked_claims_count_once_with_every_source(net):
    answer = claims_between(net, ["org/v"], instrument="entity-list")
    assert answer.title == ("Claims tying V and BIS Entity List: 1 "
                            "(from 2 claims; linked claims shown once)")
    [row] = answer.rows
    assert row["claims"] == ["restriction/r1", "restriction/r2"]
    assert row["sources"] == ["source/rule", "source/list"]
    assert (row["dates"], row["first"], row["ties"]) == ("held from 2019-10-09", "2019-10-09",
                                                         ["V", "BIS"])


def test_instrument_and_authority_filters(net):
    assert [r["claims"] for r in claims_between(net, ["org/v"], instrument="sdn").rows] == [
        ["restriction/r3"]]
    by_ofac = claims_between(net, ["org/v"], authority="org/ofac")
    assert [r["claims"] for r in by_ofac.rows] == [["restriction/r3"]]
    assert by_ofac.title == "Claims tying V and OFAC: 1"
    # No entity: every restriction of the instrument.
    assert len(claims_between(net, [], instrument="entity-list").rows) == 1
    # By date: the order that ended on 2018-07-13 before the listing of 2019; undated last.
    every = claims_between(net, ["org/v"], {"restriction"}).rows
    assert [r["first"] for r in every] == [NO_START, "2019-10-09", NO_DATE]


def test_an_ended_claim_says_so_in_the_first_line(net):
    answer = claims_between(net, ["org/v"], instrument="denial-order")
    assert answer.rows[0]["dates"] == "held until 2018-07-13"
    assert answer.notes == [f"first: {NO_DATE}"]


def test_membership_of_a_group(net):
    answer = claims_between(net, ["country/KEN", "initiative/bri"], {"membership"})
    assert [(r["claim"], r["first"]) for r in answer.rows] == [("Kenya in BRI", "2017-06")]


def test_money_that_is_not_for_surveillance_is_not_counted(net):
    answer = claims_between(net, ["org/bank", "country/KEN"])
    assert answer.rows == []
    assert [a["claims"] for a in answer.apart] == [["financing/masks"]]
    assert answer.notes == [("not counted, not surveillance or security equipment: 1: "
                             "Bank gives masks to Kenya")]


def test_a_researched_gap_is_said_as_such(net):
    answer = claims_between(net, ["org/w"], {"restriction"})
    assert answer.rows == []
    assert answer.notes == ["no source found: Is W restricted? (searched: the Federal Register)"]


def test_silence_is_not_recorded_not_no(net):
    answer = claims_between(net, ["country/KEN", "country/UGA"])
    assert answer.title == "Claims tying Kenya and Uganda: 0"
    assert answer.notes == [("not recorded: the graph has no claim tying Kenya and Uganda; "
                             "unknown is not no")]
    assert claims_between(net, ["org/w"], {"supply"}).notes == [
        "not recorded: the graph has no supply claim about W; unknown is not no"]


def test_bad_arguments_are_errors(net):
    for args, kwargs in ((["org/nobody"], {}), (["org/v"], {"kinds": {"sells"}}),
                         ([], {}), (["org/v"], {"instrument": "no-such-list"}),
                         (["org/v"], {"kinds": {"supply"}, "instrument": "sdn"})):
        with pytest.raises(KGError):
            claims_between(net, args, **kwargs)


def test_first_held_prefers_the_precise_date_within_a_vague_one():
    assert first_held([When(year="2010"), When(start="2010-12-17")]) == "2010-12-17"
    assert first_held([When(year="2014"), When(year="2015")]) == "2014"
    assert first_held([When(recorded=("2019",)), When(end="2018")]) is None


# --- the shipped data (facts.md) --------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped(shipped_build) -> Network:
    return load_network(shipped_build)


def test_shipped_hikvision_entity_list_is_one_listing_from_9_oct_2019(shipped):
    # F403: Hikvision added to the Entity List, published and effective 9 Oct 2019.
    answer = claims_between(shipped, [resolve(shipped, "Hikvision")],
                            instrument=instrument(shipped, "Entity List"))
    [row] = answer.rows
    assert row["first"] == "2019-10-09"
    assert answer.notes[0].startswith("first: 2019-10-09")


def test_shipped_kenya_joined_the_belt_and_road_in_june_2017(shipped):
    # F610: GFDC gives Kenya 2017-06; F609: Xinhua says Kenya is a party (no date).
    answer = claims_between(shipped, [resolve(shipped, "Kenya"),
                                      resolve(shipped, "Belt and Road")], {"membership"})
    [row] = answer.rows
    assert row["first"].startswith("2017-06")
    assert {"source/xinhua-2019-04-13-kenya-bri"} <= set(row["sources"])


def test_shipped_zte_denial_order_ran_from_april_to_july_2018(shipped):
    # F416: activated 15 Apr 2018, lifted 13 Jul 2018.
    answer = claims_between(shipped, [resolve(shipped, "ZTE")],
                            instrument=instrument(shipped, "BIS denial order"))
    [row] = answer.rows
    assert row["first"] == "2018-04-15"
    assert "2018-07-13" in row["dates"]


def test_shipped_section_889_covers_five_companies_from_13_aug_2019(shipped):
    # F408: Huawei, ZTE, Hytera, Hikvision, Dahua; F409: 889(a)(1)(A) in force 13 Aug 2019.
    answer = claims_between(shipped, [], instrument=instrument(shipped, "section 889"))
    tied = {label for r in answer.rows for label in r["ties"]}
    for name in ("Huawei", "ZTE", "Hytera", "Hikvision", "Dahua"):
        assert shipped.label(resolve(shipped, name)) in tied
    assert answer.notes[0].startswith("first: 2019-08-13")


def test_shipped_ofac_sanctioned_ceiec_on_30_nov_2020(shipped):
    # F415: OFAC designated CEIEC on the SDN list on 30 Nov 2020.
    answer = claims_between(shipped, [resolve(shipped, "CEIEC")],
                            authority=resolve(shipped, "OFAC"))
    assert [r["first"] for r in answer.rows] == ["2020-11-30"]


def test_shipped_islamabad_safe_city_loan_signed_17_dec_2010(shipped):
    # F551: China Eximbank signed the RMB 850m loan on 17 Dec 2010.
    answer = claims_between(shipped, [resolve(shipped, "Islamabad Safe City")], {"financing"})
    [row] = answer.rows
    assert row["first"] == "2010-12-17"
    assert shipped.label(resolve(shipped, "China Eximbank")) in row["ties"]


def test_shipped_ecu911_deal_signed_feb_2011_and_its_loan(shipped):
    # F521: signed Feb 2011; F522: a $240m Chinese loan (2012), dates differing by source.
    answer = claims_between(shipped, [resolve(shipped, "Ecuador"), resolve(shipped, "ECU-911")])
    firsts = {r["kind"]: r["first"] for r in answer.rows if r["kind"] == "supply"}
    assert firsts == {"supply": "2011-02"}
    assert any(r["kind"] == "financing" and r["first"] == "2012" for r in answer.rows)
    assert answer.notes[0].startswith("first: 2011-02")


def test_shipped_zte_proposed_to_the_itu_and_the_work_items_are_a_gap(shipped):
    # F301, F305: ZTE among the proposers; F309/D6: which draft is whose was not found.
    answer = claims_between(shipped, [resolve(shipped, "ZTE"), resolve(shipped, "ITU-T")],
                            {"proposal"})
    assert answer.rows
    assert any(n.startswith("no source found:") and "F.FACE" in n for n in answer.notes)


def test_shipped_cloudwalk_zimbabwe_deal_in_2018(shipped):
    # F531: signed Mar/Apr 2018; the index rows say when they recorded it, not when it held.
    answer = claims_between(shipped, [resolve(shipped, "CloudWalk"), resolve(shipped, "Zimbabwe")],
                            {"supply"})
    assert answer.rows[0]["first"].startswith("2018")
    assert all(r["first"] == NO_DATE for r in answer.rows if r["dates"].startswith("recorded"))
