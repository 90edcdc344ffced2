"""Records to RDF: one triple set per record, driven by each field's declared ontology term.

Nothing here knows about a particular record kind except through `kg.records.models`: a field's `term`
says which predicate it becomes and its `ref` says that the value is another record's IRI.
Shortcut edges (sk:supplies, sk:memberOf, sk:restrictedBy) and generated claim labels are
derived here and never entered by hand. A source's authors, publisher and licence become labelled
nodes (dcterms:Agent, dcterms:LicenseDocument); dates stay plain strings, as precise as given.
"""
from __future__ import annotations

import hashlib
import re
from decimal import Decimal
from functools import lru_cache
from itertools import islice
from typing import Callable, Iterator
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, Graph, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, SKOS

from kg.graph.labels import claim_label
from kg.records.cache import RecordCache, ids_key
from kg.records.countries import country_name, is_country_code
from kg.records.dataset import Dataset
from kg.records.models import ANY, ORG_KINDS, Claim, Record
from kg.schema.ontology import ID_URI, ONTOLOGY_TTL
from kg.schema.vocab import INSTRUMENTS, SK, STRENGTHS, TECHNOLOGIES

Triple = tuple[str, str, str]  # N-Triples terms

_PREFIXES = {"sk": SK, "rdfs": RDFS, "rdf": RDF, "skos": SKOS, "dcterms": DCTERMS,
             "org": ORG, "prov": PROV}
_COUNTRY_TERMS = {"sk:country", "sk:homeCountry", "sk:member", "sk:exportingCountry",
                  "sk:countryOfOrigin"}
_CONCEPTS = {"sk:technology": TECHNOLOGIES, "sk:instrument": INSTRUMENTS,
             "sk:strength": STRENGTHS, "sk:completeListOf": INSTRUMENTS}
# Who made or published a source, and its licence, are resources with a label (so a reader can
# tell them from text and link them), not strings: see _named_node.
_NAMED_TERMS = {"dcterms:creator": ("agent", DCTERMS.Agent),
                "dcterms:publisher": ("agent", DCTERMS.Agent),
                "dcterms:license": ("licence", DCTERMS.LicenseDocument)}


def term(curie: str) -> URIRef:
    """Return the IRI for a CURIE such as 'sk:supplier' (closed namespace: typos raise)."""
    prefix, local = curie.split(":", 1)
    return _PREFIXES[prefix][local]


def decimal_text(value: Decimal) -> str:
    """The canonical decimal lexical form, always with a point: 170000000 -> "170000000.0".

    Turtle writes a decimal as a bare number, which needs the point; without it the lexical
    form in survkg.ttl ("170000000.0") would differ from survkg.nt and the store ("170000000").
    """
    text = format(value, "f")
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return f"{text}.0" if "." not in text else text


# --- N-Triples, written directly -------------------------------------------------------------
# The build writes N-Triples text from the records without making rdflib terms (10x faster;
# PERF-NOTES.md): an IRI is "<...>", a literal '"..."' with an optional "^^<datatype>".

_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r",
            **{c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F, 0x2028, 0x2029)
               if c not in (ord("\n"), ord("\r"))}}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f\u2028\u2029]')


def nt_literal(text: str, datatype: str | None = None) -> str:
    """Return a literal in N-Triples; U+2028/U+2029 escaped too (Oxigraph rejects them raw)."""
    if _NEEDS_ESCAPE.search(text):
        text = text.translate(_ESCAPES)
    return f'"{text}"^^<{datatype}>' if datatype else f'"{text}"'


def _iri(text: str) -> str:
    return f"<{text}>"


_TYPE, _LABEL = _iri(RDF.type), _iri(RDFS.label)
_ID = ID_URI


@lru_cache(maxsize=None)
def _sk(name: str) -> str:
    """The N-Triples IRI of an ontology term: the closed namespace makes a new URIRef at each
    lookup (a million triples name a few dozen terms 400k times: 0.2 s of to_nt's 1.1)."""
    return _iri(SK[name])


