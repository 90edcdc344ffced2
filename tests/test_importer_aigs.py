"""The Carnegie AIGS importers (2019, 2020, 2022): records, vendor identity, defects, failures.

Fixtures: tests/fixtures/aigs/ (see its README). Integration tests read the upstream files in
../shared/datasets/carnegie-aigs and are skipped when that folder is absent.
"""
from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from kg.records.assertions import evaluate, load_assertions
from kg.records.dataset import load_dataset
from kg.errors import KGError
from kg.importers import IMPORTERS, aigs2019, aigs2020, aigs2022
from importer_support import DATASETS, REPO_DATA, copy_data, fixtures, needs, records_of

FIXTURES = fixtures("aigs")
AIGS = DATASETS / "carnegie-aigs"
WORKBOOK = AIGS / "AI Global Surveillance Index 09Mar2022.xlsx"
V2020 = AIGS / "AI & Big Data Global Surveillance Index (v1, 2020).csv"
needs_upstream = needs(AIGS)


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """A fresh copy of the fixture data folder (imports write into it)."""
    return copy_data(FIXTURES / "data", tmp_path)


def imported(data_dir: Path, dataset: str) -> dict:
    return records_of(data_dir / "imported" / f"{dataset}.jsonl")


def by_id(records: dict, kind: str) -> dict[str, dict]:
    return {r["id"]: r for r in records.get(kind, [])}


def make_workbook(path: Path, corrupt: bool = True, sheet: str = "AIGS 2022") -> Path:
    """Write aigs_2022_small.csv as the published workbook lays it out, defects included."""
    rows = list(csv.reader((FIXTURES / "aigs_2022_small.csv").open(encoding="utf-8")))
    first = rows[0].index("Company 1")
    header = rows[0][:first + 5]        # the workbook's header names Company 1..5 only
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(header)
    for cells in rows[1:]:
        values: list = [c or None for c in cells[:first]]
        values = [int(v) if v == "1" else v for v in values]   # China/US Tech are numbers
        vendors = [c for c in cells[first:] if c]
        if cells[0] == "India":          # vendor cells beyond the header, with gaps
            values += [vendors[0], None, None, None, None, vendors[1], None, vendors[2]]
        else:
            values += vendors
        if corrupt and cells[0] == "United States of America":
            values[0] = "UnitElectoral Democracy States of AmeriClosed Autocracy"
        if corrupt and cells[0] == "South Korea":
            values[17] = "South KorElectoral Autocracy, SwElectoral Democracyen, Russia"
        ws.append(values)
    book.create_sheet("Digital Repression Inde + V-Dem").append(["Country"])
    book.save(path)
    return path


# ---- 2019 -------------------------------------------------------------------------------

def test_2019_records_per_country(data_dir):
    report = aigs2019.run(FIXTURES / "aigs_2019_small.csv", data_dir)
    records = imported(data_dir, "aigs-2019")
    uses = by_id(records, "technology_uses")
    assert sorted(i for i in uses if i.startswith("aigs-2019-ken-")) == [
        "aigs-2019-ken-uses-facial-recognition", "aigs-2019-ken-uses-safe-city",
        "aigs-2019-ken-uses-smart-policing"]
    assert uses["aigs-2019-ken-uses-safe-city"] == {
        "id": "aigs-2019-ken-uses-safe-city", "country": "KEN", "technology": "safe-city",
        "period": "2019", "evidence": [{"source": "carnegie-aigs-2019", "row": "country=Kenya"}]}
    observations = by_id(records, "observations")
    assert observations["aigs-2019-ken-bri"]["value"] == "yes"
    assert observations["aigs-2019-esp-bri"]["value"] == "no"
    assert observations["aigs-2019-chn-regime-type"]["value"] == "CA"
    assert observations["aigs-2019-mmr-china-tech"]["subject"] == "MMR"   # Burma/Myanmar
    assert observations["aigs-2019-ken-region"] == {
        "id": "aigs-2019-ken-region", "subject": "KEN", "measure": "AIGS: region", "value": "AF",
        "period": "2019", "evidence": [{"source": "carnegie-aigs-2019", "row": "country=Kenya"}]}
    assert {o["subject"]: o["value"] for o in observations.values()
            if o["measure"] == "AIGS: region"} == {
        "MMR": "EAP", "CHN": "EAP", "KEN": "AF", "ESP": "EUR", "LAO": "EAP"}
    assert report.read == 5
    assert report.created == {"observations": 30, "supplies": 8, "technology_uses": 13}


