"""Privacy International's Surveillance Industry Index, transfers -> Supply claims
(`kg import pi-sii FILE`).

Reads `sii_transfers.csv`: one Supply per row, id `pi-sii-<unique_id as a slug>` (ids that
differ only in case or underscores, "_South Africa_2015" and "_South africa_2015", each get
the first 8 hex digits of the SHA-1 of their exact unique_id appended, so both stay stable).

Strength, by what the row rests on (SOURCE.md "Strength of a row"):
- `export_data_or_open_source` "Export data" -> `export-licence`: the exporting state is the
  one whose export authority the row's source_links cite (the reviewed `export_authorities` of
  data/config/pi-sii.yaml: UK export-control database, Swiss SECO, German Bundestag, US BIS
  FOIA, Finland's foreign ministry, ...). A row citing none, or whose supplier_company_hq names
  another single country, is rejected: its exporting state cannot be known. A supplier is
  recorded when the row names one; supplier_company_hq is not taken for its home country
  there (in these rows it is the licensing state).
- "Open" rows whose every source is a scan report (`scan_sources`: Citizen Lab's Planet Blue
  Coat device scans, its FinFisher server scans) -> `detected`. A detection does not prove a
  buyer, so an end user such a row names goes in the note, not in `buyers`.
- other "Open" rows -> `reported-sale`; one that names no supplier is rejected (a sale claim
  needs a seller).

Suppliers: a cell that resolves whole through the reviewed organisation names is one firm
("Gamma International, FinFisher" is finfisher); `supplier_cells` splits the reviewed cells of
several firms and takes roles ("(broker)") out of names, into the note; `same_firm` maps names
to an organisation known under another name; any other cell with a comma or a parenthesis is
rejected. A firm nobody has reviewed is created as a company, with the home country that
supplier_company_hq gives when every open-source row naming the firm alone names the same
single country, and the row it came from as evidence.

End users (`enduser`, split at " / " and line breaks) resolve per recipient country: through
the reviewed organisation names when that organisation is an agency of the country, else
through data/config/pi-sii-agencies.yaml; a government body becomes a buyer (an organisation of
kind agency, created from the table with the rows naming it as evidence); anything else stays
in the note. Goods become technologies (the text is kept in `scope`); a four-digit order_year
is the `year`, other text ("mid-2000s") a note; transfer_to_enduser_reported_as_complete is
the `status`. The row's source links are kept in its row evidence, not declared as sources:
the project has not read them, and one tracker's pointer is not several independent sources.
Rows that PI gives identically but for their ids (a licence database's "_2", "_3" ...) stay
separate claims, joined by a `distinct` link saying why.
"""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path


from kg.errors import KGError
from kg.importers.aigs import declared_sources, header_text
from kg.importers.base import ImportReport, check_records, known_records, write_records
from kg.importers.pi_sii_tables import Agency, Config, EndUsers, key, text
from kg.importers.tables import Row
from kg.importers.upstream import output_path, read_csv, slug
from kg.records.countries import resolve_country

DATASET, SOURCE, OUTPUT = "pi-sii", "pi-sii-transfers", "pi-sii.jsonl"
ID, SUPPLIER, HQ, RECIPIENT, ENDUSER = ("unique_id", "supplier_company", "supplier_company_hq",
                                        "recipient_country", "enduser")
GOODS, YEAR, COMPLETE, KIND, LINKS = ("goods", "order_year",
                                      "transfer_to_enduser_reported_as_complete",
                                      "export_data_or_open_source", "source_links")
COLUMNS = [ID, SUPPLIER, HQ, RECIPIENT, ENDUSER, GOODS, YEAR, COMPLETE, KIND, LINKS]
# The goods categories as the file spells them (typos and case variants included).
GOODS_TECHNOLOGIES = {
    "off the air interception": "off-air-interception", "intrusion software": "spyware",
    "deep packet inspection": "deep-packet-inspection",
    "deeo packet inspection": "deep-packet-inspection",
    "lawful interception": "lawful-interception", "monitoring centre": "monitoring-centre",
    "monitoring centres": "monitoring-centre", "network infrastructure": "network-infrastructure",
    "network infrastructure and services": "network-infrastructure",
    "fibre taps / probes": "fibre-taps", "fiber taps / probes": "fibre-taps",
    "biometrics": "biometrics", "location tracking": "location-tracking",
}
STATUS = {"yes": "transfer to the end user reported as complete",
          "no": "transfer to the end user reported as not complete", "unknown": None}
EXPORT, OPEN = "export data", "open"


