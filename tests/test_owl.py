"""The ontology and the graphs the build writes are OWL 2 DL, and an OWL reasoner accepts them.

Two checks. A structural one in pure Python that runs everywhere (`dl_problems`): every class and
property is declared with one kind, object properties link IRIs and datatype properties hold
literals, and every literal's datatype is in the OWL 2 datatype map (no xsd:date, xsd:gYear or
xsd:gYearMonth, which OWL 2 reasoners reject). And the real thing: owlready2 loads the ontology
and a small build and runs HermiT, its bundled reasoner, which needs Java.
"""
from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import FIXTURES
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS

from kg.schema.ontology import ID_URI, ONTOLOGY_TTL, SK_URI, load_ontology

# The OWL 2 datatype map (OWL 2 Structural Specification, section 4), plus rdf:langString,
# the datatype RDF 1.1 gives a language-tagged literal.
OWL2_DATATYPES = {OWL.real, OWL.rational, RDF.PlainLiteral, RDF.XMLLiteral, RDFS.Literal,
                  RDF.langString} | {XSD[name] for name in (
    "decimal", "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger",
    "negativeInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt",
    "unsignedShort", "unsignedByte", "double", "float", "string", "normalizedString", "token",
    "language", "Name", "NCName", "NMTOKEN", "boolean", "hexBinary", "base64Binary", "anyURI",
    "dateTime", "dateTimeStamp")}
PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
# Terms OWL 2 itself defines: never declared by an ontology.
BUILT_IN = {RDF.type, RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, RDFS.subClassOf,
            RDFS.subPropertyOf, RDFS.domain, RDFS.range, OWL.inverseOf, OWL.versionInfo,
            OWL.equivalentClass, OWL.disjointWith, OWL.Thing}
META_CLASSES = {OWL.Ontology, OWL.Class, RDFS.Datatype, *PROPERTY_KINDS, OWL.SymmetricProperty,
                OWL.TransitiveProperty, OWL.FunctionalProperty, OWL.NamedIndividual}


def dl_problems(graph: Graph) -> list[str]:
    """Return what keeps a graph (ontology plus data) from being OWL 2 DL, one line each."""
    kinds = defaultdict(set)
    for subject, kind in graph.subject_objects(RDF.type):
        if kind in (OWL.Class, *PROPERTY_KINDS):
            kinds[subject].add(kind)
    problems = [f"{t} is declared as {sorted(k)}" for t, k in kinds.items() if len(k) > 1]

    def declared(term, kind) -> bool:
        return term in BUILT_IN or kind in kinds.get(term, ())

    classes = {o for s, o in graph.subject_objects(RDF.type) if o not in META_CLASSES}
    classes |= set(graph.objects(None, RDFS.subClassOf)) | set(graph.objects(None, RDFS.domain))
    classes |= {r for p, r in graph.subject_objects(RDFS.range)
                if OWL.ObjectProperty in kinds.get(p, ())}
    problems += [f"class {c} is not declared" for c in sorted(classes)
                 if not declared(c, OWL.Class)]
    for prop, datatype in graph.subject_objects(RDFS.range):
        if OWL.DatatypeProperty in kinds.get(prop, ()) and datatype not in OWL2_DATATYPES:
            problems.append(f"{prop} has range {datatype}, not in the OWL 2 datatype map")
    for prop, parent in graph.subject_objects(RDFS.subPropertyOf):
        if kinds.get(prop) != kinds.get(parent):
            problems.append(f"{prop} is a sub-property of {parent} of another kind")
    seen = set()
    for _s, p, o in graph:
        kind = "iri" if isinstance(o, URIRef) else "bnode" if isinstance(o, BNode) else (
            o.datatype or (RDF.langString if o.language else XSD.string))
        if (p, kind) in seen:
            continue
        seen.add((p, kind))
        if kind == "bnode":
            problems.append(f"{p} has a blank node object (the build writes none)")
        elif kind != "iri" and kind not in OWL2_DATATYPES:
            problems.append(f"{p} has a literal of {kind}, not in the OWL 2 datatype map")
        if p in BUILT_IN:
            continue
        if not any(declared(p, k) for k in PROPERTY_KINDS):
            problems.append(f"property {p} is not declared")
        elif OWL.ObjectProperty in kinds[p] and kind != "iri":
            problems.append(f"object property {p} has a literal value")
        elif OWL.DatatypeProperty in kinds[p] and kind == "iri":
            problems.append(f"datatype property {p} has an IRI value")
    return problems


def one_of_each(nt_path: Path) -> Graph:
    """Return the ontology plus one triple of each (predicate, object kind or datatype) and each
    class of a built graph: all `dl_problems` needs, from 170k triples in a second."""
    graph, seen = load_ontology(), set()
    for quad in ox.parse(path=str(nt_path), format=ox.RdfFormat.N_TRIPLES):
        o = quad.object
        key = (quad.predicate.value, o.value if quad.predicate.value == str(RDF.type)
               else type(o).__name__ + (o.datatype.value if isinstance(o, ox.Literal) else ""))
        if key in seen:
            continue
        seen.add(key)
        obj = (URIRef(o.value) if isinstance(o, ox.NamedNode) else
               Literal(o.value, lang=o.language) if o.language else
               Literal(o.value, datatype=URIRef(o.datatype.value)))
        graph.add((URIRef(quad.subject.value), URIRef(quad.predicate.value), obj))
    return graph


# --- the structural check ---------------------------------------------------------------------

