"""Terminal tables (kg.render.cells through rich): columns wrap to the width, nothing is cut,
the output is plain text, and text from the data prints literally (no markup, no escapes).

The hostile data is tests/fixtures/cli/data with one label changed here: rich markup and a name
longer than the old 60-character cell limit. (A control character such as ESC can no longer be
in a label: the records refuse it, tests/test_hostile_records.py; `table` escaping one is
tested directly below.)
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.render.cells import _draw, _layout, _wrap, fit, one_line, printable, table
from kg.render.terminal import DEFAULT_WIDTH

FIXTURE = Path(__file__).parent / "fixtures" / "cli" / "data"
LABEL = ("[bold]Globex[/bold] [red]red[/red] Holdings, the parent of a very long chain of "
         "subsidiaries whose full name runs past sixty characters")


def cells(lines: list[str]) -> list[list[str]]:
    """Return the rows of a drawn table (header first), each wrapped cell joined again."""
    blocks, block = [], []
    for line in lines:
        if line and set(line) <= {"-", "+"}:
            blocks.append(block)
            block = []
        else:
            block.append(line)
    blocks.append(block)
    rows = []
    for block in blocks:
        parts = [(line + " ").split(" | ") for line in block]  # rstrip took the last space
        rows.append([" ".join(p[i].strip() for p in parts if len(p) > i and p[i].strip())
                     for i in range(max(len(p) for p in parts))])
    return rows


def table_lines(output: str) -> list[str]:
    """Return the lines of the first table in a command's output (header to last row)."""
    lines = output.splitlines()
    rule = next(i for i, line in enumerate(lines) if line and set(line) <= {"-", "+"})
    start = max((i + 1 for i in range(rule) if not lines[i]), default=0)  # after the title
    end = next(i for i, line in enumerate(lines) if line.startswith("(") and "row" in line)
    return lines[start:end]


# --- the table itself -------------------------------------------------------------------------

def test_a_table_that_fits_is_one_line_a_row():
    assert table(["name", "n"], [["Acme", "2"], ["Globex", "10"]], width=40) == [
        "name   | n", "-------+---", "Acme   | 2", "Globex | 10"]


def test_long_cells_wrap_within_the_width_and_keep_every_word():
    note = " ".join(f"word{i}" for i in range(40))
    iri = "https://w3id.org/survkg/id/org/" + "x" * 90  # one word wider than the table
    lines = table(["name", "note"], [["Acme", note], [iri, "short"]], width=50)
    assert max(len(line) for line in lines) <= 50
    assert "…" not in "".join(lines)
    header, first, second = cells(lines)
    assert first == ["Acme", note]
    assert second[0].replace(" ", "") == iri and second[1] == "short"


def test_narrow_columns_keep_their_width_and_wide_ones_share_the_rest():
    # widths start at the longest cell; only columns wider than their longest word give way
    assert fit(["id", "text"], [["org/acme", "one two three four five six"]], 30) == [8, 19]
    assert fit(["a", "b"], [["x" * 10, "y" * 10]], 15) == [6, 6]  # words too long: both fold
    # a header folds before the data does; and a wrapped header alone draws no row rules
    assert fit(["kind", "summaries"], [["financing", "10"]], 15) == [9, 3]
    assert table(["kind", "summaries"], [["financing", "10"], ["deal", "2"]], 15) == [
        "          | sum", "          | mar", "kind      | ies",
        "----------+----", "financing | 10", "deal      | 2"]


def test_markup_and_control_characters_print_literally():
    lines = table(["[red]label[/red]"], [["[bold]x[/bold] \x1b[31mred\x07"]], width=60)
    assert lines[0] == "[red]label[/red]"
    assert lines[2] == "[bold]x[/bold] \\x1b[31mred\\x07"
    assert printable("a\nb\tc\x9b") == "a\nb\\x09c\\x9b"



def _by_rich(columns, rows, widths, width):
    """The table as rich draws it (kg.render.cells._draw), with rules between rows once one
    wraps: what `table` gave before it laid the columns out itself."""
    lines = _draw(columns, rows, widths, width, between_rows=False)
    if any(len(_wrap(cell, w)) > 1 for row in rows for cell, w in zip(row, widths)):
        lines = _draw(columns, rows, widths, width, between_rows=True)
    return lines


