"""The build's in-memory copy of its graph, loaded in a thread from the parts of its N-Triples
as they are made (kg.graph.store.MemoryCopy, fed by kg.graph.rdf.to_nt's `each`): the graph
SHACL and the projection read must be the graph survkg.nt holds."""
from __future__ import annotations

import threading

import pyoxigraph as ox
import pytest

from conftest import MINIMAL_DATA
from kg.graph.rdf import to_nt
from kg.graph.store import MemoryCopy
from kg.records.dataset import load_dataset

EX = "https://example.org/"


def triples(store: ox.Store) -> set[str]:
    return {str(quad) for quad in store}


def test_the_parts_to_nt_gives_hold_exactly_its_lines():
    dataset = load_dataset(MINIMAL_DATA)
    parts: list[list[str]] = []
    lines = to_nt(dataset, each=lambda text: parts.append(text.split("\n")))
    assert len(parts) > 2  # the ontology's, each file's, the countries'
    assert {line for part in parts for line in part} == set(lines)
    assert lines == to_nt(dataset)  # the same lines with or without `each`


def test_the_copy_made_in_parts_is_the_graph_of_the_whole_file(tmp_path):
    dataset = load_dataset(MINIMAL_DATA)
    with MemoryCopy() as copy:
        lines = to_nt(dataset, each=copy.add)
        made = copy.store()
    whole = ox.Store()
    whole.load("\n".join(lines), format=ox.RdfFormat.N_TRIPLES)
    assert triples(made) == triples(whole)
    assert len(made) == len(lines)  # parts repeating a triple (a shared country) hold it once


def test_the_parts_are_loaded_beside_the_caller():
    started, go_on = threading.Event(), threading.Event()
    with MemoryCopy() as copy:
        copy._thread.submit(lambda: (started.set(), go_on.wait(10)))  # hold the thread
        started.wait(10)
        copy.add(f"<{EX}a> <{EX}p> \"one\" .")
        copy.add(f"<{EX}a> <{EX}q> \"two\" .")  # add returns at once: the thread loads
        assert len(copy._store) == 0  # nothing loaded by the caller while the thread is held
        go_on.set()
        assert triples(copy.store()) == {f"<{EX}a> <{EX}p> \"one\"", f"<{EX}a> <{EX}q> \"two\""}


def test_a_part_that_does_not_parse_is_an_error_when_the_store_is_asked_for():
    with MemoryCopy() as copy:
        copy.add(f"<{EX}a> <{EX}p> \"unterminated .")
        with pytest.raises(SyntaxError):
            copy.store()


def test_closing_drops_the_parts_not_loaded_yet():
    started, go_on = threading.Event(), threading.Event()
    copy = MemoryCopy()
    copy._thread.submit(lambda: (started.set(), go_on.wait(10)))  # hold the thread
    started.wait(10)
    copy.add(f"<{EX}a> <{EX}p> \"never\" .")
    closing = threading.Thread(target=copy.close)  # a failed build stops its copy
    closing.start()
    waiting = threading.Event()
    for _ in range(1000):  # close() cancels what waits at once, then waits itself
        if copy._loads[0].cancelled():
            break
        waiting.wait(0.01)
    go_on.set()
    assert copy._loads[0].cancelled()
    closing.join(10)
    assert len(copy._store) == 0
    with pytest.raises(RuntimeError):  # and takes no more
        copy.add(f"<{EX}a> <{EX}p> \"late\" .")
