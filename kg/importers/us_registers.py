"""The five US lists of the nsfreg folder -> organisations and Restriction claims (`kg import us-lists DIR`).

DIR holds the JSON files of github.com/phagehunter/nsfreg (folder data/): the BIS Entity List
and MEU list (15 CFR 744 Supplements 4 and 7), OFAC's NS-CMIC list, the DoD section 1260H list of
10 June 2026 (91 FR 35189) and the FCC Covered List, with lists.json. Every entry becomes a
restriction on an organisation (kg.importers.listed_parties says how a name resolves or becomes
a new organisation); entries of one list that are one organisation and one date (an entity
listed under several countries, or two legal names of one vendor) are one claim, with a row of
evidence per entry. The claims and the new organisations are written to
data/imported/us-lists.jsonl, all or nothing.

Dates: on the BIS lists, the first Federal Register citation of an entry is the rule that added
it (`start`, `legal_citation`); later ones amended it and are kept as evidence rows. NS-CMIC
entries start at their listing date (from the entry's notes), 1260H and FCC entries at the
list's effective date. A citation history that does not read is reported and the claim left
undated, never guessed (kg.importers.fr_citations).
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.importers.base import write_records
from kg.importers.fr_citations import CitationError, parse
from kg.importers.listed_parties import Resolver, kind_of, legal_key, new_id, nfc
from kg.importers.upstream import SkipReport, output_path
from kg.records.countries import resolve_country

OUTPUT = "us-lists.jsonl"
METADATA = "lists.json"
_FR = re.compile(r"\d{1,3} FR \d{1,6}")
_LISTING_DATE = re.compile(r"Listing Date \(CMIC\): (\d{1,2} [A-Z][a-z]{2} \d{4})")
CATEGORY = "Category listing (not a named company)"


@dataclass(frozen=True)
class ListSpec:
    """One list: its file, the instrument and authority, the source its claims cite."""

    file: str
    list_id: str        # the `list_id` the file and lists.json give
    instrument: str
    authority: str
    source: str         # a source declared in data/sources/us-lists.yaml
    prefix: str         # of claim ids


LISTS = (
    ListSpec("bis_entity_list.json", "bis-entity-list", "entity-list", "us-bis",
             "us-bis-entity-list", "bis-entity-list"),
    ListSpec("bis_meu.json", "bis-meu", "meu-list", "us-bis", "us-bis-meu-list", "bis-meu-list"),
    ListSpec("ofac_nscmic.json", "ofac-nscmic", "ns-cmic", "us-ofac", "us-ofac-ns-cmic-list",
             "ofac-ns-cmic"),
    ListSpec("dow_1260h.json", "dow-1260h", "dod-1260h", "us-dod", "us-dod-1260h-2026-06-10",
             "dod-1260h"),
    ListSpec("fcc_covered.json", "fcc-covered", "fcc-covered-list", "us-fcc",
             "us-fcc-covered-list-2026-07", "fcc-covered-list"),
)


@dataclass
class Entry:
    """One list entry, read and dated."""

    spec: ListSpec
    index: int               # position in the file, from 1
    name: str
    aliases: list[str]
    country: str | None      # as the list gives it
    notes: str | None
    start: str | None
    citation: str | None     # the legal citation of the listing
    amendments: list[str]    # later Federal Register citations, as written
    problem: str | None = None

    @property
    def row(self) -> str:
        where = f" ({self.country})" if self.country else ""
        return f"entry {self.index}: {self.name}{where}"


def read_list(folder: Path, spec: ListSpec, authorities: dict[str, str]) -> tuple[dict, list[Entry]]:
    """Return a list file's header and its entries; raise on a file that is not the list."""
    path = folder / spec.file
    if not path.is_file():
        raise KGError(f"no {spec.file} in {folder}: DIR is nsfreg's data folder", folder)
    try:
        data = json.loads(path.read_text("utf-8"))
    except json.JSONDecodeError as error:
        raise KGError(f"not JSON: {error.msg}", path, error.lineno) from None
    if not isinstance(data, dict) or data.get("list_id") != spec.list_id \
            or not isinstance(data.get("entities"), list):
        raise KGError(f"expected an object with list_id {spec.list_id!r} and `entities`", path)
    if data.get("count") != len(data["entities"]):
        raise KGError(f"count {data.get('count')} but {len(data['entities'])} entities", path)
    entries = []
    for i, raw in enumerate(data["entities"], start=1):
        if not isinstance(raw, dict) or not str(raw.get("name") or "").strip():
            raise KGError(f"entity {i} has no name", path)
        entries.append(_entry(spec, i, raw, authorities.get(spec.list_id)))
    return data, entries


