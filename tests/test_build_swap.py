"""kg.build's transaction: a build that read too little never replaces a good one, and a build
killed at any rename of its swap leaves the old build or the new one, whole."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import kg.build
import kg.build.versions
from kg.build import build
from kg.cli import cli
from kg.errors import KGError
from kg.graph.store import open_graph

from conftest import MINIMAL_DATA, ROOT

GAP_DATE = ("SELECT ?d WHERE { <https://w3id.org/survkg/id/gap/ken-safe-city-lender-terms> "
            "<http://purl.org/dc/terms/date> ?d }")


@pytest.fixture
def new_data(tmp_path) -> Path:
    """The minimal fixture with one date changed: its build differs from minimal_build."""
    data = tmp_path / "new-data"
    shutil.copytree(MINIMAL_DATA, data)
    gaps = data / "gaps.yaml"
    gaps.write_text(gaps.read_text().replace("2024-01", "2024-02"))
    return data


@pytest.fixture
def plain_build(tmp_path, minimal_build) -> Path:
    """A build folder as builds made it before the swap: a plain folder."""
    out = tmp_path / "builds" / "build"
    shutil.copytree(minimal_build, out)
    return out


def state(out: Path) -> tuple[dict[str, str], str]:
    """The build in `out`: its files' hashes and the gap's date read from its store, which
    must hold as many triples as its manifest says (a whole store)."""
    files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(out.iterdir()) if p.is_file()}
    store = ox.Store.read_only(str(out / "store"))
    assert len(store) == json.loads((out / "manifest.json").read_text())["triples"]
    date = [row["d"].value for row in store.query(GAP_DATE)]
    del store
    return files, date[0]


def leftovers(out: Path) -> list[str]:
    """Names beside `out` (and hidden names in it) that are neither it nor a build version."""
    beside = [p.name for p in out.parent.iterdir()
              if p.name != out.name and not p.name.startswith(f".{out.name}.v-")]
    inside = [p.name for p in out.iterdir() if p.name.startswith(".")]
    return sorted(beside + inside)


def versions(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.v-"))


# --- a build that read too little ------------------------------------------------------------

def test_an_empty_data_folder_does_not_replace_a_good_build(plain_build, tmp_path,
                                                            tree_snapshot):
    (tmp_path / "empty").mkdir()
    before = tree_snapshot(plain_build)
    with pytest.raises(KGError, match=r"read 0 records from 0 record files; not replacing"):
        build(tmp_path / "empty", plain_build)
    assert tree_snapshot(plain_build) == before
    assert leftovers(plain_build) == []


def test_allow_empty_replaces_it(plain_build, tmp_path):
    (tmp_path / "empty").mkdir()
    summary = build(tmp_path / "empty", plain_build, shacl=False, allow_empty=True)
    assert summary.records == 0
    assert json.loads((plain_build / "manifest.json").read_text())["records"] == 0


def test_an_empty_data_folder_may_make_a_first_build(tmp_path):
    (tmp_path / "empty").mkdir()
    assert build(tmp_path / "empty", tmp_path / "b", shacl=False).records == 0


def unreadable(monkeypatch, folder: Path) -> None:
    """Make `folder` unreadable the way chmod 000 does for a user that is not root."""
    real = os.scandir

    def scandir(path="."):
        if Path(os.fsdecode(path)) == folder:
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


@pytest.mark.parametrize("where", ["the data folder", "a subfolder"])
def test_an_unreadable_folder_is_named_and_the_build_kept(where, plain_build, new_data,
                                                          monkeypatch, tree_snapshot):
    sub = new_data / "more"
    sub.mkdir()
    shutil.move(new_data / "gaps.yaml", sub / "gaps.yaml")
    folder = new_data if where == "the data folder" else sub
    unreadable(monkeypatch, folder)
    before = tree_snapshot(plain_build)
    with pytest.raises(KGError) as caught:
        build(new_data, plain_build, allow_empty=True)
    assert str(caught.value) == (f"{folder}: cannot read this folder (Permission denied): "
                                 "no build was made")
    assert tree_snapshot(plain_build) == before


def test_fewer_records_than_record_files_does_not_replace_a_good_build(plain_build, new_data,
                                                                       monkeypatch):
    # A record file that reads as no records (the reader skipping it) is a partial read.
    real = kg.build.load_dataset

    def skipping_one(data_dir, **options):
        dataset = real(data_dir, **options)
        dataset.index = dict(list(dataset.index.items())[:3])
        return dataset

    monkeypatch.setattr(kg.build, "load_dataset", skipping_one)
    found = kg.build.count_record_files(new_data)
    assert found > 3
    with pytest.raises(KGError, match=f"read 3 records from {found} record files"):
        build(new_data, plain_build)


def test_kg_build_refuses_in_one_line_with_exit_1(plain_build, tmp_path):
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(cli, ["--data", str(tmp_path / "empty"), "--build-dir",
                                      str(plain_build), "build"])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "--allow-empty" in result.output
    assert "Traceback" not in result.output


# --- the swap --------------------------------------------------------------------------------

def test_a_build_makes_the_folder_a_symlink_to_a_version_and_readers_follow_it(
        plain_build, new_data):
    build(new_data, plain_build, shacl=False)
    assert plain_build.is_symlink() and os.readlink(plain_build).startswith(".build.v-")
    assert state(plain_build)[1] == "2024-02"
    assert len(open_graph(plain_build)) > 0  # the readers' path: build_dir / "store"
    assert leftovers(plain_build) == []
    build(MINIMAL_DATA, plain_build, shacl=False)
    build(new_data, plain_build, shacl=False)
    # the current version, and the one it replaced (a reader may still be reading it)
    assert len(versions(plain_build)) == 2
    assert os.readlink(plain_build) in versions(plain_build)


def test_the_next_build_removes_what_killed_builds_left(plain_build, new_data):
    (plain_build / ".staging-123abc" / "store").mkdir(parents=True)  # the layout before
    (plain_build / ".old-123").mkdir()
    build(new_data, plain_build, shacl=False)
    parent = plain_build.parent
    dead = 2 ** 22 + 17  # above the default pid_max, so no process has it
    for name in (f".build.staging-{dead}-x", f".build.link-{dead}", f".build.v-5-{dead}",
                 ".build.migrating"):
        (parent / name).mkdir()
    build(MINIMAL_DATA, plain_build, shacl=False)
    assert leftovers(plain_build) == []
    assert len(versions(plain_build)) == 2
    assert not any(p.name.startswith((".staging-", ".old-"))
                   for v in versions(plain_build) for p in (parent / v).iterdir())


def test_a_build_leaves_alone_what_a_running_build_made(plain_build, new_data):
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
    try:
        theirs = [plain_build.parent / f".build.v-9-{running.pid}",
                  plain_build.parent / f".build.staging-{running.pid}-abc"]
        for folder in theirs:
            folder.mkdir()
        build(new_data, plain_build, shacl=False)
        assert all(folder.is_dir() for folder in theirs)
    finally:
        running.kill()
        running.wait()
    build(new_data, plain_build, shacl=False)
    assert not any(folder.exists() for folder in theirs)


def test_a_build_folder_that_is_a_users_symlink_stays_one(tmp_path, new_data, minimal_build):
    real = tmp_path / "disk" / "build"
    shutil.copytree(minimal_build, real)
    (tmp_path / "build").symlink_to(real)
    build(new_data, tmp_path / "build", shacl=False)
    assert os.readlink(tmp_path / "build") == str(real)
    assert state(tmp_path / "build")[1] == "2024-02"


def test_a_build_whose_version_was_removed_by_hand_is_replaced(tmp_path, new_data):
    build(MINIMAL_DATA, tmp_path / "b", shacl=False)
    shutil.rmtree(tmp_path / os.readlink(tmp_path / "b"))
    build(new_data, tmp_path / "b", shacl=False)
    assert state(tmp_path / "b")[1] == "2024-02"


def test_a_build_folder_that_is_a_file_is_one_line(tmp_path):
    (tmp_path / "b").write_text("")
    with pytest.raises(KGError, match="the build folder is not a folder"):
        build(MINIMAL_DATA, tmp_path / "b", shacl=False)


# A build's last step in a child process, killed (os._exit) at its kill_at-th rename, replace,
# symlink, exchange or rmtree: the staging folder holds a finished build (`reference`), as
# kg.build.build leaves it before it calls the swap.
KILLER = """
import os, shutil, sys, tempfile
from pathlib import Path
import kg.build.versions as versions

