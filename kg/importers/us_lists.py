"""US restriction lists -> Restriction claims, citing the government publications.

Three importers, one per list, each `run(file, data_dir)` writing data/imported/<name>.jsonl:

- `us-ndaa-889`: NDAA FY2019 section 889 (OpenSanctions' section_889.csv);
- `us-fcc-covered-list`: the FCC Covered List (OpenSanctions' table.csv);
- `us-dod-1260h`: the DoD section 1260H list, one row per listing period (sanctions.csv).

Names are resolved through the reviewed alias table (data/organizations) for 889 and the FCC
list, and through data/config/us-1260h-vendors.yaml for 1260H, whose other entries are counted
as skipped. A name that does not resolve is rejected and reported, never made an organisation.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Callable

from kg.errors import KGError
from kg.importers.base import normalize_name, organization_names, write_records
from kg.importers.upstream import (
    Row, SkipReport, iso_date, output_path, read_config, read_csv,
)

# --- NDAA section 889 ---------------------------------------------------------------------
# What section 889(f)(3) covers for each named company (from the law's text): (A) Huawei and
# ZTE telecommunications equipment; (B) the other three, for security purposes only.
CLAUSE_A = ("(f)(3)(A)", "Telecommunications equipment produced by {name} (or any subsidiary or "
            "affiliate of it).")
CLAUSE_B = ("(f)(3)(B)", "Video surveillance and telecommunications equipment produced by {name} "
            "(or any subsidiary or affiliate of it), for the purpose of public safety, security "
            "of government facilities, physical security surveillance of critical "
            "infrastructure, and other national security purposes.")
NDAA_CLAUSES = {"huawei": CLAUSE_A, "zte": CLAUSE_A, "hytera": CLAUSE_B, "hikvision": CLAUSE_B,
                "dahua": CLAUSE_B}
# Section 889(c): (a)(1)(A) takes effect one year after enactment (13 Aug 2018).
NDAA_START = "2019-08-13"
NDAA_NOTE = ("Enacted 2018-08-13. Section 889(c): the ban on executive agencies procuring covered "
             "equipment (889(a)(1)(A)) took effect one year after enactment, 2019-08-13; the ban "
             "on contracting with entities that use it (889(a)(1)(B)) and on loan and grant "
             "funds (889(b)) two years after, 2020-08-13.")

# --- FCC Covered List ---------------------------------------------------------------------
FCC_SOURCE = "us-fcc-covered-list"
FCC_CITATION = "Secure and Trusted Communications Networks Act of 2019, section 2"
FCC_TEXT, FCC_DATE = "covered_equipment_or_services", "date_of_inclusion_on_covered_list"
# The company an entry covers: "... produced by X, including ...", "... provided by X subject
# to section 214 ...", "... supplied, directly or indirectly, by X or any of its ...".
FCC_COMPANY = re.compile(
    r"(?:produced|provided|supplied)(?: or provided)?(?:, directly or indirectly,)? by "
    r"(?P<name>.+?)(?=,? subject to |, including |, to the extent | or any | and its |\.?$)")

# --- DoD section 1260H --------------------------------------------------------------------
DOD_LIST = "us-dod-1260h-list"
DOD_CITATION = ("Section 1260H, William M. (\"Mac\") Thornberry National Defense Authorization Act "
                "for Fiscal Year 2021 (Pub. L. 116-283)")
DOD_COLUMNS = ["Name", "Clean Name", "Alias", "Parent Name", "Note", "Start date", "End date",
               "Source Url"]
VENDORS = "us-1260h-vendors.yaml"
# Editions another import holds whole: the June 2026 list comes from `kg import us-lists`
# (the Federal Register notice 91 FR 35189 of 10 June 2026, all 80 entries), so its rows here
# would state the same listings twice.
EDITIONS_ELSEWHERE = {"2026-06-08": "the June 2026 edition: imported whole by `kg import "
                                    "us-lists` (91 FR 35189)"}


def loose(name: str) -> str:
    """Return a name folded for matching: case, spaces and punctuation ignored."""
    return " ".join(re.sub(r"[^\w&]+", " ", name.casefold()).split())


def source_urls(data_dir: str | Path) -> dict[str, str]:
    """Return {url: source id} for every declared source that has a URL."""
    from kg.records.dataset import read_records, record_files

    urls: dict[str, str] = {}
    for path in record_files(data_dir):
        for raw in read_records(path).get("sources", []) or []:
            if raw.get("url"):
                urls.setdefault(str(raw["url"]), raw["id"])
    return urls


def claim(rid: str, authority: str, target: str, instrument: str, **fields) -> dict:
    """Return a Restriction record with its fields in the order curators read them."""
    record = {"id": rid, "authority": authority, "target": target, "instrument": instrument}
    record.update({k: v for k, v in fields.items() if v})
    return record


def ndaa_records(path: Path, data_dir: str | Path, report: SkipReport) -> list[dict]:
    """Return one NDAA 889 restriction per named company."""
    names, urls = organization_names(data_dir), source_urls(data_dir)
    records = []
    for row in read_csv(path, ["name", "program", "source_url"])[1]:
        report.read += 1
        target = names.get(normalize_name(row["name"]))
        if target is None:
            report.rejected.append(f"line {row.line}: {row['name']!r} is not in the alias table")
            continue
        source = urls.get(row["source_url"])
        if source is None:
            raise KGError(f"no source record has the URL {row['source_url']!r}: declare it in "
                          "data/sources/us-lists.yaml", path, row.line)
        report.resolved[row["name"]] = target
        clause, scope = NDAA_CLAUSES.get(target, ("", "Covered telecommunications equipment or "
                                                  "services of {name}."))
        records.append(claim(
            f"us-ndaa-889-{target}", "us-congress", target, "ndaa-889", start=NDAA_START,
            legal_citation=row["program"] or "Pub. L. 115-232, section 889",
            scope=scope.format(name=row["name"]), note=NDAA_NOTE,
            evidence=[{"source": source, "summary": f"names {row['name']}",
                       "locator": f"section 889{clause}"}],
        ))
    return records


def fcc_date(text: str, path: Path, line: int) -> tuple[str, list[str]]:
    """Return the inclusion date and any later 'Updated:' dates of a Covered List entry."""
    dates = []
    for part in (p.strip() for p in text.split("Updated:")):
        try:
            dates.append(dt.datetime.strptime(part, "%B %d, %Y").date().isoformat())
        except ValueError:
            raise KGError(f"date of inclusion {text!r} is not a date like 'March 12, 2021'",
                          path, line) from None
    return dates[0], dates[1:]


def fcc_records(path: Path, data_dir: str | Path, report: SkipReport) -> list[dict]:
    """Return one Covered List restriction per entry that names a company."""
    names = organization_names(data_dir)
    records = []
    for row in read_csv(path, [FCC_TEXT, FCC_DATE])[1]:
        report.read += 1
        text = " ".join(row[FCC_TEXT].split())
        found = FCC_COMPANY.search(text)
        if found is None:
            report.skip("entry names no company (a class of foreign-produced equipment)")
            continue
        name = found["name"].strip()
        target = names.get(normalize_name(name))
        if target is None:
            report.rejected.append(f"line {row.line}: {name!r} is not in the alias table")
            continue
        report.resolved[name] = target
        start, updates = fcc_date(row[FCC_DATE], path, row.line)
        note = f"Entry updated {', '.join(updates)}." if updates else None
        records.append(claim(
            f"us-fcc-covered-list-{target}-{start}", "us-fcc", target, "fcc-covered-list",
            start=start, legal_citation=FCC_CITATION, scope=text, note=note,
            evidence=[{"source": FCC_SOURCE, "summary": f"lists {name}, included {start}"}],
        ))
    return records


def vendors(data_dir: str | Path) -> dict[str, str]:
    """Return the reviewed 1260H table: listed name (folded) -> organisation id."""
    known = set(organization_names(data_dir).values())
    items = read_config(data_dir, VENDORS, "vendors")
    table = {}
    for i, item in enumerate(items):
        where = (Path(data_dir) / "config" / VENDORS, items.line_of(i))
        if not isinstance(item, dict) or set(item) != {"name", "org"}:
            raise KGError("each vendors entry needs `name` and `org`", *where)
        if item["org"] not in known:
            raise KGError(f"unknown organisation {item['org']!r}: add it to data/organizations/",
                          *where)
        table[loose(str(item["name"]))] = item["org"]
    return table


def dod_period(row: Row, path: Path) -> tuple[str, str | None]:
    """Return a 1260H row's listing period; raise when it is missing or runs backwards."""
    start = iso_date(row["Start date"], path, row.line, "start date")
    end = iso_date(row["End date"], path, row.line, "end date")
    if start is None:
        raise KGError("a listing period without a start date", path, row.line)
    if end is not None and end < start:
        raise KGError(f"listing ends ({end}) before it starts ({start})", path, row.line)
    return start, end


