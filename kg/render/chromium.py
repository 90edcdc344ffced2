"""Headless Chromium over the DevTools pipe: open a page, evaluate, click, type, screenshot.

For the browser test and the HTML benchmark; needs only Debian's `chromium` (no driver, no npm,
no websocket library): Chromium reads DevTools commands from fd 3 and writes replies to fd 4,
each a JSON message ended by a NUL byte.

    with Chromium() as browser:
        page = browser.open("file:///tmp/survkg.html")
        page.wait_for("window.survkg && window.survkg.ready")
        print(page.evaluate("window.survkg.nodeCount"), page.requests, page.errors)
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time

from kg.errors import KGError
from kg.render.browser import BrowserPage

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
         "--disable-dev-shm-usage", "--disable-extensions", "--mute-audio",
         "--no-default-browser-check", "--remote-debugging-pipe")


def find_chromium() -> str | None:
    """Return the path of a Chromium binary, or None."""
    for name in (os.environ.get("KG_CHROMIUM", ""), "chromium", "chromium-browser"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


class Chromium:
    """A headless Chromium process and its DevTools connection; a context manager."""

    def __init__(self, binary: str | None = None, width: int = 1400, height: int = 900,
                 timeout: float = 60.0):
        self.binary = binary or find_chromium()
        if not self.binary:
            raise KGError("no chromium found: install Debian's `chromium` package")
        self.size, self.timeout = (width, height), timeout
        self._id = 0
        self._replies: dict[int, dict] = {}
        self._events: list[dict] = []
        self._cond = threading.Condition()

    def __enter__(self) -> "Chromium":
        self._profile = tempfile.mkdtemp(prefix="kg-chromium-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def wire_fds():  # in the child: its fd 3 reads our commands, its fd 4 writes replies
            # Move both out of the way first, so neither is clobbered by the other's dup2.
            a = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 10)
            b = fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)
            os.close(a)
            os.close(b)

        args = [self.binary, *FLAGS, f"--user-data-dir={self._profile}",
                f"--window-size={self.size[0]},{self.size[1]}", "about:blank"]
        # close_fds=False: the child keeps only inheritable fds (Python's own are not), and
        # 3 and 4, made by wire_fds after the point where close_fds would close them.
        self._proc = subprocess.Popen(args, close_fds=False, preexec_fn=wire_fds, stdin=subprocess.DEVNULL,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_child_r)
        os.close(from_child_w)
        threading.Thread(target=self._read, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        for fd in (self._to_child, self._from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self._profile, ignore_errors=True)

    def _read(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = os.read(self._from_child, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                with self._cond:
                    self._closed = True
                    self._cond.notify_all()
                return
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            with self._cond:
                for raw in messages:
                    message = json.loads(raw)
                    if "id" in message:
                        self._replies[message["id"]] = message
                    else:
                        self._events.append(message)
                self._cond.notify_all()

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float | None = None) -> dict:
        """Send one DevTools command and return its result (raise KGError on an error)."""
        with self._cond:
            self._id += 1
            ident = self._id
        message = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + (timeout or self.timeout)
        with self._cond:
            while ident not in self._replies:
                left = deadline - time.monotonic()
                if left <= 0 or getattr(self, "_closed", False):
                    raise KGError(f"chromium did not answer {method}")
                self._cond.wait(left)
            reply = self._replies.pop(ident)
        if "error" in reply:
            raise KGError(f"{method}: {reply['error'].get('message')}")
        return reply.get("result", {})

    def events(self, session: str | None = None) -> list[dict]:
        with self._cond:
            return [e for e in self._events if session is None or e.get("sessionId") == session]

    def open(self, url: str, wait_load: bool = True) -> "Page":
        """Open `url` in a new tab with network, console and log events recorded."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"]
        page = Page(self, session)
        for domain in ("Page", "Runtime", "Log", "Network"):
            page.send(f"{domain}.enable")
        page.send("Emulation.setDeviceMetricsOverride", {
            "width": self.size[0], "height": self.size[1], "deviceScaleFactor": 1,
            "mobile": False})
        page.started = time.perf_counter()
        page.send("Page.navigate", {"url": url})
        if wait_load:
            page.wait_event("Page.loadEventFired")
        return page


class Page(BrowserPage):
    """One tab: evaluate JavaScript, send input, read what happened."""

    REQUEST_EVENT = "Network.requestWillBeSent"

    def __init__(self, browser: Chromium, session: str):
        self.browser, self.session = browser, session
        self.started = time.perf_counter()

    def send(self, method: str, params: dict | None = None) -> dict:
        return self.browser.send(method, params, session=self.session)

    def wait_event(self, method: str, timeout: float | None = None) -> dict:
        deadline = time.monotonic() + (timeout or self.browser.timeout)
        while time.monotonic() < deadline:
            for event in self.browser.events(self.session):
                if event["method"] == method:
                    return event
            time.sleep(0.02)
        raise KGError(f"no {method} within the timeout")

    def evaluate(self, expression: str, await_promise: bool = False):
        """Return the value of a JavaScript expression (JSON-serialisable values)."""
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": await_promise})
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise KGError(f"javascript error: {text}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float | None = None, poll: float = 0.02):
        """Wait until the expression is truthy; return the seconds since navigation."""
        deadline = time.monotonic() + (timeout or self.browser.timeout)
        while time.monotonic() < deadline:
            if self.evaluate(f"!!({expression})"):
                return time.perf_counter() - self.started
            time.sleep(poll)
        raise KGError(f"timed out waiting for {expression}")

    def click(self, x: float, y: float) -> None:
        """Press and release the left mouse button at viewport point (x, y)."""
        self.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y,
                                                   "button": "left", "clickCount": 1})

    def type(self, text: str) -> None:
        self.send("Input.insertText", {"text": text})

    def key(self, key: str, code: int) -> None:
        for kind in ("keyDown", "keyUp"):
            self.send("Input.dispatchKeyEvent", {"type": kind, "key": key, "code": key,
                                                 "windowsVirtualKeyCode": code})

    def _capture(self) -> str:
        return self.send("Page.captureScreenshot", {"format": "png"})["data"]

    def _events(self) -> list[dict]:
        # The page's own document is among the requests: it is loaded like any other.
        return self.browser.events(self.session)

    @property
    def errors(self) -> list[str]:
        """Console errors, uncaught exceptions and error log entries, one line each."""
        found = []
        for e in self.browser.events(self.session):
            p = e.get("params", {})
            if e["method"] == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                found.append(" ".join(str(a.get("value", a.get("description", "")))
                                      for a in p.get("args", [])))
            elif e["method"] == "Runtime.exceptionThrown":
                d = p.get("exceptionDetails", {})
                found.append(d.get("exception", {}).get("description") or d.get("text", ""))
            elif e["method"] == "Log.entryAdded" and p["entry"].get("level") == "error":
                found.append(p["entry"].get("text", ""))
        return found
