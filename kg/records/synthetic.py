"""Synthetic records shaped like `data/`, at any size, for benchmarks (never real data).

`records(triples, seed)` gives records of every kind `kg.records.models` knows, in the proportions of
the curated graph (`REAL`, counted in data/), scaled so `kg build` makes about `triples`
triples; `write(folder, triples, seed)` writes them as YAML files `kg build --data` reads.
Hubs are as in the real graph: one vendor in about a quarter of the supply claims and a long
tail (Zipf) of small ones, a Belt-and-Road-like initiative holding most countries, a few
lenders behind most loans, the big vendors the most restricted. Every claim cites a synthetic
source (a dataset row or a document quote), so the build's evidence checks hold. Ids start
with `syn-`, labels with "Synthetic", and the output goes to a folder of its own: it must
never be mixed with data/. Countries are the real ISO codes (the contract allows no other).

>>> data = records(2000, seed=1)
>>> data["initiatives"][0]["label"], data["supplies"][0]["id"]
('Synthetic Belt and Road Initiative', 'syn-supply-000000')
>>> records(2000, seed=1) == data
True
"""
from __future__ import annotations

import json
import random
from itertools import accumulate
from pathlib import Path

import pycountry

from kg.schema.ontology import ROOT
from kg.schema.vocab import INSTRUMENTS, TECHNOLOGIES

# Records per kind in data/ (3,529 records, 2026-11-22, with AIGS 2020), organisations by kind.
REAL = {"sources": 93, "standards": 6, "supplies": 660, "deals": 16, "financing": 114,
        "memberships": 153, "restrictions": 126, "proposals": 2, "ownerships": 9,
        "findings": 170, "observations": 1341, "technology_uses": 643, "gaps": 13,
        "links": 30}
REAL_ORGS = {"company": 148, "agency": 24, "lender": 7, "standards-body": 1, "study-group": 1,
             "question": 1}
REAL_COUNTRIES = 185
# Triples per unit of scale beyond the ontology's, measured by building records(…) at scale 1.
TRIPLES_PER_SCALE, ONTOLOGY_TRIPLES = 41_800, 666
BRI = {"id": "syn-belt-and-road", "label": "Synthetic Belt and Road Initiative",
       "aliases": ["BRI", "SBRI"]}
FILE_RECORDS = 10_000  # records per YAML file, so the data comes in many files like data/
_TECH, _INSTRUMENTS = sorted(TECHNOLOGIES), sorted(INSTRUMENTS)
_COUNTRIES = sorted(c.alpha_3 for c in pycountry.countries)


class _Gen:
    """One generation: the random source, the entities made so far, and the id counters."""

    def __init__(self, scale: float, seed: int):
        self.rng = random.Random(seed)
        self.scale = scale
        n = lambda real, least=1: max(least, round(real * scale))  # noqa: E731
        self.counts = {kind: n(real, 0) for kind, real in REAL.items()}
        if self.counts["financing"] < 2:  # a link joins two financing claims
            self.counts["links"] = 0
        self.orgs = {kind: [f"syn-{kind}-{i:05d}" for i in range(n(real))]
                     for kind, real in REAL_ORGS.items()}
        self.countries = _COUNTRIES[:min(len(_COUNTRIES),
                                         max(20, round(REAL_COUNTRIES * scale ** 0.5)))]
        docs, datasets = n(87), n(6)
        self.documents = [f"syn-source-{i:05d}" for i in range(docs)]
        self.datasets = [f"syn-dataset-{i:05d}" for i in range(datasets)]
        self.vendor_weights = _hub_weights(len(self.orgs["company"]), top_share=0.24)
        self.lender_weights = _hub_weights(len(self.orgs["lender"]), top_share=0.3)

    def vendor(self) -> str:
        return self.rng.choices(self.orgs["company"], cum_weights=self.vendor_weights)[0]

    def lender(self) -> str:
        return self.rng.choices(self.orgs["lender"], cum_weights=self.lender_weights)[0]

    def country(self) -> str:
        return self.rng.choice(self.countries)

    def year(self, first: int = 2008, last: int = 2024) -> int:
        return self.rng.randint(first, last)

    def date(self) -> str:
        return f"{self.year()}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"

    def techs(self, most: int = 3) -> list[str]:
        return sorted(self.rng.sample(_TECH, self.rng.randint(1, most)))

    def evidence(self, dataset_share: float, count: int = 1) -> list[dict]:
        """Citations: a dataset row, or a document with a quote or a summary and a locator."""
        out = []
        for i in range(count):
            if self.rng.random() < dataset_share:
                out.append({"source": self.rng.choice(self.datasets),
                            "row": f"synthetic-row={self.rng.randint(1, 10**6)}"})
            elif self.rng.random() < 0.8:
                out.append({"source": self.rng.choice(self.documents),
                            "quote": f"synthetic quote {self.rng.randint(1, 10**6)}"})
            else:
                out.append({"source": self.rng.choice(self.documents),
                            "summary": "synthetic summary",
                            "locator": f"p. {self.rng.randint(1, 400)}"})
        return out


