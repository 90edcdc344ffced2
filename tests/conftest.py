"""Shared test helpers: fixture paths, golden files (`pytest --update-golden`), build snapshots.

Golden files live in tests/golden/. A test compares its output with `golden.check_text(name,
text)` or `golden.check_graph(name, graph)`; `pytest --update-golden` rewrites the files from
the current output instead (review the git diff, then commit it). Golden Turtle is written by
the build's own writer (kg.graph.serialize.write_turtle), so the same graph gives the same
bytes and `--update-golden` with no change to the graph leaves the files untouched.
"""
from __future__ import annotations

import difflib
import hashlib
import tempfile
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
FIXTURES = TESTS / "fixtures"
GOLDEN_DIR = TESTS / "golden"
MINIMAL_DATA = FIXTURES / "minimal" / "data"
INVALID_DIR = FIXTURES / "invalid"
SHACL_DIR = FIXTURES / "shacl"

_SHOWN = 40  # diff lines shown per side before "... and N more"


@pytest.fixture(autouse=True)
def _default_width(monkeypatch):
    """Tables at the default width (kg.render.terminal), whatever $COLUMNS the shell exports."""
    monkeypatch.delenv("COLUMNS", raising=False)


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden", action="store_true", default=False,
        help="rewrite the golden files in tests/golden/ from the current output",
    )


@pytest.fixture
def update_golden(request) -> bool:
    """True when pytest runs with --update-golden."""
    return request.config.getoption("--update-golden")


class Golden:
    """Compare output with tests/golden/<name>, or rewrite the file with --update-golden."""

    def __init__(self, update: bool, folder: Path = GOLDEN_DIR):
        self.update = update
        self.folder = folder

    def path(self, name: str) -> Path:
        return self.folder / name

    def check_text(self, name: str, actual: str) -> None:
        path = self.path(name)
        if self.update:
            if not path.exists() or path.read_bytes() != actual.encode("utf-8"):
                self._write(path, actual.encode("utf-8"))
            return
        expected = self._read(path).decode("utf-8")
        if actual != expected:
            diff = difflib.unified_diff(expected.splitlines(), actual.splitlines(),
                                        "golden", "output", lineterm="")
            pytest.fail(f"{_show(path)} differs{_HINT}\n" + "\n".join(diff),
                        pytrace=False)

    def check_graph(self, name: str, graph: Graph) -> None:
        """Compare the graph's Turtle, as the build writes it, with the golden file's bytes;
        a difference is reported as the triples only one side has."""
        path = self.path(name)
        actual = turtle_bytes(graph)
        if self.update:
            if not path.exists() or path.read_bytes() != actual:  # no change, no write
                self._write(path, actual)
            return
        stored = self._read(path)
        if stored == actual:
            return
        expected = Graph().parse(data=stored.decode("utf-8"), format="turtle")
        problem = graph_difference(expected, graph, "golden", "output")
        if problem:
            pytest.fail(f"{_show(path)} differs as a graph{_HINT}\n{problem}", pytrace=False)
        # Same graph, other bytes: the file was written by another writer (or by hand), and
        # --update-golden would rewrite it; say so rather than let the next update do it.
        pytest.fail(f"{_show(path)} holds the same graph but not as the build's Turtle writer "
                    f"writes it: run `pytest --update-golden`", pytrace=False)

    def _read(self, path: Path) -> bytes:
        if not path.exists():
            pytest.fail(f"no golden file {_show(path)}: run `pytest --update-golden`")
        return path.read_bytes()

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def turtle_bytes(graph: Graph) -> bytes:
    """Return the graph as Turtle written by the build's writer (sorted, same graph same bytes)."""
    from kg.graph.serialize import write_turtle

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "graph.ttl"
        write_turtle(graph, path)
        return path.read_bytes()


def records_graph(build: Path) -> Graph:
    """Return the graph of a build's survkg.ttl without the ontology's triples (the records')."""
    from kg.schema.ontology import load_ontology

    graph = Graph().parse(build / "survkg.ttl", format="turtle")
    for triple in load_ontology():
        graph.remove(triple)
    return graph


