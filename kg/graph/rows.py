"""SELECT rows as cells (terms in N-Triples syntax), read straight from the embedded Oxigraph
store's TSV, for the projection's bulk reads.

A cell is a term as SPARQL TSV writes it: `<iri>`, `"lexical"` (with `@lang` or `^^<type>`
after it), a bare number or boolean, a blank node, or "" when the variable is unbound. Its
first character says what it is, so a reader of a million rows needs no object per term: a
store answers a SELECT as one TSV document, cut here into cells by two C-level splits. Any
other graph (an endpoint's, an rdflib graph) goes through `kg.graph.query.run`, its terms
written as the same cells.

>>> store = ox.Store()
>>> store.add(ox.Quad(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/p"),
...                   ox.Literal('say "hi"\\n', language="en")))
>>> rows = list(select_cells(store, "SELECT ?s ?o WHERE { ?s ?p ?o }"))
>>> rows
[('<http://x/a>', '"say \\\\"hi\\\\"\\\\n"@en')]
>>> [value(text) for text in rows[0]]
['http://x/a', 'say "hi"\\n']
"""
from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Literal, URIRef

from kg.graph.query import PREFIXES, run


def select_cells(graph, text: str) -> Iterable[tuple[str, ...]]:
    """Rows of a SELECT on an rdflib graph or an endpoint, or straight from an Oxigraph store
    (the build's), each a tuple of cells, to be read once."""
    if not isinstance(graph, ox.Store):
        return [tuple(map(cell, row)) for row in run(graph, text).rows]
    header = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
    tsv = graph.query(header + text).serialize(format=ox.QueryResultsFormat.TSV).decode("utf-8")
    width = tsv.count("\t", 0, tsv.index("\n")) + 1
    # A tab or a newline inside a literal is escaped, so both end a cell; split on "\n" only,
    # never splitlines(): U+2028 and friends stay inside literals. The last cell is the empty
    # one after the final newline; the first `width` are the header.
    cells = tsv.replace("\n", "\t").split("\t")
    del cells[-1]
    return zip(*(cells[width + i::width] for i in range(width)))  # no list: tuples reused


def cell(term) -> str:
    """Return an rdflib term (or None) as the cell Oxigraph's TSV gives for it.

    A literal's datatype and language are left out (the projection reads lexical forms), and
    only backslashes are escaped, which is all `value` needs to read it back. A blank node
    keeps rdflib's name for it, as the projection always read it.
    """
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        return '"' + str(term).replace("\\", "\\\\") + '"'
    return str(term)


def value(text: str) -> str | None:
    """Return a cell's IRI, a literal's lexical form, a bare cell as it is (42, true, _:b0),
    or None for an unbound one.

    >>> value('<http://x/a>'), value('"a\\\\tb"^^<http://x/t>'), value("42"), value("")
    ('http://x/a', 'a\\tb', '42', None)
    """
    if not text:
        return None
    if text[0] == "<":
        return text[1:-1]
    return literal(text)


def literal(text: str) -> str:
    """Return a literal cell's lexical form, unescaped only when it has a backslash; any other
    cell as it is."""
    if text[0] != '"':
        return text
    lexical = text[1:text.rfind('"')]
    return _UNESCAPE.sub(_unescape, lexical) if "\\" in lexical else lexical


_UNESCAPE = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))')
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'",
          "\\": "\\"}


def _unescape(match: re.Match) -> str:
    code = match.group(1) or match.group(2)
    return chr(int(code, 16)) if code else _ECHAR[match.group(3)]
