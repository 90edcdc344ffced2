"""What the two headless-browser drivers (kg/render/chromium.py, kg/render/firefox.py) share.

A driver's `Page` subclasses `BrowserPage` and says how it captures a PNG (`_capture`, base64)
and which event names a request (`REQUEST_EVENT`) in its browser's event log; saving
screenshots and listing request URLs are then the same for both.
"""
from __future__ import annotations

import base64
from pathlib import Path


class BrowserPage:
    """The parts of a page that do not depend on the browser's protocol."""

    REQUEST_EVENT = ""   # the protocol's "a request is about to be sent" event

    def _capture(self) -> str:
        raise NotImplementedError

    def _events(self) -> list[dict]:
        raise NotImplementedError

    def screenshot(self, path: str | Path) -> Path:
        """Save a PNG of the viewport to `path` (folders made as needed); return the path."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(self._capture()))
        return path

    @property
    def requests(self) -> list[str]:
        """URLs of every request the browser saw the page make."""
        return [e["params"]["request"]["url"] for e in self._events()
                if e["method"] == self.REQUEST_EVENT]
