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
    # Progress: one line per measurement on stderr, with the seconds elapsed, nothing else.
    progress = done.stderr.splitlines()
    assert progress and all(re.fullmatch(r"\[ *\d+ s\] .+", line) for line in progress)
    assert any("kg build" in line for line in progress)
    assert any("raw pyoxigraph bulk load" in line for line in progress)
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


def test_the_cold_ask_benchmark_reports_each_question_the_stages_and_the_targets(minimal_build):
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench_ask.py"), "--build-dir", str(minimal_build),
         "--repeat", "1"], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    asked = [line for line in lines if line.startswith("| `kg ask ")]
    assert len(asked) == 10  # one question of each topic of the question set
    assert all(re.search(r"\| \d+\.\d{3} \| \d+\.\d{3} \| \d+\.\d{3} \| [02] \|", row)
               for row in asked)
    stages = {line.split("|")[1].strip() for line in lines if re.match(r"\| [a-z]", line)}
    assert {"imports", "load the network", "name indexes", "answer", "total"} <= stages
    # "mentions, names" unless kg.ask or kg.analysis changed since the session's build
    assert "saved indexes in the build: " in done.stdout
    assert sum("(issue 13)" in line or "(issue 17)" in line for line in lines) == 3


def test_a_named_query_and_its_raw_counterpart_are_timed_in_turns_after_a_warm_up():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import bench
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    calls = []
    kg_s, raw_s = bench.paired_medians(lambda: calls.append("kg"), lambda: calls.append("raw"),
                                       repeat=3)
    # Each no-op run is short: the pair is run up to SHORT_RUNS times (at least `repeat`,
    # however busy the machine), after one pair of warm-up, always kg then raw.
    pairs = len(calls) // 2
    assert calls == ["kg", "raw"] * pairs
    assert 1 + 3 <= pairs <= 1 + bench.SHORT_RUNS
    assert kg_s >= 0 and raw_s >= 0
