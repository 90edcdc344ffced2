"""Re-running the commands that README.md and docs/*.md show, and comparing what they print.

A document shows real output in `console` blocks: `$ command` lines, each followed by what it
printed. Used by tests/test_docs.py (against a fresh build in a temporary folder) and by
scripts/readme_outputs.py (which rewrites the outputs after an intended change).

Commands run through bash, stdout and stderr together, one at a time, in block order. A
command that starts a server (`kg serve`) is left running until the end of its block; what it
printed once its port answers is its output. Values that change from run to run (how long a
step took, throughput, temporary paths) are masked on both sides before comparing.

Parts of a document between `<!-- docs-test: skip -->` and `<!-- docs-test: end skip -->` are
not re-run: measurements (the README's Benchmarks tables) that no test can reproduce.
"""
from __future__ import annotations

import difflib
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"(?ms)^```console\n(.*?)^```\n")
SKIP = re.compile(r"(?ms)^<!-- docs-test: skip -->\n.*?^<!-- docs-test: end skip -->\n")
# The server command of a block, and the port it listens on unless told otherwise.
SERVE = re.compile(r"^kg(?: -{1,2}\S+(?: \S+)?)* serve\b")
SERVE_PORT = 7878
# The README's Virtuoso (its HTTP port in Debian's package): the test suite's own
# (tests/virtuoso_support.py) when Virtuoso is installed; else its commands are not run.
VIRTUOSO_PORT = 8890

# Run-dependent values: (pattern, what it is shown as). Applied to the doc and the output.
MASKS = [
    (re.compile(r"\bin \d+(?:\.\d+)? ?(?:ms|s|min)\b"), "in <time>"),
    (re.compile(r"\b\d[\d,]*(?:\.\d+)? (triples|records|rows|requests)/s\b"), r"<n> \1/s"),
    (re.compile(r"/tmp/[\w.\-/]*"), "<tmp>"),
]


