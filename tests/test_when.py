"""Time is honest: when a claim held, when a source recorded it, and what counts at a date.

The tiny network below (invented names) has one vendor and one claim of each kind of dating;
the answers were worked out by hand from the rules in kg/analysis/when.py:

| claim | dates | counts at 2019 | at 2019-06 | at 2023 | now |
|---|---|---|---|---|---|
| supply/held (-> Kenya) | year 2018 | yes | yes | yes | yes |
| supply/rec-2019 (-> Uganda) | recorded 2019-09 | yes | apart | apart | yes |
| supply/rec-2022 (-> Tanzania) | recorded 2022-06-06 | apart | apart | apart | yes |
| supply/undated (-> Rwanda) | none | apart | apart | apart | yes |
| restriction/ended | 2010 to 2015 | no | no | no | listed |
| restriction/recorded | recorded 2023-02-06 | apart | apart | yes | listed |
| restriction/undated | none | apart | apart | apart | listed |

Bloc memberships: Kenya from 2015; Uganda recorded 2019-09; Tanzania 2010 to 2016 (left);
Rwanda undated.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.analysis.customers import customers
from kg.errors import KGError
from kg.analysis.network import Network, load_network
from kg.render.answers import render_json, render_table
from kg.analysis.restrictions import restrictions
from kg.analysis.suppliers import suppliers
from kg.analysis.when import APART, COUNTS, NOT_HELD, When, when

COUNTRIES = {"KEN": "Kenya", "UGA": "Uganda", "TZA": "Tanzania", "RWA": "Rwanda"}
SOURCES = {"source/news": {"title": "News", "date": "2019-03"},
           "source/index-2019": {"title": "Index", "date": "2019-09"},
           "source/index-2022": {"title": "Index", "date": "2022-06-06"},
           "source/register": {"title": "Register", "date": "2023-02-06"},
           "source/undated": {"title": "Undated list"}}


def _claim(kind: str, source: str, **dates: str) -> dict:
    return {"kind": kind, "label": None, "evidence": [{"source": source, "row": "x"}], **dates}


def _world() -> Network:
    nodes = [{"id": "org/v", "label": "Vendor", "kind": "company"},
             {"id": "org/gov", "label": "Authority", "kind": "agency"},
             {"id": "initiative/bloc", "label": "Bloc", "kind": "initiative"}]
    nodes += [{"id": f"country/{c}", "label": name, "kind": "country"}
              for c, name in COUNTRIES.items()]
    claims = {"supply/held": _claim("supply", "source/news", year="2018"),
              "supply/rec-2019": _claim("supply", "source/index-2019"),
              "supply/rec-2022": _claim("supply", "source/index-2022"),
              "supply/undated": _claim("supply", "source/undated"),
              "restriction/ended": _claim("restriction", "source/news", start="2010", end="2015"),
              "restriction/recorded": _claim("restriction", "source/register"),
              "restriction/undated": _claim("restriction", "source/undated"),
              "membership/ken": _claim("membership", "source/news", start="2015"),
              "membership/uga": _claim("membership", "source/index-2019"),
              "membership/tza": _claim("membership", "source/news", start="2010", end="2016"),
              "membership/rwa": _claim("membership", "source/undated")}
    edges = []
    for claim, country in (("supply/held", "KEN"), ("supply/rec-2019", "UGA"),
                           ("supply/rec-2022", "TZA"), ("supply/undated", "RWA")):
        edges.append({"u": "org/v", "v": f"country/{country}", "kind": "supply",
                      "verb": "supplies", "claim": claim, **_dates(claims[claim])})
    for claim in ("restriction/ended", "restriction/recorded", "restriction/undated"):
        nodes.append({"id": claim, "label": claim.split("/")[1], "kind": "restriction"})
        edges += [{"u": "org/gov", "v": claim, "kind": "restriction", "verb": "imposes",
                   "claim": claim, **_dates(claims[claim])},
                  {"u": claim, "v": "org/v", "kind": "restriction", "verb": "lists",
                   "claim": claim, **_dates(claims[claim])}]
    for country in COUNTRIES:
        claim = f"membership/{country.lower()}"
        edges.append({"u": f"country/{country}", "v": "initiative/bloc", "kind": "membership",
                      "verb": "member of", "claim": claim, **_dates(claims[claim])})
    return Network.from_dict({"nodes": nodes, "edges": edges, "claims": claims,
                              "sources": SOURCES})


def _dates(claim: dict) -> dict:
    return {k: claim[k] for k in ("start", "end", "year") if k in claim}


NET = _world()


def names(answer, column: str) -> list[str]:
    return [row[column] for row in answer.rows]


def apart(answer) -> dict[str, str]:
    return {item["subject"]: item["reason"] for item in answer.apart}


# --- the rules, on one claim -----------------------------------------------------------------

@pytest.mark.parametrize("dated, as_of, expected", [
    (When(year="2018"), "2017", NOT_HELD),           # not yet
    (When(year="2018"), "2018-01", COUNTS),          # its year, read from its first day
    (When(start="2019-03", end="2023-12-06"), "2020", COUNTS),
    (When(start="2019-03", end="2023-12-06"), "2024", NOT_HELD),   # ended
    (When(start="2019-03", end="2023-12-06"), None, NOT_HELD),     # ended: not current
    (When(recorded=("2019-09",)), "2019", COUNTS),   # recorded in 2019 counts in 2019
    (When(recorded=("2019-09",)), "2019-10", COUNTS),
    (When(recorded=("2019-09",)), "2019-06", APART),  # not yet recorded
    (When(recorded=("2019-09",)), "2021", APART),     # not known to hold later
    (When(recorded=("2020",)), "2019", APART),
    (When(recorded=("2019-09", "2022-06-06")), "2022", COUNTS),    # either edition
    (When(recorded=("2019-09",)), None, COUNTS),      # the present: as before
    (When(), "2019", APART),                          # undated: never counted at a date
    (When(), None, COUNTS),
])
def test_status_at_a_date(dated, as_of, expected):
    assert dated.status(as_of) == expected


def test_held_dates_decide_over_recording_dates():
    dated = When(start="2021", recorded=("2019-09",))
    assert (dated.basis, dated.status("2019"), dated.label()) == ("held", NOT_HELD,
                                                                  "held from 2021")


def test_when_reads_held_dates_from_the_claim_and_recording_dates_from_its_sources():
    assert when(NET, "supply/held") == When(year="2018", recorded=("2019-03",))
    assert when(NET, "supply/undated") == When()
    # A network whose claim records carry no dates: the edge's copy of them stands in.
    bare = Network.from_dict({"claims": {"deal/d": {"kind": "deal", "evidence": []}}})
    assert when(bare, "deal/d", {"year": "2014"}).basis == "held"


def test_reasons_say_undated_or_when_recorded():
    assert When().reason("2019").startswith("undated")
    assert (When(recorded=("2022-06-06",)).reason("2019")
            == "recorded 2022-06-06, not known to hold as of 2019")
    assert When(recorded=("2019-09",)).label() == "recorded 2019-09 (when it held not given)"


def test_a_bad_date_is_an_error():
    with pytest.raises(KGError, match="'2019/06' is not a date"):
        customers(NET, "Vendor", "2019/06")


# --- customers ---------------------------------------------------------------------------------

def test_customers_in_2019_count_held_and_2019_recordings_and_list_the_rest_apart():
    answer = customers(NET, "Vendor", "2019")
    assert names(answer, "country") == ["Kenya", "Uganda"]
    assert apart(answer) == {"Tanzania": "recorded 2022-06-06, not known to hold as of 2019",
                             "Rwanda": "undated (no held date, no dated source)"}
    assert [row["dates used"] for row in answer.rows] == [
        ["held 2018"], ["recorded 2019-09 (when it held not given)"]]
    assert "dates used" in answer.columns
    text = render_table(answer)
    assert "not counted, undated (no held date, no dated source): 1 country: Rwanda" in text
    assert ("not counted, recorded 2022-06-06, not known to hold as of 2019: 1 country: "
            "Tanzania") in text


@pytest.mark.parametrize("as_of, counted", [
    ("2019-06", ["Kenya"]),       # the 2019-09 edition is not out yet
    ("2023", ["Kenya"]),          # neither edition is known to hold in 2023
    ("2022", ["Kenya", "Tanzania"]),
    (None, ["Kenya", "Rwanda", "Tanzania", "Uganda"]),   # the present: as before
])
def test_customers_at_other_dates(as_of, counted):
    answer = customers(NET, "Vendor", as_of)
    assert names(answer, "country") == counted
    assert (answer.apart == []) == (as_of is None)


def test_json_rows_carry_the_dates_used_and_their_basis():
    document = json.loads(render_json(customers(NET, "Vendor", "2019")))
    assert [row["when"] for row in document["rows"]] == [
        [{"claim": "supply/held", "basis": "held", "year": "2018", "recorded": ["2019-03"]}],
        [{"claim": "supply/rec-2019", "basis": "recorded", "recorded": ["2019-09"]}]]
    assert {(a["subject"], a["claims"][0]["basis"]) for a in document["apart"]} == {
        ("Tanzania", "recorded"), ("Rwanda", "undated")}
    assert all(a["about"][0] == "org/v" for a in document["apart"])


# --- suppliers and memberships -----------------------------------------------------------------

def test_suppliers_in_2019_count_dated_and_2019_recorded_members_and_links():
    answer = suppliers(NET, "Bloc", as_of="2019")
    # Members then: Kenya (from 2015) and Uganda (recorded 2019-09); Tanzania had left;
    # Rwanda's membership is undated, so it is listed apart, not counted.
    assert "(2 countries)" in answer.title
    assert [(r["vendor"], r["country names"]) for r in answer.rows] == [
        ("Vendor", ["Kenya", "Uganda"])]
    assert apart(answer) == {"Rwanda": "undated (no held date, no dated source)"}
    assert answer.apart[0]["kind"] == "membership"


def test_suppliers_now_keep_undated_members_but_not_those_that_left():
    answer = suppliers(NET, "Bloc")
    assert answer.rows[0]["country names"] == ["Kenya", "Rwanda", "Uganda"]
    assert answer.apart == [] and "dates used" not in answer.columns


def test_supply_links_to_a_member_not_known_to_hold_then_are_listed_apart():
    answer = suppliers(NET, "Tanzania", as_of="2019")
    assert answer.rows == []
    assert apart(answer) == {"Vendor -> Tanzania":
                             "recorded 2022-06-06, not known to hold as of 2019"}


def test_restricted_suppliers_need_a_restriction_in_force_then():
    assert suppliers(NET, "Kenya", restricted=True, as_of="2023").rows[0]["restrictions"] == [
        "recorded"]
    answer = suppliers(NET, "Kenya", restricted=True, as_of="2019")
    assert answer.rows == []
    assert set(apart(answer)) == {"recorded", "undated"}


# --- restrictions ------------------------------------------------------------------------------

@pytest.mark.parametrize("as_of, rows, listed_apart", [
    ("2012", ["ended"], {"recorded", "undated"}),
    ("2016", [], {"recorded", "undated"}),
    ("2023", ["recorded"], {"undated"}),
    ("2024", [], {"recorded", "undated"}),
    (None, ["ended", "recorded", "undated"], set()),  # no date: every restriction, as before
])
def test_restrictions_at_a_date(as_of, rows, listed_apart):
    answer = restrictions(NET, "Vendor", as_of=as_of)
    assert sorted(names(answer, "restriction")) == rows
    assert set(apart(answer)) == listed_apart


def test_no_restriction_in_force_is_not_no_restriction_recorded():
    answer = restrictions(NET, "Vendor", as_of="2016")
    assert answer.title == "Vendor: no restriction known to be in force as of 2016"
    assert not any(n.startswith("not recorded") for n in answer.notes)


# --- on the shipped data, through the CLI --------------------------------------------------------
# The expected sets are computed here from the records (their own dates, their sources'
# dates) by the rule, written out plainly, and compared with what the commands answer.

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def shipped(shipped_build) -> Path:
    return shipped_build


def kg_json(build: Path, *args: str) -> dict:
    result = CliRunner().invoke(cli, ["--build-dir", str(build), *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def in_2019(net: Network, claim: str) -> bool | None:
    """True: held or recorded in 2019; False: its held dates exclude 2019; None: not known."""
    record = net.claims[claim]
    begun, end = record.get("start") or record.get("year"), record.get("end")
    if begun or end:
        return (not begun or begun[:4] <= "2019") and (not end or end[:4] >= "2019")
    dates = [net.sources[e["source"]].get("date") or "" for e in record["evidence"]]
    return True if any(d.startswith("2019") for d in dates) else None


def vendor_countries(net: Network, vendor: str) -> dict[str, set[str]]:
    """country -> the supply claims naming the vendor as seller there (directly or by deal)."""
    out: dict[str, set[str]] = {}
    for _, target, attrs in net.graph.out_edges(vendor, data=True):
        if attrs["verb"] not in ("supplies", "contractor for"):
            continue
        ends = [target] if net.kind(target) == "country" else [
            v for _, v, verb in net.graph.out_edges(target, data="verb") if verb == "in"]
        for country in ends:
            out.setdefault(country, set()).add(attrs["claim"])
    return out


def test_huawei_customers_in_2019_are_those_held_or_recorded_in_2019(shipped):
    net = load_network(shipped)
    claims = vendor_countries(net, "org/huawei")
    expected = {c for c, found in claims.items() if any(in_2019(net, x) for x in found)}
    document = kg_json(shipped, "ask", "which countries buy from Huawei in 2019")
    counted = {row["entity"]["id"] for row in document["rows"]}
    assert counted == expected
    # Countries only the 2020 and 2022 index editions name are listed apart, not counted.
    later = {c for c, found in claims.items()
             if {e["source"] for x in found for e in net.claims[x]["evidence"]}
             <= {"source/carnegie-aigs-2020", "source/carnegie-aigs-2022"}}
    assert later and not later & counted
    assert later <= {item["about"][1] for item in document["apart"]}
    assert len(counted) < len(claims)   # the question without a date counts more


def test_dahua_is_not_restricted_as_of_2015(shipped):
    net = load_network(shipped)
    document = kg_json(shipped, "ask", "is Dahua restricted as of 2015")
    assert document["rows"] == [] and "restricted," not in document["title"]
    # Every restriction on Dahua began later, or has no held date (not even through a same-as
    # link to a dated copy) and is listed apart, with why.
    listed = {r: when(net, r) for r, _, verb in net.graph.in_edges("org/dahua", data="verb")
              if verb == "lists"}
    assert listed
    assert {item["about"][0] for item in document.get("apart", [])} == {
        r for r, dated in listed.items() if dated.basis != "held"}
    assert all((dated.start or dated.year)[:4] > "2015"
               for dated in listed.values() if dated.basis == "held")
    assert "dates used" in document["columns"]


def test_suppliers_to_bri_as_of_2019_count_only_links_and_members_of_2019(shipped):
    net = load_network(shipped)
    members = {country for country, _, attrs in net.graph.in_edges("initiative/belt-and-road",
                                                                data=True)
               if attrs["kind"] == "membership" and in_2019(net, attrs["claim"])}
    expected: dict[str, set[str]] = {}
    for vendor in {u for u, _, verb in net.graph.edges(data="verb")
                   if verb in ("supplies", "contractor for")}:
        for country, found in vendor_countries(net, vendor).items():
            if country in members and any(in_2019(net, x) for x in found):
                expected.setdefault(vendor, set()).add(country)
    document = kg_json(shipped, "suppliers", "--to", "BRI", "--as-of", "2019")
    vendors = [row for row in document["rows"] if row["entity"]["kind"] != "export licence"]
    assert {row["entity"]["id"]: set(row["country ids"]) for row in vendors} == expected
    assert f"({len(members)} countries)" in document["title"]
    bases = {w["basis"] for row in document["rows"] for w in row["when"]}
    assert bases == {"held", "recorded"}