# Words to build cells from: wide (CJK, emoji, a flag), combining and zero-width characters,
# rich markup, an escaped ESC, the separator itself, and words longer than any column.
PIECES = ["Acme", "a", "Holdings,", "漢字", "👍", "🇺🇸", "e\u0301", "\u200b", "ﾊ", "[b]x[/b]",
          "\x1b[31m", "|", "+-+", "org/" + "x" * 70, "https://w3id.org/survkg/id/org/漢" * 2]


@pytest.mark.parametrize("seed", range(40))
def test_the_layout_is_what_rich_draws(seed):
    # `table` draws the columns itself (rich per cell took seconds for 700 rows): the same
    # lines, character for character, as rich's Table with the same widths.
    import random

    rng = random.Random(seed)

    def cell(most):
        return one_line(" ".join(rng.choice(PIECES) for _ in range(rng.randint(0, most))))

    n = rng.randint(1, 6)
    width = rng.choice([30, 60, 100, 150])
    columns = ["h" + cell(3) for _ in range(n)]
    rows = [[cell(8) for _ in range(n)] for _ in range(rng.randint(0, 6))]
    widths = fit(columns, rows, width)
    if sum(widths) + 3 * (n - 1) > width:
        widths = fit(columns[:1], [row[:1] for row in rows], width)
        columns, rows = columns[:1], [row[:1] for row in rows]
    assert _layout(columns, rows, widths) == _by_rich(columns, rows, widths, width)
    assert table(columns, rows, width) == _by_rich(columns, rows, widths, width)


# --- through the CLI --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> list[str]:
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(FIXTURE, root / "data")
    records = root / "data" / "records.yaml"
    text = records.read_text(encoding="utf-8")
    quoted = '"' + LABEL + '"'
    records.write_text(text.replace("    label: Globex\n", f"    label: {quoted}\n", 1),
                       encoding="utf-8")
    options = ["--data", str(root / "data"), "--build-dir", str(root / "build")]
    result = CliRunner().invoke(cli, [*options, "build"])
    assert result.exit_code == 0, result.output
    return options


QUERY = "SELECT ?label WHERE { ?o a sk:Company ; rdfs:label ?label } ORDER BY ?label"


@pytest.mark.parametrize("args, row", [
    (["suppliers", "--to", "EB"], 2),  # after Acme Vision
    (["query", "-e", QUERY], 2),  # after Acme Vision ('A' sorts before '[')
])
def test_tables_show_the_whole_label_literally_within_the_width(hostile, args, row):
    result = CliRunner().invoke(cli, [*hostile, *args], env={"COLUMNS": None})
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "…" not in result.output
    lines = table_lines(result.output)
    assert max(len(line) for line in lines) <= DEFAULT_WIDTH
    assert cells(lines)[row][0] == printable(LABEL)  # the whole label, escapes visible


def test_columns_sets_the_width(hostile):
    result = CliRunner().invoke(cli, [*hostile, "suppliers", "--to", "EB"], env={"COLUMNS": "60"})
    lines = table_lines(result.output)
    assert max(len(line) for line in lines) <= 60
    # the narrow column folds long words: every character is there, in order
    assert cells(lines)[2][0].replace(" ", "") == printable(LABEL).replace(" ", "")


def test_output_stays_plain_when_the_environment_asks_for_colour(hostile):
    env = {"FORCE_COLOR": "1", "TERM": "xterm-256color", "TTY_COMPATIBLE": "1", "COLUMNS": None}
    for args in (["suppliers", "--to", "EB"], ["stats"], ["query", "-e", QUERY]):
        result = CliRunner().invoke(cli, [*hostile, *args], env=env)
        assert result.exit_code == 0
        assert "\x1b" not in result.output
        assert set("".join(table_lines(result.output))) <= set(
            "".join(chr(c) for c in range(32, 127)))  # ASCII rules: readable in any file


def test_cells_are_counted_as_rich_counts_them():
    # The layout counts printable ASCII itself (one cell a character, no call into rich): rich
    # must agree, for every such character and for the mixed pieces above.
    from rich.cells import cell_len

    from kg.render.cells import _cells, _one_cell

    ascii_text = "".join(map(chr, range(0x20, 0x7F)))
    assert _one_cell(ascii_text) and _cells(ascii_text) == cell_len(ascii_text) == 95
    for piece in [*PIECES, one_line("\x1b[31m"), "Côte d'Ivoire", "\x7f"]:
        assert _cells(piece) == cell_len(piece), piece
