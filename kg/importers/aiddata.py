"""AidData GCDF 3.0 security subset -> Financing claims (`kg import aiddata FILE`).

Reads `gcdf3_security_surveillance_projects.csv` and keeps rows whose `match_categories` hold
`safe_city_surveillance` or `huawei_zte_ceiec_linked`, and `police_security_assistance` rows
whose title concerns surveillance or communications equipment (`titles.concerns_surveillance`).
The lender is read from the start of the title through the reviewed table in
data/config/aiddata.yaml; a row whose lender is not in the table is rejected and reported.
Amount and currency are taken only where the title states them; the constant-2021-USD amount
comes from its column. `run` writes data/imported/aiddata-gcdf3.jsonl and returns the report.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from kg.records.countries import resolve_country
from kg.errors import KGError
from kg.importers import titles
from kg.importers.base import normalize_name, organization_names, write_records
from kg.importers.upstream import Row, SkipReport, output_path, read_config, read_csv

SOURCE = "aiddata-gcdf-3"
OUTPUT = "aiddata-gcdf3.jsonl"
CONFIG = "aiddata.yaml"
PROJECT_URL = "https://china.aiddata.org/projects/{}/"  # the pattern SOURCE.md gives
ID, AMOUNT, TITLE, STATUS = ("AidData.Record.ID", "Amount.(Constant.USD.2021)", "Title",
                             "Status")
RECIPIENT, ISO3, YEAR, CATEGORIES = ("Recipient", "Recipient.ISO-3", "Commitment.Year",
                                     "match_categories")
COLUMNS = [ID, AMOUNT, TITLE, STATUS, RECIPIENT, ISO3, YEAR, CATEGORIES]
CORE = {"safe_city_surveillance", "huawei_zte_ceiec_linked"}
POLICE = "police_security_assistance"


class Tables:
    """The reviewed name tables of data/config/aiddata.yaml, checked against the organisations."""

    def __init__(self, data_dir: str | Path):
        known = set(organization_names(data_dir).values())
        where = Path(data_dir) / "config" / CONFIG

        def entries(key: str, field: str) -> list[tuple[str, str]]:
            items = read_config(data_dir, CONFIG, key)
            out = []
            for i, item in enumerate(items):
                line = items.line_of(i) if hasattr(items, "line_of") else None
                if not isinstance(item, dict) or set(item) != {field, "org"}:
                    raise KGError(f"each {key} entry needs `{field}` and `org`", where, line)
                if item["org"] not in known:
                    raise KGError(f"unknown organisation {item['org']!r}: add it to "
                                  "data/organizations/ first", where, line)
                out.append((normalize_name(titles.normalise(str(item[field]))), item["org"]))
            return out

        # Longest prefix first, so "China Eximbank" wins over a shorter entry it starts with.
        self.lenders = sorted(entries("lenders", "prefix"), key=lambda e: -len(e[0]))
        self.borrowers = entries("borrowers", "name")
        self.regions = {normalize_name(r) for r in read_config(data_dir, CONFIG, "regions")}

    def lender(self, title: str) -> tuple[str, str] | None:
        """Return (phrase, org id) for the lender the title starts with, or None."""
        lowered = normalize_name(titles.normalise(title))
        for prefix, org in self.lenders:
            if lowered.startswith(prefix) and not lowered[len(prefix):len(prefix) + 1].isalnum():
                return prefix, org
        return None

    def borrower(self, title: str) -> str | None:
        """Return the one organisation in the borrower table the title names, else None."""
        lowered = normalize_name(titles.normalise(title))
        found = {org for name, org in self.borrowers
                 if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", lowered)}
        return found.pop() if len(found) == 1 else None


# Categories that make a row assistance to surveillance or security: AidData's keyword match
# for safe-city and surveillance projects, and its police and security-assistance match (kept
# only for surveillance or communications equipment, see `selected`).
SECURITY = {"safe_city_surveillance", POLICE}


def _categories(row: Row) -> set[str]:
    return {c.strip() for c in row[CATEGORIES].split(";") if c.strip()}


def selected(row: Row) -> str | None:
    """Return why a row is kept (its deciding category), or None when it is left out."""
    categories = _categories(row)
    core = sorted(categories & CORE)
    if core:
        return core[0]
    if POLICE in categories and titles.concerns_surveillance(row[TITLE]):
        return POLICE
    return None


def number(text: str, path: Path, row: Row, what: str) -> Decimal | None:
    """Return a numeric cell as a Decimal (None when empty); raise on anything else."""
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or value < 0:
        raise KGError(f"{what} {text!r} is not a number", path, row.line)
    return value


def plain(value: Decimal) -> int | float:
    """Return a YAML-friendly number that reads back as the same Decimal."""
    if value == value.to_integral():
        return int(value)
    as_float = float(value)
    if Decimal(repr(as_float)) != value:  # never write a rounded amount
        raise ValueError(f"{value} does not survive a YAML float")
    return as_float


def country(row: Row, path: Path, tables: Tables) -> str | None:
    """Return the recipient's ISO3 code, None for a regional recipient; raise when unknown."""
    name, code = row[RECIPIENT], row[ISO3].upper()
    if not code and normalize_name(name) in tables.regions:
        return None
    resolved = resolve_country(name)
    if resolved is None:
        raise KGError(f"unknown recipient {name!r}: add the spelling to kg/records/countries.py "
                      "SPELLINGS (or to `regions` in data/config/aiddata.yaml)", path, row.line)
    if resolved != code:
        raise KGError(f"recipient {name!r} is {resolved}, but the row's code is {code!r}",
                      path, row.line)
    return resolved


