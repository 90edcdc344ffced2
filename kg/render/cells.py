"""Table cells and tables, as every text renderer writes them: columns wrap to fit the width
(kg.render.terminal), nothing is cut, and no text from the data can reach the terminal as a
control sequence or as rich markup."""
from __future__ import annotations

import functools
import re
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
    # An ESC from a label would otherwise recolour or rewrite the reader's terminal. A search
    # and, rarely, one str.translate (Cc is U+0000-001F and U+007F-009F): per character in
    # Python, this was 0.3 s of a 700-row answer.
    return value.translate(_ESCAPES) if _ESCAPED.search(value) else value


# Unicode's Cc (control) characters are exactly U+0000-001F and U+007F-009F.
_ESCAPES = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0))
            if chr(c) != "\n" and unicodedata.category(chr(c)) == "Cc"}
_ESCAPED = re.compile("[" + "".join(map(chr, _ESCAPES)) + "]")


# A cell a spreadsheet would run as a formula: =, +, @, a tab or CR first, or - not before a
# number (-5 stays a number; a lone - is text). OWASP's "CSV injection" list.
_FORMULA = re.compile(r"^(?:[=+@\t\r]|-(?![\d.]|$))")
# Control characters but the tab, the newline and a CR before a newline (CSV's line end).
_CONTROL = re.compile(r"(?![\t\n])(?!\r\n)[\x00-\x1f\x7f-\x9f]")


def formula_like(value: str) -> bool:
    """Return whether a spreadsheet opening `value` as a CSV/TSV cell would read a formula.

    >>> [formula_like(v) for v in ("=1+2", "@SUM(A1)", "+x", "-x", "-5", "-", "a=b")]
    [True, True, True, True, False, False, False]
    """
    return bool(_FORMULA.match(value))


def spreadsheet_safe(value: str) -> str:
    r"""Return a CSV/TSV cell a spreadsheet shows as text: a formula-like one gets a leading '.

    >>> spreadsheet_safe('=HYPERLINK("http://x")'), spreadsheet_safe("-5")
    ('\'=HYPERLINK("http://x")', '-5')
    """
    # The apostrophe is the spreadsheets' own "this is text" mark; it is not shown in the cell.
    return "'" + value if formula_like(value) else value


def terminal_safe(value: str) -> str:
    r"""Return text bound for a terminal with its control characters escaped (\x1b), but the
    tab, the newline and a CR before a newline, which lay the text out.

    >>> terminal_safe("a\tb\r\n\x1b]0;t\x07\r") == "a\tb\r\n" + r"\x1b]0;t\x07\x0d"
    True
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)


def one_line(value: str) -> str:
    """Return the cell's text on one line: runs of whitespace (tabs, newlines) as one space."""
    return printable(" ".join(value.split()))


def table(columns: list[str], rows: list[list[str]], width: int | None = None) -> list[str]:
    """Return the lines of a table: a header, a rule, the rows; columns wrap within `width`.

    Cells are separated by ' | ' and the header by a '-+-' rule (ASCII, readable in a file).
    Long cells wrap at spaces and fold long words (IRIs), so every character stays; once a
    row takes more than one line, a rule separates every row, so no line is read as a row.
    """
    width = width or terminal.width()
    columns = [one_line(name) for name in columns]
    rows = [[one_line(cell) for cell in row] for row in rows]
    widths = fit(columns, rows, width)
    if columns and min(widths) >= 1 and sum(widths) + 3 * (len(widths) - 1) <= width:
        return _layout(columns, rows, widths)
    # Too narrow for every column's floor: rich shares the width out itself.
    lines = _draw(columns, rows, widths, width, between_rows=False)
    rule = next(i for i, line in enumerate(lines) if line and set(line) <= {"-", "+"})
    if len(lines) - rule - 1 > len(rows):  # a row wrapped (a wrapped header needs no rules)
        lines = _draw(columns, rows, widths, width, between_rows=True)
    return lines