def test_the_ontology_is_owl2_dl():
    assert dl_problems(load_ontology()) == []


def test_the_minimal_build_is_owl2_dl(minimal_build):
    assert dl_problems(Graph().parse(minimal_build / "survkg.nt", format="nt")) == []


def test_the_shipped_build_is_owl2_dl(shipped_build):
    assert dl_problems(one_of_each(shipped_build / "survkg.nt")) == []


def test_the_check_finds_what_reasoners_reject():
    ex = "https://example.org/"
    graph = load_ontology()
    for s, p, o in (
        ("x", f"{SK_URI}year", Literal("2019", datatype=XSD.gYear)),  # not in the datatype map
        ("x", f"{ex}undeclared", Literal("a")),
        ("x", f"{SK_URI}supplier", Literal("text")),  # an object property
        ("x", f"{SK_URI}quote", URIRef(f"{ex}y")),  # a datatype property
    ):
        graph.add((URIRef(ex + s), URIRef(p), o))
    graph.add((URIRef(f"{ex}x"), RDF.type, URIRef(f"{ex}UndeclaredClass")))
    graph.add((URIRef(f"{ex}p"), RDF.type, OWL.Class))
    graph.add((URIRef(f"{ex}p"), RDF.type, OWL.ObjectProperty))  # punning a class and a property
    graph.add((URIRef(f"{ex}d"), RDF.type, OWL.DatatypeProperty))
    graph.add((URIRef(f"{ex}d"), RDFS.range, XSD.date))
    found = "\n".join(dl_problems(graph))
    for expected in ("year has a literal of http://www.w3.org/2001/XMLSchema#gYear",
                     "property https://example.org/undeclared is not declared",
                     "object property https://w3id.org/survkg/ontology#supplier has a literal",
                     "datatype property https://w3id.org/survkg/ontology#quote has an IRI",
                     "class https://example.org/UndeclaredClass is not declared",
                     "https://example.org/p is declared as",
                     "https://example.org/d has range http://www.w3.org/2001/XMLSchema#date"):
        assert expected in found, expected


def test_every_concept_has_one_english_pref_label():
    graph = load_ontology()
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) > 20
    for concept in concepts:
        labels = [label for label in graph.objects(concept, SKOS.prefLabel)
                  if label.language == "en"]
        assert len(labels) == 1, concept


def test_authors_publishers_and_licences_are_labelled_resources(minimal_build):
    graph = Graph().parse(minimal_build / "survkg.nt", format="nt")
    for prop, cls in ((DCTERMS.creator, DCTERMS.Agent), (DCTERMS.publisher, DCTERMS.Agent),
                      (DCTERMS.license, DCTERMS.LicenseDocument)):
        values = {o for s, o in graph.subject_objects(prop) if s.startswith(ID_URI)}
        assert values, prop  # the minimal data has each, so the check can fail
        for value in values:
            assert isinstance(value, URIRef) and (value, RDF.type, cls) in graph, value
            assert len(list(graph.objects(value, RDFS.label))) == 1, value


def test_dates_keep_their_precision_and_years_are_integers(minimal_build):
    graph = Graph().parse(minimal_build / "survkg.nt", format="nt")
    dates = {o for p in (f"{SK_URI}startDate", f"{SK_URI}endDate", DCTERMS.issued, DCTERMS.date)
             for o in graph.objects(None, URIRef(p))}
    assert {len(d) for d in dates} == {4, 7, 10}, dates  # a year, a year-month, a full date
    assert {d.datatype for d in dates} == {None}, dates  # plain strings, as given
    years = list(graph.objects(None, URIRef(f"{SK_URI}year")))
    assert years and {y.datatype for y in years} == {XSD.integer}


# --- owlready2 and HermiT ---------------------------------------------------------------------

def reason(*paths: Path) -> None:
    """Load the files into one owlready2 world and run HermiT (raises on an error or an
    inconsistent ontology, as owlready2 does)."""
    owlready2 = pytest.importorskip("owlready2", reason="owlready2 is in the test extras")
    if shutil.which("java") is None:
        pytest.skip("HermiT (owlready2's reasoner) needs Java, and `java` is not on PATH")
    world = owlready2.World()
    for path in paths:
        world.get_ontology(path.resolve().as_uri()).load()
    owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    unsatisfiable = list(world.inconsistent_classes())
    assert unsatisfiable == [], unsatisfiable


def test_hermit_accepts_the_ontology(tmp_path):
    # owlready2 reads RDF/XML or N-Triples, not Turtle.
    path = tmp_path / "survkg.nt"
    load_ontology().serialize(path, format="nt", encoding="utf-8")
    assert ONTOLOGY_TTL.exists()
    reason(path)


def test_hermit_accepts_a_built_graph(tmp_path):
    from kg.build import build

    out = tmp_path / "build"
    build(FIXTURES / "cli" / "data", out)
    reason(out / "survkg.nt")


def test_hermit_rejects_what_it_does_not_support(tmp_path):
    """The reasoner test can fail: an xsd:gYear literal (what the build wrote before) is refused."""
    path = tmp_path / "bad.nt"
    graph = load_ontology()
    graph.add((URIRef(f"{ID_URI}supply/x"), URIRef(f"{SK_URI}year"),
               Literal("2019", datatype=XSD.gYear)))
    graph.serialize(path, format="nt", encoding="utf-8")
    with pytest.raises(Exception, match="(?i)datatype"):
        reason(path)
