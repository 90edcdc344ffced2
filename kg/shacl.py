"""Validate a graph against ontology/shapes.ttl; give each violation as one readable line."""
from __future__ import annotations

from dataclasses import dataclass

from pyshacl import validate as shacl_validate
from rdflib import Graph
from rdflib.namespace import SH

from kg.ontology import SHAPES_TTL


@dataclass(frozen=True, order=True)
class Violation:
    focus: str
    shape: str
    path: str
    message: str

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        return f"{self.focus}:{where} {self.message} [shape {self.shape}]"


def load_shapes() -> Graph:
    shapes = Graph()
    shapes.parse(SHAPES_TTL, format="turtle")
    return shapes


def validate(data: Graph, shapes: Graph | None = None) -> list[Violation]:
    """Return the SHACL violations of `data`, sorted; empty when it conforms."""
    shapes = shapes if shapes is not None else load_shapes()
    conforms, report, _ = shacl_validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    if conforms:
        return []
    found = set()
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        path = report.value(result, SH.resultPath)
        shape = report.value(result, SH.sourceShape)
        found.add(Violation(
            focus=_short(data, report.value(result, SH.focusNode)),
            shape=_short(shapes, _named_shape(shapes, shape)),
            path=_short(data, path) if path is not None else "",
            message=str(report.value(result, SH.resultMessage) or "constraint violated"),
        ))
    return sorted(found)


def _named_shape(shapes: Graph, shape):
    """A property shape is a blank node; name the node shape that holds it."""
    parent = shapes.value(None, SH.property, shape)
    return parent if parent is not None else shape


def _short(graph: Graph, node) -> str:
    try:
        return graph.namespace_manager.normalizeUri(node)
    except Exception:  # blank nodes and unusual IRIs print as they are
        return str(node)