def test_2019_vendor_typos_resolve_to_one_organisation(data_dir):
    report = aigs2019.run(FIXTURES / "aigs_2019_small.csv", data_dir)
    supplies = by_id(imported(data_dir, "aigs-2019"), "supplies")
    spain = sorted(s["suppliers"][0] for i, s in supplies.items() if s["country"] == "ESP")
    assert spain == ["hikvision", "ibm", "infinova"]     # Hikvsion, IBMN; Infinova once
    assert report.resolved["Hikvsion"] == "hikvision" and report.resolved["IBMN"] == "ibm"
    assert supplies["aigs-2019-esp-supply-ibm"] == {
        "id": "aigs-2019-esp-supply-ibm", "suppliers": ["ibm"], "country": "ESP",
        "strength": "index-listing", "evidence": [{"source": "carnegie-aigs-2019", "row": "country=Spain"}]}


def test_supplies_never_say_which_technology(data_dir):
    aigs2019.run(FIXTURES / "aigs_2019_small.csv", data_dir)
    for record in imported(data_dir, "aigs-2019")["supplies"]:
        assert set(record) == {"id", "suppliers", "country", "strength", "evidence"}
        assert record["strength"] == "index-listing"


def test_mult_and_unknown_vendors_are_reported_not_created(data_dir):
    report = aigs2019.run(FIXTURES / "aigs_2019_small.csv", data_dir)
    assert report.rejected == [
        "line 3 (country=China): skipped 'Mult', not an organisation "
        "(data/config/aigs-not-organizations.yaml)",
        "line 3 (country=China): unknown vendor 'Acme Vision': add it as an alias or "
        "organisation under data/organizations/, or to data/config/aigs-not-organizations.yaml",
    ]
    china = [s for s in imported(data_dir, "aigs-2019")["supplies"] if s["country"] == "CHN"]
    assert [s["suppliers"] for s in china] == [["ibm"]]


def test_unknown_vendor_becomes_an_organisation_only_when_added(data_dir):
    (data_dir / "organizations" / "more.yaml").write_text(
        "organizations:\n  - id: acme-vision\n    label: Acme Vision\n    kind: company\n")
    report = aigs2019.run(FIXTURES / "aigs_2019_small.csv", data_dir)
    assert not any("Acme" in r for r in report.rejected)
    assert "aigs-2019-chn-supply-acme-vision" in by_id(imported(data_dir, "aigs-2019"), "supplies")


def test_imported_records_validate(data_dir):
    aigs2019.run(FIXTURES / "aigs_2019_small.csv", data_dir)
    aigs2022.run(FIXTURES / "aigs_2022_small.csv", data_dir)
    dataset = load_dataset(data_dir)
    assert len(dataset.records["supplies"]) == 8 + 8


def test_same_file_same_bytes(data_dir):
    aigs2019.run(FIXTURES / "aigs_2019_small.csv", data_dir)
    first = (data_dir / "imported" / "aigs-2019.jsonl").read_bytes()
    report = aigs2019.run(FIXTURES / "aigs_2019_small.csv", data_dir)
    assert (data_dir / "imported" / "aigs-2019.jsonl").read_bytes() == first
    assert report.output == str(data_dir / "imported" / "aigs-2019.jsonl")


@pytest.mark.parametrize("name, line, message", [
    ("aigs_2019_unknown_country.csv", 6, "unknown country 'Atlantis'"),
    ("aigs_2019_missing_column.csv", 1, "missing column(s) 'facial_recognition'"),
    ("aigs_2019_bad_value.csv", 4, "column 'smart_policing': expected a mark or an empty "
                                   "cell, got 'maybe'"),
])
def test_malformed_2019_file_is_one_error_and_writes_nothing(data_dir, name, line, message):
    with pytest.raises(KGError) as caught:
        aigs2019.run(FIXTURES / name, data_dir)
    assert str(caught.value).startswith(f"{FIXTURES / name}:{line}: {message}")
    assert not (data_dir / "imported").exists()


