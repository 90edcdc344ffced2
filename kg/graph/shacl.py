"""Validate a graph against ontology/shapes.ttl; give each violation as one readable line.

The shapes are evaluated over the graph held by predicate (kg.graph.indexed): each constraint
is a function from a set of focus nodes to the ones violating it, with Python's sets for what
is about the graph's shape (targets by class, counts, sh:class, sh:or, sh:node) and Oxigraph's
SPARQL for what is about a value (sh:datatype, sh:pattern, sh:in, sh:hasValue, sh:minInclusive:
the FILTER a SPARQL translation of the constraint would use, asked of a store of the
property's distinct values, so that a value is judged by SPARQL's rules, not re-implemented).
pyshacl took 5 s at 100k triples and 45 s at 1M (PERF-NOTES.md); SPARQL queries per
constraint on an in-memory Oxigraph store 2.3 s at 1M, most of it joining each focus node
again per constraint; this 0.5 s. Only the SHACL Core features shapes.ttl uses are evaluated
(targets by class or subject, minCount and maxCount 0-1, class, datatype, pattern, in,
hasValue, minInclusive, node, or); any other feature is an error here rather than a constraint
silently skipped. `validate_with_pyshacl` is the reference implementation: tests/test_shacl.py
checks both give the same lines.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Callable, Iterator

import pyoxigraph as ox
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from kg.errors import KGError
from kg.schema.ontology import SHAPES_TTL
from kg.graph.indexed import IndexedGraph, Terms
from kg.graph.query import PREFIXES
from kg.graph.rows import literal

_SHORT = {v: k for k, v in PREFIXES.items() if k != "id"}
_SHORT["https://w3id.org/survkg/shapes#"] = "sks"
_SHORT[str(SH)] = "sh"
_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_STRUCTURE = {SH.path, SH.message, SH.name, SH.description, RDF.type}


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


def short(term) -> str:
    """Return `sk:Name` for a term of a known namespace, `<iri>` otherwise."""
    text = str(term)
    for namespace, prefix in _SHORT.items():
        if text.startswith(namespace) and _LOCAL.match(text[len(namespace):]):
            return f"{prefix}:{text[len(namespace):]}"
    return f"<{text}>"


def validate(data: Graph | ox.Store | IndexedGraph, shapes: Graph | None = None
             ) -> list[Violation]:
    """Return the SHACL violations of `data` (its default graph), sorted; empty when it
    conforms."""
    if not isinstance(data, IndexedGraph):
        if isinstance(data, ox.Store):
            text = data.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
            lines = text.decode("utf-8").split("\n")
        else:
            from kg.graph.serialize import nt_lines
            lines = nt_lines(data)
        data = IndexedGraph(line for line in lines if line)
    shapes = shapes if shapes is not None else load_shapes()
    found = set()
    for shape, path, message, violators in _Evaluator(shapes, data).checks():
        found.update(Violation(short(_focus(cell)), shape, path, message) for cell in violators)
    return sorted(found)


def _focus(cell: str) -> str:
    """A focus node's IRI, blank node label or literal value, from its N-Triples term."""
    if cell[0] == "<":
        return cell[1:-1]
    return cell[2:] if cell[0] == "_" else literal(cell)


Nodes = set  # focus nodes, as N-Triples terms
Test = Callable[[Nodes], Nodes]  # the nodes of a set that violate a constraint