def _show(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


_HINT = " (if the change is intended, run `pytest --update-golden` and review the diff)"


@pytest.fixture
def golden(update_golden) -> Golden:
    """Golden-file comparisons; see the module docstring."""
    return Golden(update_golden)


def graph_difference(first: Graph, second: Graph, first_name: str, second_name: str) -> str:
    """Return a readable list of the triples only one graph has; empty when isomorphic."""
    _, only_first, only_second = graph_diff(to_isomorphic(first), to_isomorphic(second))
    if not only_first and not only_second:
        return ""
    lines = []
    for label, part in ((first_name, only_first), (second_name, only_second)):
        triples = sorted(
            " ".join(term.n3() for term in triple) + " ." for triple in part
        )
        lines.append(f"only in {label} ({len(triples)}):")
        lines += [f"  {t}" for t in triples[:_SHOWN]]
        if len(triples) > _SHOWN:
            lines.append(f"  ... and {len(triples) - _SHOWN} more")
    return "\n".join(lines)


def snapshot(folder: Path) -> dict[str, str]:
    """Return every path under `folder` (relative) with its SHA-256, or 'dir' for a folder."""
    result = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        result[key] = "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return result


@pytest.fixture
def tree_snapshot():
    """The `snapshot(folder)` function: every file under a folder with its hash."""
    return snapshot


@pytest.fixture(scope="module")
def driver():
    """Headless Chromium through Debian's chromedriver (tests/chromium.py), one per module.
    Selenium Manager would download a driver when it cannot use ours: it fails instead."""
    from unittest import mock

    from chromium import start
    from selenium.webdriver.common.selenium_manager import SeleniumManager

    ran = AssertionError("Selenium Manager ran: it must never look for a driver")
    with mock.patch.object(SeleniumManager, "binary_paths", side_effect=ran):
        session = start()
    yield session
    session.quit()


@pytest.fixture(scope="session")
def minimal_build(tmp_path_factory) -> Path:
    """A build folder of tests/fixtures/minimal, built once per session. Do not modify it:
    copy it (shutil.copytree) when a test needs a previous build to write over."""
    from kg.build import build

    out = tmp_path_factory.mktemp("minimal") / "build"
    build(MINIMAL_DATA, out)
    return out


@pytest.fixture(scope="session")
def shipped_build(tmp_path_factory) -> Path:
    """A build folder of the shipped data/, built once per session (do not modify it)."""
    from kg.build import build

    out = tmp_path_factory.mktemp("shipped") / "build"
    build(ROOT / "data", out)
    return out


# --- a real Oxigraph server (PyPI `oxigraph`), for the tests against an endpoint ---------------

@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """The query URL of an `oxigraph serve` on a free loopback port, stopped after the session.
    Skips only when the oxigraph binary is not installed (the `test` extra installs it)."""
    from remote_support import start_oxigraph

    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """A Virtuoso (Debian's virtuoso-opensource, default settings: 10,000-row cap) with a new
    database on free loopback ports, stopped after the session (tests/virtuoso_support.py).
    Skips only when virtuoso-t is not installed (.ci/run installs it)."""
    from virtuoso_support import start_virtuoso

    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pushed(oxigraph_server, tmp_path_factory):
    """`pushed(build)`: CLI options that read `build` from the real server, pushed once to a
    named graph of its own; --build-dir names an empty folder, so nothing is read locally."""
    from click.testing import CliRunner

    from kg.cli import cli

    options: dict[Path, list[str]] = {}
    empty = tmp_path_factory.mktemp("no-build")

    def push(build: Path) -> list[str]:
        if build not in options:
            remote = ["--endpoint", oxigraph_server, "--graph", f"urn:survkg:test:{len(options)}"]
            result = CliRunner().invoke(cli, ["--build-dir", str(build), *remote, "push"])
            assert result.exit_code == 0, result.output
            options[build] = ["--build-dir", str(empty), *remote]
        return options[build]
    return push


def reading_options(request, build: Path) -> list[str]:
    """CLI options for a test parametrized over backends: the embedded store or the endpoint."""
    if request.param == "embedded":
        return ["--build-dir", str(build)]
    return request.getfixturevalue("pushed")(build)
