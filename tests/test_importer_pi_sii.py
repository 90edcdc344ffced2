"""The Privacy International SII importer: strength by row, suppliers, agencies, ids, failures.

Fixtures: tests/fixtures/pi_sii/ (see its README). The integration test reads the upstream file
in ../shared/datasets/pi-sii and is skipped when that folder is absent.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import KGError
from kg.importers import IMPORTERS, pi_sii
from kg.records.dataset import load_dataset
from importer_support import DATASETS, REPO_DATA, copy_data, fixtures, needs, records_of

FIXTURES = fixtures("pi_sii")
SMALL = FIXTURES / "sii_small.csv"
UPSTREAM = DATASETS / "pi-sii" / "sii_transfers.csv"


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return copy_data(FIXTURES / "data", tmp_path)


@pytest.fixture
def imported(data_dir) -> tuple[pi_sii.SiiReport, dict]:
    report = pi_sii.run(SMALL, data_dir)
    return report, records_of(data_dir / "imported" / "pi-sii.jsonl")


def claims(records: dict) -> dict[str, dict]:
    """Return the supply claims by the unique_id their row evidence cites."""
    return {r["evidence"][0]["row"].split(";")[0].removeprefix("unique_id="): r
            for r in records["supplies"]}


def orgs(records: dict) -> dict[str, dict]:
    return {r["id"]: r for r in records["organizations"]}


def test_registered():
    assert IMPORTERS["pi-sii"] is pi_sii.run


def test_report_counts_and_rejections(imported):
    report, records = imported
    assert report.read == 24
    assert report.created == {"supplies": 20, "organizations": 18, "links": 1}
    rejected = "\n".join(report.rejected)
    assert len(report.rejected) == 4
    assert "line 15 (_Egypt_2014): an open-source row that names no supplier" in rejected
    assert "(BAE_Systems_United Arab Emirates_): export data whose exporting state" in rejected
    assert "line 21 (Datong__2015): no recipient country" in rejected
    assert "supplier cell 'Foo Ltd, Bar GmbH': one firm or several?" in rejected
    assert report.unreviewed == []


def test_the_records_validate(imported, data_dir):
    dataset = load_dataset(data_dir)
    assert len(dataset.records["supplies"]) == 20


@pytest.mark.parametrize("row, strength, state", [
    ("_Bulgaria_2016", "export-licence", "CHE"),          # SECO statistics
    ("_South Africa_2015", "export-licence", "GBR"),      # UK export-control database
    ("Area_SpA_Egypt_2016", "export-licence", "ITA"),     # export row naming a supplier
    ("Blue_Coat_Syria_", "detected", None),               # Planet Blue Coat scans
    ("Gamma_International_FinFisher_Kenya_", "detected", None),   # FinFisher server scans
    ("Gamma_International_FinFisher_Uganda_2012", "reported-sale", None),  # PI's Uganda report
    ("NICE_Systems_Uganda_2015", "reported-sale", None),
])
def test_strength_follows_what_the_row_rests_on(imported, row, strength, state):
    claim = claims(imported[1])[row]
    assert claim["strength"] == strength
    assert claim.get("exporting_country") == state


def test_an_export_licence_names_no_supplier_unless_the_row_does(imported):
    by_row = claims(imported[1])
    assert "suppliers" not in by_row["_Bulgaria_2016"]
    assert by_row["Area_SpA_Egypt_2016"]["suppliers"] == ["area-spa"]
    # In an export row supplier_company_hq is the licensing state, not the firm's home.
    assert "country" not in orgs(imported[1])["area-spa"]


def test_supplier_cells(imported):
    by_row, created = claims(imported[1]), orgs(imported[1])
    assert by_row["Gamma_International_FinFisher_Uganda_2012"]["suppliers"] == ["finfisher"]
    assert by_row["Hacking_Team_NICE_Systems_Nigeria_2012"]["suppliers"] == ["hacking-team",
                                                                             "nice"]
    assert by_row["NICE_Systems_Uganda_2015"]["suppliers"] == ["nice"]      # same_firm
    marathon = by_row["MI_Marathon_broker_Nigeria_"]
    assert marathon["suppliers"] == ["mi-marathon"]
    assert "acted as broker" in marathon["note"]
    assert created["mi-marathon"]["label"] == "MI Marathon"
    assert created["siemens"]["country"] == "DEU"
    assert created["siemens"]["evidence"][0]["row"].startswith("unique_id=Siemens_Bahrain")
    assert created["nokia-siemens-networks"]["country"] == "DEU"   # the one row names Germany


def test_buyers_are_agencies_of_the_country(imported):
    by_row, created = claims(imported[1]), orgs(imported[1])
    assert by_row["NICE_Systems_Uganda_2015"]["buyers"] == [
        "uganda-chieftaincy-of-military-intelligence",
        "uganda-special-forces-command-counter-intelligence"]
    assert by_row["Hacking_Team_Spain_2006"]["buyers"] == ["spain-cni"]
    # Three spellings of Egypt's TRD resolve to one id.
    assert by_row["Hacking_Team_Egypt_2015"]["buyers"] == ["egypt-technology-research-department"]
    assert by_row["Area_SpA_Egypt_2016"]["buyers"] == ["egypt-technology-research-department"]
    trd = created["egypt-technology-research-department"]
    assert (trd["kind"], trd["country"]) == ("agency", "EGY")
    assert [e["row"].split(";")[0] for e in trd["evidence"]] == [
        "unique_id=Hacking_Team_Egypt_2015", "unique_id=Area_SpA_Egypt_2016"]
    assert created["uganda-chieftaincy-of-military-intelligence"]["country"] == "UGA"


def test_end_users_that_are_not_agencies_stay_notes(imported):
    by_row, created = claims(imported[1]), orgs(imported[1])
    iran = by_row["Ericsson_Iran_2009"]
    assert "buyers" not in iran and "'Irancell' (a company" in iran["note"]
    assert "'Non-State'" in by_row["Verint_South Africa_2014"]["note"]
    kenya = by_row["Gamma_International_FinFisher_Kenya_"]       # a scan proves no buyer
    assert "buyers" not in kenya and "no buyer is recorded" in kenya["note"]
    assert "kenya-national-intelligence-service" not in created


def test_multi_line_and_decomposed_end_users(imported):
    by_row = claims(imported[1])
    assert by_row["Trovicor_Tajikistan_2010_multiline"]["buyers"] == [
        "government-of-tajikistan", "tajikistan-ministry-of-the-interior"]
    assert by_row["Hacking_Team_Mexico_2013_nfd"]["buyers"] == ["mexico-estado-de-queretaro"]
    assert by_row["Hacking_Team_Mexico_2013"]["buyers"] == ["mexico-estado-de-queretaro"]


def test_years_status_goods(imported):
    by_row = claims(imported[1])
    bahrain = by_row["Siemens_Bahrain_mid-2000s"]
    assert "year" not in bahrain and "'mid-2000s'" in bahrain["note"]
    assert by_row["NICE_Systems_Uganda_2015"]["year"] == 2015
    assert by_row["NICE_Systems_Uganda_2015"]["status"] == ("transfer to the end user reported "
                                                             "as complete")
    assert "status" not in by_row["_Bulgaria_2016"]                  # "Unknown" stays unknown
    assert by_row["NICE_Systems_Uganda_2015"]["technologies"] == ["lawful-interception",
                                                                  "monitoring-centre"]
    assert by_row["NICE_Systems_Uganda_2015"]["scope"] == "Lawful interception; Monitoring Centre"


def test_ids_are_unique_and_stable(imported):
    records = imported[1]
    ids = [r["id"] for r in records["supplies"]]
    assert len(ids) == len(set(ids))
    by_row = claims(records)
    # "_South Africa_2015" and "_South africa_2015" are two rows (UK and Swiss licences).
    upper, lower = by_row["_South Africa_2015"]["id"], by_row["_South africa_2015"]["id"]
    assert upper != lower and upper.startswith("pi-sii-south-africa-2015-")
    assert by_row["_South africa_2015"]["country"] == "ZAF"
    assert by_row["_Bulgaria_2016_2"]["id"] == "pi-sii-bulgaria-2016-2"
    (link,) = records["links"]
    assert link["relation"] == "distinct"
    assert link["claims"] == ["pi-sii-bulgaria-2016", "pi-sii-bulgaria-2016-2"]


def test_the_import_is_deterministic(data_dir):
    out = data_dir / "imported" / "pi-sii.jsonl"
    pi_sii.run(SMALL, data_dir)
    first = out.read_bytes()
    report = pi_sii.run(SMALL, data_dir)     # its own output is present now: left out
    assert out.read_bytes() == first
    assert report.created["organizations"] == 18


def test_bad_header_is_one_line_and_writes_nothing(data_dir):
    result = CliRunner().invoke(cli, ["--data", str(data_dir), "import", "pi-sii",
                                      str(FIXTURES / "sii_no_goods_column.csv")])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: {FIXTURES / 'sii_no_goods_column.csv'}:1: missing column(s) 'goods'"]
    assert not (data_dir / "imported" / "pi-sii.jsonl").exists()


def test_unknown_goods_category_names_the_line(data_dir):
    with pytest.raises(KGError) as err:
        pi_sii.run(FIXTURES / "sii_unknown_goods.csv", data_dir)
    assert err.value.line == 2 and "'satellite jamming'" in err.value.message


def test_an_unknown_agency_org_in_the_table_is_an_error(data_dir):
    table = data_dir / "config" / "pi-sii-agencies.yaml"
    table.write_text(table.read_text("utf-8").replace(
        "agencies:\n", "agencies:\n  - {org: no-such-body, country: USA, names: [DOD]}\n", 1),
        "utf-8")
    with pytest.raises(KGError, match="unknown organisation 'no-such-body'"):
        pi_sii.run(SMALL, data_dir)


@needs(UPSTREAM)
def test_the_real_file_gives_the_shipped_records(tmp_path):
    data = Path(shutil.copytree(REPO_DATA, tmp_path / "data"))
    report = pi_sii.run(UPSTREAM, data)
    assert report.read == 688
    assert len(report.rejected) == 6 and report.unreviewed == []
    assert (data / "imported" / "pi-sii.jsonl").read_bytes() == \
        (REPO_DATA / "imported" / "pi-sii.jsonl").read_bytes()


def test_shipped_strengths_and_buyers():
    records = records_of(REPO_DATA / "imported" / "pi-sii.jsonl")
    strengths = {r["strength"] for r in records["supplies"]}
    assert strengths == {"export-licence", "detected", "reported-sale"}
    named = [r for r in records["supplies"] if r.get("buyers")]
    assert all(r["strength"] != "detected" for r in named)
    kinds = orgs(records)
    assert all(kinds[b]["kind"] == "agency" for r in named for b in r["buyers"] if b in kinds)


def test_shipped_client_names_become_agencies_only_when_they_say_so():
    records = records_of(REPO_DATA / "imported" / "pi-sii.jsonl")
    by_row, created = claims(records), orgs(records)
    # Hacking Team client names that say in words they are a government body: the client name
    # is the label (never expanded).
    assert by_row["Hacking_Team_Oman_2011"]["buyers"] == ["oman-intelligence"]
    assert created["oman-intelligence"]["label"] == "Oman - Intelligence"
    assert by_row["Hacking_Team_Thailand_2013"]["buyers"] == [
        "thailand-dept-of-correction-thai-police"]
    # Codes the row does not spell out, Mexican place names and telecom operators stay notes.
    for row, name in [("Hacking_Team_Malaysia_2012", "MAL - MI"),
                      ("Hacking_Team_Vietnam_2015", "Vietnam GD1"),
                      ("Hacking_Team_Mexico_2014_4", "Mexico Durango")]:
        assert "buyers" not in by_row[row] and repr(name) in by_row[row]["note"]
    assert not [r for r in records["supplies"] if "Syriatel" in r.get("note", "")
                and r.get("buyers")]
    # Bodies PI names only in scan rows are the reviewed ids that Carnegie's inventory uses.
    serbia = by_row["Gamma_International_FinFisher_Serbia_"]
    assert "buyers" not in serbia and "no buyer is recorded" in serbia["note"]
    assert "serbia-security-information-agency" not in created
