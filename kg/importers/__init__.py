"""The importers `kg import <dataset> <file>` runs, by dataset name.

Each is `run(upstream_file, data_dir) -> ImportReport`: it reads one upstream file, writes its
records under data_dir/imported/ (all or nothing) and reports what it read, created, resolved
and rejected.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from kg.importers import aigs2019, aigs2022, vdem
from kg.importers.base import ImportReport

IMPORTERS: dict[str, Callable[[Path, Path], ImportReport]] = {
    "aigs-2019": aigs2019.run,
    "aigs-2022": aigs2022.run,
    "vdem-2021": vdem.run,
}
