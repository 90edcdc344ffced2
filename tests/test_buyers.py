"""kg.analysis.buyers: the vendors that supplied one buyer (an agency, a company) or one deal.

A tiny network whose answers are worked out by hand: a city police force that Alpha supplied
directly (an index row recorded 2019-09) and Epsilon too (undated), and that bought the Camera
Deal (2016) from Beta with Gamma as contractor; Omega, a company, bought Phase Two from Delta;
an army unit the curators researched without a source; a bureau nobody is recorded supplying.
Then the shipped data, with expectations from ../shared/facts.md and the pi-sii dataset.
"""
from __future__ import annotations

import pytest

from kg.analysis.buyers import is_buyer, supplied_to
from kg.analysis.financing import financed_by
from kg.analysis.network import Network, load_network
from kg.analysis.resolve import resolve
from kg.ask.questions import ask


def _node(node, label, kind):
    return {"id": node, "label": label, "kind": kind, "aliases": []}


def _edge(u, v, verb, claim, kind="supply"):
    return {"u": u, "v": v, "kind": kind, "verb": verb, "claim": claim}


WORLD = {
    "nodes": [_node(*n) for n in (
        ("org/alpha", "Alpha", "company"), ("org/beta", "Beta", "company"),
        ("org/gamma", "Gamma", "company"), ("org/delta", "Delta", "company"),
        ("org/epsilon", "Epsilon", "company"), ("org/omega", "Omega", "company"),
        ("org/police", "City Police", "agency"), ("org/army", "Army Intelligence", "agency"),
        ("org/bureau", "Records Bureau", "agency"), ("org/bank", "Bank", "lender"),
        ("country/KEN", "Kenya", "country"),
        ("deal/d1", "Camera Deal", "deal"), ("deal/d2", "Phase Two", "deal"))],
    "edges": [
        _edge("org/alpha", "org/police", "supplies", "supply/alpha-police"),
        _edge("org/epsilon", "org/police", "supplies", "supply/epsilon-police"),
        _edge("org/beta", "deal/d1", "supplies", "deal/d1"),
        _edge("org/gamma", "deal/d1", "contractor for", "deal/d1"),
        _edge("deal/d1", "org/police", "bought by", "deal/d1"),
        _edge("deal/d1", "country/KEN", "in", "deal/d1"),
        _edge("org/delta", "deal/d2", "supplies", "deal/d2"),
        _edge("deal/d2", "org/omega", "bought by", "deal/d2"),
        _edge("org/bank", "deal/d1", "finances", "financing/d1-loan", kind="financing"),
        _edge("org/bank", "deal/d2", "finances", "financing/d2-loan", kind="financing"),
    ],
    "claims": {
        "supply/alpha-police": {"kind": "supply", "strength": "reported-use",
                                "evidence": [{"source": "source/index", "row": "id=7"}]},
        "supply/epsilon-police": {"kind": "supply",
                                  "evidence": [{"source": "source/blog", "summary": "E"}]},
        "deal/d1": {"kind": "deal", "year": "2016", "strength": "reported-sale",
                    "technologies": ["video-surveillance"],
                    "evidence": [{"source": "source/paper", "quote": "Beta won the deal"}]},
        "deal/d2": {"kind": "deal", "year": "2018", "strength": "reported-sale",
                    "evidence": [{"source": "source/paper", "quote": "Delta won phase two"}]},
        "financing/d1-loan": {"kind": "financing", "lender": "org/bank", "finances": ["deal/d1"],
                              "evidence": [{"source": "source/paper", "summary": "A loan"}]},
        "financing/d2-loan": {"kind": "financing", "lender": "org/bank", "finances": ["deal/d2"],
                              "evidence": [{"source": "source/paper", "summary": "A loan"}]},
        "financing/police-credit": {"kind": "financing", "lender": "org/bank",
                                    "borrower": "org/police",
                                    "evidence": [{"source": "source/paper", "summary": "Credit"}]},
    },
    "sources": {"source/paper": {"title": "Paper"}, "source/blog": {"title": "Blog"},
                "source/index": {"title": "Index", "date": "2019-09"}},
    "concepts": {"reported-sale": "reported sale or contract",
                 "reported-use": "use reported by a tracker",
                 "video-surveillance": "video surveillance (CCTV)"},
    "ranks": {"reported-sale": 1, "reported-use": 2},
    "gaps": [{"id": "gap/army", "relation_kind": "supply", "about": ["org/army"],
              "question": "Who supplied the army's interception centre?",
              "searched": "court papers"}],
}


@pytest.fixture(scope="module")
def net() -> Network:
    return Network.from_dict(WORLD)


def vendors(answer) -> list[str]:
    return [row["vendor"] for row in answer.rows]


def test_direct_supply_and_a_bought_deals_supplier_and_contractor(net):
    answer = supplied_to(net, "org/police")
    assert answer.kind == "supplied-to"
    # Strongest claim first (Beta and Gamma: the 2016 sale), then by name; Epsilon's claim
    # has no strength and goes last.
    assert [(r["vendor"], r["role"], r["deals"]) for r in answer.rows] == [
        ("Beta", ["supplier"], ["Camera Deal"]), ("Gamma", ["contractor"], ["Camera Deal"]),
        ("Alpha", ["supplier"], []), ("Epsilon", ["supplier"], [])]
    beta = answer.rows[0]
    assert beta["technologies"] == ["video surveillance (CCTV)"]
    assert beta["strength"] == ["reported sale or contract"] and beta["sources"] == ["source/paper"]
    assert [e["quote"] for e in beta["evidence"]] == ["Beta won the deal"]
    assert answer.rows[2]["strength"] == ["use reported by a tracker"]
    assert answer.title == "Vendors that supplied City Police: 4" and answer.notes == []
    # Delta sold Phase Two to another buyer: not the police's supplier.
    assert "Delta" not in vendors(answer)


