"""Write a graph as Turtle, N-Triples and JSON-LD, byte-for-byte the same for the same graph.

The build hands over its sorted N-Triples lines (`kg.graph.rdf.to_nt`); an rdflib graph is accepted
too (golden files, exports). Turtle is written by Oxigraph's serializer from the sorted triples
and JSON-LD (expanded, one node per line) by a few lines here: rdflib's `longturtle` and
`json-ld` serializers took 42 s and 4 s for 100k triples, these take well under a second.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterable, Sequence, Union

import pyoxigraph as ox
from rdflib import Graph

from kg.graph.query import PREFIXES

Source = Union[Graph, Sequence[str], Path]  # a graph, sorted N-Triples lines, or their file
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def nt_lines(graph: Graph) -> list[str]:
    """Return the graph's N-Triples lines, sorted (blank-node free graphs sort stably)."""
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    # rdflib leaves U+2028/U+2029 raw inside literals and str.splitlines() would split there;
    # Oxigraph rejects them raw too. N-Triples allows the \\u escape, which means the same text.
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return sorted(line for line in text.split("\n") if line.strip())


def _lines(source: Source) -> Iterable[str]:
    if isinstance(source, Graph):
        return nt_lines(source)
    if isinstance(source, Path):  # read as it goes; newline="\n": U+2028 is no line end
        return (line.rstrip("\n") for line in open(source, encoding="utf-8", newline="\n"))
    return source


def _triples(source: Source) -> Iterable[ox.Triple]:
    if isinstance(source, Path):
        return ox.parse(path=str(source), format=ox.RdfFormat.N_TRIPLES)
    return ox.parse("\n".join(_lines(source)).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)


def write_nt(source: Source, path: Path) -> None:
    lines = list(_lines(source))
    Path(path).write_text("\n".join(lines) + "\n" if lines else "", encoding="utf-8")


def write_turtle(source: Source, path: Path) -> None:
    # Oxigraph writes the triples in the order given, grouping a subject's consecutive
    # triples: sorted input gives the same bytes for the same graph. The @prefix lines are
    # written here, sorted, so their order never depends on the serializer's.
    prefixes = {k: v for k, v in sorted(PREFIXES.items()) if k != "id"}
    text = ox.serialize(_triples(source), format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    start = 0
    while text.startswith(b"@prefix ", start):
        start = text.index(b"\n", start) + 1
    with open(path, "wb") as out:
        out.write("".join(f"@prefix {k}: <{v}> .\n" for k, v in prefixes.items()).encode())
        out.write(memoryview(text)[start:])


def write_jsonld(source: Source, path: Path) -> None:
    """Expanded JSON-LD (no context needed), one node per line, in the order of the sorted
    N-Triples (a subject's triples are consecutive there), written as it is read: the same
    graph gives the same bytes, and only one node is held in memory."""
    with open(path, "w", encoding="utf-8") as out:
        separator, node = "[\n", {}
        for line in _lines(source):
            subject, predicate, obj = line.split(" ", 2)
            subject = _node_id(subject)
            if node.get("@id") != subject:
                if node:
                    out.write(separator + json.dumps(node, sort_keys=True, ensure_ascii=False))
                    separator = ",\n"
                node = {"@id": subject}
            obj = obj[:-2]  # " ."
            if predicate == _RDF_TYPE and obj[0] != '"':
                node.setdefault("@type", []).append(_node_id(obj))
            else:
                node.setdefault(predicate[1:-1], []).append(_value(obj))
        if node:
            out.write(separator + json.dumps(node, sort_keys=True, ensure_ascii=False))
        out.write("\n]\n" if node else "[\n]\n")


def _node_id(term: str) -> str:
    return term[1:-1] if term[0] == "<" else term  # an IRI, or a blank node as _:b0


_UNESCAPE = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))')
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'",
          "\\": "\\"}


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _UNESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16))
                         if m.group(1) or m.group(2) else _ECHAR[m.group(3)], text)


def _value(term: str) -> dict:
    """An N-Triples object as a JSON-LD value object."""
    if term[0] != '"':
        return {"@id": _node_id(term)}
    end = term.rfind('"')
    value = {"@value": _unescape(term[1:end])}
    rest = term[end + 1:]
    if rest.startswith("^^") and rest[3:-1] != _XSD_STRING:
        value["@type"] = rest[3:-1]
    elif rest.startswith("@"):
        value["@language"] = rest[1:]
    return value
