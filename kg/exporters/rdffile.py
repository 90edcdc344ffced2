"""The build's own N-Triples (`survkg.nt`): the source of the RDF exports.

Not the store: Oxigraph keeps numbers as values, so `"126000000.0"^^xsd:decimal` comes back
as `"126000000"`, and rdflib over oxrdflib types plain strings as `xsd:string`; both make a
graph that is not isomorphic to the build's files.
"""
from __future__ import annotations

from pathlib import Path

from kg.errors import KGError
from kg.graph.store import NT_FILE


def nt_path(build_dir: str | Path) -> Path:
    """Return the build's N-Triples file, or raise KGError if there is none."""
    path = Path(build_dir) / NT_FILE
    if not path.is_file():
        raise KGError(f"no {NT_FILE} in {build_dir}: run `kg build` first")
    return path
