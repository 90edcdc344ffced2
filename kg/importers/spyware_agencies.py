"""The government bodies the spyware inventory's Descriptions name, as buyers of its claims:
`AgencyTable.read(data_dir)` reads data/config/carnegie-spyware-agencies.yaml.

A row says a country's government used a firm's technology; its Description sometimes names the
body that did ("Investigations Police paid 2.2 million euros to buy RCS Lab software"). The
reviewed table keys a row by its country and firm as the file spells them and lists the words of
the Description that name a body, each with the organisation they resolve to: an agency the
graph already has (`org`: any organisation under data/ of kind agency, e.g. one `kg import
pi-sii` created, so that one body keeps one id across sources), or one of the table's own
`agencies`, which the import creates (kind agency, the row's country, the Descriptions naming it
as evidence). A generic phrase ("security forces", "the government") names no body and is not
listed, so the claim has no buyer.

Checked, never guessed: the words must appear in the row's Description, and the body must belong
to the row's country (a body of another state, such as an agency buying for the country, is not
that country's buyer; the entry's `note` says so on the claim). An entry whose row the file
lacks is reported, not applied.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.importers.base import normalize_name
from kg.records.countries import is_country_code
from kg.records.reader import read_yaml

TABLE = Path("config") / "carnegie-spyware-agencies.yaml"


@dataclass(frozen=True)
class Named:
    """Words of a Description that name a body, and the organisation id they resolve to."""

    words: str
    org: str
    line: int


@dataclass
class Entry:
    """The reviewed reading of one row's Description."""

    line: int
    where: str                 # "Chile, Hacking Team", for messages
    names: list[Named]
    note: str | None


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


@dataclass
class AgencyTable:
    """(country, firm) -> the bodies a row's Description names; the agencies to create."""

    path: Path
    agencies: dict[str, dict] = field(default_factory=dict)      # id -> {id, label, country}
    lines: dict[str, int] = field(default_factory=dict)          # agency id -> its line
    rows: dict[tuple[str, str], Entry] = field(default_factory=dict)
    named_in: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)  # id -> rows
    seen: set[tuple[str, str]] = field(default_factory=set)

    @classmethod
    def read(cls, data_dir: str | Path) -> "AgencyTable":
        """Return the table (empty when the file is absent), each entry checked for shape."""
        path = Path(data_dir) / TABLE
        table = cls(path)
        if not path.is_file():
            return table
        doc = read_yaml(path)
        for i, e in enumerate(doc.get("agencies") or []):
            line = doc["agencies"].line_of(i)
            if not isinstance(e, dict) or set(e) != {"id", "label", "country"}:
                raise KGError("each agencies entry has id, label and country", path, line)
            if not is_country_code(str(e["country"])):
                raise KGError(f"{e['country']!r} is not an ISO alpha-3 country code", path, line)
            if e["id"] in table.agencies:
                raise KGError(f"agency {e['id']!r} is listed twice", path, line)
            table.agencies[e["id"]] = {k: _text(v) for k, v in e.items()}
            table.lines[e["id"]] = line
        for i, e in enumerate(doc.get("rows") or []):
            line = doc["rows"].line_of(i)
            if not isinstance(e, dict) or not {"country", "firm"} <= set(e) \
                    or set(e) - {"country", "firm", "buyers", "note"} \
                    or not (e.get("buyers") or e.get("note")):
                raise KGError("each rows entry has country and firm, and buyers or a note",
                              path, line)
            names = []
            for j, b in enumerate(e.get("buyers") or []):
                at = e["buyers"].line_of(j)
                if not isinstance(b, dict) or not {"words", "org"} <= set(b) \
                        or set(b) - {"words", "org", "reason"}:
                    raise KGError("each buyer has words and org (and may have a reason)", path, at)
                names.append(Named(_text(b["words"]), _text(b["org"]), at))
            key = (normalize_name(_text(e["country"])), normalize_name(_text(e["firm"])))
            if key in table.rows:
                raise KGError(f"the row ({e['country']}, {e['firm']}) is listed twice", path, line)
            table.rows[key] = Entry(line, f"{_text(e['country'])}, {_text(e['firm'])}", names,
                                    _text(e.get("note")) or None)
        return table

    def check(self, orgs: dict[str, dict], taken: set[str]) -> None:
        """Raise unless every `org` is an agency with a home country, and no agency to create
        has an id another record has."""
        for agency_id, agency in self.agencies.items():
            if agency_id in taken:
                raise KGError(f"agency id {agency_id!r} is taken by another record: name it as "
                              "`org` of the rows instead", self.path, self.lines[agency_id])
        for entry in self.rows.values():
            for named in entry.names:
                if named.org in self.agencies:
                    continue
                found = orgs.get(named.org)
                if found is None:
                    raise KGError(f"unknown organisation {named.org!r}: list it under `agencies` "
                                  "to create it (or run the import that creates it, e.g. `kg "
                                  "import pi-sii`, first)", self.path, named.line)
                if found.get("kind") != "agency" or not found.get("country"):
                    raise KGError(f"{named.org!r} is not an agency with a home country", self.path,
                                  named.line)

    def buyers(self, country: str, firm: str, code: str, description: str,
               orgs: dict[str, dict]) -> tuple[list[str], str | None]:
        """Return (agency ids, note) for a row, raising when the table does not fit the row."""
        key = (normalize_name(country), normalize_name(firm))
        entry = self.rows.get(key)
        if entry is None:
            return [], None
        self.seen.add(key)
        ids = []
        for named in entry.names:
            if named.words.casefold() not in description.casefold():
                raise KGError(f"the Description of ({entry.where}) does not say {named.words!r}",
                              self.path, named.line)
            home = (self.agencies.get(named.org) or orgs[named.org])["country"]
            if home != code:
                raise KGError(f"{named.org!r} is a body of {home}, not of {code}: no buyer of "
                              "this row (say so in the entry's note)", self.path, named.line)
            if named.org not in ids:
                ids.append(named.org)
            self.named_in.setdefault(named.org, []).append((country, firm, description))
        return ids, entry.note

    def unused(self) -> list[str]:
        """Return the entries no row of the file matched ("line N (country, firm)")."""
        return [f"line {e.line} ({e.where})" for k, e in self.rows.items() if k not in self.seen]

    def organizations(self, source: str, locator: str) -> list[dict]:
        """Return the agencies to create that some row names, each citing those Descriptions.

        `locator` is a format string with {country} and {firm}: where the quote is in the source.
        """
        out = []
        for agency_id, agency in sorted(self.agencies.items()):
            rows = self.named_in.get(agency_id)
            if not rows:
                continue
            out.append({"id": agency_id, "label": agency["label"], "kind": "agency",
                        "country": agency["country"],
                        "note": "Named in the Description of Carnegie's spyware inventory as the "
                                "government body that used, bought or is linked to the "
                                "technology; the label keeps the inventory's words.",
                        "evidence": [{"source": source, "quote": description,
                                      "locator": locator.format(country=country, firm=firm)}
                                     for country, firm, description in rows]})
        return out
