"""Benchmark: survkg against the limit of its store, on synthetic graphs shaped like the real one.

For each size (about 10k, 100k and 1M triples; 10M with --large) it writes synthetic records
(`kg.records.synthetic`) to a temporary folder and measures, in one run:

- `kg build` from the records into the store: seconds, triples/s, peak memory, the stages;
  then a rebuild after one edit to one curated (YAML) record file, which re-reads that file only
  (its stages, and how many record files it read);
- baselines: raw pyoxigraph `Store.bulk_load` of the same N-Triples (the limit), and rdflib's
  in-memory `Graph.parse` (the common default; skipped above --rdflib-max triples);
- each named query (kg/graph/queries/*.rq) through kg's query path (`kg.graph.query.run` over the built
  store) against the same SPARQL on the raw pyoxigraph store and on rdflib;
- `kg suppliers --to BRI`, `kg path`, `kg ask "which vendors supply BRI states"` warm (in this
  process through the CLI, after one warm-up) and cold (a new `python -m kg` process, with a
  cache of compiled modules as an installed package has: `--no-bytecode-cache` for none);
- `kg viz` (the HTML explorer of the whole graph);

and, on the curated graph (data/ built into a temporary folder), cold `kg --version` and
`kg ask` (a list question and a count question). Builds and loads run in child processes, so
their peak memory is theirs alone (the larger of the process's peak RSS, VmHWM, and the sampled
PSS of it and its children). Builds, raw loads and rebuilds run --builds times (3), a build
and a raw load in turns, and the median run is shown, with the largest peak: a single run
made a 1M build 3.6x its raw load, and the next 2.6x. Other times are medians of up to
--repeat runs after a warm-up; a measurement stops repeating when another run would pass
--budget seconds (at least one run; a run longer than a quarter of the budget counts from
the first). A named query is run in turns with its raw counterpart, and one of a few
milliseconds up to 31 times each.
The targets are ratios to the raw load and raw queries of the same run where they compare
with the store, and the issue's seconds where they are a user's wait (a command).
It prints one line per measurement on stderr as it goes, and markdown tables on stdout (and in
--out); nothing is asserted.

    python scripts/bench.py                      # 10k, 100k, 1M
    python scripts/bench.py --sizes 10000 --out bench.md
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASK = "which vendors supply BRI states"
COUNT = "How many countries does Huawei supply?"  # a count question of the curated graph
TARGETS = ("1M triples: build ≤ 2× the raw load of the same N-Triples, peak < 2 GB; a rebuild "
           "after one curated edit reads that file only and saves at least the records stage; "
           "named queries ≤ 1.5× raw at every size; suppliers and path warm < 1 s; cold "
           "commands < 1.5 s. Curated graph: kg --version cold < 0.2 s, kg ask cold < 0.5 s")


# --- children: one measurement each, in a fresh process, printing JSON ------------------------

def child_build(data: str, out: str) -> dict:
    from kg.build import build

    stages: dict[str, float] = {}
    summary = build(data, out, timings=stages)
    return {"seconds": summary.seconds, "triples": summary.triples, "records": summary.records,
            "stages": stages, "files_read": summary.files_read,
            "files_cached": summary.files_cached, "store_changed": summary.store_changed}


def child_raw_load(nt: str, store_dir: str) -> dict:
    import pyoxigraph as ox

    started = time.perf_counter()
    store = ox.Store(store_dir)
    store.bulk_load(path=nt, format=ox.RdfFormat.N_TRIPLES)
    store.flush()
    return {"seconds": time.perf_counter() - started, "triples": len(store)}


def child_rdflib(nt: str, queries: str, budget: str) -> dict:
    """Parse with rdflib, then run each query once while the time budget lasts."""
    from rdflib import Graph

    from kg.graph.query import PREFIXES

    started = time.perf_counter()
    graph = Graph()
    graph.parse(nt, format="nt")
    result = {"load": time.perf_counter() - started, "queries": {}}
    for name, text in json.loads(Path(queries).read_text()).items():
        if time.perf_counter() - started > float(budget):
            break
        began = time.perf_counter()
        list(graph.query(text, initNs=PREFIXES))
        result["queries"][name] = time.perf_counter() - began
    return result


CHILDREN = {"build": child_build, "raw-load": child_raw_load, "rdflib": child_rdflib}


class MemorySampler(threading.Thread):
    """The peak proportional memory (PSS) of a process and its children, sampled from outside
    it: the build writes Turtle and JSON-LD in a forked child, whose pages it partly shares.

    From this process, every quarter second: sampled every 50 ms by a thread inside the
    measured process, it took that process's lock and the kernel's lock on its memory map
    often enough to make a 1M-triple build 16% slower (32.2 s -> 37.5 s, the same build)
    and the raw load, which holds no Python lock, hardly at all. The measured process's own
    peak is exact in any case (VmHWM, reported by the child)."""

    def __init__(self, root: int, interval: float = 0.25):
        super().__init__(daemon=True)
        self.root, self.interval, self.peak = root, interval, 0.0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, sum(_pss_kb(pid) for pid in _tree(self.root)) / 1024)
            self.done.wait(self.interval)


def _tree(pid: int) -> list[int]:
    pids = [pid]
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            pids += [p for c in children.read_text().split() for p in _tree(int(c))]
        except OSError:
            pass
    return pids


def _pss_kb(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:  # gone, or not Linux
        return 0
    return next((int(line.split()[1]) for line in text.splitlines() if line.startswith("Pss:")), 0)


def measure(kind: str, *args: str) -> dict:
    """Run one child measurement; add the process's own peak RSS (VmHWM: exact, one process).
    Not ru_maxrss: Linux carries it over exec from the parent that forked (this script,
    which is large by then), so a small child reported the parent's size."""
    result = CHILDREN[kind](*args)
    status = Path("/proc/self/status")
    result["own_mb"] = next((int(line.split()[1]) / 1024 for line in status.read_text()
                             .splitlines() if line.startswith("VmHWM:")), 0.0) \
        if status.exists() else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def in_child(kind: str, *args: str, timeout: float | None = None) -> dict:
    """Run one measurement in a new process; add its wall time and peak memory (MB): the
    larger of its own peak RSS and the PSS of it and its children, sampled from here.

    What was written before (synthetic records, the previous measurement's build) is flushed
    to disk first, so that its writing back falls outside the measurement."""
    os.sync()
    code = ("import json, sys; sys.path.insert(0, sys.argv[1]); import bench; "
            "print(json.dumps(bench.measure(*sys.argv[2:])))")
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, str(Path(__file__).parent), kind,
                              *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = MemorySampler(child.pid)
    sampler.start()
    try:
        out, err = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        return {"timeout": timeout}
    finally:
        sampler.done.set()
        sampler.join()
    if child.returncode != 0:
        raise SystemExit(f"bench: {kind} failed:\n{err[-2000:]}")
    result = json.loads(out.strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - started
    result["peak_mb"] = max(result.pop("own_mb"), sampler.peak)
    return result


def middle(runs: list[dict]) -> dict:
    """The run of median seconds (the lower middle of an even count), with the largest peak
    memory of all the runs."""
    chosen = dict(sorted(runs, key=lambda r: r["seconds"])[(len(runs) - 1) // 2])
    chosen["peak_mb"] = max(r["peak_mb"] for r in runs)
    chosen["runs"] = len(runs)
    return chosen


def remove_build(path: Path) -> None:
    """Remove a build folder (a symlink to its version, kg/build/versions.py) or a store."""
    if path.is_symlink():
        target = path.parent / os.readlink(path)
        path.unlink()
        path = target
    shutil.rmtree(path, ignore_errors=True)


# --- measurements in this process ----------------------------------------------------------

BUDGET = [10.0]  # seconds of timed runs per measurement (--budget)


def median_time(func, repeat: int) -> float:
    """The median of up to `repeat` timed runs after a warm-up; fewer when another run would
    go past the budget (at least one). A run longer than a quarter of the budget is timed
    from the first: what a warm-up saves is small beside it, and a 9 s query is run twice,
    not four times."""
    began = time.perf_counter()
    func()
    first = time.perf_counter() - began
    times = [first] if first > BUDGET[0] / 4 else []  # else the first was a warm-up
    while len(times) < repeat and (not times or sum(times) + times[-1] <= BUDGET[0]):
        began = time.perf_counter()
        func()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


# The cold commands' environment: main() gives them a bytecode cache of their own, as an
# installed package has (pip compiles it), unless --no-bytecode-cache; where PYTHONDONTWRITEBYTECODE
# is set (this project's machine sets it), every run would otherwise compile kg's modules again.
COLD_ENV = dict(os.environ)


def cold(build_dir: Path, args: list[str], repeat: int) -> float:
    def run():
        subprocess.run([sys.executable, "-m", "kg", "--build-dir", str(build_dir), *args],
                       check=True, capture_output=True, cwd=ROOT, env=COLD_ENV)
    return median_time(run, repeat)


def store_made(build: dict) -> str:
    changed = build.get("store_changed")
    return "loaded whole" if changed is None else f"{changed:,} triples changed"


def edit_one_curated_record(data: Path) -> Path:
    """Change one label in the first curated (YAML) record file, as a curator would; return it."""
    path = sorted(data.glob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    at = text.index("label: ")
    end = text.index("\n", at)
    path.write_text(text[:end].rstrip('"') + ' (edited)"' + text[end:] if text[end - 1] == '"'
                    else text[:end] + " (edited)" + text[end:], encoding="utf-8")
    return path


def warm(build_dir: Path, args: list[str], repeat: int) -> float:
    from click.testing import CliRunner

    from kg.cli import cli

    def run():
        result = CliRunner().invoke(cli, ["--build-dir", str(build_dir), *args])
        if result.exit_code != 0:
            raise SystemExit(f"bench: kg {' '.join(args)} failed: {result.output[-500:]}")
    return median_time(run, repeat)


def named_query_texts(initiative: str) -> dict[str, str]:
    """Every named query with its parameters bound as `kg query` binds them."""
    from kg.graph.query import bind, named_queries, with_values

    texts = {}
    for name, query in named_queries().items():
        values = {"initiative": initiative} if any(p.name == "initiative" for p in query.params) \
            else {}
        texts[name] = with_values(query.text, bind(query, values))
    return texts


# A query of a few milliseconds is timed this many seconds (kg and raw together) at least,
# up to SHORT_RUNS runs each: three runs of 1 ms gave ratios from 0.7x to 1.4x between runs
# of the same code.
SHORT_SECONDS, SHORT_RUNS = 0.5, 31


def paired_medians(kg_run, raw_run, repeat: int) -> tuple[float, float]:
    """The medians of kg's and the raw store's runs of one query, after a warm-up of each,
    run in turns (so a busy moment of the machine falls on both alike): `repeat` runs each,
    more for a short query (SHORT_SECONDS), fewer when another pair would pass the budget.
    As in `median_time`, a pair longer than a quarter of the budget is timed from the first."""
    times: tuple[list[float], list[float]] = ([], [])
    warmed = False
    while True:
        for run, kept in zip((kg_run, raw_run), times):
            began = time.perf_counter()
            run()
            kept.append(time.perf_counter() - began)
        n, spent = len(times[0]), sum(times[0]) + sum(times[1])
        if not warmed and spent <= BUDGET[0] / 4:  # that pair was the warm-up
            times, warmed = ([], []), True
            continue
        warmed = True
        wanted = repeat if spent >= SHORT_SECONDS else SHORT_RUNS
        if n >= wanted or spent + spent / n > BUDGET[0]:
            return statistics.median(times[0]), statistics.median(times[1])


def queries(build_dir: Path, raw_dir: Path, texts: dict[str, str], repeat: int) -> dict:
    import pyoxigraph as ox

    from kg.graph.query import PREFIXES, run
    from kg.graph.store import open_graph

    graph, raw = open_graph(build_dir), ox.Store.read_only(str(raw_dir))
    header = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
    out = {}
    for name, text in texts.items():
        kg_s, raw_s = paired_medians(lambda: run(graph, text),
                                     lambda: [tuple(row) for row in raw.query(header + text)],
                                     repeat)
        out[name] = {"kg": kg_s, "raw": raw_s, "rows": len(run(graph, text).rows)}
    return out


def landmarks(data: dict) -> tuple[str, str]:
    """(authority, country) for `kg path`: the first restriction's authority and a country
    the restricted vendor supplies."""
    from kg.records.countries import country_name

    restriction = data["restrictions"][0]
    org = next(o for o in data["organizations"] if o["id"] == restriction["authority"])
    country = next((s["country"] for s in data["supplies"]
                    if restriction["target"] in s.get("suppliers", ())),  # a licence names none
                   data["supplies"][0]["country"])
    return org["label"], country_name(country)


def bench_size(size: int, work: Path, options, say=lambda line: None) -> dict:
    """Measure one size; `say` gets one line per measurement as it is taken (progress)."""
    from kg.records import synthetic

    name = size_name(size)
    folder = work / f"n{size}"
    started = time.perf_counter()
    data = synthetic.records(size, options.seed)
    synthetic.write(folder / "data", size, options.seed)
    result = {"size": size, "generate": time.perf_counter() - started}
    say(f"{name}: synthetic records in {result['generate']:.1f} s")
    builds, loads = [], []
    for run in range(options.builds):  # in turns, so a busy moment falls on both alike
        build_dir, raw_dir = folder / f"build-{run}", folder / f"raw-store-{run}"
        builds.append(in_child("build", str(folder / "data"), str(build_dir)))
        builds[-1]["dir"] = str(build_dir)
        say(f"{name}: kg build {builds[-1]['seconds']:.1f} s, "
            f"{builds[-1]['triples']:,} triples, peak {builds[-1]['peak_mb']:.0f} MB")
        loads.append(in_child("raw-load", str(build_dir / "survkg.nt"), str(raw_dir)))
        loads[-1]["dir"] = str(raw_dir)
        say(f"{name}: raw pyoxigraph bulk load {loads[-1]['seconds']:.1f} s "
            f"(kg build {builds[-1]['seconds'] / loads[-1]['seconds']:.1f}×)")
    result["build"], result["raw"] = middle(builds), middle(loads)
    result["ratios"] = sorted(b["seconds"] / r["seconds"] for b, r in zip(builds, loads))
    build_dir, raw_dir = Path(result["build"]["dir"]), Path(result["raw"]["dir"])
    for other in [Path(r["dir"]) for r in builds + loads]:
        if other not in (build_dir, raw_dir):  # the disk they take, at the larger sizes
            remove_build(other)
    nt = str(build_dir / "survkg.nt")
    if size >= options.rebuild_min:
        rebuilds = []
        for _ in range(options.builds):  # each after another edit, to the same record
            edited = edit_one_curated_record(folder / "data")
            rebuilds.append(in_child("build", str(folder / "data"), str(build_dir)))
            say(f"{name}: rebuild after editing {edited.name}: "
                f"{rebuilds[-1]['seconds']:.1f} s, {rebuilds[-1]['files_read']} of "
                f"{rebuilds[-1]['files_read'] + rebuilds[-1]['files_cached']} record "
                "files read")
        result["rebuild"] = middle(rebuilds)
    texts = named_query_texts(f"initiative/{synthetic.BRI['id']}")
    if size <= options.rdflib_max:
        (folder / "queries.json").write_text(json.dumps(texts))
        result["rdflib"] = in_child("rdflib", nt, str(folder / "queries.json"),
                                    str(options.rdflib_budget),
                                    timeout=options.rdflib_budget * 3)
        say(f"{name}: rdflib load and queries {result['rdflib']['wall']:.1f} s")
    result["queries"] = queries(build_dir, raw_dir, texts, options.repeat)
    say(f"{name}: {len(texts)} named queries, kg and raw")
    authority, country = landmarks(data)
    commands = {"suppliers": ["suppliers", "--to", "BRI"],
                "path": ["path", authority, country, "--max-paths", "3"],
                "ask": ["ask", ASK]}
    result["path_args"] = [authority, country]
    result["warm"], result["cold"] = {}, {}
    for kind, measured in (("warm", warm), ("cold", cold)):
        for key, args in commands.items():
            result[kind][key] = measured(build_dir, args, options.repeat)
            say(f"{name}: kg {key} {kind} {result[kind][key]:.3f} s")
    html = folder / "view.html"
    result["viz"] = warm(build_dir, ["viz", "-o", str(html)], 1)
    say(f"{name}: kg viz {result['viz']:.2f} s")
    result["html_mb"] = html.stat().st_size / 1e6
    return result


def curated(work: Path, repeat: int, say=lambda line: None) -> dict:
    out = work / "curated"
    build = in_child("build", str(ROOT / "data"), str(out))
    say(f"curated: kg build {build['seconds']:.1f} s")
    result = {"build": build, "ask_cold": cold(out, ["ask", ASK], repeat)}
    say(f"curated: kg ask cold {result['ask_cold']:.3f} s")
    result["count_cold"] = cold(out, ["ask", COUNT], repeat)
    say(f"curated: kg ask (a count) cold {result['count_cold']:.3f} s")
    result["version_cold"] = cold(out, ["--version"], repeat)
    say(f"curated: kg --version cold {result['version_cold']:.3f} s")
    return result


# --- the report ----------------------------------------------------------------------------

def fmt(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    return f"{seconds:.3f}" if seconds < 1 else f"{seconds:.2f}" if seconds < 10 else f"{seconds:.1f}"


def size_name(n: int) -> str:
    return f"{n // 1_000_000}M" if n >= 1_000_000 else f"{n // 1000}k" if n >= 1000 else str(n)


def table(header: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    return lines + ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]


def report(results: list[dict], real: dict | None, options, seconds: float) -> str:
    out = [f"Machine: {machine()}", f"Run: `python scripts/bench.py {' '.join(sys.argv[1:])}`"
           f" in {seconds / 60:.1f} min; times are medians of up to {options.repeat} runs after "
           f"a warm-up, fewer past {options.budget:g} s a measurement (builds, raw loads and "
           f"rebuilds: the median of {options.builds} runs in turns, each in a child process, "
           f"peak memory the largest; a named query in turns with the raw store's, up to "
           f"{SHORT_RUNS} runs each when they take less than {SHORT_SECONDS:g} s).", ""]
    rows = []
    for r in results:
        b, raw, rd = r["build"], r["raw"], r.get("rdflib", {})
        rows.append([size_name(r["size"]), f"{b['triples']:,}", f"{b['records']:,}",
                     fmt(b["seconds"]), f"{b['triples'] / b['seconds']:,.0f}",
                     f"{b['peak_mb']:,.0f}", fmt(raw["seconds"]),
                     f"{raw['triples'] / raw['seconds']:,.0f}", f"{raw['peak_mb']:,.0f}",
                     f"{b['seconds'] / raw['seconds']:.1f}×",
                     fmt(rd.get("load")) if rd and "load" in rd else _skipped(r, rd),
                     f"{rd['peak_mb']:,.0f}" if rd.get("peak_mb") else "–"])
    out += ["**Build from records into the store** (kg: `kg.build.build`, every artifact; raw: "
            "pyoxigraph `Store.bulk_load` of the build's N-Triples; rdflib: `Graph.parse`)", ""]
    out += table(["size", "triples", "records", "kg build s", "kg triples/s", "kg peak MB",
                  "raw load s", "raw triples/s", "raw peak MB", "kg / raw", "rdflib parse s",
                  "rdflib peak MB"], rows)
    builds = [(size_name(r["size"]), r["build"]) for r in results]
    builds += [(f"{size_name(r['size'])}, rebuilt after one curated edit", r["rebuild"])
               for r in results if r.get("rebuild")]
    stages = list(dict.fromkeys(s for _, b in builds for s in b["stages"]))
    out += ["", "**kg build stages** (s, in the order the build takes them; the largest record "
            "files are read by the build's helper process beside the records stage; the on-disk "
            "store is loaded by a thread, in a clean build from each file's triples as they are "
            "made, in a rebuild from when survkg.nt is written; SHACL and the projection read "
            "the graph held by predicate; the helper process writes Turtle and JSON-LD, then "
            "the HTML from network.json, while the build goes on (the build saves the "
            "projection for commands itself): their own times, and how long the build then "
            "waited for them; record files: read afresh / taken from the previous build's "
            "cache; store: loaded whole, or the previous build's with the triples that differ "
            "changed)", ""]
    out += table(["build", "record files", "store", "total", *stages],
                 [[name, f"{b['files_read']} / {b['files_cached']}", store_made(b),
                   fmt(b["seconds"]), *(fmt(b["stages"].get(s)) for s in stages)]
                  for name, b in builds])
    out += ["", "**Named queries** (s; kg: `kg.graph.query.run` over the built store through rdflib/"
            "oxrdflib, rows as rdflib terms; raw: the same SPARQL on the raw pyoxigraph store, rows "
            "read as tuples of pyoxigraph terms; rdflib: its in-memory graph)", ""]
    rows = []
    for r in results:
        for name, q in r["queries"].items():
            rd = r.get("rdflib", {}).get("queries", {}) if r.get("rdflib") else {}
            rows.append([name, size_name(r["size"]), q["rows"], fmt(q["kg"]), fmt(q["raw"]),
                         f"{q['kg'] / q['raw']:.2f}×", fmt(rd.get(name)) if name in rd
                         else _skipped(r, r.get("rdflib"))])
    out += table(["query", "size", "rows", "kg s", "raw s", "kg / raw", "rdflib s"], rows)
    out += ["", f"**Commands** (s; warm: in-process through the CLI after a warm-up; cold: a "
            f"new `python -m kg` process; `kg path` from the first restriction's authority to a "
            f"country its target supplies; `kg ask \"{ASK}\"`)", ""]
    rows = [[size_name(r["size"]), *(fmt(r["warm"][k]) for k in ("suppliers", "path", "ask")),
             *(fmt(r["cold"][k]) for k in ("suppliers", "path", "ask")),
             f"{fmt(r['viz'])} ({r['html_mb']:.1f} MB)"] for r in results]
    out += table(["size", "suppliers --to BRI warm", "path warm", "ask warm",
                  "suppliers cold", "path cold", "ask cold", "kg viz (HTML)"], rows)
    if real:
        b = real["build"]
        out += ["", f"**Curated graph** (data/, built into a temporary folder; `kg ask \"{ASK}\"`"
                f" and `kg ask \"{COUNT}\"`)", ""]
        out += table(["triples", "kg build s", "peak MB", "kg ask cold s",
                      "kg ask (a count) cold s", "kg --version cold s"],
                     [[f"{b['triples']:,}", fmt(b["seconds"]), f"{b['peak_mb']:,.0f}",
                       fmt(real["ask_cold"]), fmt(real["count_cold"]),
                       fmt(real["version_cold"])]])
    goals = targets(results, real)
    out += ["", goals] if goals else []
    return "\n".join(out) + "\n"


def _skipped(r: dict, rd: dict | None) -> str:
    if rd and rd.get("timeout"):
        return f"> {rd['timeout'] / 3:.0f} s budget"
    return "skipped (size)" if not rd else "over budget"


def targets(results: list[dict], real: dict | None) -> str:
    """The issue's targets, each as measured in this run: ratios to the raw load and raw
    queries of the same run where kg is compared with its store, seconds for a user's wait."""
    lines = [f"**Targets** ({TARGETS})", ""]
    rows = []
    for r in results:
        worst = max(q["kg"] / q["raw"] for q in r["queries"].values())
        rows.append([f"named queries ≤ 1.5× raw ({size_name(r['size'])})", f"worst {worst:.2f}×",
                     _met(worst <= 1.5)])
    big = [r for r in results if r["size"] >= 1_000_000]
    if big:
        r = big[0]
        b, raw = r["build"], r["raw"]
        ratio = b["seconds"] / raw["seconds"]
        spread = r.get("ratios", [])
        runs = f" (each build / the load after it: {spread[0]:.2f}-{spread[-1]:.2f}×)" \
            if len(spread) > 1 else ""
        rows += [["build ≤ 2× raw load", f"{fmt(b['seconds'])} s / {fmt(raw['seconds'])} s = "
                  f"{ratio:.2f}×{runs}", _met(ratio <= 2)],
                 ["build peak < 2 GB", f"{b['peak_mb']:,.0f} MB", _met(b["peak_mb"] < 2048)]]
        again = r.get("rebuild")
        if again:
            saved = b["seconds"] - again["seconds"]
            records = b["stages"].get("records", 0.0)
            rows += [["rebuild after one edit reads that file only",
                      f"{again['files_read']} of {again['files_read'] + again['files_cached']}"
                      " record files read", _met(again["files_read"] == 1)],
                     ["rebuild saves at least the records stage",
                      f"saved {fmt(saved)} s, records stage {fmt(records)} s",
                      _met(saved >= records)]]
        rows += [[f"{key} warm < 1 s", fmt(r["warm"][key]), _met(r["warm"][key] < 1)]
                 for key in ("suppliers", "path")]
        rows += [[f"{key} cold < 1.5 s", fmt(r["cold"][key]), _met(r["cold"][key] < 1.5)]
                 for key in ("suppliers", "path", "ask")]
    if real:
        rows += [["curated kg --version cold < 0.2 s", fmt(real["version_cold"]),
                  _met(real["version_cold"] < 0.2)],
                 ["curated kg ask cold < 0.5 s", fmt(real["ask_cold"]),
                  _met(real["ask_cold"] < 0.5)],
                 ["curated kg ask (a count) cold < 0.5 s", fmt(real["count_cold"]),
                  _met(real["count_cold"] < 0.5)]]
    return "\n".join(lines + table(["target", "measured", "met"], rows)) if rows else ""


def _met(ok: bool) -> str:
    return "yes" if ok else "**no**"


def machine() -> str:
    import pyoxigraph
    import rdflib

    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor())
    mem = next((int(line.split()[1]) / 2**20 for line in
                Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), 0)
    versions = {"pyoxigraph": pyoxigraph.__version__, "rdflib": rdflib.__version__}
    for name in ("oxrdflib", "networkx", "pydantic", "yaml"):
        try:
            versions[name] = __import__(name).__version__
        except (ImportError, AttributeError):
            pass
    libs = ", ".join(f"{k} {v}" for k, v in versions.items())
    return (f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, Python "
            f"{platform.python_version()}, {libs}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000",
                        help="Triples per synthetic graph, comma-separated.")
    parser.add_argument("--large", action="store_true", help="Add 10M triples.")
    parser.add_argument("--out", help="Also write the tables to this file.")
    parser.add_argument("--repeat", type=int, default=3, help="Runs per timed measurement.")
    parser.add_argument("--builds", type=int, default=3,
                        help="Builds, raw loads and rebuilds per size (the median is shown).")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rdflib-max", type=int, default=100_000,
                        help="Largest size rdflib is run at (it takes minutes beyond).")
    parser.add_argument("--rdflib-budget", type=float, default=120.0,
                        help="Seconds rdflib may spend on loading and queries per size.")
    parser.add_argument("--no-curated", action="store_true", help="Skip the curated graph.")
    parser.add_argument("--budget", type=float, default=BUDGET[0],
                        help="Seconds of timed runs per measurement before it stops repeating.")
    parser.add_argument("--rebuild-min", type=int, default=1_000_000,
                        help="Smallest size also rebuilt after one curated edit.")
    parser.add_argument("--no-bytecode-cache", action="store_true",
                        help="Cold commands as the environment has them (no cache of compiled "
                             "modules where PYTHONDONTWRITEBYTECODE is set).")
    options = parser.parse_args()
    if options.builds < 1:
        parser.error("--builds must be at least 1")
    BUDGET[0] = options.budget
    sizes = [int(s) for s in options.sizes.split(",") if s.strip()]
    if options.large:
        sizes.append(10_000_000)
    started = time.perf_counter()
    from kg.render.progress import spinner

    # One line per measurement on stderr as it is taken: above a spinner on a terminal, as
    # plain lines with the elapsed time elsewhere (a log, CI).
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp, spinner("bench") as drawn:
        if not options.no_bytecode_cache:  # filled by each measurement's untimed warm-up run
            COLD_ENV.pop("PYTHONDONTWRITEBYTECODE", None)
            COLD_ENV["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")

        def say(line: str) -> None:
            if sys.stderr.isatty():
                drawn(line)
            else:
                print(f"[{time.perf_counter() - started:5.0f} s] {line}", file=sys.stderr,
                      flush=True)

        results = []
        for size in sizes:
            say(f"{size_name(size)} triples ...")
            results.append(bench_size(size, Path(tmp), options, say))
        real = None if options.no_curated else curated(Path(tmp), max(options.repeat, 5), say)
    text = report(results, real, options, time.perf_counter() - started)
    print(text)
    if options.out:
        Path(options.out).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
