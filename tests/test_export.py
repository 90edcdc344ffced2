"""`kg export`: RDF formats re-parse to the build's graph; GraphML and GEXF read back with
networkx with the same nodes, edges and attributes; CSV has one row per node and edge; the
same build exports to the same bytes; Neo4j's CSV and compact JSON-LD (tests/test_export_tools.py
checks the shipped build with networkx, igraph, and Neo4j's rules)."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.analysis.when import When
from kg.build import build
from kg.cli import cli
from kg.errors import KGError
from kg.exporters.csvfiles import EDGE_COLUMNS, NODE_COLUMNS, cell
from kg.exporters.export import FORMATS, export
from kg.exporters.flat import edge_id, flat_graph
from kg.exporters.gexf import spell

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="module", params=["html", "cli"])
def built(request, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp(f"export-{request.param}")
    build(FIXTURES / request.param / "data", out, shacl=False)
    return out


def build_graph(build_dir: Path) -> Graph:
    graph = Graph()
    graph.parse(build_dir / "survkg.nt", format="nt")
    return graph


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize("fmt, syntax", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_rdf_exports_reparse_to_the_build(built, tmp_path, fmt, syntax):
    out = tmp_path / f"graph.{fmt}"
    result = run("--build-dir", str(built), "export", "--format", fmt, "-o", str(out))
    assert (result.exit_code, result.output) == (0, f"wrote {out}\n")
    graph = Graph()
    graph.parse(out, format=syntax)
    assert isomorphic(graph, build_graph(built))


@pytest.mark.parametrize("fmt, syntax", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_rdf_exports_to_stdout(built, fmt, syntax):
    result = CliRunner().invoke(cli, ["--build-dir", str(built), "export", "--format", fmt])
    assert result.exit_code == 0
    graph = Graph()
    graph.parse(data=result.stdout_bytes, format=syntax)
    assert isomorphic(graph, build_graph(built))


def edge_keys(graph) -> list[tuple]:
    """(u, v, edge id, attributes) per edge, as networkx read it back (key or `id`)."""
    if graph.is_multigraph():
        return [(u, v, d.get("id", k), d) for u, v, k, d in graph.edges(keys=True, data=True)]
    return [(u, v, d["id"], d) for u, v, d in graph.edges(data=True)]


# What a reader adds to an edge: its id (GraphML also as the column edge_id), GEXF's spell.
ADDED = ("id", "edge_id", "start", "end")


def _edges(graph: nx.MultiDiGraph, drop=ADDED) -> list:
    return sorted((u, v, sorted((k, x) for k, x in d.items() if k not in drop))
                  for u, v, d in graph.edges(data=True))


@pytest.mark.parametrize("fmt, reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graph_exports_read_back_with_networkx(built, tmp_path, fmt, reader):
    out = tmp_path / f"graph.{fmt}"
    export(built, fmt, out)
    expected = flat_graph(built)
    got = reader(out)
    assert got.number_of_nodes() == expected.number_of_nodes() > 0
    assert got.number_of_edges() == expected.number_of_edges() > 0
    for node, attrs in expected.nodes(data=True):
        back = {k: v for k, v in got.nodes[node].items() if k != "viz"}
        assert back == attrs, node
        assert all(v is not None for v in back.values())
    assert _edges(got) == _edges(expected)
    keys = sorted(k for _, _, k, _ in edge_keys(got))
    assert keys == sorted(k for *_, k in expected.edges(keys=True))  # edge ids kept
    assert all(d.get("edge_id", k) == k for _, _, k, d in edge_keys(got))
    spells = {k: spell(w) for k, w in expected.graph["when"].items()}
    if fmt == "gexf":  # each edge's spell is its claim's held dates, none where it has none
        assert {k: {t: d[t] for t in ("start", "end") if t in d}
                for _, _, k, d in edge_keys(got)} == spells


def test_edge_ids_are_the_links_identity(built):
    graph = flat_graph(built)
    keys = [k for *_, k in graph.edges(keys=True)]
    assert len(keys) == len(set(keys)) > 0
    for u, v, key, data in graph.edges(keys=True, data=True):
        assert key == edge_id(u, v, f"{data['claim']}:{data['verb']}")
    assert set(graph.graph["when"]) == set(keys)


def test_spells_come_from_held_dates_only():
    assert spell(When(year="2019")) == {"start": "2019-01-01"}
    assert spell(When(start="2019-03", end="2021-06-30")) == {"start": "2019-03-01",
                                                              "end": "2021-06-30"}
    assert spell(When(end="2020")) == {"end": "2020-12-31"}
    assert spell(When(recorded=("2019-09",))) == {} and spell(When()) == {}


def test_graph_exports_keep_types_and_evidence(tmp_path_factory):
    out = tmp_path_factory.mktemp("typed")
    build(FIXTURES / "html" / "data", out, shacl=False)
    export(out, "graphml", out / "g.graphml")
    graph = nx.read_graphml(out / "g.graphml")
    (deal,) = [d for _, _, k, d in edge_keys(graph) if k.startswith("deal/hostile-deal:supplies|")]
    assert deal["year_from"] == 2020 and isinstance(deal["year_from"], int)
    assert deal["amount"] == 5000000.0 and isinstance(deal["amount"], float)
    assert deal["evidence_urls"] == 'https://example.org/report?a=1&b="><script>alert(3)</script>'
    assert deal["evidence_quotes"] == 'They said "</script><script>alert(5)</script>" & left'
    assert deal["evidence_kinds"] == "quote" and "evidence_summaries" not in deal
    assert graph.nodes["org/evil-corp"]["restricted"] is False
    assert deal["evidence_count"] == 1 and isinstance(deal["evidence_count"], int)
    text = (out / "g.graphml").read_text(encoding="utf-8")
    assert '<key id="e_year_from" for="edge" attr.name="year_from" attr.type="int" />' in text
    assert '<key id="e_amount" for="edge" attr.name="amount" attr.type="double" />' in text
    assert 'attr.name="restricted" attr.type="boolean"' in text
    parallel = [d for u, v, d in graph.edges(data=True)
                if (u, v) == ("org/camera-maker", "country/KEN")]
    assert len(parallel) == 2  # two claims, two edges


def test_csv_has_a_row_per_node_and_edge_with_evidence(built, tmp_path):
    result = run("--build-dir", str(built), "export", "--format", "csv", "-o",
                 str(tmp_path / "csv"))
    assert (result.exit_code, result.output) == (0, f"wrote {tmp_path / 'csv'}\n")
    expected = flat_graph(built)
    with open(tmp_path / "csv" / "nodes.csv", encoding="utf-8", newline="") as handle:
        nodes = list(csv.DictReader(handle))
    with open(tmp_path / "csv" / "edges.csv", encoding="utf-8", newline="") as handle:
        edges = list(csv.DictReader(handle))
    assert list(nodes[0]) == NODE_COLUMNS and list(edges[0]) == EDGE_COLUMNS
    assert sorted(r["Id"] for r in nodes) == sorted(expected)
    assert sorted(r["Id"] for r in edges) == sorted(k for *_, k in expected.edges(keys=True))
    ids = {r["Id"] for r in nodes}
    assert all(r["Source"] in ids and r["Target"] in ids and r["Type"] == "Directed"
               for r in edges)
    with_evidence = [r for r in edges if r["evidence_count"] not in ("", "0")]
    assert with_evidence and all(r["evidence_sources"] and r["evidence"] for r in with_evidence)
    assert all(len(r["evidence_kinds"].split("; ")) == int(r["evidence_count"])
               and set(r["evidence_kinds"].split("; ")) <= {"quote", "summary", "row"}
               for r in with_evidence)
    if not built.name.startswith("export-cli"):  # the cli fixture has the summary
        return
    (loan,) = [r for r in edges if r["claim"] == "financing/bank-uganda-loan"]  # a summary
    assert (loan["evidence_kinds"], loan["evidence_quotes"]) == ("summary", "")
    assert loan["evidence_summaries"] == "Example Bank lent USD 100m"
    assert loan["evidence"].endswith(", summary: Example Bank lent USD 100m [locator: para 3]")


def test_csv_defuses_spreadsheet_formulas():
    assert cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert cell("@SUM(A1)") == "'@SUM(A1)" and cell("+1") == "'+1"
    assert cell("-5") == "-5" and cell("-x") == "'-x"
    assert cell(True) == "true" and cell(2019) == "2019" and cell(None) == ""


def test_csv_to_stdout_is_an_error(built):
    result = run("--build-dir", str(built), "export", "--format", "csv", "-o", "-")
    assert (result.exit_code, result.output) == (
        1, "Error: csv writes several files: give a folder with -o\n")


def test_export_without_a_build(tmp_path):
    result = run("--build-dir", str(tmp_path), "export", "--format", "ttl")
    assert (result.exit_code, result.output) == (
        1, f"Error: no survkg.nt in {tmp_path}: run `kg build` first\n")


def test_export_of_an_unknown_format():
    with pytest.raises(KGError, match="unknown format 'xml'"):
        export(".", "xml", io.BytesIO())
    result = run("export", "--format", "xml")
    assert result.exit_code == 2 and "'xml' is not one of" in result.output


def test_export_formats_and_help():
    assert FORMATS == ("ttl", "nt", "jsonld", "graphml", "gexf", "csv", "neo4j")
    result = run("export", "--help")
    assert result.exit_code == 0 and "Gephi" in result.output


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "jsonld", "csv", "neo4j"])
def test_a_reexport_is_byte_identical(built, tmp_path, fmt):
    # Separate processes with different hash seeds: nothing may depend on set order.
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / seed / f"graph.{fmt}"
        subprocess.run([sys.executable, "-m", "kg", "--build-dir", str(built), "export",
                        "--format", fmt, "-o", str(out)], check=True, capture_output=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        files = sorted(out.iterdir()) if out.is_dir() else [out]
        outs.append({f.name: f.read_bytes() for f in files})
    assert outs[0] == outs[1] and all(outs[0].values())


def test_jsonld_is_compact_with_a_context(built, tmp_path):
    out = tmp_path / "g.jsonld"
    export(built, "jsonld", out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    ctx = doc["@context"]
    assert ctx["@vocab"] == "https://w3id.org/survkg/ontology#"
    assert ctx["rdfs"] == "http://www.w3.org/2000/01/rdf-schema#" and ctx["label"] == "rdfs:label"
    keys = {k for node in doc["@graph"] for k in node}
    assert {"label", "source", "evidence"} <= keys
    assert not [k for k in keys if "://" in k]  # no full IRI as a key
    graph = Graph()
    graph.parse(out, format="json-ld")
    assert isomorphic(graph, build_graph(built))


def test_neo4j_csv_of_a_fixture(built, tmp_path):
    result = run("--build-dir", str(built), "export", "--format", "neo4j", "-o",
                 str(tmp_path / "neo"))
    assert (result.exit_code, result.output) == (0, f"wrote {tmp_path / 'neo'}\n")
    expected = flat_graph(built)
    with open(tmp_path / "neo" / "nodes.csv", encoding="utf-8", newline="") as handle:
        nodes = list(csv.DictReader(handle))
    with open(tmp_path / "neo" / "relationships.csv", encoding="utf-8", newline="") as handle:
        rels = list(csv.DictReader(handle))
    assert sorted(r["id:ID"] for r in nodes) == sorted(expected)
    assert sorted(r["id"] for r in rels) == sorted(k for *_, k in expected.edges(keys=True))
    for row in rels:
        data = expected.edges[row[":START_ID"], row[":END_ID"], row["id"]]
        assert row["claim"] == data["claim"] and row["dates"] == data["dates"]
        assert row["year_from:int"] == str(data.get("year_from", ""))
        assert row["evidence_sources:string[]"].split(";") == \
            data["evidence_sources"].split("; ")


def test_neo4j_arrays_refuse_the_separator(minimal_build, tmp_path, monkeypatch):
    import networkx as nx

    from kg.exporters import neo4j

    graph = nx.MultiDiGraph()
    graph.add_node("org/x", label="X", cls="company", instruments="Entity List; a;b")
    monkeypatch.setattr(neo4j, "flat_graph", lambda build_dir: graph)
    result = run("--build-dir", str(minimal_build), "export", "--format", "neo4j", "-o",
                 str(tmp_path / "neo"))
    assert result.exit_code == 1
    assert "'a;b' holds ';', neo4j-admin's array separator" in result.output


@pytest.mark.parametrize("raw", [False, True])
def test_neo4j_csv_defuses_unless_raw(minimal_build, tmp_path, monkeypatch, raw):
    import networkx as nx

    from kg.exporters import neo4j

    graph = nx.MultiDiGraph()
    graph.add_node("org/x", label="=HYPERLINK(\"http://x\")", cls="company", restricted=False)
    graph.add_node("org/y", label="Y", cls="country", restricted=True)
    graph.add_edge("org/x", "org/y", key="claim/1:supplies|org/x|org/y", verb="supplies",
                   label="+cmd", amount=-5.0, year_from=2019, technologies="@a; b")
    monkeypatch.setattr(neo4j, "flat_graph", lambda build_dir: graph)
    out = tmp_path / "neo"
    result = run("--build-dir", str(minimal_build), "export", "--format", "neo4j", "-o",
                 str(out), *(["--raw"] if raw else []))
    assert result.exit_code == 0, result.output
    with open(out / "nodes.csv", encoding="utf-8", newline="") as handle:
        nodes = list(csv.DictReader(handle))
    with open(out / "relationships.csv", encoding="utf-8", newline="") as handle:
        (rel,) = list(csv.DictReader(handle))
    mark = "" if raw else "'"
    assert nodes[0]["name"] == mark + '=HYPERLINK("http://x")'
    assert [n[":LABEL"] for n in nodes] == ["Entity;Company", "Entity;Country"]
    assert [n["restricted:boolean"] for n in nodes] == ["false", "true"]
    assert rel["label"] == mark + "+cmd" and rel["technologies:string[]"] == mark + "@a;b"
    assert (rel[":TYPE"], rel["amount:float"], rel["year_from:int"]) == ("SUPPLIES", "-5.0",
                                                                         "2019")


def test_jsonld_a_class_named_like_a_key_keeps_its_iri():
    import pyoxigraph as ox

    from kg.exporters.jsonld import context, node

    sk, ids = "https://w3id.org/survkg/ontology#", "https://w3id.org/survkg/id/"
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    triples = [ox.Triple(ox.NamedNode(ids + "org/a"), label, ox.Literal("A")),
               ox.Triple(ox.NamedNode(ids + "org/a"), rdf_type, ox.NamedNode(sk + "label")),
               ox.Triple(ox.NamedNode(ids + "org/a"), rdf_type, ox.NamedNode(sk + "Company"))]
    ctx, keys = context(triples)
    doc = {"@context": ctx, "@graph": [node(triples[0].subject, triples, keys)]}
    # "label" is rdfs:label's key: the class sk:label cannot be written "label".
    assert doc["@graph"][0] == {"@id": "org/a", "@type": ["Company", "sk:label"], "label": "A"}
    back = {q.triple for q in ox.parse(json.dumps(doc).encode(), format=ox.RdfFormat.JSON_LD)}
    assert back == set(triples)
