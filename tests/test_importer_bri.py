"""The GFDC Belt and Road importer: merged vintages, the Italy correction, defects, failures.

Fixtures: tests/fixtures/bri/ (see its README). Integration tests read the upstream files in
../shared/datasets/bri-gfdc and are skipped when that folder is absent.
"""
from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from kg.records.dataset import load_dataset
from kg.errors import KGError
from kg.importers import IMPORTERS, bri
from importer_support import DATASETS, REPO_DATA, copy_data, fixtures, needs, records_of

FIXTURES = fixtures("bri")
UPSTREAM = DATASETS / "bri-gfdc"
needs_upstream = needs(UPSTREAM)
LIST_2023 = "bri_countries_gfdc_2023-12.csv"
LIST_2025 = "gfdc-bri-countries-2025-05.csv"


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return copy_data(FIXTURES / "data", tmp_path)


@pytest.fixture
def lists(tmp_path) -> Path:
    return Path(shutil.copytree(FIXTURES / "lists", tmp_path / "lists"))


def memberships(data_dir: Path) -> dict[str, dict]:
    records = records_of(data_dir / "imported" / "bri-gfdc.jsonl")
    return {r["member"]: r for r in records["memberships"]}


def make_workbook(path: Path, sheet: str = "BRI countries") -> Path:
    """Write the 2023 CSV fixture as the GFDC workbook lays it out (real spreadsheet dates)."""
    book = openpyxl.Workbook()
    book.active.title = "copyright"
    book.active.append(["Please cite as "])
    ws = book.create_sheet(sheet)
    ws.append(["Country", "Country Code", "Region", "IncomeGroup", "Likely date of joining",
               "Likely date of exit"])
    for row in csv.DictReader((FIXTURES / "lists" / LIST_2023).open(encoding="utf-8")):
        dates = [dt.datetime.fromisoformat(d) if d else None
                 for d in (row["likely_date_of_joining"], row["likely_date_of_exit"])]
        ws.append([row["country"], row["iso3"], row["region"], row["income_group"], *dates])
    book.save(path)
    return path


def test_every_country_but_china_is_a_member(lists, data_dir):
    report = bri.run(lists / LIST_2025, data_dir)
    found = memberships(data_dir)
    assert sorted(found) == ["AFG", "AUT", "COL", "ITA", "KEN", "LAO", "PAN", "TUR"]
    assert report.read == 17 and report.created == {"memberships": 8}
    assert report.rejected == []
    assert found["KEN"]["initiative"] == "belt-and-road"
    assert found["KEN"]["start"] == "2017-06-01" and "end" not in found["KEN"]
    # Dataset spellings resolve through kg/records/countries.py
    assert report.resolved["Lao PDR"] == "LAO" and report.resolved["Turkey"] == "TUR"
    assert report.resolved["Türkiye"] == "TUR"


def test_both_lists_are_cited_with_their_rows(lists, data_dir):
    bri.run(lists / LIST_2025, data_dir)
    kenya = memberships(data_dir)["KEN"]
    assert kenya["evidence"] == [
        {"source": "gfdc-2023-12-bri-countries", "row": "country=Kenya (KEN), row 6"},
        {"source": "gfdc-2025-05-bri-countries", "row": "name=Kenya (KEN), row 7"},
    ]


def test_italy_day_month_swap_is_corrected_with_a_note(lists, data_dir):
    bri.run(lists / LIST_2025, data_dir)
    italy = memberships(data_dir)["ITA"]
    assert (italy["start"], italy["end"]) == ("2019-03-01", "2023-12-06")
    assert "2023-06-12" in italy["note"] and "day/month swap" in italy["note"]
    assert len(italy["evidence"]) == 2


def test_italy_is_corrected_even_when_the_later_list_disagrees(lists, data_dir):
    # The correction belongs to the 2023 defect, not to the 2025 list agreeing with it.
    later = lists / LIST_2025
    later.write_text(later.read_text("utf-8").replace("2023-12-06", ""), "utf-8")
    bri.run(later, data_dir)
    italy = memberships(data_dir)["ITA"]
    assert "end" not in italy      # the later list wins, and the difference is noted
    assert "GFDC Dec 2023 2023-12-06, GFDC May 2025 none" in italy["note"]


def test_later_list_wins_and_the_difference_is_noted(lists, data_dir):
    bri.run(lists / LIST_2025, data_dir)
    found = memberships(data_dir)
    assert found["PAN"]["end"] == "2025-02-04"
    assert "GFDC Dec 2023 none, GFDC May 2025 2025-02-04" in found["PAN"]["note"]
    colombia = found["COL"]
    assert colombia["start"] == "2025-05-14"
    assert [e["source"] for e in colombia["evidence"]] == ["gfdc-2025-05-bri-countries"]
    assert "first listed in GFDC May 2025" in colombia["note"]


def test_a_country_without_dates_has_no_start(lists, data_dir):
    bri.run(lists / LIST_2025, data_dir)
    austria = memberships(data_dir)["AUT"]
    assert "start" not in austria and "end" not in austria
    assert austria["note"] == "GFDC gives no likely joining date."


