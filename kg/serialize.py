"""Write a graph as Turtle, N-Triples and JSON-LD, byte-for-byte the same for the same graph."""
from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph


def nt_lines(graph: Graph) -> list[str]:
    """Return the graph's N-Triples lines, sorted (blank-node free graphs sort stably)."""
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    # rdflib leaves U+2028/U+2029 raw inside literals and str.splitlines() would split there;
    # Oxigraph rejects them raw too. N-Triples allows the \\u escape, which means the same text.
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return sorted(line for line in text.split("\n") if line.strip())


def write_nt(graph: Graph, path: Path) -> None:
    path.write_text("\n".join(nt_lines(graph)) + "\n", encoding="utf-8")


def write_turtle(graph: Graph, path: Path) -> None:
    # longturtle sorts subjects and predicates and never relies on hash order.
    path.write_bytes(graph.serialize(format="longturtle", encoding="utf-8"))


def write_jsonld(graph: Graph, path: Path) -> None:
    document = json.loads(graph.serialize(format="json-ld", auto_compact=False))
    nodes = document if isinstance(document, list) else document.get("@graph", [document])
    for node in nodes:
        for key, values in node.items():
            if isinstance(values, list):
                values.sort(key=lambda v: json.dumps(v, sort_keys=True))
    nodes.sort(key=lambda n: n.get("@id", ""))
    path.write_text(json.dumps(nodes, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                    encoding="utf-8")
