"""Every docstring example in kg/ runs and gives what it shows (STYLE: runnable examples)."""
from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

KG = Path(__file__).resolve().parent.parent / "kg"
MODULES = sorted(".".join(p.relative_to(KG.parent).with_suffix("").parts).removesuffix(".__init__")
                 for p in KG.rglob("*.py"))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} examples failed"


def test_the_examples_are_found():
    found = sum(doctest.testmod(importlib.import_module(n)).attempted for n in MODULES)
    assert found >= 30
