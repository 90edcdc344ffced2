"""JSON-LD: the whole graph, expanded (no context needed to read it), sorted."""
from pathlib import Path

from rdflib import Graph

from kg.exporters.rdffile import nt_path
from kg.graph.serialize import write_jsonld

SUFFIX, FOLDER = ".jsonld", False


def write(build_dir: Path, path: Path) -> None:
    graph = Graph()
    graph.parse(nt_path(build_dir), format="nt")
    write_jsonld(graph, path)