@dataclass
class SiiReport(ImportReport):
    """An ImportReport that also names the organisations created and unreviewed end users."""

    new_organizations: list[str] = field(default_factory=list)   # "kind: Label (id)"
    unreviewed: list[str] = field(default_factory=list)          # "line N: name"

    def lines(self) -> list[str]:
        out = super().lines()
        extra = [f"  created {o}" for o in self.new_organizations]
        extra += [f"  end user not reviewed (kept in the note) {u}" for u in self.unreviewed]
        return out[:2] + extra + out[2:]


def links_of(cell: str) -> list[str]:
    """Return the row's source links (" | "-separated), "null" left out."""
    return [t for t in (text(p) for p in cell.split(" | ")) if t and t.casefold() != "null"]


def claim_ids(rows: list[Row]) -> dict[int, str]:
    """Return the claim id of each row (by line), unique and stable (see the module doc)."""
    by_slug: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_slug[slug(row[ID])].append(row)
    ids = {}
    for base, group in by_slug.items():
        exact = {row[ID] for row in group}
        for row in group:
            if len(exact) < len(group):
                raise KGError(f"unique_id {row[ID]!r} is given to more than one row", None,
                              row.line)
            suffix = "-" + hashlib.sha1(row[ID].encode()).hexdigest()[:8] if len(group) > 1 else ""
            ids[row.line] = f"{DATASET}-{base}{suffix}"
    return ids


def technologies(goods: str, path: Path, line: int) -> list[str]:
    """Return the technologies of a goods cell; an unknown category is an error."""
    out = []
    for part in (key(p) for p in goods.split(";")):
        if not part:
            continue
        if part not in GOODS_TECHNOLOGIES:
            raise KGError(f"unknown goods category {part!r}: add it to GOODS_TECHNOLOGIES in "
                          "kg/importers/pi_sii.py", path, line)
        if GOODS_TECHNOLOGIES[part] not in out:
            out.append(GOODS_TECHNOLOGIES[part])
    return out


def one_country(cell: str) -> str | None:
    """Return the code of a cell naming exactly one country, else None."""
    cell = text(cell)
    return resolve_country(cell) if cell and "," not in cell else None


