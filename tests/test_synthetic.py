"""kg.records.synthetic: benchmark data that builds, is shaped like data/, and never passes for real."""
from __future__ import annotations

from collections import Counter

import pytest

from kg.build import build
from kg.records.dataset import load_dataset
from kg.records.models import Claim
from kg.graph.store import open_graph
from kg.records.synthetic import BRI, REAL, REAL_ORGS, records, write

from conftest import ROOT

SMALL = 6_000


@pytest.fixture(scope="module")
def small_build(tmp_path_factory):
    """Synthetic records of about SMALL triples, built with every check (SHACL included)."""
    folder = tmp_path_factory.mktemp("synthetic")
    data = write(folder / "data", SMALL, seed=3)
    summary = build(data, folder / "build")
    return data, folder / "build", summary


def test_the_same_seed_gives_the_same_records_and_another_seed_others():
    assert records(3_000, seed=5) == records(3_000, seed=5)
    assert records(3_000, seed=5) != records(3_000, seed=6)


def test_the_records_build_with_every_check_to_about_the_asked_size(small_build):
    _, out, summary = small_build
    assert 0.85 * SMALL <= summary.triples <= 1.15 * SMALL
    assert len(open_graph(out)) == summary.triples


def test_every_id_and_label_says_synthetic_and_every_claim_cites_a_synthetic_source(small_build):
    data, _, _ = small_build
    dataset = load_dataset(data)
    assert all(i.startswith("syn-") for i in dataset.index)
    assert all(getattr(r, label).startswith("Synthetic")
               for r in dataset.all() for label in ("label", "title") if getattr(r, label, None))
    claims = [r for r in dataset.all() if isinstance(r, Claim)]
    assert claims and all(r.evidence for r in claims)
    assert all(e.source.startswith(("syn-source-", "syn-dataset-"))
               for r in claims for e in r.evidence)


def shares(counts: dict[str, int]) -> dict[str, float]:
    total = sum(counts.values())
    return {kind: n / total for kind, n in counts.items()}


def test_the_kinds_come_in_the_proportions_of_the_real_data():
    """Each kind's share of the records within 6 points of data/ today (REAL is a snapshot)."""
    real = load_dataset(ROOT / "data")
    real_counts = {k: len(v) for k, v in real.records.items() if k != "initiatives"}
    synthetic = {k: len(v) for k, v in records(400_000).items() if k != "initiatives"}
    assert set(synthetic) == set(real_counts)
    real_shares, synthetic_shares = shares(real_counts), shares(synthetic)
    for kind in real_counts:
        assert abs(real_shares[kind] - synthetic_shares[kind]) < 0.06, kind
    orgs = Counter(r["kind"] for r in records(400_000)["organizations"])
    assert shares(orgs)["company"] == pytest.approx(shares(REAL_ORGS)["company"], abs=0.02)


def test_the_graph_has_the_real_graphs_hubs():
    data = records(400_000, seed=1)
    vendors = Counter(s for r in data["supplies"] for s in r["suppliers"])
    top, count = vendors.most_common(1)[0]
    assert count / len(data["supplies"]) > 0.2  # like Huawei in the curated graph
    supplied = {r["country"] for r in data["supplies"] if top in r["suppliers"]}
    countries = {r["country"] for r in data["supplies"]}
    assert len(supplied) >= 0.9 * len(countries)  # a few vendors supply most countries
    bri = {r["member"] for r in data["memberships"] if r["initiative"] == BRI["id"]}
    assert len(bri) >= 0.75 * len(countries)
    lenders = Counter(r["lender"] for r in data["financing"])
    assert sum(n for _, n in lenders.most_common(3)) / len(data["financing"]) > 0.4
    assert len(data["supplies"]) == pytest.approx(REAL["supplies"] * 400_000 / 42_000, rel=0.1)


def test_write_refuses_the_real_data_folder_and_a_folder_in_use(tmp_path):
    with pytest.raises(ValueError, match="never data/"):
        write(ROOT / "data", 1_000)
    (tmp_path / "old.yaml").write_text("sources: []\n")
    with pytest.raises(ValueError, match="empty folder"):
        write(tmp_path, 1_000)
