"""What a `kg` command imports: `kg --version` and `--help` start without the stack, and
`kg ask` without rdflib and the store (it reads the build's network only). Checked in a fresh
process, where sys.modules shows what a cold start pays for (speed itself is measured by
scripts/bench_ask.py, never asserted)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT

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


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["ask", "--help"],
                                  ["query", "--help"]])
def test_version_and_help_import_none_of_the_stack(args):
    assert imported(*args) == (0, set())


def test_ask_reads_the_network_without_rdflib_or_the_store(minimal_build):
    code, modules = imported("--build-dir", str(minimal_build), "ask", "who supplies Kenya")
    assert code == 0
    assert "networkx" in modules  # it did load the network
    assert not modules & set(STORE)
