"""The explorer in a real Firefox: headless Firefox (Debian's `firefox-esr`) opens the page from
a file:// URL and runs the checks of tests/browser_checks.py, the same as Chromium does in
tests/test_browser.py. Screenshots: build/test-artifacts/firefox-*.png.

Needs the `firefox-esr` package (installed by .ci/run) and `websockets` (the `test` extra); no
geckodriver: the test speaks WebDriver BiDi to Firefox itself (kg.render.firefox). Skipped, with
the reason, when no firefox is installed.
"""
from __future__ import annotations

import pytest
from browser_checks import BrowserChecks

from kg.render.firefox import Firefox, find_firefox

pytestmark = pytest.mark.skipif(
    find_firefox() is None,
    reason="no firefox: install Debian's `firefox-esr` package (apt-get install -y firefox-esr)")


class TestFirefox(BrowserChecks):
    name = "firefox"
    # BiDi reports only requests that go through the network (http, https, ws...), never file://
    # loads; a blocked remote load still shows as a CSP error, which the checks catch.
    page_is_a_request = False

    def start(self):
        return Firefox()
