"""Re-run the commands shown in the README and compare (or replace) the output shown there.

The README shows real output (a `console` block: `$ command` lines, each followed by what it
printed). After a data or code change, run

    python scripts/readme_outputs.py            # list the commands whose output changed
    python scripts/readme_outputs.py --update   # rewrite those outputs in README.md

from the repository root. Commands run through bash with stdout and stderr together, one at a
time, in block order. A command still running after `--server-wait` seconds is taken for a
server (`kg serve`): what it printed by then is its output, it keeps running for the commands
after it in the same block, and it is stopped (its whole process group) at the block's end.
`--only TEXT` runs only the commands containing TEXT.
"""
from __future__ import annotations

import argparse
import difflib
import os
import re
import signal
import subprocess
import sys
import tempfile
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


def run(command: str, wait: float, servers: list[subprocess.Popen]) -> str:
    """Return what the command printed (stdout and stderr together).

    A command still running after `wait` seconds is a server: it is left running (added to
    `servers`) and what it printed so far is returned.
    """
    with tempfile.TemporaryFile("w+") as out:
        # Unbuffered, so a server's first lines are in the file when they are read.
        proc = subprocess.Popen(["bash", "-c", command], cwd=README.parent, stdout=out,
                                stderr=subprocess.STDOUT, text=True, start_new_session=True,
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            servers.append(proc)
        out.seek(0)
        return out.read()


def stop(servers: list[subprocess.Popen]) -> None:
    """Stop each server and everything it started (its process group)."""
    for proc in servers:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    servers.clear()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="rewrite changed outputs")
    parser.add_argument("--only", help="run only the commands containing this text")
    parser.add_argument("--server-wait", type=float, default=45.0,
                        help="seconds after which a running command is taken for a server")
    args = parser.parse_args()
    text = README.read_text(encoding="utf-8")
    changed = 0

    def redo(match: re.Match) -> str:
        nonlocal changed
        out, servers = [], []
        for command, shown in commands(match.group(1)):
            printed = None
            if args.only is None or args.only in command:
                printed = run(command, args.server_wait, servers)
                if printed != shown:
                    changed += 1
                    print(f"changed: {command}")
                    sys.stdout.writelines(difflib.unified_diff(
                        shown.splitlines(True), printed.splitlines(True), "README", "now", n=0))
            out.append(f"$ {command}\n" + (printed if printed is not None else shown))
        stop(servers)
        return "```console\n" + "".join(out) + "```\n"

    new = BLOCK.sub(redo, text)
    if args.update and new != text:
        README.write_text(new, encoding="utf-8")
    print(f"{changed} command(s) with changed output" + (", README updated" if args.update
                                                         and changed else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