def fit(columns: list[str], rows: list[list[str]], width: int) -> list[int]:
    """Return column widths that fit `width`, breaking as few words as it can.

    Every column starts at its longest cell; while the table is too wide, the widest column
    that can still give way loses one character: down to its longest word if that makes the
    table fit, else (headers fold before data) to the rows' longest word if that does, else
    down to one character. So narrow columns (numbers, codes, short headers) keep their width
    and the wide ones share what is left.

    >>> fit(["name", "note"], [["Acme", "a long note about it"]], 20)
    [4, 13]
    >>> fit(["kind", "summaries"], [["financing", "10"]], 15)
    [9, 3]
    """
    def longest_word(cells) -> int:
        # A printable ASCII cell's words are as long as they have characters.
        return max((max(map(len if _one_cell(cell) else _cells, words))
                    for cell in cells if (words := cell.split())), default=0)

    widths = [max(map(_cells, column)) for column in zip(columns, *rows)]
    floors = ([longest_word(column) for column in zip(columns, *rows)],
              [longest_word(column) for column in zip(*rows)] if rows else [0] * len(columns),
              [1] * len(columns))
    room = max(width - 3 * (len(columns) - 1), len(columns))  # ' | ' between columns
    for floor in floors:
        floor = [max(1, f) for f in floor]  # a column never vanishes
        if floor != floors[-1] and sum(map(min, widths, floor)) > room:
            continue  # this floor cannot make it fit: break no word in vain
        while sum(widths) > room:
            shrinkable = [i for i, w in enumerate(widths) if w > floor[i]]
            if not shrinkable:
                break
            widths[max(shrinkable, key=lambda i: widths[i])] -= 1
    return widths


def _layout(columns: list[str], rows: list[list[str]], widths: list[int]) -> list[str]:
    """Return the lines rich draws (`_draw`) for columns of these widths that fit the width:
    the same wrapping (rich's own word division and folding), padding and rules, without
    rich's per-cell rendering (3 s for a 700-row answer; tests/test_tables.py compares them)."""
    cells = [[_wrap(cell, w) for cell, w in zip(row, widths)] for row in rows]
    between_rows = any(len(lines) > 1 for row in cells for lines in row)
    last = len(widths) - 1
    rule = "+".join("-" * (w + (i > 0) + (i < last)) for i, w in enumerate(widths))
    out = _join([_wrap(name, w) for name, w in zip(columns, widths)], widths, top=False)
    out.append(rule)
    for number, row in enumerate(cells):
        if number and between_rows:
            out.append(rule)
        out += _join(row, widths, top=True)
    return out


def _join(cells: list[list[str]], widths: list[int], top: bool) -> list[str]:
    """Return a row's lines: each cell's lines padded to the row's height (data at the top,
    a header at the bottom, as rich aligns them), joined by ' | ' and right-stripped."""
    height = max(len(lines) for lines in cells)
    last = len(cells) - 1
    columns = []
    for i, (lines, w) in enumerate(zip(cells, widths)):
        blank = [" " * w] * (height - len(lines))
        lines = lines + blank if top else blank + lines
        columns.append([(" " if i else "") + line + (" " if i < last else "")
                        for line in lines])
    return ["|".join(parts).rstrip() for parts in zip(*columns)]


def _wrap(text: str, width: int) -> list[str]:
    """Return a cell's lines, each `width` cells wide, as rich's Text.wrap (overflow fold,
    justify left) makes them: words moved to the next line, a word longer than the line
    folded, each line cut or padded to the width."""
    from rich._wrap import divide_line
    from rich.cells import cell_len, set_cell_size

    one_cell = _one_cell(text)
    size = len(text) if one_cell else cell_len(text)
    if size <= width:
        return [text + " " * (width - size)]
    offsets = divide_line(text, width, fold=True)
    spans = zip([0, *offsets], [*offsets, len(text)])
    if one_cell:  # what set_cell_size does with such text, without a call per line
        return [text[start:end][:width].ljust(width) for start, end in spans]
    lines = []
    for start, end in spans:
        # Text.wrap also drops a line's trailing whitespace beyond the width: in a one_line
        # cell that is spaces, which the padding puts back.
        line = set_cell_size(text[start:end], width)
        lines.append(line + " " * (width - cell_len(line)))
    return lines


def _one_cell(text: str) -> bool:
    """Return whether every character of text takes one terminal cell as rich counts them:
    printable ASCII (rich's single-cell set starts with U+0020-007E)."""
    return text.isascii() and text.isprintable()


def _cells(text: str) -> int:
    """Return the terminal cells text takes, as rich's cell_len counts them: its length when
    it is printable ASCII, found without rich's per-call cache lookup (100,000 calls laid
    out a 700-row answer)."""
    if _one_cell(text):
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


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
