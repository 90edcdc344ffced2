"""Published country counts (findings and data assertions) and whether counted rows agree.

A figure is what a publication states, as it states it ("at least fifty", 11): a Finding about
the entity whose unit is a count of countries, or the `published` value of a data assertion
(data/config/assertions-*.yaml, read by kg/records/assertions.py) that counts the countries of one
record kind for one entity in one source. An assertion names its source, so its figure belongs to
that edition; a finding belongs to the editions published in its period's year.

>>> number("at least fifty"), number(52), number("fifty-two"), number("most")
((50, True), (52, False), (52, False), (None, False))
>>> agrees(49, Figure("at least fifty", "countries", "finding f")), agrees(52, Figure(52, "", ""))
(False, True)
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from kg.analysis.answers import claim_evidence
from kg.analysis.findings import keywords
from kg.analysis.network import Network
from kg.analysis.saved import index as saved_index

ASSERTIONS = "assertions"  # the data assertions' name in the saved file (kg/analysis/saved.py)
_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
          "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


@dataclass
class Figure:
    """One published figure: its value as published, what it counts and where it comes from."""

    value: Any
    measure: str
    origin: str                          # "finding <id>" or "data assertion <id>"
    ident: str = ""                      # the finding's claim id, or "assertion/<id>"
    edition: str | None = None           # the source id of the edition it describes, if known
    period: str | None = None
    evidence: list[dict] = field(default_factory=list)
    note: str | None = None


def number(value: Any) -> tuple[int | None, bool]:
    """Return (the number, whether it is a lower bound) of a figure as published."""
    text = str(value).lower()
    at_least = bool(re.search(r"\bat least\b|\bmore than\b|\bover\b", text))
    digits = re.search(r"\d+", text)
    if digits:
        return int(digits.group()), at_least
    total = None
    for word in re.split(r"[\s-]+", text):
        if word in _UNITS:
            total = (total or 0) + _UNITS.index(word)
        elif word in _TENS:
            total = (total or 0) + 20 + 10 * _TENS.index(word)
    return total, at_least


def agrees(count: int, figure: Figure) -> bool | None:
    """Return whether a counted number agrees with a published figure (None: not a number).

    "at least N" (in the value or the measure) agrees with any count from N up.
    """
    wanted, at_least = number(figure.value)
    if wanted is None:
        return None
    if at_least or "at least" in figure.measure:
        return count >= wanted
    return count == wanted


def from_assertions(assertions: Iterable, kind: str, field_name: str, value: str) -> list[Figure]:
    """Return the published figures of assertions counting the countries of `kind` records
    whose `field_name` is `value`, in one source (and nothing narrower)."""
    figures = []
    for item in assertions:
        filters = item.filters()
        if (item.kind != kind or item.published is None or item.count != "country"
                or len(filters) != 1 or set(filters[0]) != {field_name, "evidence.source"}):
            continue
        where = filters[0]
        if str(where[field_name]) != value or not isinstance(where["evidence.source"], str):
            continue
        figures.append(Figure(item.published, item.description, f"data assertion {item.id}",
                              ident=f"assertion/{item.id}",
                              edition=f"source/{where['evidence.source']}",
                              note=" ".join(item.note.split()) if item.note else None))
    return figures


def from_findings(net: Network, node: str) -> list[Figure]:
    """Return the findings about a node that count countries, as figures with their evidence."""
    figures = []
    for claim_id in net.about.get(node, []):
        claim = net.claims[claim_id]
        if claim["kind"] != "finding" or claim.get("unit") != "count" \
                or "country" not in keywords(claim.get("measure") or ""):
            continue
        figures.append(Figure(claim.get("value"), claim.get("measure") or "",
                              f"finding {claim_id.removeprefix('finding/')}",
                              ident=claim_id, period=claim.get("period"), evidence=claim_evidence(net, claim_id),
                              note=claim.get("note")))
    return figures


def year(text: str | None) -> str | None:
    """Return the year a date or period starts with ('2019-09' -> '2019'), or None."""
    found = re.match(r"\d{4}", text or "")
    return found.group() if found else None


@dataclass(frozen=True)
class Declared:
    """A data assertion as `from_assertions` reads it, saved by `kg build`: a count question
    reads it without the record models (pydantic and YAML: 0.4 s of a cold `kg ask`)."""

    id: str
    description: str
    kind: Any
    where: Any
    count: str | None
    published: Any
    note: str | None

    def filters(self) -> list[dict]:
        return self.where if isinstance(self.where, list) else [self.where]


def saved_form(assertions: Iterable, data_dir: str | Path, pattern: str) -> dict:
    """Return the data assertions of data_dir (as kg.records.assertions read them from its
    files matching `pattern`) in the plain form `kg build` saves, with those files' digests."""
    return {"pattern": pattern, "files": declared_files(data_dir, pattern),
            "items": [[getattr(item, name) for name in Declared.__dataclass_fields__]
                      for item in assertions]}


def saved_assertions(net: Network, data_dir: str | Path) -> list[Declared] | None:
    """Return the data assertions saved with the network, or None when none were saved or
    data_dir's assertion files are not the ones they were read from (then read them again)."""
    saved = saved_index(net.saved, ASSERTIONS)
    if saved is None or declared_files(data_dir, saved["pattern"]) != saved["files"]:
        return None
    return [Declared(*item) for item in saved["items"]]


def declared_files(data_dir: str | Path, pattern: str) -> list[tuple[str, str]]:
    """Return (name, SHA-256) of each assertion file of data_dir (config/`pattern`), sorted."""
    return [(path.name, hashlib.sha256(path.read_bytes()).hexdigest())
            for path in sorted((Path(data_dir) / "config").glob(pattern))]
