"""Headless Firefox over WebDriver BiDi: open a page, evaluate, click, type, screenshot.

The Firefox twin of kg.render.chromium, with the same Page methods, so the browser test runs
the same checks in both. Needs Debian's `firefox-esr` and the `websockets` package, no
geckodriver: Firefox started with `--remote-debugging-port` speaks WebDriver BiDi itself over
a WebSocket on loopback, and writes the port it chose to WebDriverBiDiServer.json in its
profile.

    with Firefox() as browser:
        page = browser.open("file:///tmp/survkg.html")
        page.wait_for("window.survkg && window.survkg.ready")
        print(page.evaluate("window.survkg.nodeCount"), page.requests, page.errors)
"""
from __future__ import annotations

import contextlib
import json
import math
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from kg.errors import KGError
from kg.render.browser import BrowserPage

# A fresh profile that talks to no one: no updates, telemetry, safe-browsing lists, remote
# settings, captive-portal or connectivity probes, so the only requests are the page's own.
PREFS = {
    "app.update.auto": False, "app.update.checkInstallTime": False,
    "browser.shell.checkDefaultBrowser": False, "browser.startup.page": 0,
    "browser.startup.homepage_override.mstone": "ignore", "browser.newtabpage.enabled": False,
    "browser.newtab.preload": False, "browser.safebrowsing.malware.enabled": False,
    "browser.safebrowsing.phishing.enabled": False,
    "browser.safebrowsing.downloads.enabled": False, "browser.search.update": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "datareporting.healthreport.uploadEnabled": False, "toolkit.telemetry.enabled": False,
    "toolkit.telemetry.unified": False, "toolkit.telemetry.server": "",
    "app.normandy.enabled": False, "app.shield.optoutstudies.enabled": False,
    "messaging-system.rsexperimentloader.enabled": False, "services.settings.server": "",
    "extensions.update.enabled": False, "extensions.blocklist.enabled": False,
    "extensions.getAddons.cache.enabled": False, "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False, "network.dns.disablePrefetch": True,
    "network.prefetch-next": False, "network.http.speculative-parallel-limit": 0,
    "remote.active-protocols": 1,  # WebDriver BiDi only
    "dom.disable_beforeunload": True, "browser.tabs.warnOnClose": False,
}
KEYS = {"Enter": "\ue007", "Escape": "\ue00c", "Tab": "\ue004", "Backspace": "\ue003"}