def documents() -> list[Path]:
    """Return the documents whose console blocks are re-run: README.md, then docs/*.md."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def blocks(text: str) -> list[re.Match]:
    """Return the console blocks of a document, outside its skipped parts."""
    # Blanked, not cut, so that positions in the result are positions in the text.
    kept = SKIP.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    return list(BLOCK.finditer(kept))


def commands(block: str) -> list[tuple[str, str]]:
    """Return the (command, shown output) pairs of a console block."""
    pairs: list[tuple[str, str]] = []
    for line in block.splitlines(keepends=True):
        if line.startswith("$ "):
            pairs.append((line[2:].rstrip("\n"), ""))
        elif pairs:
            pairs[-1] = (pairs[-1][0], pairs[-1][1] + line)
    return pairs


def mask(text: str) -> str:
    """Return the text with its run-dependent values replaced by placeholders."""
    for pattern, shown in MASKS:
        text = pattern.sub(shown, text)
    return text


def difference(command: str, shown: str, printed: str) -> str:
    """Return a diff of the shown and printed output after masking; empty when they agree."""
    if mask(shown) == mask(printed):
        return ""
    diff = difflib.unified_diff(mask(shown).splitlines(True), mask(printed).splitlines(True),
                                "shown", "printed", n=1)
    return f"$ {command}\n" + "".join(diff)


def project_copy(folder: Path) -> Path:
    """Return a project folder for the docs' commands, made in `folder`: copies of data/ and
    pyproject.toml (`kg import` writes into data/), tests/ and ../shared linked (read only),
    and a fresh build/ of the shipped data. The repository's own build/ is never touched."""
    from kg.build import build

    work = folder / ROOT.name
    work.mkdir()
    shutil.copytree(ROOT / "data", work / "data")
    shutil.copy(ROOT / "pyproject.toml", work / "pyproject.toml")
    (work / "tests").symlink_to(ROOT / "tests")
    if (ROOT.parent / "shared").is_dir():  # the upstream datasets, where the docs point
        (folder / "shared").symlink_to(ROOT.parent / "shared")
    build(work / "data", work / "build")
    return work


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Runner:
    """Runs commands in `cwd`; `ports` maps a port the docs show to the one used here."""

    cwd: Path
    ports: dict[int, int] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    server_wait: float = 120.0  # generous: a loaded machine, not a measure
    command_wait: float = 600.0
    servers: list[subprocess.Popen] = field(default_factory=list)
    absent: set[int] = field(default_factory=set)  # documented ports with no server here

    def runs(self, command: str) -> bool:
        """Whether the command is run: not when it names a server absent here."""
        return not any(f"127.0.0.1:{port}" in command for port in self.absent)

    def local(self, command: str) -> str:
        """Return the command with the documented ports replaced by the ones used here."""
        for shown, used in self.ports.items():
            command = command.replace(f"127.0.0.1:{shown}", f"127.0.0.1:{used}")
            command = command.replace(f"--port {shown}", f"--port {used}")
        if SERVE.match(command) and "--port" not in command and SERVE_PORT in self.ports:
            command += f" --port {self.ports[SERVE_PORT]}"
        return command

    def shown(self, output: str) -> str:
        """Return the output with the ports used here written as the documented ones."""
        for shown, used in self.ports.items():
            output = output.replace(f"127.0.0.1:{used}", f"127.0.0.1:{shown}")
        return output

    def run(self, command: str) -> str:
        """Return what the command printed (stdout and stderr together), as the docs show it."""
        command = self.local(command)
        server = SERVE.match(command) is not None
        with tempfile.TemporaryFile("w+") as out:
            # Unbuffered, so a server's first lines are in the file when they are read.
            proc = subprocess.Popen(["bash", "-c", command], cwd=self.cwd, stdout=out,
                                    stderr=subprocess.STDOUT, text=True, start_new_session=True,
                                    env={**self._environment(), "PYTHONUNBUFFERED": "1"})
            if server:
                self.servers.append(proc)
                self._wait_for_server(proc, command)
            else:
                proc.wait(timeout=self.command_wait)
            out.seek(0)
            return self.shown(out.read())

    def _environment(self) -> dict[str, str]:
        # The docs' commands read data/ and build/ of their folder: no KG_* setting, no
        # terminal width from the caller.
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("KG_") and k not in ("COLUMNS", "LINES")}
        return {**env, **self.env}

    def _wait_for_server(self, proc: subprocess.Popen, command: str) -> None:
        match = re.search(r"--port (\d+)", command)
        port = int(match.group(1)) if match else SERVE_PORT
        deadline = time.monotonic() + self.server_wait
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"{command!r}: no server on port {port}")

    def stop(self) -> None:
        """Stop each server and everything it started (its process group)."""
        for proc in self.servers:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=60)
        self.servers.clear()


def rerun(text: str, runner: Runner, only: str | None = None) -> tuple[list[str], str]:
    """Re-run a document's console blocks; return the diffs and the text with new outputs."""
    diffs: list[str] = []
    parts, end = [], 0
    for match in blocks(text):
        out = []
        try:
            for command, shown in commands(match.group(1)):
                printed = shown
                if (only is None or only in command) and runner.runs(command):
                    printed = runner.run(command)
                    if diff := difference(command, shown, printed):
                        diffs.append(diff)
                    else:
                        printed = shown  # only masked values differ: the doc stays as it is
                out.append(f"$ {command}\n" + printed)
        finally:
            runner.stop()
        parts += [text[end:match.start(1)], "".join(out)]
        end = match.end(1)
    return diffs, "".join(parts) + text[end:]


def with_virtuoso(ports: dict[int, int], virtuoso) -> dict:
    """Return the Runner settings for the README's Virtuoso commands: its port mapped and its
    administrator's credentials in the environment (as the README says to set them), or,
    without a Virtuoso (`virtuoso` None), those commands marked as not run."""
    if virtuoso is None:
        return {"ports": ports, "absent": {VIRTUOSO_PORT}}
    return {"ports": {**ports, VIRTUOSO_PORT: virtuoso.http_port}, "env": virtuoso.env}
