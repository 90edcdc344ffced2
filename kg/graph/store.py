"""The embedded store: Oxigraph on disk under build/, seen through rdflib (oxrdflib).

The build bulk-loads the N-Triples it wrote into `build/store/`; readers open that store
read-only, so a query never pays for parsing the graph again.
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.errors import KGError

STORE_DIR = "store"
NT_FILE = "survkg.nt"


def load_store(nt_path: str | Path, store_dir: str | Path) -> int:
    """Bulk-load an N-Triples file into a new on-disk store; return its triple count."""
    # The default graph, not a named one: SPARQL clients and `oxigraph serve` see it as is.
    graph = Graph(store="Oxigraph", identifier=DATASET_DEFAULT_GRAPH_ID)
    graph.open(str(store_dir), create=True)
    try:
        # transactional=False makes oxrdflib use Oxigraph's bulk loader.
        graph.parse(str(nt_path), format="ox-nt", transactional=False)
        count = len(graph)
    finally:
        graph.close()
    return count


def open_graph(build_dir: str | Path) -> Graph:
    """Return an rdflib graph over the built store, read-only."""
    store_dir = Path(build_dir) / STORE_DIR
    if not (store_dir / "CURRENT").exists():
        raise KGError(f"no built store in {build_dir}: run `kg build` first")
    try:
        inner = ox.Store.read_only(str(store_dir))
    except OSError as exc:
        raise KGError(f"cannot open the store in {store_dir}: {exc}") from None
    return Graph(store=OxigraphStore(store=inner), identifier=DATASET_DEFAULT_GRAPH_ID)
