"""What the AIGS importers (2019, 2020, 2022) and the V-Dem sheet importer share.

A `Batch` collects the records of one import: it resolves countries (an unknown name is an
error), resolves vendor names through the reviewed alias table (an unknown name is reported,
never invented), and `Batch.write` validates every record against `kg.records.models` before writing
them all at once, so a malformed upstream file writes nothing.
"""
from __future__ import annotations

import copy
import shlex
from pathlib import Path
from typing import Any


from kg.records.countries import resolve_country
from kg.errors import KGError
from kg.importers.base import (
    ImportReport, check_records, normalize_name, organization_names, write_records,
)
from kg.importers.tables import Table
from kg.records.reader import read_yaml

NOT_ORGANIZATIONS = Path("config") / "aigs-not-organizations.yaml"

# Measures of the observations the AIGS importers write; assertions and queries filter on them.
BRI = "AIGS: Belt and Road Initiative country"
CHINA_TECH = "AIGS: Chinese AI surveillance technology"
US_TECH = "AIGS: US AI surveillance technology"
JAPAN_TECH = "AIGS: Japanese AI surveillance technology"
OTHER_COUNTRIES = "AIGS: other countries whose technology is present"
REGIME_2019 = "AIGS: regime type (aggregate regime score 2018)"
REGION = "AIGS: region"

# The region codes every edition's Region column uses. The files do not spell them out;
# kg.analysis.groups maps them to words for questions ("Africa" -> AF).
REGION_CODES = {"AF", "EAP", "EUR", "MENA", "SCA", "WHA"}

# A binary column marks presence with a tick, an "x" or a 1 and absence with an empty cell.
YES_MARKS = {"✔", "✓", "x", "1"}


def flag(table: Table, line: int, column: str, value: str) -> str:
    """Return "yes" or "no" for a binary cell, or raise at the row for any other value."""
    value = value.strip()
    if not value:
        return "no"
    if value.lower() in YES_MARKS:
        return "yes"
    raise table.error(f"column {column!r}: expected a mark or an empty cell, got {value!r}", line)


def declared_sources(data_dir: Path) -> set[str]:
    """Return the ids of the sources declared under data_dir."""
    from kg.records.dataset import read_records, record_files

    return {raw["id"] for path in record_files(data_dir)
            for raw in read_records(path).get("sources", []) or [] if "id" in raw}


def reviewed_names(path: Path, key: str) -> dict[str, str]:
    """Return the names (normalised) listed under `key` in a config file, with their reason."""
    if not path.exists():
        return {}
    entries = read_yaml(path).get(key) or []
    names = {}
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or not entry.get("name") or not entry.get("reason"):
            raise KGError("each entry needs a `name` and a `reason`", path, entries.line_of(i))
        names[normalize_name(entry["name"])] = " ".join(str(entry["reason"]).split())
    return names


