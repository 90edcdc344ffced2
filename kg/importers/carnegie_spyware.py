"""Carnegie's Global Inventory of Commercial Spyware & Digital Forensics -> use claims
(`kg import carnegie-spyware FILE`).

Reads `spy3.csv`. A row says the government of a country used spyware, digital forensics or
IoT hacking from a commercial firm, so each row becomes one Supply with strength
`reported-use`, `lower_confidence: true` where the row is marked "x", and the period of use as
held dates where `kg.importers.periods` reads it without doubt (else the text goes in a note).
The "Year of disclosure" is when the use was recorded, not when it held: it stays in the row
evidence, with the row's key cells and the URLs the row cites. The Description is the tracker's
own sentence, so it is a `quote` of the inventory (not of the URLs it cites).

The URLs are kept in the row evidence rather than declared as sources of their own: the
project has not read them, and declaring 248 of them would make every row look backed by
several independent sources when it rests on one tracker's reading of them.

Firms resolve through the reviewed names (`organization_names`, this importer's own output
left out); a firm nobody has reviewed is created as a company, with its home country when the
row names one country of origin. A name in data/config/carnegie-spyware-not-organizations.yaml
is no firm: the row gives no supply claim (reported as rejected) but still records the
country's use of the technology (a TechnologyUse, no vendor implied). Countries resolve through
`kg.records.countries`; a row whose country is unknown is rejected with its line.

The file's defect: where a Description holds a comma outside quotes, the CSV splits it and the
rest of the row moves one cell right; such a row is joined back (and reported as repaired) when
the cell after the split is the confidence flag, otherwise rejected.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from kg.errors import KGError
from kg.importers.aigs import declared_sources, reviewed_names
from kg.importers.base import ImportReport, normalize_name, organization_names, write_records
from kg.importers.periods import held_dates
from kg.importers.tables import Table, read_table
from kg.importers.upstream import output_path, slug
from kg.records.countries import resolve_country
from kg.records.dataset import record_files
from kg.records.models import BY_KIND
from kg.records.reader import read_yaml

DATASET = "carnegie-spyware"
SOURCE = "carnegie-spyware-2023"
OUTPUT = "carnegie-spyware.yaml"
NOT_ORGANIZATIONS = Path("config") / "carnegie-spyware-not-organizations.yaml"
COUNTRY, CATEGORY, PERIOD, DISCLOSED = ("Country of deployment", "Category of technology",
                                        "Period of use", "Year of disclosure")
FIRM, ORIGIN, DESCRIPTION, LOWER = ("Commercial Entity", "Country of origin", "Description",
                                    "Lower confidence sources")
FIRST_SOURCE = "Source 1"
COLUMNS = [COUNTRY, CATEGORY, PERIOD, DISCLOSED, FIRM, ORIGIN, DESCRIPTION, LOWER, FIRST_SOURCE]
TECHNOLOGIES = {"spyware": "spyware", "digital forensics": "digital-forensics",
                "iot hacking": "iot-hacking"}
FLAGS = {"": False, "x": True}
_URL = re.compile(r"^https?://\S+$")


@dataclass
class SpywareReport(ImportReport):
    """An ImportReport that also names the firms created and the rows joined back."""

    new_firms: list[str] = field(default_factory=list)   # "Name (id)"
    repaired: list[str] = field(default_factory=list)    # "line N: why"

    def lines(self) -> list[str]:
        out = super().lines()
        extra = [f"  created organisation {name}" for name in self.new_firms]
        if self.repaired:
            extra.append(f"repaired {len(self.repaired)} rows whose Description was split at "
                         "a comma")
            extra += [f"  repaired {r}" for r in self.repaired]
        return out[:2] + extra + out[2:]


def text(cell: str) -> str:
    """Return a cell composed (NFC) with its whitespace collapsed: 'Paraben ' is 'Paraben'."""
    return " ".join(unicodedata.normalize("NFC", cell).split())


class Rows:
    """The rows of the file as cells by column, the split Descriptions joined back."""

    def __init__(self, table: Table, report: SpywareReport):
        table.require(COLUMNS)
        self.table, self.report = table, report
        header = table.header
        self.at = {name: header.index(name) for name in COLUMNS}
        first = self.at[FIRST_SOURCE]
        # The sources run from "Source 1" to the end: "Source N" and the unnamed export
        # columns after them, which some rows use for an 8th and 9th URL.
        if any(h and not h.startswith("Source ") for h in header[first:]):
            raise table.error("expected only Source columns after 'Source 1'", table.header_line)
        if self.at[LOWER] != self.at[DESCRIPTION] + 1:
            raise table.error(f"expected {LOWER!r} right after {DESCRIPTION!r}", table.header_line)

    def joined(self, line: int, cells: list[str]) -> list[str] | None:
        """Return the cells with a split Description joined back, None when it cannot be."""
        at = self.at[LOWER]
        end = at
        while end < len(cells) and text(cells[end]).lower() not in FLAGS \
                and not _URL.match(text(cells[end])):
            end += 1
        if end == at:
            return cells
        if end >= len(cells) or text(cells[end]).lower() not in FLAGS:
            return None
        description = ",".join(cells[self.at[DESCRIPTION]:end])
        self.report.repaired.append(f"line {line}: Description split at a comma, "
                                    f"{end - at} cell(s) joined back")
        return cells[:self.at[DESCRIPTION]] + [description] + cells[end:]

    def __iter__(self):
        """Yield (line, {column: text}, [urls]) per row; rows it cannot read are rejected."""
        for line, cells in self.table.rows:
            cells = self.joined(line, cells)
            if cells is None:
                self.report.rejected.append(
                    f"line {line}: the Description is split at a comma and no confidence "
                    "flag follows it, so the row's cells cannot be placed")
                continue
            values = {c: text(cells[i]) if i < len(cells) else "" for c, i in self.at.items()}
            urls = [text(c) for c in cells[self.at[FIRST_SOURCE]:] if text(c)]
            bad = [u for u in urls if not _URL.match(u)]
            if bad:
                self.report.rejected.append(f"line {line}: source cell {bad[0]!r} is not a URL")
                continue
            yield line, values, list(dict.fromkeys(urls))   # a URL listed twice is cited once


def row_evidence(values: dict[str, str], urls: list[str]) -> list[dict[str, str]]:
    """Return the row entry (key cells, disclosure year, URLs) and the Description quote."""
    cells = [f"{c}={values[c]}" for c in (COUNTRY, FIRM, CATEGORY, PERIOD, DISCLOSED, LOWER)
             if values[c]]
    if urls:
        cells.append("Sources=" + " ".join(urls))
    evidence = [{"source": SOURCE, "row": "; ".join(cells)}]
    if values[DESCRIPTION]:
        evidence.append({"source": SOURCE, "quote": values[DESCRIPTION],
                         "locator": f"{DESCRIPTION} of the row {cells[0]}; {cells[1]}"})
    return evidence


class Import:
    """The records of one import: supplies, technology uses and the firms created."""

    def __init__(self, data_dir: Path, out: Path, report: SpywareReport):
        self.data_dir, self.report = data_dir, report
        if SOURCE not in declared_sources(data_dir):
            raise KGError(f"source {SOURCE!r} is not declared: add it to "
                          "data/sources/carnegie-spyware.yaml", data_dir / "sources")
        self.names = organization_names(data_dir, exclude=out)
        self.taken = {raw["id"] for path in record_files(data_dir) if path.resolve() !=
                      out.resolve() for records in read_yaml(path).values()
                      if isinstance(records, list) for raw in records
                      if isinstance(raw, dict) and "id" in raw}
        self.skip = reviewed_names(data_dir / NOT_ORGANIZATIONS, "not_organizations")
        self.supplies: dict[str, dict] = {}
        self.uses: dict[str, dict] = {}
        self.firms: dict[str, dict] = {}          # id -> organisation record
        self.origins: dict[str, set[str]] = {}    # id -> countries of origin as written
        self.pairs: dict[str, int] = {}           # supply id -> line

    def firm(self, where: str, name: str, origin: str) -> str | None:
        """Return the id a firm resolves to (creating it when nobody reviewed it), or None."""
        key = normalize_name(name)
        if key in self.names:
            self.report.resolved[name] = self.names[key]
            return self.names[key]
        org = slug(name)
        if org in self.taken:
            self.report.rejected.append(
                f"{where}: firm {name!r} would be '{org}', an id another record has: add "
                "the name as an alias of the right organisation under data/organizations/")
            return None
        if org not in self.firms:
            self.firms[org] = {"id": org, "label": name, "kind": "company"}
            self.report.new_firms.append(f"{name!r} ({org})")
        self.origins.setdefault(org, set()).add(origin)
        return org

    def add(self, line: int, values: dict[str, str], urls: list[str]) -> None:
        """Record what one row says, or report why it is rejected."""
        where = f"line {line} ({values[COUNTRY]}, {values[FIRM]})"
        code = resolve_country(values[COUNTRY]) if values[COUNTRY] else None
        if code is None:
            self.report.rejected.append(f"{where}: unknown country {values[COUNTRY]!r}: add its "
                                        "spelling to SPELLINGS in kg/records/countries.py")
            return
        technology = TECHNOLOGIES.get(values[CATEGORY].lower())
        if technology is None:
            self.report.rejected.append(f"{where}: unknown category {values[CATEGORY]!r} "
                                        f"(known: {', '.join(sorted(TECHNOLOGIES))})")
            return
        lower = FLAGS.get(values[LOWER].lower())
        if lower is None:   # joined() leaves a flag or a URL here: a row short of its flag
            self.report.rejected.append(f"{where}: {LOWER} holds {values[LOWER]!r}, not 'x' "
                                        "or an empty cell")
            return
        evidence = row_evidence(values, urls)
        if normalize_name(values[FIRM]) in self.skip:
            self.report.rejected.append(
                f"{where}: {values[FIRM]!r} is not an organisation (data/"
                f"{NOT_ORGANIZATIONS.as_posix()}): no supply claim; the country's use of "
                f"{technology} is recorded")
            self.use(code, technology, values[PERIOD], evidence)
            return
        if not values[FIRM]:
            self.report.rejected.append(f"{where}: no Commercial Entity")
            return
        org = self.firm(where, values[FIRM], values[ORIGIN])
        if org is None:
            return
        record_id = f"{DATASET}-{code.lower()}-{org}"
        if record_id in self.pairs:
            self.report.rejected.append(f"{where}: repeats the country and firm of line "
                                        f"{self.pairs[record_id]}")
            return
        self.pairs[record_id] = line
        record = {"id": record_id, "suppliers": [org], "country": code,
                  "technologies": [technology], "strength": "reported-use"}
        if lower:
            record["lower_confidence"] = True
        dates = held_dates(values[PERIOD])
        record.update(dates)
        if values[PERIOD] and not dates:
            record["note"] = (f"Period of use as the inventory gives it: {values[PERIOD]!r} "
                              "(not read as dates).")
        record["evidence"] = evidence
        self.supplies[record_id] = record

    def use(self, code: str, technology: str, period: str, evidence: list[dict]) -> None:
        """Record a country's use of a technology from a source that names no firm."""
        record_id = f"{DATASET}-{code.lower()}-uses-{technology}"
        if record_id in self.uses:
            self.uses[record_id]["evidence"] += evidence
            return
        record = {"id": record_id, "country": code, "technology": technology}
        if period:
            record["period"] = period
        self.uses[record_id] = {**record, "evidence": evidence}

    def organizations(self) -> list[dict]:
        """Return the created firms, with a home country where the rows name one country."""
        out = []
        for org in sorted(self.firms):
            record = dict(self.firms[org])
            origins = sorted(self.origins[org])
            codes = {resolve_country(o) for o in origins}
            if len(origins) == 1 and len(codes) == 1 and None not in codes:
                record["country"] = codes.pop()
            elif len(origins) == 1 and "," in origins[0]:
                record["note"] = (f"The inventory gives more than one country of origin "
                                  f"({origins[0]!r}), so no single home country is recorded.")
            else:
                given = ", ".join(repr(o) for o in origins)
                record["note"] = (f"The inventory's country of origin ({given}) names no one "
                                  "country, so no home country is recorded.")
            record["evidence"] = [{"source": SOURCE, "row": f"{FIRM}={record['label']}"
                                   + "".join(f"; {ORIGIN}={o}" for o in origins if o)}]
            out.append(record)
        return out

    def kinds(self) -> dict[str, list[dict]]:
        """Return the records by kind, sorted by id, each checked against the contract."""
        kinds = {"organizations": self.organizations(),
                 "supplies": [self.supplies[k] for k in sorted(self.supplies)],
                 "technology_uses": [self.uses[k] for k in sorted(self.uses)]}
        for kind, records in kinds.items():
            for record in records:
                try:
                    BY_KIND[kind].model_validate(record)
                except ValidationError as exc:
                    raise KGError(f"{DATASET}: record {record['id']!r} is invalid: "
                                  f"{exc.errors()[0]['msg']}") from None
        return kinds


def run(upstream_file: str | Path, data_dir: str | Path) -> SpywareReport:
    """Import the spyware inventory into data/imported/carnegie-spyware.yaml; return the report."""
    path, data_dir = Path(upstream_file), Path(data_dir)
    out = output_path(data_dir, OUTPUT)
    report = SpywareReport(DATASET, str(path), str(out))
    table = read_table(path)
    rows = Rows(table, report)
    batch = Import(data_dir, out, report)
    report.read = len(table.rows)
    for line, values, urls in rows:
        batch.add(line, values, urls)
    kinds = batch.kinds()
    header = (f"Carnegie's Global Inventory of Commercial Spyware & Digital Forensics: one use "
              f"claim per row,\nimported by `kg import {DATASET}` from {path.name}.\n"
              "Do not edit: re-run the import.")
    write_records(out, kinds, header)
    report.created = {k: len(v) for k, v in kinds.items() if v}
    return report