def test_records_validate_against_the_contract(lists, data_dir):
    bri.run(lists / LIST_2025, data_dir)
    dataset = load_dataset(data_dir)
    assert len(dataset.records["memberships"]) == 8


def test_any_file_of_the_pair_or_their_folder_gives_the_same_bytes(lists, data_dir):
    outputs = []
    for given in (lists / LIST_2025, lists / LIST_2023, lists, lists / LIST_2025):
        bri.run(given, data_dir)
        outputs.append((data_dir / "imported" / "bri-gfdc.jsonl").read_bytes())
    assert len(set(outputs)) == 1


def test_the_workbook_is_read_and_preferred_to_its_csv(lists, data_dir):
    from_csv = bri.run(lists / LIST_2025, data_dir)
    csv_records = memberships(data_dir)
    make_workbook(lists / "23_12_BRI-countries-public.xlsx")
    report = bri.run(lists / LIST_2025, data_dir)
    assert "23_12_BRI-countries-public.xlsx" in report.source_file
    assert "xlsx" not in from_csv.source_file
    assert memberships(data_dir) == csv_records   # same rows, dates from spreadsheet cells


def test_a_workbook_without_the_sheet_is_an_error(lists, data_dir):
    (lists / LIST_2023).unlink()
    book = make_workbook(lists / "23_12_BRI-countries-public.xlsx", sheet="Sheet2")
    with pytest.raises(KGError, match="no sheet 'BRI countries'") as err:
        bri.run(lists / LIST_2025, data_dir)
    assert err.value.path == str(book)
    assert not (data_dir / "imported").exists()


def test_a_missing_companion_list_is_an_error(lists, data_dir):
    (lists / LIST_2023).unlink()
    with pytest.raises(KGError, match="GFDC Dec 2023 BRI list is not in"):
        bri.run(lists / LIST_2025, data_dir)


def test_an_unknown_file_is_an_error(tmp_path, data_dir):
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", "utf-8")
    with pytest.raises(KGError, match="not a GFDC BRI country list"):
        bri.run(other, data_dir)


@pytest.mark.parametrize("defect, replaces, message, line", [
    ("bri_2023_bad_date.csv", LIST_2023, "joining date '2017-13-01' is not a date", 3),
    ("bri_2023_missing_column.csv", LIST_2023, "missing column(s) 'likely_date_of_exit'", 1),
    ("bri_2025_unknown_country.csv", LIST_2025, "unknown country 'Atlantis'", 3),
    ("bri_2025_code_mismatch.csv", LIST_2025, "'Nigeria' is NGA, but the row's code is 'NER'", 4),
])
def test_a_malformed_list_is_one_error_and_writes_nothing(lists, data_dir, defect, replaces,
                                                           message, line):
    bri.run(lists / LIST_2025, data_dir)    # a good import, which the failed one must keep
    written = (data_dir / "imported" / "bri-gfdc.jsonl").read_bytes()
    target = lists / replaces
    shutil.copy(FIXTURES / defect, target)
    with pytest.raises(KGError) as err:
        bri.run(lists / LIST_2025, data_dir)
    assert message in err.value.message
    assert (err.value.path, err.value.line) == (str(target), line)
    assert (data_dir / "imported" / "bri-gfdc.jsonl").read_bytes() == written


def test_registered_as_bri():
    assert IMPORTERS["bri"] is bri.run


@needs_upstream
def test_upstream_lists_give_151_memberships(tmp_path):
    data_dir = copy_data(REPO_DATA, tmp_path)
    report = bri.run(UPSTREAM / LIST_2025, data_dir)
    assert "23_12_BRI-countries-public.xlsx" in report.source_file
    assert report.created == {"memberships": 151} and report.rejected == []
    found = memberships(data_dir)
    assert "CHN" not in found
    sources_2023 = [m for m in found.values()
                    if any(e["source"] == "gfdc-2023-12-bri-countries" for e in m["evidence"])]
    assert len(sources_2023) == 150          # GFDC Dec 2023: 150 members besides China
    assert found["ITA"]["end"] == "2023-12-06" and found["PAN"]["end"] == "2025-02-04"
    assert found["COL"]["start"] == "2025-05-14"
    assert {c for c, m in found.items() if "start" not in m} == {"AUT", "COG", "NER", "RUS"}
    # The committed records are what the import gives today.
    committed = REPO_DATA / "imported" / "bri-gfdc.jsonl"
    assert (data_dir / "imported" / "bri-gfdc.jsonl").read_bytes() == committed.read_bytes()


@needs_upstream
def test_upstream_workbook_and_csv_agree(tmp_path):
    csv_only = tmp_path / "csv"
    csv_only.mkdir()
    for name in (LIST_2023, LIST_2025):
        shutil.copy(UPSTREAM / name, csv_only / name)
    a, b = tmp_path / "a", tmp_path / "b"
    bri.run(UPSTREAM, a)
    bri.run(csv_only, b)
    assert memberships(a) == memberships(b)
