"""The importers `kg import <dataset> <file>` runs, by dataset name.

Each is `run(upstream_file, data_dir) -> ImportReport`: it reads one upstream file, writes its
records under data_dir/imported/ (all or nothing) and reports what it read, created, resolved
and rejected. The importers layer may import `kg.records` and `kg.schema`, nothing above.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from kg.importers import aiddata, aigs2019, aigs2020, aigs2022, bri, us_lists, vdem
from kg.importers import carnegie_spyware
from kg.importers import us_registers
from kg.importers import pi_sii
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
    "us-lists": us_registers.run_us_lists,
    "carnegie-spyware": carnegie_spyware.run,
    "pi-sii": pi_sii.run,
}

# The upstream file each importer reads, as its module describes it (`kg import --help`).
UPSTREAM_FILES: dict[str, str] = {
    "aigs-2019": "aigs_2019_index.csv: the appendix table of Carnegie's AIGS Index 2019",
    "aigs-2020": "\"AI & Big Data Global Surveillance Index (v1, 2020).csv\": the Mendeley v1 "
                 "table, ;-separated",
    "aigs-2022": "\"AI Global Surveillance Index 09Mar2022.xlsx\" (sheet \"AIGS 2022\"), or its "
                 "CSV export aigs_2022_index.csv",
    "vdem-2021": "the same workbook (sheet \"Digital Repression Inde + V-Dem\"), or its CSV "
                 "export digital_repression_vdem_2021.csv",
    "bri": "GFDC's 23_12_BRI-countries-public.xlsx (or its CSV) or the May 2025 list; the other "
           "list is found next to it",
    "aiddata": "gcdf3_security_surveillance_projects.csv: AidData GCDF 3.0, security subset",
    "us-ndaa-889": "OpenSanctions' section_889.csv (NDAA FY2019 section 889)",
    "us-fcc-covered-list": "OpenSanctions' table.csv of the FCC Covered List",
    "us-dod-1260h": "OpenSanctions' sanctions.csv of the DoD section 1260H list",
    "us-lists": "a FOLDER: nsfreg's data/ (bis_entity_list.json, bis_meu.json, ofac_nscmic.json, "
                "dow_1260h.json, fcc_covered.json, lists.json)",
    "carnegie-spyware": "spy3.csv: Carnegie's Global Inventory of Commercial Spyware & Digital "
                        "Forensics (2023)",
    "pi-sii": "sii_transfers.csv: Privacy International's Surveillance Industry Index transfers",
}

FOLDER_DATASETS = {"us-lists"}


def run_import(dataset: str, upstream: Path, data_dir: str | Path) -> ImportReport:
    """Run the importer of `dataset` on an upstream file (`kg import`)."""
    if dataset not in IMPORTERS:
        raise KGError(f"unknown dataset '{dataset}' (known: {', '.join(sorted(IMPORTERS))})")
    # Only us-lists reads a folder (the five list files and their metadata).
    if dataset in FOLDER_DATASETS:
        if not Path(upstream).is_dir():
            raise KGError(f"no such folder: {upstream}")
    elif not Path(upstream).is_file():
        raise KGError(f"no such file: {upstream}")
    return IMPORTERS[dataset](Path(upstream), Path(data_dir))
