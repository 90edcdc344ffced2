"""scripts/bench.py: a smoke run at a tiny size gives every table with a row per measurement.

Times are printed, never asserted (STYLE.md habit 12); this checks the benchmark still runs
and measures what it says: every named query, the three commands, the baselines.
"""
from __future__ import annotations

import re
import subprocess
import sys

from kg.graph.query import named_queries

from conftest import ROOT


def test_a_tiny_benchmark_run_reports_every_measurement(tmp_path):
    out = tmp_path / "bench.md"
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench.py"), "--sizes", "3000", "--repeat", "1",
         "--no-curated", "--rdflib-max", "3000", "--out", str(out)],
        capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stderr == ""  # progress lines go to stderr only when it is a terminal
    text = out.read_text()
    assert text.strip() == done.stdout.strip()
    build_row = next(line for line in text.splitlines() if line.startswith("| 3k | "))
    triples = int(build_row.split("|")[2].replace(",", ""))
    assert 2_000 < triples < 4_000
    for name in named_queries():
        row = next(line for line in text.splitlines() if line.startswith(f"| {name} | 3k |"))
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert re.fullmatch(r"\d+\.\d+×", cells[5]) and re.fullmatch(r"\d+\.\d+", cells[6])
    commands = next(line for line in text.splitlines()
                    if line.startswith("| 3k |") and "MB)" in line)
    assert len(re.findall(r"\| \d+\.\d+ ", commands)) == 7  # 3 warm, 3 cold, viz
