"""Oxigraph's result terms as rdflib terms, converted once per process and kept across queries.

Making an rdflib Literal costs 10-20 us (rdflib parses and normalises its lexical form), most of
what a small query costs beyond Oxigraph's own time, and queries in one process meet the same
terms again (kg.graph.query runs every query on the embedded store through `rows`).
"""
from __future__ import annotations

import rdflib
from oxrdflib._converter import from_ox

# Oxigraph term -> rdflib term. rdflib terms are immutable, so one object serves every row. None (an unbound variable) maps to itself. A query that
# leaves more than TERMS_KEPT entries empties it after its rows are read: a large result's
# terms are not held after it.
TERMS_KEPT = 50_000
_terms: dict = {None: None}
_terms_normalized = rdflib.NORMALIZE_LITERALS  # rdflib's setting the kept literals were made under
_MISSING = object()


def rows(result) -> list[tuple]:
    """Return a SELECT's rows as tuples of rdflib terms (None where unbound)."""
    if _terms_normalized != rdflib.NORMALIZE_LITERALS:
        forget()
    known = _terms.__getitem__
    found = []
    try:
        for row in result:
            try:
                found.append(tuple(map(known, row)))
            except KeyError:  # a term this process has not converted yet
                found.append(_convert(row))
    finally:
        if len(_terms) > TERMS_KEPT:
            forget()
    return found


def _convert(row) -> tuple:
    """Return the row's terms in rdflib, converting and keeping those not yet kept."""
    found = []
    for value in row:
        term = _terms.get(value, _MISSING)
        if term is _MISSING:
            term = _terms[value] = from_ox(value)
        found.append(term)
    return tuple(found)


def forget() -> None:
    """Empty the kept conversions (None maps to itself again)."""
    global _terms_normalized
    _terms.clear()
    _terms[None] = None
    _terms_normalized = rdflib.NORMALIZE_LITERALS
