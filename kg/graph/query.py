"""SPARQL over the built graph: named queries from kg/graph/queries/*.rq, files, or strings.

A named query's header comment gives its purpose, parameters and columns:

    # Vendors supplying the members of an initiative.
    # param initiative iri https://w3id.org/survkg/id/initiative/belt-and-road
    # columns: vendor, vendorLabel, countries

Parameters are bound as values of SPARQL variables (initBindings), never pasted into the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS

from kg.graph import terms
from kg.graph.sparql_text import check_nesting
from kg.errors import KGError
from kg.schema.ontology import ID_URI
from kg.schema.vocab import SK

QUERY_DIR = Path(__file__).resolve().parent / "queries"
# Oxigraph wants plain strings; rdflib's namespace classes are not str instances.
PREFIXES = {name: str(ns) for name, ns in {
    "sk": SK, "rdf": RDF, "rdfs": RDFS, "skos": SKOS, "dcterms": DCTERMS, "org": ORG,
    "prov": PROV, "xsd": XSD, "id": ID_URI}.items()}
PARAM_TYPES = ("iri", "string", "integer", "date")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None = None


@dataclass(frozen=True)
class NamedQuery:
    name: str
    purpose: str
    params: tuple[Param, ...]
    columns: str
    text: str


@dataclass
class Result:
    """Rows of a SELECT (or the boolean of an ASK), with the variable names in order."""

    variables: list[str]
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    boolean: bool | None = None


def parse_header(name: str, text: str) -> NamedQuery:
    """Return the named query described by the leading comment lines of `text`."""
    purpose, columns, params = "", "", []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line.lstrip("#").strip()
        if body.startswith("param "):
            parts = body.split(maxsplit=3)
            if len(parts) < 3 or parts[2] not in PARAM_TYPES:
                raise KGError(f"bad param line {body!r}: write 'param NAME TYPE [DEFAULT]'",
                              f"{name}.rq")
            params.append(Param(parts[1], parts[2], parts[3] if len(parts) > 3 else None))
        elif body.startswith("columns:"):
            columns = body.removeprefix("columns:").strip()
        elif body and not purpose:
            purpose = body
    return NamedQuery(name, purpose, tuple(params), columns, text)


def named_queries() -> dict[str, NamedQuery]:
    """Return every named query, by name (the .rq file's stem)."""
    return {p.stem: parse_header(p.stem, p.read_text(encoding="utf-8"))
            for p in sorted(QUERY_DIR.glob("*.rq"))}


def resolve(spec: str) -> NamedQuery:
    """Return a named query by name, or a query read from a .rq file path."""
    queries = named_queries()
    if spec in queries:
        return queries[spec]
    path = Path(spec)
    if path.suffix == ".rq" and path.is_file():
        return parse_header(path.stem, path.read_text(encoding="utf-8"))
    names = ", ".join(queries)
    raise KGError(f"no named query or .rq file '{spec}' (named queries: {names})")


def listing() -> list[str]:
    """Return one line per named query: name, purpose, parameters (`kg query --list`)."""
    lines = []
    for named in named_queries().values():
        args = " ".join(f"[{p.name}]" for p in named.params)
        lines.append(f"{named.name:<24} {named.purpose}" + (f"  params: {args}" if args else ""))
    return lines


def prepare(spec: str | None, expression: str | None, params=()) -> tuple[str, dict[str, Any]]:
    """Return (text, bindings) for a query name or .rq file, or an -e expression."""
    if bool(spec) == bool(expression):
        raise KGError("give one of: a query name, a .rq file, or -e SPARQL (see kg query --list)")
    named = resolve(spec) if spec else parse_header("expression", expression)
    check_nesting(named.text, spec or "the -e query")
    return named.text, bind(named, dict(split_param(p) for p in params))


def split_param(text: str) -> tuple[str, str]:
    """Return (name, value) from a `NAME=VALUE` parameter as the user typed it."""
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise KGError(f"--param {text!r}: write NAME=VALUE")
    return name.strip(), value


def bind(query: NamedQuery, values: dict[str, str]) -> dict[str, Any]:
    """Return initBindings for the given parameter values, defaults filled in."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        known = ", ".join(declared) or "none"
        raise KGError(f"query '{query.name}' has no parameter '{unknown[0]}' (parameters: {known})")
    bindings = {}
    for param in query.params:
        raw = values.get(param.name, param.default)
        if raw is not None:
            bindings[param.name] = to_term(param, raw)
    return bindings


def to_term(param: Param, raw: str):
    """Convert a parameter's text to an RDF term; `kind/id` is short for an entity IRI."""
    if param.type == "iri":
        if raw.startswith(("http://", "https://")):
            return URIRef(raw)
        if "/" in raw and " " not in raw and not raw.startswith("/"):
            return URIRef(ID_URI + raw)
        raise KGError(f"parameter '{param.name}': {raw!r} is not an IRI or kind/id "
                      f"(e.g. org/huawei, country/UGA)")
    if param.type == "integer":
        try:
            return Literal(int(raw))
        except ValueError:
            raise KGError(f"parameter '{param.name}': {raw!r} is not an integer") from None
    if param.type == "date":
        # The graph's dates are plain ISO 8601 strings as precise as their source (the ontology
        # says why), so a date parameter is one too: it compares with them as text.
        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", raw):
            raise KGError(f"parameter '{param.name}': {raw!r} is not a date "
                          f"(YYYY, YYYY-MM or YYYY-MM-DD)")
        return Literal(raw)
    return Literal(raw)


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_UNSAFE_IRI = re.compile(r'[\s<>"{}|^`\\]')


def with_values(text: str, bindings: dict[str, Any]) -> str:
    """Return the query with a VALUES block binding the parameters inside its WHERE clause.

    Oxigraph substitutes only projected variables, so parameters are bound the portable way:
    a VALUES row of RDF terms, each written by rdflib's escaping serializer (`n3()`), never a
    user's raw text.
    """
    if not bindings:
        return text
    match = _WHERE.search(text)
    if match is None:
        raise KGError("a query with parameters needs a WHERE { ... } clause")
    for name, value in bindings.items():
        if isinstance(value, URIRef) and _UNSAFE_IRI.search(str(value)):
            raise KGError(f"parameter '{name}': {str(value)!r} is not a valid IRI")
    names = " ".join(f"?{n}" for n in bindings)
    values = " ".join(v.n3() for v in bindings.values())
    block = f" VALUES ({names}) {{ ({values}) }} "
    return text[: match.end()] + block + text[match.end():]


def run(graph: Graph, text: str, bindings: dict[str, Any] | None = None) -> Result:
    """Run SPARQL text on the graph with bound parameters; raise KGError on a bad query."""
    try:
        inner = _oxigraph(graph)
        if inner is not None:
            return _run_on_oxigraph(inner, graph, with_values(text, bindings or {}))
        result = graph.query(with_values(text, bindings or {}), initNs=PREFIXES)
        if result.type == "ASK":
            return Result(variables=[], boolean=bool(result.askAnswer))
        if result.type != "SELECT":
            raise KGError("only SELECT and ASK queries are supported (use `kg export` for graphs)")
        variables = [str(v) for v in result.vars]
        return Result(variables, [tuple(row) for row in result])
    except KGError:
        raise
    except SyntaxError as exc:
        raise KGError(f"SPARQL syntax error: {str(exc).splitlines()[0]}") from None
    except Exception as exc:  # the store's parser raises its own types; one line for the user
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise KGError(f"query failed: {message}") from None


def _oxigraph(graph: Graph):
    """Return the pyoxigraph store under an rdflib graph on the embedded store, else None."""
    # `_inner` and `from_ox` (kg/graph/terms.py) are oxrdflib internals; pyproject pins
    # oxrdflib below 0.6, and test_rows_read_straight_from_oxigraph_equal_rdflibs fails if
    # either changes meaning.
    store = getattr(graph, "store", None)
    return store._inner if isinstance(store, OxigraphStore) else None


def _run_on_oxigraph(store, graph: Graph, text: str) -> Result:
    """Run a query on Oxigraph as oxrdflib would (same prefixes, the default graph), but read
    the rows as tuples and convert each distinct term to rdflib once: through rdflib's result
    objects one term cost ~8 us, which made a 3,782-row query 1.7x slower than raw Oxigraph
    (README, Benchmarks)."""
    # The store's bindings as oxrdflib passes them, without NamespaceManager.namespaces()
    # making a URIRef of each of its ~30 namespaces per query; touching namespace_manager
    # first makes rdflib bind its defaults as graph.namespaces() would.
    prefixes = dict(graph.namespace_manager.store.namespaces())
    prefixes.update(PREFIXES)
    result = store.query(text, prefixes=prefixes, default_graph=ox.DefaultGraph())
    if isinstance(result, ox.QueryBoolean):
        return Result(variables=[], boolean=bool(result))
    if not isinstance(result, ox.QuerySolutions):
        raise KGError("only SELECT and ASK queries are supported (use `kg export` for graphs)")
    variables = [v.value for v in result.variables]
    return Result(variables, terms.rows(result))
