"""A query nested deeper than the SPARQL parser survives is refused before it is parsed.

Oxigraph's parser recursed until the process crashed (exit 139) on `kg query -e` with 10,000
nested parentheses (issue 14, group 6); brackets inside IRIs, strings and comments do not count.
"""
from __future__ import annotations

import subprocess
import sys

import pytest

from kg.errors import KGError
from kg.graph.sparql_text import MAX_NESTING, check_nesting, nesting


@pytest.mark.parametrize("query, depth", [
    ("SELECT * WHERE { ?s ?p ?o }", 1),
    ("SELECT * WHERE { ?s ?p ?o FILTER((1)) }", 3),
    ('ASK { FILTER("((((" = "))") }', 2),          # brackets in strings are characters
    ("ASK { ?s <http://x/(((> ?o }", 1),             # ... and in IRIs
    ("ASK { ?s ?p ?o } # ((((((", 1),                # ... and in comments
    ("SELECT * WHERE { { { ?s ?p [ ?q ?o ] } } }", 4),
])
def test_nesting_counts_brackets_outside_iris_strings_and_comments(query, depth):
    assert nesting(query) == depth


def test_a_query_deeper_than_the_limit_is_refused_in_one_line():
    deep = "ASK { FILTER(" + "(" * MAX_NESTING + "1" + ")" * MAX_NESTING + ") }"
    with pytest.raises(KGError, match=rf"nests brackets {MAX_NESTING + 2} deep: at most"):
        check_nesting(deep)
    shallow = "ASK { FILTER(" + "(" * 10 + "1" + ")" * 10 + ") }"
    assert check_nesting(shallow) == shallow


def test_kg_query_with_10000_nested_parentheses_exits_1_not_139(minimal_build, tmp_path):
    query = "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }"
    done = subprocess.run([sys.executable, "-m", "kg", "--build-dir", str(minimal_build),
                           "query", "-e", query], capture_output=True, text=True, timeout=120,
                          check=False, cwd=tmp_path)
    assert done.returncode == 1, (done.returncode, done.stderr[-300:])
    assert done.stderr.count("\n") == 1 and "nests brackets 10,002 deep" in done.stderr
