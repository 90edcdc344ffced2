"""Benchmark: cold `kg ask` / `kg path` on a built graph, as a table of medians and ratios.

Each command runs in a fresh Python process (a cold start: imports, loading build/network.json,
the answer), `--repeat` times; the baseline is `kg --version` started the same way, so the
ratio column says what answering costs on top of starting the CLI. Also times loading the
network file in this process. Nothing here is asserted: it prints numbers.

    python scripts/bench_ask.py --build-dir build
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

QUESTIONS = (
    ["ask", "which vendors supply BRI states"],
    ["ask", "how does US sanctions policy connect to Uganda"],
    ["ask", "how many AI export deals did China have"],
    ["path", "us-bis", "Uganda"],
    ["rank", "--by", "betweenness"],
)


def cold(args: list[str], build_dir: str, repeat: int) -> float:
    """Return the median wall time of `kg --build-dir B ARGS` in fresh processes."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "kg", "--build-dir", build_dir, *args],
                       check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", default="build")
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()

    from kg.analysis.network import load_network

    started = time.perf_counter()
    net = load_network(options.build_dir)
    load = time.perf_counter() - started
    print(f"network: {net.graph.number_of_nodes():,} nodes, {net.graph.number_of_edges():,} "
          f"edges, {len(net.claims):,} claims; loaded in {load * 1000:.0f} ms (warm process)\n")
    baseline = cold(["--version"], options.build_dir, options.repeat)
    rows = [("kg --version (baseline)", baseline)]
    rows += [(f"kg {' '.join(args)}", cold(args, options.build_dir, options.repeat))
             for args in QUESTIONS]
    width = max(len(name) for name, _ in rows)
    print(f"{'command':<{width}}  {'median s':>8}  {'x baseline':>10}")
    for name, seconds in rows:
        print(f"{name:<{width}}  {seconds:>8.3f}  {seconds / baseline:>10.2f}")


if __name__ == "__main__":
    main()
