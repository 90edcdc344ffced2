"""The previous build's explorer page, reused when nothing it was made from has changed.

A page is made from the build's network.json, the date that file was written (the caption of an
exported picture names it: `kg.explore.controls.built_on`), the view and title asked for, and the
code and libraries that draw it (`CODE`, `LIBRARIES`; the layout is networkx's spring layout,
numpy's arithmetic). `page_key` digests all of them, by content, never by a file's time.
Beside the page it writes in its build folder, `kg.explore.page.write_explorer` writes
`KEY_FILE`: that key, the SHA-256 of the page's bytes, and what `Page` reports about it. The
next build asks `reused(previous build folder, key)`: the previous page's bytes when its key
file names the same key and the page still has the bytes the key file names (a `kg viz
--replace` since has not drawn another view over it), None otherwise. So a reused page is
byte-for-byte the page a fresh write would give.

>>> len(code_key()) == 64
True
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import json
import sys
from pathlib import Path

KEY_FILE = "survkg.html.key"
FORMAT = "survkg-page-key/1"  # bump when what a key digests changes
# The code a page is made with, below kg/: the explorer and its templates, and what it reads
# the projection with (kg.analysis and what that imports). Generous on purpose: a needless
# redraw costs one build a few seconds, a stale page a wrong picture.
CODE = ("__init__.py", "errors.py", "settings.py", "analysis/*.py", "explore/*.py",
        "explore/templates/*", "schema/*.py", "records/__init__.py", "records/countries.py")
LIBRARIES = ("networkx", "numpy", "scipy", "pycountry", "pyvis")


def code_key() -> str:
    """Return a digest of the code that draws a page (`CODE`), Python's version and the
    versions of the libraries it uses (`LIBRARIES`)."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(f"{FORMAT} {sys.version_info[:2]}".encode())
    for name in LIBRARIES:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"\0{name} {version}".encode())
    for path in sorted({p for pattern in CODE for p in root.glob(pattern) if p.is_file()}):
        digest.update(f"\0{path.relative_to(root).as_posix()}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def page_key(network_json: Path, built: str, title: str, view: dict) -> str:
    """Return the key of the page drawn from network_json, written on the date `built`, for
    `title` and the view's options (`kg.explore.page.explorer_graph`'s keywords)."""
    digest = hashlib.sha256(code_key().encode())
    content = hashlib.sha256()
    with open(network_json, "rb") as file:
        while chunk := file.read(1 << 20):
            content.update(chunk)
    digest.update(b"\0" + content.digest())
    asked = json.dumps({"built": built, "title": title, "view": view}, sort_keys=True,
                       default=list)
    digest.update(b"\0" + asked.encode())
    return digest.hexdigest()


def reused(previous: Path, page_file: str, key: str) -> tuple[bytes, dict] | None:
    """Return (the page's bytes, what its key file says of it: nodes, edges, view, note) of
    the previous build folder's page when it was drawn for `key`; None otherwise (no such
    folder, page or key file, another key, or a page since written over)."""
    try:
        recorded = json.loads((previous / KEY_FILE).read_text(encoding="utf-8"))
        if recorded.get("format") != FORMAT or recorded.get("key") != key:
            return None
        html = (previous / page_file).read_bytes()
    except (OSError, ValueError, AttributeError):
        return None
    if hashlib.sha256(html).hexdigest() != recorded.get("sha256"):
        return None
    return html, recorded


def record(build_dir: Path, key: str, html: bytes, nodes: int, edges: int, view: str,
           note: str) -> Path:
    """Write the key file of the page just written in build_dir; return its path."""
    path = build_dir / KEY_FILE
    path.write_text(json.dumps({"format": FORMAT, "key": key,
                                "sha256": hashlib.sha256(html).hexdigest(),
                                "nodes": nodes, "edges": edges, "view": view, "note": note},
                               indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path