@pytest.mark.parametrize("importer, name, separator, line, column", [
    (aigs2019, "aigs_2019_small.csv", ",", 4, "region"),
    (aigs2020, "aigs_2020_small.csv", ";", 5, "Region"),
    (aigs2022, "aigs_2022_small.csv", ",", 3, "Region"),
])
def test_unknown_region_code_is_one_error_and_writes_nothing(data_dir, tmp_path, importer, name,
                                                             separator, line, column):
    lines = (FIXTURES / name).read_text("utf-8").splitlines(keepends=True)
    cells = lines[line - 1].split(separator)
    cells[1] = "Africa"                          # a word, not one of the index's codes
    lines[line - 1] = separator.join(cells)
    path = tmp_path / name
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(KGError) as caught:
        importer.run(path, data_dir)
    assert str(caught.value) == (
        f"{path}:{line}: column {column!r}: expected one of ['AF', 'EAP', 'EUR', 'MENA', "
        "'SCA', 'WHA'], got 'Africa'")
    assert not (data_dir / "imported").exists()


def test_failed_import_keeps_the_previous_records(data_dir):
    aigs2019.run(FIXTURES / "aigs_2019_small.csv", data_dir)
    before = (data_dir / "imported" / "aigs-2019.jsonl").read_bytes()
    with pytest.raises(KGError):
        aigs2019.run(FIXTURES / "aigs_2019_bad_value.csv", data_dir)
    assert (data_dir / "imported" / "aigs-2019.jsonl").read_bytes() == before


def test_undeclared_source_is_an_error(data_dir):
    (data_dir / "sources" / "aigs.yaml").unlink()
    with pytest.raises(KGError, match="source 'carnegie-aigs-2019' is not declared"):
        aigs2019.run(FIXTURES / "aigs_2019_small.csv", data_dir)


# ---- 2022 -------------------------------------------------------------------------------

def test_2022_workbook_defects_are_repaired(data_dir, tmp_path):
    report = aigs2022.run(make_workbook(tmp_path / "aigs.xlsx"), data_dir)
    records = imported(data_dir, "aigs-2022")
    observations = by_id(records, "observations")
    assert observations["aigs-2022-kor-other-countries"]["value"] == "South Korea, Sweden, Russia"
    usa = observations["aigs-2022-usa-us-tech"]
    assert usa["value"] == "yes"
    assert usa["evidence"] == [{"source": "carnegie-aigs-2022",
                                "row": "country=United States of America"}]
    supplies = by_id(records, "supplies")
    india = sorted(s["suppliers"][0] for s in supplies.values() if s["country"] == "IND")
    assert india == ["hikvision", "huawei", "nec"]      # cells beyond the header, with gaps
    assert report.resolved["iOmnicient"] == "iomniscient"
    assert report.resolved["Hikvsion"] == "hikvision"
    assert "line 2 (country=Bahrain): unknown vendor 'Pelco'" in report.rejected[0]
    assert "aigs-2022-usa-uses-social-media-surveillance" in by_id(records, "technology_uses")
    assert {o["subject"]: o["value"] for o in observations.values()
            if o["measure"] == "AIGS: region"} == {
        "BHR": "MENA", "CHN": "EAP", "IND": "SCA", "KOR": "EAP", "USA": "WHA"}
    assert observations["aigs-2022-usa-region"]["period"] == "2022"


def test_2022_workbook_and_csv_give_the_same_records(data_dir, tmp_path):
    aigs2022.run(make_workbook(tmp_path / "aigs.xlsx"), data_dir)
    from_workbook = imported(data_dir, "aigs-2022")
    aigs2022.run(FIXTURES / "aigs_2022_small.csv", data_dir)
    assert imported(data_dir, "aigs-2022") == from_workbook


