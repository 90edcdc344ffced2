"""Validate a graph against ontology/shapes.ttl; give each violation as one readable line.

The shapes are translated into SPARQL queries run on Oxigraph (`validate_store`): one query per
constraint, each selecting the focus nodes that violate it. pyshacl took 5 s at 100k triples
and 45 s at 1M (PERF-NOTES.md); these queries take a small part of that. The constraints on one
set of focus nodes are first asked together, in one query that selects a node violating any of
them; only a set with such a node is asked constraint by constraint, for the lines that say
which. Only the SHACL Core features shapes.ttl uses are translated (targets by class or
subject, minCount and maxCount 0-1, class, datatype, pattern, in, hasValue, minInclusive, node,
or); any other feature is an error here rather than a constraint silently skipped.
`validate_with_pyshacl` is the reference implementation: tests/test_shacl.py checks both give
the same lines.
"""
from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass
from typing import Iterator

import pyoxigraph as ox
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from kg.errors import KGError
from kg.schema.ontology import SHAPES_TTL
from kg.graph.query import PREFIXES

_SHORT = {v: k for k, v in PREFIXES.items() if k != "id"}
_SHORT["https://w3id.org/survkg/shapes#"] = "sks"
_SHORT[str(SH)] = "sh"
_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_STRUCTURE = {SH.path, SH.message, SH.name, SH.description, RDF.type}
_SUBCLASSES = ("SELECT DISTINCT ?c WHERE { ?c <http://www.w3.org/2000/01/rdf-schema#subClassOf>*"
               " %s }")


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


