"""JSON-LD: the whole graph, compact, with a `@context` that makes it readable in a notebook.

Keys are short: a survkg property by its name (`source`, `evidence`, `supplier`, through
`@vocab`), a reused one by its local name where no survkg property has it (`label` for
rdfs:label, `title`, `wasDerivedFrom`), else as `prefix:name` (`dcterms:identifier`, as survkg
has its own `identifier`). Entities are written relative to `@base` (`org/huawei`), classes by
name (`Company`, `org:Organization`). A property whose values are all entities, or all of one
datatype, says so once in the context (`"@type": "@id"`, `"@type": "xsd:date"`), so its values
are plain strings; the others keep JSON-LD value objects. The context is read from the graph,
so it names only what is used. One node a line, subjects sorted, values sorted: the same
build gives the same bytes, and every JSON-LD processor (rdflib, pyld) reads back the build's
triples.

>>> short_key("http://www.w3.org/2000/01/rdf-schema#label", set())
'label'
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from kg.exporters.rdffile import nt_path
from kg.graph.query import PREFIXES

SUFFIX, FOLDER = ".jsonld", False
SK = PREFIXES["sk"]
BASE = PREFIXES["id"]
XSD_STRING = PREFIXES["xsd"] + "string"
RDF_TYPE = PREFIXES["rdf"] + "type"
# The vocabularies the graph reuses, by the prefixes the README and the queries use.
CONTEXT_PREFIXES = {k: v for k, v in sorted({**PREFIXES, "owl": "http://www.w3.org/2002/07/owl#",
                                             "schema": "https://schema.org/"}.items())
                    if k != "id"}
_UNSAFE = set(":/#?[]@ ")


def _split(iri: str) -> tuple[str, str] | None:
    """Return (prefix, local name) for an IRI in a known vocabulary, or None."""
    for prefix, ns in CONTEXT_PREFIXES.items():
        if iri.startswith(ns) and iri[len(ns):]:
            return prefix, iri[len(ns):]
    return None


def _safe(local: str) -> bool:
    return bool(local) and not (_UNSAFE & set(local))


def short_key(iri: str, taken: set[str]) -> str:
    """Return a property's key: its local name when free (and not a prefix), else
    prefix:name, else the IRI itself."""
    split = _split(iri)
    if split is None or not _safe(split[1]):
        return iri
    prefix, local = split
    if local not in taken and local not in CONTEXT_PREFIXES and not local.startswith("@"):
        return local
    return f"{prefix}:{local}"


def compact_iri(iri: str, classes: bool = False) -> str:
    """Return an IRI as the context writes it: relative to @base for entities, vocabulary
    terms as `prefix:name` (a survkg class by its name when `classes`), else in full."""
    if iri.startswith(BASE) and _relative_ok(iri[len(BASE):]):
        return iri[len(BASE):]
    split = _split(iri)
    if split and _safe(split[1]):
        return split[1] if classes and split[0] == "sk" else f"{split[0]}:{split[1]}"
    return iri


def _relative_ok(rest: str) -> bool:
    # A relative reference that resolves back to BASE + rest: no scheme-like colon, no
    # leading / ? # or dot segment.
    return bool(rest) and ":" not in rest.split("/")[0] and rest[0] not in "/?#." \
        and "/." not in rest


def _profile(value: ox.NamedNode | ox.Literal | ox.BlankNode) -> str:
    if isinstance(value, ox.Literal):
        if value.language:
            return "@language"
        return value.datatype.value
    return "@id"


def context(triples: list) -> tuple[dict, dict]:
    """Return the @context for these triples and the key of each property IRI."""
    kinds: dict[str, set[str]] = defaultdict(set)
    for triple in triples:
        if triple.predicate.value != RDF_TYPE or isinstance(triple.object, ox.Literal):
            kinds[triple.predicate.value].add(_profile(triple.object))
    keys: dict[str, str] = {}
    taken: set[str] = set()
    # survkg's own properties first: they are the graph's, and @vocab gives them their name.
    for iri in sorted(kinds, key=lambda i: (not i.startswith(SK), i)):
        keys[iri] = short_key(iri, taken)
        taken.add(keys[iri])
    ctx: dict = {"@vocab": SK, "@base": BASE, **CONTEXT_PREFIXES}
    terms: dict = {}
    for iri, key in keys.items():
        (kind,) = kinds[iri] if len(kinds[iri]) == 1 else (None,)
        coerce = kind if kind not in (None, "@language", XSD_STRING) else None
        by_vocab = iri.startswith(SK) and key == iri[len(SK):]
        if coerce is None and (by_vocab or ":" in key):
            continue  # the key itself expands to the IRI
        term = {"@id": compact_iri(iri)}
        if coerce:
            term["@type"] = coerce if coerce == "@id" else compact_iri(coerce)
        terms[key] = term if coerce else term["@id"]
    ctx.update(sorted(terms.items()))
    coerced = {iri for iri, key in keys.items()
               if isinstance(terms.get(key), dict) and "@type" in terms[key]}
    return ctx, {iri: (key, iri in coerced) for iri, key in keys.items()}


def _value(term, coerced: bool):
    if isinstance(term, ox.Literal):
        if coerced or (term.datatype.value == XSD_STRING and not term.language):
            return term.value
        out = {"@value": term.value}
        if term.language:
            out["@language"] = term.language
        else:
            out["@type"] = compact_iri(term.datatype.value)
        return out
    ident = f"_:{term.value}" if isinstance(term, ox.BlankNode) else compact_iri(term.value)
    return ident if coerced else {"@id": ident}


def _sort_key(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def node(subject, triples: list, keys: dict) -> dict:
    """Return one subject's triples as a compact JSON-LD node (`keys`: context's second
    value)."""
    terms = {key for key, _ in keys.values()}
    out: dict = {"@id": f"_:{subject.value}" if isinstance(subject, ox.BlankNode)
                 else compact_iri(subject.value)}
    values: dict[str, list] = defaultdict(list)
    for triple in triples:
        iri, obj = triple.predicate.value, triple.object
        if iri == RDF_TYPE and not isinstance(obj, ox.Literal):
            name = (f"_:{obj.value}" if isinstance(obj, ox.BlankNode)
                    else compact_iri(obj.value, classes=True))
            # A class named like a term would expand to the term's IRI: give its prefix.
            values["@type"].append(compact_iri(obj.value) if name in terms else name)
        else:
            key, coerced = keys[iri]
            values[key].append(_value(obj, coerced))
    for key in sorted(values):
        items = sorted(values[key], key=_sort_key)
        out[key] = items[0] if len(items) == 1 else items
    return out


def write(build_dir: Path, path: Path) -> None:
    """Write the build's graph as compact JSON-LD with its @context to path."""
    with open(nt_path(build_dir), "rb") as handle:
        triples = list(ox.parse(handle, format=ox.RdfFormat.N_TRIPLES))
    ctx, keys = context(triples)
    by_subject: dict = defaultdict(list)
    for triple in triples:
        by_subject[triple.subject].append(triple)
    with open(path, "w", encoding="utf-8") as out:
        out.write('{"@context": {' + ",".join(
            f"\n  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in ctx.items())
            + '},\n "@graph": [')
        separator = "\n"
        for subject in sorted(by_subject, key=lambda s: (isinstance(s, ox.BlankNode), s.value)):
            out.write(separator + json.dumps(node(subject, by_subject[subject], keys),
                                             ensure_ascii=False))
            separator = ",\n"
        out.write("\n]}\n")
