"""Who a list entry is: an organisation the graph has, or a new one made from the entry.

An entry resolves, in this order, through the reviewed table data/config/entity-list-resolutions.yaml
(legal names of vendors the graph knows under another name), then through the labels and aliases
of every organisation under data/: its name, exactly and then with legal forms ignored ("Co.,
Ltd.", kg.records.same_names.legal_key), then its aliases the same way (they must agree on one
organisation). Nothing else is matched: an entry that does not resolve becomes a new
organisation, one per name
(entries whose names differ only in case, spacing, punctuation or a legal suffix such as
"Co., Ltd." are one organisation, kg.records.same_names.legal_key: the lists repeat an entity
under each country it has an address in).

Kind, from what the name itself says and nothing else: `agency` when it names a state body (a
ministry, police, armed force or military unit, a government, directorate or state security
service); `company` when it carries a company's legal form ("Co., Ltd.", "LLC", "GmbH", "OOO",
kg.records.same_names.LEGAL_SUFFIXES, or "Company"/"Corporation"/"Group" in the name);
`listed-party` otherwise: the list does not say whether a name without a legal form is a firm,
a research institute or university, or a person (the Entity List names individuals too), and
the importer does not guess.

>>> kind_of("Xinjiang Police College"), kind_of("NtechLab LLC"), kind_of("Abdul Satar Ghoura")
('agency', 'company', 'listed-party')
>>> kind_of("Harbin Institute of Technology"), kind_of("Dahua Technology")
('listed-party', 'listed-party')
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from kg.errors import KGError
from kg.importers.base import normalize_name, organization_names
from kg.importers.upstream import read_config, slug
from kg.records.same_names import has_legal_form, legal_key

RESOLUTIONS = "entity-list-resolutions.yaml"
_STATE_BODY = re.compile(
    r"\b(ministry|ministerstvo|public security|police|armed forces|army|navy|air force|"
    r"military unit|government|directorate|state security|national guard|federal service|"
    r"production and construction corps)\b",
    re.IGNORECASE)
_COMPANY = re.compile(r"\b(company|companies|corporation|group|holdings?|enterprises?|"
                      r"trading|industries|industry)\b", re.IGNORECASE)


def nfc(text: str) -> str:
    """Return text in composed Unicode form with its spaces folded ('e' + U+0301 -> 'é')."""
    return " ".join(unicodedata.normalize("NFC", str(text)).split())


def kind_of(name: str) -> str:
    """Return 'agency', 'company' or 'listed-party': what the entry's name says it is."""
    if _STATE_BODY.search(name):
        return "agency"
    if has_legal_form(name) or _COMPANY.search(name):
        return "company"
    return "listed-party"


class Resolver:
    """Resolves entry names to organisation ids, and remembers how each was resolved."""

    def __init__(self, data_dir: str | Path, own_output: Path):
        self.names = {normalize_name(nfc(k)): v for k, v in
                      organization_names(data_dir, exclude=own_output).items()}
        self.known_ids = set(self.names.values())
        # The same names with legal forms ignored ("Aksu Huafu Textiles Co." is the curated
        # "Aksu Huafu Textiles"), kept only where they name one organisation.
        folded: dict[str, set[str]] = {}
        for name, org in self.names.items():
            folded.setdefault(legal_key(name), set()).add(org)
        self.legal = {k: next(iter(v)) for k, v in folded.items() if len(v) == 1}
        self.table = self._table(data_dir)

    def _table(self, data_dir: str | Path) -> dict[str, str]:
        items = read_config(data_dir, RESOLUTIONS, "resolutions")
        table = {}
        for i, item in enumerate(items):
            where = (Path(data_dir) / "config" / RESOLUTIONS, items.line_of(i))
            if not isinstance(item, dict) or set(item) != {"name", "org", "why"}:
                raise KGError("each resolution needs `name`, `org` and `why`", *where)
            if item["org"] not in self.known_ids:
                raise KGError(f"unknown organisation {item['org']!r}: add it to "
                              "data/organizations/", *where)
            key = normalize_name(nfc(item["name"]))
            if key in table:
                raise KGError(f"{item['name']!r} is listed twice", *where)
            table[key] = item["org"]
        return table

    def resolve(self, name: str, aliases: list[str]) -> tuple[str | None, str]:
        """Return (organisation id or None, how: 'table', 'name', 'alias' or why not)."""
        key = normalize_name(nfc(name))
        if key in self.table:
            return self.table[key], "table"
        if key in self.names:
            return self.names[key], "name"
        if legal_key(name) in self.legal:
            return self.legal[legal_key(name)], "legal name"
        for how, lookup, fold in (("alias", self.names, lambda a: normalize_name(nfc(a))),
                                  ("alias's legal name", self.legal, legal_key)):
            found = {lookup[k] for k in map(fold, aliases) if k in lookup}
            if len(found) == 1:
                return found.pop(), how
            if found:
                return None, (f"its aliases name several organisations "
                              f"({', '.join(sorted(found))})")
        return None, "not known"


def new_id(label: str, country: str | None, taken: set[str]) -> str:
    """Return an unused id for a new organisation: its name's slug, then with its country."""
    ascii_name = unicodedata.normalize("NFKD", nfc(label)).encode("ascii", "ignore").decode()
    base = slug(ascii_name)[:80].strip("-") or "entity"
    for candidate in (base, f"{base}-{country.lower()}" if country else None):
        if candidate and candidate not in taken:
            return candidate
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
