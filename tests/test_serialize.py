"""The build's Turtle and JSON-LD writers (kg/graph/serialize.py) on hostile text.

JSON-LD is written by building each node's JSON text directly; it must be byte-for-byte what
`json.dumps(node, sort_keys=True, ensure_ascii=False)` writes for the node read independently
(here by rdflib, term by term). Turtle from the build's file (parsed leniently) must be the bytes
written from the same lines parsed strictly.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.graph.serialize import nt_lines, write_jsonld, write_nt, write_turtle

X = "http://example.org/"
HOSTILE = [
    'say "hi"', "back\\slash", "\\u00e9 is not an escape here", "tab\there", "new\nline",
    "cr\rhere", "\x00\x01\x08\x0c\x1f\x7f", "line\u2028para\u2029end", "astral \U0001F600",
    "</script><b>&amp;", "trailing backslash \\", "", " ", "é ü 中文",
]


def hostile_graph() -> Graph:
    graph = Graph()
    subject = URIRef(X + "s")
    for i, text in enumerate(HOSTILE):
        graph.add((subject, URIRef(X + "p"), Literal(text)))
        graph.add((subject, URIRef(X + "lang"), Literal(text, lang="en")))
        graph.add((URIRef(X + f"t{i}"), URIRef(X + "typed"), Literal(text, datatype=XSD.token)))
    graph.add((subject, URIRef(X + "p-q"), Literal("dash sorts before '>'")))
    graph.add((subject, URIRef(X + "p"), Literal("an explicit xsd:string", datatype=XSD.string)))
    graph.add((subject, URIRef(X + "p"), Literal("7", datatype=XSD.integer)))
    graph.add((subject, RDF.type, URIRef(X + "Thing")))
    graph.add((subject, RDF.type, URIRef(X + "Other")))
    graph.add((subject, RDF.type, Literal("a literal type is a plain value")))
    graph.add((subject, URIRef(X + "link"), BNode("b0")))
    graph.add((BNode("b0"), RDF.type, URIRef(X + "Thing")))
    graph.add((BNode("b0"), URIRef(X + "p"), Literal("in a blank node", lang="EN-us")))
    return graph


# N-Triples escapes a writer may use for the same text: \u and \U escapes, ECHARs.
ESCAPED = [
    f'<{X}e> <{X}p> "\\u00E9\\U0001F600\\u2028\\u0000\\u005C\\u0022" .',
    f'<{X}e> <{X}p> "\\t\\b\\n\\r\\f\\"\\\'\\\\"@fr .',
    f'<{X}e> <{X}p> "\\\\u0041 stays as written"^^<{X}dt> .',
]


def expected_jsonld(lines: list[str]) -> str:
    """The old writer: each line parsed by rdflib, one dict per subject, json.dumps per node."""
    nodes: list[dict] = []
    for line in lines:
        ((s, p, o),) = Graph().parse(data=line, format="nt")
        # rdflib renames blank nodes as it parses: their labels are taken from the line
        subject = line.split(" ", 1)[0] if isinstance(s, BNode) else str(s)
        if isinstance(o, BNode):
            o = line.rsplit(" ", 2)[1]
        if not nodes or nodes[-1]["@id"] != subject:
            nodes.append({"@id": subject})
        node = nodes[-1]
        if p == RDF.type and not isinstance(o, Literal):
            node.setdefault("@type", []).append(str(o))
        elif isinstance(o, Literal):
            value = {"@value": str(o)}
            if o.language:
                value["@language"] = o.language
            elif o.datatype is not None and o.datatype != XSD.string:
                value["@type"] = str(o.datatype)
            node.setdefault(str(p), []).append(value)
        else:
            node.setdefault(str(p), []).append({"@id": str(o)})
    body = ",\n".join(json.dumps(n, sort_keys=True, ensure_ascii=False) for n in nodes)
    return f"[\n{body}\n]\n" if nodes else "[\n]\n"


@pytest.fixture
def lines() -> list[str]:
    return sorted(nt_lines(hostile_graph()) + ESCAPED)


def test_jsonld_is_what_json_dumps_writes_for_hostile_text(lines, tmp_path):
    write_jsonld(lines, tmp_path / "out.jsonld")
    written = (tmp_path / "out.jsonld").read_text(encoding="utf-8")
    assert written == expected_jsonld(lines)
    # and it is JSON whose strings are the literals' text
    values = [v["@value"] for node in json.loads(written) for key, vs in node.items()
              if key != "@type" and isinstance(vs, list) for v in vs if "@value" in v]
    assert set(HOSTILE) <= set(values)
    assert "é😀\u2028\x00\\\"" in values


def test_jsonld_from_the_file_is_the_same_as_from_its_lines(lines, tmp_path):
    nt = tmp_path / "survkg.nt"
    # a raw U+2028 inside a literal is no line end when the file is read
    raw = sorted(lines + [f'<{X}r> <{X}p> "raw\u2028separator\u2029here" .'])
    nt.write_text("\n".join(raw) + "\n", encoding="utf-8")
    write_jsonld(nt, tmp_path / "file.jsonld")
    write_jsonld(raw, tmp_path / "lines.jsonld")
    assert (tmp_path / "file.jsonld").read_bytes() == (tmp_path / "lines.jsonld").read_bytes()
    assert (tmp_path / "file.jsonld").read_text(encoding="utf-8") == expected_jsonld(raw)


def test_jsonld_of_nothing_is_an_empty_list(tmp_path):
    write_jsonld([], tmp_path / "empty.jsonld")
    assert (tmp_path / "empty.jsonld").read_text() == "[\n]\n"


def test_turtle_from_the_file_is_the_same_as_from_its_lines(lines, tmp_path):
    nt = tmp_path / "survkg.nt"
    nt.write_text("\n".join(lines) + "\n", encoding="utf-8")
    write_turtle(nt, tmp_path / "file.ttl")
    write_turtle(lines, tmp_path / "lines.ttl")
    text = (tmp_path / "file.ttl").read_bytes()
    assert text == (tmp_path / "lines.ttl").read_bytes()
    assert "@en-us".encode() in text  # the language tag normalised as the strict parser does
    parsed = Graph().parse(data=text.decode("utf-8"), format="turtle")
    assert len(parsed) == len(lines)


def test_ntriples_are_the_lines_each_ended_by_a_newline_across_chunks(lines, tmp_path):
    many = sorted(f'<{X}n{i}> <{X}p> "{i}" .' for i in range(70_000)) + lines  # > one write
    for source in (many, tuple(many), lines, []):
        write_nt(source, tmp_path / "out.nt")
        expected = "".join(line + "\n" for line in source)
        assert (tmp_path / "out.nt").read_bytes() == expected.encode("utf-8")
    write_nt(hostile_graph(), tmp_path / "graph.nt")
    text = (tmp_path / "graph.nt").read_bytes().decode("utf-8")
    assert text.split("\n") == [*nt_lines(hostile_graph()), ""]  # (splitlines splits at \x1f)
