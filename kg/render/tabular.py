"""Query results as an aligned table, CSV, TSV or SPARQL 1.1 JSON results. Pure functions."""
from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from rdflib import XSD, BNode, Literal, URIRef

from kg.schema.ontology import ID_URI
from kg.graph.query import Result
from kg.schema.vocab import SK

_SHORT = ((ID_URI, ""), (str(SK), "sk:"))
MAX_CELL = 60


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


def render_table(result: Result) -> str:
    """Return an aligned text table; long cells are cut with an ellipsis."""
    if result.boolean is not None:
        return "yes\n" if result.boolean else "no\n"
    rows = [[_cut(cell(v)) for v in row] for row in result.rows]
    widths = [len(v) for v in result.variables]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()
    out = [line(result.variables), line(["-" * w for w in widths])]
    out += [line(row) for row in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def _delimited(result: Result, dialect: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="," if dialect == "csv" else "\t", lineterminator="\n")
    if result.boolean is not None:
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
        return buffer.getvalue()
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([cell(v).replace("\t", " ") if dialect == "tsv" else cell(v) for v in row])
    return buffer.getvalue()


def render_csv(result: Result) -> str:
    return _delimited(result, "csv")


def render_tsv(result: Result) -> str:
    return _delimited(result, "tsv")


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


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"