def to_store(graph: Graph) -> ox.Store:
    """Return an in-memory Oxigraph store holding the rdflib graph's triples."""
    from kg.graph.serialize import nt_lines

    store = ox.Store()
    store.load("\n".join(nt_lines(graph)).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def validate(data: Graph | ox.Store, shapes: Graph | None = None) -> list[Violation]:
    """Return the SHACL violations of `data`, sorted; empty when it conforms."""
    store = data if isinstance(data, ox.Store) else to_store(data)
    return validate_store(store, shapes)


def validate_store(store: ox.Store, shapes: Graph | None = None) -> list[Violation]:
    """Return the violations of the graph in an Oxigraph store (its default graph), sorted."""
    shapes = shapes if shapes is not None else load_shapes()
    by_target: dict[str, list[Check]] = {}
    for check in _Translator(shapes, store).checks():
        by_target.setdefault(check.target, []).append(check)
    found = set()
    for target, checks in by_target.items():
        # A valid graph, the usual case, is one query per set of focus nodes: the set is read
        # once and each node tested against every constraint, instead of read once per
        # constraint (122 queries in 20 sets; 1M triples: 1.85 s of CPU instead of 2.94 s).
        if not any(True for _ in store.query(any_violation(target, checks))):
            continue
        for check in checks:
            for solution in store.query(check.query):
                found.add(Violation(short(solution["focus"].value), check.shape, check.path,
                                    check.message))
    return sorted(found)


@dataclass(frozen=True)
class Check:
    """One constraint: the focus nodes it applies to (`target`, a pattern binding ?focus) and
    a pattern (`body`) matching when ?focus violates it."""

    shape: str
    path: str
    message: str
    target: str
    body: str

    @property
    def query(self) -> str:
        """The query selecting ?focus for each node violating this constraint."""
        return f"SELECT DISTINCT ?focus WHERE {{ {self.target} {self.body} }}"


def any_violation(target: str, checks: list[Check]) -> str:
    """The query selecting ?focus for each node of `target` violating any of the constraints:
    a node is in it exactly when it is in one of theirs (each body tested with ?focus bound,
    as the join in its own query does; their other variables are their own)."""
    tests = " || ".join(f"EXISTS {{ {check.body} }}" for check in checks)
    return f"SELECT DISTINCT ?focus WHERE {{ {target} FILTER ({tests}) }}"


class _Translator:
    def __init__(self, shapes: Graph, store: ox.Store):
        self.shapes, self.store = shapes, store
        self.names = (f"?v{i}" for i in itertools.count())

    def checks(self) -> Iterator[Check]:
        for shape in sorted(self.shapes.subjects(RDF.type, SH.NodeShape)):
            target = self._target(shape)
            if target is not None:
                yield from self._shape_checks(shape, target)

    def _target(self, shape) -> str | None:
        """A pattern binding ?focus to the shape's targets, or None (used through sh:node)."""
        parts = [f"{{ {self._typed('?focus', cls)} }}"
                 for cls in sorted(self.shapes.objects(shape, SH.targetClass))]
        parts += [f"{{ ?focus {_n3(p)} [] }}"
                  for p in sorted(self.shapes.objects(shape, SH.targetSubjectsOf))]
        return " UNION ".join(parts) or None

    def _typed(self, var: str, cls) -> str:
        """A pattern: `var` is an instance of `cls` or of one of its subclasses."""
        classes = " ".join(sorted(str(s[0]) for s in self.store.query(_SUBCLASSES % _n3(cls))))
        t = next(self.names)
        return f"{var} a {t} . VALUES {t} {{ {classes or _n3(cls)} }}"

    def _shape_checks(self, shape, target: str) -> Iterator[Check]:
        name = short(shape)
        self._only(shape, {SH.targetClass, SH.targetSubjectsOf, SH.property, SH["or"]})
        for prop in self.shapes.objects(shape, SH.property):
            path = self.shapes.value(prop, SH.path)
            message = str(self.shapes.value(prop, SH.message) or "constraint violated")
            for body in self._property_bodies(prop, "?focus"):
                yield Check(name, short(path), message, target, body)
            inner = self.shapes.value(prop, SH.node)
            if inner is not None:  # the value nodes are checked against the inner shape too
                values = f"{{ SELECT DISTINCT ?focus WHERE {{ {target.replace('?focus', '?outer')}" \
                         f" ?outer {_n3(path)} ?focus }} }}"
                yield from self._shape_checks(inner, values)
        message = str(self.shapes.value(shape, SH.message) or "constraint violated")
        for body in self._node_bodies(shape, "?focus"):
            yield Check(name, "", message, target, body)

    def _node_bodies(self, shape, f: str) -> Iterator[str]:
        """Patterns matching when node `f` violates the shape's node-level constraints."""
        for head in self.shapes.objects(shape, SH["or"]):
            alternatives = [self._violates(alt, f) for alt in Collection(self.shapes, head)]
            yield " ".join(f"FILTER EXISTS {{ {a} }}" for a in alternatives)

    def _violates(self, shape, f: str) -> str:
        """A pattern matching when node `f` violates `shape` (property or node shape)."""
        bodies = list(self._node_bodies(shape, f))
        if self.shapes.value(shape, SH.path) is not None:
            bodies += self._property_bodies(shape, f)
        for prop in self.shapes.objects(shape, SH.property):
            bodies += self._property_bodies(prop, f)
        return " UNION ".join(f"{{ {b} }}" for b in bodies) or "FILTER (false)"

    def _property_bodies(self, prop, f: str) -> list[str]:
        """Patterns matching when node `f` violates a constraint of property shape `prop`."""
        path = self.shapes.value(prop, SH.path)
        if not isinstance(path, URIRef):
            raise KGError(f"shapes: only a single property as sh:path is supported ({path})")
        p, v = _n3(path), next(self.names)
        self._only(prop, {SH.minCount, SH.maxCount, SH["class"], SH.datatype, SH.pattern,
                          SH["in"], SH.hasValue, SH.minInclusive, SH.node})
        bodies = []
        for kind, value in sorted(self.shapes.predicate_objects(prop)):
            if kind == SH.minCount and int(value) == 1:
                bodies.append(f"FILTER NOT EXISTS {{ {f} {p} [] }}")
            elif kind == SH.maxCount and int(value) in (0, 1):
                w = next(self.names)
                bodies.append(f"{f} {p} {v} ." if int(value) == 0 else
                              f"{f} {p} {v}, {w} . FILTER (!sameTerm({v}, {w}))")
            elif kind in (SH.minCount, SH.maxCount):
                raise KGError(f"shapes: {short(kind)} {value} is not supported (only 0 or 1)")
            elif kind == SH["class"]:
                bodies.append(f"{f} {p} {v} . FILTER NOT EXISTS {{ {self._typed(v, value)} }}")
            elif kind == SH.datatype:
                bodies.append(f"{f} {p} {v} . FILTER (!isLiteral({v}) || "
                              f"datatype({v}) != {_n3(value)})")
            elif kind == SH.pattern:
                flags = self.shapes.value(prop, SH.flags)
                regex = json.dumps(str(value)) + (f", {json.dumps(str(flags))}" if flags else "")
                bodies.append(f"{f} {p} {v} . FILTER (isBlank({v}) || !REGEX(STR({v}), {regex}))")
            elif kind == SH["in"]:
                allowed = " || ".join(f"sameTerm({v}, {_n3(x)})"
                                      for x in Collection(self.shapes, value))
                bodies.append(f"{f} {p} {v} . FILTER (!({allowed or 'false'}))")
            elif kind == SH.hasValue:
                bodies.append(f"FILTER NOT EXISTS {{ {f} {p} {_n3(value)} }}")
            elif kind == SH.minInclusive:
                bodies.append(f"{f} {p} {v} . FILTER (!COALESCE({v} >= {_n3(value)}, false))")
            elif kind == SH.node:
                bodies.append(f"{f} {p} {v} . FILTER EXISTS {{ {self._violates(value, v)} }}")
        return bodies

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