def to_nt(dataset: Dataset, with_ontology: bool = True,
          cache: RecordCache | None = None,
          each: Callable[[str], None] | None = None) -> list[str]:
    """Return the dataset's graph as N-Triples lines, sorted and without duplicates.

    Made one record file at a time: with the build's `cache`, a file's triples from the
    previous build are reused while the file, every record's id and kind, and the names its
    generated labels took are unchanged (kg/records/cache.py), and those made afresh are kept
    in it; the lines are the same either way. `each`, when given, is called with each part
    of the lines as it is made (the ontology's, each file's, the countries'), joined by
    newlines: together, the same triples, some more than once. A file's text is made once,
    for `each` and the cache.
    """
    # Each file's lines are kept sorted (and so cached): sorting their concatenation then
    # merges a few long runs, which Python's sort does in a fraction of the time a shuffled
    # million lines take (1M triples from the cache: 2.4 s -> 0.5 s). Duplicates are adjacent
    # then: each line is kept unless the next is the same.
    lines: list[str] = sorted(ontology_nt()) if with_ontology else []
    if each is not None:
        each("\n".join(lines))
    countries: set[str] = set()
    ids = ids_key(dataset.all()) if cache is not None else ""
    for path, records in dataset.by_file.items():
        reused = cache.triples(path, ids, dataset.index) if cache is not None else None
        if reused is None:
            made: set[str] = set()
            used: set[str] = set()
            part = sorted([f"{s} {p} {o} ." for record in records
                           for s, p, o in record_triples(record, dataset, made, used)])
            text = "\n".join(part) if cache is not None or each is not None else ""
            if cache is not None:
                cache.put_triples(path, ids, text, len(part), made, used, dataset.index)
            reused = (part, made, text)
        lines += reused[0]
        countries |= reused[1]
        if each is not None:
            each(reused[2])
    made = []
    for code in sorted(countries):
        iri = _iri(f"{_ID}country/{code}")
        made += [f"{iri} {_TYPE} {_iri(SK.Country)} .",
                 f"{iri} {_LABEL} {nt_literal(country_name(code))} .",
                 f"{iri} {_iri(SK.identifier)} {nt_literal(code)} ."]
    made.sort()
    if each is not None:
        each("\n".join(made))
    lines += made
    lines.sort()
    unique = [line for line, after in zip(lines, islice(lines, 1, None)) if line != after]
    return unique + lines[-1:]


@lru_cache(maxsize=1)
def ontology_nt() -> tuple[str, ...]:
    """The ontology's triples as N-Triples lines (parsed once per process, by Oxigraph: the
    same lines as rdflib's parser and writer gave, in 1 ms instead of 60-200 ms)."""
    triples = ox.parse(path=str(ONTOLOGY_TTL), format=ox.RdfFormat.TURTLE)
    text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    # A raw U+2028/U+2029 inside a literal would end a line for str.splitlines(): escaped, as
    # N-Triples allows, to mean the same text.
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return tuple(line for line in text.split("\n") if line.strip())


def to_graph(dataset: Dataset, with_ontology: bool = True) -> Graph:
    """Return the RDF graph of the dataset (plus the ontology, so labels travel with it)."""
    graph = Graph()
    graph.parse(data="\n".join(to_nt(dataset, with_ontology)), format="nt")
    for prefix, namespace in _PREFIXES.items():
        graph.bind(prefix, str(namespace) if prefix != "rdf" else str(RDF))
    graph.bind("id", ID_URI)
    return graph


# How record_triples makes a field's objects: text as a plain literal (a value that is a string;
# a flag or a number goes through _object), another record's IRI, or anything through _object.
# _SPECIAL: the terms _object makes otherwise than by the field's type (keep the two together).
_TEXT, _REF, _OTHER = 0, 1, 2
_SPECIAL = {"rdf:type", "sk:year", "sk:url", *_COUNTRY_TERMS, *_CONCEPTS, *_NAMED_TERMS}


@lru_cache(maxsize=None)
def _field_plan(model: type[Record]) -> tuple[tuple[str, str, str, tuple | None, int], ...]:
    """(field name, CURIE, predicate in N-Triples, ref kinds, how its objects are made) of a
    model's fields but evidence."""
    plan = []
    for name, info in model.model_fields.items():
        if name == "evidence":
            continue
        extra = info.json_schema_extra or {}
        curie, ref = extra["term"], extra.get("ref")
        how = (_OTHER if curie in _SPECIAL or (ref and ANY in ref) else _REF if ref
               else _TEXT)
        plan.append((name, curie, _iri(term(curie)), ref, how))
    return tuple(plan)


_EVIDENCE_TERMS = tuple((name, _iri(SK[name])) for name in ("quote", "summary", "locator", "row"))
_P_EVIDENCE_KIND = _iri(SK.evidenceKind)
_P_EVIDENCE, _P_DERIVED, _P_SOURCE = _iri(SK.evidence), _iri(PROV.wasDerivedFrom), _iri(SK.source)
_EVIDENCE_CLASS = _iri(SK.Evidence)


