"""The shape of `data/` that synthetic graphs copy: record counts, who is known only from a list,
supply claims by strength; `measure(dataset)` returns it, the constants are one measurement.

The constants are a snapshot (`measure(load_dataset("data"))`, 2026-12-01: 11,470 records after
issue 12's imports); tests/test_synthetic.py compares the generator with data/ as it is today.

>>> REAL["supplies"] == sum(s["claims"] for s in STRENGTHS.values())
True
"""
from __future__ import annotations

from collections import Counter

# Records per kind, and organisations by kind.
REAL = {"sources": 100, "standards": 6, "supplies": 1533, "deals": 16, "financing": 114,
        "memberships": 153, "restrictions": 3563, "proposals": 2, "ownerships": 9,
        "findings": 170, "observations": 1341, "technology_uses": 645, "gaps": 13,
        "links": 141}
REAL_ORGS = {"company": 2371, "listed-party": 1148, "agency": 155, "lender": 7,
             "standards-body": 1, "study-group": 1, "question": 1}
REAL_DATASETS = 13  # of the sources
REAL_COUNTRIES = 185
# Organisations known only from a restriction list (no claim but their listings), by kind:
# most of the Entity List. Restrictions on them are most of all restrictions.
REAL_LISTED = {"company": 2167, "listed-party": 1148, "agency": 41}
REAL_LISTED_RESTRICTIONS = 3437
# Supply claims by strength: how many, how many distinct suppliers, the top supplier's share of
# the claims that name one (Huawei among the index listings, Hacking Team among reported sales,
# FinFisher among reported uses, Blue Coat among detections), the share of the claims that
# carry each field (`named`: a supplier), and how many states licensed exports.
STRENGTHS = {
    "index-listing": {"claims": 656, "vendors": 101, "top": 0.22},
    "reported-sale": {"claims": 199, "vendors": 52, "top": 0.34, "year": 0.69, "buyers": 0.49,
                      "technologies": 0.99, "status": 0.92, "scope": 0.99},
    "reported-use": {"claims": 191, "vendors": 38, "top": 0.18, "year": 0.16, "buyers": 0.16,
                     "technologies": 1.0, "lower_confidence": 0.17, "quote": 0.61},
    "export-licence": {"claims": 352, "vendors": 3, "top": 0.86, "named": 0.08, "year": 0.99,
                       "technologies": 0.81, "status": 0.13, "scope": 0.81, "exporters": 7},
    "detected": {"claims": 135, "vendors": 2, "top": 0.61, "technologies": 1.0,
                 "status": 0.61, "scope": 1.0},
}
INSTRUMENTS = {"entity-list": 3259, "dod-1260h": 109, "ns-cmic": 77, "meu-list": 70,
               "fcc-covered-list": 29, "ndaa-889": 10, "fcc-equipment-authorization-ban": 5,
               "fcc-usf-designation": 2, "sdn": 1, "denial-order": 1}


def measure(dataset) -> dict:
    """Return the shape of a loaded dataset, in the form of the constants above."""
    records = dataset.records
    kinds = {o.id: o.kind for o in records.get("organizations", [])}
    in_claims = {org for kind, items in records.items() if kind not in ("organizations",
                                                                         "restrictions")
                 for record in items for org in _organizations_named(record) if org in kinds}
    listings = records.get("restrictions", [])
    listed = {r.target for r in listings} - in_claims - {r.authority for r in listings}
    supplies = records.get("supplies", [])
    strengths = {}
    for strength in sorted({s.strength for s in supplies}):
        claims = [s for s in supplies if s.strength == strength]
        vendors = Counter(v for s in claims for v in s.suppliers)
        strengths[strength] = {
            "claims": len(claims), "vendors": len(vendors),
            "top": round(vendors.most_common(1)[0][1] / sum(1 for s in claims if s.suppliers), 2)
            if vendors else 0.0,
            "year": _share(claims, lambda s: s.year is not None),
            "buyers": _share(claims, lambda s: bool(s.buyers)),
            "technologies": _share(claims, lambda s: bool(s.technologies)),
            "lower_confidence": _share(claims, lambda s: bool(s.lower_confidence)),
            "named": _share(claims, lambda s: bool(s.suppliers)),
            "exporters": len({s.exporting_country for s in claims if s.exporting_country})}
    return {"records": {k: len(v) for k, v in records.items() if k not in ("organizations",
                                                                          "initiatives")},
            "organizations": dict(Counter(kinds.values())),
            "listed": dict(Counter(kinds[o] for o in listed)),
            "listed_restrictions": sum(1 for r in listings if r.target in listed),
            "strengths": strengths,
            "instruments": dict(Counter(r.instrument for r in listings))}


def _organizations_named(record) -> list[str]:
    """The ids a claim names in its organisation fields (a subject may be a country)."""
    out = []
    for name in ("suppliers", "contractors", "buyers", "proposers", "about"):
        out += getattr(record, name, None) or []
    for name in ("lender", "borrower", "owner", "owned", "authority", "developed_by",
                 "standards_body", "subject", "part_of"):
        value = getattr(record, name, None)
        if isinstance(value, str):
            out.append(value)
    return out


def _share(claims: list, test) -> float:
    return round(sum(1 for c in claims if test(c)) / len(claims), 2)
