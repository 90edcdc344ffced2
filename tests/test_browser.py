"""The explorer in a real browser: headless Chromium (Debian's `chromium`) opens the page from a
file:// URL and runs the checks of tests/browser_checks.py (the same checks Firefox runs in
tests/test_browser_firefox.py). Screenshots: build/test-artifacts/chromium-*.png.

Needs only the `chromium` package: the test speaks the DevTools protocol over a pipe
(kg.render.chromium). Skipped, with the reason, when no chromium is installed.
"""
from __future__ import annotations

import pytest
from browser_checks import BrowserChecks

from kg.render.chromium import Chromium, find_chromium

pytestmark = pytest.mark.skipif(
    find_chromium() is None,
    reason="no chromium: install Debian's `chromium` package (apt-get install -y chromium)")


class TestChromium(BrowserChecks):
    name = "chromium"
    page_is_a_request = True  # DevTools reports file:// loads, the page's own included

    def start(self):
        return Chromium()
