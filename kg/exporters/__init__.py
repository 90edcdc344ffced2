"""The export layer: files for other tools, listed once: `EXPORTERS` backs `kg export --format`.
It may import `kg.explore` and the layers below.

Each module has `SUFFIX`, `FOLDER` (True when it writes a folder of files) and
`write(build_dir, path)`; modules are imported when used, so listing formats costs nothing. The RDF formats write the whole graph; GraphML, GEXF and CSV (and
Neo4j's flavour of CSV) write the explorer's projection (entities as nodes, claims as edges with their evidence).
"""
from importlib import import_module
from types import ModuleType

# --format -> module of kg.exporters
EXPORTERS = {"ttl": "turtle", "nt": "ntriples", "jsonld": "jsonld", "graphml": "graphml",
             "gexf": "gexf", "csv": "csvfiles", "neo4j": "neo4j"}


def exporter(fmt: str) -> ModuleType:
    """Return the module that writes `fmt`."""
    return import_module(f"kg.exporters.{EXPORTERS[fmt]}")