def _hub_weights(n: int, top_share: float) -> list[float]:
    """Cumulative weights: item 0 gets `top_share`, the rest a Zipf tail (1/rank)."""
    tail = [1.0 / (i + 1) for i in range(1, n)]
    total = sum(tail)
    weights = [top_share] + [(1 - top_share) * w / total for w in tail] if tail else [1.0]
    return list(accumulate(weights))


def scale_for(triples: int) -> float:
    """Return the multiple of the curated graph's record counts that gives about `triples`."""
    return max(triples - ONTOLOGY_TRIPLES, 1) / TRIPLES_PER_SCALE


def records(triples: int, seed: int = 0) -> dict[str, list[dict]]:
    """Return synthetic records by kind (as in a data/ file) for about `triples` triples."""
    g = _Gen(scale_for(triples), seed)
    out: dict[str, list[dict]] = {"sources": _sources(g), "organizations": _organizations(g)}
    out["initiatives"], out["memberships"] = _memberships(g)
    for kind, make in _CLAIMS.items():
        out[kind] = [dict(id=f"syn-{_SINGULAR[kind]}-{i:06d}", **make(g, i))
                     for i in range(g.counts[kind])]
    return out


def _sources(g: _Gen) -> list[dict]:
    docs = [{"id": s, "title": f"Synthetic document {i} (benchmark data, not a real source)",
             "kind": "article", "publisher": "Synthetic Publisher", "date": str(g.year())}
            for i, s in enumerate(g.documents)]
    sets = [{"id": s, "title": f"Synthetic dataset {i} (benchmark data, not a real source)",
             "kind": "dataset", "publisher": "Synthetic Publisher", "version": f"v{i % 4 + 1}"}
            for i, s in enumerate(g.datasets)]
    return docs + sets


def _organizations(g: _Gen) -> list[dict]:
    out = []
    for kind, ids in g.orgs.items():
        for i, org in enumerate(ids):
            record = {"id": org, "label": f"Synthetic {kind} {i}", "kind": kind}
            if g.rng.random() < 0.39:
                record["aliases"] = [f"Synthetic {kind} {i} alias {a}" for a in range(2)]
            if g.rng.random() < 0.2:
                record["country"] = g.country()
                record["evidence"] = g.evidence(0.0)
            if kind in ("study-group", "question"):
                record["part_of"] = g.orgs["standards-body"][0]
            out.append(record)
    return out


