"""Belt and Road membership from the Green Finance & Development Center (GFDC) country lists.

`kg import bri FILE` reads both vintages: FILE is either list (or their folder), and the other
is found next to it by its header:

- Dec 2023 workbook `23_12_BRI-countries-public.xlsx`, sheet "BRI countries" (preferred), or its
  CSV conversion (`country,iso3,region,income_group,likely_date_of_joining,likely_date_of_exit`);
- May 2025 list (`iso3,name,region,income,mou,exit`).

One Membership per country except China (the initiative's originator, not a member): start is
the likely joining date, end the likely exit date. Where the lists differ the later list wins
and both are cited; reviewed corrections of known defects (Italy's day/month swap) are applied
to the older list with a note. `run` returns an ImportReport and writes
data/imported/bri-gfdc.jsonl.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.records.countries import resolve_country
from kg.errors import KGError
from kg.importers.base import ImportReport, write_records
from kg.importers.upstream import iso_date, output_path, read_csv

INITIATIVE = "belt-and-road"
OUTPUT = "bri-gfdc.jsonl"
SHEET = "BRI countries"
EXCLUDED = {"CHN": "China launched the initiative; GFDC lists it but it is not a member"}

# (vintage, iso3, field): (value as published, corrected value, why). Applied only when the
# published value is exactly the known wrong one, so a fixed upstream file is left alone.
CORRECTIONS = {
    ("2023-12", "ITA", "end"): (
        "2023-06-12", "2023-12-06",
        "GFDC Dec 2023 gives Italy's exit as 2023-06-12, a day/month swap: Italy notified its "
        "withdrawal in early December 2023, and the May 2025 GFDC list gives 2023-12-06"),
}


@dataclass(frozen=True)
class Vintage:
    """How to read one GFDC list: its columns, its source record and how rows are cited."""

    key: str
    source: str
    name: str
    iso3: str
    start: str
    end: str
    label: str


V2023 = Vintage("2023-12", "gfdc-2023-12-bri-countries", "country", "iso3",
                "likely_date_of_joining", "likely_date_of_exit", "GFDC Dec 2023")
V2025 = Vintage("2025-05", "gfdc-2025-05-bri-countries", "name", "iso3", "mou", "exit",
                "GFDC May 2025")
XLSX_COLUMNS = {"Country": "country", "Country Code": "iso3",
                "Likely date of joining": "likely_date_of_joining",
                "Likely date of exit": "likely_date_of_exit"}


@dataclass
class Entry:
    """One country row of one list, dates already checked."""

    iso3: str
    name: str
    line: int
    start: str | None
    end: str | None
    notes: list[str] = field(default_factory=list)


def vintage_of(path: Path) -> Vintage | None:
    """Return which GFDC list a file is, from its format and header; None when neither."""
    if path.suffix.lower() == ".xlsx":
        return V2023
    if path.suffix.lower() != ".csv":
        return None
    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        head = handle.readline().strip().split(",")
    if head[:2] == ["country", "iso3"]:
        return V2023
    if head[:2] == ["iso3", "name"]:
        return V2025
    return None


def locate(path: str | Path) -> dict[str, Path]:
    """Return the file to read for each vintage: the one given, the other from its folder."""
    path = Path(path)
    if not path.exists():
        raise KGError("no such file", path)
    given = None if path.is_dir() else vintage_of(path)
    if not path.is_dir() and given is None:
        raise KGError("not a GFDC BRI country list (expected the Dec 2023 workbook or CSV, "
                      "or the May 2025 CSV)", path, 1)
    folder = path if path.is_dir() else path.parent
    found: dict[str, Path] = {given.key: path} if given else {}
    # The workbook is the original publication; its CSV conversion is the fallback.
    for other in sorted(folder.iterdir(), key=lambda p: (p.suffix.lower() != ".xlsx", p.name)):
        vintage = vintage_of(other) if other.is_file() else None
        if vintage is not None and vintage.key not in found:
            found[vintage.key] = other
    for vintage in (V2023, V2025):
        if vintage.key not in found:
            raise KGError(f"the {vintage.label} BRI list is not in {folder}: both lists are "
                          "needed (the later one wins where they differ)", path)
    return found


def read_xlsx(path: Path) -> list[tuple[int, dict[str, object]]]:
    """Return (sheet row, values by CSV column name) for the workbook's data rows."""
    from openpyxl import load_workbook  # only this reader needs it

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many types for a damaged file
        raise KGError(f"cannot read the workbook: {err}", path) from None
    try:
        if SHEET not in book.sheetnames:
            raise KGError(f"no sheet {SHEET!r} (sheets: {', '.join(book.sheetnames)})", path)
        rows = book[SHEET].iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
        missing = [c for c in XLSX_COLUMNS if c not in header]
        if missing:
            raise KGError(f"missing column(s) {', '.join(map(repr, missing))} in sheet "
                          f"{SHEET!r}", path, 1)
        out = []
        for number, cells in enumerate(rows, start=2):
            values = dict(zip(header, cells))
            if any(v not in (None, "") for v in values.values()):
                out.append((number, {XLSX_COLUMNS[c]: values.get(c) for c in XLSX_COLUMNS}))
        return out
    finally:
        book.close()


