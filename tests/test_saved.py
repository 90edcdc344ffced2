"""kg/analysis/saved.py: the projection and name indexes `kg build` saves beside network.json
are the ones made from network.json, and are ignored (everything rebuilt from network.json)
when they belong to another network.json or to other code, are missing or damaged, or name a
class. Each test saves and reads within itself: the file's key covers the code of kg.analysis
and kg.ask, which may change while a session runs."""
from __future__ import annotations

import json
import os
import pickle
import shutil
from pathlib import Path

import networkx as nx
import pytest
import yaml

from conftest import FIXTURES
from kg.analysis import saved
from kg.analysis.network import NETWORK_FILE, Network, load_network
from kg.analysis.resolve import name_index
from kg.ask import mentions
from kg.build import save_for_commands

QUESTIONS = [q["question"] for q in yaml.safe_load(
    (FIXTURES / "ask" / "questions.yaml").read_text(encoding="utf-8"))["questions"]]


def fresh(folder: Path) -> Network:
    """Return the network of folder/network.json, made from the JSON (nothing saved)."""
    return Network.from_dict(json.loads((folder / NETWORK_FILE).read_text(encoding="utf-8")))


def saved_copy(build: Path, tmp_path: Path) -> Path:
    """Return a folder holding build's network.json and, saved just now, its fast copy."""
    folder = tmp_path / "saved"
    folder.mkdir()
    shutil.copy2(build / NETWORK_FILE, folder / NETWORK_FILE)
    save_for_commands(folder)  # reads network.json afresh, and keeps nothing of it
    return folder


def test_the_saved_indexes_are_the_ones_built_from_the_network(shipped_build, tmp_path):
    folder = saved_copy(shipped_build, tmp_path)
    built = fresh(folder)
    kept = load_network(folder)
    assert sorted(kept.saved) == ["mention-typos", "mentions", "names"]
    # An empty graph carrying the saved blobs: its indexes can only come from the blobs.
    empty = Network(nx.MultiDiGraph(), saved=kept.saved)
    assert name_index(empty) == name_index(built)
    names, typos = mentions.index(empty)
    assert (names, typos) == mentions.index(built)
    assert len(names) > 5000 and len(typos) > 10000  # the shipped graph's, not a tiny one
    assert all(type(n) is mentions._Name for found in names.values() for n in found)
    for question in QUESTIONS:
        assert mentions.mentions(kept, question) == mentions.mentions(built, question), question


def test_the_saved_network_is_the_one_in_network_json(shipped_build, tmp_path):
    folder = saved_copy(shipped_build, tmp_path)
    kept = load_network(folder)
    assert kept.saved, "the saved copy was not used"
    assert kept.to_dict() == fresh(folder).to_dict()
    graph = kept.graph
    u, v, key = next(iter(graph.edges(keys=True)))
    # One attribute dict per edge, seen from both ends, as networkx keeps it.
    assert graph.succ[u][v][key] is graph.pred[v][u][key]
    assert graph.adj is not None and graph.adj[u] == graph.succ[u]


def test_the_build_saves_the_copy_beside_network_json(minimal_build, tmp_path):
    out = tmp_path / "build"
    shutil.copytree(minimal_build, out)
    assert (out / saved.SAVED_FILE).is_file()
    save_for_commands(out)  # again: the code may have changed since the session's build
    assert saved.read(out / NETWORK_FILE) is not None


def test_a_copy_saved_for_another_network_json_is_ignored(minimal_build, tmp_path):
    folder = saved_copy(minimal_build, tmp_path)
    data = json.loads((folder / NETWORK_FILE).read_text(encoding="utf-8"))
    node = next(n for n in data["nodes"] if n.get("kind") == "company")
    node["label"] = "Renamed Since The Build"
    (folder / NETWORK_FILE).write_text(json.dumps(data), encoding="utf-8")
    net = load_network(folder)
    assert net.saved == {} and net.label(node["id"]) == "Renamed Since The Build"
    found = mentions.mentions(net, "who is renamed since the build")
    assert [m.target for m in found] == [node["id"]]  # the index was built from the new file


def test_a_missing_copy_is_rebuilt_from_network_json(minimal_build, tmp_path):
    folder = saved_copy(minimal_build, tmp_path)
    with_copy = load_network(folder)
    (folder / saved.SAVED_FILE).unlink()
    os.utime(folder / NETWORK_FILE)  # a new mtime: not the network loaded above
    net = load_network(folder)
    assert net.saved == {} and net is not with_copy
    assert name_index(net) == name_index(with_copy)
    assert mentions.index(net) == mentions.index(with_copy)


