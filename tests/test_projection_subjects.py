"""kg.analysis.projection reads every subject and keeps the entities' in Python: the same rows
as the SPARQL filter it replaced (FILTER on the subject's IRI), on the shipped data."""
from __future__ import annotations

import json

import pyoxigraph as ox

from kg.analysis import projection
from kg.graph.rows import select_cells
from kg.schema.ontology import ID_URI

# The projection's queries as they were, with the subject filter in SPARQL: the reference.
FILTERED = " FILTER (STRSTARTS(STR(?s), STR(id:))) }"


def test_the_entities_kept_in_python_are_those_the_sparql_filter_kept(shipped_build):
    store = ox.Store.read_only(str(shipped_build / "store"))
    predicates = " ".join(sorted({f"<{p}>" for _, p in projection._field_terms()}))
    for query, others in ((projection._TYPES % " ".join(projection._CLASSES), False),
                          (projection._PROPS % predicates, True)):
        read = list(select_cells(store, query))
        reference = list(select_cells(store, query.rstrip().removesuffix("}") + FILTERED))
        kept = [row for row in read if row[0].startswith(f"<{ID_URI}")]
        if others:  # the ontology's own terms have labels: read, and left out
            assert len(read) > len(kept)
        assert sorted(kept) == sorted(reference) and reference


def test_the_projection_is_the_one_the_build_wrote(shipped_build):
    store = ox.Store.read_only(str(shipped_build / "store"))
    text = json.dumps(projection.project(store).to_dict(), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")) + "\n"
    assert text == (shipped_build / "network.json").read_text(encoding="utf-8")
