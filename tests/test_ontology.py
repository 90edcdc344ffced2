"""ontology/survkg.ttl: every term documented, every model field and class mapped onto it, and
the built graph using each property as the ontology declares it."""
from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import OWL

from kg.records.models import MODELS, ORG_KINDS, Claim
from kg.schema.ontology import SK_URI, load_ontology
from kg.graph.rdf import term
from kg.schema.vocab import SK

ONTOLOGY = load_ontology()
SK_TERMS = sorted(s for s in set(ONTOLOGY.subjects()) if str(s).startswith(SK_URI))
PROPERTIES = {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
FIELDS = [(model, name, info) for model in MODELS for name, info in model.model_fields.items()]


def local(iri) -> str:
    return str(iri)[len(SK_URI):]


@pytest.mark.parametrize("iri", SK_TERMS, ids=local)
def test_every_term_has_one_english_label_and_comment(iri):
    for predicate in (RDFS.label, RDFS.comment):
        values = list(ONTOLOGY.objects(iri, predicate))
        assert len(values) == 1, f"sk:{local(iri)} needs one {predicate.n3(ONTOLOGY.namespace_manager)}"
        assert values[0].language == "en" and str(values[0]).strip()


def test_every_sk_term_the_ontology_mentions_is_defined():
    mentioned = {o for o in ONTOLOGY.objects() if isinstance(o, URIRef) and str(o).startswith(SK_URI)}
    assert mentioned <= set(SK_TERMS), sorted(map(local, mentioned - set(SK_TERMS)))


@pytest.mark.parametrize("model, name, info", FIELDS,
                         ids=[f"{m.KIND}.{n}" for m, n, _ in FIELDS])
def test_every_field_term_resolves_and_is_a_declared_property(model, name, info):
    extra = info.json_schema_extra
    iri = term(extra["term"])
    if not str(iri).startswith(SK_URI):
        return  # rdf, rdfs, skos, dcterms, org: closed rdflib namespaces, checked by term()
    kinds = set(ONTOLOGY.objects(iri, RDF.type))
    assert kinds & PROPERTIES, f"{extra['term']} is not a property"
    # A reference, a country, a concept or an evidence node becomes an IRI; the rest literals.
    makes_iri = bool(extra.get("ref")) or extra["term"] in (
        "sk:country", "sk:homeCountry", "sk:countryOfOrigin", "sk:member", "sk:exportingCountry",
        "sk:technology",
        "sk:instrument", "sk:strength", "sk:evidence", "sk:completeListOf")
    wanted = OWL.ObjectProperty if makes_iri else OWL.DatatypeProperty
    assert wanted in kinds, f"{model.__name__}.{name}: {extra['term']} should be {wanted}"


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.KIND)
def test_every_model_class_is_an_ontology_class(model):
    assert (SK[model.CLASS], RDF.type, OWL.Class) in ONTOLOGY


def test_every_organisation_kind_is_a_kind_of_organisation():
    for cls in ORG_KINDS.values():
        assert SK.Organization in set(ONTOLOGY.transitive_objects(SK[cls], RDFS.subClassOf))


# kg.records.models.Standard carries evidence like a claim but the ontology models a standard as an
# entity (prov:Entity), not a sk:Claim; the evidence query in test_build.py covers it apart.
NOT_CLAIMS_IN_THE_ONTOLOGY = {"Standard"}


def test_claim_models_are_claims_in_the_ontology():
    for model in MODELS:
        is_claim = SK.Claim in set(ONTOLOGY.transitive_objects(SK[model.CLASS], RDFS.subClassOf))
        expected = issubclass(model, Claim) and model.CLASS not in NOT_CLAIMS_IN_THE_ONTOLOGY
        assert is_claim == expected, model.CLASS


# --- the built minimal graph uses every property as declared -------------------------------

@pytest.fixture(scope="module")
def built(minimal_build) -> Graph:
    return Graph().parse(minimal_build / "survkg.nt", format="nt")


def is_a(graph: Graph, node, cls) -> bool:
    return any(cls in set(graph.transitive_objects(t, RDFS.subClassOf))
               for t in graph.objects(node, RDF.type))


SK_PROPERTIES = sorted(p for p in SK_TERMS
                       if set(ONTOLOGY.objects(p, RDF.type)) & {OWL.ObjectProperty,
                                                                 OWL.DatatypeProperty})
@pytest.mark.parametrize("prop", SK_PROPERTIES, ids=local)
def test_built_graph_respects_domain_range_and_property_kind(built, prop):
    kinds = set(ONTOLOGY.objects(prop, RDF.type))
    for subject, value in built.subject_objects(prop):
        if OWL.ObjectProperty in kinds:
            assert isinstance(value, URIRef), (subject, value)
        else:
            assert isinstance(value, Literal), (subject, value)
        for domain in ONTOLOGY.objects(prop, RDFS.domain):
            assert is_a(built, subject, domain), f"{subject} is no {local(domain)}"
        for range_ in ONTOLOGY.objects(prop, RDFS.range):
            if isinstance(value, Literal):
                assert (value.datatype or XSD.string) == range_, (subject, value)
            else:
                assert is_a(built, value, range_), f"{value} is no {range_}"
