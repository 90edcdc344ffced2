"""Issue 14, group 8: text from the data reaches neither the terminal as a control sequence nor
a spreadsheet as a formula. One layer (kg.render.cells): `printable` for table, profile, path and
explain lines, `terminal_safe` for any output written to a terminal (kg.cli.base.echo),
`spreadsheet_safe` for every CSV/TSV cell meant for spreadsheets; the W3C SPARQL CSV/TSV keep
values exact and the CLI says when one would run as a formula."""
from __future__ import annotations

import copy
import csv
import io
import re

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.render.cells import formula_like, printable, spreadsheet_safe, terminal_safe

# What a hostile label would carry: clear the screen, set the window title, ring, a CSI in its
# one-character C1 form, and a spreadsheet formula.
HOSTILE = "=HYPERLINK(\"http://x\")\x1b[2J\x1b]0;pwned\x07\x9b31m"
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # but tab and newline


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# --- the layer's rules ---------------------------------------------------------------------------

@pytest.mark.parametrize("value, safe", [
    ("=1+2", "'=1+2"), ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"), ("@SUM(A1)", "'@SUM(A1)"),
    ("-x", "'-x"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("-5", "-5"), ("-0.5", "-0.5"), ("a=b", "a=b"), ("", ""), ("Huawei", "Huawei"),
])
def test_spreadsheet_safe(value, safe):
    assert spreadsheet_safe(value) == safe
    assert not formula_like(spreadsheet_safe(value))


def test_terminal_safe_keeps_the_layout_and_escapes_the_rest():
    out = terminal_safe("a\tb\r\n" + HOSTILE + "\r\x00")
    assert not RAW_CONTROL.search(out.replace("\r\n", "\n"))
    assert out.startswith("a\tb\r\n") and "\\x1b[2J" in out and "\\x9b" in out
    assert out.endswith("\\x0d\\x00")


def test_the_exporters_use_the_same_rule():
    from kg.exporters.csvfiles import cell

    for value in ("=1+2", "-x", "-5", "@a", "plain"):
        assert cell(value) == spreadsheet_safe(value)


# --- answers: table, profile, path, explain lines; CSV cells -----------------------------------

def _poisoned(value):
    """Return the answer structure with every string of it made hostile."""
    if isinstance(value, str):
        return HOSTILE + value
    if isinstance(value, list):
        return [_poisoned(v) for v in value]
    if isinstance(value, dict):
        return {k: _poisoned(v) for k, v in value.items()}
    return value


def _answers(minimal_build):
    from kg.analysis.network import load_network
    from kg.analysis.paths import paths
    from kg.analysis.profile import profile
    from kg.analysis.suppliers import suppliers

    net = load_network(minimal_build)
    made = [profile(net, "acme-vision"), paths(net, "acme-vision", "example-police"),
            suppliers(net, "KEN")]
    assert made[0].rows and made[1].paths and made[2].rows  # the fixture answers something
    out = []
    for answer in made:
        answer = copy.deepcopy(answer)
        for name in ("title", "notes", "rows", "explain", "paths", "profile", "notes_evidence"):
            if getattr(answer, name) is not None:
                setattr(answer, name, _poisoned(getattr(answer, name)))
        out.append(answer)
    return out


def test_answer_text_shows_control_characters_escaped(minimal_build):
    from kg.render.answers import render_table

    for answer in _answers(minimal_build):
        text = render_table(answer, explain=True, width=100)
        assert not RAW_CONTROL.search(text), answer.kind
        assert "\\x1b]0;pwned\\x07" in text and "\\x9b31m" in text


def test_answer_csv_has_no_formula_cell(minimal_build):
    from kg.render.answers import render_csv

    for answer in _answers(minimal_build):
        rows = list(csv.reader(io.StringIO(render_csv(answer))))
        cells = [c for row in rows[1:] for c in row]
        assert any(c.startswith("'=HYPERLINK") for c in cells), answer.kind
        assert not any(formula_like(c) for c in cells), answer.kind


# --- kg query: --short defused, the W3C forms exact and flagged -------------------------------

QUERY = ('SELECT ?x ?y WHERE { VALUES (?x ?y) { ("=1+2" "-3") ("@SUM(A1)" "plain") '
         '("\\u001b]0;pwned\\u0007" "+cmd") } }')


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_query_short_is_defused(minimal_build, fmt):
    result = run("--build-dir", str(minimal_build), "query", "-e", QUERY, "--format", fmt,
                 "--short")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout), delimiter="," if fmt == "csv" else "\t"))
    cells = [c for row in rows[1:] for c in row]
    assert "'=1+2" in cells and "'@SUM(A1)" in cells and "'+cmd" in cells and "-3" in cells
    assert not any(formula_like(c) for c in cells)
    assert result.stderr == ""


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_query_w3c_forms_stay_exact_and_are_flagged(minimal_build, fmt):
    result = run("--build-dir", str(minimal_build), "query", "-e", QUERY, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert ("=1+2" if fmt == "csv" else '"=1+2"') in result.stdout.splitlines()[1]
    assert "'=" not in result.stdout
    assert result.stderr.startswith("note: 3 value(s) start with =, +, -, @, a tab or CR")


def test_query_without_formulas_says_nothing(minimal_build):
    result = run("--build-dir", str(minimal_build), "query", "-e",
                 'SELECT ?x WHERE { VALUES ?x { "a" "-5" } }', "--format", "csv")
    assert result.exit_code == 0 and result.stderr == ""


# --- what goes to a terminal ---------------------------------------------------------------------

def test_output_to_a_terminal_is_escaped(minimal_build, monkeypatch):
    import kg.cli.base

    args = ["--build-dir", str(minimal_build), "query", "-e", QUERY, "--format", "csv"]
    piped = run(*args)
    assert "\x1b]0;pwned\x07" in piped.stdout  # a pipe or a file gets the exact values
    monkeypatch.setattr(kg.cli.base, "to_terminal", lambda: True)
    shown = run(*args)
    assert "\\x1b]0;pwned\\x07" in shown.stdout and not RAW_CONTROL.search(
        shown.stdout.replace("\r\n", "\n"))
    assert shown.stdout.count("\r\n") == piped.stdout.count("\r\n")  # CSV's line ends kept


def test_an_error_line_shows_a_name_escaped(minimal_build):
    result = run("--build-dir", str(minimal_build), "profile", "\x1b[2J\x1b]0;pwned\x07")
    assert result.exit_code != 0
    assert not RAW_CONTROL.search(result.stderr)
    assert "\\x1b]0;pwned\\x07" in result.stderr


def test_printable_is_the_table_rule():
    assert printable("a\n\x1b[31m\tb") == "a\n\\x1b[31m\\x09b"


# --- the shipped data ------------------------------------------------------------------------------

def test_shipped_export_csv_has_no_formula_cell(shipped_build, tmp_path):
    result = run("--build-dir", str(shipped_build), "export", "--format", "csv", "-o",
                 str(tmp_path / "csv"))
    assert result.exit_code == 0, result.output
    for name in ("nodes.csv", "edges.csv"):
        with open(tmp_path / "csv" / name, encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        assert len(rows) > 1
        assert not any(formula_like(c) for row in rows for c in row), name


# --- kg export --format csv, defused unless --raw ------------------------------------------------

@pytest.mark.parametrize("raw", [False, True])
def test_export_csv_defuses_unless_raw(minimal_build, tmp_path, monkeypatch, raw):
    import networkx as nx

    import kg.exporters.csvfiles as csvfiles

    graph = nx.MultiDiGraph()
    graph.add_node("org/x", label="=HYPERLINK(\"http://x\")", aliases="-x; @y")
    graph.add_node("org/y", label="Y")
    graph.add_edge("org/x", "org/y", key="claim/1", label="+cmd", amount=-5, note="a=b")
    monkeypatch.setattr(csvfiles, "flat_graph", lambda build_dir: graph)
    out = tmp_path / "csv"
    result = run("--build-dir", str(minimal_build), "export", "--format", "csv", "-o", str(out),
                 *(["--raw"] if raw else []))
    assert result.exit_code == 0, result.output
    nodes = list(csv.DictReader(open(out / "nodes.csv", encoding="utf-8", newline="")))
    edges = list(csv.DictReader(open(out / "edges.csv", encoding="utf-8", newline="")))
    mark = "" if raw else "'"
    assert nodes[0]["Label"] == mark + '=HYPERLINK("http://x")'
    assert nodes[0]["aliases"] == mark + "-x; @y"
    assert edges[0]["Label"] == mark + "+cmd"
    assert edges[0]["amount"] == "-5" and edges[0]["note"] == "a=b"  # nothing else changes


def test_raw_goes_with_csv_only(minimal_build):
    result = run("--build-dir", str(minimal_build), "export", "--format", "ttl", "--raw")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr == "Error: --raw goes with --format csv or neo4j: ttl keeps every value as it is\n"


def test_a_lone_dash_is_text():
    # '-' stands for "none" in many tables; a spreadsheet shows it as it is.
    assert spreadsheet_safe("-") == "-" and spreadsheet_safe("- x") == "'- x"


def test_kg_check_shows_a_file_name_escaped(tmp_path):
    import shutil

    from conftest import MINIMAL_DATA

    data = tmp_path / "data"
    shutil.copytree(MINIMAL_DATA, data)
    (data / "evil\x1b]0;pwned\x07.yaml").write_text("organizations: 5\n", encoding="utf-8")
    result = run("--data", str(data), "check")
    assert result.exit_code == 1
    assert "evil\\x1b]0;pwned\\x07.yaml:1: 'organizations' must be a list" in result.stdout
    assert not RAW_CONTROL.search(result.stdout)
