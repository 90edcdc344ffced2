"""CLI tests: every command, good path and bad path, exact output where it is deterministic."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import reading_options
from kg.cli import cli

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "cli" / "data"


def run(*args: str, data: Path | None = None, build: Path | list[str] | None = None):
    options = []
    if data is not None:
        options += ["--data", str(data)]
    if isinstance(build, list):  # reading options: see the `source` fixture
        options += build
    elif build is not None:
        options += ["--build-dir", str(build)]
    return CliRunner().invoke(cli, [*options, *args], catch_exceptions=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build")
    result = run("build", data=FIXTURE, build=out)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module", params=["embedded", "endpoint"])
def source(request, built) -> list[str]:
    """The reading tests run twice: on the embedded store, and on a real `oxigraph serve`."""
    return reading_options(request, built)


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# --- help and documentation ------------------------------------------------------------------

@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert result.output.startswith(f"Usage: cli {command}") or "Usage:" in result.output
    assert cli.commands[command].help, f"kg {command} has no help text"


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_is_in_the_readme(command):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"\bkg (?:--\S+ \S+ )*{command}\b", readme), f"README does not show kg {command}"


def test_python_dash_m_kg_runs():
    result = subprocess.run([sys.executable, "-m", "kg", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "Commands:" in result.stdout


# --- build ----------------------------------------------------------------------------------

def test_build_prints_one_summary_line(tmp_path):
    result = run("build", data=FIXTURE, build=tmp_path / "b")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == 1
    assert re.fullmatch(
        r"built 22 records \(11 claims, 2 sources\) into [\d,]+ triples in [\d.]+ s -> .*/b/",
        lines[0],
    )
    for name in ("survkg.ttl", "survkg.nt", "survkg.jsonld", "manifest.json"):
        assert (tmp_path / "b" / name).is_file()


def test_build_error_is_one_line_and_leaves_build_untouched(tmp_path, built):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    text = (data / "records.yaml").read_text()
    (data / "records.yaml").write_text(text.replace("suppliers: [globex]", "suppliers: [globx]"))
    out = tmp_path / "b"
    shutil.copytree(built, out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    result = run("build", data=data, build=out)
    assert result.exit_code == 1
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "suppliers: [globex]" in t)
    assert result.output == (
        f"Error: {data}/records.yaml:{line}: supply 'globex-uganda': suppliers: "
        f"unknown organization 'globx' (did you mean 'globex'?)\n"
    )
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before


# --- check ----------------------------------------------------------------------------------

def test_check_ok():
    result = run("check", data=FIXTURE)
    assert result.exit_code == 0
    assert result.output.startswith("ok: 22 records in 1 files, SHACL conforms")


def test_check_lists_every_problem(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    text = (data / "records.yaml").read_text()
    text = text.replace("currency: USD\n    evidence:\n      - source: example-times-2020\n"
                        "        quote: \"Acme Vision sold", "evidence:\n      - source: "
                        "example-times-2020\n        quote: \"Acme Vision sold")
    text = text.replace("start: 2017-06", "start: 2017-13")
    (data / "records.yaml").write_text(text)
    result = run("check", data=data)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[-1] == "2 problem(s) found"
    assert re.fullmatch(r".*records\.yaml:\d+: membership 'kenya-in-bloc': start: '2017-13' is "
                        r"not a date: write YYYY, YYYY-MM or YYYY-MM-DD", lines[0])
    assert re.fullmatch(r".*records\.yaml:\d+: deal 'uganda-cameras': amount: an amount without "
                        r"a currency: add `currency` \(e\.g\. USD\)", lines[1])


# --- query ----------------------------------------------------------------------------------

def test_query_list_names_every_query():
    result = run("query", "--list")
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.output.splitlines()]
    assert names == sorted(p.stem for p in (ROOT / "kg" / "graph" / "queries").glob("*.rq"))
    assert "bri-suppliers" in names


def test_bri_suppliers_counts_current_members_only(source):
    result = run("query", "bri-suppliers", "--param", "initiative=initiative/bloc",
                 "--format", "csv", build=source)
    assert result.exit_code == 0
    got = rows(result.output)
    assert [(r["vendorLabel"], r["countries"]) for r in got] == [("Acme Vision", "2"),
                                                                 ("Globex", "1")]
    assert set(got[0]["countryNames"].split(", ")) == {"Kenya", "Uganda"}
    assert set(got[0]["sources"].split(" | ")) == {"Example Times report on city cameras",
                                                   "Example Surveillance Index"}


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_query_formats(source, fmt):
    result = run("query", "restrictions-by-vendor", "--format", fmt, build=source)
    assert result.exit_code == 0
    out = result.output
    if fmt == "table":
        assert [c.strip() for c in out.splitlines()[0].split("|")] == [
            "target", "targetLabel", "instrument", "authority", "start", "end", "citation",
            "source", "claims"]
        assert set(out.splitlines()[1]) == {"-", "+"}
        assert out.splitlines()[2].startswith("org/acme | Acme Vision | ")
        assert out.endswith("(1 row)\n")
    elif fmt == "csv":  # SPARQL 1.1 CSV: plain strings, IRIs in full, CRLF
        assert result.stdout_bytes.split(b"\r\n")[1].decode().split(",") == [
            "https://w3id.org/survkg/id/org/acme", "Acme Vision", "BIS Entity List",
            "Example Authority", "2019-10-09", "", "1 EX 100",
            "Example Times report on city cameras", "1"]
    elif fmt == "tsv":  # SPARQL 1.1 TSV: ?names, then terms in Turtle syntax
        lines = out.splitlines()
        assert lines[0].split("\t")[:2] == ["?target", "?targetLabel"]
        assert lines[1].split("\t") == [
            "<https://w3id.org/survkg/id/org/acme>", '"Acme Vision"', '"BIS Entity List"@en',
            '"Example Authority"', '"2019-10-09"', "",  # dates are plain strings (ontology)
            '"1 EX 100"', '"Example Times report on city cameras"', "1"]
    else:
        doc = json.loads(out)
        assert doc["head"]["vars"][0] == "target"
        binding = doc["results"]["bindings"][0]
        assert binding["target"] == {"type": "uri", "value": "https://w3id.org/survkg/id/org/acme"}
        # A date is a plain string as precise as its source (OWL 2 has no xsd:date): no datatype.
        assert binding["start"] == {"type": "literal", "value": "2019-10-09"}
        assert "end" not in binding


@pytest.mark.parametrize("fmt, sep", [("csv", ","), ("tsv", "\t")])
def test_query_short_gives_the_tables_short_forms(source, fmt, sep):
    result = run("query", "restrictions-by-vendor", "--format", fmt, "--short", build=source)
    assert result.exit_code == 0
    assert result.output.splitlines()[1].split(sep) == [
        "org/acme", "Acme Vision", "BIS Entity List", "Example Authority", "2019-10-09", "",
        "1 EX 100", "Example Times report on city cameras", "1"]


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_query_short_only_with_csv_or_tsv(source, fmt):
    result = run("query", "restrictions-by-vendor", "--format", fmt, "--short", build=source)
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "Error: --short goes with --format csv or tsv (the table is short already; JSON keeps "
        "full terms)")


def test_query_expression_and_file(source, tmp_path):
    text = "SELECT ?label WHERE { ?o a sk:Lender ; rdfs:label ?label }"
    result = run("query", "-e", text, "--format", "csv", build=source)
    assert result.output == "label\nExample Bank\n"
    path = tmp_path / "lenders.rq"
    path.write_text("# Lenders.\n" + text + "\n")
    assert run("query", str(path), "--format", "csv", build=source).output == result.output


def test_query_ask(source):
    result = run("query", "-e", "ASK { <https://w3id.org/survkg/id/org/acme> sk:supplies "
                 "<https://w3id.org/survkg/id/country/KEN> }", build=source)
    assert result.output == "yes\n"


def test_query_param_is_bound_not_pasted(source):
    # A value that would change the query if pasted into its text is only ever a value.
    result = run("query", "restrictions-by-vendor", "-p", 'target=https://w3id.org/survkg/id/org/acme> } UNION { ?x ?y ?z',
                 build=source)
    assert result.exit_code == 1
    assert "is not a valid IRI" in result.output
    result = run("query", "deals-by-country", "-p", "country=country/KEN", build=source)
    assert result.output.endswith("(0 rows)\n")
    result = run("query", "deals-by-country", "-p", "country=country/UGA", "--format", "csv",
                 build=source)
    assert [r["dealLabel"] for r in rows(result.output)] == ["Uganda city cameras"]


@pytest.mark.parametrize("args, message", [
    (["query", "nope"], "Error: no named query or .rq file 'nope'"),
    (["query"], "Error: give one of: a query name, a .rq file, or -e SPARQL"),
    (["query", "bri-suppliers", "-p", "country=KEN"],
     "Error: query 'bri-suppliers' has no parameter 'country' (parameters: initiative)"),
    (["query", "bri-suppliers", "-p", "initiative"], "Error: --param 'initiative': write NAME=VALUE"),
    (["query", "-e", "SELECT * WHERE { ?s ?p }"], "Error: SPARQL syntax error:"),
])
def test_query_errors(source, args, message):
    result = run(*args, build=source)
    assert result.exit_code == 1
    assert result.output.startswith(message)
    assert len(result.output.splitlines()) == 1


def test_query_without_build_says_how_to_fix(tmp_path):
    result = run("query", "bri-suppliers", build=tmp_path / "none")
    assert result.exit_code == 1
    assert result.output == f"Error: no built store in {tmp_path / 'none'}: run `kg build` first\n"


# --- stats ----------------------------------------------------------------------------------

def test_stats_json(source):
    result = run("stats", "--format", "json", build=source)
    assert result.exit_code == 0
    counts = json.loads(result.output)
    assert counts["claims"] == {"membership": 3, "supply": 3, "deal": 1, "financing": 1,
                                "finding": 1, "restriction": 1, "standards proposal": 1}
    assert counts["sources"] == {"Example Surveillance Index": 7,
                                 "Example Times report on city cameras": 5}
    assert counts["classes"]["country"] == 4


def test_stats_table(source):
    result = run("stats", build=source)
    assert result.exit_code == 0
    assert ("\nclaim kind         | count\n"
            "-------------------+------\n"
            "membership         | 3\n") in result.output


def test_stats_without_build(tmp_path):
    assert run("stats", build=tmp_path).exit_code == 1


# --- import ---------------------------------------------------------------------------------

def test_import_unknown_dataset(tmp_path):
    upstream = tmp_path / "x.csv"
    upstream.write_text("a\n")
    result = run("import", "nope", str(upstream), data=tmp_path)
    assert result.exit_code == 1
    assert result.output.startswith("Error: unknown dataset 'nope' (known: ")


def test_import_missing_file(tmp_path):
    result = run("import", "aigs-2019", str(tmp_path / "missing.csv"), data=tmp_path)
    assert result.exit_code == 1
    assert result.output == f"Error: no such file: {tmp_path / 'missing.csv'}\n"


# --- every broken input of tests/fixtures/invalid through the CLI ---------------------------

INVALID = Path(__file__).parent / "fixtures" / "invalid"
CASES = sorted(p.name for p in INVALID.iterdir() if (p / "expected.txt").is_file())


@pytest.mark.parametrize("case", CASES)
def test_invalid_input_gives_its_one_line_error_and_exit_1(case, tmp_path, built, monkeypatch):
    monkeypatch.chdir(INVALID / case)  # expected.txt names paths relative to the case folder
    out = tmp_path / "b"
    shutil.copytree(built, out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    result = run("build", data=Path("data"), build=out)
    expected = (INVALID / case / "expected.txt").read_text(encoding="utf-8").strip()
    assert result.exit_code == 1
    assert result.output == "".join(f"Error: {line}\n" for line in expected.splitlines())
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    check = run("check", data=Path("data"))
    assert check.exit_code == 1
    assert check.output.splitlines()[:-1] == expected.splitlines()