def record_triples(record: Record, dataset: Dataset, countries: set[str],
                   used: set[str] | None = None) -> Iterator[Triple]:
    """Yield the triples (in N-Triples syntax) of one record; note its countries in `countries`
    and, when given, the ids of the records whose names its label took in `used`."""
    subject_text = f"{_ID}{record.SEGMENT}/{record.id}"
    subject = _iri(subject_text)
    yield subject, _TYPE, _sk(record.CLASS)
    index = dataset.index
    for name, curie, predicate, ref, how in _field_plan(type(record)):
        value = getattr(record, name)
        if value is None or value == []:
            continue
        for item in value if isinstance(value, list) else (value,):
            # The two commonest kinds inline (400k objects at 1M triples), as _object makes them
            if how == _TEXT and item.__class__ is str:
                yield subject, predicate, (f'"{item}"' if _NEEDS_ESCAPE.search(item) is None
                                           else nt_literal(item))
                continue
            if how == _REF:
                yield subject, predicate, _ref(index[item])
                continue
            obj = _object(curie, ref, item, dataset, countries)
            yield subject, predicate, obj
            if curie in _NAMED_TERMS:
                yield obj, _TYPE, _iri(_NAMED_TERMS[curie][1])
                yield obj, _LABEL, nt_literal(item)
    for i, evidence in enumerate(record.__dict__.get("evidence") or (), start=1):
        node = _iri(f"{subject_text}/evidence/{i}")
        source = _ref(index[evidence.source])
        yield subject, _P_EVIDENCE, node
        yield subject, _P_DERIVED, source
        yield node, _TYPE, _EVIDENCE_CLASS
        yield node, _P_SOURCE, source
        for field_name, predicate in _EVIDENCE_TERMS:
            text = getattr(evidence, field_name)
            if text:
                yield node, predicate, nt_literal(text)
        if evidence.kind:  # so SPARQL tells a quote from a summary without testing each field
            yield node, _P_EVIDENCE_KIND, nt_literal(evidence.kind)
    yield from _derived(record, subject, dataset, countries, used)


def _ref(record: Record) -> str:
    return f"<{_ID}{record.SEGMENT}/{record.id}>"


def _country(code: str) -> str:
    return f"<{_ID}country/{code}>"


def named_node(curie: str, text: str) -> str:
    """Return the IRI (N-Triples) of the agent or licence a source names by `text`.

    One IRI per distinct text, so two sources naming the same publisher share its node and two
    different names never merge: an agent's name percent-encoded (readable), a licence statement
    (a sentence, often) by a hash of its text.
    """
    segment = _NAMED_TERMS[curie][0]
    if segment == "agent":
        return _iri(f"{_ID}agent/{quote(text, safe='')}")
    return _iri(f"{_ID}licence/{hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]}")


def _object(curie: str, ref, value, dataset: Dataset, countries: set[str]) -> str:
    if curie == "rdf:type":
        return _sk(ORG_KINDS[value])
    if curie in _COUNTRY_TERMS or (ref and ANY in ref and is_country_code(value)):
        countries.add(value)
        return _country(value)
    if ref:
        return _ref(dataset.index[value])
    if curie in _CONCEPTS:
        return _sk(_CONCEPTS[curie][value])
    if curie in _NAMED_TERMS:
        return named_node(curie, value)
    if curie == "sk:year":  # an integer: OWL 2 reasoners reject xsd:gYear
        return nt_literal(str(int(value)), XSD.integer)
    if curie == "sk:url":
        return nt_literal(value, XSD.anyURI)
    if isinstance(value, bool):
        return nt_literal("true" if value else "false", XSD.boolean)
    if isinstance(value, Decimal):
        return nt_literal(decimal_text(value), XSD.decimal)
    # Text, and dates as given ("2019", "2019-10", "2019-10-09"): plain strings. A date's form is
    # its precision; OWL 2 has no xsd:date or xsd:gYear (ontology/survkg.ttl, at sk:startDate).
    return nt_literal(value)


def _derived(record: Record, subject: str, dataset: Dataset, countries: set[str],
             used: set[str] | None):
    # Fields a kind may lack are read from the record's __dict__: getattr with a default goes
    # through pydantic's __getattr__ and an exception for each record that lacks them.
    fields = record.__dict__
    kind = record.KIND
    if kind == "organizations":
        yield subject, _TYPE, _sk("Organization")
    if kind in ("supplies", "deals"):
        for vendor in (*record.suppliers, *(fields.get("contractors") or ())):
            yield _ref(dataset.index[vendor]), _sk("supplies"), _country(record.country)
    elif kind == "memberships":
        yield (_country(record.member), _sk("memberOf"),
               _ref(dataset.index[record.initiative]))
    elif kind == "restrictions":
        yield (_ref(dataset.index[record.target]), _sk("restrictedBy"),
               _sk(INSTRUMENTS[record.instrument]))
    elif kind == "links":
        yield from _link_triples(record, dataset)
    if isinstance(record, Claim) and fields.get("label") is None:
        yield subject, _LABEL, nt_literal(claim_label(record, dataset, used))


def _link_triples(link, dataset: Dataset):
    """What a reviewed link means for the claims it joins, as plain triples to query by.

    `finances` gives the same sk:finances triple a curated financing record writes, so every
    query and the projection follow a link made for an imported record (which its importer
    cannot know) exactly as they follow a curated one.
    """
    claims = [_ref(dataset.index[c]) for c in link.claims]
    if link.relation == "same-as":
        for a in claims:
            for b in claims:
                if a != b:
                    yield a, _sk("sameFactAs"), b
    elif link.relation in ("part-of", "finances"):
        predicate = _sk("partOf" if link.relation == "part-of" else "finances")
        for claim in claims:
            yield claim, predicate, _ref(dataset.index[link.target])
