"""Re-run the commands shown in the README and compare (or replace) the output shown there.

The README shows real output (a `console` block: `$ command` lines, each followed by what it
printed). After a data or code change, run

    python scripts/readme_outputs.py            # list the commands whose output changed
    python scripts/readme_outputs.py --update   # rewrite those outputs in README.md

from the repository root. Commands run through bash with stdout and stderr together, one at a
time, in block order, each under a timeout; a command that times out (a server, say) is
reported and its output left alone. `--only TEXT` runs only the commands containing TEXT.
"""
from __future__ import annotations

import argparse
import difflib
import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"(?ms)^```console\n(.*?)^```\n")


def commands(block: str) -> list[tuple[str, str]]:
    """Return the (command, shown output) pairs of a console block."""
    pairs: list[tuple[str, str]] = []
    for line in block.splitlines(keepends=True):
        if line.startswith("$ "):
            pairs.append((line[2:].rstrip("\n"), ""))
        elif pairs:
            pairs[-1] = (pairs[-1][0], pairs[-1][1] + line)
    return pairs


def run(command: str, timeout: float) -> str | None:
    """Return what the command printed (stdout and stderr), None when it timed out."""
    try:
        done = subprocess.run(["bash", "-c", f"{command} 2>&1"], cwd=README.parent,
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    return done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="rewrite changed outputs")
    parser.add_argument("--only", help="run only the commands containing this text")
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args()
    text = README.read_text(encoding="utf-8")
    changed = 0

    def redo(match: re.Match) -> str:
        nonlocal changed
        out = []
        for command, shown in commands(match.group(1)):
            printed = None
            if args.only is None or args.only in command:
                printed = run(command, args.timeout)
                if printed is None:
                    print(f"timed out: {command}", file=sys.stderr)
                elif printed != shown:
                    changed += 1
                    print(f"changed: {command}")
                    sys.stdout.writelines(difflib.unified_diff(
                        shown.splitlines(True), printed.splitlines(True), "README", "now", n=0))
            out.append(f"$ {command}\n" + (printed if printed is not None else shown))
        return "```console\n" + "".join(out) + "```\n"

    new = BLOCK.sub(redo, text)
    if args.update and new != text:
        README.write_text(new, encoding="utf-8")
    print(f"{changed} command(s) with changed output" + (", README updated" if args.update
                                                         and changed else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
