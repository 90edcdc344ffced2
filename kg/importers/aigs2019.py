"""Import the Carnegie AIGS Index 2019 (the appendix table, as aigs_2019_index.csv).

Per country row: one `technology_uses` record per technology ticked, one `supplies` record per
vendor named in `key_companies` (vendors are never tied to a technology: the index does not
say which vendor supplied what), and `observations` for the region code, the regime type, the
BRI flag and the Chinese / US / Japanese technology flags.
"""
from __future__ import annotations

import re
from pathlib import Path

from kg.importers import aigs
from kg.importers.base import ImportReport
from kg.importers.tables import read_table

DATASET, SOURCE, PERIOD = "aigs-2019", "carnegie-aigs-2019", "2019"

TECHNOLOGIES = {"smart_city_safe_city": "safe-city", "facial_recognition": "facial-recognition",
                "smart_policing": "smart-policing"}
FLAGS = {"bri_country": ("bri", aigs.BRI), "china_ai_tech": ("china-tech", aigs.CHINA_TECH),
         "us_ai_tech": ("us-tech", aigs.US_TECH), "japan_ai_tech": ("japan-tech", aigs.JAPAN_TECH)}
REGIMES = {"CA", "EA", "ED", "LD"}
REGION = "region"
COLUMNS = ["country", REGION, "regime_type", *TECHNOLOGIES, *FLAGS, "key_companies"]

# "Mult; Axis, Bosch": a semicolon separates "Mult" (multiple vendors) from the named ones.
_SEPARATORS = re.compile(r"[;,]")


def run(upstream_file: Path, data_dir: Path) -> ImportReport:
    """Import the 2019 index into data_dir/imported/aigs-2019.jsonl; return the report."""
    upstream_file, data_dir = Path(upstream_file), Path(data_dir)
    table = read_table(upstream_file)
    table.require(COLUMNS)
    batch = aigs.Batch(DATASET, upstream_file, data_dir, SOURCE, PERIOD)
    col = {name: table.column(name) for name in COLUMNS}
    for line, cells in table.rows:
        cells = cells + [""] * (len(table.header) - len(cells))
        values = {column: cells[i] for column, i in col.items()}
        name = values["country"]
        regime = values["regime_type"].strip()
        if regime not in REGIMES:
            raise table.error(f"column 'regime_type': expected one of {sorted(REGIMES)}, "
                              f"got {regime!r}", line)
        code = batch.row(table, line, name, values, TECHNOLOGIES, FLAGS,
                         _SEPARATORS.split(values["key_companies"]), region=REGION)
        batch.observation(code, "regime-type", aigs.REGIME_2019, regime, batch.evidence(name))
    batch.report.read = len(table.rows)
    return batch.write(aigs.header_text(
        DATASET, upstream_file, "Carnegie AI Global Surveillance Index 2019 (appendix table)."))
