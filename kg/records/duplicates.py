"""Claims that likely state one real-world fact twice, and the shape of the reviewed links.

Two sources often describe one loan, deal or listing (a curated article and a dataset row), and
a fact counted twice misleads. Links between claims are reviewed data (data/curated/links.yaml);
this module finds the pairs that look alike and have no link yet, for `kg check` to list:
same kind and parties, and a close year or amount. A pair is reviewed once any link record names
both claims (same-as, part-of, finances or distinct).

>>> from kg.records.models import Financing, Evidence
>>> ev = [Evidence(source="s", row="r")]
>>> a = Financing(id="a", lender="bank", country="KEN", amount=100, currency="USD", evidence=ev)
>>> b = Financing(id="b", country="KEN", amount=101, currency="USD", evidence=ev)
>>> why_alike(a, b)
'same country, lender named by one only, amounts within 5%'
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from itertools import combinations
from typing import Iterator

from kg.errors import KGError
from kg.records.models import Deal, Financing, Link, Membership, Record, Restriction, Supply

# A year apart or less: sources date one loan by its signing, approval or first disbursement.
CLOSE_YEARS = 1
CLOSE_AMOUNT = Decimal("0.05")


def check_links(dataset) -> list[KGError]:
    """Return the problems of link records that pydantic cannot see: what they point to."""
    errors = []
    for link in dataset.records.get(Link.KIND, []):
        path, line = dataset.origin[link.id]
        linked = [dataset.index.get(c) for c in link.claims]
        target = dataset.index.get(link.target) if link.target else None
        if any(r is None for r in linked) or (link.target and target is None):
            continue  # an unknown id is reported by the reference check
        if link.relation == "finances":
            wrong = [r.id for r in linked if not isinstance(r, Financing)]
            if wrong:
                errors.append(KGError(f"link '{link.id}': a finances link joins financing "
                                      f"claims, not {', '.join(wrong)}", path, line))
            if not isinstance(target, Deal):
                errors.append(KGError(f"link '{link.id}': the target of a finances link must be "
                                      f"a deal, not '{link.target}'", path, line))
        elif link.relation in ("same-as", "part-of"):
            kinds = {r.KIND for r in linked} | ({target.KIND} if target else set())
            if len(kinds) > 1:
                errors.append(KGError(f"link '{link.id}': a {link.relation} link joins claims "
                                      f"of one kind, not {' and '.join(sorted(kinds))}",
                                      path, line))
    return errors


def reviewed_pairs(dataset) -> set[frozenset[str]]:
    """Return the pairs of claim ids some link record names together."""
    pairs = set()
    for link in dataset.records.get(Link.KIND, []):
        ids = list(dict.fromkeys([*link.claims, *([link.target] if link.target else [])]))
        pairs.update(frozenset(p) for p in combinations(ids, 2))
    return pairs


def likely_duplicates(dataset) -> list[KGError]:
    """Return one problem per pair of alike claims that no link record names together."""
    reviewed = reviewed_pairs(dataset)
    problems = []
    for a, b, why in alike_pairs(dataset):
        if frozenset((a.id, b.id)) in reviewed:
            continue
        path, line = dataset.origin[a.id]
        other_path, other_line = dataset.origin[b.id]
        problems.append(KGError(
            f"likely duplicate: {_noun(a)} '{a.id}' and {_noun(b)} '{b.id}' "
            f"({other_path}:{other_line}): {why}; link them in data/curated/links.yaml "
            "(same-as, part-of, finances or distinct, with a note)", path, line))
    return problems


def alike_pairs(dataset) -> Iterator[tuple[Record, Record, str]]:
    """Yield (a, b, why) for pairs of claims that look like one fact, a before b in file order."""
    order = {rid: i for i, rid in enumerate(dataset.index)}
    for kind, key in ((Financing.KIND, lambda r: r.country),
                      (Deal.KIND, lambda r: r.country),
                      (Restriction.KIND, lambda r: (r.target, r.instrument)),
                      (Membership.KIND, lambda r: (r.member, r.initiative)),
                      (Supply.KIND, lambda r: (r.country, tuple(sorted(r.suppliers))))):
        buckets: dict = defaultdict(list)
        for record in dataset.records.get(kind, []):
            buckets[key(record)].append(record)
        for records in buckets.values():
            for a, b in combinations(sorted(records, key=lambda r: order[r.id]), 2):
                why = why_alike(a, b)
                if why:
                    yield a, b, why


def why_alike(a: Record, b: Record) -> str | None:
    """Return why two claims of one kind look like one fact, or None when they do not."""
    if isinstance(a, Financing):
        return _financing(a, b)
    if isinstance(a, Deal):
        return _deal(a, b)
    if isinstance(a, (Restriction, Membership)):
        return _listing(a, b)
    if isinstance(a, Supply):
        shared = {e.source for e in a.evidence} & {e.source for e in b.evidence}
        # A tracker that gives each transfer a row of its own (PI's index) tells its rows apart
        # by what they state: end user, year, goods, exporting state. Only two claims of one
        # source that state the same thing are one fact given twice.
        if not shared or _statement(a) != _statement(b):
            return None
        return f"same suppliers and country, both from {sorted(shared)[0]}"
    return None


def _statement(record: Record) -> dict:
    """Return what a claim states, apart from its id and citations."""
    return record.model_dump(exclude={"id", "evidence"})


def _financing(a: Financing, b: Financing) -> str | None:
    if a.country != b.country or a.borrower != b.borrower:
        return None
    if a.lender and b.lender and a.lender != b.lender:
        return None
    lender = "same lender" if a.lender and a.lender == b.lender else (
        "lender named by one only" if a.lender or b.lender else "no lender named")
    if _close_amounts(a, b) and (_close_years(a, b) or _year(a) is None or _year(b) is None):
        return f"same country, {lender}, amounts within 5%"
    # One lender's commitments a year apart, of one kind: a loan often shows up once per
    # source (signing, approval, disbursement). Small gifts that are not equipment (masks,
    # scholarships) are left out: a donor makes many of them, and none is financing of a deal.
    kinds_agree = a.financing_kind == b.financing_kind or None in (a.financing_kind,
                                                                   b.financing_kind)
    if (a.lender and a.lender == b.lender and _close_years(a, b) and kinds_agree
            and "other" not in (a.purpose, b.purpose)):
        return f"same country, {lender}, years at most {CLOSE_YEARS} apart"
    if set(a.finances) & set(b.finances) and _close_years(a, b):
        return f"same deal, {lender}, years at most {CLOSE_YEARS} apart"
    return None


def _deal(a: Deal, b: Deal) -> str | None:
    parties = (set(a.suppliers) | set(a.contractors)) & (set(b.suppliers) | set(b.contractors))
    if not parties and not set(a.buyers) & set(b.buyers):
        return None
    if _close_years(a, b):
        return f"same country and parties, years at most {CLOSE_YEARS} apart"
    if _close_amounts(a, b):
        return "same country and parties, amounts within 5%"
    return None


def _listing(a, b) -> str | None:
    start_a, start_b = a.start or a.year, b.start or b.year
    if start_a is None or start_b is None:
        return "same parties, and one of them is undated"
    # "2018-09" and "2018-09-01" are one date given at two precisions.
    if str(start_a).startswith(str(start_b)) or str(start_b).startswith(str(start_a)):
        return f"same parties, both from {min(str(start_a), str(start_b), key=len)}"
    return None


def _year(record) -> int | None:
    when = getattr(record, "start", None) or getattr(record, "year", None)
    return int(str(when)[:4]) if when else None


def _close_years(a, b) -> bool:
    ya, yb = _year(a), _year(b)
    return ya is not None and yb is not None and abs(ya - yb) <= CLOSE_YEARS


def _close_amounts(a, b) -> bool:
    if a.amount is None or b.amount is None or a.currency != b.currency:
        return False
    high = max(a.amount, b.amount)
    return high > 0 and abs(a.amount - b.amount) <= CLOSE_AMOUNT * high


def _noun(record: Record) -> str:
    return {"financing": "financing", "deals": "deal", "restrictions": "restriction",
            "memberships": "membership", "supplies": "supply"}.get(record.KIND, record.KIND)
