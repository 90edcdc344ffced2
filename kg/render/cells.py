"""Table cells and tables, as every text renderer writes them: columns wrap to fit the width
(kg.render.terminal), nothing is cut, and no text from the data can reach the terminal as a
control sequence or as rich markup."""
from __future__ import annotations

import functools
import unicodedata
from typing import Any

from kg.render import terminal


def text(value: Any) -> str:
    """Return a cell value as text: lists joined with ', ', source ids without 'source/'."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    if isinstance(value, (list, tuple)):
        return ", ".join(text(v) for v in value)
    return str(value).removeprefix("source/")


def printable(value: str) -> str:
    """Return value with each control character but the newline written as an escape (\\x1b).

    >>> printable("red \\x1b[31m text")
    'red \\\\x1b[31m text'
    """
    # An ESC from a label would otherwise recolour or rewrite the reader's terminal.
    return "".join(f"\\x{ord(c):02x}" if c != "\n" and unicodedata.category(c) == "Cc" else c
                   for c in value)


def one_line(value: str) -> str:
    """Return the cell's text on one line: runs of whitespace (tabs, newlines) as one space."""
    return printable(" ".join(value.split()))


def table(columns: list[str], rows: list[list[str]], width: int | None = None) -> list[str]:
    """Return the lines of a table: a header, a rule, the rows; columns wrap within `width`.

    Cells are separated by ' | ' and the header by a '-+-' rule (ASCII, readable in a file).
    Long cells wrap at spaces and fold long words (IRIs), so every character stays; once a
    row takes more than one line, a rule separates every row, so no line is read as a row.
    """
    columns = [one_line(name) for name in columns]
    rows = [[one_line(cell) for cell in row] for row in rows]
    widths = fit(columns, rows, width or terminal.width())
    lines = _draw(columns, rows, widths, width or terminal.width(), between_rows=False)
    if len(lines) > len(rows) + 2:
        lines = _draw(columns, rows, widths, width or terminal.width(), between_rows=True)
    return lines


def fit(columns: list[str], rows: list[list[str]], width: int) -> list[int]:
    """Return column widths that fit `width`, breaking no word if the words fit at all.

    Every column starts at its longest cell; while the table is too wide, the widest column
    still wider than its longest word gives up one character, so narrow columns (numbers,
    codes) keep their width and the wide ones share what is left. If even the longest words
    cannot fit, the widest column goes on shrinking and its long words fold.

    >>> fit(["name", "note"], [["Acme", "a long note about it"]], 20)
    [4, 13]
    """
    from rich.cells import cell_len

    cells = list(zip(columns, *rows))
    widths = [max(cell_len(c) for c in column) for column in cells]
    least = [max((cell_len(word) for c in column for word in c.split()), default=0)
             for column in cells]
    room = max(width - 3 * (len(columns) - 1), len(columns))  # ' | ' between columns
    while sum(widths) > room:
        shrinkable = [i for i, w in enumerate(widths) if w > least[i]] or range(len(widths))
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= 1
    return widths


def _draw(columns: list[str], rows: list[list[str]], widths: list[int], width: int,
          between_rows: bool) -> list[str]:
    from rich.table import Table  # imported here: `kg --version` need not load rich
    from rich.text import Text

    # Text objects, never strings: rich would read '[bold]' in a string as markup.
    grid = Table(box=_ruled(), show_edge=False, pad_edge=False, padding=(0, 1),
                 show_lines=between_rows, header_style="", style="", border_style="")
    for i, name in enumerate(columns):
        grid.add_column(Text(name), overflow="fold", width=widths[i])
    for row in rows:
        grid.add_row(*(Text(cell) for cell in row))
    return [line.rstrip() for line in terminal.plain_text(grid, width).splitlines()]


@functools.cache
def _ruled():
    from rich.box import Box

    # rich's box format: 8 lines (top, head, head rule, mid, row rule, foot rule, foot,
    # bottom) of 4 characters (left, horizontal, divider, right).
    return Box("    \n"
               "  | \n"
               " -+ \n"
               "  | \n"
               " -+ \n"
               " -+ \n"
               "  | \n"
               "    \n", ascii=True)