def dod_records(path: Path, data_dir: str | Path, report: SkipReport) -> list[dict]:
    """Return one 1260H restriction per vendor and listing period, evidence from each row."""
    table, urls = vendors(data_dir), source_urls(data_dir)
    groups: dict[tuple[str, str, str], list[tuple[Row, str]]] = {}
    for row in read_csv(path, DOD_COLUMNS)[1]:
        report.read += 1
        start, end = dod_period(row, path)
        if start in EDITIONS_ELSEWHERE:
            report.skip(EDITIONS_ELSEWHERE[start])
            continue
        target = table.get(loose(row["Clean Name"]))
        if target is None:
            report.skip("not a surveillance or telecom vendor in data/config/us-1260h-vendors.yaml")
            continue
        source = urls.get(row["Source Url"], DOD_LIST) if row["Source Url"] else DOD_LIST
        if row["Source Url"] and row["Source Url"] not in urls:
            raise KGError(f"no source record has the edition URL {row['Source Url']!r}: declare "
                          "it in data/sources/us-lists.yaml", path, row.line)
        report.resolved[row["Clean Name"]] = target
        groups.setdefault((target, start, end or ""), []).append((row, source))
    records = []
    for (target, start, end), rows in sorted(groups.items()):
        listed = [r["Clean Name"] + (f" (parent: {r['Parent Name']})" if r["Parent Name"] else "")
                  for r, _ in rows]
        notes = sorted({r["Note"] for r, _ in rows if r["Note"]})
        period = f"listed {start}" + (f", removed {end}" if end else "")
        records.append(claim(
            f"us-dod-1260h-{target}-{start}" + (f"-to-{end}" if end else ""), "us-dod", target,
            "dod-1260h", start=start, end=end or None, legal_citation=DOD_CITATION,
            scope="Identified as a Chinese military company operating in the United States: "
                  + "; ".join(listed).rstrip(".") + ".",
            note=" ".join(notes) or None,
            evidence=[{"source": source, "summary": f"lists {r['Name']}: {period}"}
                      for r, source in rows],
        ))
    return records


