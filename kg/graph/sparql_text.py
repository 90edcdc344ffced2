"""SPARQL read as text before an engine parses it: its opaque parts, and how deep it nests.

Oxigraph's parser recurses on every bracket: a query of 10,000 nested parentheses crashes the
process (a segfault, not an error), so a query is measured first and one nested deeper than
MAX_NESTING is refused in one line. The measure skips IRIs, strings and comments, where a
bracket is only a character.

>>> nesting("SELECT * WHERE { ?s ?p ?o FILTER((1)) }"), nesting('ASK { FILTER("((((") }')
(3, 2)
"""
from __future__ import annotations

import re

from kg.errors import KGError

# No real query comes close (the named queries nest 4 deep at most); the parser's recursion
# crashed between 2,000 and 10,000 levels here.
MAX_NESTING = 100

# The lexical parts of SPARQL whose brackets and words are only characters: IRIs, strings (long
# ones first; short ones end at the line, as in the grammar) and comments, matched left to right
# so that a '#' or a quote inside an IRI or a string is not taken for one of its own.
OPAQUE = re.compile(
    r"<[^<>\"{}|^`\\\x00-\x20]*>"
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|#[^\n\r]*", re.S)
_OPEN, _CLOSE = set("({["), set(")}]")


def nesting(query: str) -> int:
    """Return how deep the query's brackets ( { [ nest, outside IRIs, strings and comments."""
    depth = deepest = 0
    for char in OPAQUE.sub(" ", query):
        if char in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif char in _CLOSE:
            depth = max(depth - 1, 0)
    return deepest


def check_nesting(query: str, what: str = "the query") -> str:
    """Return the query, or raise KGError when it nests deeper than MAX_NESTING."""
    deep = nesting(query)
    if deep > MAX_NESTING:
        raise KGError(f"{what} nests brackets {deep:,} deep: at most {MAX_NESTING} (a query "
                      "this deep would crash the SPARQL parser)")
    return query
