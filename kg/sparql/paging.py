"""Reading a whole answer from an endpoint that caps its answers: the query rewritten in pages.

Servers cut large answers without an error: Virtuoso's default `ResultSetMaxRows` sends the
first 10,000 rows with status 200 (and says so only in an `X-SPARQL-MaxRows` header); a proxy
or a hosted endpoint may cut at any number and say nothing. An analysis that reads a cut answer
would report "not recorded" for what the graph holds, so the remote client
(`kg.sparql.remote.RemoteGraph`) never takes an answer that may be cut as whole: it counts the
rows the query has (`count_query`) and, when the answer holds fewer, reads it again in pages of
at most the cap (`page_query`) until it has them all, or stops with one line.

A page is the query as a sub-select, put in one total order (its own ORDER BY, then every
variable it projects, so ties cannot move rows between pages), and sliced from outside:

    SELECT * WHERE { { SELECT ... WHERE { ... } ORDER BY ... ?a ?b } } OFFSET 10000 LIMIT 10000

The slice is outside because Virtuoso refuses an ORDER BY whose OFFSET + LIMIT passes its
sort limit (`MaxSortedTopRows`, also 10,000: error SR353) but slices a sub-select's rows freely.
The text is cut with the lexer of kg.graph.sparql_text, so braces and keywords inside IRIs,
strings and comments are only characters.

>>> page_query("PREFIX ex: <urn:x#> SELECT ?s WHERE { ?s ex:p ?o } ORDER BY DESC(?o)",
...            ["s"], 100, 200)
'PREFIX ex: <urn:x#> SELECT * WHERE { { SELECT ?s WHERE { ?s ex:p ?o } ORDER BY DESC(?o) ?s } } OFFSET 200 LIMIT 100'
>>> count_query("SELECT DISTINCT ?s WHERE { ?s ?p '}' }")
"SELECT (COUNT(*) AS ?kg_rows) WHERE { { SELECT DISTINCT ?s WHERE { ?s ?p '}' } } }"
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.errors import KGError
from kg.graph.sparql_text import OPAQUE

COUNT_VARIABLE = "kg_rows"
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_FROM = re.compile(r"\bFROM\b", re.IGNORECASE)
_ORDER = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)
_SLICE = re.compile(r"\b(LIMIT|OFFSET)\b", re.IGNORECASE)
_VALUES = re.compile(r"\bVALUES\b", re.IGNORECASE)


class NotPageable(KGError):
    """The query cannot be read in pages (a dataset clause, its own slice, not a SELECT)."""


@dataclass(frozen=True)
class Parts:
    """A query cut where paging needs it: prologue | form and where clause | modifiers | values.

    `body + modifiers + values` is the query without its prologue (PREFIX and BASE lines); a
    sub-select takes exactly that, and the prologue stays in front of the outer query.
    """

    prologue: str
    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE, upper case
    body: str  # from the form keyword to the closing brace of the WHERE clause
    modifiers: str  # GROUP BY ... HAVING ... ORDER BY ... LIMIT ... OFFSET ...
    values: str  # a trailing VALUES block, or ""


def cut(text: str) -> Parts:
    """Return the query's parts; raise NotPageable when it has no WHERE clause to wrap."""
    blank = _blank_opaque(text)  # same length, IRIs/strings/comments blanked out
    form = _FORM.search(blank)
    if form is None:
        raise NotPageable("the query has no SELECT, ASK, CONSTRUCT or DESCRIBE")
    start = blank.find("{", form.end())
    if start < 0:
        raise NotPageable("the query has no WHERE { ... } clause")
    depth = 0
    for index in range(start, len(blank)):
        char = blank[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                end = index + 1
                break
    else:
        raise NotPageable("the query's braces do not close")
    tail = blank[end:]
    values = _VALUES.search(tail)
    split = end + (values.start() if values else len(tail))
    return Parts(text[:form.start()], form.group(1).upper(), text[form.start():end],
                 text[end:split], text[split:])


def count_query(text: str) -> str:
    """Return a query counting the rows of a SELECT query (its own slice and order kept)."""
    parts = _select(text)
    return (f"{parts.prologue}SELECT (COUNT(*) AS ?{COUNT_VARIABLE}) WHERE "
            f"{{ {{ {parts.body}{parts.modifiers}{parts.values} }} }}")


def page_query(text: str, variables: list[str], size: int, offset: int) -> str:
    """Return the query's rows `offset` to `offset + size` in one total order."""
    parts = _select(text)
    blank_modifiers = _blank_opaque(parts.modifiers)
    if _SLICE.search(blank_modifiers):
        raise NotPageable("the query has its own LIMIT or OFFSET")
    ties = " ".join(f"?{name}" for name in variables)
    modifiers = parts.modifiers.rstrip()
    order = "" if _ORDER.search(blank_modifiers) else " ORDER BY"
    inner = f"{parts.body}{modifiers}{order} {ties}"
    if parts.values:
        inner += " " + parts.values.strip()
    return (f"{parts.prologue}SELECT * WHERE {{ {{ {inner} }} }} "
            f"OFFSET {offset} LIMIT {size}")


BLANK = "isBlank(?s) || isBlank(?o)"


def construct_page(size: int | None, offset: int, blank: bool = False) -> str:
    """Return a page of the graph's triples without blank nodes as a CONSTRUCT, in one total
    order; with `blank`, all the triples that have one (a blank node's label holds only
    within one answer, so those are never split).

    >>> construct_page(None, 0, blank=True)
    'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) }'
    """
    if blank:
        return f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o FILTER({BLANK}) }}"
    return ("CONSTRUCT { ?s ?p ?o } WHERE { { SELECT ?s ?p ?o WHERE { ?s ?p ?o "
            f"FILTER(!({BLANK})) }} ORDER BY ?s ?p ?o }} }} OFFSET {offset} LIMIT {size}")


def _select(text: str) -> Parts:
    parts = cut(text)
    if parts.form != "SELECT":
        raise NotPageable(f"a {parts.form} query is not read in pages")
    if _FROM.search(_blank_opaque(parts.body.split("{", 1)[0])):
        # A sub-select may not name its own dataset (FROM / FROM NAMED).
        raise NotPageable("the query names its dataset (FROM)")
    return parts


def _blank_opaque(text: str) -> str:
    """Return the text with IRIs, strings and comments replaced by spaces (same offsets)."""
    return OPAQUE.sub(lambda m: " " * len(m.group(0)), text)
