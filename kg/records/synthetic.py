"""Synthetic records shaped like `data/`, at any size, for benchmarks (never real data).

`records(triples, seed)` gives records of every kind `kg.records.models` knows, in the proportions of
`data/` (`kg.records.synthetic_shape`, counted there), scaled so `kg build` makes about `triples`
triples; `write(folder, triples, seed)` writes them as files `kg build --data` reads: JSON Lines
for the kinds importers write into data/imported/, YAML for the kinds only curators write.
This module makes the entities (organisations, countries, sources, memberships);
`kg.records.synthetic_claims` makes each claim from them.
The shape is data/'s: most organisations and restrictions come from the US lists (a long tail
of parties known only from a list, each listed once or twice), the vendors that claims name
are restricted a few times each, the biggest the most; supply claims carry data/'s strengths
(index listings of AI vendors, whose hub is in a fifth of them; reported sales and tracker-
reported uses of spyware and interception vendors, some naming the buying agencies, some uses
of lower confidence; export licences of a few exporting states, most naming no supplier;
detections of two vendors). A Belt-and-Road-like initiative holds most countries, a few
lenders make most loans. Every claim cites a synthetic source (a dataset row or a document
quote), so the build's evidence checks hold. Ids start with `syn-`, labels with "Synthetic",
and the output goes to a folder of its own: it must never be mixed with data/. Countries are
the real ISO codes (the contract allows no other).

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

from kg.records.jsonl import dump_jsonl
from kg.records.synthetic_claims import AI_TECH, CLAIMS, SINGULAR, restriction_targets
from kg.records.synthetic_shape import (
    REAL, REAL_COUNTRIES, REAL_DATASETS, REAL_LISTED, REAL_ORGS, STRENGTHS)
from kg.schema.ontology import ROOT

# Triples per unit of scale beyond the ontology's, measured by building records(…) at scale 1.
TRIPLES_PER_SCALE, ONTOLOGY_TRIPLES = 167_800, 679
BRI = {"id": "syn-belt-and-road", "label": "Synthetic Belt and Road Initiative",
       "aliases": ["BRI", "SBRI"]}
FILE_RECORDS = 10_000  # records per file, so the data comes in many files like data/
# The kinds data/imported/ holds (the importers write them, as JSON Lines); the rest are curated
# YAML in data/, and the benchmark reads each kind in the format data/ has it in.
IMPORTED_KINDS = frozenset({"financing", "links", "memberships", "observations", "organizations",
                            "restrictions", "supplies", "technology_uses"})
_COUNTRIES = sorted(c.alpha_3 for c in pycountry.countries)
AUTHORITIES = 5  # the first agencies impose every restriction, as five US bodies do in data/


class _Gen:
    """One generation: the random source, the entities made so far, and the id counters."""

    def __init__(self, scale: float, seed: int):
        self.rng = random.Random(seed)
        self.scale = scale
        n = lambda real, least=1: max(least, round(real * scale))  # noqa: E731
        self.counts = {kind: n(real, 0) for kind, real in REAL.items()}
        if self.counts["financing"] < 2:  # a link joins two financing claims
            self.counts["links"] = 0
        least = {"agency": AUTHORITIES + 2, "company": 6}  # authorities, a buyer, a listed one
        self.orgs = {kind: [f"syn-{kind}-{i:05d}" for i in range(n(real, least.get(kind, 1)))]
                     for kind, real in REAL_ORGS.items()}
        # Known only from a list: the last organisations of each kind; the others make claims.
        self.listed = {kind: ids[len(ids) - min(n(REAL_LISTED.get(kind, 0), 0),
                                                len(ids) - least.get(kind, 0)):]
                       for kind, ids in self.orgs.items()}
        companies = self.orgs["company"]
        self.vendors = companies[:len(companies) - len(self.listed["company"])]
        agencies = self.orgs["agency"]
        self.authorities = agencies[:AUTHORITIES]
        self.buyers = agencies[AUTHORITIES:len(agencies) - len(self.listed["agency"])]
        self.countries = _COUNTRIES[:min(len(_COUNTRIES),
                                         max(20, round(REAL_COUNTRIES * scale ** 0.5)))]
        docs, datasets = n(REAL["sources"] - REAL_DATASETS), n(REAL_DATASETS)
        self.documents = [f"syn-source-{i:05d}" for i in range(docs)]
        self.datasets = [f"syn-dataset-{i:05d}" for i in range(datasets)]
        # AI vendors (the index's) first, then the trade's; each strength draws from its pool.
        ai = n(STRENGTHS["index-listing"]["vendors"])
        self.pools = {"index-listing": self._pool(0, ai),
                      "reported-sale": self._pool(ai, n(STRENGTHS["reported-sale"]["vendors"])),
                      "reported-use": self._pool(ai + 1, n(STRENGTHS["reported-use"]["vendors"])),
                      "detected": self._pool(ai + 1, n(STRENGTHS["detected"]["vendors"])),
                      "export-licence": self._pool(ai + n(40), n(3))}
        self.weights = {s: _hub_weights(len(self.pools[s]), STRENGTHS[s]["top"])
                        for s in self.pools}
        self.exporters = self.rng.sample(self.countries, min(
            len(self.countries), n(STRENGTHS["export-licence"]["exporters"])))
        self.exporter_weights = _hub_weights(len(self.exporters), 0.42)
        self.vendor_weights = self.weights["index-listing"]
        self.lender_weights = _hub_weights(len(self.orgs["lender"]), top_share=0.3)
        # Strengths in data/'s proportions, in a shuffled order like several imports' files.
        self.strengths = [s for s, spec in STRENGTHS.items() for _ in range(n(spec["claims"], 0))]
        self.rng.shuffle(self.strengths)
        self.counts["supplies"] = len(self.strengths)
        self.restricted_weights = _hub_weights(len(self.pools["index-listing"]), 0.13)
        self.targets = restriction_targets(self)

    def _pool(self, start: int, size: int) -> list[str]:
        """`size` vendors from `start` on (wrapping round in a small graph)."""
        return list(dict.fromkeys(self.vendors[(start + i) % len(self.vendors)]
                                  for i in range(size)))

    def vendor(self, strength: str = "index-listing") -> str:
        return self.rng.choices(self.pools[strength], cum_weights=self.weights[strength])[0]

    def lender(self) -> str:
        return self.rng.choices(self.orgs["lender"], cum_weights=self.lender_weights)[0]

    def country(self) -> str:
        return self.rng.choice(self.countries)

    def year(self, first: int = 2008, last: int = 2024) -> int:
        return self.rng.randint(first, last)

    def date(self) -> str:
        return f"{self.year()}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"

    def techs(self, most: int = 3, among: list[str] = AI_TECH) -> list[str]:
        return sorted(self.rng.sample(among, self.rng.randint(1, most)))

    def chance(self, share: float) -> bool:
        return self.rng.random() < share

    def evidence(self, dataset_share: float, count: int = 1) -> list[dict]:
        """Citations: a dataset row, or a document with a quote or a summary and a locator."""
        out = []
        for i in range(count):
            if self.rng.random() < dataset_share:
                out.append({"source": self.rng.choice(self.datasets),
                            "row": f"synthetic-row={self.rng.randint(1, 10**6)}"})
                if self.chance(0.35):  # a list's rule, a file's line, as in data/
                    out[-1]["locator"] = f"line {self.rng.randint(1, 10**4)}"
            elif self.rng.random() < 0.35:
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
    for kind, make in CLAIMS.items():
        out[kind] = [dict(id=f"syn-{SINGULAR[kind]}-{i:06d}", **make(g, i))
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


# Share of organisations with aliases, and with a home country, in data/: a list's entries
# nearly all have a country (and the list's row as evidence); a list names many a.k.a.s.
_ALIASES = {"company": 0.6, "listed-party": 0.43, "agency": 0.16}
_HOME = {"company": 0.5, "agency": 0.75}


def _organizations(g: _Gen) -> list[dict]:
    out = []
    for kind, ids in g.orgs.items():
        listed = set(g.listed[kind])
        for i, org in enumerate(ids):
            record = {"id": org, "label": f"Synthetic {kind} {i}", "kind": kind}
            if g.chance(_ALIASES.get(kind, 0.39)):
                record["aliases"] = [f"Synthetic {kind} {i} alias {a}"
                                     for a in range(g.rng.randint(1, 4))]
            if org in listed:
                if g.chance(0.93):
                    record["country"] = g.country()
                record["evidence"] = g.evidence(0.97, 1 + g.chance(0.05))
            elif g.chance(_HOME.get(kind, 0.14)):
                record["country"] = g.country()
                record["evidence"] = g.evidence(0.5)
            if kind in ("study-group", "question"):
                record["part_of"] = g.orgs["standards-body"][0]
            if g.chance(0.08):
                record["note"] = "synthetic note"
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
                # never before it started (the contract refuses that), same draws as before
                record["end"] = str(g.year(max(2020, int(record["start"][:4]))))
            members.append(record)
    return initiatives, members


def write(folder: str | Path, triples: int, seed: int = 0) -> Path:
    """Write the records into `folder` (created; must not be data/) and return it."""
    folder = Path(folder)
    if folder.resolve() == (ROOT / "data").resolve() or (folder.exists() and any(folder.iterdir())):
        raise ValueError(f"{folder}: write synthetic data into a new, empty folder, never data/")
    folder.mkdir(parents=True, exist_ok=True)
    for kind, items in records(triples, seed).items():
        for chunk in range(0, max(len(items), 1), FILE_RECORDS):
            part = items[chunk:chunk + FILE_RECORDS]
            if not part:
                continue
            header = (f"Synthetic survkg records (kg/records/synthetic.py, seed {seed}): "
                      "not real data.")
            name = f"{kind}-{chunk // FILE_RECORDS:03d}"
            if kind in IMPORTED_KINDS:
                (folder / f"{name}.jsonl").write_text(dump_jsonl({kind: part}, header),
                                                      encoding="utf-8")
            else:
                text = f"# {header}\n{kind}:\n" + "".join(_yaml_record(r) for r in part)
                (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
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
