"""Property: any record file, however hostile, is read or refused in lines of `path:line: ...`.

Hypothesis writes one record (a deal, an organisation or an ownership) whose fields hold hostile
strings (control characters, line breaks, 12,000 characters, punctuation only, YAML syntax written
plain), dates, amounts (infinite, 1e999999999, 5,000 digits), nesting (40 deep) and alias bombs.
In process, the loader must give a dataset or KGErrors whose every line is one short
`path:line: message`, with bounded memory; in a subprocess under a 1 GB address-space limit,
`kg build` must exit 0 or 1 without a traceback and, when it fails, leave the previous build
byte for byte as it was.
"""
from __future__ import annotations

import json
import re
import resource
import shutil
import subprocess
import sys
import tracemalloc
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import KGErrors
from kg.records.dataset import load_dataset
from test_hostile_records import BASE  # the same small valid records, hostile ones added

MEMORY = 64 * 2**20          # bytes one example may allocate in process, at its peak
ADDRESS_SPACE = 2**30         # bytes `kg build` may map in the subprocess test
EXAMPLE_DEADLINE = timedelta(seconds=20)  # a regression hangs; a busy machine does not fail

# --- hostile values, as YAML text -----------------------------------------------------------

_ODD = ["", "--", "...", "\n", "a\n", "acme\n", "\x1b[2J", "\x07", "\x00", "\x85", "\u2028",
        "&a", "*a", "{x: [", "'", '"', "#", "- x", "? x", "!!python/object:os.system", "\ufeff"]
strings = st.one_of(
    st.text(max_size=20),
    st.sampled_from(_ODD),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=2), st.sampled_from([5000, 12000])),
)


def _render(value: str, plain: bool) -> str:
    """Return a string as YAML: a JSON string (escaped), or written out plain on one line."""
    return value.replace("\n", " ") if plain else json.dumps(value, ensure_ascii=False)


texts = st.builds(_render, strings, st.booleans())
dates = st.one_of(
    texts,
    st.integers(-10, 100_000).map(str),
    st.from_regex(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", fullmatch=True).map(json.dumps),
    st.sampled_from(['"0000"', "9999", '"2019-02-30"', '"2019-10-09\\n"', "2019-10-09 12:00:00"]),
)
amounts = st.one_of(
    st.floats().map(repr),
    st.integers(-10**30, 10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(lambda d: json.dumps(str(d))),
    st.sampled_from(['"1e999999999"', "1e999999999", '"1e-999999999"', ".inf", ".nan",
                     "9" * 5000, "-1", "true", "[1]"]),
)


def _bomb(levels: int) -> str:
    rows = ["&a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    rows += [f"&a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "[" + ", ".join(rows) + "]"


nesting = st.one_of(
    st.integers(0, 40).map(lambda n: "[" * n + "x" + "]" * n),
    st.integers(1, 9).map(_bomb),
)
values = st.one_of(texts, dates, amounts, nesting)
ids = st.one_of(st.just("acme"), st.just("beta"), st.just("x1"), texts)


@st.composite
def record_files(draw) -> str:
    """Return the text of a record file of one hostile record."""
    kind = draw(st.sampled_from(["deals", "organizations", "ownerships"]))
    fields = {"id": draw(ids)}
    if kind == "deals":
        fields |= {"label": draw(texts), "suppliers": f"[{draw(ids)}]", "country": draw(texts),
                   "strength": "reported-sale", "amount": draw(amounts),
                   "currency": draw(st.sampled_from(["USD", "XXX", "usd", '"USD\\n"'])),
                   "start": draw(dates), "end": draw(dates)}
    elif kind == "organizations":
        fields |= {"label": draw(texts), "kind": "company", "aliases": f"[{draw(texts)}]",
                   "part_of": draw(ids)}
    else:
        fields |= {"owner": draw(ids), "owned": draw(ids), "year": draw(dates),
                   "start": draw(dates)}
    # Any field may be replaced by a hostile value of another sort, or one more field added.
    names = sorted(fields)
    for name in draw(st.lists(st.sampled_from(names), max_size=2, unique=True)):
        fields[name] = draw(values)
    if draw(st.booleans()):
        fields[draw(st.sampled_from(["note", "scope", "status"]))] = draw(values)
    lines = [f"{kind}:", f"  - id: {fields.pop('id')}"]
    lines += [f"    {name}: {value}" for name, value in fields.items()]
    if kind != "organizations":
        lines.append("    evidence: [{source: src, summary: says so}]")
    return "\n".join(lines) + "\n"


def _check_lines(lines: list[str], folder: Path) -> None:
    """Assert that each line is one short `path:line: message` about a file of `folder`."""
    assert lines
    pattern = re.compile(rf"^{re.escape(str(folder))}/[\w.-]+\.yaml:\d+: \S")
    for line in lines:
        assert pattern.match(line), line
        assert "\n" not in line and "\x1b" not in line and len(line) < 1_000, line[:200]


# --- in process ---------------------------------------------------------------------------

@settings(max_examples=100, deadline=EXAMPLE_DEADLINE,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=record_files())
def test_any_record_file_is_read_or_refused_in_lines(tmp_path, text):
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    (data / "base.yaml").write_text(BASE, encoding="utf-8")
    (data / "hostile.yaml").write_text(text, encoding="utf-8")
    tracemalloc.start()
    try:
        try:
            load_dataset(data)
            lines = None
        except KGErrors as errors:
            lines = [str(e) for e in errors.errors]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < MEMORY
    if lines is not None:
        _check_lines(lines, data)


# --- kg build in a subprocess, under an address-space limit -------------------------------

def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def good_build(tmp_path_factory) -> tuple[Path, Path]:
    """A data folder of BASE and its build, built once for the module."""
    root = tmp_path_factory.mktemp("limits")
    (root / "data").mkdir()
    (root / "data" / "base.yaml").write_text(BASE, encoding="utf-8")
    done = subprocess.run(_kg(root / "data", root / "build", "build", "--no-shacl"),
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return root / "data", root / "build"


def _kg(data: Path, build: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "kg", "--data", str(data), "--build-dir", str(build), *args]


@settings(max_examples=4, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=record_files())
def test_kg_build_fails_in_one_line_within_memory_and_keeps_the_build(good_build, tmp_path,
                                                                      text):
    base_data, base_build = good_build
    data, build = tmp_path / "data", tmp_path / "build"
    shutil.rmtree(data, ignore_errors=True)
    # A build folder is a link to a versioned folder beside it (kg/build/versions.py): remove both.
    if build.is_symlink():
        build.unlink()
    shutil.rmtree(build, ignore_errors=True)
    for left in tmp_path.glob(".build.*"):
        shutil.rmtree(left, ignore_errors=True) if left.is_dir() and not left.is_symlink() \
            else left.unlink()
    shutil.copytree(base_data, data)
    shutil.copytree(base_build, build)
    (data / "hostile.yaml").write_text(text, encoding="utf-8")
    before = _snapshot(build)
    done = subprocess.run(_kg(data, build, "build", "--no-shacl"), capture_output=True,
                          text=True, timeout=300, preexec_fn=_limited, check=False)
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr, done.stderr
    assert done.returncode in (0, 1), (done.returncode, done.stderr[-500:])
    if done.returncode == 1:
        _check_lines([line.removeprefix("Error: ") for line in done.stderr.splitlines()
                      if line.strip()], data)
        assert _snapshot(build) == before