def read_list(path: Path, vintage: Vintage) -> dict[str, Entry]:
    """Return the list's countries by ISO3, names resolved and dates checked."""
    if path.suffix.lower() == ".xlsx":
        rows = read_xlsx(path)
    else:
        wanted = [vintage.name, vintage.iso3, vintage.start, vintage.end]
        rows = [(r.line, r.values) for r in read_csv(path, wanted)[1]]
    entries: dict[str, Entry] = {}
    for line, values in rows:
        name = str(values[vintage.name] or "").strip()
        code = str(values[vintage.iso3] or "").strip().upper()
        resolved = resolve_country(name)
        if resolved is None:
            raise KGError(f"unknown country {name!r}: add the spelling to "
                          "kg/records/countries.py SPELLINGS", path, line)
        if resolved != code:
            raise KGError(f"country {name!r} is {resolved}, but the row's code is {code!r}",
                          path, line)
        if code in entries:
            raise KGError(f"{code} listed twice (first at line {entries[code].line})", path, line)
        entry = Entry(code, name, line, iso_date(values[vintage.start], path, line, "joining date"),
                      iso_date(values[vintage.end], path, line, "exit date"))
        for attr in ("start", "end"):
            fix = CORRECTIONS.get((vintage.key, code, attr))
            if fix and getattr(entry, attr) == fix[0]:
                setattr(entry, attr, fix[1])
                entry.notes.append(f"{fix[2]}; corrected here to {fix[1]}.")
        entries[code] = entry
    return entries


def merge(old: Entry | None, new: Entry | None) -> tuple[str | None, str | None, list[str]]:
    """Return start, end and notes for a country from both lists; the later list wins."""
    notes = [*(old.notes if old else []), *(new.notes if new else [])]
    if old is None:
        notes.append(f"Not in the {V2023.label} list; first listed in {V2025.label}.")
        return new.start, new.end, notes
    if new is None:
        notes.append(f"Not in the {V2025.label} list; kept as {V2023.label} gives it.")
        return old.start, old.end, notes
    for what, a, b in (("joining", old.start, new.start), ("exit", old.end, new.end)):
        if a != b:
            notes.append(f"Likely {what} date: {V2023.label} {a or 'none'}, "
                         f"{V2025.label} {b or 'none'}; the later list is used.")
    if new.start is None:
        notes.append("GFDC gives no likely joining date.")
    return new.start, new.end, notes


def build(files: dict[str, Path], report: ImportReport) -> list[dict]:
    """Return the Membership records for every country in either list except China."""
    old, new = read_list(files[V2023.key], V2023), read_list(files[V2025.key], V2025)
    report.read = len(old) + len(new)
    records = []
    for code in sorted(set(old) | set(new)):
        if code in EXCLUDED:
            continue
        start, end, notes = merge(old.get(code), new.get(code))
        record: dict = {"id": f"bri-membership-{code.lower()}", "member": code,
                        "initiative": INITIATIVE}
        if start:
            record["start"] = start
        if end:
            record["end"] = end
        if notes:
            record["note"] = " ".join(notes)
        record["evidence"] = [
            {"source": v.source, "row": f"{v.name}={e.name} ({code}), row {e.line}"}
            for v, e in ((V2023, old.get(code)), (V2025, new.get(code))) if e is not None
        ]
        for entry in (old.get(code), new.get(code)):
            if entry is not None:
                report.resolved[entry.name] = code
        records.append(record)
    return records


def run(upstream_file: str | Path, data_dir: str | Path) -> ImportReport:
    """Import both GFDC lists into data/imported/bri-gfdc.jsonl; return what was done."""
    files = locate(upstream_file)
    out = output_path(data_dir, OUTPUT)
    report = ImportReport("bri", ", ".join(str(files[k]) for k in sorted(files)), str(out))
    records = build(files, report)
    header = (f"Belt and Road memberships imported by `kg import bri` from\n"
              f"  {files[V2023.key].name} ({V2023.label}) and {files[V2025.key].name} "
              f"({V2025.label}).\nDates are GFDC's likely dates. Do not edit: re-run the import.")
    write_records(out, {"memberships": records}, header)
    report.created = {"memberships": len(records)}
    return report
