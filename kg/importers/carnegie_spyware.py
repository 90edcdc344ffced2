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

Firms resolve through the reviewed names (`known_records`, this importer's own output
left out); a firm nobody has reviewed is created as a company, with its home country when the
row names one country of origin. A name in data/config/carnegie-spyware-not-organizations.yaml
is no firm: the row gives no supply claim (reported as rejected) but still records the
country's use of the technology (a TechnologyUse, no vendor implied). Countries resolve through
`kg.records.countries`; a row whose country is unknown is rejected with its line.

The file is read by `kg.importers.spyware_rows`, which joins back the Descriptions that the CSV
splits at a comma (reported as repaired). Where a Description names the government body that used
the technology, the claim's `buyers` come from the reviewed table of `kg.importers.spyware_agencies`
(data/config/carnegie-spyware-agencies.yaml), which also lists the agencies the import creates.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


from kg.errors import KGError
from kg.importers.aigs import declared_sources, reviewed_names
from kg.importers.base import (
    ImportReport, check_records, known_records, normalize_name, write_records,
)
from kg.importers.periods import held_dates
from kg.importers.spyware_agencies import AgencyTable
from kg.importers.spyware_rows import (
    CATEGORY, COUNTRY, DESCRIPTION, DISCLOSED, FIRM, FLAGS, LOWER, ORIGIN, PERIOD, Rows)
from kg.importers.tables import read_table
from kg.importers.upstream import output_path, slug
from kg.records.countries import resolve_country

DATASET = "carnegie-spyware"
SOURCE = "carnegie-spyware-2023"
OUTPUT = "carnegie-spyware.jsonl"
NOT_ORGANIZATIONS = Path("config") / "carnegie-spyware-not-organizations.yaml"
TECHNOLOGIES = {"spyware": "spyware", "digital forensics": "digital-forensics",
                "iot hacking": "iot-hacking"}


@dataclass
class SpywareReport(ImportReport):
    """An ImportReport that also names the firms created and the rows joined back."""

    new_firms: list[str] = field(default_factory=list)   # "Name (id)"
    repaired: list[str] = field(default_factory=list)    # "line N: why"
    buyers: int = 0                                      # claims given a buyer by the table
    unused: list[str] = field(default_factory=list)      # table entries no row matched

    def lines(self) -> list[str]:
        out = super().lines()
        extra = [f"  created organisation {name}" for name in self.new_firms]
        extra.append(f"named the buying agency on {self.buyers} claims "
                     "(data/config/carnegie-spyware-agencies.yaml)")
        extra += [f"  agencies table entry matches no row: {u}" for u in self.unused]
        if self.repaired:
            extra.append(f"repaired {len(self.repaired)} rows whose Description was split at "
                         "a comma")
            extra += [f"  repaired {r}" for r in self.repaired]
        return out[:2] + extra + out[2:]


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
        known = known_records(data_dir, exclude=out)   # one read of data/, not three
        self.names, self.orgs, self.taken = known.names, known.orgs, known.ids
        self.agencies = AgencyTable.read(data_dir)
        self.agencies.check(self.orgs, self.taken)
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
        buyers, note = self.agencies.buyers(values[COUNTRY], values[FIRM], code,
                                            values[DESCRIPTION], self.orgs)
        self.report.buyers += bool(buyers)
        record = {"id": record_id, "suppliers": [org], "country": code,
                  **({"buyers": buyers} if buyers else {}),
                  "technologies": [technology], "strength": "reported-use"}
        if lower:
            record["lower_confidence"] = True
        dates = held_dates(values[PERIOD])
        record.update(dates)
        notes = [note] if note else []
        if values[PERIOD] and not dates:
            notes.insert(0, f"Period of use as the inventory gives it: {values[PERIOD]!r} "
                            "(not read as dates).")
        if notes:
            record["note"] = " ".join(notes)
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
            elif len(origins) == 1 and "," in origins[0] and all(
                    resolve_country(o.strip()) for o in origins[0].split(",")):
                record["origins"] = sorted({resolve_country(o.strip())
                                            for o in origins[0].split(",")})
                record["note"] = (f"The inventory gives more than one country of origin "
                                  f"({origins[0]!r}): each is recorded as a country of "
                                  "origin, none as the single home country.")
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
        agencies = self.agencies.organizations(SOURCE, f"{DESCRIPTION} of the row {COUNTRY}="
                                               "{country}; " f"{FIRM}=" "{firm}")
        kinds = {"organizations": sorted(self.organizations() + agencies, key=lambda r: r["id"]),
                 "supplies": [self.supplies[k] for k in sorted(self.supplies)],
                 "technology_uses": [self.uses[k] for k in sorted(self.uses)]}
        check_records(DATASET, kinds)
        return kinds


def run(upstream_file: str | Path, data_dir: str | Path) -> SpywareReport:
    """Import the spyware inventory into data/imported/carnegie-spyware.jsonl; return the report."""
    path, data_dir = Path(upstream_file), Path(data_dir)
    out = output_path(data_dir, OUTPUT)
    report = SpywareReport(DATASET, str(path), str(out))
    table = read_table(path)
    rows = Rows(table, report.rejected, report.repaired)
    batch = Import(data_dir, out, report)
    report.read = len(table.rows)
    for line, values, urls in rows:
        batch.add(line, values, urls)
    report.unused = batch.agencies.unused()
    kinds = batch.kinds()
    header = (f"Carnegie's Global Inventory of Commercial Spyware & Digital Forensics: one use "
              f"claim per row,\nimported by `kg import {DATASET}` from {path.name}.\n"
              "Do not edit: re-run the import.")
    write_records(out, kinds, header)
    report.created = {k: len(v) for k, v in kinds.items() if v}
    return report