def test_a_deals_suppliers_are_its_supplier_and_contractor(net):
    answer = supplied_to(net, "deal/d1")
    assert vendors(answer) == ["Beta", "Gamma"]  # not Alpha, who supplied the police directly
    assert answer.explain["deal"] == ["deal/d1"]
    assert answer.explain["method"] == "the deal's supplier and contractor edges"


def test_several_deals_of_one_project(net):
    answer = supplied_to(net, ["deal/d1", "deal/d2"])
    assert [(r["vendor"], r["deals"]) for r in answer.rows] == [
        ("Beta", ["Camera Deal"]), ("Delta", ["Phase Two"]), ("Gamma", ["Camera Deal"])]
    assert answer.title == "Vendors that supplied Camera Deal / Phase Two: 3"


def test_strength_filter_keeps_those_strengths_and_says_how_many_it_left_out(net):
    answer = supplied_to(net, "org/police", strengths=frozenset({"reported-sale"}))
    assert vendors(answer) == ["Beta", "Gamma"]
    assert answer.notes == [("filtered by strength: only reported sale or contract; 2 supply "
                             "claims of other strengths left out before counting")]
    only_use = supplied_to(net, "org/police", strengths=frozenset({"reported-use"}))
    assert vendors(only_use) == ["Alpha"]


def test_as_of_a_date_claims_not_known_to_hold_are_apart(net):
    # 2019: the 2016 deal holds; the index row recorded 2019-09 counts in its own year;
    # Epsilon's undated claim is apart.
    in_2019 = supplied_to(net, "org/police", as_of="2019")
    assert vendors(in_2019) == ["Beta", "Gamma", "Alpha"]
    assert [a["subject"] for a in in_2019.apart] == ["Epsilon"]
    assert in_2019.notes == [("not counted, undated (no held date, no dated source): "
                              "1 vendor: Epsilon")]
    # 2021: the index row is a 2019 snapshot, not known to hold then: apart, never counted.
    in_2021 = supplied_to(net, "org/police", as_of="2021")
    assert vendors(in_2021) == ["Beta", "Gamma"]
    assert sorted(a["subject"] for a in in_2021.apart) == ["Alpha", "Epsilon"]
    assert "recorded 2019-09, not known to hold as of 2021: 1 vendor: Alpha" in " ".join(
        in_2021.notes)
    # 2015: the deal had not begun (left out, not apart); nothing counts.
    in_2015 = supplied_to(net, "org/police", as_of="2015")
    assert in_2015.rows == [] and "Beta" not in [a["subject"] for a in in_2015.apart]
    assert in_2015.title == "Vendors that supplied City Police as of 2015: 0"


def test_nobody_recorded_is_not_recorded_and_a_researched_gap_says_no_source_found(net):
    silent = supplied_to(net, "org/bureau")
    assert silent.rows == [] and silent.notes == [
        "not recorded: the graph has no supplier recorded for Records Bureau; unknown is not no"]
    researched = supplied_to(net, "org/army")
    assert researched.rows == [] and researched.notes == [
        "no source found: Who supplied the army's interception centre? (searched: court papers)"]


def test_is_buyer(net):
    assert is_buyer(net, "org/police")      # supplied directly, and bought a deal
    assert is_buyer(net, "org/omega")       # a company that bought a deal
    assert not is_buyer(net, "org/beta")    # a vendor
    assert not is_buyer(net, "org/army")    # researched, nothing recorded


def test_a_buyers_financing_includes_the_deals_it_bought(net):
    answer = financed_by(net, "City Police")
    assert sorted(r["financing"] for r in answer.rows) == ["financing/d1-loan",
                                                           "financing/police-credit"]
    # Phase Two's loan went to a deal Omega bought, not the police.
    assert [r["deal"] for r in financed_by(net, "Omega").rows] == [["Phase Two"]]


# --- the shipped data -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped(shipped_build) -> Network:
    return load_network(shipped_build)


def test_shipped_buyers_inside_a_country(shipped):
    # pi-sii row NICE_Systems_Uganda_2015: NICE Systems, end user "Chieftaincy of Military
    # Intelligence, Special Forces Command Counter Intelligence" (lawful interception).
    cmi = supplied_to(shipped, resolve(shipped, "Chieftaincy of Military Intelligence"))
    assert vendors(cmi) == ["NICE"]
    assert any("unique_id=NICE_Systems_Uganda_2015" in (e.get("row") or "")
               for e in cmi.rows[0]["evidence"])
    assert "lawful interception" in cmi.rows[0]["technologies"]
    # facts.md F552: the Punjab Safe Cities Authority and Huawei signed on 20 May 2016.
    punjab = ask(shipped, "Who supplied the Punjab Safe Cities Authority?")
    assert punjab.kind == "supplied-to" and vendors(punjab) == ["Huawei"]
    assert punjab.rows[0]["deals"] == ["Punjab Safe Cities (Lahore)"]
    assert all(e["kind"] in ("quote", "summary", "row") for e in punjab.rows[0]["evidence"])