def _entry(spec: ListSpec, index: int, raw: dict, authority: str | None) -> Entry:
    entry = Entry(spec, index, nfc(raw["name"]), [nfc(a) for a in raw.get("aliases") or []],
                  nfc(raw["country"]) if raw.get("country") else None,
                  nfc(raw["notes"]) if raw.get("notes") else None, None, None, [])
    history = raw.get("federal_register")
    if spec.instrument in ("entity-list", "meu-list"):
        try:
            citations = parse(history or "")
        except CitationError as error:
            entry.problem = f"Federal Register history {history!r} unreadable: {error}"
            entry.citation = " ".join(str(history or "").split()) or None
            return entry
        first = citations[0]
        entry.start, entry.citation = first.date, first.reference
        entry.amendments = [c.text for c in citations[1:]]
        problems = [f"amendment {c.problem}" for c in citations[1:] if c.problem]
        if first.problem:
            problems.insert(0, f"the rule that added it: {first.problem}")
        elif first.date is None:
            problems.insert(0, f"the first citation {first.reference!r} gives no date")
        entry.problem = "; ".join(problems) or None
        return entry
    if spec.instrument == "ns-cmic":
        found = _LISTING_DATE.search(entry.notes or "")
        entry.start = (dt.datetime.strptime(found[1], "%d %b %Y").date().isoformat()
                       if found else None)
        if entry.start is None:
            entry.problem = "no listing date in the entry's notes"
    else:
        entry.start = raw.get("effective_date") or None
    fr = _FR.search(history or "")
    entry.citation = fr.group(0) if fr else authority
    return entry


def metadata(folder: Path) -> dict[str, dict]:
    """Return lists.json's description of each list, by id."""
    path = folder / METADATA
    if not path.is_file():
        raise KGError(f"no {METADATA} in {folder}: DIR is nsfreg's data folder", folder)
    data = json.loads(path.read_text("utf-8"))
    return {item["id"]: item for item in data.get("lists", [])}


def declared_sources(data_dir: Path) -> set[str]:
    """Return the ids of the sources declared under data_dir."""
    from kg.records.dataset import read_records, record_files

    ids = set()
    for path in record_files(data_dir):
        ids.update(raw["id"] for raw in read_records(path).get("sources", []) or [])
    return ids


def run_us_lists(folder: str | Path, data_dir: str | Path) -> SkipReport:
    """Import the five lists of an nsfreg data folder into data/imported/us-lists.jsonl."""
    folder, data_dir = Path(folder), Path(data_dir)
    if not folder.is_dir():
        raise KGError("not a folder: give nsfreg's data folder", folder)
    out = output_path(data_dir, OUTPUT)
    report = SkipReport("us-lists", str(folder), str(out))
    sources = declared_sources(data_dir)
    for spec in LISTS:
        if spec.source not in sources:
            raise KGError(f"undeclared source {spec.source!r}: declare it in "
                          "data/sources/us-lists.yaml")
    about = metadata(folder)
    authorities = {k: v.get("authority") for k, v in about.items()}
    entries: list[Entry] = []
    for spec in LISTS:
        entries += read_list(folder, spec, authorities)[1]
    report.read = len(entries)
    organizations, targets = _organizations(entries, Resolver(data_dir, out), report)
    restrictions = _restrictions(entries, targets, report)
    header = ("The US lists of nsfreg's data folder (github.com/phagehunter/nsfreg, a parse of the "
              "official\npublications, which are US government works), imported by `kg import "
              "us-lists DIR`:\nrestrictions for every entry, and the organisations that only "
              "these lists name.\nDo not edit: re-run the import.")
    write_records(out, {"organizations": organizations, "restrictions": restrictions}, header)
    report.created = {"organizations": len(organizations), "restrictions": len(restrictions)}
    return report


def _organizations(entries: list[Entry], resolver: Resolver,
                   report: SkipReport) -> tuple[list[dict], dict[int, str]]:
    """Return the new organisations and {id(entry): organisation id} for every entry."""
    targets: dict[int, str] = {}
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry.notes and entry.notes.startswith(CATEGORY):
            continue
        org, how = resolver.resolve(entry.name, entry.aliases)
        if org is not None:
            targets[id(entry)] = org
            report.resolved[entry.name] = org
            continue
        if how != "not known":
            report.rejected.append(f"{entry.spec.file} {entry.row}: {how}; made a new "
                                   "organisation (add it to data/config/entity-list-"
                                   "resolutions.yaml if it is one of them)")
        groups.setdefault(legal_key(entry.name), []).append(entry)
    taken = set(resolver.known_ids)
    organizations = []
    for members in _join_named(groups):
        record = _organization(members, taken, report)
        taken.add(record["id"])
        organizations.append(record)
        for entry in members:
            targets[id(entry)] = record["id"]
    organizations.sort(key=lambda r: r["id"])
    return organizations, targets


