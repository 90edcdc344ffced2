"""Progress on long work: the library reports each step to a callback (kg.build, kg.sparql.push),
kg.render.progress draws it on stderr only when stderr is a terminal, and the CLI passes one.
In a pipe or a test (CliRunner) stderr stays empty."""
from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from kg.build import STAGES, build
from kg.cli import cli
from kg.render.progress import bar, spinner
from kg.sparql import push as pushing
from remote_support import TinyServer, count, proxy

FIXTURE = Path(__file__).parent / "fixtures" / "cli" / "data"
AIGS_2019 = ROOT.parent / "shared" / "datasets" / "carnegie-aigs" / "aigs_2019_index.csv"


class Terminal(io.StringIO):
    """A stream that says it is a terminal, to see what the bars draw."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("shacl", [True, False])
def test_build_reports_every_stage_in_order(tmp_path, shacl):
    calls = []
    build(FIXTURE, tmp_path / "b", shacl=shacl, progress=lambda *step: calls.append(step))
    stages = [s for s in STAGES if shacl or s != "SHACL"]
    assert calls == [(stage, i, len(stages)) for i, stage in enumerate(stages, start=1)]


def test_a_failed_build_reports_no_stage_after_the_failure(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "records.yaml").write_text("organizations:\n  - id: x\n", encoding="utf-8")
    calls = []
    with pytest.raises(Exception):
        build(data, tmp_path / "b", progress=lambda *step: calls.append(step))
    assert calls == []  # the records were refused: no stage completed


def test_the_bar_draws_only_on_a_terminal():
    pipe = io.StringIO()
    with bar("kg build", pipe) as progress:
        assert progress is None  # the library then skips the calls
    assert pipe.getvalue() == ""
    terminal = Terminal()
    with bar("kg build", terminal) as progress:
        progress("records [x]", 1, 2)  # markup-like text is shown as it is
    assert terminal.getvalue()  # drawn (and cleared: the bar is transient)
    with spinner("kg import", pipe) as say:
        say("a line")
    assert pipe.getvalue() == ""
    with spinner("bench", terminal) as say:
        say("3k: kg build 0.5 s [bold]")
    assert "3k: kg build 0.5 s [bold]" in terminal.getvalue()


def test_push_reports_the_upload_by_the_megabyte(tmp_path, oxigraph_server, monkeypatch):
    out = tmp_path / "b"
    build(FIXTURE, out)
    size = (out / "survkg.nt").stat().st_size
    monkeypatch.setattr(pushing, "CHUNK", size // 4 + 1)  # so the small build goes in 4 pieces
    graph = "urn:survkg:test:progress:put"
    calls = []
    summary = pushing.push(out, oxigraph_server, graph=graph,
                           progress=lambda *step: calls.append(step))
    assert [c[0] for c in calls] == ["graph store PUT"] * 4
    assert [c[1] for c in calls] == sorted(c[1] for c in calls) and calls[-1][1:] == (size, size)
    assert count(oxigraph_server, graph) == summary.triples


def test_a_sparql_update_push_reports_its_upload_too(tmp_path, oxigraph_server, monkeypatch):
    out = tmp_path / "b"
    build(FIXTURE, out)
    monkeypatch.setattr(pushing, "CHUNK", 4096)
    port = int(oxigraph_server.split(":")[2].split("/")[0])
    graph = "urn:survkg:test:progress:update"
    calls = []
    with TinyServer(proxy(port, refuse_puts=True)) as middle:
        summary = pushing.push(out, middle.url, graph=graph,
                               progress=lambda *step: calls.append(step))
    assert re.fullmatch(r"SPARQL update in (\d+) batch(es)?, then MOVE", summary.method)
    batches = int(summary.method.split()[3])
    # the refused PUT's body went out before its 405 came back; then each batch
    assert [c[0] for c in calls[-batches:]] == [f"batch {n}" for n in range(1, batches + 1)]
    assert calls[-1][1:] == (summary.triples, summary.triples)
    assert count(oxigraph_server, graph) == summary.triples


# --- through the CLI: stderr is not a terminal here, so nothing is drawn ----------------------

def test_cli_long_work_writes_nothing_to_stderr_when_it_is_not_a_terminal(
        tmp_path, oxigraph_server):
    options = ["--data", str(FIXTURE), "--build-dir", str(tmp_path / "b")]
    result = CliRunner().invoke(cli, [*options, "build"])
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout.startswith("built 22 records")
    result = CliRunner().invoke(cli, [*options, "push", "--endpoint", oxigraph_server,
                                      "--graph", "urn:survkg:test:progress:cli"])
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout.startswith("pushed ")


@pytest.mark.skipif(not AIGS_2019.is_file(), reason="needs ../shared/datasets")
def test_cli_import_writes_nothing_to_stderr_when_it_is_not_a_terminal(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)  # the import writes into data/imported/
    result = CliRunner().invoke(cli, ["--data", str(data), "import", "aigs-2019", str(AIGS_2019)])
    assert result.exit_code == 0, result.output
    assert result.stderr == "" and result.stdout.startswith("aigs-2019: read ")
