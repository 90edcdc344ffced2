"""The explorer looked at, not only counted: the shipped build's default view (who supplies
whom), a focused view and a path view open in headless Chromium (tests/chromium.py) with no
request but the page, no console error, and labels that are drawn and do not overlap: the ten
vendors supplying the most countries are labelled in the default view. The labels are the
rectangles the page drew (`survkg.labelBoxes()`, in the graph's pixels).

With KG_SCREENSHOTS=DIR the three views are saved as DIR/explorer-default.png,
explorer-focus.png and explorer-path.png (the README's pictures: docs/img/).
"""
from __future__ import annotations

import os
from pathlib import Path
from unittest import mock

import pytest
from chromium import Tab, missing, start
from selenium.webdriver.common.selenium_manager import SeleniumManager

from kg.analysis.focus import list_only
from kg.analysis.network import load_network
from kg.analysis.suppliers import supply_links
from kg.explore.page import explorer_page

READY = "window.survkg && window.survkg.ready"
# The README's views: one country's neighbourhood, and a restriction's reach to it.
FOCUS = {"focus": "Uganda", "depth": 2}
PATH = {"path": ("BIS", "Uganda")}

pytestmark = pytest.mark.skipif(missing() is not None, reason=missing() or "")


@pytest.fixture(scope="module")
def driver():
    ran = AssertionError("Selenium Manager ran: it must never look for a driver")
    with mock.patch.object(SeleniumManager, "binary_paths", side_effect=ran):
        session = start(1400, 900)
    yield session
    session.quit()


@pytest.fixture(scope="module")
def pages(shipped_build, tmp_path_factory) -> dict[str, Path]:
    """The three views' files: the default is the page `kg build` wrote."""
    out = tmp_path_factory.mktemp("story-pages")
    files = {"default": shipped_build / "survkg.html"}
    for name, view in (("focus", FOCUS), ("path", PATH)):
        files[name] = out / f"{name}.html"
        files[name].write_text(explorer_page(shipped_build, **view).html, encoding="utf-8")
    return files


def open_view(driver, page: Path) -> Tab:
    tab = Tab(driver, page.resolve().as_uri())
    tab.wait_for(READY, timeout=60)
    return tab


def overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    """Return the pairs of label rectangles that overlap (touching edges do not)."""
    return [(a["text"], b["text"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]]


def top_vendors(build: Path, n: int = 10) -> list[str]:
    """The n vendors supplying the most countries, from the supply links `kg suppliers` reads
    (a tie at the n-th place takes every vendor tied)."""
    net = load_network(build)
    countries: dict[str, set[str]] = {}
    for vendor, country, _ in supply_links(net):
        countries.setdefault(vendor, set()).add(country)
    ranked = sorted(countries, key=lambda v: (-len(countries[v]), v))
    cut = len(countries[ranked[n - 1]])
    return [v for v in ranked if len(countries[v]) >= cut and v not in list_only(net)]


def test_default_view_labels_the_top_vendors_without_overlap(driver, pages, shipped_build):
    tab = open_view(driver, pages["default"])
    boxes = tab.evaluate("survkg.labelBoxes()")
    size = tab.evaluate("[document.getElementById('graph').clientWidth,"
                        " document.getElementById('graph').clientHeight]")
    drawn = {b["id"]: b for b in boxes if b["id"]}
    top = top_vendors(shipped_build)
    assert len(top) >= 10
    missing_labels = [v for v in top[:10] if v not in drawn]
    assert not missing_labels, missing_labels
    for vendor in top[:10]:
        box = drawn[vendor]
        assert box["text"] == tab.evaluate(f"survkg.label({vendor!r})")
        assert 0 <= box["x"] and box["x"] + box["width"] <= size[0]
        assert 0 <= box["y"] and box["y"] + box["height"] <= size[1]
    assert overlapping(boxes) == []
    assert any(b["region"] for b in boxes)  # the region sectors are named
    assert tab.requests == [pages["default"].resolve().as_uri()]
    assert tab.errors == []


def test_zooming_in_draws_more_labels_still_apart(driver, pages):
    tab = open_view(driver, pages["default"])
    before = len(tab.evaluate("survkg.labelBoxes()"))
    tab.evaluate("(function () { var n = survkg.network; n.moveTo({scale: n.getScale() * 2.5});"
                 " n.redraw(); return true; })()")
    after = tab.evaluate("survkg.labelBoxes()")
    assert len(after) > before
    assert overlapping(after) == []


@pytest.mark.parametrize("view", ["focus", "path"])
def test_views_label_without_overlap_offline(driver, pages, view):
    tab = open_view(driver, pages[view])
    boxes = tab.evaluate("survkg.labelBoxes()")
    assert boxes and overlapping(boxes) == []
    focus = tab.evaluate("Object.keys(survkg.data.nodeInfo).filter(function (id) {"
                         " return survkg.data.nodeInfo[id].focus; })")
    assert set(focus) <= {b["id"] for b in boxes}  # the focus (the path's ends) is labelled
    assert tab.requests == [pages[view].resolve().as_uri()]
    assert tab.errors == []


@pytest.mark.skipif(not os.environ.get("KG_SCREENSHOTS"), reason="KG_SCREENSHOTS=DIR not set")
def test_screenshots_of_the_three_views(driver, pages):
    out = Path(os.environ["KG_SCREENSHOTS"])
    for name in ("default", "focus", "path"):  # the path view last: its semantics move most
        tab = open_view(driver, pages[name])
        shot = tab.screenshot(out / f"explorer-{name}.png")
        assert shot.stat().st_size > 10_000
        assert tab.errors == []
        print(f"screenshot: {shot}")
