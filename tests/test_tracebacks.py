"""Issue 14, group 10: what used to end in a traceback ends in one line `path: what is wrong`
and a non-zero exit — a record path that is not a readable file, a build folder that cannot
be written, a full disk, a junk date, two names with no path between them, an endpoint whose
count is not a number."""
from __future__ import annotations

import errno
import pathlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import MINIMAL_DATA
from kg.cli import cli
from remote_support import TinyServer, respond


def run(*args: str):
    # catch_exceptions=False: a traceback would fail the test outright, not pass as an exit.
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def refused(result, *words: str) -> str:
    """Return the one error line of a refused command, checking it names every word."""
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr
    for word in words:
        assert word in errors[0], errors[0]
    return errors[0]


def problems(result) -> list[str]:
    """Return the problem lines of a failed `kg check` (without its summary line)."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return [line for line in result.output.splitlines() if "problem(s) found" not in line]


@pytest.fixture
def data(tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(MINIMAL_DATA, folder)
    return folder


# --- the loader's path walk: every *.yaml path that is not a readable file -------------------

def test_a_folder_named_like_a_record_file(data):
    (data / "x.yaml").mkdir()
    lines = problems(run("--data", str(data), "check"))
    assert lines == [f"{data / 'x.yaml'}: cannot read it: it is a folder, not a file"]


def test_a_dangling_symlink(data):
    (data / "gone.yaml").symlink_to("nowhere.yaml")
    lines = problems(run("--data", str(data), "check"))
    assert lines == [f"{data / 'gone.yaml'}: cannot read it: a symbolic link to nowhere.yaml, "
                     "which does not exist"]


def test_a_symlink_loop(data):
    (data / "a.yaml").symlink_to("b.yaml")
    (data / "b.yaml").symlink_to("a.yaml")
    lines = problems(run("--data", str(data), "check"))
    assert lines == [f"{data / name}: cannot read it: too many levels of symbolic links"
                     for name in ("a.yaml", "b.yaml")]


def test_an_unreadable_file(data, monkeypatch):
    # Tests may run as root, whom chmod 000 does not stop: the read is refused by a patch.
    target = data / "claims.yaml"
    read_text = pathlib.Path.read_text

    def refuse(self, *args, **kwargs):
        if self == target:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return read_text(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "read_text", refuse)
    lines = problems(run("--data", str(data), "check"))
    # The claims it holds are missing, so a gap about one of them is reported too.
    assert f"{target}: cannot read it: permission denied" in lines


def test_a_build_from_an_unreadable_file_keeps_the_previous_build(data, monkeypatch, tmp_path,
                                                                  minimal_build, tree_snapshot):
    out = tmp_path / "build"
    shutil.copytree(minimal_build, out, symlinks=True)
    before = tree_snapshot(out)
    (data / "x.yaml").mkdir()
    result = run("--data", str(data), "--build-dir", str(out), "build")
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "x.yaml: cannot read it: it is a folder, not a file" in result.output
    assert tree_snapshot(out) == before


# --- the CLI's error boundary for OSError -----------------------------------------------------

def test_a_build_folder_that_is_a_file(tmp_path):
    target = tmp_path / "afile"
    target.write_text("not a build\n")
    refused(run("--data", str(MINIMAL_DATA), "--build-dir", str(target), "build"), "afile")
    assert target.read_text() == "not a build\n"


def test_a_build_folder_that_is_not_writable(tmp_path, monkeypatch):
    # As root a chmod'ed folder stays writable: the first write into it is refused by a patch.
    import tempfile

    def refuse(*args, dir=None, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(dir))

    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    out = tmp_path / "build"
    out.mkdir()
    line = refused(run("--data", str(MINIMAL_DATA), "--build-dir", str(out), "build"))
    assert "Permission denied" in line or "not writable" in line
    assert list(out.iterdir()) == []


def test_a_full_disk_keeps_the_previous_build(tmp_path, monkeypatch, minimal_build,
                                               tree_snapshot):
    import kg.build

    def full(path, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(kg.build, "write_nt", full)
    out = tmp_path / "build"
    shutil.copytree(minimal_build, out, symlinks=True)
    before = tree_snapshot(out)
    line = refused(run("--data", str(MINIMAL_DATA), "--build-dir", str(out), "build"))
    assert "space" in line.lower()
    assert tree_snapshot(out) == before


def test_a_full_disk_while_exporting(tmp_path, monkeypatch, minimal_build):
    import kg.exporters.csvfiles as csvfiles

    def full(build_dir, path):
        raise OSError(errno.ENOSPC, "No space left on device", str(path / "nodes.csv"))

    monkeypatch.setattr(csvfiles, "write", full)
    line = refused(run("--build-dir", str(minimal_build), "export", "--format", "csv",
                       "-o", str(tmp_path / "csv")))
    assert line.endswith("nodes.csv: no space left on the device"), line


def test_the_os_error_line():
    from kg.cli.base import os_error_line

    assert os_error_line(OSError(errno.ENOSPC, "No space left on device", "b/x.nt")) \
        == "b/x.nt: no space left on the device"
    assert os_error_line(PermissionError(errno.EACCES, "Permission denied", "b")) \
        == "b: Permission denied"
    assert os_error_line(OSError("no words")) == "no words"


# --- the date parser ----------------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ("suppliers", "--to", "KEN", "--as-of", "20x9"),
    ("suppliers", "--to", "KEN", "--as-of", "2019-13"),
    ("suppliers", "--to", "KEN", "--as-of", "2019-02-30"),
    ("claims", "acme-vision", "--since", "20x9"),
    ("claims", "acme-vision", "--in", "2019-13"),
    ("claims", "acme-vision", "--before", "2019-02"),
])
def test_a_junk_date_is_refused(minimal_build, args):
    date = args[-1]
    refused(run("--build-dir", str(minimal_build), *args), repr(date))


def test_a_good_date_still_answers(minimal_build):
    result = run("--build-dir", str(minimal_build), "claims", "acme-vision", "--since", "2019")
    assert result.exit_code == 0, result.output


# --- no path between two names: said, not a NetworkXNoPath traceback ---------------------------

def test_no_path_is_said(minimal_build):
    # acme-vision and example-police own or are owned within two separate pairs.
    result = run("--build-dir", str(minimal_build), "path", "acme-vision", "example-police",
                 "--kinds", "ownership")
    assert result.exit_code == 0, result.output
    assert ": 0 found" in result.output
    assert "not recorded: no connection of at most" in result.output


def test_no_path_on_the_shipped_data(shipped_build):
    result = run("--build-dir", str(shipped_build), "path", "Huawei", "Bank of China")
    assert result.exit_code == 0, result.output
    assert "Paths from Huawei to Bank of China: 0 found" in result.output
    assert "unknown is not no" in result.output


# --- an endpoint's count that is not a number ---------------------------------------------------

def _count_answer(value: str | None) -> bytes:
    bindings = "" if value is None else '{"n": {"type": "literal", "value": "%s"}}' % value
    return ('{"head": {"vars": ["n"]}, "results": {"bindings": [%s]}}' % bindings).encode()


@pytest.mark.parametrize("value", ["many", "-3", "1e3", None])
def test_a_count_that_is_not_a_number(value):
    from kg.errors import KGError
    from kg.sparql.protocol import Endpoint
    from kg.sparql.remote import RemoteGraph

    with TinyServer(respond("200 OK", "application/sparql-results+json",
                            _count_answer(value))) as server:
        with pytest.raises(KGError, match="asked to count its triples, it answered .*not a "
                                          "number"):
            RemoteGraph(Endpoint(server.url, timeout=10)).count_triples()


def test_a_count_that_is_a_number():
    from kg.sparql.protocol import Endpoint
    from kg.sparql.remote import RemoteGraph

    with TinyServer(respond("200 OK", "application/sparql-results+json",
                            _count_answer("42"))) as server:
        assert RemoteGraph(Endpoint(server.url, timeout=10)).count_triples() == 42


def test_push_to_an_endpoint_whose_count_is_not_a_number(minimal_build):
    # Every request (the upload, then the count) gets the same 200 answer: a count of "many".
    with TinyServer(respond("200 OK", "application/sparql-results+json",
                            _count_answer("many"))) as server:
        line = refused(run("--build-dir", str(minimal_build), "push", "--endpoint", server.url,
                           "--timeout", "10"))
    assert line == (f"Error: endpoint {server.url}: asked to count its triples, it answered "
                    "'many', not a number")
