"""The V-Dem 2021 / Digital Repression Index importer (second sheet of the AIGS 2022 workbook).

Fixtures: tests/fixtures/aigs/ (see its README); the upstream test is skipped without
../shared/datasets.
"""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import openpyxl
import pytest

from kg.records.dataset import load_dataset
from kg.errors import KGError
from kg.importers import IMPORTERS, vdem
from importer_support import DATASETS, REPO_DATA, copy_data, fixtures, needs, records_of

FIXTURES = fixtures("aigs")
SMALL = FIXTURES / "digital_repression_vdem_small.csv"
AIGS = DATASETS / "carnegie-aigs"
REPO_CONFIG = REPO_DATA / "config"
SHEET = "Digital Repression Inde + V-Dem"


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return copy_data(FIXTURES / "data", tmp_path)


def imported(data_dir: Path) -> dict:
    return records_of(data_dir / "imported" / "vdem-2021.jsonl")


def rows_of(path: Path) -> list[list[str]]:
    return list(csv.reader(path.open(encoding="utf-8")))


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def make_workbook(path: Path, rows: list[list[str]]) -> Path:
    """Write the rows as the workbook's second sheet, numbers as numbers."""
    book = openpyxl.Workbook()
    book.active.title = "AIGS 2022"
    sheet = book.create_sheet(SHEET)
    for i, cells in enumerate(rows):
        sheet.append([c if i == 0 or not _number(c) else float(c) for c in cells])
    book.save(path)
    return path


def _number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def test_two_observations_per_country(data_dir):
    report = vdem.run(SMALL, data_dir)
    records = {r["id"]: r for r in imported(data_dir)["observations"]}
    assert sorted(records) == [
        "vdem-2021-bhr-digital-repression", "vdem-2021-bhr-regime-type",
        "vdem-2021-ken-digital-repression", "vdem-2021-ken-regime-type",
        "vdem-2021-tur-digital-repression", "vdem-2021-tur-regime-type"]
    assert records["vdem-2021-bhr-digital-repression"] == {
        "id": "vdem-2021-bhr-digital-repression", "subject": "BHR",
        "measure": "Digital Repression Index (Feldstein)", "value": "1.114753246307373",
        "period": "2021", "evidence": [{"source": "carnegie-aigs-2022",
                                        "locator": f"sheet '{SHEET}'", "row": "country=Bahrain"}]}
    assert records["vdem-2021-tur-regime-type"]["value"] == "EA"      # "Türkiye"
    assert report.read == 4 and report.created == {"observations": 6}
    load_dataset(data_dir)   # the records validate


def test_units_that_are_not_countries_are_reported(data_dir):
    report = vdem.run(SMALL, data_dir)
    assert report.rejected == [
        "line 5 (country=Zanzibar): skipped: part of Tanzania, which has its own row"]


def test_an_unlisted_unit_is_an_error(data_dir):
    (data_dir / "config" / "vdem-not-countries.yaml").unlink()
    with pytest.raises(KGError, match=r"_small.csv:5: unknown country 'Zanzibar'"):
        vdem.run(SMALL, data_dir)
    assert not (data_dir / "imported").exists()


def test_workbook_and_csv_give_the_same_records(data_dir, tmp_path):
    vdem.run(make_workbook(tmp_path / "book.xlsx", rows_of(SMALL)), data_dir)
    from_workbook = imported(data_dir)
    vdem.run(SMALL, data_dir)
    assert imported(data_dir) == from_workbook


def test_same_file_same_bytes(data_dir):
    vdem.run(SMALL, data_dir)
    first = (data_dir / "imported" / "vdem-2021.jsonl").read_bytes()
    vdem.run(SMALL, data_dir)
    assert (data_dir / "imported" / "vdem-2021.jsonl").read_bytes() == first


@pytest.mark.parametrize("column, value, message", [
    ("v2x_regime", "XX", "column 'v2x_regime': expected one of ['CA', 'EA', 'ED', 'LD'], "
                         "got 'XX'"),
    ("Digital Repression Index 2021", "n/a",
     "column 'Digital Repression Index 2021': expected a number, got 'n/a'"),
    ("Year", "21", "column 'Year': expected a year, got '21'"),
])
def test_bad_value_is_one_error_and_writes_nothing(data_dir, tmp_path, column, value, message):
    rows = rows_of(SMALL)
    rows[2][rows[0].index(column)] = value            # Kenya, line 3
    path = write_csv(tmp_path / "bad.csv", rows)
    with pytest.raises(KGError) as caught:
        vdem.run(path, data_dir)
    assert str(caught.value) == f"{path}:3: {message}"
    assert not (data_dir / "imported").exists()


def test_missing_column_and_wrong_sheet(data_dir, tmp_path):
    rows = [r[:5] + r[6:] for r in rows_of(SMALL)]     # drop v2x_regime
    path = write_csv(tmp_path / "bad.csv", rows)
    with pytest.raises(KGError, match=r"bad.csv:1: missing column\(s\) 'v2x_regime'"):
        vdem.run(path, data_dir)
    book = openpyxl.Workbook()
    book.active.title = "AIGS 2022"
    book.save(tmp_path / "one-sheet.xlsx")
    with pytest.raises(KGError, match=r"one-sheet.xlsx: no sheet 'Digital Repression Inde \+"):
        vdem.run(tmp_path / "one-sheet.xlsx", data_dir)
    assert not (data_dir / "imported").exists()


@needs(AIGS)
def test_upstream_sheet(data_dir):
    shutil.copy(REPO_CONFIG / "vdem-not-countries.yaml", data_dir / "config")
    report = IMPORTERS["vdem-2021"](AIGS / "AI Global Surveillance Index 09Mar2022.xlsx",
                                    data_dir)
    assert report.read == 179
    assert report.created == {"observations": 2 * 175}
    assert [r.split(" (")[1].split(")")[0] for r in report.rejected] == [
        "country=Palestine/Gaza", "country=Palestine/West Bank", "country=Somaliland",
        "country=Zanzibar"]
