"""Settings as flat constants, and the options every `kg` command reads: folders, endpoint.

A command reads its records from --data (or KG_DATA) and its build from --build-dir (or
KG_BUILD) when they are given; otherwise from data/ and build/ of the nearest project root at
or above the current folder: a folder holding data/ and a pyproject.toml naming the project
survkg (the repository's own root). A folder is looked for only when a command needs it, so
`kg query --list` works anywhere and `kg --build-dir B ask ...` needs no data folder.

>>> Options(data_dir="my/data").data
'my/data'
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KGError

DATA_FOLDER = "data"  # inside a project root
BUILD_FOLDER = "build"
PROJECT_NAME = "survkg"
TIMEOUT = 30.0  # seconds an endpoint may take (--timeout)
MAX_ANSWER_MB = 100.0  # megabytes one endpoint answer may hold ($KG_MAX_ANSWER_MB); the
# largest a command asks of the shipped graph is 30 MB (all of it as N-Triples, kg export)
# A regular expression, not a TOML parser: tomllib is Python 3.11+ and the project supports 3.10.
_NAMED = re.compile(rf"""^\s*name\s*=\s*["']{PROJECT_NAME}["']\s*$""", re.MULTILINE)


def is_project_root(folder: Path) -> bool:
    """Return True when a folder holds data/ and a pyproject.toml naming the survkg project."""
    pyproject = folder / "pyproject.toml"
    if not (folder / DATA_FOLDER).is_dir() or not pyproject.is_file():
        return False
    return bool(_NAMED.search(pyproject.read_text(encoding="utf-8", errors="replace")))


def project_root(start: Path) -> Path | None:
    """Return the nearest project root at or above `start`, or None."""
    start = start.resolve()
    return next((f for f in (start, *start.parents) if is_project_root(f)), None)


@dataclass
class Options:
    """What the `kg` group's options say; a folder left as None is the project root's."""

    data_dir: str | None = None
    build_dir: str | None = None
    endpoint: str | None = None
    graph: str | None = None
    timeout: float = TIMEOUT

    @property
    def data(self) -> str:
        """The records folder: --data, else data/ of the nearest project root."""
        return self.data_dir or _in_project(DATA_FOLDER)

    @property
    def build(self) -> str:
        """The build folder: --build-dir, else build/ of the nearest project root."""
        return self.build_dir or _in_project(BUILD_FOLDER)


def _in_project(folder: str) -> str:
    here = Path.cwd()
    root = project_root(here)
    if root is None:
        raise KGError(f"no {PROJECT_NAME} project here or above {here}: pass --data and "
                      f"--build-dir")
    # In the root itself the folder is named as before (`build/`), so messages stay short.
    return folder if root == here.resolve() else str(root / folder)
