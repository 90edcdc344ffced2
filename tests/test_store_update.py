"""A build's store made from the previous build's, changed by the lines the N-Triples lost and
gained (kg/graph/store.update_store), or not at all where that would not be exact."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.graph.store import NT_FILE, STORE_DIR, load_store, update_store

EX = "https://example.org/"


def line(s: str, p: str, o: str) -> str:
    return f"<{EX}{s}> <{EX}{p}> {o} ."


def previous_build(folder: Path, lines: list[str]) -> Path:
    folder.mkdir()
    (folder / NT_FILE).write_text("".join(f"{x}\n" for x in lines), encoding="utf-8")
    load_store(folder / NT_FILE, folder / STORE_DIR)
    return folder


def new_nt(folder: Path, lines: list[str]) -> Path:
    path = folder / "new.nt"
    path.write_text("".join(f"{x}\n" for x in lines), encoding="utf-8")
    return path


def store_set(store_dir: Path) -> set[str]:
    return {str(quad) for quad in ox.Store.read_only(str(store_dir))}


def loaded_set(nt: Path, folder: Path) -> set[str]:
    load_store(nt, folder)
    return store_set(folder)


OLD = sorted(line(f"s{i}", "p", f'"v{i}"') for i in range(1000))


def test_the_lines_removed_and_added_make_the_new_graphs_store(tmp_path):
    prev = previous_build(tmp_path / "prev", OLD)
    lines = sorted([x for x in OLD if '"v7"' not in x and '"v42"' not in x]
                   + [line("s7", "p", '"seven"'), line("new", "p", f"<{EX}s1>")])
    nt = new_nt(tmp_path, lines)
    assert update_store(nt, tmp_path / "store", prev) == (1000, 4)
    assert store_set(tmp_path / "store") == loaded_set(nt, tmp_path / "clean")
    assert store_set(prev / STORE_DIR) == loaded_set(prev / NT_FILE, tmp_path / "old")  # as was


def test_a_triple_written_otherwise_is_still_there(tmp_path):
    """A line removed and a line added may be one triple (an escape written otherwise):
    removals go first, so it ends up present."""
    prev = previous_build(tmp_path / "prev", sorted(OLD + [line("cafe", "p", '"caf\\u00E9"')]))
    nt = new_nt(tmp_path, sorted(OLD + [line("cafe", "p", '"café"')]))
    assert update_store(nt, tmp_path / "store", prev) == (1001, 2)
    assert store_set(tmp_path / "store") == loaded_set(nt, tmp_path / "clean")


@pytest.mark.parametrize("case", ["blank node", "unsorted", "too many", "store changed",
                                  "no store"])
def test_where_it_would_not_be_exact_nothing_is_made(tmp_path, case):
    old, new = list(OLD), sorted(OLD[1:] + [line("x", "p", '"x"')])
    if case == "blank node":
        new = sorted(OLD + ["_:b0 <https://example.org/p> \"x\" ."])
    elif case == "unsorted":
        old = old[::-1]
    elif case == "too many":
        new = sorted(line(f"t{i}", "p", f'"w{i}"') for i in range(1000))
    prev = previous_build(tmp_path / "prev", old)
    if case == "store changed":
        store = ox.Store(str(prev / STORE_DIR))
        store.add(ox.Quad(ox.NamedNode(f"{EX}stray"), ox.NamedNode(f"{EX}p"), ox.Literal("x")))
        store.flush()
        del store
    elif case == "no store":
        (prev / STORE_DIR / "CURRENT").unlink()
    nt = new_nt(tmp_path, new)
    assert update_store(nt, tmp_path / "store", prev) is None
    assert not (tmp_path / "store").exists()
