"""`kg export`: the built graph in another format, to a file, a folder or a stream.

>>> sorted(FORMATS)
['csv', 'gexf', 'graphml', 'jsonld', 'neo4j', 'nt', 'ttl']
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO

from kg.errors import KGError
from kg.exporters import EXPORTERS, exporter

FORMATS = tuple(EXPORTERS)
CSV_FORMATS = ("csv", "neo4j")  # folders of CSV files, defused for spreadsheets unless --raw


def default_target(fmt: str, build_dir: str | Path) -> str:
    """Where an export goes when no -o is given: stdout, or a folder in the build for CSV."""
    return str(Path(build_dir) / fmt) if fmt in CSV_FORMATS else "-"


def export(build_dir: str | Path, fmt: str, target: str | Path | BinaryIO,
           raw: bool = False) -> str:
    """Write the build as `fmt` to a path (a folder for CSV) or a binary stream; say where.

    CSV cells a spreadsheet would run as formulas get a leading apostrophe unless `raw`."""
    if fmt not in EXPORTERS:
        raise KGError(f"unknown format '{fmt}' (known: {', '.join(FORMATS)})")
    if raw and fmt not in CSV_FORMATS:
        raise KGError(f"--raw goes with --format csv or neo4j: {fmt} keeps every value as it is")
    build_dir = Path(build_dir)
    module = exporter(fmt)
    options = {"raw": True} if raw else {}  # only the CSV writers take it
    if not isinstance(target, (str, Path)):
        if module.FOLDER:
            raise KGError(f"{fmt} writes several files: give a folder with -o")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"export{module.SUFFIX}"
            module.write(build_dir, path, **options)
            with open(path, "rb") as handle:
                shutil.copyfileobj(handle, target)
        return "-"
    path = Path(target)
    if module.FOLDER and path.exists() and not path.is_dir():
        raise KGError(f"{path} is a file: {fmt} writes a folder of CSV files")
    if not module.FOLDER:
        path.parent.mkdir(parents=True, exist_ok=True)
    module.write(build_dir, path, **options)
    return str(path)