def _memberships(g: _Gen) -> tuple[list[dict], list[dict]]:
    """The BRI-like initiative holds ~80% of the countries; other initiatives the rest."""
    total = g.counts["memberships"]
    bri = g.rng.sample(g.countries, min(total, round(0.8 * len(g.countries))))
    groups, left = [(BRI["id"], bri)], total - len(bri)
    while left > 0:
        size = min(left, g.rng.randint(5, max(5, len(g.countries) // 2)))
        groups.append((f"syn-initiative-{len(groups):04d}", g.rng.sample(g.countries, size)))
        left -= size
    initiatives = [dict(BRI)] + [{"id": i, "label": f"Synthetic initiative {n}"}
                                 for n, (i, _) in enumerate(groups[1:], start=1)]
    members = []
    for initiative, countries in groups:
        for country in countries:
            record = {"id": f"syn-membership-{len(members):06d}", "member": country,
                      "initiative": initiative, "start": g.date(),
                      "evidence": g.evidence(1.0, 2)}
            if g.rng.random() < 0.01:
                record["end"] = str(g.year(2020))
            members.append(record)
    return initiatives, members


def _supply(g: _Gen, i: int) -> dict:
    record = {"suppliers": [g.vendor()], "country": g.country(), "strength": "index-listing",
              "evidence": g.evidence(1.0)}
    if g.rng.random() < 0.3:
        record["year"] = g.year()
    return record


def _deal(g: _Gen, i: int) -> dict:
    record = {"label": f"Synthetic deal {i}", "suppliers": [g.vendor()], "country": g.country(),
              "technologies": g.techs(), "year": g.year(), "status": "synthetic status",
              "strength": "reported-sale",
              "evidence": g.evidence(0.0, g.rng.randint(1, 3))}
    if g.orgs["agency"] and g.rng.random() < 0.56:
        record["buyers"] = [g.rng.choice(g.orgs["agency"])]
    if g.rng.random() < 0.44:
        record["contractors"] = [g.vendor()]
    if g.rng.random() < 0.38:
        record.update(amount=g.rng.randint(1, 500) * 10**6, currency="USD")
    return record


def _financing(g: _Gen, i: int) -> dict:
    record = {"label": f"Synthetic loan {i}", "lender": g.lender(), "country": g.country(),
              "year": g.year(), "status": "synthetic status", "financing_type": "loan",
              "evidence": g.evidence(0.9)}
    if g.rng.random() < 0.66:
        record.update(amount=g.rng.randint(1, 900) * 10**6, currency="USD")
    if g.counts["deals"] and g.rng.random() < 0.08:
        record["finances"] = [f"syn-deal-{g.rng.randrange(g.counts['deals']):06d}"]
    return record


def _restriction(g: _Gen, i: int) -> dict:
    authorities = g.orgs["agency"][:5]
    return {"authority": authorities[i % len(authorities)], "target": g.vendor(),
            "instrument": g.rng.choice(_INSTRUMENTS), "start": g.date(),
            "legal_citation": f"Synthetic citation {i}", "scope": "synthetic scope",
            "evidence": g.evidence(0.5, 1 + (g.rng.random() < 0.25))}


def _proposal(g: _Gen, i: int) -> dict:
    return {"label": f"Synthetic proposal {i}", "proposers": sorted({g.vendor(), g.vendor()}),
            "standards_body": g.orgs["standards-body"][0], "topic": "synthetic topic",
            "technologies": g.techs(2), "evidence": g.evidence(0.0, 2)}


def _ownership(g: _Gen, i: int) -> dict:
    return {"owner": g.vendor(), "owned": g.rng.choice(g.orgs["company"]),
            "scope": "subsidiary", "evidence": g.evidence(0.0)}


def _finding(g: _Gen, i: int) -> dict:
    record = {"measure": f"synthetic measure {i % 40}", "value": g.rng.randint(0, 500),
              "unit": "count", "evidence": g.evidence(0.1)}
    if g.rng.random() < 0.74:
        record["subject"] = g.country() if g.rng.random() < 0.7 else g.vendor()
    if g.rng.random() < 0.75:
        record["period"] = f"{g.year(2008, 2015)}-{g.year(2016, 2024)}"
    return record


def _observation(g: _Gen, i: int) -> dict:
    return {"subject": g.country(), "measure": f"Synthetic index {i % 50}",
            "value": g.rng.choice(["yes", "no", "high", "low"]), "period": str(g.year()),
            "evidence": g.evidence(1.0)}


def _technology_use(g: _Gen, i: int) -> dict:
    return {"country": g.country(), "technology": g.rng.choice(_TECH),
            "period": str(g.year()), "evidence": g.evidence(1.0)}


def _standard(g: _Gen, i: int) -> dict:
    return {"identifier": f"SYN.{i}", "label": f"Synthetic standard {i}", "date": str(g.year()),
            "developed_by": g.orgs["question"][0], "topic": "synthetic topic",
            "evidence": g.evidence(0.0)}


def _gap(g: _Gen, i: int) -> dict:
    return {"question": f"Synthetic question {i}?", "relation_kind": "financing",
            "about": [g.country(), g.vendor()], "searched": "synthetic archives"}


def _link(g: _Gen, i: int) -> dict:
    # Reviewed links join claims of one kind: financing pairs, like most of data/'s.
    first, second = g.rng.sample(range(g.counts["financing"]), 2)
    return {"relation": g.rng.choice(["same-as", "same-as", "distinct"]),
            "claims": [f"syn-financing-{first:06d}", f"syn-financing-{second:06d}"],
            "note": "synthetic link"}


_CLAIMS = {"standards": _standard, "supplies": _supply, "deals": _deal, "financing": _financing,
           "restrictions": _restriction, "proposals": _proposal, "ownerships": _ownership,
           "findings": _finding, "observations": _observation,
           "technology_uses": _technology_use, "gaps": _gap, "links": _link}
_SINGULAR = {"standards": "standard", "supplies": "supply", "deals": "deal",
             "financing": "financing", "restrictions": "restriction", "proposals": "proposal",
             "ownerships": "ownership", "findings": "finding", "observations": "observation",
             "technology_uses": "techuse", "gaps": "gap", "links": "link"}


def write(folder: str | Path, triples: int, seed: int = 0) -> Path:
    """Write the records as YAML files into `folder` (created; must not be data/)."""
    folder = Path(folder)
    if folder.resolve() == (ROOT / "data").resolve() or (folder.exists() and any(folder.iterdir())):
        raise ValueError(f"{folder}: write synthetic data into a new, empty folder, never data/")
    folder.mkdir(parents=True, exist_ok=True)
    for kind, items in records(triples, seed).items():
        for chunk in range(0, max(len(items), 1), FILE_RECORDS):
            part = items[chunk:chunk + FILE_RECORDS]
            if not part:
                continue
            header = f"# Synthetic survkg records (kg/records/synthetic.py, seed {seed}): not real data.\n"
            text = header + f"{kind}:\n" + "".join(_yaml_record(r) for r in part)
            (folder / f"{kind}-{chunk // FILE_RECORDS:03d}.yaml").write_text(text)
    return folder


def _yaml_record(record: dict) -> str:
    """One record as a block mapping in a list, the way data/ files are written."""
    lines = []
    for key, value in sorted(record.items(), key=lambda kv: kv[0] == "evidence"):
        lead = "- " if not lines else "  "
        if key == "evidence":
            lines.append(f"{lead}evidence:")
            for item in value:
                body = "\n    ".join(f"{k}: {_scalar(v)}" for k, v in item.items())
                lines.append(f"  - {body}")
        elif isinstance(value, list):
            lines.append(f"{lead}{key}: [{', '.join(_scalar(v) for v in value)}]")
        else:
            lines.append(f"{lead}{key}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


def _scalar(value) -> str:
    # A JSON string is a YAML double-quoted scalar; quoting keeps "yes" and dates as text.
    return str(value) if isinstance(value, int) else json.dumps(value)
