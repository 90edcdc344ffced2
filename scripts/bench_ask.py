"""Benchmark: cold `kg ask`, each question a new process, beside the cost of starting at all.

Takes a sample of the question set (tests/fixtures/ask/questions.yaml: the first `--per-topic`
questions of each topic) and runs each as `python -m kg --build-dir B ask QUESTION` in a fresh
process, `--repeat` times, beside two baselines measured in the same run: `python -c pass`
(starting Python) and `kg --version` (starting the CLI). Then, for one question, where the time
of a cold run goes, from timing hooks in a fresh process doing what `kg ask` does: imports,
loading the network, the name indexes (decoded from the build's saved copy, or built),
answering, drawing the table; and the heaviest packages imported (`python -X importtime`).
Each command runs once untimed first (a cold run is a new process, not a cold disk). Python's
bytecode cache is as the environment has it: with PYTHONDONTWRITEBYTECODE set, every run
compiles kg's own modules again; `--bytecode-cache` gives the children a cache of their own
(a temporary PYTHONPYCACHEPREFIX, filled by the untimed run), as an installed package has.
It prints markdown tables and the targets; nothing is asserted.

    python scripts/bench_ask.py                      # build data/ into a temp dir first
    python scripts/bench_ask.py --build-dir /tmp/b   # an existing build
    python scripts/bench_ask.py --repeat 9 --per-topic 2 --bytecode-cache
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "tests" / "fixtures" / "ask" / "questions.yaml"
STAGE_QUESTION = "Who supplies Uganda?"
# (what, seconds, issue): cold `kg ask` < 1 s is issue 13's; the others are issue 17's next step.
TARGETS = (("cold `kg ask` (slowest median)", 1.0, "issue 13"),
           ("cold `kg ask` (slowest median)", 0.5, "issue 17"),
           ("`kg --version`", 0.2, "issue 17"))
KG = [sys.executable, "-m", "kg"]
ENV = dict(os.environ)  # the children's environment (main() may give them a bytecode cache)

# Run in a fresh process: what `kg ask` does (kg/cli/questions.py), each step timed.
STAGES = r"""
import json, sys, time
started = time.perf_counter()
build_dir, data_dir, question = sys.argv[1:4]
import kg.cli  # the CLI, as `kg` imports it
from kg.ask.questions import ask
from kg.settings import Options
try:
    from kg.cli.questions import Assertions  # read when an answer reads them
except ImportError:  # an older tree, which read them before answering
    def Assertions(options):
        from kg.records.assertions import load_assertions
        return load_assertions(options.data)
times = {"imports": time.perf_counter() - started}

def step(name, func):
    began = time.perf_counter()
    value = func()
    times[name] = time.perf_counter() - began
    return value

options = Options(data_dir=data_dir, build_dir=build_dir)
try:
    from kg.cli.base import ONE_COMMAND, network_of
    ONE_COMMAND["process"] = True  # as in a `kg` process: the network is frozen once loaded
except ImportError:  # an older tree
    from kg.backend import reading
    network_of = lambda options: reading(options).network()
net = step("load the network", lambda: network_of(options))
from kg.analysis.resolve import name_index
from kg.ask.mentions import index
step("name indexes", lambda: (name_index(net), index(net)))
from kg.errors import KGError
def answered():
    try:
        try:
            published = Assertions(options, net)  # read from the build's saved copy
        except TypeError:  # an older tree, which read them from the files only
            published = Assertions(options)
        return ask(net, question, published)
    except KGError as error:  # not understood, or a name not in this graph: one line
        return error
answer = step("answer", answered)
def draw():
    from kg.render.answers import ANSWER_FORMATS
    if isinstance(answer, KGError):
        return f"Error: {answer}\n"
    return ANSWER_FORMATS["table"](answer, explain=False)
