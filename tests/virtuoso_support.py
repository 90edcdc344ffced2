"""Test helper: a real Virtuoso Open Source (Debian's `virtuoso-opensource`) on loopback ports.

`start_virtuoso(folder)` copies Debian's /etc/virtuoso-opensource-7/virtuoso.ini into `folder`,
points its database, log and lock files there and both ServerPort lines (isql and HTTP) at
free loopback ports, raises the two query time limits (see _TIME_LIMITS), and leaves
everything else at the package's defaults, above all `ResultSetMaxRows = 10000`: the row cap
people meet. It starts `virtuoso-t +foreground` in that
folder, waits until HTTP answers a query (a fresh database takes some seconds to create) and
hands back the URLs. The tests/conftest.py `virtuoso` fixture starts one per session.

A new database's administrator is dba with password dba (the package's default, kept by
.ci/run's non-interactive install); dba may update through /sparql-auth and
/sparql-graph-crud-auth (HTTP Digest). Skips when virtuoso-t is not installed.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from remote_support import free_port

INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
USER, PASSWORD = "dba", "dba"  # a new database's administrator (the package's default)
# The ini keys that name files: all moved into the test's folder.
_FILES = ("DatabaseFile", "ErrorLogFile", "LockFile", "TransactionFile", "xa_persistent_file")


# The two time limits a query meets, raised for tests on a busy machine: a query's cost
# *estimate* (400 s by default) drew from a new database's sampled statistics refused a page of
# the sources-for-pair query in one CI run and not in others, and a query past 60 s of a loaded
# machine is answered partially. A user meets them as one line (kg.sparql.remote says which);
# the row cap, what these tests are about, stays at the package's 10,000.
_TIME_LIMITS = {"MaxQueryCostEstimationTime": 100_000, "MaxQueryExecutionTime": 3_600}


@dataclass
class Virtuoso:
    process: subprocess.Popen
    folder: Path
    http_port: int
    isql_port: int
    user: str = USER
    password: str = PASSWORD

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def url(self) -> str:
        """The query endpoint, as a user would give it to `kg --endpoint`."""
        return f"{self.base}/sparql"

    @property
    def env(self) -> dict[str, str]:
        """The environment variables that give `kg push` the administrator's credentials."""
        return {"KG_ENDPOINT_USER": self.user, "KG_ENDPOINT_PASSWORD": self.password}

    def log(self) -> str:
        path = self.folder / "virtuoso.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def isql(self, sql: str) -> str:
        """Run SQL through `isql-vt` as dba; return its output (raises if isql fails)."""
        binary = shutil.which("isql-vt") or shutil.which("isql")
        if binary is None:
            raise RuntimeError("isql-vt is not installed")
        done = subprocess.run([binary, str(self.isql_port), self.user, self.password,
                               "VERBOSE=OFF", "BANNER=OFF", f"EXEC={sql}"],
                              capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql: {done.stdout}{done.stderr}")
        return done.stdout

    def stop(self) -> None:
        self.process.terminate()  # Virtuoso checkpoints and exits on SIGTERM
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def binary() -> str | None:
    """Debian's Virtuoso server (`virtuoso-t`), if installed."""
    return shutil.which("virtuoso-t")


def config(template: str, folder: Path, isql_port: int, http_port: int) -> str:
    """Return the package's virtuoso.ini with its files in `folder` and the given ports.

    >>> text = "[Database]\\nDatabaseFile = /var/x/virtuoso.db\\n[Parameters]\\nServerPort = 1111\\n"
    >>> print(config(text + "[HTTPServer]\\nServerPort = 8890\\n", Path("/t"), 5, 6), end="")
    [Database]
    DatabaseFile = /t/virtuoso.db
    [Parameters]
    ServerPort = 5
    [HTTPServer]
    ServerPort = 6
    """
    lines, section = [], ""
    for line in template.splitlines():
        head = re.match(r"\s*\[([^\]]+)\]", line)
        if head:
            section = head.group(1).strip()
        key, sep, value = line.partition("=")
        key = key.strip()
        if sep and not key.startswith(";"):
            if key in _FILES:
                # [TempDatabase] names its own files virtuoso-temp.*: keep each file's name.
                line = f"{key} = {folder / Path(value.strip()).name}"
            elif key == "ServerPort" and section == "Parameters":
                line = f"ServerPort = {isql_port}"
            elif key == "ServerPort" and section == "HTTPServer":
                line = f"ServerPort = {http_port}"
            elif key in _TIME_LIMITS and section == "SPARQL":
                line = f"{key} = {_TIME_LIMITS[key]}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def answers(url: str) -> bool:
    """Whether the endpoint answers a query (200) yet."""
    query = urllib.parse.urlencode({"query": "ASK { }"})
    try:
        with urllib.request.urlopen(f"{url}?{query}", timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def start_virtuoso(folder: Path, seconds: float = 180) -> Virtuoso:
    """Start Virtuoso with a new database in `folder` on free loopback ports; return it once
    its SPARQL endpoint answers. Skips when virtuoso-t is not installed."""
    server = binary()
    if server is None or not INI.is_file():
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource; "
                    ".ci/run installs it)")
    template = INI.read_text(errors="replace")
    for attempt in range(3):  # another process may take a free port first
        where = folder / f"db{attempt}"
        where.mkdir(parents=True)
        isql_port, http_port = free_port(), free_port()
        ini = where / "virtuoso.ini"
        ini.write_text(config(template, where, isql_port, http_port))
        process = subprocess.Popen([server, "+foreground", "+configfile", str(ini)], cwd=where,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   env={**os.environ, "LC_ALL": "C"})
        virtuoso = Virtuoso(process, where, http_port, isql_port)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and process.poll() is None:
            if answers(virtuoso.url):
                return virtuoso
            time.sleep(0.25)
        virtuoso.stop()
        if "address already in use" not in virtuoso.log().lower():
            raise RuntimeError(f"Virtuoso did not start within {seconds} s:\n"
                               + virtuoso.log()[-2000:])
    raise RuntimeError("Virtuoso did not start: its ports were taken three times")
