"""Reading Carnegie's spyware inventory (spy3.csv): its columns, and each row's cells by column.

`Rows(table, rejected, repaired)` yields `(line, {column: text}, [urls])` per row. Cells are
composed (NFC) with their whitespace collapsed, so "Paraben " and a decomposed "Côte d'Ivoire"
read as their names. The URLs run from "Source 1" to the end of the row: "Source 2".."Source 7"
and the unnamed export columns after them, which two rows use for an 8th and 9th URL; a URL
listed twice in a row is given once.

The file's defect: a Description holding a comma outside quotes is split by the CSV reader and
the rest of the row moves one cell right. The row is joined back (and listed in `repaired`) when
the cell after the split text is the confidence flag ("x" or empty); otherwise the row cannot be
placed and is listed in `rejected`, as is a row with a source cell that is not a URL.
"""
from __future__ import annotations

import re
import unicodedata

from kg.importers.tables import Table

COUNTRY, CATEGORY, PERIOD, DISCLOSED = ("Country of deployment", "Category of technology",
                                        "Period of use", "Year of disclosure")
FIRM, ORIGIN, DESCRIPTION, LOWER = ("Commercial Entity", "Country of origin", "Description",
                                    "Lower confidence sources")
FIRST_SOURCE = "Source 1"
COLUMNS = [COUNTRY, CATEGORY, PERIOD, DISCLOSED, FIRM, ORIGIN, DESCRIPTION, LOWER, FIRST_SOURCE]
FLAGS = {"": False, "x": True}
_URL = re.compile(r"^https?://\S+$")


def text(cell: str) -> str:
    """Return a cell composed (NFC) with its whitespace collapsed: 'Paraben ' is 'Paraben'."""
    return " ".join(unicodedata.normalize("NFC", cell).split())


class Rows:
    """The rows of the file as cells by column, the split Descriptions joined back."""

    def __init__(self, table: Table, rejected: list[str], repaired: list[str]):
        table.require(COLUMNS)
        self.table, self.rejected, self.repaired = table, rejected, repaired
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
        self.repaired.append(f"line {line}: Description split at a comma, "
                                    f"{end - at} cell(s) joined back")
        return cells[:self.at[DESCRIPTION]] + [description] + cells[end:]

    def __iter__(self):
        """Yield (line, {column: text}, [urls]) per row; rows it cannot read are rejected."""
        for line, cells in self.table.rows:
            cells = self.joined(line, cells)
            if cells is None:
                self.rejected.append(
                    f"line {line}: the Description is split at a comma and no confidence "
                    "flag follows it, so the row's cells cannot be placed")
                continue
            values = {c: text(cells[i]) if i < len(cells) else "" for c, i in self.at.items()}
            urls = [text(c) for c in cells[self.at[FIRST_SOURCE]:] if text(c)]
            bad = [u for u in urls if not _URL.match(u)]
            if bad:
                self.rejected.append(f"line {line}: source cell {bad[0]!r} is not a URL")
                continue
            yield line, values, list(dict.fromkeys(urls))   # a URL listed twice is cited once
