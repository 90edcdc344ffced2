"""The explorer in a real Firefox: headless Firefox (Debian's `firefox-esr`) opens the page from
a file:// URL and runs the checks of tests/browser_checks.py, the same as Chromium does in
tests/test_browser.py. Screenshots: build/test-artifacts/firefox-*.png.

Needs the `firefox-esr` package (installed by .ci/run) and `websockets` (the `test` extra); no
geckodriver: the test speaks WebDriver BiDi to Firefox itself (kg.render.firefox). The browser
tests are skipped, with the reason, when no firefox is installed; the client's own tests
(values, a Firefox that fails to start) run everywhere.
"""
from __future__ import annotations

import math

import pytest
from browser_checks import BrowserChecks

from kg.errors import KGError
from kg.render.firefox import Firefox, find_firefox, from_remote


@pytest.mark.skipif(
    find_firefox() is None,
    reason="no firefox: install Debian's `firefox-esr` package (apt-get install -y firefox-esr)")
class TestFirefox(BrowserChecks):
    name = "firefox"
    # BiDi reports only requests that go through the network (http, https, ws...), never file://
    # loads; a blocked remote load still shows as a CSP error, which the checks catch.
    page_is_a_request = False

    def start(self):
        return Firefox()

    def test_values_come_back_as_python(self, browser, tmp_path):
        page_file = tmp_path / "values.html"
        page_file.write_text("<!DOCTYPE html><title>values</title>")
        page = browser.open(page_file.as_uri())
        assert page.evaluate("({a: [1, 'x', null, true], b: undefined, c: 1 / 0})") == {
            "a": [1, "x", None, True], "b": None, "c": math.inf}
        with pytest.raises(KGError, match="javascript error: ReferenceError: nosuch"):
            page.evaluate("nosuch.x")
        with pytest.raises(KGError, match="timed out waiting for false"):
            page.wait_for("false", timeout=0.2)


def test_from_remote_reads_every_kind_of_value():
    remote = {"type": "object", "value": [
        ["list", {"type": "array", "value": [{"type": "number", "value": 2},
                                             {"type": "string", "value": "s"},
                                             {"type": "boolean", "value": False},
                                             {"type": "null"}, {"type": "undefined"}]}],
        ["nan", {"type": "number", "value": "NaN"}],
        ["low", {"type": "number", "value": "-Infinity"}],
        ["node", {"type": "node", "sharedId": "n1"}]]}
    value = from_remote(remote)
    assert value["list"] == [2, "s", False, None, None]
    assert math.isnan(value["nan"]) and value["low"] == -math.inf
    assert value["node"] == {"type": "node"}


def test_a_firefox_that_does_not_start_is_one_clear_error(tmp_path):
    fake = tmp_path / "firefox"
    fake.write_text("#!/bin/sh\necho 'Error: no DISPLAY and no --headless'\nexit 1\n")
    fake.chmod(0o755)
    message = r"^firefox did not start: Error: no DISPLAY and no --headless$"
    with pytest.raises(KGError, match=message):
        with Firefox(binary=str(fake), timeout=10):
            pass