def find_firefox() -> str | None:
    """Return the path of a Firefox binary, or None."""
    for name in (os.environ.get("KG_FIREFOX", ""), "firefox-esr", "firefox"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


def from_remote(value: dict):
    """Return the Python value of a BiDi RemoteValue (objects as dicts, arrays as lists)."""
    kind, data = value.get("type"), value.get("value")
    if kind in ("undefined", "null"):
        return None
    if kind == "number" and isinstance(data, str):  # "NaN", "-0", "Infinity", "-Infinity"
        return {"NaN": math.nan, "-0": -0.0, "Infinity": math.inf}.get(data, -math.inf)
    if kind in ("array", "set", "nodelist", "htmlcollection"):
        return [from_remote(v) for v in data or []]
    if kind in ("object", "map"):
        return {k if isinstance(k, str) else from_remote(k): from_remote(v) for k, v in data or []}
    if kind in ("string", "number", "boolean", "bigint", "date"):
        return data
    return {"type": kind}  # a node, window, function...: not serialisable, as in Chromium


class Firefox:
    """A headless Firefox process and its WebDriver BiDi session; a context manager."""

    def __init__(self, binary: str | None = None, width: int = 1400, height: int = 900,
                 timeout: float = 60.0):
        self.binary = binary or find_firefox()
        if not self.binary:
            raise KGError("no firefox found: install Debian's `firefox-esr` package")
        self.size, self.timeout = (width, height), timeout
        self._sent = 0
        self._events: list[dict] = []  # every event so far, oldest first
        self._ws = self._proc = None

    def __enter__(self) -> "Firefox":
        self._dir = Path(tempfile.mkdtemp(prefix="kg-firefox-"))
        profile = self._dir / "profile"
        profile.mkdir()
        (profile / "user.js").write_text("".join(
            f"user_pref({json.dumps(k)}, {json.dumps(v)});\n" for k, v in PREFS.items()))
        env = {**os.environ, "MOZ_CRASHREPORTER_DISABLE": "1", "HOME": str(self._dir)}
        with open(self._dir / "firefox.log", "wb") as log:  # the child keeps its own copy
            self._proc = subprocess.Popen(
                [self.binary, "--headless", "--no-remote", "--remote-debugging-port=0",
                 "-profile", str(profile), "about:blank"], env=env, stdin=subprocess.DEVNULL,
                stdout=log, stderr=subprocess.STDOUT)
        try:
            self._connect(profile / "WebDriverBiDiServer.json")
            self.send("session.new", {"capabilities": {}})
            self.send("session.subscribe",
                      {"events": ["log.entryAdded", "network.beforeRequestSent"]})
        except BaseException:
            self.__exit__()
            raise
        return self

    def _connect(self, server_file: Path) -> None:
        """Connect to the BiDi port Firefox chose (port 0: no clash between test runs)."""
        from websockets.sync.client import connect  # the `test` extra; only needed here

        deadline = time.monotonic() + self.timeout
        while True:
            try:
                server = json.loads(server_file.read_text())
                break
            except (OSError, ValueError):  # not written yet, or half written
                if self._proc.poll() is not None or time.monotonic() > deadline:
                    raise KGError(f"firefox did not start: {self._last_log_line()}") from None
                time.sleep(0.05)
        url = f"ws://{server['ws_host']}:{server['ws_port']}/session"
        # Entered by hand (websockets wants a context manager) and closed in __exit__; no
        # keepalive pings: on loopback they only risk a timeout while the page is busy.
        self._ws = connect(url, max_size=None, open_timeout=self.timeout,
                           ping_interval=None).__enter__()

    def _last_log_line(self) -> str:
        lines = (self._dir / "firefox.log").read_text(errors="replace").strip().splitlines()
        return lines[-1] if lines else f"exit code {self._proc.poll()}"

    def __exit__(self, *exc) -> None:
        if self._ws is not None:
            with contextlib.suppress(Exception):  # closing anyway: the kill below is the net
                self.send("browser.close", timeout=5)
            self._ws.close()
        if self._proc is not None and self._proc.poll() is None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._proc.wait(timeout=10)
            if self._proc.poll() is None:
                self._proc.kill()
                self._proc.wait()
        shutil.rmtree(self._dir, ignore_errors=True)

    def _receive(self, timeout: float) -> dict | None:
        """Return the next message, keeping events aside; None if none came in `timeout`."""
        from websockets.exceptions import ConnectionClosed

        try:
            message = json.loads(self._ws.recv(timeout=timeout))
        except TimeoutError:
            return None
        except ConnectionClosed:
            raise KGError(f"firefox closed the connection: {self._last_log_line()}") from None
        if message.get("type") == "event":
            self._events.append(message)
        return message

    def send(self, method: str, params: dict | None = None, timeout: float | None = None) -> dict:
        """Send one BiDi command and return its result (raise KGError on an error).

        One thread reads and writes: events that arrive meanwhile are kept for `events()`.
        """
        self._sent += 1
        ident = self._sent
        self._ws.send(json.dumps({"id": ident, "method": method, "params": params or {}}))
        deadline = time.monotonic() + (timeout or self.timeout)
        while (left := deadline - time.monotonic()) > 0:
            reply = self._receive(left)
            if reply is not None and reply.get("id") == ident:
                if reply.get("type") == "error":
                    raise KGError(f"{method}: {reply.get('error')}: {reply.get('message')}")
                return reply.get("result", {})
        raise KGError(f"firefox did not answer {method}")

    def events(self, context: str | None = None) -> list[dict]:
        """Events received so far, those of one browsing context when it is given."""
        while self._receive(0) is not None:  # take in what arrived since the last command
            pass
        return [e for e in self._events if context is None or context in (
            e["params"].get("context"), e["params"].get("source", {}).get("context"))]

    def open(self, url: str, wait_load: bool = True) -> "Page":
        """Open `url` in a new tab; its requests and log entries are recorded."""
        context = self.send("browsingContext.create", {"type": "tab"})["context"]
        page = Page(self, context)
        self.send("browsingContext.setViewport", {
            "context": context, "viewport": {"width": self.size[0], "height": self.size[1]},
            "devicePixelRatio": 1})
        page.started = time.perf_counter()
        self.send("browsingContext.navigate",
                  {"context": context, "url": url,
                   # "interactive" at least: the page's own document, not about:blank, answers
                   "wait": "complete" if wait_load else "interactive"})
        return page


class Page(BrowserPage):
    """One tab: evaluate JavaScript, send input, read what happened."""

    REQUEST_EVENT = "network.beforeRequestSent"

    def __init__(self, browser: Firefox, context: str):
        self.browser, self.context = browser, context
        self.started = time.perf_counter()

    def evaluate(self, expression: str, await_promise: bool = False):
        """Return the value of a JavaScript expression (JSON-like values)."""
        result = self.browser.send("script.evaluate", {
            "expression": expression, "target": {"context": self.context},
            "awaitPromise": await_promise, "resultOwnership": "none"})
        if result.get("type") == "exception":
            details = result["exceptionDetails"]
            raise KGError(f"javascript error: {details.get('text')}")
        return from_remote(result["result"])

    def wait_for(self, expression: str, timeout: float | None = None, poll: float = 0.02):
        """Wait until the expression is truthy; return the seconds since navigation.

        The page polls itself (one BiDi command, not one per poll) and gives up after
        `timeout` seconds.
        """
        timeout = timeout or self.browser.timeout
        met = self.browser.send("script.evaluate", {
            "expression": f"""new Promise(function (done, fail) {{
                var until = Date.now() + {timeout * 1000:.0f};
                (function check() {{
                    try {{ if ({expression}) return done(true); }} catch (e) {{ return fail(e); }}
                    if (Date.now() > until) return done(false);
                    setTimeout(check, {poll * 1000:.0f});
                }})(); }})""",
            "target": {"context": self.context}, "awaitPromise": True,
            "resultOwnership": "none"}, timeout=timeout + 10)
        if met.get("type") == "exception":
            raise KGError(f"javascript error: {met['exceptionDetails'].get('text')}")
        if not met["result"].get("value"):
            raise KGError(f"timed out waiting for {expression}")
        return time.perf_counter() - self.started

    def _act(self, source: dict) -> None:
        self.browser.send("input.performActions",
                          {"context": self.context, "actions": [source]})

    def click(self, x: float, y: float) -> None:
        """Press and release the left mouse button at viewport point (x, y)."""
        self._act({"type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"},
                   "actions": [{"type": "pointerMove", "x": round(x), "y": round(y)},
                               {"type": "pointerDown", "button": 0},
                               {"type": "pointerUp", "button": 0}]})

    def type(self, text: str) -> None:
        """Type the text into the focused element, one key press per character."""
        self._act({"type": "key", "id": "keyboard", "actions": [
            {"type": kind, "value": ch} for ch in text for kind in ("keyDown", "keyUp")]})

    def key(self, key: str, code: int | None = None) -> None:
        """Press a named key ("Enter", "Escape", ...); `code` is Chromium's, unused here."""
        self.type(KEYS[key])

    def _capture(self) -> str:
        return self.browser.send("browsingContext.captureScreenshot",
                                 {"context": self.context})["data"]

    def _events(self) -> list[dict]:
        # Firefox's network monitor never reports file:// loads, the page's own included.
        return self.browser.events(self.context)

    @property
    def errors(self) -> list[str]:
        """Console errors and uncaught exceptions, one line each."""
        return [e["params"].get("text") or "" for e in self.browser.events(self.context)
                if e["method"] == "log.entryAdded" and e["params"].get("level") == "error"]