def test_2022_wrong_sheet_is_an_error(data_dir, tmp_path):
    path = make_workbook(tmp_path / "aigs.xlsx", sheet="Sheet1")
    with pytest.raises(KGError) as caught:
        aigs2022.run(path, data_dir)
    assert str(caught.value) == (f"{path}: no sheet 'AIGS 2022' (the workbook has 'Sheet1', "
                                 "'Digital Repression Inde + V-Dem')")
    assert not (data_dir / "imported").exists()


def test_2022_unknown_corruption_is_an_error(data_dir, tmp_path):
    path = make_workbook(tmp_path / "aigs.xlsx", corrupt=False)
    book = openpyxl.load_workbook(path)
    book["AIGS 2022"]["R3"] = "IsrLiberal Democracyl"
    book.save(path)
    with pytest.raises(KGError, match=r"aigs.xlsx:3: sheet 'AIGS 2022': cell 'IsrLiberal "
                                      r"Democracyl' looks corrupted"):
        aigs2022.run(path, data_dir)


def test_not_a_workbook_is_an_error(data_dir, tmp_path):
    path = tmp_path / "aigs.xlsx"
    path.write_text("Country,Region\n")
    with pytest.raises(KGError, match="not an Excel workbook"):
        aigs2022.run(path, data_dir)


def test_registry_names_the_importers():
    assert IMPORTERS["aigs-2019"] is aigs2019.run and IMPORTERS["aigs-2022"] is aigs2022.run
    assert IMPORTERS["aigs-2020"] is aigs2020.run


# ---- 2020 (v1: ";"-separated, decimal commas) -----------------------------------------------

def test_2020_records_per_country(data_dir):
    report = aigs2020.run(FIXTURES / "aigs_2020_small.csv", data_dir)
    records = imported(data_dir, "aigs-2020")
    uses = by_id(records, "technology_uses")
    assert sorted(u["technology"] for u in uses.values() if u["country"] == "KEN") == [
        "safe-city", "smart-policing"]
    assert uses["aigs-2020-lao-uses-safe-city"]["evidence"] == [
        {"source": "carnegie-aigs-2020", "row": "country=Lao PDR"}]
    observations = by_id(records, "observations")
    assert observations["aigs-2020-ken-bri"]["value"] == "yes"          # a "1" mark
    assert observations["aigs-2020-ind-bri"]["value"] == "no"
    assert observations["aigs-2020-bhr-us-tech"]["value"] == "yes"
    assert observations["aigs-2020-chn-other-countries"]["value"] == "Israel, UK"
    assert observations["aigs-2020-chn-bri"]["period"] == "2020"
    assert {o["subject"]: o["value"] for o in observations.values()
            if o["measure"] == "AIGS: region"} == {
        "BHR": "MENA", "CHN": "EAP", "IND": "SCA", "KEN": "AF", "LAO": "EAP"}
    assert observations["aigs-2020-ken-region"]["evidence"] == [
        {"source": "carnegie-aigs-2020", "row": "country=Kenya"}]
    assert report.read == 5


def test_2020_vendor_cells_lists_and_unnamed_columns(data_dir):
    report = aigs2020.run(FIXTURES / "aigs_2020_small.csv", data_dir)
    supplies = by_id(imported(data_dir, "aigs-2020"), "supplies")
    by_country: dict[str, list[str]] = {}
    for record in supplies.values():
        by_country.setdefault(record["country"], []).append(record["suppliers"][0])
    # China: "Mult" skipped; "Huawei, Hikvsion, and NEC" split into three; the typo resolves.
    assert sorted(by_country["CHN"]) == ["hikvision", "huawei", "infinova", "nec"]
    assert sorted(by_country["IND"]) == ["hikvision", "nec"]   # a vendor in an unnamed column
    assert by_country["KEN"] == ["huawei"]                        # named twice, one claim
    assert "LAO" not in by_country
    assert report.resolved["Hikvsion"] == "hikvision"
    assert [r.split(": ", 1)[1] for r in report.rejected] == [
        "unknown vendor 'Pelco': add it as an alias or organisation under data/organizations/, "
        "or to data/config/aigs-not-organizations.yaml",
        "skipped 'Mult', not an organisation (data/config/aigs-not-organizations.yaml)"]