class _Evaluator:
    def __init__(self, shapes: Graph, graph: IndexedGraph):
        self.shapes, self.graph = shapes, graph
        self._values: dict[str, Terms] = {}

    def checks(self) -> Iterator[tuple[str, str, str, Nodes]]:
        """(shape, path, message, the focus nodes violating it) for each constraint."""
        for shape in sorted(self.shapes.subjects(RDF.type, SH.NodeShape)):
            focus = self._target(shape)
            if focus is not None:
                yield from self._shape_checks(shape, focus)

    def _target(self, shape) -> Nodes | None:
        """The shape's focus nodes, or None when it has no target (used through sh:node)."""
        classes = sorted(self.shapes.objects(shape, SH.targetClass))
        subjects_of = sorted(self.shapes.objects(shape, SH.targetSubjectsOf))
        if not classes and not subjects_of:
            return None
        focus: Nodes = set()
        for cls in classes:
            focus |= self.graph.instances(_n3(cls))
        for p in subjects_of:
            focus |= self.graph.subjects(_n3(p))
        return focus

    def _shape_checks(self, shape, focus: Nodes) -> Iterator[tuple[str, str, str, Nodes]]:
        name = short(shape)
        self._only(shape, {SH.targetClass, SH.targetSubjectsOf, SH.property, SH["or"]})
        for prop in self.shapes.objects(shape, SH.property):
            path = self.shapes.value(prop, SH.path)
            message = str(self.shapes.value(prop, SH.message) or "constraint violated")
            for test in self._property_tests(prop):
                yield name, short(path), message, test(focus)
            inner = self.shapes.value(prop, SH.node)
            if inner is not None:  # the value nodes are checked against the inner shape too
                p = _n3(path)
                values = {o for s, o in self.graph.rows(p) if s in focus}
                yield from self._shape_checks(inner, values)
        message = str(self.shapes.value(shape, SH.message) or "constraint violated")
        for test in self._node_tests(shape):
            yield name, "", message, test(focus)

    def _node_tests(self, shape) -> Iterator[Test]:
        """The shape's node-level constraints (sh:or: violated when every alternative is)."""
        for head in self.shapes.objects(shape, SH["or"]):
            alternatives = [self._violates(alt) for alt in Collection(self.shapes, head)]

            def test(focus: Nodes, alternatives=alternatives) -> Nodes:
                for violates in alternatives:
                    focus = violates(focus)
                return focus
            yield test

    def _violates(self, shape) -> Test:
        """The nodes of a set that violate `shape` (a property or a node shape)."""
        tests = list(self._node_tests(shape))
        if self.shapes.value(shape, SH.path) is not None:
            tests += self._property_tests(shape)
        for prop in self.shapes.objects(shape, SH.property):
            tests += self._property_tests(prop)

        def violates(focus: Nodes) -> Nodes:
            found: Nodes = set()
            for test in tests:
                found |= test(focus)
            return found
        return violates

    def _property_tests(self, prop) -> list[Test]:
        """The constraints of property shape `prop`, each as a Test."""
        path = self.shapes.value(prop, SH.path)
        if not isinstance(path, URIRef):
            raise KGError(f"shapes: only a single property as sh:path is supported ({path})")
        p = _n3(path)
        self._only(prop, {SH.minCount, SH.maxCount, SH["class"], SH.datatype, SH.pattern,
                          SH["in"], SH.hasValue, SH.minInclusive, SH.node})
        graph = self.graph
        tests: list[Test] = []
        for kind, value in sorted(self.shapes.predicate_objects(prop)):
            if kind == SH.minCount and int(value) == 1:
                tests.append(lambda focus: focus - graph.subjects(p))
            elif kind == SH.maxCount and int(value) in (0, 1):
                many = graph.subjects if int(value) == 0 else graph.repeated
                tests.append(lambda focus, many=many: focus & many(p))
            elif kind in (SH.minCount, SH.maxCount):
                raise KGError(f"shapes: {short(kind)} {value} is not supported (only 0 or 1)")
            elif kind == SH["class"]:
                tests.append(self._class_test(p, _n3(value)))
            elif kind == SH.datatype:
                tests.append(self._value_test(
                    p, f"!isLiteral(?v) || datatype(?v) != {_n3(value)}"))
            elif kind == SH.pattern:
                flags = self.shapes.value(prop, SH.flags)
                regex = json.dumps(str(value)) + (f", {json.dumps(str(flags))}" if flags else "")
                tests.append(self._value_test(p, f"isBlank(?v) || !REGEX(STR(?v), {regex})"))
            elif kind == SH["in"]:
                allowed = " || ".join(f"sameTerm(?v, {_n3(x)})"
                                      for x in Collection(self.shapes, value))
                tests.append(self._value_test(p, f"!({allowed or 'false'})"))
            elif kind == SH.hasValue:
                tests.append(self._has_value_test(p, _n3(value)))
            elif kind == SH.minInclusive:
                tests.append(self._value_test(p, f"!COALESCE(?v >= {_n3(value)}, false)"))
            elif kind == SH.node:
                tests.append(self._node_test(p, self._violates(value)))
        return tests

    def _class_test(self, p: str, cls: str) -> Test:
        """Violated by a node with a value that is no instance of cls or a subclass of it (a
        literal never is)."""
        def test(focus: Nodes) -> Nodes:
            members = self.graph.instances(cls)
            return {s for s, o in self.graph.rows(p) if s in focus and o not in members}
        return test

    def _value_test(self, p: str, condition: str) -> Test:
        """Violated by a node with a value for which the SPARQL condition (on ?v) holds."""
        def test(focus: Nodes) -> Nodes:
            bad = self._values_of(p).where(condition)
            if not bad:
                return set()
            return {s for s, o in self.graph.rows(p) if s in focus and o in bad}
        return test

    def _has_value_test(self, p: str, value: str) -> Test:
        """Violated by a node with no value the same term as `value`."""
        def test(focus: Nodes) -> Nodes:
            same = self._values_of(p).where(f"sameTerm(?v, {value})")
            return focus - {s for s, o in self.graph.rows(p) if o in same}
        return test

    def _node_test(self, p: str, violates: Test) -> Test:
        """Violated by a node with a value that violates the inner shape."""
        def test(focus: Nodes) -> Nodes:
            rows = [(s, o) for s, o in self.graph.rows(p) if s in focus]
            bad = violates({o for _, o in rows})
            return {s for s, o in rows if o in bad}
        return test

    def _values_of(self, p: str) -> Terms:
        """The property's distinct values, for Oxigraph to judge (kg.graph.indexed.Terms)."""
        values = self._values.get(p)
        if values is None:
            values = self._values[p] = Terms({o for _, o in self.graph.rows(p)})
        return values

    def _only(self, shape, allowed: set) -> None:
        unknown = {p for p in self.shapes.predicates(shape)} - allowed - _STRUCTURE - {SH.flags}
        if unknown:
            names = ", ".join(sorted(short(p) for p in unknown))
            where = self.shapes.value(shape, SH.path) or shape
            raise KGError(f"shapes: {names} (at {short(where)}) is not supported by kg.graph.shacl")


def _n3(term) -> str:
    if isinstance(term, Literal):
        return term.n3()
    return f"<{term}>"


# --- the reference implementation -----------------------------------------------------------

def validate_with_pyshacl(data: Graph, shapes: Graph | None = None) -> list[Violation]:
    """Return the violations pyshacl finds (slow at scale: the tests compare it with ours).

    pyshacl is in the `test` extra (`pip install -e '.[test]'`), not needed to build."""
    from pyshacl import validate as shacl_validate

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
        parent = shapes.value(None, SH.property, shape)  # a property shape: name its node shape
        found.add(Violation(
            focus=short(report.value(result, SH.focusNode)),
            shape=short(parent if parent is not None else shape),
            path=short(path) if path is not None else "",
            message=str(report.value(result, SH.resultMessage) or "constraint violated"),
        ))
    return sorted(found)