text = step("draw the table (rich)", draw)
print(json.dumps({"times": times, "saved": sorted(getattr(net, "saved", ())),
                  "nodes": len(net.graph),
                  "lines": text.count("\n")}))
"""


def timed(command: list[str]) -> tuple[float, float, int]:
    """Return (wall seconds, CPU seconds, exit code) of a command run to its end, its output
    discarded. CPU time (user + system) moves less than wall time on a shared machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, done.returncode


def cold(command: list[str], repeat: int) -> dict:
    """Return the median and max wall time of `repeat` fresh runs (after an untimed one), their
    median CPU time and the exit code."""
    timed(command)
    runs = [timed(command) for _ in range(repeat)]
    seconds = [wall for wall, _, _ in runs]
    return {"median": statistics.median(seconds), "max": max(seconds),
            "cpu": statistics.median(cpu for _, cpu, _ in runs), "exit": runs[-1][2]}


def sample(per_topic: int) -> list[dict]:
    """Return the first `per_topic` questions of each topic, in the set's order."""
    chosen: dict[str, list[dict]] = {}
    for entry in yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))["questions"]:
        taken = chosen.setdefault(entry["topic"], [])
        if len(taken) < per_topic:
            taken.append(entry)
    return [entry for entries in chosen.values() for entry in entries]


def stages(build_dir: str, data_dir: str, question: str, repeat: int) -> dict:
    """Return the median seconds of each step of a cold `kg ask` (fresh processes)."""
    runs = []
    for _ in range(repeat):
        done = subprocess.run([sys.executable, "-c", STAGES, build_dir, data_dir, question],
                              capture_output=True, text=True, check=True, cwd=ROOT, env=ENV)
        runs.append(json.loads(done.stdout.splitlines()[-1]))
    times = {name: statistics.median(r["times"][name] for r in runs) for name in runs[0]["times"]}
    return {**runs[0], "times": times}


def heaviest_imports(build_dir: str, data_dir: str, question: str, top: int = 8
                     ) -> list[tuple[str, float]]:
    """Return the packages a cold `kg ask` imports (those Python itself imports at start
    aside), slowest first, with their cumulative seconds."""
    done = subprocess.run([*KG[:1], "-X", "importtime", *KG[1:], "--data", data_dir,
                           "--build-dir", build_dir, "ask", question],
                          capture_output=True, text=True, cwd=ROOT, env=ENV)
    start = subprocess.run([sys.executable, "-X", "importtime", "-c", "pass"],
                           capture_output=True, text=True, env=ENV)
    python = imported(start.stderr)  # and kg itself, the sum of the rest
    return sorted(((p, s) for p, s in imported(done.stderr).items()
                   if p not in python and p != "kg"),
                  key=lambda p: -p[1])[:top]


def imported(report: str) -> dict[str, float]:
    """Return package -> cumulative seconds of importing it, from `python -X importtime`
    output: counted where it is entered from another package (or from nowhere), at any depth."""
    packages: dict[str, float] = {}
    outer: list[tuple[int, str]] = []  # (depth, package) of the imports around this one
    # A module's line follows the lines of what it imported: read backwards, parents come first.
    for line in reversed(report.splitlines()):
        if not line.startswith("import time:") or line.count("|") != 2:
            continue
        _, cumulative, name = line[len("import time:"):].split("|")
        if not cumulative.strip().isdigit():
            continue  # the header
        depth = (len(name) - len(name.lstrip(" ")) - 1) // 2
        package = name.strip().split(".")[0]
        while outer and outer[-1][0] >= depth:
            outer.pop()
        if not outer or outer[-1][1] != package:
            packages[package] = packages.get(package, 0.0) + int(cumulative) / 1e6
        outer.append((depth, package))
    return packages


def bytecode() -> str:
    """Return how the children cache compiled modules."""
    if "PYTHONPYCACHEPREFIX" in ENV:
        return "a cache of their own (--bytecode-cache)"
    if ENV.get("PYTHONDONTWRITEBYTECODE"):
        return "none written (PYTHONDONTWRITEBYTECODE: kg's modules are compiled in every run)"
    return "__pycache__ beside the sources"


