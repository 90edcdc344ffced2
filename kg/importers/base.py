"""What every importer shares: the report it gives, vendor-name resolution, and the writer.

An importer reads one upstream file and returns records (plain dicts in the shape of
`kg.records.models`) grouped by kind; `write_records` writes them as JSON Lines
(`kg.records.jsonl`: one record a line, read at C speed), sorted and without timestamps, so the
same input file gives the same bytes every time.
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.records.jsonl import dump_jsonl


@dataclass
class ImportReport:
    """What an import read, created, resolved and rejected."""

    dataset: str
    source_file: str
    output: str = ""
    read: int = 0
    created: dict[str, int] = field(default_factory=dict)
    resolved: dict[str, str] = field(default_factory=dict)   # name seen -> id it resolved to
    rejected: list[str] = field(default_factory=list)        # "row N: reason"

    def lines(self) -> list[str]:
        created = ", ".join(f"{n} {k}" for k, n in sorted(self.created.items())) or "nothing"
        out = [f"{self.dataset}: read {self.read} rows from {self.source_file}",
               f"created {created} -> {self.output}",
               f"resolved {len(self.resolved)} names, rejected {len(self.rejected)}"]
        out += [f"  rejected {r}" for r in self.rejected]
        return out


def dump_records(kinds: dict[str, list[dict[str, Any]]], header: str) -> str:
    """Return JSON Lines text for records grouped by kind: the header, then kinds sorted,
    records kept in order."""
    return dump_jsonl({k: kinds[k] for k in kinds if kinds[k]}, header)


def write_records(path: str | Path, kinds: dict[str, list[dict[str, Any]]], header: str) -> None:
    """Write the records atomically as JSON Lines: the old file stays until the new one is
    complete."""
    path = Path(path)
    if path.suffix != ".jsonl":  # the build reads a .yaml file as curated YAML
        raise ValueError(f"{path}: machine-written records go in a .jsonl file")
    path.parent.mkdir(parents=True, exist_ok=True)
    text = dump_records(kinds, header)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_records(dataset: str, kinds: dict[str, list[dict[str, Any]]]) -> None:
    """Validate every record an importer made against the contract (kg.records.models): a
    record the importer got wrong stops the import before anything is written."""
    from pydantic import ValidationError

    from kg.records.models import BY_KIND

    for kind, records in kinds.items():
        for record in records:
            try:
                BY_KIND[kind].model_validate(record)
            except ValidationError as exc:
                raise KGError(f"{dataset}: record {record['id']!r} is invalid: "
                              f"{exc.errors()[0]['msg']}") from None


def require_columns(path: str | Path, header: list[str], wanted: list[str], line: int = 1) -> None:
    """Raise one clear error when an upstream file lacks a column the importer reads."""
    missing = [c for c in wanted if c not in header]
    if missing:
        raise KGError(f"missing column(s) {', '.join(repr(c) for c in missing)}", path, line)


def normalize_name(name: str) -> str:
    """Fold case and whitespace so 'HIKVISION ' and 'Hikvision' meet."""
    return " ".join(str(name).casefold().split())


@dataclass
class Known:
    """What data_dir already holds, read once: every record id, the organisations' raw records,
    and their labels and aliases (normalised) -> id."""

    ids: set[str]
    orgs: dict[str, dict]
    names: dict[str, str]


def known_records(data_dir: str | Path, exclude: str | Path | None = None) -> Known:
    """Return every record id, organisation and organisation name under data_dir.

    The names are the reviewed alias table: an importer resolves a vendor name only through
    them, and reports a name it cannot resolve instead of inventing an organisation. An importer
    that creates organisations passes its own output as `exclude`, so that a re-run does not
    resolve names against what its previous run created (and gives the same bytes).
    """
    from kg.records.dataset import read_records, record_files

    skip = Path(exclude).resolve() if exclude else None
    known = Known(set(), {}, {})
    for path in record_files(data_dir):
        if skip is not None and path.resolve() == skip:
            continue
        for kind, records in read_records(path).items():
            for raw in records if isinstance(records, list) else []:
                if not isinstance(raw, dict) or "id" not in raw:
                    continue
                known.ids.add(raw["id"])
                if kind == "organizations":
                    known.orgs[raw["id"]] = raw
                    for name in [raw.get("label"), *(raw.get("aliases") or [])]:
                        if name:
                            known.names.setdefault(normalize_name(name), raw["id"])
    return known


def organization_names(data_dir: str | Path,
                       exclude: str | Path | None = None) -> dict[str, str]:
    """Map every organisation label and alias under data_dir (normalised) to its id
    (`known_records(...).names`)."""
    return known_records(data_dir, exclude).names
