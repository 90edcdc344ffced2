"""What the importer tests share: where the fixtures, the project's data and the upstream
datasets are, a mark that skips a test when an upstream file is absent, and fresh copies of
data folders for an import to write into (a test never imports into data/ itself)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
REPO_DATA = TESTS.parent / "data"
DATASETS = TESTS.parents[1] / "shared" / "datasets"   # ../shared/datasets beside the clone


def fixtures(name: str) -> Path:
    """Return tests/fixtures/<name>."""
    return TESTS / "fixtures" / name


def copy_data(source: Path, into: Path) -> Path:
    """Copy a data folder to `into`/data and return the copy."""
    return Path(shutil.copytree(source, into / "data"))


def needs(path: Path) -> pytest.MarkDecorator:
    """Skip a test when an upstream file or folder of ../shared/datasets is absent."""
    return pytest.mark.skipif(not path.exists(), reason=f"{path} is absent (../shared/datasets)")


def records_of(path: Path) -> dict[str, list[dict]]:
    """Return the records of an imported JSON Lines file by kind, as the build reads them."""
    from kg.records.jsonl import read_jsonl

    return read_jsonl(path)
