"""kg.graph.store.StreamedLoad: a clean build's on-disk store, bulk-loaded from the parts of its
N-Triples as they are made, holds the graph survkg.nt holds."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

import kg.build
from kg.build import build
from kg.graph.store import StreamedLoad

from conftest import MINIMAL_DATA

pytestmark = pytest.mark.skipif(not StreamedLoad.possible(), reason="no /dev/fd to read a pipe by")


def lines(count: int) -> list[str]:
    return [f'<http://x/s{i}> <http://x/p> "value {i}" .' for i in range(count)]


def stored(store_dir) -> list[str]:
    store = ox.Store.read_only(str(store_dir))
    return sorted(f"{q.subject} {q.predicate} {q.object} ." for q in store)


def test_parts_that_repeat_triples_load_each_triple_once(tmp_path):
    every = lines(5000)
    load = StreamedLoad(tmp_path / "store")
    for start in range(0, len(every), 1000):  # each part repeats the 100 lines after it
        load.add("\n".join(every[start:start + 1100]))
    load.add("")  # nothing, not a line
    load.end()
    assert load.wait() > 0
    assert stored(tmp_path / "store") == sorted(every)


def test_a_part_that_is_not_n_triples_fails_the_load(tmp_path):
    load = StreamedLoad(tmp_path / "store")
    load.add("\n".join(lines(10)))
    load.add("<http://x/s> <http://x/p> unquoted .")
    load.end()
    with pytest.raises(SyntaxError):
        load.wait()


def test_closing_stops_the_load_without_loading_what_is_left(tmp_path):
    load = StreamedLoad(tmp_path / "store")
    for _ in range(200):  # far more than a pipe holds
        load.add("\n".join(lines(5000)))
    load.close()  # returns once the threads have ended, no error raised
    with pytest.raises(SyntaxError):  # the load was ended by the stop, not by the last part
        load.wait()


def test_a_streamed_store_is_the_store_of_a_build_loading_survkg_nt(tmp_path, monkeypatch):
    build(MINIMAL_DATA, tmp_path / "streamed")
    monkeypatch.setattr(kg.build.StreamedLoad, "possible", staticmethod(lambda: False))
    build(MINIMAL_DATA, tmp_path / "from-file")
    nt = (tmp_path / "from-file" / "survkg.nt").read_text(encoding="utf-8").split("\n")[:-1]
    from_file = stored(tmp_path / "from-file" / "store")
    assert stored(tmp_path / "streamed" / "store") == from_file
    assert len(from_file) == len(nt)