class Batch:
    """The records of one import, and its report."""

    def __init__(self, dataset: str, upstream: Path, data_dir: Path, source: str,
                 period: str, vendors: bool = True):
        self.dataset, self.source, self.period = dataset, source, period
        self.data_dir = Path(data_dir)
        self.report = ImportReport(dataset=dataset, source_file=str(upstream))
        if source not in declared_sources(self.data_dir):
            raise KGError(f"source {source!r} is not declared: add it to data/sources/aigs.yaml",
                          self.data_dir / "sources")
        self.names = organization_names(self.data_dir) if vendors else {}
        self.skip = (reviewed_names(self.data_dir / NOT_ORGANIZATIONS, "not_organizations")
                     if vendors else {})
        self.kinds: dict[str, dict[str, dict[str, Any]]] = {}
        self.countries: dict[str, int] = {}   # code -> line it was read from

    def country(self, table: Table, line: int, name: str) -> str:
        """Return the ISO alpha-3 code of a row's country; unknown or repeated is an error."""
        code = resolve_country(name.strip()) if name.strip() else None
        if code is None:
            raise table.error(f"unknown country {name!r}: add its spelling to SPELLINGS in "
                              "kg/records/countries.py if it is one", line)
        if code in self.countries:
            raise table.error(f"country {name!r} ({code}) already given on line "
                              f"{self.countries[code]}", line)
        self.countries[code] = line
        return code

    def evidence(self, country_name: str, locator: str | None = None) -> list[dict[str, str]]:
        entry = {"source": self.source}
        if locator:
            entry["locator"] = locator
        entry["row"] = f"country={country_name.strip()}"
        return [entry]

    def add(self, kind: str, record: dict[str, Any]) -> None:
        # Ids derive from the row's country; a repeat would be an importer bug, not data.
        assert record["id"] not in self.kinds.setdefault(kind, {}), record["id"]
        # A copy each: records sharing one evidence list would be written as YAML anchors.
        self.kinds[kind][record["id"]] = copy.deepcopy(record)

    def technology(self, code: str, technology: str, evidence: list[dict]) -> None:
        """Record that the country uses a technology (the source names no vendor for it)."""
        self.add("technology_uses", {
            "id": f"{self.dataset}-{code.lower()}-uses-{technology}", "country": code,
            "technology": technology, "period": self.period, "evidence": evidence})

    def observation(self, code: str, key: str, measure: str, value: str,
                    evidence: list[dict], period: str | None = None) -> None:
        """Record one attribute of a country as the dataset gives it."""
        self.add("observations", {
            "id": f"{self.dataset}-{code.lower()}-{key}", "subject": code, "measure": measure,
            "value": value, "period": period or self.period, "evidence": evidence})

    def supplies(self, code: str, country_name: str, names: list[str], line: int,
                 evidence: list[dict]) -> None:
        """Record one supply claim per vendor named for the country; report unknown names."""
        for name in (n.strip() for n in names):
            if not name:
                continue
            key = normalize_name(name)
            where = f"line {line} (country={country_name.strip()})"
            if key in self.skip:
                self.report.rejected.append(f"{where}: skipped {name!r}, not an organisation "
                                            f"(data/{NOT_ORGANIZATIONS.as_posix()})")
                continue
            org = self.names.get(key)
            if org is None:
                self.report.rejected.append(
                    f"{where}: unknown vendor {name!r}: add it as an alias or organisation "
                    f"under data/organizations/, or to data/{NOT_ORGANIZATIONS.as_posix()}")
                continue
            self.report.resolved[name] = org
            record_id = f"{self.dataset}-{code.lower()}-supply-{org}"
            if record_id not in self.kinds.get("supplies", {}):   # a name repeated in one row
                self.add("supplies", {"id": record_id, "suppliers": [org], "country": code,
                                      "strength": "index-listing", "evidence": evidence})

    def region(self, table: Table, line: int, code: str, column: str, value: str,
               evidence: list[dict]) -> None:
        """Record the country's region code as the row gives it; any other value is an error."""
        value = value.strip()
        if value not in REGION_CODES:
            raise table.error(f"column {column!r}: expected one of {sorted(REGION_CODES)}, "
                              f"got {value!r}", line)
        self.observation(code, "region", REGION, value, evidence)

    def row(self, table: Table, line: int, name: str, cells: dict[str, str],
            technologies: dict[str, str], flags: dict[str, tuple[str, str]],
            vendors: list[str], others: str = "", region: str | None = None) -> str:
        """Record what one country row of an index says; return the country's code.

        `cells` maps each column to its cell; `technologies` maps a column to the technology
        its mark stands for, `flags` a column to (key, measure) of a yes/no observation;
        `others` is the "Other Countries" cell, `vendors` the names in the vendor cells and
        `region` the name of the region column.
        """
        code = self.country(table, line, name)
        evidence = self.evidence(name)
        if region is not None:
            self.region(table, line, code, region, cells[region], evidence)
        for column, technology in technologies.items():
            if flag(table, line, column, cells[column]) == "yes":
                self.technology(code, technology, evidence)
        for column, (key, measure) in flags.items():
            self.observation(code, key, measure, flag(table, line, column, cells[column]),
                             evidence)
        if others.strip():
            self.observation(code, "other-countries", OTHER_COUNTRIES, others.strip(), evidence)
        self.supplies(code, name, vendors, line, evidence)
        return code

    def write(self, header: str) -> ImportReport:
        """Validate every record, write them to data/imported/<dataset>.jsonl, return the report."""
        kinds = {k: [v[i] for i in sorted(v)] for k, v in self.kinds.items()}
        check_records(self.dataset, kinds)
        out = self.data_dir / "imported" / f"{self.dataset}.jsonl"
        write_records(out, kinds, header)
        self.report.output = str(out)
        self.report.created = {k: len(v) for k, v in kinds.items() if v}
        return self.report


def header_text(dataset: str, upstream: Path, what: str) -> str:
    """Return the comment that heads an imported file: what it is and how to remake it."""
    return (f"{what}\n"
            f"Written by `kg import {dataset} {shlex.quote(upstream.name)}`: "
            "do not edit; re-run the import.")
