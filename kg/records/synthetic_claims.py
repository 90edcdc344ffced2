"""One synthetic claim record of each kind (`CLAIMS`), made from a generation's entities.

`kg.records.synthetic` makes the organisations, countries and sources and calls these with
its generation `g` (the random source and those entities), one record at a time, in data/'s
proportions (`kg.records.synthetic_shape`): supplies by strength with the fields each carries,
restrictions on the vendors and on the list's long tail, links of the kinds data/ reviews.
"""
from __future__ import annotations

from itertools import accumulate

from kg.records.synthetic_shape import INSTRUMENTS, REAL, REAL_LISTED_RESTRICTIONS, STRENGTHS
from kg.schema.vocab import INSTRUMENTS as ALL_INSTRUMENTS, TECHNOLOGIES

# The technologies of the surveillance trade (spyware, interception: the trackers' supplies)
# apart from AI surveillance's (the index and the curated deals).
TRADE_TECH = sorted({"spyware", "digital-forensics", "iot-hacking", "lawful-interception",
                     "monitoring-centre", "off-air-interception", "deep-packet-inspection",
                     "fibre-taps", "network-infrastructure", "biometrics", "location-tracking"}
                    & set(TECHNOLOGIES))
ALL_TECH, AI_TECH = sorted(TECHNOLOGIES), sorted(set(TECHNOLOGIES) - set(TRADE_TECH))
# Every instrument, weighted as in data/ (one each for those data/ does not use yet).
_INSTRUMENTS = sorted(ALL_INSTRUMENTS)
_INSTRUMENT_WEIGHTS = list(accumulate(INSTRUMENTS.get(i, 1) for i in _INSTRUMENTS))


def _supply(g, i: int) -> dict:
    strength = g.strengths[i]
    spec = STRENGTHS[strength]
    record = {"country": g.country(), "strength": strength}
    if g.chance(spec.get("named", 1.0)):
        record["suppliers"] = [g.vendor(strength)]
    if strength == "export-licence":
        record["exporting_country"] = g.rng.choices(g.exporters,
                                                    cum_weights=g.exporter_weights)[0]
    if g.chance(spec.get("year", 0)):
        record["year"] = g.year()
    if g.buyers and g.chance(spec.get("buyers", 0)):
        record["buyers"] = sorted(set(g.rng.choices(g.buyers, k=1 + g.chance(0.04))))
    if g.chance(spec.get("technologies", 0)):
        record["technologies"] = g.techs(1 + 3 * g.chance(0.2), TRADE_TECH)
    if g.chance(spec.get("lower_confidence", 0)):
        record["lower_confidence"] = True
    for text in ("status", "scope"):
        if g.chance(spec.get(text, 0)):
            record[text] = f"synthetic {text}"
    if g.chance(0.06):
        record["note"] = "synthetic note"
    record["evidence"] = g.evidence(0.98) + (g.evidence(0.0) if g.chance(spec.get("quote", 0))
                                             else [])
    return record


def _deal(g, i: int) -> dict:
    record = {"label": f"Synthetic deal {i}", "suppliers": [g.vendor()], "country": g.country(),
              "technologies": g.techs(), "year": g.year(), "status": "synthetic status",
              "strength": "reported-sale",
              "evidence": g.evidence(0.0, g.rng.randint(1, 3))}
    if g.buyers and g.rng.random() < 0.56:
        record["buyers"] = [g.rng.choice(g.buyers)]
    if g.rng.random() < 0.44:
        record["contractors"] = [g.vendor()]
    if g.rng.random() < 0.38:
        record.update(amount=g.rng.randint(1, 500) * 10**6, currency="USD")
    return record


def _financing(g, i: int) -> dict:
    record = {"label": f"Synthetic loan {i}", "lender": g.lender(), "country": g.country(),
              "year": g.year(), "status": "synthetic status", "financing_type": "loan",
              "evidence": g.evidence(0.9)}
    if g.rng.random() < 0.66:
        record.update(amount=g.rng.randint(1, 900) * 10**6, currency="USD")
    if g.counts["deals"] and g.rng.random() < 0.08:
        record["finances"] = [f"syn-deal-{g.rng.randrange(g.counts['deals']):06d}"]
    return record


