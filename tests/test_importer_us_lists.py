"""The US restriction-list importers: NDAA 889, the FCC Covered List and DoD section 1260H.

Fixtures: tests/fixtures/us_lists/ (see its README). Integration tests read the upstream files
in ../shared/datasets/us-restrictions-opensanctions and are skipped when it is absent.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.records.dataset import load_dataset
from kg.errors import KGError
from kg.importers import IMPORTERS, us_lists
from importer_support import DATASETS, REPO_DATA, copy_data, fixtures, needs, records_of

FIXTURES = fixtures("us_lists")
UPSTREAM = DATASETS / "us-restrictions-opensanctions"
needs_upstream = needs(UPSTREAM)
EDITION_2025 = "us-dod-1260h-2025-01-07"


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return copy_data(FIXTURES / "data", tmp_path)


def restrictions(data_dir: Path, name: str) -> dict[str, dict]:
    records = records_of(data_dir / "imported" / f"{name}.jsonl")
    return {r["id"]: r for r in records["restrictions"]}


# --- NDAA section 889 ----------------------------------------------------------------------

def test_ndaa_889_cites_the_public_law(data_dir):
    report = us_lists.run_ndaa_889(FIXTURES / "ndaa_889_small.csv", data_dir)
    found = restrictions(data_dir, "us-ndaa-889")
    assert sorted(found) == ["us-ndaa-889-hikvision", "us-ndaa-889-huawei"]
    huawei = found["us-ndaa-889-huawei"]
    assert (huawei["authority"], huawei["target"], huawei["instrument"]) == (
        "us-congress", "huawei", "ndaa-889")
    assert huawei["start"] == "2019-08-13" and "2020-08-13" in huawei["note"]
    assert huawei["scope"].startswith("Telecommunications equipment produced by Huawei")
    assert huawei["evidence"] == [{"source": "us-pl-115-232-section-889",
                                   "summary": "names Huawei Technologies Company",
                                   "locator": "section 889(f)(3)(A)"}]
    assert found["us-ndaa-889-hikvision"]["evidence"][0]["locator"] == "section 889(f)(3)(B)"
    assert "public safety" in found["us-ndaa-889-hikvision"]["scope"]
    assert report.read == 3
    assert report.rejected == ["line 4: 'Acme Surveillance Company' is not in the alias table"]


# --- FCC Covered List ----------------------------------------------------------------------

def test_fcc_entries_name_their_company_and_date(data_dir):
    report = us_lists.run_fcc_covered_list(FIXTURES / "fcc_covered_list_small.csv", data_dir)
    found = restrictions(data_dir, "us-fcc-covered-list")
    assert sorted(found) == ["us-fcc-covered-list-hikvision-2021-03-12",
                             "us-fcc-covered-list-huawei-2021-03-12",
                             "us-fcc-covered-list-kaspersky-2022-03-25"]
    hikvision = found["us-fcc-covered-list-hikvision-2021-03-12"]
    assert hikvision["start"] == "2021-03-12"
    assert hikvision["scope"].startswith("Video surveillance and telecommunications equipment "
                                         "produced by Hangzhou Hikvision")
    assert hikvision["evidence"] == [{
        "source": "us-fcc-covered-list",
        "summary": "lists Hangzhou Hikvision Digital Technology Company, included 2021-03-12"}]
    assert report.resolved["AO Kaspersky Lab"] == "kaspersky"
    assert report.skipped == {"entry names no company (a class of foreign-produced equipment)": 1}
    assert report.rejected == ["line 5: 'Kaspersky Lab, Inc.' is not in the alias table"]


@pytest.mark.parametrize("text, company", [
    ("Telecommunications equipment produced by Huawei Technologies Company, including "
     "telecommunications", "Huawei Technologies Company"),
    ("International telecommunications services provided by China Mobile International USA Inc. "
     "subject to section 214", "China Mobile International USA Inc."),
    ("services provided by Pacific Networks Corp and its wholly-owned subsidiary ComNet",
     "Pacific Networks Corp"),
    ("services supplied, directly or indirectly, by AO Kaspersky Lab or any of its predecessors",
     "AO Kaspersky Lab"),
    ("software produced or provided by Kaspersky Lab, Inc. or any of its successors",
     "Kaspersky Lab, Inc."),
    ("services provided by Digitalsystem Technology Inc., subject to section 214",
     "Digitalsystem Technology Inc."),
    ("Routers ^ produced in a foreign country, except routers which have been granted a "
     "Conditional Approval by DoW or DHS.", None),
])
def test_the_company_an_fcc_entry_covers(text, company):
    found = us_lists.FCC_COMPANY.search(text)
    assert (found["name"] if found else None) == company


def test_fcc_updated_dates_are_kept_apart():
    start, updates = us_lists.fcc_date("December 22, 2025Updated:January 7, 2026", Path("f"), 2)
    assert (start, updates) == ("2025-12-22", ["2026-01-07"])


def test_fcc_bad_date_is_one_error_and_writes_nothing(data_dir):
    with pytest.raises(KGError, match="'March 32, 2021' is not a date") as err:
        us_lists.run_fcc_covered_list(FIXTURES / "fcc_bad_date.csv", data_dir)
    assert (err.value.path, err.value.line) == (str(FIXTURES / "fcc_bad_date.csv"), 2)
    assert not (data_dir / "imported").exists()


# --- DoD section 1260H ---------------------------------------------------------------------

def test_1260h_one_claim_per_vendor_and_listing_period(data_dir):
    report = us_lists.run_dod_1260h(FIXTURES / "dod_1260h_small.csv", data_dir)
    found = restrictions(data_dir, "us-dod-1260h")
    assert sorted(found) == [
        "us-dod-1260h-china-telecom-2021-06-03",
        "us-dod-1260h-china-telecom-2021-06-03-to-2025-01-07",
        "us-dod-1260h-hikvision-2021-06-03",
        "us-dod-1260h-hikvision-2025-01-07",
        "us-dod-1260h-huawei-2021-06-03",
        "us-dod-1260h-megvii-2024-01-31-to-2025-01-07",
    ]
    assert report.read == 9 and report.created == {"restrictions": 6}
    # The June 2026 edition is `kg import us-lists`'s (91 FR 35189): one listing, one claim.
    assert report.skipped == {
        "not a surveillance or telecom vendor in data/config/us-1260h-vendors.yaml": 1,
        us_lists.EDITIONS_ELSEWHERE["2026-06-08"]: 1}
    megvii = found["us-dod-1260h-megvii-2024-01-31-to-2025-01-07"]
    assert (megvii["start"], megvii["end"]) == ("2024-01-31", "2025-01-07")
    assert "Pub. L. 116-283" in megvii["legal_citation"]


def test_1260h_rows_cite_their_edition_or_the_list(data_dir):
    us_lists.run_dod_1260h(FIXTURES / "dod_1260h_small.csv", data_dir)
    found = restrictions(data_dir, "us-dod-1260h")
    assert found["us-dod-1260h-hikvision-2021-06-03"]["evidence"] == [{
        "source": "us-dod-1260h-list",
        "summary": "lists Hangzhou Hikvision Digital Technology Co., Ltd. (Hikvision)*: "
                   "listed 2021-06-03"}]
    assert found["us-dod-1260h-hikvision-2025-01-07"]["evidence"][0]["source"] == EDITION_2025


def test_1260h_group_entities_share_one_claim(data_dir):
    us_lists.run_dod_1260h(FIXTURES / "dod_1260h_small.csv", data_dir)
    huawei = restrictions(data_dir, "us-dod-1260h")["us-dod-1260h-huawei-2021-06-03"]
    assert len(huawei["evidence"]) == 2
    assert "Huawei Investment & Holding Co., Ltd.; Huawei Technologies Co., Ltd. (parent: " \
           "Huawei Investment & Holding Co., Ltd.)." in huawei["scope"]


@pytest.mark.parametrize("defect, message, line", [
    ("dod_1260h_bad_date.csv", "start date '2021-06-31' is not a date", 2),
    ("dod_1260h_backwards.csv", "listing ends (2024-01-31) before it starts (2025-01-07)", 2),
    ("dod_1260h_missing_column.csv", "missing column(s) 'End date', 'Source Url'", 1),
    ("dod_1260h_unknown_edition.csv", "no source record has the edition URL", 2),
])
def test_1260h_malformed_file_is_one_error_and_writes_nothing(data_dir, defect, message, line):
    with pytest.raises(KGError) as err:
        us_lists.run_dod_1260h(FIXTURES / defect, data_dir)
    assert message in err.value.message
    assert (err.value.path, err.value.line) == (str(FIXTURES / defect), line)
    assert not (data_dir / "imported").exists()


def test_1260h_vendor_table_must_name_known_organisations(data_dir):
    config = data_dir / "config" / "us-1260h-vendors.yaml"
    config.write_text(config.read_text("utf-8").replace("org: megvii", "org: megvi"), "utf-8")
    with pytest.raises(KGError, match="unknown organisation 'megvi'") as err:
        us_lists.run_dod_1260h(FIXTURES / "dod_1260h_small.csv", data_dir)
    assert (err.value.path, err.value.line) == (str(config), 4)


# --- all three -----------------------------------------------------------------------------

ALL = [("us-ndaa-889", "ndaa_889_small.csv"), ("us-fcc-covered-list", "fcc_covered_list_small.csv"),
       ("us-dod-1260h", "dod_1260h_small.csv")]


def test_records_validate_and_repeat_byte_for_byte(data_dir):
    first = {}
    for name, fixture in ALL:
        IMPORTERS[name](FIXTURES / fixture, data_dir)
        first[name] = (data_dir / "imported" / f"{name}.jsonl").read_bytes()
    dataset = load_dataset(data_dir)
    assert len(dataset.records["restrictions"]) == 2 + 3 + 6
    assert all(r.start for r in dataset.records["restrictions"])   # every claim is dated
    for name, fixture in ALL:
        IMPORTERS[name](FIXTURES / fixture, data_dir)
        assert (data_dir / "imported" / f"{name}.jsonl").read_bytes() == first[name]


def test_a_missing_file_is_an_error(data_dir, tmp_path):
    with pytest.raises(KGError, match="no such file"):
        us_lists.run_ndaa_889(tmp_path / "absent.csv", data_dir)


@needs_upstream
@pytest.mark.parametrize("name, upstream, created, skipped", [
    ("us-ndaa-889", "ndaa_section_889.csv", 5, 0),
    ("us-fcc-covered-list", "fcc_covered_list_table.csv", 12, 4),
    ("us-dod-1260h", "dod_section_1260h_chinese_military_companies.csv", 29, 358),
])
def test_upstream_lists(tmp_path, name, upstream, created, skipped):
    data_dir = copy_data(REPO_DATA, tmp_path)
    report = IMPORTERS[name](UPSTREAM / upstream, data_dir)
    assert report.created == {"restrictions": created}
    assert sum(report.skipped.values()) == skipped and report.rejected == []
    committed = REPO_DATA / "imported" / f"{name}.jsonl"
    assert (data_dir / "imported" / f"{name}.jsonl").read_bytes() == committed.read_bytes()


@needs_upstream
def test_upstream_1260h_periods(tmp_path):
    data_dir = copy_data(REPO_DATA, tmp_path)
    us_lists.run_dod_1260h(UPSTREAM / "dod_section_1260h_chinese_military_companies.csv", data_dir)
    found = restrictions(data_dir, "us-dod-1260h")
    first = {}
    for record in found.values():
        first[record["target"]] = min(first.get(record["target"], "9999"), record["start"])
    # SOURCE.md's surveillance-relevant rows, first listing dates
    assert first["hikvision"] == "2021-06-03" and first["huawei"] == "2021-06-03"
    assert first["dahua"] == first["cloudwalk"] == "2022-10-05"
    assert first["yitu"] == first["netposa"] == first["megvii"] == "2024-01-31"
    assert first["sensetime"] == "2025-01-07"
    assert found["us-dod-1260h-megvii-2024-01-31-to-2025-01-07"]["end"] == "2025-01-07"
