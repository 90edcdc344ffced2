"""Records to RDF: one triple set per record, driven by each field's declared ontology term.

Nothing here knows about a particular record kind except through `kg.models`: a field's `term`
says which predicate it becomes and its `ref` says that the value is another record's IRI.
Shortcut edges (sk:supplies, sk:memberOf, sk:restrictedBy) and generated claim labels are
derived here and never entered by hand.
"""
from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Iterator

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, SKOS

from kg.countries import country_name, is_country_code
from kg.dataset import Dataset
from kg.models import ANY, ORG_KINDS, Claim, Record
from kg.ontology import ID_URI, load_ontology
from kg.vocab import INSTRUMENTS, SK, TECHNOLOGIES

Triple = tuple[URIRef, URIRef, object]

_PREFIXES = {"sk": SK, "rdfs": RDFS, "rdf": RDF, "skos": SKOS, "dcterms": DCTERMS,
             "org": ORG, "prov": PROV}
_COUNTRY_TERMS = {"sk:country", "sk:homeCountry", "sk:member"}
_CONCEPTS = {"sk:technology": TECHNOLOGIES, "sk:instrument": INSTRUMENTS}
_DATE_TERMS = {"sk:startDate", "sk:endDate", "dcterms:issued", "dcterms:date"}


def term(curie: str) -> URIRef:
    """Return the IRI for a CURIE such as 'sk:supplier' (closed namespace: typos raise)."""
    prefix, local = curie.split(":", 1)
    return _PREFIXES[prefix][local]


def record_iri(record: Record) -> URIRef:
    return URIRef(f"{ID_URI}{record.SEGMENT}/{record.id}")


def country_iri(code: str) -> URIRef:
    return URIRef(f"{ID_URI}country/{code}")


def date_literal(value: str) -> Literal:
    """A year, year-month or date as the matching XSD type."""
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(value), XSD.date)
    return Literal(value, datatype=datatype)


def decimal_literal(value: Decimal) -> Literal:
    """An xsd:decimal in canonical form, always with a point: 170000000 -> "170000000.0".

    Turtle writes a decimal as a bare number, which needs the point; without it the lexical
    form in survkg.ttl ("170000000.0") would differ from survkg.nt and the store ("170000000").
    """
    text = format(value, "f")
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return Literal(f"{text}.0" if "." not in text else text, datatype=XSD.decimal)


def to_graph(dataset: Dataset, with_ontology: bool = True) -> Graph:
    """Return the RDF graph of the dataset (plus the ontology, so labels travel with it)."""
    graph = load_ontology() if with_ontology else Graph()
    for prefix, namespace in _PREFIXES.items():
        graph.bind(prefix, str(namespace) if prefix != "rdf" else str(RDF))
    graph.bind("id", ID_URI)
    countries: set[str] = set()
    for record in dataset.all():
        for triple in record_triples(record, dataset, countries):
            graph.add(triple)
    for code in sorted(countries):
        iri = country_iri(code)
        graph.add((iri, RDF.type, SK.Country))
        graph.add((iri, RDFS.label, Literal(country_name(code))))
        graph.add((iri, SK.identifier, Literal(code)))
    return graph


def record_triples(record: Record, dataset: Dataset, countries: set[str]) -> Iterator[Triple]:
    """Yield the triples of one record; note the country codes it mentions in `countries`."""
    subject = record_iri(record)
    yield subject, RDF.type, SK[record.CLASS]
    for name, info in type(record).model_fields.items():
        value = getattr(record, name)
        if value is None or value == [] or name == "evidence":
            continue
        extra = info.json_schema_extra or {}
        curie = extra["term"]
        for item in value if isinstance(value, list) else [value]:
            yield subject, term(curie), _object(curie, extra.get("ref"), item, dataset, countries)
    for i, evidence in enumerate(getattr(record, "evidence", []), start=1):
        node = URIRef(f"{subject}/evidence/{i}")
        source = record_iri(dataset.index[evidence.source])
        yield subject, SK.evidence, node
        yield subject, PROV.wasDerivedFrom, source
        yield node, RDF.type, SK.Evidence
        yield node, SK.source, source
        for field_name in ("quote", "locator", "row"):
            text = getattr(evidence, field_name)
            if text:
                yield node, SK[field_name], Literal(text)
    yield from _derived(record, subject, dataset, countries)


def _object(curie: str, ref, value, dataset: Dataset, countries: set[str]):
    if curie == "rdf:type":
        return SK[ORG_KINDS[value]]
    if curie in _COUNTRY_TERMS or (ref and ANY in ref and is_country_code(value)):
        countries.add(value)
        return country_iri(value)
    if ref:
        return record_iri(dataset.index[value])
    if curie in _CONCEPTS:
        return SK[_CONCEPTS[curie][value]]
    if curie == "sk:year":
        return Literal(value, datatype=XSD.gYear)
    if curie in _DATE_TERMS:
        return date_literal(value)
    if curie == "sk:url":
        return Literal(value, datatype=XSD.anyURI)
    if isinstance(value, Decimal):
        return decimal_literal(value)
    return Literal(value)


def _derived(record: Record, subject: URIRef, dataset: Dataset, countries: set[str]):
    kind = record.KIND
    if kind == "organizations":
        yield subject, RDF.type, SK.Organization
    if kind in ("supplies", "deals"):
        for vendor in list(record.suppliers) + list(getattr(record, "contractors", [])):
            yield record_iri(dataset.index[vendor]), SK.supplies, country_iri(record.country)
    elif kind == "memberships":
        yield country_iri(record.member), SK.memberOf, record_iri(dataset.index[record.initiative])
    elif kind == "restrictions":
        yield (record_iri(dataset.index[record.target]), SK.restrictedBy,
               SK[INSTRUMENTS[record.instrument]])
    if isinstance(record, Claim) and getattr(record, "label", None) is None:
        yield subject, RDFS.label, Literal(claim_label(record, dataset))


def claim_label(record: Claim, dataset: Dataset) -> str:
    """A readable name for a claim that has none, built from its parts."""
    def name(ref: str) -> str:
        if ref in dataset.index:
            target = dataset.index[ref]
            return getattr(target, "label", None) or getattr(target, "title", None) or ref
        return country_name(ref) if is_country_code(ref) else ref

    kind = record.KIND
    if kind == "supplies":
        return f"{', '.join(name(s) for s in record.suppliers)} supplies {name(record.country)}"
    if kind == "financing":
        lender = name(record.lender) if record.lender else "unnamed lender"
        return f"{lender} finances {name(record.country or record.borrower or '?')}"
    if kind == "memberships":
        return f"{name(record.member)} in {name(record.initiative)}"
    if kind == "restrictions":
        return f"{name(record.target)} on {_instrument_labels()[record.instrument]}"
    if kind == "ownerships":
        return f"{name(record.owner)} owns {name(record.owned)}"
    if kind == "findings":
        return f"{record.measure}: {record.value} {record.unit}"
    if kind == "observations":
        return f"{name(record.subject)}: {record.measure} = {record.value}"
    if kind == "technology_uses":
        return f"{name(record.country)} uses {record.technology}"
    return record.id


@lru_cache(maxsize=1)
def _instrument_labels() -> dict[str, str]:
    ontology = load_ontology()
    return {n: str(ontology.value(SK[t], RDFS.label)) for n, t in INSTRUMENTS.items()}