LISTS: dict[str, tuple[str, Callable[[Path, str | Path, SkipReport], list[dict]], str]] = {
    "us-ndaa-889": ("us-ndaa-889.jsonl", ndaa_records, "NDAA FY2019 section 889"),
    "us-fcc-covered-list": ("us-fcc-covered-list.jsonl", fcc_records, "the FCC Covered List"),
    "us-dod-1260h": ("us-dod-1260h.jsonl", dod_records, "the DoD section 1260H list"),
}


def run_list(name: str, upstream_file: str | Path, data_dir: str | Path) -> SkipReport:
    """Import one US list into data/imported/<name>.jsonl; return what was done."""
    path = Path(upstream_file)
    if not path.is_file():
        raise KGError("no such file", path)
    filename, reader, title = LISTS[name]
    out = output_path(data_dir, filename)
    report = SkipReport(name, str(path), str(out))
    records = reader(path, data_dir, report)
    header = (f"Restrictions under {title}, imported by `kg import {name}` from {path.name}\n"
              "(OpenSanctions' transcription, CC BY-NC 4.0; the claims cite the government "
              "publication).\nDo not edit: re-run the import.")
    write_records(out, {"restrictions": records}, header)
    report.created = {"restrictions": len(records)}
    return report


def run_ndaa_889(upstream_file: str | Path, data_dir: str | Path) -> SkipReport:
    """Import NDAA section 889 (section_889.csv)."""
    return run_list("us-ndaa-889", upstream_file, data_dir)


def run_fcc_covered_list(upstream_file: str | Path, data_dir: str | Path) -> SkipReport:
    """Import the FCC Covered List (table.csv)."""
    return run_list("us-fcc-covered-list", upstream_file, data_dir)


def run_dod_1260h(upstream_file: str | Path, data_dir: str | Path) -> SkipReport:
    """Import the DoD section 1260H list (sanctions.csv)."""
    return run_list("us-dod-1260h", upstream_file, data_dir)
