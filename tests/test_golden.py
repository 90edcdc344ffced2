"""Golden files: written by the build's Turtle writer, so an update with no change is a no-op."""
from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from conftest import GOLDEN_DIR, Golden, records_graph


def test_updating_twice_writes_the_same_bytes_as_the_committed_file(minimal_build, tmp_path):
    graph = records_graph(minimal_build)
    Golden(update=True, folder=tmp_path).check_graph("minimal.ttl", graph)
    first = (tmp_path / "minimal.ttl").read_bytes()
    Golden(update=True, folder=tmp_path).check_graph("minimal.ttl", records_graph(minimal_build))
    assert (tmp_path / "minimal.ttl").read_bytes() == first
    assert first == (GOLDEN_DIR / "minimal.ttl").read_bytes()


def test_an_update_with_no_change_does_not_touch_the_file(minimal_build, tmp_path):
    graph = records_graph(minimal_build)
    Golden(update=True, folder=tmp_path).check_graph("g.ttl", graph)
    before = (tmp_path / "g.ttl").stat().st_mtime_ns
    (tmp_path / "g.ttl").touch()  # a rewrite would give a new mtime; none must happen
    touched = (tmp_path / "g.ttl").stat().st_mtime_ns
    Golden(update=True, folder=tmp_path).check_graph("g.ttl", graph)
    assert (tmp_path / "g.ttl").stat().st_mtime_ns == touched >= before


def test_a_changed_graph_fails_with_its_triples(minimal_build, tmp_path):
    graph = records_graph(minimal_build)
    Golden(update=True, folder=tmp_path).check_graph("g.ttl", graph)
    graph.add((URIRef("urn:x:a"), URIRef("urn:x:b"), Literal("c")))
    with pytest.raises(pytest.fail.Exception, match=r'only in output \(1\):\n  <urn:x:a> '):
        Golden(update=False, folder=tmp_path).check_graph("g.ttl", graph)


def test_the_same_graph_written_by_another_writer_fails(minimal_build, tmp_path):
    graph = records_graph(minimal_build)
    graph.serialize(tmp_path / "g.ttl", format="longturtle")  # rdflib's writer, not the build's
    with pytest.raises(pytest.fail.Exception, match="same graph but not as the build's"):
        Golden(update=False, folder=tmp_path).check_graph("g.ttl", graph)
