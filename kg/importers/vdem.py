"""Import V-Dem regime type 2021 and the Digital Repression Index 2021 for every country.

The input is the second sheet of the Carnegie AIGS 2022 workbook, "Digital Repression Inde +
V-Dem" (179 units), or its CSV export digital_repression_vdem_2021.csv. Each country gets two
`observations` (subject = ISO alpha-3 code) citing the workbook, its sheet and the row.

V-Dem also codes units that are not ISO 3166 countries (Zanzibar, Somaliland, the two parts of
Palestine). They are listed, with the reason, in data/config/vdem-not-countries.yaml and are
skipped and reported; any other name that does not resolve to a country is an error.
"""
from __future__ import annotations

import math
import re
from pathlib import Path

from kg.importers import aigs
from kg.importers.base import ImportReport, normalize_name
from kg.importers.tables import read_table

DATASET, SOURCE, SHEET = "vdem-2021", "carnegie-aigs-2022", "Digital Repression Inde + V-Dem"
NOT_COUNTRIES = Path("config") / "vdem-not-countries.yaml"

REGIME, REGIME_MEASURE = "v2x_regime", "V-Dem regime type (v2x_regime)"
DRI, DRI_MEASURE = "Digital Repression Index 2021", "Digital Repression Index (Feldstein)"
COLUMNS = ["Country", "Year", REGIME, DRI]
REGIMES = {"CA", "EA", "ED", "LD"}


def run(upstream_file: Path, data_dir: Path) -> ImportReport:
    """Import the sheet into data_dir/imported/vdem-2021.jsonl; return the report."""
    upstream_file, data_dir = Path(upstream_file), Path(data_dir)
    table = read_table(upstream_file, SHEET)
    table.require(COLUMNS)
    skip = aigs.reviewed_names(data_dir / NOT_COUNTRIES, "not_countries")
    # The period is each row's Year (2021 throughout the published sheet).
    batch = aigs.Batch(DATASET, upstream_file, data_dir, SOURCE, "", vendors=False)
    col = {name: table.column(name) for name in COLUMNS}
    locator = f"sheet '{SHEET}'"
    for line, cells in table.rows:
        cells = cells + [""] * (len(table.header) - len(cells))
        name, year = cells[col["Country"]].strip(), cells[col["Year"]].strip()
        if normalize_name(name) in skip:
            batch.report.rejected.append(
                f"line {line} (country={name}): skipped: {skip[normalize_name(name)]}")
            continue
        code = batch.country(table, line, name)
        if not re.fullmatch(r"\d{4}", year):
            raise table.error(f"column 'Year': expected a year, got {year!r}", line)
        evidence = batch.evidence(name, locator)
        regime = cells[col[REGIME]].strip()
        if regime:
            if regime not in REGIMES:
                raise table.error(f"column {REGIME!r}: expected one of {sorted(REGIMES)}, "
                                  f"got {regime!r}", line)
            batch.observation(code, "regime-type", REGIME_MEASURE, regime, evidence, year)
        index = cells[col[DRI]].strip()
        if index:
            if not _is_number(index):
                raise table.error(f"column {DRI!r}: expected a number, got {index!r}", line)
            batch.observation(code, "digital-repression", DRI_MEASURE, index, evidence,
                              year)
    batch.report.read = len(table.rows)
    return batch.write(aigs.header_text(
        DATASET, upstream_file, "V-Dem regime type 2021 and Digital Repression Index 2021, "
        "from the Carnegie AIGS 2022 workbook."))


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False
