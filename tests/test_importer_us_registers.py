"""`kg import us-lists DIR`: the five US lists of nsfreg's data folder, and what they let the
graph say ("not listed on the MEU list as of 2026-07-09").

Fixtures: tests/fixtures/us_registers/ (see its README). The integration tests read
../shared/datasets/us-restrictions-nsfreg and are skipped when it is absent; the answers on the
shipped data use the session build of data/.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from importer_support import DATASETS, REPO_DATA, copy_data, fixtures, needs, records_of
from kg.analysis.network import load_network
from kg.analysis.restrictions import restrictions
from kg.errors import KGError
from kg.importers import run_import
from kg.importers.fr_citations import CitationError, parse
from kg.importers.us_registers import run_us_lists
from kg.records.dataset import load_dataset
from kg.records.same_names import duplicate_organizations

FIXTURES = fixtures("us_registers")
UPSTREAM = DATASETS / "us-restrictions-nsfreg"
needs_upstream = needs(UPSTREAM)


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return copy_data(FIXTURES / "data", tmp_path)


@pytest.fixture
def imported(data_dir) -> tuple:
    report = run_us_lists(FIXTURES / "nsfreg", data_dir)
    records = records_of(data_dir / "imported" / "us-lists.jsonl")
    return (report, {r["id"]: r for r in records["organizations"]},
            {r["id"]: r for r in records["restrictions"]})


# --- Federal Register citations ------------------------------------------------------------

@pytest.mark.parametrize("history, dates", [
    ("84 FR 54004, 10/9/19.", ["2019-10-09"]),
    ("84 FR 54004, 10/9/19.\n85 FR 34505, 6/5/20.", ["2019-10-09", "2020-06-05"]),
    ("64 FR 28909,\n5/28/99.\n75 FR 78883,\n12/17/10.", ["1999-05-28", "2010-12-17"]),
    ("85 FR 83799, 12/23/2020 ", ["2020-12-23"]),
    ("78 FR 75463 12/12/13.", ["2013-12-12"]),
    ("81 FR 61601 preview citation details, 9/7/16", ["2016-09-07"]),
    ("77 FR 61249, 10/9/12, 78 FR 75463, 12/12/13", ["2012-10-09", "2013-12-12"]),
    ("77 FR 23116\n4/18/12", ["2012-04-18"]),
    ("73 FR 54508", [None]),
])
def test_citation_variants_read_with_their_dates(history, dates):
    assert [c.date for c in parse(history)] == dates


def test_a_year_that_disagrees_with_its_volume_is_not_read():
    first, amendment = parse("83 FR 44824, 9/4/18.\n83 FR 61541, 11/13/19")
    assert (first.date, first.reference) == ("2018-09-04", "83 FR 44824")
    assert amendment.date is None and "does not match volume 83 (2018)" in amendment.problem
    assert amendment.text == "83 FR 61541, 11/13/19"   # kept as written, not corrected


@pytest.mark.parametrize("history", ["", "see 84 FR 54004", "84 FR 54004, 10/9/19; revised"])
def test_other_text_is_an_error(history):
    with pytest.raises(CitationError):
        parse(history)


# --- the import ----------------------------------------------------------------------------

def test_report_counts_and_names_each_defect(imported):
    report, organizations, found = imported
    assert report.read == 15 + 1 + 3 + 1 + 2
    assert report.created == {"organizations": len(organizations),
                               "restrictions": len(found)}
    assert report.resolved["NtechLab LLC"] == "ntechlab"        # legal form ignored
    assert report.resolved["Cytrox Holdings Zrt"] == "cytrox"   # reviewed table
    assert report.skipped["FCC category entry: a class of foreign-produced equipment, "
                          "no company"] == 1
    assert any("Crimea Region of Ukraine" in reason for reason in report.skipped)
    assert report.rejected == [
        "bis_entity_list.json entry 9: Antcorp System (Malaysia): the first citation "
        "'73 FR 54508' gives no date; the restriction is left undated",
        "bis_entity_list.json entry 10: Techlink Communications (Pakistan): amendment the year "
        "of '83 FR 61541, 11/13/19' does not match volume 83 (2018)"]


def test_an_entity_list_entry_is_dated_by_the_rule_that_added_it(imported):
    _, organizations, found = imported
    uniview = organizations["zhejiang-uniview-technologies-co-ltd"]
    assert (uniview["label"], uniview["aliases"], uniview["country"]) == (
        "Zhejiang Uniview Technologies Co., Ltd.", ["Uniview"], "CHN")
    assert uniview["evidence"] == [{"source": "us-bis-entity-list",
                                    "row": "entry 1: Zhejiang Uniview Technologies Co., Ltd. "
                                           "(China)"}]
    claim = found["bis-entity-list-zhejiang-uniview-technologies-co-ltd-2024-12-11"]
    assert (claim["authority"], claim["instrument"], claim["start"], claim["legal_citation"]) \
        == ("us-bis", "entity-list", "2024-12-11", "89 FR 99703")
    hikvision = found["bis-entity-list-hikvision-2019-10-09"]
    assert [e.get("locator") for e in hikvision["evidence"]] == [
        "added by 84 FR 54004", "amended by 85 FR 34505, 6/5/20", "amended by 85 FR 44161, 7/22/20"]
    assert found["bis-entity-list-northwest-institute-of-nuclear-technology-in-the-science-"
                 "research-nintf-1999-05-28"]["legal_citation"] == "64 FR 28909"


def test_entries_of_one_organisation_and_rule_are_one_claim(imported):
    _, organizations, found = imported
    cytrox = found["bis-entity-list-cytrox-2023-07-19"]
    assert [e["row"] for e in cytrox["evidence"]] == [
        "entry 4: Cytrox AD (North Macedonia)", "entry 5: Cytrox Holdings Zrt (Hungary)"]
    ghoura = organizations["abdul-satar-ghoura"]
    assert "country" not in ghoura and "Afghanistan, Pakistan" in ghoura["note"]
    assert len(found["bis-entity-list-abdul-satar-ghoura-2011-11-21"]["evidence"]) == 2
    huawei = found["ofac-ns-cmic-huawei-2021-06-03"]   # listing date from the notes
    assert len(huawei["evidence"]) == 2 and "Huawei Investment & Holding" in huawei["scope"]


def test_undated_and_unreadable_are_said_not_guessed(imported):
    _, _, found = imported
    antcorp = found["bis-entity-list-antcorp-system-fr-73-54508"]
    assert "start" not in antcorp and "gives no date" in antcorp["note"]
    techlink = found["bis-entity-list-techlink-communications-2018-09-04"]
    assert techlink["evidence"][-1]["locator"] == "amended by 83 FR 61541, 11/13/19"


def test_names_are_composed_and_unknown_countries_left_out(imported):
    _, organizations, _ = imported
    labels = {o["label"] for o in organizations.values()}
    assert "Huawei Technologies Coöperatief U.A." in labels        # NFC, one code point
    crimea = next(o for o in organizations.values() if "Yaltinskaya" in o["label"])
    assert "country" not in crimea
    # An academy may be a state body or not: the name does not say, so the kind is not stated.
    assert organizations["academy-of-aerospace-solid-propulsion-technology-aaspt"]["kind"] \
        == "listed-party"


def test_records_validate_have_no_duplicate_and_repeat_byte_for_byte(data_dir, imported):
    dataset = load_dataset(data_dir)
    assert duplicate_organizations(dataset, data_dir) == []
    first = (data_dir / "imported" / "us-lists.jsonl").read_bytes()
    run_us_lists(FIXTURES / "nsfreg", data_dir)   # resolves against data/, not its own output
    assert (data_dir / "imported" / "us-lists.jsonl").read_bytes() == first


def test_a_file_that_is_not_the_list_is_one_error_and_writes_nothing(data_dir, tmp_path):
    folder = Path(shutil.copytree(FIXTURES / "nsfreg", tmp_path / "nsfreg"))
    meu = json.loads((folder / "bis_meu.json").read_text("utf-8"))
    meu["count"] = 71
    (folder / "bis_meu.json").write_text(json.dumps(meu), "utf-8")
    with pytest.raises(KGError, match="count 71 but 1 entities"):
        run_import("us-lists", folder, data_dir)
    assert not (data_dir / "imported").exists()
    with pytest.raises(KGError, match="no such folder"):
        run_import("us-lists", tmp_path / "absent", data_dir)


def test_a_resolution_to_an_unknown_organisation_is_an_error(data_dir):
    table = data_dir / "config" / "entity-list-resolutions.yaml"
    table.write_text(table.read_text("utf-8").replace("org: yitu", "org: yito"), "utf-8")
    with pytest.raises(KGError, match="unknown organisation 'yito'"):
        run_us_lists(FIXTURES / "nsfreg", data_dir)


# --- the organisation check ----------------------------------------------------------------

def test_two_ids_with_one_legal_name_are_reported_unless_excepted(data_dir):
    (data_dir / "more.yaml").write_text(
        "organizations:\n  - {id: hikvision-2, label: 'HANGZHOU HIKVISION DIGITAL TECHNOLOGY "
        "CO LTD', kind: company}\n", "utf-8")
    problems = duplicate_organizations(load_dataset(data_dir), data_dir)
    assert len(problems) == 1 and "'hikvision-2' and 'hikvision'" in problems[0].message
    (data_dir / "config" / "organization-exceptions.yaml").write_text(
        "exceptions:\n  - {ids: [hikvision, hikvision-2], why: test}\n", "utf-8")
    assert duplicate_organizations(load_dataset(data_dir), data_dir) == []


# --- the shipped data ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def net(shipped_build):
    return load_network(shipped_build)


@pytest.mark.parametrize("name, start, citation", [
    ("Uniview", "2024-12-11", "89 FR 99703"),
    ("NtechLab", "2024-12-11", "89 FR 99703"),
    ("NSO Group", "2021-11-04", "86 FR 60760"),
    ("Candiru", "2021-11-04", "86 FR 60760"),
    ("Intellexa", "2023-07-19", "88 FR 46072"),
    ("Cytrox", "2023-07-19", "88 FR 46072"),
    ("Positive Technologies", "2021-11-04", "86 FR 60760"),
    ("Huawei Technologies Co\u00f6peratief U.A.", "2019-05-21", "84 FR 22963"),
    ("Huawei Cloud Argentina", "2020-08-20", "85 FR 51603"),
])
def test_shipped_vendors_are_on_the_entity_list_with_their_rule(net, name, start, citation):
    answer = restrictions(net, name, "the Entity List")
    row = next(r for r in answer.rows if any(c.startswith("restriction/bis-entity-list-")
                                             for c in r["claims"]))
    assert (row["dates"], row["legal citation"].split("; ")[-1]) == (f"from {start}", citation)


def test_not_on_a_complete_list_is_said_with_its_date(net):
    answer = restrictions(net, "Hikvision", "the MEU list")
    assert answer.rows == []
    assert answer.title == ("Hikvision: not listed on the BIS Military End-User List as of "
                            "2026-07-09 (complete list, 70 named entries)")
    sanctioned = restrictions(net, "Hikvision")
    assert "not listed on the BIS Military End-User List as of 2026-07-09 (complete list, 70 " \
           "named entries)" in sanctioned.notes


def test_a_list_held_in_part_never_says_not_listed(net):
    answer = restrictions(net, "Hikvision", "the SDN list")
    assert answer.title == "Hikvision: no restriction on the OFAC SDN list recorded"
    assert not any("not listed" in n for n in answer.notes)


def test_a_curated_listing_missing_from_the_complete_list_stays_visible(net):
    answer = restrictions(net, "Ministry of Public Security's Institute of Forensic Science")
    assert answer.rows   # the curated 2020 listing
    assert any("has no entry the graph resolves to it" in n for n in answer.notes)


@needs_upstream
def test_the_real_folder(tmp_path):
    data_dir = copy_data(REPO_DATA, tmp_path)
    report = run_us_lists(UPSTREAM, data_dir)
    assert report.read == 3409 + 70 + 68 + 80 + 15
    assert report.created["restrictions"] >= 3400
    # The committed records are what the import gives.
    committed = REPO_DATA / "imported" / "us-lists.jsonl"
    assert (data_dir / "imported" / "us-lists.jsonl").read_bytes() == committed.read_bytes()
    found = records_of(committed)["restrictions"]
    oct_2019 = {r["target"] for r in found if r.get("legal_citation") == "84 FR 54004"}
    assert len(oct_2019) == 28
    assert {"dahua", "hikvision", "iflytek", "megvii", "sensetime", "xiamen-meiya-pico",
            "yitu"} <= oct_2019
    first = {(r["target"], r["instrument"]): (r.get("legal_citation"), r.get("start"))
             for r in found if r["id"].startswith("bis-entity-list-")}
    assert first["cloudwalk", "entity-list"] == ("85 FR 34505", "2020-06-05")
    assert first["huawei", "entity-list"] == ("84 FR 22963", "2019-05-21")
    assert first["nso-group", "entity-list"] == first["candiru", "entity-list"] == (
        "86 FR 60760", "2021-11-04")
    assert first["intellexa", "entity-list"] == first["cytrox", "entity-list"] == (
        "88 FR 46072", "2023-07-19")
    assert first["ntechlab", "entity-list"] == ("89 FR 99703", "2024-12-11")
