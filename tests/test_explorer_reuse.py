"""The previous build's explorer page is copied, not drawn again, when the projection, its date,
the view and the code are the same (kg/explore/reuse.py), and gives the bytes a fresh page
gives; any change draws it again."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from kg.analysis.network import NETWORK_FILE
from kg.explore import page as page_module
from kg.explore import reuse
from kg.explore.page import HTML_FILE, write_explorer

DAY = 24 * 3600


def _folder(build: Path, path: Path) -> Path:
    """A build folder holding a copy of build's projection (its time kept: the page's date)."""
    path.mkdir()
    shutil.copy2(build / NETWORK_FILE, path / NETWORK_FILE)
    return path


@pytest.fixture
def drawn(monkeypatch) -> list:
    """The views drawn (explorer_page called) since the test began."""
    calls = []
    draw = page_module.explorer_page

    def spy(build_dir, **view):
        calls.append(view)
        return draw(build_dir, **view)

    monkeypatch.setattr(page_module, "explorer_page", spy)
    return calls


def test_the_build_keys_its_page(minimal_build):
    said = json.loads((minimal_build / reuse.KEY_FILE).read_text(encoding="utf-8"))
    html = (minimal_build / HTML_FILE).read_bytes()
    assert said["sha256"] == hashlib.sha256(html).hexdigest()
    assert said["view"] == "who supplies whom" and said["nodes"] > 0 and said["edges"] > 0


def test_the_same_projection_copies_the_previous_page_with_the_bytes_of_a_fresh_one(
        minimal_build, tmp_path, drawn):
    previous = _folder(minimal_build, tmp_path / "previous")
    first = write_explorer(previous)
    assert len(drawn) == 1
    staging = _folder(minimal_build, tmp_path / "staging")
    again = write_explorer(staging, previous=previous)
    assert len(drawn) == 1  # copied, not drawn
    assert (again.nodes, again.edges, again.view, again.note, again.html) == (
        first.nodes, first.edges, first.view, first.note, first.html)
    fresh = _folder(minimal_build, tmp_path / "fresh")
    write_explorer(fresh)
    assert len(drawn) == 2
    for name in (HTML_FILE, reuse.KEY_FILE):
        assert (staging / name).read_bytes() == (fresh / name).read_bytes()
    assert (staging / HTML_FILE).read_bytes() == (minimal_build / HTML_FILE).read_bytes()


def _other_projection(previous: Path, staging: Path) -> dict:
    path = staging / NETWORK_FILE
    stat = path.stat()
    path.write_bytes(path.read_bytes() + b"\n")  # the same network, other bytes
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    return {}


def _other_date(previous: Path, staging: Path) -> dict:
    stat = (staging / NETWORK_FILE).stat()
    os.utime(staging / NETWORK_FILE, (stat.st_atime - 400 * DAY, stat.st_mtime - 400 * DAY))
    return {}


def _other_view(previous: Path, staging: Path) -> dict:
    return {"whole": True}


def _other_page(previous: Path, staging: Path) -> dict:
    # `kg viz --focus X --replace` drew another view over the previous build's page
    (previous / HTML_FILE).write_text("<!DOCTYPE html><p>another view</p>", encoding="utf-8")
    return {}


def _no_key(previous: Path, staging: Path) -> dict:
    (previous / reuse.KEY_FILE).unlink()
    return {}


@pytest.mark.parametrize("change", [_other_projection, _other_date, _other_view, _other_page,
                                    _no_key])
def test_any_change_draws_the_page_again(minimal_build, tmp_path, drawn, change):
    previous = _folder(minimal_build, tmp_path / "previous")
    write_explorer(previous)
    staging = _folder(minimal_build, tmp_path / "staging")
    view = change(previous, staging)
    write_explorer(staging, previous=previous, **view)
    assert len(drawn) == 2
    fresh = _folder(minimal_build, tmp_path / "fresh")
    shutil.copy2(staging / NETWORK_FILE, fresh / NETWORK_FILE, follow_symlinks=True)
    write_explorer(fresh, **view)
    assert (staging / HTML_FILE).read_bytes() == (fresh / HTML_FILE).read_bytes()


def test_other_code_draws_the_page_again(minimal_build, tmp_path, drawn, monkeypatch):
    previous = _folder(minimal_build, tmp_path / "previous")
    write_explorer(previous)
    monkeypatch.setattr(reuse, "code_key", lambda: "an edited kg/explore/layout.py")
    write_explorer(_folder(minimal_build, tmp_path / "staging"), previous=previous)
    assert len(drawn) == 2


def test_a_missing_previous_build_is_no_error(minimal_build, tmp_path, drawn):
    staging = _folder(minimal_build, tmp_path / "staging")
    write_explorer(staging, previous=tmp_path / "never-built")
    assert len(drawn) == 1 and (staging / reuse.KEY_FILE).is_file()


def test_the_code_key_covers_the_explorer_its_templates_and_the_analysis():
    root = Path(reuse.__file__).resolve().parent.parent
    covered = {p.relative_to(root).as_posix() for pattern in reuse.CODE
               for p in root.glob(pattern)}
    assert {"explore/layout.py", "explore/templates/explorer.js", "analysis/network.py",
            "analysis/focus.py"} <= covered
