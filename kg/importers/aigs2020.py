"""Import the Carnegie "AI & Big Data Global Surveillance Index" v1 (2020).

The file is the Mendeley v1 table as a `;`-separated CSV with decimal commas (only text and
mark columns are read, so the commas never matter). Marks are `x` or `1`. The header names
Company 1..5, but rows carry vendors in the unnamed cells to the right too: every cell from
Company 1 on is read. A vendor cell may hold a list ("Huawei, ZTE, ... and Yixin" on China's
row): it is split on commas and a final "and", each name resolved through the alias table.

Per country row, as for the other vintages: `technology_uses` per technology marked,
`supplies` per vendor named (never tied to a technology), and `observations` for the region
code, the BRI flag, the Chinese and US technology flags and the "Other Countries" cell.
"""
from __future__ import annotations

import re
from pathlib import Path

from kg.importers import aigs
from kg.importers.base import ImportReport
from kg.importers.tables import read_table

DATASET, SOURCE, PERIOD = "aigs-2020", "carnegie-aigs-2020", "2020"

TECHNOLOGIES = {"Safe City System": "safe-city", "Facial Recognition System": "facial-recognition",
                "Smart Policing": "smart-policing",
                "Social Media Surveillance": "social-media-surveillance"}
FLAGS = {"BRI Member?": ("bri", aigs.BRI), "China Tech?": ("china-tech", aigs.CHINA_TECH),
         "US Tech?": ("us-tech", aigs.US_TECH)}
FIRST_VENDOR, REGION = "Company 1", "Region"
COLUMNS = ["Country", REGION, *TECHNOLOGIES, *FLAGS, "Other Countries", FIRST_VENDOR]

# "A, B, and C": split on commas, then drop the "and" that opens the last name. A lone "and"
# without a comma is left alone: it may belong to a company's name.
_LAST = re.compile(r"^and\s+")


def vendor_names(cells: list[str]) -> list[str]:
    """Return the names in a row's vendor cells, lists split into single names.

    >>> vendor_names(["Huawei", "", "ZTE, Dahua, and Yixin ", "Black and Veatch"])
    ['Huawei', 'ZTE', 'Dahua', 'Yixin', 'Black and Veatch']
    """
    names = []
    for cell in cells:
        names += [_LAST.sub("", n.strip()) for n in cell.split(",") if n.strip()]
    return names


def run(upstream_file: Path, data_dir: Path) -> ImportReport:
    """Import the 2020 index into data_dir/imported/aigs-2020.jsonl; return the report."""
    upstream_file, data_dir = Path(upstream_file), Path(data_dir)
    table = read_table(upstream_file, delimiter=";")
    table.require(COLUMNS)
    batch = aigs.Batch(DATASET, upstream_file, data_dir, SOURCE, PERIOD)
    col = {name: table.column(name) for name in COLUMNS}
    for line, cells in table.rows:
        cells = cells + [""] * (len(table.header) - len(cells))
        values = {column: cells[i] for column, i in col.items()}
        batch.row(table, line, values["Country"], values, TECHNOLOGIES, FLAGS,
                  vendor_names(cells[col[FIRST_VENDOR]:]), others=values["Other Countries"],
                  region=REGION)
    batch.report.read = len(table.rows)
    return batch.write(aigs.header_text(
        DATASET, upstream_file, "Carnegie AI & Big Data Global Surveillance Index, v1 (2020)."))