def restriction_targets(g) -> list[str]:
    """Targets of the restrictions, in order: vendors (the biggest the most restricted, a
    tenth of them from the trade), then every organisation known only from a list once, and a
    few of those a second time (a second list, or a second rule)."""
    total = g.counts["restrictions"]
    listed = [o for ids in g.listed.values() for o in ids]
    on_vendors = max(total - round(total * REAL_LISTED_RESTRICTIONS / REAL["restrictions"]),
                     min(total, 1))
    vendors = [g.vendor("reported-sale") if g.chance(0.1) else
               g.rng.choices(g.pools["index-listing"], cum_weights=g.restricted_weights)[0]
               for _ in range(on_vendors)]
    again = max(0, total - on_vendors - len(listed))
    return (vendors + listed[:total - on_vendors]
            + sorted(g.rng.choices(listed, k=again) if listed else vendors[:again]))


def _restriction(g, i: int) -> dict:
    instrument = g.rng.choices(_INSTRUMENTS, cum_weights=_INSTRUMENT_WEIGHTS)[0]
    record = {"authority": g.authorities[_INSTRUMENTS.index(instrument) % len(g.authorities)],
              "target": g.targets[i], "instrument": instrument, "start": g.date(),
              "legal_citation": f"Synthetic citation {i}", "scope": "synthetic scope",
              "evidence": g.evidence(0.96, 1 + g.chance(0.11) + g.chance(0.03))}
    if g.chance(0.015):
        record["note"] = "synthetic note"
    return record


def _proposal(g, i: int) -> dict:
    return {"label": f"Synthetic proposal {i}", "proposers": sorted({g.vendor(), g.vendor()}),
            "standards_body": g.orgs["standards-body"][0], "topic": "synthetic topic",
            "technologies": g.techs(2), "evidence": g.evidence(0.0, 2)}


def _ownership(g, i: int) -> dict:
    return {"owner": g.vendor(), "owned": g.rng.choice(g.orgs["company"]),
            "scope": "subsidiary", "evidence": g.evidence(0.0)}


def _finding(g, i: int) -> dict:
    record = {"measure": f"synthetic measure {i % 40}", "value": g.rng.randint(0, 500),
              "unit": "count", "evidence": g.evidence(0.1)}
    if g.rng.random() < 0.74:
        record["subject"] = g.country() if g.rng.random() < 0.7 else g.vendor()
    if g.rng.random() < 0.75:
        record["period"] = f"{g.year(2008, 2015)}-{g.year(2016, 2024)}"
    return record


def _observation(g, i: int) -> dict:
    return {"subject": g.country(), "measure": f"Synthetic index {i % 50}",
            "value": g.rng.choice(["yes", "no", "high", "low"]), "period": str(g.year()),
            "evidence": g.evidence(1.0)}


def _technology_use(g, i: int) -> dict:
    return {"country": g.country(), "technology": g.rng.choice(ALL_TECH),
            "period": str(g.year()), "evidence": g.evidence(1.0)}


def _standard(g, i: int) -> dict:
    return {"identifier": f"SYN.{i}", "label": f"Synthetic standard {i}", "date": str(g.year()),
            "developed_by": g.orgs["question"][0], "topic": "synthetic topic",
            "evidence": g.evidence(0.0)}


def _gap(g, i: int) -> dict:
    return {"question": f"Synthetic question {i}?", "relation_kind": "financing",
            "about": [g.country(), g.vendor()], "searched": "synthetic archives"}


# Reviewed links as in data/: a curated listing same-as a list's entry, supplies of one source
# checked distinct (two to four), financing claims same-as or distinct.
_LINKS = (("restrictions", "restriction", ("same-as",), 57, 2),
          ("supplies", "supply", ("distinct",), 64, 4),
          ("financing", "financing", ("same-as", "same-as", "distinct"), 20, 2))


def _link(g, i: int) -> dict:
    kinds = [link for link in _LINKS if g.counts[link[0]] >= 2]
    kind, singular, relations, _, most = g.rng.choices(kinds, weights=[k[3] for k in kinds])[0]
    size = min(g.counts[kind], g.rng.randint(2, most))
    claims = sorted(g.rng.sample(range(g.counts[kind]), size))
    return {"relation": g.rng.choice(relations),
            "claims": [f"syn-{singular}-{c:06d}" for c in claims], "note": "synthetic link"}


CLAIMS = {"standards": _standard, "supplies": _supply, "deals": _deal, "financing": _financing,
           "restrictions": _restriction, "proposals": _proposal, "ownerships": _ownership,
           "findings": _finding, "observations": _observation,
           "technology_uses": _technology_use, "gaps": _gap, "links": _link}
SINGULAR = {"standards": "standard", "supplies": "supply", "deals": "deal",
             "financing": "financing", "restrictions": "restriction", "proposals": "proposal",
             "ownerships": "ownership", "findings": "finding", "observations": "observation",
             "technology_uses": "techuse", "gaps": "gap", "links": "link"}
