"""SELECT rows read straight from the embedded Oxigraph store, for the projection's bulk reads.

A store answers a SELECT as one SPARQL TSV document, split here: a million rows in a few
seconds, where one Python object per solution and term took four times longer. Any other graph
(an endpoint's, an rdflib graph) goes through `kg.graph.query.run`.
"""
from __future__ import annotations

import re

import pyoxigraph as ox

from kg.graph.query import PREFIXES, run


def select_rows(graph, text: str, iris: int = 0) -> list[tuple]:
    """Rows of a SELECT on an rdflib graph, or straight from an Oxigraph store (the build's).

    The first `iris` columns are always IRIs and come back as plain str; in the others an
    IRI is an `Iri`, a literal its lexical form (a str), an unbound variable None.
    """
    if not isinstance(graph, ox.Store):
        return run(graph, text).rows
    header = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
    tsv = graph.query(header + text).serialize(format=ox.QueryResultsFormat.TSV)
    rows = []
    for line in tsv.decode("utf-8").split("\n")[1:]:  # not splitlines(): U+2028 in literals
        if line:
            cells = line.split("\t")
            rows.append((*[c[1:-1] for c in cells[:iris]],
                         *[Iri(c[1:-1]) if c[:1] == "<" else term(c) for c in cells[iris:]]))
    return rows


class Iri(str):
    """An IRI read from Oxigraph: a str that says it is an IRI (a URIRef costs 10x more)."""

    __slots__ = ()


_UNESCAPE = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))')
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'",
          "\\": "\\"}


def term(text: str):
    """One TSV term (N-Triples syntax, numbers and booleans bare) as Iri, str or None."""
    if not text:
        return None
    if text[0] == "<":
        return Iri(text[1:-1])
    if text[0] == '"':
        lexical = text[1:text.rfind('"')]
        return _UNESCAPE.sub(_unescape, lexical) if "\\" in lexical else lexical
    return text  # 42, true, or a blank node _:b0


def _unescape(match: re.Match) -> str:
    code = match.group(1) or match.group(2)
    return chr(int(code, 16)) if code else _ECHAR[match.group(3)]