def test_a_copy_saved_by_other_code_is_ignored(minimal_build, tmp_path, monkeypatch):
    folder = saved_copy(minimal_build, tmp_path)
    assert saved.read(folder / NETWORK_FILE) is not None
    monkeypatch.setattr(saved, "code_key", lambda: "an edited kg.ask")
    assert saved.read(folder / NETWORK_FILE) is None


def test_a_damaged_copy_is_ignored(minimal_build, tmp_path):
    folder = saved_copy(minimal_build, tmp_path)
    path = folder / saved.SAVED_FILE
    path.write_bytes(path.read_bytes()[:-100])
    assert saved.read(folder / NETWORK_FILE) is None
    assert load_network(folder).saved == {}


class _RunsCode:
    def __reduce__(self):
        return (os.mkdir, (str(self.marker),))


def test_a_copy_naming_a_class_or_function_is_refused_without_running_it(minimal_build, tmp_path):
    folder = saved_copy(minimal_build, tmp_path)
    evil = _RunsCode()
    evil.marker = tmp_path / "ran"
    path = folder / saved.SAVED_FILE
    path.write_bytes(saved.header(folder / NETWORK_FILE) + pickle.dumps({"state": evil}))
    assert saved.read(folder / NETWORK_FILE) is None
    assert not evil.marker.exists()
    path.write_bytes(saved.header(folder / NETWORK_FILE) + pickle.dumps(Path("x")))
    assert saved.read(folder / NETWORK_FILE) is None


def test_a_bucketed_index_looks_up_goes_through_and_compares_as_the_dict_it_was():
    index = {("a",): [1], ("b", "c"): [2, 3], ("d",): [4]} | {(f"k{i}",): [i] for i in range(9000)}
    kept = saved.Buckets(saved.buckets(index))
    assert kept[("b", "c")] == [2, 3] and kept.get(("d",)) == [4] and kept.get(("x",)) is None
    assert ("k8999",) in kept and ("k9000",) not in kept
    assert sum(part is not None for part in kept._parts) <= 5  # the buckets looked in only
    assert kept == index and len(kept) == len(index) and dict(kept.items()) == index
    assert sorted(kept) == sorted(index)
    with pytest.raises(KeyError):
        kept[("x",)]
    words = {"b": ["x"], "a": ["y"]}
    doubled = saved.Buckets(saved.buckets(words), lambda part: {k: v * 2 for k, v in part.items()})
    assert doubled["a"] == ["y", "y"] and doubled == {"a": ["y", "y"], "b": ["x", "x"]}


SAVE = ("import shutil, sys\n"
        "from pathlib import Path\n"
        "from kg.build import save_for_commands\n"
        "source, folder, data = map(Path, sys.argv[1:4])\n"
        "folder.mkdir()\n"
        "shutil.copy2(source / 'network.json', folder / 'network.json')\n"
        "save_for_commands(folder, data)\n")


def test_the_saved_bytes_do_not_depend_on_the_hash_seed(shipped_build, tmp_path):
    import subprocess
    import sys

    from conftest import ROOT

    for seed in ("1", "2"):
        subprocess.run([sys.executable, "-c", SAVE, str(shipped_build), str(tmp_path / seed),
                        str(ROOT / "data")], check=True, cwd=ROOT,
                       env={**os.environ, "PYTHONHASHSEED": seed})
    first, second = ((tmp_path / seed / saved.SAVED_FILE).read_bytes() for seed in ("1", "2"))
    assert first == second


def test_count_questions_read_the_assertions_saved_while_the_files_are_the_same(
        shipped_build, tmp_path):
    from conftest import ROOT
    from kg.analysis.published import saved_assertions
    from kg.records.assertions import load_assertions

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "config", data / "config")
    folder = tmp_path / "saved"
    folder.mkdir()
    shutil.copy2(shipped_build / NETWORK_FILE, folder / NETWORK_FILE)
    save_for_commands(folder, data)
    net = load_network(folder)
    kept = saved_assertions(net, data)
    read = load_assertions(data)
    assert kept is not None and len(kept) == len(read) > 10
    for mine, theirs in zip(kept, read):
        assert (mine.id, mine.description, mine.kind, mine.count, mine.published, mine.note,
                mine.filters()) == (theirs.id, theirs.description, theirs.kind, theirs.count,
                                    theirs.published, theirs.note, theirs.filters())
    edited = next((data / "config").glob("assertions-*.yaml"))
    edited.write_text(edited.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert saved_assertions(net, data) is None  # an edited file: read them again
    edited.unlink()
    assert saved_assertions(net, data) is None
    assert saved_assertions(net, tmp_path / "elsewhere") is None
