"""Organisations that are likely one: two ids whose names meet once legal forms are ignored.

One real organisation must have one id. An importer that creates organisations resolves names
exactly (kg.importers), so "Hytera Communications Co., Ltd." on one list and "Hytera
Communications Corporation" in the curated data would become two ids; `kg check` lists every
such pair. A pair is fixed by resolving the name to the existing id (an alias, or the
importer's reviewed table), or, when the two really are different organisations, by a reviewed
exception in data/config/organization-exceptions.yaml (the two ids and why).

>>> from kg.records.models import Organization
>>> a = Organization(id="a", label="Hytera Communications Co., Ltd.", kind="company")
>>> b = Organization(id="b", label="Acme", aliases=["HYTERA COMMUNICATIONS CORPORATION"],
...                  kind="company")
>>> [(x.id, y.id, name) for x, y, name in same_name_pairs([a, b])]
[('a', 'b', 'hytera communications')]
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Iterator

from kg.errors import KGError
from kg.records.models import Organization
from kg.records.reader import read_yaml

EXCEPTIONS = Path("config") / "organization-exceptions.yaml"
# Legal forms at the end of a name, dropped (repeatedly) before names are compared.
LEGAL_SUFFIXES = (
    "co", "company", "corp", "corporation", "inc", "incorporated", "ltd", "limited", "llc",
    "plc", "gmbh", "ag", "sa", "s a", "ad", "zrt", "kft", "bv", "nv", "srl", "s r l", "sro",
    "pte", "pty", "sdn bhd", "bhd", "jsc", "ojsc", "pjsc", "cjsc", "ooo", "oao", "zao", "ao",
    "fze", "fzco", "fzc", "fz llc", "dmcc", "lp", "llp", "sas", "sarl", "spa", "oy",
)
_SUFFIX = re.compile(r"(?:\s+(?:" + "|".join(re.escape(s) for s in sorted(
    LEGAL_SUFFIXES, key=len, reverse=True)) + r"))+$")


def legal_key(name: str) -> str:
    """Return a name folded for comparison: Unicode form, case, punctuation, legal suffixes.

    >>> legal_key("Huawei Technologies Co., Ltd."), legal_key("HUAWEI TECHNOLOGIES COMPANY")
    ('huawei technologies', 'huawei technologies')
    """
    text = unicodedata.normalize("NFC", str(name)).casefold()
    folded = " ".join(re.sub(r"[^\w&]+", " ", text).split())
    return _SUFFIX.sub("", folded).strip() or folded


_PREFIX = re.compile(r"^(?:ooo|oao|zao|ao|pao|jsc|ojsc|pjsc|cjsc|llc|tov|fgup|gup|nao)\s")
# Legal forms that mean a company wherever they stand in a name ("..., OAO (a.k.a. ...)",
# "Co. Ltd. (SAMC)"); the short, ambiguous ones (sa, ad, ao, co) count only at an end.
_ANYWHERE = frozenset((
    "ltd", "limited", "llc", "gmbh", "ooo", "oao", "zao", "jsc", "ojsc", "pjsc", "cjsc", "inc",
    "incorporated", "corp", "plc", "fze", "fzco", "fzc", "llp", "pvt", "pte", "pty", "bhd",
    "sirketi", "srl", "kft", "zrt", "sro", "dmcc", "fzo"))


def has_legal_form(name: str) -> bool:
    """Return True when a name carries a company's legal form anywhere in it, or an ambiguous
    short one at its end or (as Russian names put it) at its start.

    >>> has_legal_form("NtechLab LLC"), has_legal_form("OOO Vtoroy Bereg"), has_legal_form("Abdul Satar")
    (True, True, False)
    >>> has_legal_form("Mytishchinski Zavod, OAO (a.k.a., JSC Mytishchinski)")
    True
    """
    text = unicodedata.normalize("NFC", str(name)).casefold()
    folded = " ".join(re.sub(r"[^\w&]+", " ", text).split())
    return bool(_SUFFIX.search(folded) or _PREFIX.match(folded)
                or _ANYWHERE.intersection(folded.split()))


def same_name_pairs(organizations) -> Iterator[tuple[Organization, Organization, str]]:
    """Yield (a, b, folded name) for each pair of organisations that share a folded name."""
    holders: dict[str, list[Organization]] = defaultdict(list)
    for org in organizations:
        for key in dict.fromkeys(legal_key(n) for n in [org.label, *org.aliases]):
            holders[key].append(org)
    seen = set()
    for key, orgs in holders.items():
        for a, b in combinations(orgs, 2):
            if a.id != b.id and frozenset((a.id, b.id)) not in seen:
                seen.add(frozenset((a.id, b.id)))
                yield a, b, key


def exceptions(data_dir: str | Path) -> set[frozenset[str]]:
    """Return the reviewed pairs of ids that share a name and are different organisations."""
    path = Path(data_dir) / EXCEPTIONS
    if not path.is_file():
        return set()
    items = read_yaml(path).get("exceptions") or []
    pairs = set()
    for i, item in enumerate(items):
        line = items.line_of(i) if hasattr(items, "line_of") else None
        if not isinstance(item, dict) or set(item) != {"ids", "why"} or len(item["ids"]) != 2:
            raise KGError("each exception needs `ids` (two organisation ids) and `why`",
                          path, line)
        pairs.add(frozenset(item["ids"]))
    return pairs


def duplicate_organizations(dataset, data_dir: str | Path) -> list[KGError]:
    """Return one problem per pair of organisation ids that share a name, unless excepted."""
    allowed = exceptions(data_dir)
    problems = []
    for a, b, key in same_name_pairs(dataset.records.get(Organization.KIND, [])):
        if frozenset((a.id, b.id)) in allowed:
            continue
        path, line = dataset.origin[a.id]
        other_path, other_line = dataset.origin[b.id]
        problems.append(KGError(
            f"likely one organisation: '{a.id}' and '{b.id}' ({other_path}:{other_line}) are "
            f"both named '{key}' (legal forms ignored); give one id (an alias, or the "
            "importer's resolution table) or, if they differ, add them to "
            f"data/{EXCEPTIONS.as_posix()} with why", path, line))
    return problems
