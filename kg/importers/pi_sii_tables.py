"""The reviewed tables `kg import pi-sii` decides by: supplier cells, scan reports, export
authorities (data/config/pi-sii.yaml) and end users (data/config/pi-sii-agencies.yaml).

Each table is read strictly (a malformed entry is one `KGError` at its line) and answers one
question about a cell: which firms a supplier cell names, whether a row's sources are scans,
which state licensed an export, which government bodies an end-user cell names. Matching folds
case, runs of spaces and Unicode composition, never guesses: a cell no entry covers is left to
the importer to report.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.importers.base import normalize_name
from kg.importers.upstream import config_path
from kg.records.countries import is_country_code
from kg.records.reader import read_yaml

CONFIG = "pi-sii.yaml"
AGENCIES = "pi-sii-agencies.yaml"


def text(cell: str) -> str:
    """Return a cell composed (NFC) with its whitespace collapsed: 'Non-State ' is 'Non-State'."""
    return " ".join(unicodedata.normalize("NFC", cell).split())


def key(name: str) -> str:
    """Return the matching key of a name: composed, case and spaces folded."""
    return normalize_name(text(name))


def _entries(path: Path, doc: Any, name: str, fields: set[str], optional: set[str] = frozenset()):
    """Yield (line, entry) for the list under `name`, each entry a mapping of known fields."""
    items = doc.get(name)
    if not isinstance(items, list):
        raise KGError(f"expected a list under {name!r}", path)
    for i, item in enumerate(items):
        line = items.line_of(i)
        if not isinstance(item, dict) or not fields <= set(item) or set(item) - fields - optional:
            raise KGError(f"each {name} entry has {', '.join(sorted(fields))}"
                          + (f" (and may have {', '.join(sorted(optional))})" if optional else ""),
                          path, line)
        yield line, item


def _country(path: Path, line: int, value: Any) -> str:
    if not isinstance(value, str) or not is_country_code(value):
        raise KGError(f"{value!r} is not an ISO alpha-3 country code", path, line)
    return value


@dataclass
class Config:
    """data/config/pi-sii.yaml: supplier cells, same-firm names, scan reports, export states."""

    cells: dict[str, tuple[list[str], str | None]] = field(default_factory=dict)
    same_firm: dict[str, str] = field(default_factory=dict)
    scans: set[str] = field(default_factory=set)
    authorities: list[tuple[str, str]] = field(default_factory=list)   # (match, country)

    @classmethod
    def read(cls, data_dir: str | Path) -> "Config":
        path = config_path(data_dir, CONFIG)
        doc, config = read_yaml(path), cls()
        for line, e in _entries(path, doc, "supplier_cells", {"cell", "suppliers"}, {"role"}):
            config.cells[key(e["cell"])] = ([text(s) for s in e["suppliers"]], e.get("role"))
        for line, e in _entries(path, doc, "same_firm", {"name", "org", "reason"}):
            config.same_firm[key(e["name"])] = e["org"]
        for line, e in _entries(path, doc, "scan_sources", {"link", "reason"}):
            config.scans.add(text(e["link"]))
        for line, e in _entries(path, doc, "export_authorities", {"match", "country", "what"}):
            config.authorities.append((text(e["match"]), _country(path, line, e["country"])))
        return config

    def exporting_state(self, links: list[str]) -> set[str]:
        """Return the states whose export authority the row's source links cite."""
        return {country for link in links for match, country in self.authorities
                if match.casefold() in link.casefold()}

    def only_scans(self, links: list[str]) -> bool:
        """Return True when every source the row cites is a scan report."""
        return bool(links) and all(link in self.scans for link in links)


@dataclass(frozen=True)
class Agency:
    """A government body of the agencies table; `org` is set when it is already in data/."""

    id: str
    label: str | None
    country: str
    reason: str | None = None
    existing: bool = False


@dataclass
class EndUsers:
    """data/config/pi-sii-agencies.yaml: (country, name) -> an agency, or why it is none."""

    agencies: dict[tuple[str, str], Agency] = field(default_factory=dict)
    not_agencies: dict[tuple[str, str], str] = field(default_factory=dict)
    cells: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    @classmethod
    def read(cls, data_dir: str | Path) -> "EndUsers":
        path = config_path(data_dir, AGENCIES)
        doc, table = read_yaml(path), cls()
        fields = {"country", "names"}
        for line, e in _entries(path, doc, "agencies", fields,
                                {"id", "label", "org", "reason", "seen_in"}):
            home = _country(path, line, e["country"])
            if ("org" in e) == ("id" in e) or ("id" in e) != ("label" in e):
                raise KGError("an agency entry has either `org` (an existing organisation) or "
                              "`id` and `label` (one the import creates)", path, line)
            agency = Agency(e.get("org") or e["id"], e.get("label"), home,
                            " ".join(str(e.get("reason") or "").split()) or None, "org" in e)
            for where in [home, *(_country(path, line, c) for c in e.get("seen_in") or [])]:
                for name in e["names"]:
                    if (where, key(name)) in table.agencies:
                        raise KGError(f"{name!r} in {where} is listed twice", path, line)
                    table.agencies[(where, key(name))] = agency
        for line, e in _entries(path, doc, "cells", {"country", "cell", "parts"}):
            table.cells[(_country(path, line, e["country"]), key(e["cell"]))] = [
                text(p) for p in e["parts"]]
        for line, e in _entries(path, doc, "not_agencies", {"reason", "names"}):
            for pair in e["names"]:
                if not (isinstance(pair, list) and len(pair) == 2):
                    raise KGError("each not_agencies name is [country code, name]", path, line)
                reason = " ".join(str(e["reason"]).split())
                table.not_agencies[(_country(path, line, pair[0]), key(pair[1]))] = reason
        return table

    def parts(self, country: str, cell: str) -> list[str]:
        """Return the end users a cell names: split at line breaks and " / ", and at the
        commas of a reviewed cell."""
        pieces = [text(p) for line in cell.splitlines() for p in line.split(" / ")]
        out = []
        for piece in (p for p in pieces if p):
            out += self.cells.get((country, key(piece)), [piece])
        return out
