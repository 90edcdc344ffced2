"""The command line behaves as a user expects (issue 11): the group's options after the
command too, every command from any folder, `kg viz` never overwrites the explorer unasked,
names wherever ids are in `kg query -p`, and an example in every command's --help."""
from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from conftest import reading_options
from kg.backend import view_file
from kg.cli import SETTINGS, cli
from kg.importers import IMPORTERS, UPSTREAM_FILES
from kg.settings import Options, project_root

FIXTURE = Path(__file__).parent / "fixtures" / "cli" / "data"
PYPROJECT = '[project]\nname = "survkg"\nversion = "0.1.0"\n'


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("options") / "build"
    result = run("--data", str(FIXTURE), "--build-dir", str(out), "build")
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module", params=["embedded", "endpoint"])
def source(request, built) -> list[str]:
    return reading_options(request, built)


@pytest.fixture
def project(tmp_path) -> Path:
    """A project root (pyproject.toml naming survkg, data/) holding the CLI fixture's records."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root / "data")
    (root / "pyproject.toml").write_text(PYPROJECT)
    (root / "notes" / "deep").mkdir(parents=True)
    return root


@pytest.fixture
def nowhere(tmp_path, monkeypatch) -> Path:
    """A current folder with no project at or above it, and no KG_* settings in the env."""
    for name in ("KG_DATA", "KG_BUILD", "KG_ENDPOINT", "KG_GRAPH", "KG_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    monkeypatch.chdir(folder)
    assert project_root(folder) is None
    return Path.cwd()


# --- the group's options after the command --------------------------------------------------

@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_takes_the_group_options_after_its_name(command):
    given = {opt for param in cli.commands[command].params for opt in param.opts}
    assert {decls[0] for decls, _ in SETTINGS} <= given


def test_build_dir_after_the_command(built):
    before = run("--build-dir", str(built), "stats", "--format", "json")
    after = run("stats", "--format", "json", "--build-dir", str(built))
    assert after.exit_code == 0, after.output
    assert after.output == before.output
    assert json.loads(after.output)["classes"]["country"] == 4


def test_a_value_after_the_command_wins(built, tmp_path, monkeypatch):
    result = run("--build-dir", str(tmp_path), "stats", "--build-dir", str(built))
    assert result.exit_code == 0, result.output
    monkeypatch.setenv("KG_BUILD", str(tmp_path))  # the environment loses to the command line
    assert run("stats", "--build-dir", str(built)).output == result.output
    monkeypatch.setenv("KG_BUILD", str(built))  # and counts when nothing is given
    assert run("stats").output == result.output
    wrong = run("--build-dir", str(built), "stats", "--build-dir", str(tmp_path))
    assert (wrong.exit_code, wrong.output) == (1, f"Error: no built store in {tmp_path}: run "
                                                  "`kg build` first\n")


def test_data_graph_and_timeout_after_the_command(built):
    assert run("check", "--data", str(FIXTURE)).output.startswith("ok: 22 records in 1 files")
    result = run("stats", "--build-dir", str(built), "--graph", "urn:g")
    assert (result.exit_code, result.output) == (
        1, "Error: --graph names a graph of a remote endpoint: give --endpoint URL too\n")
    result = run("stats", "--build-dir", str(built), "--timeout", "0")
    assert result.exit_code == 2
    assert "Invalid value for '--timeout': 0.0 is not in the range x>0." in result.output


def test_endpoint_after_the_command_reads_the_server(built, pushed):
    options = pushed(built)  # --build-dir names an empty folder: only the server has the graph
    local = run("--build-dir", str(built), "stats", "--format", "json")
    remote = run("stats", "--format", "json", *options)
    assert remote.exit_code == 0, remote.output
    assert json.loads(remote.output) == json.loads(local.output)


def test_push_takes_the_endpoint_after_its_name(built, oxigraph_server):
    result = run("push", "--build-dir", str(built), "--endpoint", oxigraph_server,
                 "--graph", "urn:survkg:test:after")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("pushed ")


def test_a_command_keeps_its_own_option_of_a_group_name():
    timeouts = [p for p in cli.commands["serve"].params if "--timeout" in p.opts]
    assert [p.name for p in timeouts] == ["seconds"]  # the query timeout, not the endpoint's


# --- every command from any folder ------------------------------------------------------------

ANYWHERE = [["check"], ["build"], ["stats"], ["query", "bri-suppliers"],
            ["ask", "who supplies Kenya"], ["path", "Acme", "Uganda"], ["suppliers", "--to", "EB"],
            ["profile", "Acme"], ["claims", "Acme"], ["audit"], ["rank"], ["reach", "Acme"],
            ["sources", "Acme"], ["viz"],
            ["export", "--format", "csv"],
            ["push", "--endpoint", "http://127.0.0.1:9/query"], ["serve"]]


def test_every_command_is_tried_outside_a_project():
    assert {args[0] for args in ANYWHERE} | {"import"} == set(cli.commands)


@pytest.mark.parametrize("args", ANYWHERE, ids=lambda a: a[0])
def test_outside_a_project_every_command_says_what_to_pass(args, nowhere):
    result = run(*args)
    assert (result.exit_code, result.output) == (
        1, f"Error: no survkg project here or above {nowhere}: pass --data and --build-dir\n")


def test_the_kg_command_outside_a_project_prints_no_traceback(nowhere):
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    done = subprocess.run([sys.executable, "-m", "kg", "check"], cwd=nowhere, env=env,
                          capture_output=True, text=True)
    assert (done.returncode, done.stdout, done.stderr) == (
        1, "", f"Error: no survkg project here or above {nowhere}: pass --data and --build-dir\n")


def test_import_outside_a_project(nowhere):
    upstream = nowhere / "rows.csv"
    upstream.write_text("a\n")
    result = run("import", "aigs-2019", str(upstream))
    assert result.output.startswith("Error: no survkg project here or above")


def test_given_folders_work_outside_a_project(nowhere, built):
    assert run("check", "--data", str(FIXTURE)).exit_code == 0
    assert run("--build-dir", str(built), "ask", "who supplies Kenya").exit_code == 0
    assert run("query", "--list").exit_code == 0  # needs no folder at all


def test_commands_find_the_project_from_a_subfolder(project, monkeypatch):
    for name in ("KG_DATA", "KG_BUILD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(project / "notes" / "deep")
    result = run("build")
    assert result.exit_code == 0, result.output
    assert result.output.rstrip().endswith(f"-> {project.resolve()}/build/")
    assert (project / "build" / "survkg.ttl").is_file()
    assert run("check").output.startswith("ok: 22 records in 1 files")
    asked = run("ask", "who supplies Kenya")
    assert asked.exit_code == 0, asked.output
    assert "Acme Vision" in asked.output
    monkeypatch.chdir(project)  # in the root itself, folders are named as before
    assert run("build").output.rstrip().endswith("-> build/")


def test_a_pyproject_of_another_project_is_no_root(project):
    (project / "pyproject.toml").write_text('[project]\nname = "survkg-tools"\n')
    assert project_root(project / "notes") is None
    (project / "pyproject.toml").write_text(PYPROJECT)
    assert project_root(project / "notes" / "deep") == project.resolve()
    shutil.rmtree(project / "data")  # a root holds its records
    assert project_root(project) is None


def test_given_folders_are_used_as_given(nowhere):
    options = Options(data_dir="my/data", build_dir="my/build")
    assert (options.data, options.build) == ("my/data", "my/build")


# --- kg viz writes a view to a file of its own ------------------------------------------------

def test_viz_writes_a_view_beside_the_explorer(built, tmp_path):
    build = tmp_path / "build"
    shutil.copytree(built, build)
    explorer = (build / "survkg.html").read_bytes()
    result = run("viz", "--focus", "Acme", "--build-dir", str(build))
    view = build / "survkg-around-acme-depth-1.html"
    assert (result.exit_code, result.output) == (
        0, f"wrote {view}: around Acme (depth 1), 7 entities, 6 links\n")
    assert (build / "survkg.html").read_bytes() == explorer
    assert view.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    result = run("viz", "--kinds", "supply", "--build-dir", str(build))  # a cut is a view too
    assert result.output.startswith(f"wrote {build / 'survkg-full-graph-links-supply.html'}: ")
    assert (build / "survkg.html").read_bytes() == explorer


def test_viz_replaces_the_explorer_when_told(built, tmp_path):
    build = tmp_path / "build"
    shutil.copytree(built, build)
    explorer = (build / "survkg.html").read_bytes()
    result = run("viz", "--focus", "Acme", "--replace", "--build-dir", str(build))
    assert result.output == (f"wrote {build / 'survkg.html'}: around Acme (depth 1), "
                             "7 entities, 6 links\n")
    assert (build / "survkg.html").read_bytes() != explorer
    result = run("viz", "--build-dir", str(build))  # the default view is the explorer itself
    assert result.output.startswith(f"wrote {build / 'survkg.html'}: who supplies whom, ")
    assert (build / "survkg.html").read_bytes() == explorer


def test_viz_replace_and_output_exclude_each_other(built, tmp_path):
    result = run("viz", "--focus", "Acme", "--replace", "-o", str(tmp_path / "a.html"),
                 "--build-dir", str(built))
    assert (result.exit_code, result.output) == (
        1, "Error: --replace writes the view to BUILD/survkg.html: leave out -o, or give -o "
           "alone\n")


@pytest.mark.parametrize("view, name", [
    ("around Hikvision (depth 2)", "survkg-around-hikvision-depth-2.html"),
    ("paths from Société Générale to Côte d'Ivoire",
     "survkg-paths-from-societe-generale-to-cote-d-ivoire.html"),
    ("suppliers to 中国", "survkg-suppliers-to.html"),
    ("<script>", "survkg-script.html"),
    ("中国", "survkg-view.html"),
])
def test_view_file_names(view, name):
    assert view_file(view) == name


def test_view_file_name_is_short():
    assert len(view_file("around " + "x" * 300)) <= len("survkg-.html") + 80


# --- names wherever ids are in kg query -p ---------------------------------------------------

def _labels(result) -> list[str]:
    assert result.exit_code == 0, result.output
    return [line.split(",")[3] for line in result.output.splitlines()[1:]]


@pytest.mark.parametrize("value", ["Uganda", "UGA", "ugnada", "country/UGA",
                                   "https://w3id.org/survkg/id/country/UGA"])
def test_query_takes_a_name_for_an_iri_parameter(source, value):
    result = run("query", "deals-by-country", "-p", f"country={value}", "--format", "csv", *source)
    assert _labels(result) == ["Uganda city cameras"]


def test_query_takes_an_alias(source):
    result = run("query", "restrictions-by-vendor", "-p", "target=Acme", "--format", "csv", *source)
    assert result.exit_code == 0, result.output
    assert [line.split(",")[1] for line in result.output.splitlines()[1:]] == ["Acme Vision"]


@pytest.mark.parametrize("value, message", [
    ("Narnia", "Error: 'Narnia' is not in the graph\n"),
    ("Ugandaa Vision", "Error: 'Ugandaa Vision' is not in the graph (did you mean: Uganda?)\n"),
    ("Globex", "Error: 'Globex' is not a country in the graph: it names Globex (company)\n"),
])
def test_query_name_not_in_the_graph_exits_2(source, value, message):
    result = run("query", "deals-by-country", "-p", f"country={value}", *source)
    assert (result.exit_code, result.output) == (2, message)


# --- an example in every command's help; kg import lists its datasets -------------------------

def _examples(command: click.Command) -> list[list[str]]:
    text = command.epilog or ""
    assert text.startswith("\b\nExamples:\n"), "the epilog starts with a \\b block of examples"
    return [shlex.split(line.split(" > ")[0]) for line in text.splitlines()[2:]]


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_help_shows_examples_that_parse(name):
    command = cli.commands[name]
    examples = _examples(command)
    assert examples, f"kg {name} --help shows no example"
    help_text = run(name, "--help").output
    assert all(line in help_text for line in command.epilog.splitlines()[2:])
    for args in examples:
        assert args[:2] == ["kg", name]
        parent = click.Context(cli, info_name="kg", obj=Options())
        command.make_context(name, args[2:], parent=parent)  # a wrong option: UsageError


def test_ask_help_shows_example_questions():
    help_text = run("ask", "--help").output
    assert "Examples:\n    kg ask 'which vendors supply BRI states'\n" in help_text


def test_import_help_lists_every_dataset_with_its_file():
    assert set(UPSTREAM_FILES) == set(IMPORTERS)
    help_text = " ".join(run("import", "--help").output.split())  # unwrapped
    assert "Datasets (DATASET: the upstream file it reads):" in help_text
    for name in IMPORTERS:
        assert f"{name} {' '.join(UPSTREAM_FILES[name].split())}" in help_text
