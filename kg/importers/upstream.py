"""Reading upstream files: CSV rows (through kg.importers.tables), dates, reviewed config tables.

Every function here raises one `KGError` naming `path:line` on a malformed file, so an importer
can read everything before writing anything.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.importers.base import ImportReport
from kg.importers.tables import Row, read_table
from kg.records.reader import read_yaml

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class SkipReport(ImportReport):
    """An ImportReport that also counts rows left out on purpose, by reason."""

    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    def lines(self) -> list[str]:
        out = super().lines()
        at = 2 if len(out) > 2 else len(out)
        skipped = [f"skipped {n} rows: {why}" for why, n in sorted(self.skipped.items())]
        return out[:at] + skipped + out[at:]


def read_csv(path: str | Path, wanted: list[str]) -> tuple[list[str], list[Row]]:
    """Return the header and the rows of a CSV file; raise when a wanted column is missing."""
    table = read_table(path)
    return table.header, table.records(wanted)


def iso_date(value: Any, path: str | Path, line: int, what: str) -> str | None:
    """Return a YYYY-MM-DD string for a cell (ISO text or a spreadsheet date), None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if _ISO_DATE.match(text):
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            pass
    raise KGError(f"{what} {text!r} is not a date (expected YYYY-MM-DD)", path, line)


def config_path(data_dir: str | Path, name: str) -> Path:
    """Return data/config/<name>, or raise naming the file an importer needs."""
    path = Path(data_dir) / "config" / name
    if not path.is_file():
        raise KGError(f"missing importer settings: create {path}")
    return path


def read_config(data_dir: str | Path, name: str, key: str) -> list[Any]:
    """Return the list under `key` in a config file of data/config (read strictly)."""
    path = config_path(data_dir, name)
    items = read_yaml(path).get(key)
    if not isinstance(items, list):
        raise KGError(f"expected a list under {key!r}", path)
    return items


def slug(text: str) -> str:
    """Return a lower-case, hyphenated id fragment for a name or code."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def output_path(data_dir: str | Path, name: str) -> Path:
    """Return the file under data/imported/ that an importer writes."""
    return Path(data_dir) / "imported" / name