def record(row: Row, path: Path, tables: Tables, lender: str) -> dict:
    """Return the Financing record for one kept row."""
    title = titles.normalise(row[TITLE])
    pid = row[ID]
    if not re.fullmatch(r"\d+", pid):
        raise KGError(f"AidData id {pid!r} is not a number", path, row.line)
    if not re.fullmatch(r"\d{4}", row[YEAR]):
        raise KGError(f"commitment year {row[YEAR]!r} is not a year", path, row.line)
    rec: dict = {"id": f"aiddata-{pid}", "label": title, "lender": lender}
    borrower = tables.borrower(title)
    if borrower:
        rec["borrower"] = borrower
    code = country(row, path, tables)
    if code:
        rec["country"] = code
    stated = titles.money(title)
    if stated:
        rec["amount"], rec["currency"] = plain(stated[0]), stated[1]
    usd = number(row[AMOUNT], path, row, "amount (constant 2021 USD)")
    if usd is not None:
        rec["amount_usd_2021"] = plain(usd)
    kind = titles.financing_type(title)
    if kind:
        rec["financing_type"] = kind
    category = titles.financing_kind(title)
    if category:
        rec["financing_kind"] = category
    rec["purpose"] = titles.purpose(title, security=bool(_categories(row) & SECURITY))
    rec["year"] = int(row[YEAR])
    if row[STATUS]:
        rec["status"] = row[STATUS]
    rec["aiddata_id"] = pid
    techs = titles.technologies(title)
    if techs:
        rec["technologies"] = techs
    figure = titles.unstated_amount(title)
    if figure:
        rec["note"] = (f"The title's figure {figure!r} has no unit (million? billion?), so no "
                       "amount is taken from it; amount_usd_2021 is AidData's own figure.")
    rec["evidence"] = [{"source": SOURCE, "row": f"{ID}={pid}",
                        "locator": PROJECT_URL.format(pid)}]
    return rec


def build(path: Path, data_dir: str | Path, report: SkipReport) -> list[dict]:
    """Return the Financing records of the kept rows, filling in the report."""
    tables = Tables(data_dir)
    rows = read_csv(path, COLUMNS)[1]
    report.read = len(rows)
    records, seen = [], {}
    for row in rows:
        if selected(row) is None:
            report.skip("not a surveillance, safe-city or Huawei/ZTE/CEIEC row")
            continue
        if row[ID] in seen:
            raise KGError(f"AidData id {row[ID]} repeated (first at line {seen[row[ID]]})",
                          path, row.line)
        seen[row[ID]] = row.line
        found = tables.lender(row[TITLE])
        if found is None:
            report.rejected.append(f"line {row.line} (AidData {row[ID]}): no lender in "
                                   f"data/config/aiddata.yaml starts the title {row[TITLE]!r}")
            continue
        report.resolved[found[0]] = found[1]
        records.append(record(row, path, tables, found[1]))
    records.sort(key=lambda r: int(r["aiddata_id"]))
    return records


def run(upstream_file: str | Path, data_dir: str | Path) -> SkipReport:
    """Import the AidData security subset into data/imported/aiddata-gcdf3.jsonl."""
    path = Path(upstream_file)
    if not path.is_file():
        raise KGError("no such file", path)
    out = output_path(data_dir, OUTPUT)
    report = SkipReport("aiddata", str(path), str(out))
    records = build(path, data_dir, report)
    header = (f"Chinese official finance for surveillance, safe-city and Huawei/ZTE/CEIEC projects,\n"
              f"imported by `kg import aiddata` from {path.name} (AidData GCDF 3.0 subset).\n"
              "Do not edit: re-run the import.")
    write_records(out, {"financing": records}, header)
    report.created = {"financing": len(records)}
    return report