def table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(str(c) for c in row) + " |" for row in rows])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", help="an existing build (default: build --data into a "
                        "temporary folder first)")
    parser.add_argument("--data", default=str(ROOT / "data"))
    parser.add_argument("--repeat", type=int, default=5, help="runs of each command")
    parser.add_argument("--per-topic", type=int, default=1, help="questions of each topic")
    parser.add_argument("--stage-question", default=STAGE_QUESTION,
                        help="the question whose stages are timed (default: %(default)s)")
    parser.add_argument("--bytecode-cache", action="store_true", help="give the children a "
                        "bytecode cache of their own (default: as the environment says)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-ask-") as tmp:
        if options.bytecode_cache:
            ENV.pop("PYTHONDONTWRITEBYTECODE", None)
            ENV["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        build_dir = options.build_dir
        if build_dir is None:
            build_dir = str(Path(tmp) / "build")
            subprocess.run([*KG, "--data", options.data, "--build-dir", build_dir, "build"],
                           check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        run(options, build_dir)


def run(options, build_dir: str) -> None:
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    python = cold([sys.executable, "-c", "pass"], options.repeat)
    version = cold([*KG, "--version"], options.repeat)
    asked = [(e, cold([*KG, "--data", options.data, "--build-dir", build_dir, "ask",
                       e["question"]], options.repeat)) for e in sample(options.per_topic)]
    split = stages(build_dir, options.data, options.stage_question, options.repeat)
    imports = heaviest_imports(build_dir, options.data, options.stage_question)
    load_after = os.getloadavg()[0]

    print(f"Cold runs (a new process each), median and max of {options.repeat}; "
          f"{split['nodes']:,} nodes; saved indexes in the build: "
          f"{', '.join(split['saved']) or 'none (built per run)'}; 1-minute load average "
          f"{load_before:.1f} -> {load_after:.1f} on {os.cpu_count()} cores; "
          f"bytecode cache: {bytecode()}; {time.perf_counter() - started:.0f} s in all.\n")
    def row(name: str, r: dict) -> list:
        return [name, f"{r['median']:.3f}", f"{r['max']:.3f}", f"{r['cpu']:.3f}", r["exit"],
                f"{r['median'] / python['median']:.2f}×"]

    rows = [row("`python -c pass` (baseline)", python), row("`kg --version` (baseline)", version)]
    rows += [row(f"`kg ask \"{e['question']}\"` ({e['topic']})", r) for e, r in asked]
    print(table(["command", "median s", "max s", "CPU s", "exit", "× python"], rows))

    times = split["times"]
    total = python["median"] + sum(times.values())
    print(f"\nWhere a cold `kg ask \"{options.stage_question}\"` goes (medians of {options.repeat} "
          f"fresh processes; the answer is {split['lines']} lines):\n")
    print(table(["stage", "s"], [["start Python (`python -c pass`)", f"{python['median']:.3f}"]]
                + [[name, f"{seconds:.3f}"] for name, seconds in times.items()]
                + [["total", f"{total:.3f}"]]))
    print("\nHeaviest packages imported by one cold `kg ask` (`python -X importtime`, "
          "cumulative s):\n")
    print(table(["package", "s"], [[f"`{name}`", f"{s:.3f}"] for name, s in imports]))

    slowest = max(r["median"] for _, r in asked)
    measured = {"cold `kg ask` (slowest median)": slowest, "`kg --version`": version["median"]}
    print("\nTargets:\n")
    print(table(["target", "measured s", "met"],
                [[f"{what} < {limit} s ({issue})", f"{measured[what]:.3f}",
                  "yes" if measured[what] < limit else "**no**"]
                 for what, limit, issue in TARGETS]))


if __name__ == "__main__":
    main()
