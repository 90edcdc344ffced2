"""Write a graph as Turtle, N-Triples and JSON-LD, byte-for-byte the same for the same graph.

The build hands over its sorted N-Triples lines (`kg.graph.rdf.to_nt`); an rdflib graph is accepted
too (golden files, exports). Turtle is written by Oxigraph's serializer from the sorted triples
and JSON-LD (expanded, one node per line) by a few lines here: rdflib's `longturtle` and
`json-ld` serializers took 42 s and 4 s for 100k triples, these take well under a second.
"""
from __future__ import annotations

import re
from json.encoder import encode_basestring as _json_str  # json.dumps(ensure_ascii=False)'s
from pathlib import Path
from typing import Iterable, Sequence, Union

import pyoxigraph as ox
from rdflib import Graph

from kg.graph.query import PREFIXES

Source = Union[Graph, Sequence[str], Path]  # a graph, sorted N-Triples lines, or their file
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_CHUNK = 65536  # lines per write of N-Triples
_STRING_SUFFIX = "^^<http://www.w3.org/2001/XMLSchema#string>"  # a plain string's datatype


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
        # The build's survkg.nt, which the build's stores load strictly (a bad IRI or language
        # tag fails the build there): lenient parsing skips checking it twice, half the parse's
        # CPU, and gives the same triples for valid N-Triples.
        return ox.parse(path=str(source), format=ox.RdfFormat.N_TRIPLES, lenient=True)
    return ox.parse("\n".join(_lines(source)).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)


def write_nt(source: Source, path: Path) -> None:
    # Joined and written 64k lines at a time: one join of a million lines made the whole
    # text and then its bytes (2 x 145 MB at 1M triples) and took half as much CPU again.
    lines = _lines(source)
    lines = lines if isinstance(lines, (list, tuple)) else list(lines)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for start in range(0, len(lines), _CHUNK):
            out.write("\n".join(lines[start:start + _CHUNK]) + "\n")


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
    graph gives the same bytes, and only one node is held in memory.

    The bytes are those of `json.dumps(node, sort_keys=True, ensure_ascii=False)` per node, but
    each value's JSON text is made as its line is read, with the string escaper json.dumps
    itself uses (`encode_basestring`): dicts and json.dumps per node took 1.5-1.8x the CPU.
    """
    keys = {_RDF_TYPE: "@type"}  # predicate term -> the node's key
    reading = open(source, encoding="utf-8", newline="\n") if isinstance(source, Path) else None
    try:
        with open(path, "w", encoding="utf-8") as out:
            separator, subject, node = "[\n", None, {}
            for line in reading or _lines(source):
                term, predicate, obj = line.split(" ", 2)
                obj = obj[:-3] if obj[-1] == "\n" else obj[:-2]  # " ." (and the file's "\n")
                if term != subject:
                    if node:
                        out.write(separator + _node_text(node))
                        separator = ",\n"
                    subject, node = term, {"@id": _json_str(_node_id(term))}
                key = keys.get(predicate)
                if key is None:
                    key = keys[predicate] = predicate[1:-1]
                # (inlined: a million lines make a function call per line cost 0.1 s)
                if obj[0] == '"':
                    if key == "@type":  # a literal rdf:type is a plain property's value
                        key = _RDF_TYPE[1:-1]
                    if obj[-1] == '"' and "\\" not in obj:  # a plain string, nothing to unescape
                        value = '{"@value": ' + _json_str(obj[1:-1]) + "}"
                    else:
                        value = _value_text(obj)
                elif key == "@type":
                    value = _json_str(obj[1:-1] if obj[0] == "<" else obj)
                else:
                    value = '{"@id": ' + _json_str(obj[1:-1] if obj[0] == "<" else obj) + "}"
                values = node.get(key)
                if values is None:
                    node[key] = [value]
                else:
                    values.append(value)
            if node:
                out.write(separator + _node_text(node))
            out.write("\n]\n" if node else "[\n]\n")
    finally:
        if reading is not None:
            reading.close()


def _node_text(node: dict) -> str:
    """Return a node as json.dumps(sort_keys=True) writes it: "@id" its JSON text, every other
    key a list of its values' JSON texts."""
    return "{" + ", ".join(f'"@id": {value}' if key == "@id"
                           else f"{_json_str(key)}: [{', '.join(value)}]"
                           for key, value in sorted(node.items())) + "}"


def _value_text(term: str) -> str:
    """Return an N-Triples literal as the JSON text of its JSON-LD value object (keys sorted)."""
    end = term.rfind('"')
    text = _json_str(_unescape(term[1:end]))
    if end == len(term) - 1 or term[end + 1:] == _STRING_SUFFIX:
        return '{"@value": ' + text + "}"
    if term[end + 1] == "@":
        return '{"@language": ' + _json_str(term[end + 2:]) + ', "@value": ' + text + "}"
    return '{"@type": ' + _json_str(term[end + 4:-1]) + ', "@value": ' + text + "}"


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