def _join_named(groups: dict[str, list[Entry]]) -> list[list[Entry]]:
    """Return the groups with one joined to another whose entry gives its name as an alias.

    "Proven Glory" on one list is "Proven Glory Capital Limited, alias PROVEN GLORY" on
    another: the list itself says they are one. Two entries that only share an alias (an
    acronym such as "DEC") stay apart; `kg check` lists them for review.
    """
    holders: dict[str, set[str]] = {}
    for key, members in groups.items():
        for alias in {legal_key(a) for e in members for a in e.aliases} - {key}:
            holders.setdefault(alias, set()).add(key)
    into = {key: key for key in groups}

    def root(key: str) -> str:
        while into[key] != key:
            key = into[key]
        return key

    for key in groups:
        others = holders.get(key, set())
        if len(others) == 1:
            a, b = sorted((root(key), root(next(iter(others)))))
            into[b] = a
    joined: dict[str, list[Entry]] = {}
    for key, members in groups.items():
        joined.setdefault(root(key), []).extend(members)
    return list(joined.values())


def _organization(members: list[Entry], taken: set[str], report: SkipReport) -> dict:
    first = members[0]
    named = {e.country for e in members if e.country}
    codes = {resolve_country(c) for c in named}
    for name in sorted(c for c in named if resolve_country(c) is None):
        report.skip(f"country {name!r} is not a country name; the organisation has no home "
                    "country from it")
    country = codes.pop() if len(codes) == 1 and None not in codes else None
    names = [e.name for e in members] + [a for e in members for a in e.aliases]
    aliases = list(dict.fromkeys(n for n in names if n.casefold() != first.name.casefold()))
    record: dict[str, Any] = {"id": new_id(first.name, country, taken), "label": first.name,
                              "kind": kind_of(first.name)}
    if aliases:
        record["aliases"] = aliases
    if country:
        record["country"] = country
    record["evidence"] = [{"source": e.spec.source, "row": e.row} for e in members]
    if len(named) > 1:
        record["note"] = (f"Listed under {len(named)} countries ({', '.join(sorted(named))}): "
                          "no home country is recorded.")
    return record


def _restrictions(entries: list[Entry], targets: dict[int, str],
                  report: SkipReport) -> list[dict]:
    """Return one restriction per list, organisation and start, with a row per entry."""
    groups: dict[tuple, list[Entry]] = {}
    for entry in entries:
        if id(entry) not in targets:
            report.skip("FCC category entry: a class of foreign-produced equipment, no company")
            continue
        if entry.problem:
            undated = "; the restriction is left undated" if entry.start is None else ""
            report.rejected.append(f"{entry.spec.file} {entry.row}: {entry.problem}{undated}")
        key = (entry.spec.prefix, targets[id(entry)], entry.start or entry.citation or "")
        groups.setdefault(key, []).append(entry)
    records = []
    for (prefix, target, _), members in groups.items():
        records.append(_restriction(prefix, target, members))
        for _ in members[1:]:
            report.skip("not a claim of its own: joined the claim of an entry of the same list, "
                        "organisation and date, as its evidence")
    return sorted(records, key=lambda r: r["id"])


def _restriction(prefix: str, target: str, members: list[Entry]) -> dict:
    first = members[0]
    spec = first.spec
    when = first.start or (slug_citation(first.citation) if first.citation else "undated")
    listed = "; ".join(f"{e.name}" + (f" ({e.country})" if e.country else "") for e in members)
    notes = list(dict.fromkeys(e.notes for e in members if e.notes))
    scope = f"Listed as {listed}." + (f" {' '.join(notes)}" if notes else "")
    record: dict[str, Any] = {
        "id": f"{prefix}-{target}-{when}", "authority": spec.authority, "target": target,
        "instrument": spec.instrument}
    if first.start:
        record["start"] = first.start
    if first.citation:
        record["legal_citation"] = first.citation
    record["scope"] = scope
    problems = list(dict.fromkeys(e.problem for e in members if e.problem))
    if problems:
        record["note"] = " ".join(p[0].upper() + p[1:] + "." for p in problems)
    evidence = []
    for e in members:
        added = f"added by {e.citation}" if e.citation and spec.instrument in (
            "entity-list", "meu-list") else None
        evidence.append({"source": spec.source, "row": e.row,
                         **({"locator": added} if added else {})})
        evidence += [{"source": spec.source, "row": e.row, "locator": f"amended by {a}"}
                     for a in e.amendments]
    record["evidence"] = evidence
    return record


def slug_citation(citation: str) -> str:
    """Return an id fragment for a citation: '86 FR 67319' -> 'fr-86-67319'."""
    found = re.match(r"(\d+) FR (\d+)", citation)
    return f"fr-{found[1]}-{found[2]}" if found else "undated"

