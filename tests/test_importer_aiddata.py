"""The AidData importer: row selection, lenders, stated amounts, technologies, failures.

Fixtures: tests/fixtures/aiddata/ (see its README). Integration tests read the upstream file in
../shared/datasets/aiddata-gcdf3-security and are skipped when that folder is absent.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from kg.records.dataset import load_dataset
from kg.errors import KGError
from kg.importers import IMPORTERS, aiddata, titles
from importer_support import DATASETS, REPO_DATA, copy_data, fixtures, needs, records_of

FIXTURES = fixtures("aiddata")
UPSTREAM = DATASETS / "aiddata-gcdf3-security" / "gcdf3_security_surveillance_projects.csv"
needs_upstream = needs(UPSTREAM)


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return copy_data(FIXTURES / "data", tmp_path)


def financing(data_dir: Path) -> dict[str, dict]:
    records = records_of(data_dir / "imported" / "aiddata-gcdf3.jsonl")
    return {r["aiddata_id"]: r for r in records["financing"]}


# --- what titles state ---------------------------------------------------------------------

@pytest.mark.parametrize("title, expected", [
    ("China Eximbank provides RMB 850 million government concessional loan", ("850000000", "CNY")),
    ("China Eximbank provides RMB 1.225 billion government concessional loan",
     ("1225000000", "CNY")),
    ("CDB provides $178.5 million loan for Safe City Project", ("178500000", "USD")),
    ("China Donates $4.5 Million USD to Install 500 Surveillance Cameras", ("4500000", "USD")),
    ("Chinese Government donates ₡3.3 billion grant", ("3300000000", "CRC")),
    ("China donates CRC $3 billion in equipment", ("3000000000", "CRC")),
    ("Chinese government grants 97 million RMB worth of equipment", ("97000000", "CNY")),
    ("ZTE provides 88.94 million EUR supplier credit", ("88940000", "EUR")),
    ("China provides €150,000 grant to Serbia's Ministry of Interior", ("150000", "EUR")),
    ("fingerprint lab worth USD $147,574.37 to Fiji police force", ("147574.37", "USD")),
    ("China Eximbank provides $5.4m buyer's credit loan", ("5400000", "USD")),
    ("ZTE donates 200,000 ETB to Abebech Gobena Children's Center", ("200000", "ETB")),
])
def test_money_is_read_as_stated(title, expected):
    amount, currency = titles.money(title)
    assert (amount, currency) == (Decimal(expected[0]), expected[1])


@pytest.mark.parametrize("title", [
    "China Eximbank provides $399.5 preferential buyer's credit",   # no "million": ambiguous
    "ZTE plants 2,000 trees in Addis Ababa",                          # no currency
    "CEIEC donates 3,300 masks to Catamayo Municipal Government",
    "Phase 2 of the Safe City Project (linked to projects #56716, #56717)",
    "ZTE donates R1.15 million to Wits University",                   # "R" is not trusted
])
def test_no_amount_is_invented(title):
    assert titles.money(title) is None


@given(st.text(alphabet="0123456789 ,.abcdefghij#()-", max_size=60))
def test_a_title_without_a_currency_word_states_no_money(text):
    assert titles.money(text) is None


def test_the_unitless_figure_is_reported():
    assert titles.unstated_amount("China Eximbank provides $399.5 preferential") == "$399.5"
    assert titles.unstated_amount("CDB provides $240 million loan") is None


@pytest.mark.parametrize("title, expected", [
    ("Chinese Government provides RMB 20 million grant for CCTV Surveillance Project",
     ["video-surveillance"]),
    ("China Eximbank provides RMB 1.225 billion loan for Konza Data Centre and and Smart City "
     "Project", ["safe-city", "data-center"]),
    ("Phase I of BOL-110 Command and Control System for Citizen Security", ["command-center"]),
    ("China Eximbank provides $399.5 preferential buyer's credit for Nigeria National Public "
     "Security Communication System Project", ["police-communications"]),
    ("Embassy of China in Myanmar donates police bicycles and communication equipment",
     ["police-communications"]),
    ("Chinese ZTE corporation donates $1.5 million in GSM and CDMA telecommunications equipment",
     ["telecom-equipment"]),
    # A vendor's name is not a technology; neither is "security".
    ("CDB provides $300 million loan to Megafon for the purchase of Huawei products", []),
    ("CDB provides $240 million loan to set up security service ECU 911", []),
])
def test_technologies_only_where_the_title_names_them(title, expected):
    assert titles.technologies(title) == expected


@pytest.mark.parametrize("title, kept", [
    ("Chinese Government donates 570 video cameras to Bolivian Police Force", True),
    ("China provides €150,000 grant to Serbia's Ministry of Interior for an IP telephone system",
     True),
    ("Embassy of China in Myanmar donates police bicycles and communication equipment", True),
    ("Chinese Government donates 5 police motorcycles to Bolivia", False),
    ("Chinese Embassy provides 30,000 masks to the Timorese National Police", False),
    ("China Eximbank provides $42.38 million preferential buyer's credit for Ulaanbaatar Traffic "
     "Police Intersection Overpass Project", False),
])
def test_police_rows_need_surveillance_or_communications_equipment(title, kept):
    assert titles.concerns_surveillance(title) is kept


@pytest.mark.parametrize("title, kind", [
    ("RMB 850 million government concessional loan for", "government concessional loan"),
    ("$57.1 million preferential buyer’s credit for Phase 1", "preferential buyer's credit"),
    ("RMB 700 million export seller's credit to VimpelCom", "export seller's credit"),
    ("$100 million buyer’s credit to Axiata", "buyer's credit"),
    ("RMB 30 million interest-free loan for CCTV", "interest-free loan"),
    ("$10 million grant for ECU 911 Project", "grant"),
    ("ZTE plants 2,000 trees in Addis Ababa", None),
])
def test_financing_type_as_the_title_names_it(title, kind):
    assert titles.financing_type(title) == kind


# --- the import ----------------------------------------------------------------------------

def test_rows_are_selected_and_the_unknown_lender_rejected(data_dir):
    report = aiddata.run(FIXTURES / "gcdf3_small.csv", data_dir)
    found = financing(data_dir)
    assert report.read == 13
    assert sorted(found, key=int) == ["30450", "37016", "39281", "53273", "54984", "57033",
                                      "60729", "66849", "67214", "72965", "86378"]
    assert "90997" not in found                      # police motorcycles
    assert report.skipped == {"not a surveillance, safe-city or Huawei/ZTE/CEIEC row": 1}
    assert len(report.rejected) == 1 and "AidData 37442" in report.rejected[0]
    assert "[China-Venezuela Joint Fund]" in report.rejected[0]
    assert report.created == {"financing": 11}


def test_a_claim_carries_what_the_row_and_title_state(data_dir):
    aiddata.run(FIXTURES / "gcdf3_small.csv", data_dir)
    islamabad = financing(data_dir)["37016"]
    assert islamabad == {
        "id": "aiddata-37016",
        "label": "China Eximbank provides RMB 850 million government concessional loan for "
                 "Safe City Islamabad Project",
        "lender": "china-eximbank", "country": "PAK",
        "amount": 850000000, "currency": "CNY", "amount_usd_2021": 174885814.404555,
        "financing_type": "government concessional loan", "financing_kind": "loan",
        "purpose": "surveillance-security", "year": 2010,
        "status": "Completion", "aiddata_id": "37016", "technologies": ["safe-city"],
        "evidence": [{"source": "aiddata-gcdf-3", "row": "AidData.Record.ID=37016",
                      "locator": "https://china.aiddata.org/projects/37016/"}],
    }


@pytest.mark.parametrize("title, kind", [
    ("China Eximbank provides $28.3 million preferential buyer's credit for Surveillance Cameras",
     "export-credit"),
    ("MOFCOM provides RMB 30 million interest-free loan for CCTV Street Surveillance System",
     "loan"),
    ("Chinese Government provides $10 million grant for ECU 911 Project", "grant"),
    ("ZTE Mongolia Subsidiary donates 12,000 masks to Mongolian National Emergency Management",
     "in-kind-donation"),
    ("China's ZTE gifts third generation mobile phones to East Timor", "in-kind-donation"),
    ("ZTE plants 2,000 trees in Addis Ababa", None),           # the source names no finance
    ("Chinese Government provides funding for Phase 1 of the Safe City Project", None),
])
def test_financing_kind_from_the_title(title, kind):
    assert titles.financing_kind(title) == kind


@pytest.mark.parametrize("title, security, purpose", [
    ("China Eximbank provides RMB 850 million loan for Safe City Islamabad Project", True,
     "surveillance-security"),
    ("CDB provides $300 million loan to Megafon for the purchase of Huawei products", False,
     "telecommunications"),
    ("ZTE donates $4.4 million worth of telecommunications (CDMA) equipment", False,
     "telecommunications"),
    ("ZTE Mongolia Subsidiary donates 12,000 masks to Mongolian National Emergency Management",
     False, "other"),
    ("ZTE donates R1.15 million to Wits University for Scholarships for ICT Students", False,
     "other"),
])
def test_what_a_row_pays_for(title, security, purpose):
    assert titles.purpose(title, security) == purpose


def test_only_security_rows_are_financing_of_surveillance(data_dir):
    aiddata.run(FIXTURES / "gcdf3_small.csv", data_dir)
    found = financing(data_dir)
    assert found["37016"]["purpose"] == "surveillance-security"   # safe_city_surveillance
    assert found["67214"]["purpose"] == "surveillance-security"   # police, IP telephones
    assert found["60729"]["purpose"] == "other"                   # ZTE plants trees


def test_amounts_are_never_invented(data_dir):
    aiddata.run(FIXTURES / "gcdf3_small.csv", data_dir)
    found = financing(data_dir)
    assert "amount_usd_2021" not in found["39281"]          # empty column stays empty
    assert (found["39281"]["amount"], found["39281"]["currency"]) == (240000000, "USD")
    nigeria = found["30450"]
    assert "amount" not in nigeria and "currency" not in nigeria
    assert "'$399.5' has no unit" in nigeria["note"]
    assert nigeria["amount_usd_2021"] == 556394410.850598
    assert "amount" not in found["60729"]                  # "2,000 trees"


def test_lenders_borrowers_and_countries(data_dir):
    report = aiddata.run(FIXTURES / "gcdf3_small.csv", data_dir)
    found = financing(data_dir)
    assert found["39281"]["lender"] == "china-development-bank"   # "CDB provides ..."
    assert found["72965"]["lender"] == "mofcom"
    assert found["67214"]["lender"] == "chinese-government"       # "China provides ..."
    assert found["66849"]["lender"] == "icbc"                     # "ICBC, through VTB, ..."
    assert found["66849"]["borrower"] == "megafon"
    assert found["54984"]["borrower"] == "bolivia-police"
    assert found["67214"]["borrower"] == "serbia-ministry-of-interior"
    assert "borrower" not in found["37016"]
    assert "country" not in found["86378"]                         # "Africa, regional"
    assert found["53273"]["country"] == "CIV"                      # "Cote d'Ivoire"
    assert report.resolved["cdb"] == "china-development-bank"


def test_records_validate_against_the_contract(data_dir):
    aiddata.run(FIXTURES / "gcdf3_small.csv", data_dir)
    dataset = load_dataset(data_dir)
    assert len(dataset.records["financing"]) == 11


def test_same_file_same_bytes(data_dir):
    aiddata.run(FIXTURES / "gcdf3_small.csv", data_dir)
    first = (data_dir / "imported" / "aiddata-gcdf3.jsonl").read_bytes()
    aiddata.run(FIXTURES / "gcdf3_small.csv", data_dir)
    assert (data_dir / "imported" / "aiddata-gcdf3.jsonl").read_bytes() == first


@pytest.mark.parametrize("defect, message, line", [
    ("aiddata_bad_year.csv", "commitment year '20I6' is not a year", 3),
    ("aiddata_bad_amount.csv", "amount (constant 2021 USD) 'n/a' is not a number", 2),
    ("aiddata_unknown_recipient.csv", "unknown recipient 'Atlantis'", 2),
    ("aiddata_missing_column.csv", "missing column(s) 'match_categories'", 1),
])
def test_a_malformed_file_is_one_error_and_writes_nothing(data_dir, defect, message, line):
    with pytest.raises(KGError) as err:
        aiddata.run(FIXTURES / defect, data_dir)
    assert message in err.value.message
    assert (err.value.path, err.value.line) == (str(FIXTURES / defect), line)
    assert not (data_dir / "imported").exists()


def test_a_lender_table_entry_must_name_a_known_organisation(data_dir):
    config = data_dir / "config" / "aiddata.yaml"
    config.write_text(config.read_text("utf-8").replace("org: icbc", "org: icbk"), "utf-8")
    with pytest.raises(KGError, match="unknown organisation 'icbk'") as err:
        aiddata.run(FIXTURES / "gcdf3_small.csv", data_dir)
    assert err.value.path == str(config) and err.value.line == 7


def test_registered_as_aiddata():
    assert IMPORTERS["aiddata"] is aiddata.run


@needs_upstream
def test_upstream_subset(tmp_path):
    data_dir = copy_data(REPO_DATA, tmp_path)
    report = aiddata.run(UPSTREAM, data_dir)
    assert report.read == 223
    assert report.created == {"financing": 100}
    assert len(report.rejected) == 1 and "AidData 37442" in report.rejected[0]
    found = financing(data_dir)
    # SOURCE.md's sanity checks
    assert (found["37016"]["lender"], found["37016"]["amount"], found["37016"]["currency"]) == (
        "china-eximbank", 850000000, "CNY")
    assert (found["39281"]["lender"], found["39281"]["amount"]) == ("china-development-bank",
                                                                   240000000)
    assert (found["57033"]["lender"], found["57033"]["amount"]) == ("china-development-bank",
                                                                   178500000)
    assert (found["63248"]["lender"], found["63248"]["amount"]) == ("china-eximbank", 257900000)
    assert (found["59366"]["amount"], found["59366"]["currency"]) == (1225000000, "CNY")
    committed = REPO_DATA / "imported" / "aiddata-gcdf3.jsonl"
    assert (data_dir / "imported" / "aiddata-gcdf3.jsonl").read_bytes() == committed.read_bytes()
