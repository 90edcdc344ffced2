"""ontology/shapes.ttl through kg.graph.shacl: a conforming and a violating graph for every shape.

kg.graph.shacl evaluates the shapes over the graph held by predicate (kg.graph.indexed); every
fixture is also checked with pyshacl (the reference implementation) and both must give the same
lines.

tests/fixtures/shacl/<Shape>.conforming.ttl must give no violation; <Shape>.violating.ttl must
give exactly the lines of its `# expect: ` comments, in order. The ontology is merged into each
graph first, as the build does, so sh:class sees rdfs:subClassOf.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from kg.schema.ontology import load_ontology
from kg.errors import KGError
from kg.graph.shacl import Violation, load_shapes, validate, validate_with_pyshacl

from conftest import SHACL_DIR

SHAPES = load_shapes()
NODE_SHAPES = sorted(SHAPES.subjects(RDF.type, SH.NodeShape))
SKS = "https://w3id.org/survkg/shapes#"

# Parameters of SHACL core constraint components: a shape holding one is a constraint.
CONSTRAINTS = {
    SH[name] for name in (
        "class datatype nodeKind minCount maxCount minExclusive minInclusive maxExclusive "
        "maxInclusive minLength maxLength pattern languageIn uniqueLang equals disjoint lessThan "
        "lessThanOrEquals not and or xone node qualifiedValueShape closed hasValue in sparql"
    ).split()
}


def name(shape: URIRef) -> str:
    return str(shape)[len(SKS):]


def graph_of(path: Path) -> Graph:
    graph = load_ontology()
    graph.parse(path, format="turtle")
    return graph


def expected(path: Path) -> list[str]:
    prefix = "# expect: "
    return [line[len(prefix):] for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith(prefix)]


def test_every_shape_has_a_conforming_and_a_violating_graph():
    names = {name(s) for s in NODE_SHAPES}
    files = {p.name.split(".")[0] for p in SHACL_DIR.glob("*.ttl")}
    assert names == files
    for shape in names:
        assert (SHACL_DIR / f"{shape}.conforming.ttl").exists()
        assert (SHACL_DIR / f"{shape}.violating.ttl").exists()


@pytest.mark.parametrize("shape", [name(s) for s in NODE_SHAPES])
def test_conforming_graph_gives_no_violation(shape):
    path = SHACL_DIR / f"{shape}.conforming.ttl"
    graph = graph_of(path)
    assert focus_nodes(graph, URIRef(SKS + shape)), f"{path.name} has nothing {shape} checks"
    assert validate(graph) == []


@pytest.mark.parametrize("shape", [name(s) for s in NODE_SHAPES])
def test_violating_graph_gives_exactly_the_expected_lines(shape):
    path = SHACL_DIR / f"{shape}.violating.ttl"
    lines = expected(path)
    assert any(f"[shape sks:{shape}]" in line for line in lines), f"{path.name} expects no {shape}"
    assert [str(v) for v in validate(graph_of(path))] == lines


def focus_nodes(graph: Graph, shape: URIRef) -> set:
    """The nodes `shape` targets in graph, or, for a shape without a target, the values it is
    applied to through sh:node."""
    found = set()
    for cls in SHAPES.objects(shape, SH.targetClass):
        for subclass in graph.transitive_subjects(RDFS.subClassOf, cls):
            found |= set(graph.subjects(RDF.type, subclass))
    for prop in SHAPES.objects(shape, SH.targetSubjectsOf):
        found |= set(graph.subjects(prop, None))
    for prop_shape in SHAPES.subjects(SH.node, shape):
        path = SHAPES.value(prop_shape, SH.path)
        for parent in SHAPES.subjects(SH.property, prop_shape):
            for node in focus_nodes(graph, parent):
                found |= set(graph.objects(node, path))
    return found


def test_every_constraint_has_a_message():
    # Shapes inside sh:or / sh:and / sh:xone lists speak through their parent's message.
    listed = set()
    for operator in (SH["or"], SH["and"], SH.xone):
        for _, head in SHAPES.subject_objects(operator):
            listed |= set(Collection(SHAPES, head))
    shapes = set(NODE_SHAPES) | set(SHAPES.objects(None, SH.property))
    checked = 0
    for shape in shapes - listed:
        if CONSTRAINTS & set(SHAPES.predicates(shape)):
            checked += 1
            messages = list(SHAPES.objects(shape, SH.message))
            where = SHAPES.value(shape, SH.path) or shape
            assert len(messages) == 1 and str(messages[0]).strip(), f"no sh:message on {where}"
    assert checked >= len(list(SHAPES.objects(None, SH.property)))


def test_a_violation_reads_as_one_line():
    with_path = Violation(focus="<x>", shape="sks:S", path="sk:p", message="Say why.")
    without = Violation(focus="<x>", shape="sks:S", path="", message="Say why.")
    assert str(with_path) == "<x>: sk:p Say why. [shape sks:S]"
    assert str(without) == "<x>: Say why. [shape sks:S]"


def test_the_ontology_alone_conforms():
    assert validate(load_ontology()) == []


@pytest.mark.parametrize("path", sorted(SHACL_DIR.glob("*.ttl")), ids=lambda p: p.stem)
def test_the_evaluation_agrees_with_pyshacl(path):
    graph = graph_of(path)
    assert validate(graph) == validate_with_pyshacl(graph)


def test_the_evaluation_agrees_with_pyshacl_on_a_built_graph(minimal_build):
    graph = load_ontology()
    graph.parse(minimal_build / "survkg.nt", format="nt")
    broken = Graph()
    for s, p, o in graph:  # drop every label and every country: many shapes fail at once
        if p != RDFS.label and "country/" not in str(o):
            broken.add((s, p, o))
    assert validate(graph) == validate_with_pyshacl(graph) == []
    lines = validate(broken)
    assert len(lines) > 10 and lines == validate_with_pyshacl(broken)


def test_a_shacl_feature_the_evaluation_lacks_is_an_error_not_a_pass():
    shapes = load_shapes()
    shapes.parse(data="""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix sk: <https://w3id.org/survkg/ontology#> .
<https://w3id.org/survkg/shapes#Extra> a sh:NodeShape ; sh:targetClass sk:Source ;
    sh:property [ sh:path sk:url ; sh:maxLength 80 ; sh:message "Short URLs." ] .
""", format="turtle")
    with pytest.raises(KGError, match="sh:maxLength"):
        validate(load_ontology(), shapes)
