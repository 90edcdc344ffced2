"""The explorer as one self-contained HTML page: our template, pyvis's vis-network inlined.

Nothing in the page is fetched: no CDN, no stylesheet, font or image by address, and a
Content-Security-Policy that forbids any fetch besides. Data goes in as JSON inside a
`<script type="application/json">` block with `<`, `>`, `&`, U+2028 and U+2029 escaped, and the
page's script writes every text with `textContent`. The only `http(s)://` strings in the page are
source URLs in that data: the ones in vis-network's licence banner and code have their colon
written `\\x3a` (the same string to JavaScript).
"""
from __future__ import annotations

import base64
import hashlib
import html
import importlib.util
import json
import re
from functools import lru_cache
from pathlib import Path

from kg.explore.controls import agreement

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Found, not imported: pyvis is only where the bundle is kept, and importing it (IPython,
# jinja2) took 0.6 s of every build.
VIS_JS = (Path(importlib.util.find_spec("pyvis").origin).resolve().parent
          / "lib" / "vis-9.1.2" / "vis-network.min.js")
_MARKER = re.compile(r"@@([A-Z_]+)@@")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                 "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value) -> str:
    """Return JSON that is safe inside a <script> element: no `<`, `>`, `&`, U+2028/2029."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group()], text)


@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """Return pyvis's vis-network bundle, its http(s) colons written as `\\x3a`."""
    text = VIS_JS.read_text(encoding="utf-8")
    if "</script" in text.lower() or "<!--" in text:
        raise RuntimeError(f"{VIS_JS} cannot be inlined in a <script> element")
    return re.sub(r"(https?):(?=//)", r"\1\\x3a", text)


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def render_page(data: dict) -> str:
    """Return the explorer page for `page_data(...)`, as one string.

    The controls (time slider, evidence filters, export, the view in the URL) are their own
    files, appended to the explorer's script and style: one script still runs, one hash in the CSP.
    """
    app = "\n".join((TEMPLATES / name).read_text(encoding="utf-8")
                    for name in ("explorer.js", "explorer_controls.js"))
    data = {**data, "agreement_by_edge": agreement(data)}
    vis_js = vis_network_js()
    csp = ("default-src 'none'; "
           f"script-src {_sha256(vis_js)} {_sha256(app)}; "
           "style-src 'unsafe-inline'; img-src data: blob:; font-src 'none'; connect-src 'none'; "
           "media-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'none'; "
           "base-uri 'none'; form-action 'none'")
    parts = {
        "TITLE": html.escape(data.get("title", "survkg")),
        "CSP": html.escape(csp),
        "STYLE": "\n".join((TEMPLATES / name).read_text(encoding="utf-8")
                            for name in ("explorer.css", "explorer_controls.css")),
        "VIS_JS": vis_js,
        "APP_JS": app,
        "DATA": script_json(data),
    }
    template = (TEMPLATES / "explorer.html").read_text(encoding="utf-8")
    # One pass: text put in is never scanned for markers again.
    return _MARKER.sub(lambda m: parts[m.group(1)], template)
