"""Import the Carnegie AIGS Index 2022 update (sheet "AIGS 2022" of the Mendeley workbook).

The canonical input is the workbook as published, "AI Global Surveillance Index 09Mar2022.xlsx":
it is the file Carnegie distributes, and its two corrupted cells are repaired here, in the open
(`REPAIRS`). A CSV export of the sheet (aigs_2022_index.csv, repaired by hand and its vendor
cells moved left into Company 1..10) is accepted too and gives the same records.

Per country row: `technology_uses` per technology marked, `supplies` per vendor named in the
Company cells (never tied to a technology), and `observations` for the region code, the BRI
flag, the Chinese and US technology flags and the "Other Countries" cell. The row's V-Dem regime type and Digital
Repression Index are left to `kg.importers.vdem`, which reads them for every country from the
workbook's second sheet (the values agree for all 97 countries).
"""
from __future__ import annotations

from pathlib import Path

from kg.importers import aigs
from kg.importers.base import ImportReport
from kg.importers.tables import Table, read_table

DATASET, SOURCE, PERIOD, SHEET = "aigs-2022", "carnegie-aigs-2022", "2022", "AIGS 2022"

TECHNOLOGIES = {"Safe City System": "safe-city", "Facial Recognition System": "facial-recognition",
                "Smart Policing": "smart-policing",
                "Social Media Surveillance": "social-media-surveillance"}
FLAGS = {"Member of Belt & Road Initiative": ("bri", aigs.BRI),
         "China Tech": ("china-tech", aigs.CHINA_TECH), "US Tech": ("us-tech", aigs.US_TECH)}
FIRST_VENDOR, REGION = "Company 1", "Region"
COLUMNS = ["Country", REGION, *TECHNOLOGIES, *FLAGS, "Other Countries", FIRST_VENDOR]

# Someone ran a find-and-replace of the regime codes over the whole sheet (ed -> "Electoral
# Democracy", ea -> "Electoral Autocracy", ca -> "Closed Autocracy", case-insensitive, inside
# words), which corrupted two text cells. Restored from the surrounding letters (SOURCE.md).
REPAIRS = {
    "UnitElectoral Democracy States of AmeriClosed Autocracy": "United States of America",
    "South KorElectoral Autocracy, SwElectoral Democracyen, Russia": "South Korea, Sweden, Russia",
}
# Any other text cell holding one of these was corrupted the same way and needs a repair above.
_REPLACED = ("Electoral Democracy", "Electoral Autocracy", "Closed Autocracy",
             "Liberal Democracy")


def run(upstream_file: Path, data_dir: Path) -> ImportReport:
    """Import the 2022 index into data_dir/imported/aigs-2022.jsonl; return the report."""
    upstream_file, data_dir = Path(upstream_file), Path(data_dir)
    table = read_table(upstream_file, SHEET)
    table.require(COLUMNS)
    batch = aigs.Batch(DATASET, upstream_file, data_dir, SOURCE, PERIOD)
    col = {name: table.column(name) for name in COLUMNS}
    for line, cells in table.rows:
        cells = [_repaired(table, line, c) for c in cells]
        cells += [""] * (len(table.header) - len(cells))
        values = {column: cells[i] for column, i in col.items()}
        # The workbook's header names Company 1..5 only, but rows carry vendors in the cells to
        # the right too (up to 13 cells, some with gaps): every cell from Company 1 on is one.
        batch.row(table, line, values["Country"], values, TECHNOLOGIES, FLAGS,
                  cells[col[FIRST_VENDOR]:], others=values["Other Countries"], region=REGION)
    batch.report.read = len(table.rows)
    return batch.write(aigs.header_text(
        DATASET, upstream_file, "Carnegie AI Global Surveillance Index, 2022 update."))


def _repaired(table: Table, line: int, value: str) -> str:
    """Return a text cell with the known find-and-replace corruption undone."""
    value = REPAIRS.get(value, value)
    if any(phrase in value for phrase in _REPLACED):
        raise table.error(f"cell {value!r} looks corrupted by a find-and-replace of regime "
                          "codes: add its repair to REPAIRS in kg/importers/aigs2022.py", line)
    return value
