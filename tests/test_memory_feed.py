"""The build's in-memory copy, loaded by a thread from lines as they are made
(kg/graph/store.MemoryFeed)."""
from __future__ import annotations

import pytest

from kg.graph.store import MemoryFeed

EX = "https://example.org/"
LINES = [f'<{EX}s{i}> <{EX}p> "v{i}" .' for i in range(500)]


def test_it_holds_every_line_handed_to_it_in_any_order_and_repeats():
    feed = MemoryFeed()
    for start in range(0, 500, 100):
        feed.add(LINES[start:start + 100][::-1])
    feed.add(LINES[:10])  # again: a store holds a triple once
    feed.add([])
    store = feed.store()
    assert len(store) == 500
    assert {str(q.object.value) for q in store} == {f"v{i}" for i in range(500)}


def test_a_line_it_cannot_read_is_raised_by_store_and_the_thread_ends():
    feed = MemoryFeed()
    feed.add(LINES[:5])
    feed.add(["<not an iri at all"])
    with pytest.raises(SyntaxError):
        feed.store()
    assert not feed._thread.is_alive()


def test_close_without_store_ends_the_thread_of_a_failed_build():
    feed = MemoryFeed()
    feed.add(LINES)
    feed.close()
    feed.close()  # twice: the build's finally may follow store()
    assert not feed._thread.is_alive()