def test_2020_bad_mark_is_one_error_and_writes_nothing(data_dir):
    path = FIXTURES / "aigs_2020_bad_mark.csv"
    with pytest.raises(KGError) as caught:
        aigs2020.run(path, data_dir)
    assert str(caught.value) == (f"{path}:5: column 'Smart Policing': expected a mark or an "
                                 "empty cell, got 'yes'")
    assert not (data_dir / "imported").exists()


def test_2020_comma_separated_file_is_refused(data_dir, tmp_path):
    path = tmp_path / "aigs2020.csv"
    path.write_text((FIXTURES / "aigs_2020_small.csv").read_text("utf-8").replace(";", ","),
                    encoding="utf-8")
    with pytest.raises(KGError, match=r"aigs2020.csv:1: missing column\(s\) 'Country'"):
        aigs2020.run(path, data_dir)


# ---- integration: the upstream files ------------------------------------------------------

@pytest.fixture(scope="module")
def real(tmp_path_factory) -> Path:
    """The project's data folder, copied, with the three imports re-run from ../shared."""
    data = copy_data(REPO_DATA, tmp_path_factory.mktemp("real"))
    IMPORTERS["aigs-2019"](AIGS / "aigs_2019_index.csv", data)
    IMPORTERS["aigs-2020"](V2020, data)
    IMPORTERS["aigs-2022"](WORKBOOK, data)
    IMPORTERS["vdem-2021"](WORKBOOK, data)
    return data


@needs_upstream
def test_published_figures_are_reproduced(real):
    files = [*sorted((real / "organizations").glob("*.yaml")),
             *sorted((real / "sources").glob("*.yaml")),
             *(real / "imported" / f"{n}.jsonl"
               for n in ("aigs-2019", "aigs-2020", "aigs-2022", "vdem-2021"))]
    dataset = load_dataset(real, files=files)
    mine = [a for a in load_assertions(real) if Path(a.path).name == "assertions-aigs.yaml"]
    counts = {a.id: evaluate(a, dataset) for a in mine}
    assert counts["aigs-2019-countries"] == 75
    assert counts["aigs-2019-safe-city"] == 56
    assert counts["aigs-2019-facial-recognition"] == 64
    assert counts["aigs-2019-smart-policing"] == 53          # the paper says 52
    assert counts["aigs-2019-china-tech"] == 63
    assert counts["aigs-2019-us-tech"] == 32
    assert counts["aigs-2019-china-tech-bri"] == 36
    assert counts["aigs-2019-huawei"] >= 49
    assert counts["aigs-2020-countries"] == 77
    assert counts["aigs-2020-facial-recognition"] == 68
    assert counts["aigs-2020-huawei"] == 45
    assert counts["aigs-2022-countries"] == 97
    assert counts["aigs-2022-safe-city"] == 64
    assert counts["aigs-2022-facial-recognition"] == 78
    assert counts["aigs-2022-smart-policing"] == 69
    assert counts["aigs-2022-social-media-surveillance"] == 38
    assert len(mine) == len(counts)


@needs_upstream
def test_committed_records_are_up_to_date(real):
    for name in ("aigs-2019", "aigs-2020", "aigs-2022", "vdem-2021"):
        fresh = (real / "imported" / f"{name}.jsonl").read_bytes()
        assert (REPO_DATA / "imported" / f"{name}.jsonl").read_bytes() == fresh, (
            f"data/imported/{name}.jsonl is stale: re-run `kg import {name} FILE`")


@needs_upstream
def test_upstream_workbook_and_repaired_csv_agree(real, tmp_path):
    data = copy_data(real, tmp_path)
    IMPORTERS["aigs-2022"](AIGS / "aigs_2022_index.csv", data)
    assert imported(data, "aigs-2022") == imported(real, "aigs-2022")


@needs_upstream
def test_every_upstream_vendor_name_is_reviewed(real):
    for dataset, path in (("aigs-2019", AIGS / "aigs_2019_index.csv"), ("aigs-2020", V2020),
                          ("aigs-2022", WORKBOOK)):
        report = IMPORTERS[dataset](path, real)
        assert [r for r in report.rejected if "unknown vendor" in r] == [], dataset
