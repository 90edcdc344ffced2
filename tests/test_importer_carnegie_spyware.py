"""The spyware inventory importer: use claims, periods, firms made or resolved, rejections.

Fixtures: tests/fixtures/carnegie_spyware/ (see its README). The integration test reads
../shared/datasets/carnegie-spyware/spy3.csv and is skipped when it is absent.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import KGError, KGErrors
from kg.importers import IMPORTERS, UPSTREAM_FILES, carnegie_spyware
from kg.importers.periods import held_dates
from kg.records.dataset import load_dataset
from importer_support import DATASETS, REPO_DATA, copy_data, fixtures, needs, records_of

FIXTURES = fixtures("carnegie_spyware")
SMALL = FIXTURES / "spy_small.csv"
UPSTREAM = DATASETS / "carnegie-spyware" / "spy3.csv"
OUTPUT = Path("imported") / "carnegie-spyware.jsonl"


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return copy_data(FIXTURES / "data", tmp_path)


def imported(data_dir: Path) -> dict[str, dict[str, dict]]:
    """Return the written records by kind, then by id."""
    kinds = records_of(data_dir / OUTPUT)
    return {kind: {r["id"]: r for r in records} for kind, records in kinds.items()}


# --- periods of use ------------------------------------------------------------------------

@pytest.mark.parametrize("text, dates", [
    ("2014", {"year": "2014"}),
    ("2019-2021", {"start": "2019", "end": "2021"}),
    ("2009 - present", {"start": "2009"}),
    ("2017-present", {"start": "2017"}),
    ("2016-?", {"start": "2016"}),
    ("?-2021", {"end": "2021"}),
    ("2020-2020", {"year": "2020"}),
    ("", {}),
    ("2010s - present", {}),          # a decade is not a year
    ("2013, 2015", {}),               # 2014 is not stated
    ("2013, 2014", {}),               # a list, not a range
    ("2016-2018, 2020, 2021", {}),
    ("2021-2019", {}),                # backwards
    ("201", {}),
])
def test_only_unambiguous_periods_become_dates(text, dates):
    assert held_dates(text) == dates


# --- the fixture file ----------------------------------------------------------------------

def test_the_report_says_what_was_read_created_resolved_and_rejected(data_dir):
    report = carnegie_spyware.run(SMALL, data_dir)
    assert report.read == 19
    assert report.created == {"organizations": 6, "supplies": 15, "technology_uses": 2}
    assert report.resolved == {"FinFisher": "finfisher", "Cytrox": "cytrox",
                               "Hacking Team": "hacking-team", "NSO Group": "nso-group"}
    assert report.new_firms == ["'Cellebrite' (cellebrite)", "'Toka' (toka)",
                                "'Magnet Forensics' (magnet-forensics)",
                                "'BlackBag' (blackbag)", "'Paraben' (paraben)"]
    assert [r.split(":")[0] for r in report.rejected] == [
        "line 6 (Canada, Undisclosed)", "line 10 (Lebanon, Dark Caracal)",
        "line 16 (Atlantis, FinFisher)", "line 17 (Angola, FinFisher)"]
    assert "unknown country 'Atlantis'" in report.rejected[2]
    assert "repeats the country and firm of line 2" in report.rejected[3]
    assert report.repaired == ["line 5: Description split at a comma, 1 cell(s) joined back"]
    lines = report.lines()
    assert lines[0].startswith("carnegie-spyware: read 19 rows from ")
    assert "  created organisation 'Paraben' (paraben)" in lines
    assert "  repaired line 5: Description split at a comma, 1 cell(s) joined back" in lines


def test_a_row_is_one_reported_use_claim(data_dir):
    carnegie_spyware.run(SMALL, data_dir)
    angola = imported(data_dir)["supplies"]["carnegie-spyware-ago-finfisher"]
    assert angola == {
        "id": "carnegie-spyware-ago-finfisher", "suppliers": ["finfisher"], "country": "AGO",
        "technologies": ["spyware"], "strength": "reported-use", "lower_confidence": True,
        "year": "2014",
        "evidence": [
            {"source": "carnegie-spyware-2023",
             "row": "Country of deployment=Angola; Commercial Entity=FinFisher; Category of "
                    "technology=Spyware; Period of use=2014; Year of disclosure=2015; Lower "
                    "confidence sources=x; Sources=https://citizenlab.ca/2015/10/"
                    "mapping-finfishers-continuing-proliferation/"},
            {"source": "carnegie-spyware-2023", "quote": "Implicated in targeting of activists",
             "locator": "Description of the row Country of deployment=Angola; "
                        "Commercial Entity=FinFisher"}],
    }


def test_held_dates_come_from_the_period_never_from_the_disclosure(data_dir):
    carnegie_spyware.run(SMALL, data_dir)
    supplies = imported(data_dir)["supplies"]
    dated = {k: {f: r[f] for f in ("year", "start", "end") if f in r} for k, r in supplies.items()}
    assert dated["carnegie-spyware-grc-cytrox"] == {"start": "2021", "end": "2022"}
    assert dated["carnegie-spyware-mmr-magnet-forensics"] == {"end": "2021"}
    assert dated["carnegie-spyware-uga-cellebrite"] == {"start": "2017"}
    # Empty period, disclosed 2021: undated, the disclosure stays in the row.
    assert dated["carnegie-spyware-arm-cytrox"] == {}
    assert "Year of disclosure=2021" in supplies["carnegie-spyware-arm-cytrox"]["evidence"][0]["row"]
    for free in ("carnegie-spyware-arg-cellebrite", "carnegie-spyware-mex-nso-group"):
        assert dated[free] == {}
    assert supplies["carnegie-spyware-mex-nso-group"]["note"] == (
        "Period of use as the inventory gives it: '2016-2018, 2021' (not read as dates).")
    assert "'2010s - present'" in supplies["carnegie-spyware-arg-cellebrite"]["note"]


def test_a_description_split_at_a_comma_is_joined_back(data_dir):
    carnegie_spyware.run(SMALL, data_dir)
    brazil = imported(data_dir)["supplies"]["carnegie-spyware-bra-hacking-team"]
    row, quote = brazil["evidence"]
    assert quote["quote"] == ("History of surveillance abuses, infiltration of online platforms "
                              "and political monitoring are common")
    assert "lower_confidence" not in brazil          # the flag cell after the split is empty
    assert row["row"].endswith("Sources=https://privacyinternational.org/state-privacy/42/"
                               "state-privacy-brazil https://freedomhouse.org/country/brazil/"
                               "freedom-net/2019")


def test_every_url_of_the_row_is_kept_in_its_evidence(data_dir):
    carnegie_spyware.run(SMALL, data_dir)
    greece = imported(data_dir)["supplies"]["carnegie-spyware-grc-cytrox"]
    urls = greece["evidence"][0]["row"].split("Sources=")[1].split(" ")
    assert len(urls) == 9                          # Source 1-7 and the two unnamed columns
    assert urls[-1].startswith("https://www.europarl.europa.eu/news/")


def test_firms_are_resolved_or_created_with_one_home_country_at_most(data_dir):
    carnegie_spyware.run(SMALL, data_dir)
    found = imported(data_dir)
    orgs = found["organizations"]
    assert orgs["paraben"]["label"] == "Paraben"    # "Paraben " in the file
    assert orgs["paraben"]["country"] == "USA"
    assert orgs["cellebrite"]["country"] == "ISR"
    assert "country" not in orgs["blackbag"]        # "United States, Israel"
    assert "'United States, Israel'" in orgs["blackbag"]["note"]
    assert orgs["blackbag"]["evidence"] == [{
        "source": "carnegie-spyware-2023",
        "row": "Commercial Entity=BlackBag; Country of origin=United States, Israel"}]
    assert "cytrox" not in orgs and "nso-group" not in orgs   # reviewed, resolved
    assert found["supplies"]["carnegie-spyware-isr-toka"]["technologies"] == ["iot-hacking"]


def test_a_decomposed_country_name_resolves(data_dir):
    carnegie_spyware.run(SMALL, data_dir)
    assert "carnegie-spyware-civ-cytrox" in imported(data_dir)["supplies"]


def test_a_name_that_is_no_firm_makes_no_organisation_but_keeps_the_use(data_dir):
    carnegie_spyware.run(SMALL, data_dir)
    found = imported(data_dir)
    assert not {"undisclosed", "dark-caracal"} & set(found["organizations"])
    assert not [r for r in found["supplies"].values() if r["country"] in ("CAN", "LBN")]
    canada = found["technology_uses"]["carnegie-spyware-can-uses-spyware"]
    assert (canada["country"], canada["technology"], canada["period"]) == ("CAN", "spyware",
                                                                           "2018-2020")
    assert canada["evidence"][1]["quote"] == ("Canadian national police used spyware in 10 "
                                              "investigations between 2018 and 2020.")


def test_records_validate_against_the_contract(data_dir):
    carnegie_spyware.run(SMALL, data_dir)
    dataset = load_dataset(data_dir)
    assert len(dataset.records["supplies"]) == 15


def test_same_file_same_bytes_and_no_resolving_against_its_own_output(data_dir):
    carnegie_spyware.run(SMALL, data_dir)
    first = (data_dir / OUTPUT).read_bytes()
    again = carnegie_spyware.run(SMALL, data_dir)
    assert (data_dir / OUTPUT).read_bytes() == first
    assert "Cellebrite" not in again.resolved and len(again.new_firms) == 5


def test_a_firm_whose_id_another_record_has_is_rejected(data_dir):
    (data_dir / "other.yaml").write_text(
        "organizations:\n  - {id: paraben, label: Paraben Tower Holdings, kind: company}\n",
        encoding="utf-8")
    report = carnegie_spyware.run(SMALL, data_dir)
    assert any(r.startswith("line 15 (United States, Paraben): firm 'Paraben' would be "
                            "'paraben'") for r in report.rejected)
    assert "paraben" not in imported(data_dir)["organizations"]


def test_a_bad_header_is_one_error_and_writes_nothing(data_dir):
    with pytest.raises(KGError) as caught:
        carnegie_spyware.run(FIXTURES / "spy_bad_header.csv", data_dir)
    assert (caught.value.message, caught.value.line) == (
        "missing column(s) 'Commercial Entity'", 1)
    assert not (data_dir / OUTPUT).exists()
    result = CliRunner().invoke(cli, ["--data", str(data_dir), "import", "carnegie-spyware",
                                      str(FIXTURES / "spy_bad_header.csv")])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: {FIXTURES / 'spy_bad_header.csv'}:1: missing column(s) 'Commercial Entity'"]


def test_a_dataset_quote_needs_a_locator(data_dir):
    carnegie_spyware.run(SMALL, data_dir)
    path = data_dir / OUTPUT
    path.write_text(path.read_text("utf-8").replace(
        ',"locator":"Description of the row Country of deployment=Angola; Commercial '
        'Entity=FinFisher"', ""), encoding="utf-8")
    with pytest.raises(KGErrors) as caught:
        load_dataset(data_dir)
    assert [e.message for e in caught.value.errors] == [
        "supply 'carnegie-spyware-ago-finfisher': evidence: 'carnegie-spyware-2023' is a "
        "dataset: give the `row` the claim comes from"]


# --- buyers: the bodies a Description names (data/config/carnegie-spyware-agencies.yaml) ---

def test_a_description_naming_a_body_gives_the_buyer(data_dir):
    report = carnegie_spyware.run(SMALL, data_dir)
    found = imported(data_dir)
    chile = found["supplies"]["carnegie-spyware-chl-hacking-team"]
    assert chile["buyers"] == ["chile-investigations-police"]
    agency = found["organizations"]["chile-investigations-police"]
    assert (agency["label"], agency["kind"], agency["country"]) == (
        "Investigations Police (Chile)", "agency", "CHL")
    assert agency["evidence"] == [{
        "source": "carnegie-spyware-2023",
        "quote": "Investigations Police paid 2.2 million euros to buy RCS Lab software",
        "locator": "Description of the row Country of deployment=Chile; "
                   "Commercial Entity=Hacking Team"}]
    # A body the graph has keeps its id: not created again.
    serbia = found["supplies"]["carnegie-spyware-srb-finfisher"]
    assert serbia["buyers"] == ["serbia-security-information-agency"]
    assert "serbia-security-information-agency" not in found["organizations"]
    assert report.buyers == 2 and report.unused == []
    assert "named the buying agency on 2 claims (data/config/carnegie-spyware-agencies.yaml)" \
        in report.lines()


def test_a_generic_phrase_or_a_foreign_purchaser_names_no_buyer(data_dir):
    carnegie_spyware.run(SMALL, data_dir)
    supplies = imported(data_dir)["supplies"]
    # "federal security forces", "Intelligence services": no one body, not in the table.
    for generic in ("carnegie-spyware-arg-cellebrite", "carnegie-spyware-grc-cytrox"):
        assert "buyers" not in supplies[generic]
    djibouti = supplies["carnegie-spyware-dji-nso-group"]
    assert "buyers" not in djibouti
    assert "U.S. Central Intelligence Agency" in djibouti["note"]
    assert "no buyer" in djibouti["note"]


def _table(data_dir: Path, old: str, new: str) -> Path:
    path = data_dir / "config" / "carnegie-spyware-agencies.yaml"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.mark.parametrize("old, new, message", [
    ("{words: Investigations Police,", "{words: Carabineros,",
     "the Description of (Chile, Hacking Team) does not say 'Carabineros'"),
    ("{words: Investigations Police, org: chile-investigations-police}",
     "{words: Investigations Police, org: serbia-security-information-agency}",
     "'serbia-security-information-agency' is a body of SRB, not of CHL: no buyer of this row "
     "(say so in the entry's note)"),
    ("org: serbia-security-information-agency}", "org: no-such-agency}",
     "unknown organisation 'no-such-agency': list it under `agencies` to create it (or run the "
     "import that creates it, e.g. `kg import pi-sii`, first)"),
    ("org: serbia-security-information-agency}", "org: finfisher}",
     "'finfisher' is not an agency with a home country"),
])
def test_a_table_that_does_not_fit_the_rows_is_one_error_and_writes_nothing(
        data_dir, old, new, message):
    path = _table(data_dir, old, new)
    with pytest.raises(KGError) as caught:
        carnegie_spyware.run(SMALL, data_dir)
    assert caught.value.message == message
    assert caught.value.path == str(path) and caught.value.line > 1
    assert not (data_dir / OUTPUT).exists()


def test_an_agency_to_create_whose_id_is_taken_is_an_error(data_dir):
    path = _table(data_dir, "- {id: chile-investigations-police,", "- {id: finfisher,")
    result = CliRunner().invoke(cli, ["--data", str(data_dir), "import", "carnegie-spyware",
                                      str(SMALL)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: {path}:6: agency id 'finfisher' is taken by another record: name it as `org` "
        "of the rows instead"]
    assert not (data_dir / OUTPUT).exists()


def test_a_table_entry_no_row_matches_is_reported(data_dir):
    _table(data_dir, "  - country: Djibouti\n", "  - country: Atlantis\n")
    report = carnegie_spyware.run(SMALL, data_dir)
    assert report.unused == ["line 14 (Atlantis, NSO Group)"]
    assert "  agencies table entry matches no row: line 14 (Atlantis, NSO Group)" in report.lines()


def test_registered_as_carnegie_spyware():
    assert IMPORTERS["carnegie-spyware"] is carnegie_spyware.run
    assert UPSTREAM_FILES["carnegie-spyware"].startswith("spy3.csv")


# --- the upstream file ---------------------------------------------------------------------

@needs(UPSTREAM)
def test_upstream_inventory(tmp_path):
    data_dir = copy_data(REPO_DATA, tmp_path)
    report = carnegie_spyware.run(UPSTREAM, data_dir)
    assert report.read == 193
    # Two rows name no firm ("Undisclosed", "Dark Caracal"), on purpose: 191 supplies and the
    # two countries' use of spyware.
    assert report.created["supplies"] == 191
    assert report.created["technology_uses"] == 2
    assert len(report.rejected) == 2
    assert len(report.repaired) == 10
    found = imported(data_dir)
    claims = [*found["supplies"].values(), *found["technology_uses"].values()]
    assert len({r["country"] for r in claims}) == 74          # Carnegie's headline
    firms = {s for r in found["supplies"].values() for s in r["suppliers"]}
    assert len(firms) == 40 - 2                               # 40 names, two are no firm
    assert sum(1 for r in found["supplies"].values() if r.get("lower_confidence")) == 32
    # Buyers: 30 rows whose Description names a body of the country; the CIA buying for
    # Djibouti is none; bodies PI's index has keep its ids.
    assert report.buyers == 30 and report.unused == []
    assert "buyers" not in found["supplies"]["carnegie-spyware-dji-nso-group"]
    assert found["supplies"]["carnegie-spyware-usa-hacking-team"]["buyers"] == [
        "us-federal-bureau-of-investigation", "us-drug-enforcement-administration", "us-army"]
    created = {k for k, r in found["organizations"].items() if r["kind"] == "agency"}
    assert not created & {"us-army", "colombia-das", "serbia-security-information-agency"}
    # A body named differently by the two trackers is not merged without a source saying so.
    assert "colombia-administrative-department-of-security" in created
    committed = REPO_DATA / OUTPUT
    assert (data_dir / OUTPUT).read_bytes() == committed.read_bytes()
