"""Turtle: the whole graph, sorted, grouped by subject, with the usual prefixes.

Written by Oxigraph from the build's sorted N-Triples, which keeps every literal's lexical form
(rdflib's Turtle writer turns "126000000"^^xsd:decimal into 126000000.0, a different term).
"""
from pathlib import Path

import pyoxigraph as ox
from rdflib import OWL

from kg.exporters.rdffile import nt_path
from kg.graph.query import PREFIXES

SUFFIX, FOLDER = ".ttl", False


def write(build_dir: Path, path: Path) -> None:
    with open(nt_path(build_dir), "rb") as handle:
        triples = ox.parse(handle, format=ox.RdfFormat.N_TRIPLES)
        prefixes = {**PREFIXES, "owl": str(OWL)}
        path.write_bytes(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes))
