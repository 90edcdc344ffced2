"""What a cold `kg` command does: `kg --version` and `--help` start without the stack, `kg ask`
without rdflib and the store (it reads the build's network only), and a `kg` process freezes
the network it read out of the garbage collector's sight. Checked in fresh processes (speed
itself is measured by scripts/bench_ask.py, never asserted)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from kg.analysis.saved import SAVED_FILE

STACK = ("rdflib", "oxrdflib", "pyoxigraph", "networkx", "pydantic", "rich", "yaml", "scipy")
STORE = ("rdflib", "oxrdflib", "pyoxigraph", "scipy")


def imported(*args: str) -> tuple[int, set[str]]:
    """Return (exit code, top-level packages of STACK imported) of `kg ARGS` in a new process."""
    script = ("import contextlib, io, json, sys\n"
              "from kg.cli import main\n"
              "sys.argv = ['kg', *sys.argv[1:]]\n"
              "code = 0\n"
              "with contextlib.redirect_stdout(io.StringIO()):\n"
              "    try:\n"
              "        main()\n"
              "    except SystemExit as exit:\n"
              "        code = exit.code or 0\n"
              f"print(json.dumps([code, sorted(m for m in {STACK!r} if m in sys.modules)]))\n")
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    code, modules = json.loads(done.stdout.splitlines()[-1])
    return code, set(modules)


def frozen_objects(call: str, build: Path) -> int:
    """Return how many objects the garbage collector was told to leave alone after `kg ask`
    run through `call` ('main': as the `kg` process does; 'runner': click's test runner)."""
    script = ("import gc, sys\n"
              "from click.testing import CliRunner\n"
              "from kg.cli import cli, main\n"
              "args = ['--build-dir', sys.argv[2], 'ask', 'who supplies Kenya']\n"
              "if sys.argv[1] == 'main':\n"
              "    sys.argv = ['kg', *args]\n"
              "    try:\n"
              "        main()\n"
              "    except SystemExit:\n"
              "        pass\n"
              "else:\n"
              "    assert CliRunner().invoke(cli, args).exit_code == 0\n"
              "print(gc.get_freeze_count(), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", script, call, str(build)], capture_output=True,
                          text=True, cwd=ROOT, check=True)
    return int(done.stderr.splitlines()[-1])


def test_a_kg_process_freezes_the_network_it_read_and_the_test_runner_does_not(minimal_build):
    assert frozen_objects("main", minimal_build) > 1000  # the network and all before it
    assert frozen_objects("runner", minimal_build) == 0


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["ask", "--help"],
                                  ["query", "--help"]])
def test_version_and_help_import_none_of_the_stack(args):
    assert imported(*args) == (0, set())


def test_ask_reads_the_network_without_rdflib_or_the_store(minimal_build):
    code, modules = imported("--build-dir", str(minimal_build), "ask", "who supplies Kenya")
    assert code == 0
    assert not modules & set(STORE)
    # Nor the record models: an undated question needs no date check, no data assertion.
    assert "pydantic" not in modules and "yaml" not in modules


@pytest.mark.parametrize("args", [["ask", "who supplies Kenya"], ["suppliers", "--to", "Kenya"],
                                  ["path", "Acme", "Kenya"]])
def test_a_cold_command_reads_the_saved_projection_without_networkx(minimal_build, args):
    # The saved projection is read into a read-only graph (kg/analysis/frozen.py): importing
    # networkx cost more than answering.
    code, modules = imported("--build-dir", str(minimal_build), *args)
    assert code == 0 and "networkx" not in modules


def test_a_projection_read_from_network_json_is_a_networkx_graph(minimal_build, tmp_path):
    # Without the saved copy the projection is made from network.json as a networkx graph: this
    # is what the test above would see if a cold command reached networkx.
    build = tmp_path / "build"
    shutil.copytree(minimal_build, build)
    (build / SAVED_FILE).unlink()
    code, modules = imported("--build-dir", str(build), "ask", "who supplies Kenya")
    assert code == 0 and "networkx" in modules


def test_a_count_question_reads_the_assertions_saved_with_the_build(shipped_build):
    # The published figures beside the count come from the build's saved copy of the data
    # assertions (the files under --data are the ones it was built from): no record models.
    code, modules = imported("--build-dir", str(shipped_build), "--data", str(ROOT / "data"),
                             "ask", "How many countries does Huawei supply?")
    assert code == 0
    assert not modules & {"pydantic", "yaml", *STORE}
