"""`kg build`: validate the records, make the RDF graph, write it out, load the store.

Everything is checked before anything is written, and the artifacts are written to a staging
folder inside the build folder and moved into place only when all of them are complete, so a
failed build leaves the previous build as it was.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from rdflib import Graph

from kg.dataset import Dataset, load_dataset
from kg.errors import KGError, KGErrors
from kg.models import Claim, Source
from kg.rdf import to_graph
from kg.serialize import write_jsonld, write_nt, write_turtle
from kg.shacl import validate
from kg.network import NETWORK_FILE, write_network
from kg.store import NT_FILE, STORE_DIR, load_store, open_graph
from kg.viz import HTML_FILE, write_explorer

TTL_FILE, JSONLD_FILE, MANIFEST_FILE = "survkg.ttl", "survkg.jsonld", "manifest.json"


@dataclass(frozen=True)
class BuildSummary:
    records: int
    claims: int
    sources: int
    triples: int
    seconds: float
    out_dir: str

    def __str__(self) -> str:
        return (f"built {self.records:,} records ({self.claims:,} claims, {self.sources:,} "
                f"sources) into {self.triples:,} triples in {self.seconds:.1f} s -> {self.out_dir}/")


def check(data_dir: str | Path, shacl: bool = True) -> tuple[Dataset, Graph]:
    """Return the validated dataset and its graph, or raise KGErrors with every problem."""
    dataset = load_dataset(data_dir)
    graph = to_graph(dataset)
    if shacl:
        violations = validate(graph)
        if violations:
            raise KGErrors([KGError(str(v)) for v in violations])
    return dataset, graph


def build(data_dir: str | Path, out_dir: str | Path, shacl: bool = True) -> BuildSummary:
    """Build the graph from data_dir into out_dir; on any error, out_dir is left untouched."""
    started = time.perf_counter()
    dataset, graph = check(data_dir, shacl=shacl)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out))
    try:
        write_turtle(graph, staging / TTL_FILE)
        write_nt(graph, staging / NT_FILE)
        write_jsonld(graph, staging / JSONLD_FILE)
        triples = load_store(staging / NT_FILE, staging / STORE_DIR)
        write_network(open_graph(staging), staging)  # the projection analysis commands load
        write_explorer(staging)  # survkg.html: the offline explorer, from network.json
        claims = sum(isinstance(r, Claim) for r in dataset.all())
        summary = BuildSummary(
            records=len(dataset.index), claims=claims,
            sources=len(dataset.records.get(Source.KIND, [])), triples=triples,
            seconds=0.0, out_dir=str(out_dir).rstrip("/"),
        )
        manifest = {k: v for k, v in asdict(summary).items() if k not in ("seconds", "out_dir")}
        (staging / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        _swap_into_place(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    seconds = time.perf_counter() - started
    return BuildSummary(**{**asdict(summary), "seconds": seconds})


def _swap_into_place(staging: Path, out: Path) -> None:
    old = out / f".old-{os.getpid()}"
    if (out / STORE_DIR).exists():
        os.replace(out / STORE_DIR, old)
    os.replace(staging / STORE_DIR, out / STORE_DIR)
    for name in (TTL_FILE, NT_FILE, JSONLD_FILE, MANIFEST_FILE, NETWORK_FILE, HTML_FILE):
        os.replace(staging / name, out / name)
    shutil.rmtree(old, ignore_errors=True)