reference, out, kill_at, calls = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), [0]
if sys.argv[4] == "no-exchange":
    versions.exchange = lambda a, b: False
out = versions.real_build_folder(out)
staging = tempfile.mkdtemp(prefix=f".{out.name}.staging-{os.getpid()}-", dir=out.parent)
shutil.copytree(reference, staging, dirs_exist_ok=True)

def killing(func):
    def wrapper(*args, **kwargs):
        calls[0] += 1
        if calls[0] == kill_at:
            os._exit(77)  # a kill: no finally, no cleanup
        return func(*args, **kwargs)
    return wrapper

for module, name in ((os, "rename"), (os, "replace"), (os, "symlink"), (shutil, "rmtree")):
    setattr(module, name, killing(getattr(module, name)))
versions.exchange = killing(versions.exchange)
versions.swap_into_place(Path(staging), out)
print(calls[0])
"""


@pytest.mark.parametrize("previous", ["plain folder", "symlink", "plain folder, no exchange"])
def test_a_build_killed_at_any_step_of_its_swap_leaves_the_old_or_the_new_build(
        previous, tmp_path, minimal_build, new_data):
    reference = tmp_path / "reference"
    build(new_data, reference, shacl=False)
    new = state(reference)
    outcomes = []
    for kill_at in range(1, 30):
        out = tmp_path / f"kill-{kill_at}" / "build"
        shutil.copytree(minimal_build, out)
        if previous == "symlink":
            build(MINIMAL_DATA, out, shacl=False)  # migrated: out -> .build.v-*
        old = state(out)
        run = subprocess.run(
            [sys.executable, "-c", KILLER, str(reference), str(out), str(kill_at),
             "no-exchange" if "no exchange" in previous else "exchange"],
            capture_output=True, text=True, cwd=ROOT, timeout=300)
        assert run.returncode in (0, 77), run.stderr
        if "no exchange" in previous:
            # killed between its two renames, the build folder is missing (only where
            # RENAME_EXCHANGE is not) until the next build puts the old one back first
            kg.build.versions.real_build_folder(out)
        after = state(out)
        assert after in (old, new), f"killed at step {kill_at}"
        outcomes.append("new" if after == new else "old")
        build(new_data, out, shacl=False)  # the next build cleans up and succeeds
        assert state(out) == new
        assert leftovers(out) == [] and len(versions(out)) <= 2
        if run.returncode == 0:  # the swap ran to its end: every step has been killed once
            assert int(run.stdout) < kill_at
            break
    else:
        pytest.fail("the swap never finished")
    assert "old" in outcomes and "new" in outcomes
