"""Incremental builds: a rebuild re-reads only the record files that changed since the last
build (kg/records/cache.py), and gives exactly the bytes of a clean build of the same records."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg.graph.store

from conftest import MINIMAL_DATA
from kg.build import build
from kg.errors import KGErrors
from kg.records import cache as record_cache
from kg.records.cache import CACHE_DIR
from test_build import artifact_bytes

FILES = len(list(MINIMAL_DATA.glob("*.yaml")))


@pytest.fixture
def data(tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(MINIMAL_DATA, folder)
    return folder


def store_lines(build_dir: Path) -> list[str]:
    store = ox.Store.read_only(str(build_dir / "store"))
    return sorted(str(quad) for quad in store)


def nt_lines(build_dir: Path) -> list[str]:
    return (build_dir / "survkg.nt").read_text(encoding="utf-8").splitlines()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_rebuild_after_one_edit_reads_that_file_only_and_equals_a_clean_build(data, tmp_path):
    out = tmp_path / "build"
    first = build(data, out)
    assert (first.files_read, first.files_cached) == (FILES, 0)
    before = set(nt_lines(out))
    edit(data / "organizations.yaml", "label: Acme Vision\n", "label: Acme Vision Systems\n")
    again = build(data, out)
    assert (again.files_read, again.files_cached) == (1, FILES - 1)
    # The store is the previous one changed by the lines that differ (the label, and the
    # generated labels of claims that name it), not loaded whole.
    assert again.store_changed == len(before ^ set(nt_lines(out))) > 0
    clean = build(data, tmp_path / "clean")
    assert (clean.files_read, clean.files_cached, clean.store_changed) == (FILES, 0, None)
    assert artifact_bytes(out) == artifact_bytes(tmp_path / "clean")
    assert store_lines(out) == store_lines(tmp_path / "clean")
    assert "Acme Vision Systems" in (out / "survkg.nt").read_text(encoding="utf-8")


def test_an_unchanged_rebuild_reads_nothing_and_clean_reads_everything(data, tmp_path):
    out = tmp_path / "build"
    build(data, out)
    before = artifact_bytes(out)
    unchanged = build(data, out)
    assert (unchanged.files_read, unchanged.store_changed) == (0, 0)
    assert artifact_bytes(out) == before
    assert build(data, out, clean=True).files_read == FILES
    assert artifact_bytes(out) == before


def test_a_change_to_the_code_that_reads_records_makes_every_entry_a_miss(data, tmp_path,
                                                                         monkeypatch):
    out = tmp_path / "build"
    build(data, out)
    monkeypatch.setattr(record_cache, "code_key", lambda: "a model or the ontology changed")
    assert build(data, out).files_read == FILES


def test_a_damaged_entry_is_read_again_not_trusted(data, tmp_path):
    out = tmp_path / "build"
    build(data, out)
    before = artifact_bytes(out)
    for entry in (out / CACHE_DIR).iterdir():
        entry.write_bytes(entry.read_bytes()[:20])  # cut short, as by a full disk
    assert build(data, out).files_read == FILES
    assert artifact_bytes(out) == before


def test_a_cached_file_is_still_checked_against_the_files_that_changed(data, tmp_path):
    # claims.yaml is not read again, but its reference to an organisation removed from
    # organizations.yaml is reported at its own line, read from the cache.
    out = tmp_path / "build"
    build(data, out)
    edit(data / "organizations.yaml", "  - id: acme-vision\n", "  - id: acme-vision-renamed\n")
    with pytest.raises(KGErrors) as caught:
        build(data, out)
    lines = [str(e) for e in caught.value.errors]
    fresh = tmp_path / "fresh"
    with pytest.raises(KGErrors) as clean:
        build(data, fresh)
    assert lines == [str(e) for e in clean.value.errors]
    assert any("claims.yaml:" in line and "acme-vision" in line for line in lines)


def test_a_file_with_a_problem_is_not_cached(data, tmp_path):
    out = tmp_path / "build"
    build(data, out)
    entries = set((out / CACHE_DIR).iterdir())
    edit(data / "gaps.yaml", "question:", "questoin:")
    with pytest.raises(KGErrors):
        build(data, out)
    assert set((out / CACHE_DIR).iterdir()) == entries  # the failed build left the cache as it was


def test_the_triples_of_unchanged_files_are_reused_while_no_name_changed(data, tmp_path):
    from kg.graph.rdf import to_nt
    from kg.records.cache import RecordCache
    from kg.records.dataset import load_dataset

    out = tmp_path / "build"
    build(data, out)
    # A summary is no name: every other file's triples are the previous build's.
    edit(data / "claims.yaml", "summary: Example Bank lent", "summary: The Example Bank lent")
    cache = RecordCache(previous=out)
    dataset = load_dataset(data, cache=cache)
    assert to_nt(dataset, cache=cache) == to_nt(dataset)
    assert len(cache.triples_used) == FILES - 1 and len(cache.triples_made) == 1
    again = build(data, out)
    assert (again.files_read, again.files_cached) == (1, FILES - 1)
    build(data, tmp_path / "clean")
    assert artifact_bytes(out) == artifact_bytes(tmp_path / "clean")
    # A label is a name the labels made for other claims may use ("Acme Vision supplies
    # Kenya"): the files whose labels took it are made again, the others reused.
    build(data, out)
    edit(data / "organizations.yaml", "label: Acme Vision\n", "label: Acme Optics\n")
    cache = RecordCache(previous=out)
    dataset = load_dataset(data, cache=cache)
    lines = to_nt(dataset, cache=cache)
    assert lines == to_nt(dataset)
    assert any(line.endswith('"Acme Optics supplies Kenya" .') for line in lines)
    reused = {path.rsplit("/", 1)[-1] for path, key in cache.keys.items()
              if key in cache.triples_used}
    assert reused == {"gaps.yaml", "initiatives.yaml", "sources.yaml"}
    # A new record is a new IRI any triple may name: every file's triples are made again.
    build(data, out)
    edit(data / "organizations.yaml", "organizations:\n", "organizations:\n  - id: newco\n"
         "    label: NewCo\n    kind: company\n    evidence:\n"
         "      - source: example-2020-camera-report\n        summary: NewCo exists\n")
    cache = RecordCache(previous=out)
    dataset = load_dataset(data, cache=cache)
    assert to_nt(dataset, cache=cache) == to_nt(dataset)
    assert cache.triples_used == []


def test_each_files_triples_are_written_as_they_are_made_not_held_to_the_end(data, tmp_path):
    from kg.graph.rdf import to_nt
    from kg.records.cache import RecordCache
    from kg.records.dataset import load_dataset

    cache = RecordCache(previous=None)
    dataset = load_dataset(data, cache=cache)
    folder = tmp_path / "build"
    entries = []  # how many entries are written when each part is handed on
    cache.triples_into(folder)
    lines = to_nt(dataset, cache=cache,
                  each=lambda text: entries.append(len(list((folder / CACHE_DIR).glob("*.nt")))))
    assert entries == [0, *range(1, FILES + 1), FILES]  # the ontology's, each file's, countries'
    assert cache.pending == {} and len(cache.triples_made) == FILES
    assert lines == to_nt(dataset)


def test_a_damaged_triples_entry_is_made_again(data, tmp_path):
    out = tmp_path / "build"
    build(data, out)
    for entry in (out / CACHE_DIR).glob("*.nt"):
        lines = entry.read_text(encoding="utf-8").split("\n")
        entry.write_text("\n".join(lines[:-3]) + "\n", encoding="utf-8")  # a line short
    edit(data / "gaps.yaml", "question: On what terms", "question: On which terms")
    build(data, out)
    build(data, tmp_path / "clean")
    assert artifact_bytes(out) == artifact_bytes(tmp_path / "clean")


def test_a_store_changed_since_its_build_is_not_updated_but_loaded_whole(data, tmp_path):
    """The previous store is the base of the next only while it holds exactly its build's
    triples: one added since (by hand) makes the next build load the whole graph."""
    out = tmp_path / "build"
    build(data, out)
    store = ox.Store(str(out / "store"))
    store.add(ox.Quad(ox.NamedNode("https://example.org/stray"),
                      ox.NamedNode("https://example.org/p"), ox.Literal("x")))
    store.flush()
    del store
    edit(data / "organizations.yaml", "label: Acme Vision\n", "label: Acme Vision Systems\n")
    again = build(data, out)
    assert again.store_changed is None
    build(data, tmp_path / "clean")
    assert store_lines(out) == store_lines(tmp_path / "clean")
    assert not any("stray" in line for line in store_lines(out))


def test_a_rebuild_that_changes_more_than_the_share_loads_the_store_whole(data, tmp_path,
                                                                         monkeypatch):
    out = tmp_path / "build"
    build(data, out)
    for path in data.glob("*.yaml"):  # every label: dozens of the ~1,000 lines differ
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("label: ", "label: The "), encoding="utf-8")
    monkeypatch.setattr(kg.graph.store, "CHANGED_SHARE", 0.01)  # ~10 lines of this graph
    again = build(data, out)
    assert again.store_changed is None
    build(data, tmp_path / "clean")
    assert store_lines(out) == store_lines(tmp_path / "clean")


def test_the_cache_key_covers_every_module_that_reads_records_or_makes_their_triples():
    """An entry is reused only while the code it came from is unchanged: every kg module a
    build needs to read records and make their triples is in the key (record_cache._CODE)."""
    code = ("import sys, kg.graph.rdf, kg.records.dataset; "
            "print(' '.join(m.__file__ for n, m in sys.modules.items() if n.startswith('kg')))")
    files = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout.split()
    root = Path(record_cache.__file__).resolve().parents[2]
    keyed = {p.resolve() for pattern in record_cache._CODE for p in root.glob(pattern)}
    assert files and {Path(f).resolve() for f in files} <= keyed
