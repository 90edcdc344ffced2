"""GraphML for Gephi, yEd and Cytoscape: entities and claims with typed attributes."""
from pathlib import Path

import networkx as nx

from kg.exporters.flat import flat_graph

SUFFIX, FOLDER = ".graphml", False


def write(build_dir: Path, path: Path) -> None:
    nx.write_graphml(flat_graph(build_dir), path, encoding="utf-8", named_key_ids=True)
