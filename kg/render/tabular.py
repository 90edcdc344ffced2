"""Query results as a table, CSV, TSV or SPARQL 1.1 JSON results. Pure functions.

CSV and TSV follow the W3C "SPARQL 1.1 Query Results CSV and TSV Formats": CSV gives each term
as a plain string (full IRIs, a literal's lexical form, `_:b` for a blank node; RFC 4180
quoting, CRLF line ends); TSV gives each term in Turtle / N-Triples syntax (`<iri>`, `"text"`,
`"text"@lang`, `"1999"^^<datatype>`, bare integers and decimals) under a `?var` header. With
`short=True` both give the table's short forms instead (`kind/id`, `sk:term`, plain values),
for spreadsheets: a cell a spreadsheet would run as a formula (`=`, `+`, `@`, a tab or CR first,
`-` not before a number) gets a leading apostrophe (kg.render.cells.spreadsheet_safe). The W3C
forms keep every value exact, as the standard says; `formula_cells` counts what a spreadsheet
would run there, for the CLI to say so.
"""
from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal

from rdflib import XSD, BNode, Literal, URIRef

from kg.schema.ontology import ID_URI
from kg.graph.query import Result
from kg.render.cells import formula_like, spreadsheet_safe, table
from kg.schema.vocab import SK

_SHORT = ((ID_URI, ""), (str(SK), "sk:"))
# Turtle's own forms for numbers (its INTEGER, DECIMAL and DOUBLE productions): a TSV may
# write these literals bare, as SPARQL engines do.
_BARE = {XSD.integer: re.compile(r"[+-]?\d+"), XSD.decimal: re.compile(r"[+-]?\d*\.\d+"),
         XSD.double: re.compile(r"[+-]?(\d+\.\d*|\.?\d+)[eE][+-]?\d+")}
_ECHAR = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def cell(term) -> str:
    """Return a term as plain text: IRIs shortened to kind/id, literals as their value."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, short in _SHORT:
            if text.startswith(prefix):
                return short + text[len(prefix):]
        return text
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, Decimal):
            return format(value.normalize(), "f") if value == value.to_integral() else str(value)
        return str(term)
    return str(term)


def render_table(result: Result, width: int | None = None) -> str:
    """Return a table of short forms whose columns wrap within `width` (kg.render.terminal)."""
    if result.boolean is not None:
        return "yes\n" if result.boolean else "no\n"
    rows = [[cell(v) for v in row] for row in result.rows]
    lines = table(list(result.variables), rows, width)
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def render_csv(result: Result, short: bool = False) -> str:
    """Return SPARQL 1.1 Results CSV: variable names, then plain strings (full IRIs)."""
    buffer = io.StringIO()
    # QUOTE_MINIMAL quotes a field holding a comma, a quote, CR or LF, doubling its quotes.
    writer = csv.writer(buffer, lineterminator="\r\n")
    if result.boolean is not None:
        writer.writerows([["boolean"], ["true" if result.boolean else "false"]])
        return buffer.getvalue()
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([spreadsheet_safe(cell(v)) if short else _plain(v) for v in row])
    return buffer.getvalue()


def render_tsv(result: Result, short: bool = False) -> str:
    """Return SPARQL 1.1 Results TSV: `?var` names, then terms in Turtle syntax."""
    if result.boolean is not None:
        return f"?boolean\n{'true' if result.boolean else 'false'}\n"
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    for row in result.rows:
        lines.append("\t".join(_short_tsv(v) if short else _turtle(v) for v in row))
    return "\n".join(lines) + "\n"


def formula_cells(result: Result) -> int:
    """Return how many values of the result a spreadsheet would run as a formula."""
    return sum(1 for row in result.rows for v in row
               if isinstance(v, Literal) and formula_like(str(v)))


def _plain(term) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)  # an IRI in full, a literal's lexical form


def _turtle(term) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    lexical = str(term)
    if term.datatype in _BARE and _BARE[term.datatype].fullmatch(lexical):
        return lexical
    quoted = '"' + lexical.translate(_ECHAR) + '"'
    if term.language:
        return f"{quoted}@{term.language}"
    if term.datatype and term.datatype != XSD.string:
        return f"{quoted}^^<{term.datatype}>"
    return quoted


def _short_tsv(term) -> str:
    # The short form keeps the TSV one row a line: tabs and line breaks become spaces.
    text = " ".join(cell(term).split("\t")).replace("\r", " ").replace("\n", " ")
    return spreadsheet_safe(text)


def render_json(result: Result) -> str:
    """Return SPARQL 1.1 Query Results JSON (full IRIs, typed literals)."""
    if result.boolean is not None:
        document = {"head": {}, "boolean": result.boolean}
    else:
        bindings = [
            {var: _json_term(value) for var, value in zip(result.variables, row) if value is not None}
            for row in result.rows
        ]
        document = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _json_term(term) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and term.datatype != XSD.string:  # simple literals carry no datatype
        out["datatype"] = str(term.datatype)
    return out