class Import:
    """The records of one import: supplies, the organisations created, distinct links."""

    def __init__(self, path: Path, data_dir: Path, out: Path, report: SiiReport):
        self.path, self.report = path, report
        if SOURCE not in declared_sources(data_dir):
            raise KGError(f"source {SOURCE!r} is not declared: add it to data/sources/pi-sii.yaml",
                          data_dir / "sources")
        self.config, self.endusers = Config.read(data_dir), EndUsers.read(data_dir)
        known = known_records(data_dir, exclude=out)   # one read of data/, not three
        self.names, self.orgs, self.taken = known.names, known.orgs, known.ids
        agencies_file = data_dir / "config" / "pi-sii-agencies.yaml"
        for agency in sorted(set(self.endusers.agencies.values()), key=lambda a: a.id):
            if agency.existing and agency.id not in self.orgs:
                raise KGError(f"agency entry names unknown organisation {agency.id!r}",
                              agencies_file)
            if not agency.existing and agency.id in self.taken:
                raise KGError(f"agency id {agency.id!r} is taken by another record: map the "
                              "names to it with `org` instead", agencies_file)
        for org in self.config.same_firm.values():
            if org not in self.orgs:
                raise KGError(f"same_firm names unknown organisation {org!r}",
                              data_dir / "config" / "pi-sii.yaml")
        self.supplies: list[dict] = []
        self.firms: dict[str, dict] = {}                 # id -> company created
        self.firm_rows: dict[str, list[tuple[Row, bool]]] = defaultdict(list)  # (row, alone)
        self.agency_rows: dict[str, list[Row]] = defaultdict(list)
        self.agency_names: dict[str, set[str]] = defaultdict(set)
        self.agencies: dict[str, Agency] = {}
        self.signatures: dict[tuple, list[str]] = defaultdict(list)

    def reject(self, row: Row, why: str) -> None:
        self.report.rejected.append(f"line {row.line} ({row[ID]}): {why}")

    def firm(self, row: Row, name: str, alone: bool) -> str | None:
        """Return the id of a supplier name, creating the company when nobody reviewed it."""
        k = key(name)
        org = self.config.same_firm.get(k) or self.names.get(k)
        if org:
            self.report.resolved[name] = org
            return org
        org = slug(name)
        if org in self.taken:
            self.reject(row, f"firm {name!r} would be '{org}', an id another record has: add the "
                             "name as an alias of the right organisation under data/organizations/")
            return None
        if org not in self.firms:
            self.firms[org] = {"id": org, "label": name, "kind": "company"}
        self.firm_rows[org].append((row, alone and key(row[KIND]) == OPEN))
        return org

    def suppliers(self, row: Row) -> tuple[list[str], str | None] | None:
        """Return (firm ids, role) of the supplier cell, or None when the row is rejected."""
        cell = text(row[SUPPLIER])
        if not cell:
            return [], None
        if key(cell) in self.names or key(cell) in self.config.same_firm:
            return [self.firm(row, cell, True)], None
        names, role = self.config.cells.get(key(cell), (None, None))
        if names is None:
            if re.search(r"[,()]", cell):
                self.reject(row, f"supplier cell {cell!r}: one firm or several? list it under "
                                 "supplier_cells in data/config/pi-sii.yaml")
                return None
            names = [cell]
        ids = [self.firm(row, n, len(names) == 1) for n in names]
        return (None if None in ids else list(dict.fromkeys(ids))), role

    def buyers(self, row: Row, country: str, detected: bool) -> tuple[list[str], list[str]]:
        """Return (agency ids, note sentences) for the row's end users."""
        buyers, notes = [], []
        for part in self.endusers.parts(country, row[ENDUSER]):
            org = self.names.get(key(part))
            found = self.orgs.get(org) if org else None
            if not (found and found.get("kind") == "agency" and found.get("country") == country):
                agency = self.endusers.agencies.get((country, key(part)))
                org = agency.id if agency else None
            if org is None:
                why = self.endusers.not_agencies.get((country, key(part)))
                if why is None:
                    self.report.unreviewed.append(f"line {row.line}: {part!r}")
                    why = "not reviewed in data/config/pi-sii-agencies.yaml"
                notes.append(f"End user named by the row, not recorded as a buyer: {part!r} "
                             f"({why}).")
            elif detected:
                notes.append(f"The row names the end user {part!r}; a scan shows the technology "
                             "in the country, not who bought it, so no buyer is recorded.")
            elif org not in buyers:
                buyers.append(org)
                if org in self.orgs:
                    self.report.resolved[part] = org
                else:
                    self.agencies[org] = agency
                    self.agency_rows[org].append(row)
                    self.agency_names[org].add(part)
        return buyers, notes

    def strength(self, row: Row, links: list[str]) -> tuple[str, str | None] | None:
        """Return (strength, exporting state) by the rule of the module doc, None if rejected."""
        kind = key(row[KIND])
        if kind == EXPORT:
            states = self.config.exporting_state(links)
            if len(states) != 1:
                self.reject(row, "export data whose exporting state cannot be known: no single "
                                 "export authority of data/config/pi-sii.yaml matches its sources")
                return None
            state, hq = states.pop(), one_country(row[HQ])
            if hq and hq != state:
                self.reject(row, f"export data citing {state}'s authority, but "
                                 f"supplier_company_hq is {row[HQ]!r}")
                return None
            return "export-licence", state
        if kind == OPEN:
            return ("detected" if self.config.only_scans(links) else "reported-sale"), None
        raise KGError(f"{KIND} {row[KIND]!r} is neither 'Open' nor 'Export data'",
                      self.path, row.line)

    def add(self, row: Row, claim_id: str) -> None:
        """Record the Supply one row gives, or report why it is rejected."""
        if not text(row[RECIPIENT]):
            return self.reject(row, "no recipient country")
        country = resolve_country(text(row[RECIPIENT]))
        if country is None:
            return self.reject(row, f"unknown recipient country {row[RECIPIENT]!r}: add its "
                                    "spelling to SPELLINGS in kg/records/countries.py")
        links = links_of(row[LINKS])
        decided = self.strength(row, links)
        if decided is None:
            return
        strength, state = decided
        if strength != "export-licence" and not text(row[SUPPLIER]):
            return self.reject(row, "an open-source row that names no supplier")
        status = key(row[COMPLETE])
        if status not in STATUS:
            raise KGError(f"{COMPLETE} {row[COMPLETE]!r} is not Yes, No or Unknown",
                          self.path, row.line)
        firms = self.suppliers(row)
        if firms is None or firms[0] is None:
            return
        buyers, notes = self.buyers(row, country, strength == "detected")
        record: dict = {"id": claim_id}
        if firms[0]:
            record["suppliers"] = firms[0]
        record["country"] = country
        if buyers:
            record["buyers"] = buyers
        techs = technologies(row[GOODS], self.path, row.line)
        if techs:
            record["technologies"] = techs
        year = text(row[YEAR])
        if re.fullmatch(r"\d{4}", year):
            record["year"] = int(year)
        elif year:
            notes.insert(0, f"Order year as the row gives it: {year!r} (no year recorded).")
        if STATUS[status]:
            record["status"] = STATUS[status]
        if text(row[GOODS]):
            record["scope"] = text(row[GOODS])
        record["strength"] = strength
        if state:
            record["exporting_country"] = state
        if firms[1]:
            notes.insert(0, f"The supplier cell reads {text(row[SUPPLIER])!r}: the firm acted as "
                            f"{firms[1]}, which is not part of its name.")
        if notes:
            record["note"] = " ".join(notes)
        cells = [f"unique_id={row[ID]}"] + ([f"source_links={' | '.join(links)}"] if links else [])
        record["evidence"] = [{"source": SOURCE, "row": "; ".join(cells)}]
        self.supplies.append(record)
        self.signatures[tuple(text(v) for c, v in row.values.items()
                              if c in COLUMNS and c != ID)].append(claim_id)

    def organizations(self) -> list[dict]:
        """Return the companies and agencies created, each citing the rows it came from."""
        out = []
        for org, record in self.firms.items():
            rows = self.firm_rows[org]
            # Only where the row names this firm alone, in an open-source row, is the
            # headquarters cell about the firm; it must name one country, the same each time.
            cells = {text(row[HQ]) for row, alone in rows if alone and text(row[HQ])}
            home = one_country(cells.pop()) if len(cells) == 1 else None
            first = next(row for row, alone in rows if not home or alone and text(row[HQ]))
            if home:
                record["country"] = home
            count = len({row.line for row, _ in rows})
            record["note"] = (f"Created by `kg import {DATASET}`: named as supplier in {count} "
                              "row(s) of Privacy International's Surveillance Industry Index; "
                              + ("home country from supplier_company_hq." if home else
                                 "no single home country given."))
            record["evidence"] = [{"source": SOURCE, "row": f"unique_id={first[ID]}; "
                                   f"{SUPPLIER}={text(first[SUPPLIER])}; {HQ}={text(first[HQ])}"}]
            out.append(record)
        for org, agency in self.agencies.items():
            named = ", ".join(repr(n) for n in sorted(self.agency_names[org]))
            note = (f"Named as end user by Privacy International's Surveillance Industry Index: "
                    f"{named}." + (f" {agency.reason}" if agency.reason else ""))
            out.append({"id": org, "label": agency.label, "kind": "agency",
                        "country": agency.country, "note": note,
                        "evidence": [{"source": SOURCE, "row": f"unique_id={row[ID]}; "
                                      f"{RECIPIENT}={text(row[RECIPIENT])}; "
                                      f"{ENDUSER}={text(row[ENDUSER])}"}
                                     for row in self.agency_rows[org]]})
        return sorted(out, key=lambda r: r["id"])

    def links(self) -> list[dict]:
        """Return a `distinct` link per group of rows identical but for their ids."""
        out = []
        for claims in self.signatures.values():
            if len(claims) > 1:
                out.append({"id": f"{claims[0]}-distinct", "relation": "distinct",
                            "claims": claims, "note": (
                                f"{len(claims)} rows of Privacy International's index that "
                                "agree in every cell but their unique_id, which PI numbers "
                                "apart (\"_2\", \"_3\" ...): separate records of the source "
                                "(as the export-licence lists they come from list each licence), "
                                "not one fact given twice.")})
        return out


def run(upstream_file: str | Path, data_dir: str | Path) -> SiiReport:
    """Import the SII transfers into data/imported/pi-sii.jsonl and return the report."""
    path, data_dir = Path(upstream_file), Path(data_dir)
    if not path.is_file():
        raise KGError("no such file", path)
    out = output_path(data_dir, OUTPUT)
    report = SiiReport(DATASET, str(path), str(out))
    rows = read_csv(path, COLUMNS)[1]
    report.read = len(rows)
    batch = Import(path, data_dir, out, report)
    ids = claim_ids(rows)
    for row in rows:
        batch.add(row, ids[row.line])
    kinds = {"supplies": sorted(batch.supplies, key=lambda r: r["id"]),
             "organizations": batch.organizations(), "links": batch.links()}
    check_records(DATASET, kinds)
    report.new_organizations = [f"{r['kind']} {r['label']!r} ({r['id']})"
                                for r in kinds["organizations"]]
    write_records(out, kinds, header_text(DATASET, path, (
        "Privacy International's Surveillance Industry Index, transfers: one supply claim per "
        "row,\nwith its strength (export licence, detected by scans, reported sale).")))
    report.created = {k: len(v) for k, v in kinds.items() if v}
    return report
