"""Debian's headless Chromium driven by Selenium through Debian's chromedriver, for the explorer's
browser tests (tests/test_browser.py) and scripts/bench_html.py.

Both binaries come from Debian (`apt-get install chromium chromium-driver`): one source package,
and chromium-driver depends on the very same chromium version, so driver and browser never drift
apart. Selenium is handed the driver's path, so Selenium Manager never runs (it would look for,
and download, a driver of its own). What a page did comes from chromedriver's logs
(`goog:loggingPrefs`): the browser log has console errors, uncaught exceptions and the browser's
own errors (a CSP violation, a failed load), which WebDriver BiDi's log events leave out; the
performance log has the DevTools network events, file:// loads included.

    driver = start()
    tab = Tab(driver, "file:///tmp/survkg.html")
    tab.wait_for("window.survkg && window.survkg.ready")
    print(tab.evaluate("survkg.nodeCount"), tab.requests, tab.errors)
    driver.quit()
"""
from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = shutil.which(os.environ.get("KG_CHROMIUM", "chromium"))
CHROMEDRIVER = shutil.which(os.environ.get("KG_CHROMEDRIVER", "chromedriver"))
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--mute-audio")


def missing() -> str | None:
    """Return why the browser cannot run here (which Debian package is absent), or None."""
    absent = [package for package, binary in (("chromium", CHROMIUM),
                                              ("chromium-driver", CHROMEDRIVER)) if not binary]
    if absent:
        return f"no {' and no '.join(absent)}: apt-get install -y {' '.join(absent)} (Debian)"
    return None


def start(width: int = 1400, height: int = 900, timeout: float = 60) -> webdriver.Chrome:
    """Return a Selenium session on a new headless Chromium whose page is width x height px;
    the caller quits it."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--window-size={width},{height}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    # --window-size counts the window's frame too: grow the window until the page sees the size.
    frame = driver.execute_script("return [outerWidth - innerWidth, outerHeight - innerHeight]")
    driver.set_window_size(width + frame[0], height + frame[1])
    driver.set_script_timeout(timeout)
    driver.set_page_load_timeout(timeout)
    return driver


class Tab:
    """The session's window showing one page, with the requests and errors the page caused."""

    def __init__(self, driver: webdriver.Chrome, url: str):
        self.driver, self.url = driver, url
        self._requests: list[str] = []
        self._errors: list[str] = []
        # Leave the previous page first, then drop what it logged: only this page's entries stay.
        driver.get("about:blank")
        driver.get_log("browser")
        driver.get_log("performance")
        self.started = time.perf_counter()
        driver.get(url)  # returns once the page has loaded

    def _read_logs(self) -> None:
        # Reading a log empties it, so the entries are kept here.
        for entry in self.driver.get_log("browser"):
            if entry["level"] == "SEVERE":
                self._errors.append(entry["message"])
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.requestWillBeSent":
                self._requests.append(message["params"]["request"]["url"])

    @property
    def requests(self) -> list[str]:
        """URLs of every request the page made, the file:// page itself included."""
        self._read_logs()
        return list(self._requests)

    @property
    def errors(self) -> list[str]:
        """The browser's error lines as it logs them (`<url> <line>:<col> "<message>"`)."""
        self._read_logs()
        return list(self._errors)

    def evaluate(self, expression: str):
        """Return the value of a JavaScript expression (JSON-like values)."""
        return self.driver.execute_script(f"return ({expression});")

    def wait_for(self, expression: str, timeout: float = 30, poll: float = 0.02) -> float:
        """Wait until the expression is truthy; return the seconds since the page was asked for."""
        WebDriverWait(self.driver, timeout, poll_frequency=poll).until(
            lambda driver: driver.execute_script(f"return !!({expression});"),
            message=f"timed out waiting for {expression}")
        return time.perf_counter() - self.started

    def screenshot(self, path: Path) -> Path:
        """Save a PNG of the viewport to `path` (folders made as needed); return the path."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self.driver.save_screenshot(str(path))
        return path
