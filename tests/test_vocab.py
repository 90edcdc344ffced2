"""kg/schema/vocab.py: generated from the ontology, never stale, closed (a typo raises)."""
from __future__ import annotations

import pytest
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import OWL, SKOS

from kg.schema import vocab
from kg.records.models import MODELS, Evidence
from kg.schema.ontology import SK_URI, VOCAB_PY, load_ontology, render_vocab
from kg.graph.rdf import term
from kg.schema.vocab import DERIVED, INSTRUMENTS, SK, TECHNOLOGIES


def test_vocab_module_is_up_to_date_with_the_ontology():
    current = VOCAB_PY.read_text(encoding="utf-8")
    assert current == render_vocab(), (
        "kg/schema/vocab.py is stale: run `python scripts/gen_vocab.py` and commit the result")


def test_a_new_ontology_term_changes_the_rendered_vocab():
    graph = load_ontology()
    graph.add((URIRef(SK_URI + "Tender"), RDF.type, OWL.Class))  # a term not in SK yet
    rendered = render_vocab(graph)
    assert '    "Tender",' in rendered and rendered != VOCAB_PY.read_text(encoding="utf-8")


def test_the_rendered_vocab_is_the_module():
    namespace: dict = {}
    exec(compile(render_vocab(), "vocab", "exec"), namespace)
    assert namespace["TECHNOLOGIES"] == TECHNOLOGIES
    assert namespace["INSTRUMENTS"] == INSTRUMENTS
    assert namespace["DERIVED"] == DERIVED
    assert namespace["CLASSES"] == vocab.CLASSES


@pytest.mark.parametrize("curie", [
    "sk:suplier", "sk:Suply", "sk:evidences", "rdf:tpye", "rdfs:lable", "dcterms:titel",
    "skos:nte", "org:subOrganisationOf", "prov:wasDerivedFromm",
])
def test_a_misspelled_term_raises(curie):
    with pytest.raises((AttributeError, KeyError)):
        term(curie)


def test_sk_is_closed_for_attributes_and_items():
    assert SK.supplier == SK["supplier"]
    with pytest.raises(AttributeError):
        SK.suplier  # noqa: B018
    with pytest.raises(KeyError):
        SK["Suply"]


def test_concept_codes_name_concepts_of_their_scheme():
    ontology = load_ontology()
    for codes, scheme in ((TECHNOLOGIES, SK.TechnologyScheme), (INSTRUMENTS, SK.InstrumentScheme)):
        concepts = set(ontology.subjects(SKOS.inScheme, scheme))
        assert {SK[name] for name in codes.values()} == concepts
        for code, name in codes.items():
            assert (SK[name], RDF.type, SKOS.Concept) in ontology
            assert ontology.value(SK[name], SKOS.notation) == Literal(code)


def test_derived_properties_are_never_fields_of_a_record():
    assert DERIVED == ("evidenceKind", "memberOf", "partOf", "restrictedBy", "sameFactAs", "supplies")
    terms = {(info.json_schema_extra or {})["term"]
             for model in (*MODELS, Evidence) for info in model.model_fields.values()}
    assert not terms & {f"sk:{name}" for name in DERIVED}
