"""The explorer controls' data and script, without a browser (tests/test_browser_controls.py runs
them in Chromium): independent sources per edge, the build's date, and a script that writes text,
never markup, and names no address."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from kg.build import build
from kg.explore.controls import agreement, built_on
from kg.explore.extract import load
from kg.explore.html import TEMPLATES, render_page
from kg.explore.html_data import page_data

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="module")
def focus_data(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("controls-focus")
    build(FIXTURES / "focus" / "data", out, shacl=False)
    return page_data(load(out))


def test_editions_of_one_tracker_count_once(focus_data):
    by_label: dict[str, set[int]] = {}
    for eid, count in agreement(focus_data).items():
        by_label.setdefault(focus_data["edgeInfo"][eid]["label"], set()).add(count)
    # Acme in Kenya: Daily A, Daily B and two editions of Example Index: 3 voices, not 4
    assert by_label["Acme Vision supplies Kenya"] == {3}
    assert by_label["Globex supplies Kenya"] == {1}


def test_a_link_counts_its_own_evidence_and_none_is_zero():
    data = {"sources": {"source/a": {"kind": "article", "publisher": "Times"},
                        "source/b": {"kind": "article", "publisher": "Times"},
                        "source/c": {"kind": "report", "publisher": "NGO"}},
            "edgeInfo": {"e0": {"kind": "financing", "evidence": [
                             {"source": "source/a"}, {"source": "source/b"}, {"source": "source/c"}]},
                         "e1": {"kind": "home"}}}
    assert agreement(data) == {"e0": 2, "e1": 0}


def test_the_page_carries_the_counts(focus_data):
    html = render_page(focus_data)
    assert '"agreement_by_edge":' in html


def test_the_build_date_is_the_projection_file_date(tmp_path):
    assert built_on(tmp_path) == ""
    (tmp_path / "network.json").write_text("{}")
    os.utime(tmp_path / "network.json", (0, 86400 * 365))  # 1971-01-01 UTC
    assert built_on(tmp_path) == "1971-01-01"


def test_the_controls_script_writes_text_never_markup():
    js = (TEMPLATES / "explorer_controls.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                 "new Function", "setAttribute(\"on", "fetch(", "XMLHttpRequest", "import("):
        assert sink not in js, sink
    assert "textContent" in js
    assert not re.search(r"https?://", js)  # the SVG namespace is written with \x3a
