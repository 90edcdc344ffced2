"""Upstream tables (CSV files and Excel sheets) read with the line number of every row.

The one reader every importer uses. `read_table(path, sheet, delimiter)` returns a `Table`: its
header, and each non-empty row as `(line, cells)` with every cell a string ("" when empty), so
importers treat a CSV export and the original workbook alike and can name `path:line` in every
error. The line of a row is the line it starts on, so a quoted cell spanning lines does not
shift the rows after it. `Table.records(wanted)` gives the rows as `Row`s keyed by column.
"""
from __future__ import annotations

import csv
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KGError
from kg.importers.base import require_columns


@dataclass
class Table:
    """A header and its rows, each row `(line, cells)`; `sheet` is None for a CSV file."""

    path: Path
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    sheet: str | None = None
    header_line: int = 1

    def error(self, message: str, line: int | None = None) -> KGError:
        """Return a KGError at `line` of the file, naming the sheet for a workbook."""
        where = f"sheet {self.sheet!r}: " if self.sheet else ""
        return KGError(where + message, self.path, line)

    def column(self, name: str) -> int:
        """Return the index of a header column (the caller checked it exists)."""
        return self.header.index(name)

    def require(self, wanted: list[str]) -> None:
        """Raise one clear error when the header lacks a column the importer reads."""
        require_columns(self.path, self.header, wanted, self.header_line)

    def records(self, wanted: list[str]) -> list["Row"]:
        """Return the rows keyed by column (values stripped); a row wider than the header or
        a header without a wanted column is an error."""
        self.require(wanted)
        out = []
        for line, cells in self.rows:
            if len(cells) > len(self.header):
                raise self.error(f"{len(cells)} cells in a row under a header of "
                                 f"{len(self.header)} columns", line)
            out.append(Row(line, {h: (cells[i].strip() if i < len(cells) else "")
                                  for i, h in enumerate(self.header)}))
        return out


@dataclass(frozen=True)
class Row:
    """One upstream row: its values by column and the line (or sheet row) it starts on."""

    line: int
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values[column]


def read_table(path: str | Path, sheet: str | None = None, delimiter: str = ",") -> Table:
    """Return the table in a CSV file (cells split on `delimiter`), or in `sheet` of an
    .xlsx workbook."""
    path = Path(path)
    if not path.is_file():
        raise KGError("no such file", path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        if sheet is None:
            raise KGError("a workbook needs a sheet name", path)
        return _read_sheet(path, sheet)
    return _read_csv(path, delimiter)


def cell_text(value: object) -> str:
    """Return a workbook cell as the text a CSV export of it holds."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # Excel stores every number as a float; 30.0 was typed as 30.
        return str(int(value))
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _read_csv(path: Path, delimiter: str) -> Table:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, delimiter=delimiter)
            rows, start = [], 1
            for cells in reader:
                rows.append((start, cells))
                start = reader.line_num + 1
    except UnicodeDecodeError as exc:
        raise KGError(f"not UTF-8 text ({exc.reason})", path) from None
    except csv.Error as exc:
        raise KGError(f"not valid CSV ({exc})", path) from None
    rows = [(line, cells) for line, cells in rows if any(c.strip() for c in cells)]
    if not rows:
        raise KGError("the file is empty: expected a header row", path, 1)
    (header_line, header), body = rows[0], rows[1:]
    return Table(path, [h.strip() for h in header], body, None, header_line)


def _read_sheet(path: Path, sheet: str) -> Table:
    import openpyxl  # only workbook imports pay for it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise KGError(f"not an Excel workbook ({exc.__class__.__name__})", path) from None
    try:
        if sheet not in book.sheetnames:
            found = ", ".join(repr(s) for s in book.sheetnames)
            raise KGError(f"no sheet {sheet!r} (the workbook has {found})", path)
        rows = []
        for line, values in enumerate(book[sheet].iter_rows(values_only=True), start=1):
            cells = [cell_text(v) for v in values]
            while cells and not cells[-1].strip():
                cells.pop()
            if cells:
                rows.append((line, cells))
    finally:
        book.close()  # read-only workbooks keep the file open until closed
    if not rows:
        raise KGError(f"sheet {sheet!r} is empty: expected a header row", path, 1)
    (header_line, header), body = rows[0], rows[1:]
    return Table(path, [h.strip() for h in header], body, sheet, header_line)
