"""The packages of kg/ are layers in the order data flows; a lower layer never imports a higher.

Read from the source (ast), so an import inside a function counts as much as one at the top.
"""
from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

KG = Path(__file__).resolve().parent.parent / "kg"

# Lowest first. Modules of one layer may import each other; never a later layer's.
LAYERS = [
    ("base", ["kg.errors", "kg.settings", "kg.collector"]),
    ("schema", ["kg.schema"]),
    ("records", ["kg.records"]),
    ("importers", ["kg.importers"]),
    ("graph", ["kg.graph"]),
    ("sparql", ["kg.sparql"]),
    ("analysis", ["kg.analysis"]),
    ("ask", ["kg.ask"]),
    ("output", ["kg.render", "kg.explore", "kg.exporters"]),
    ("app", ["kg.backend", "kg.build", "kg.cli", "kg.__main__", "kg"]),
]


def layer_of(module: str) -> int:
    """Return the index in LAYERS of the layer a module belongs to (longest prefix wins)."""
    best, index = "", None
    for i, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > len(best):
                best, index = prefix, i
    assert index is not None, f"{module} is in no layer: add it to LAYERS"
    return index


def modules() -> dict[str, Path]:
    found = {}
    for path in KG.rglob("*.py"):
        parts = path.relative_to(KG.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = modules()


def imports(path: Path, top_level_only: bool = False) -> set[str]:
    """Return the kg modules a file imports (`from kg.x import y` is kg.x.y when y is one)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else ast.walk(tree)
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "kg"}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "kg":
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in MODULES else node.module)
    return found


def test_every_module_is_in_a_layer():
    for name in MODULES:
        layer_of(name)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_imports_a_higher_layer(name):
    mine = layer_of(name)
    higher = sorted(m for m in imports(MODULES[name]) if layer_of(m) > mine)
    assert not higher, (f"{name} ({LAYERS[mine][0]}) imports a higher layer: "
                        + ", ".join(f"{m} ({LAYERS[layer_of(m)][0]})" for m in higher))


def test_no_import_circle():
    graph = nx.DiGraph()
    for name, path in MODULES.items():
        for other in imports(path):
            if other != name and not name.startswith(other + "."):  # a package's own modules
                graph.add_edge(name, other)
    circles = [c for c in nx.simple_cycles(graph)]
    assert not circles, circles


def test_only_the_cli_imports_click():
    users = sorted(name for name, path in MODULES.items()
                   if "import click" in path.read_text() or "from click" in path.read_text())
    assert users and all(u == "kg.cli" or u.startswith("kg.cli.") for u in users), users


BROWSER_CLIENTS = {"selenium", "playwright", "websockets", "pyppeteer", "websocket"}


def top_level_imports(path: Path) -> set[str]:
    """Return the top-level names of every package a file imports (`a.b` is `a`)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


def test_top_level_imports_sees_every_form_of_import(tmp_path):
    source = tmp_path / "m.py"
    source.write_text("import selenium.webdriver\nfrom playwright.sync_api import x\n"
                      "def f():\n    import websockets as w\nfrom . import near\n")
    assert top_level_imports(source) == {"selenium", "playwright", "websockets"}


def test_no_module_imports_a_browser_client():
    # Browser drivers are test tooling (tests/chromium.py); `pip install -e .` installs none.
    users = {name: sorted(top_level_imports(path) & BROWSER_CLIENTS)
             for name, path in MODULES.items()}
    assert {name: found for name, found in users.items() if found} == {}


def test_every_package_says_what_it_holds_and_may_import():
    for name, path in MODULES.items():
        if path.name == "__init__.py" and name.count(".") == 1:
            doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
            assert doc and "import" in doc, f"{name}: a docstring naming what it may import"
