"""The importers `kg import <dataset> <file>` runs, by dataset name.

Each is `run(upstream_file, data_dir) -> ImportReport`: it reads one upstream file, writes its
records under data_dir/imported/ (all or nothing) and reports what it read, created, resolved
and rejected. The importers layer may import `kg.records` and `kg.schema`, nothing above.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from kg.importers import aiddata, aigs2019, aigs2020, aigs2022, bri, us_lists, vdem
from kg.errors import KGError
from kg.importers.base import ImportReport

IMPORTERS: dict[str, Callable[[Path, Path], ImportReport]] = {
    "aigs-2019": aigs2019.run,
    "aigs-2020": aigs2020.run,
    "aigs-2022": aigs2022.run,
    "vdem-2021": vdem.run,
    "bri": bri.run,
    "aiddata": aiddata.run,
    "us-ndaa-889": us_lists.run_ndaa_889,
    "us-fcc-covered-list": us_lists.run_fcc_covered_list,
    "us-dod-1260h": us_lists.run_dod_1260h,
}


def run_import(dataset: str, upstream: Path, data_dir: str | Path) -> ImportReport:
    """Run the importer of `dataset` on an upstream file (`kg import`)."""
    if dataset not in IMPORTERS:
        raise KGError(f"unknown dataset '{dataset}' (known: {', '.join(sorted(IMPORTERS))})")
    if not Path(upstream).is_file():
        raise KGError(f"no such file: {upstream}")
    return IMPORTERS[dataset](Path(upstream), Path(data_dir))
