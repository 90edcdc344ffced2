"""The shipped build's exports as other tools read them: networkx and python-igraph read the
GraphML and GEXF back with every edge and its id, typed; no edge id repeats in any format; the
CSV has a row per edge; Neo4j's CSV follows neo4j-admin's rules (we cannot run Neo4j here, so
its files' structure is checked: every relationship's ends among the nodes, valid labels and
types, numbers that parse, arrays without empty items, spreadsheet-safe cells); the compact
JSON-LD reads back to the build's triples with short keys; GEXF spells only where a claim has
held dates."""
from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree as ET

import networkx as nx
import pyoxigraph as ox
import pytest

from kg.exporters.export import export
from kg.exporters.flat import flat_graph
from kg.exporters.gexf import spell
from kg.render.cells import formula_like

NEO4J_TYPES = {"int": int, "float": float, "boolean": lambda v: {"true": True, "false": False}[v]}


@pytest.fixture(scope="module")
def exported(shipped_build, tmp_path_factory) -> dict[str, Path]:
    """The shipped build in every format but the RDF ones' Turtle and N-Triples."""
    out = tmp_path_factory.mktemp("shipped-exports")
    paths = {"graphml": out / "g.graphml", "gexf": out / "g.gexf", "csv": out / "csv",
             "neo4j": out / "neo4j", "jsonld": out / "g.jsonld"}
    for fmt, path in paths.items():
        export(shipped_build, fmt, path)
    return paths


@pytest.fixture(scope="module")
def flat(shipped_build):
    return flat_graph(shipped_build)


def rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def xml_edge_ids(path: Path) -> list[str]:
    return [e.get("id") for e in ET.parse(path).iter() if e.tag.endswith("}edge")]


def test_no_edge_id_repeats_in_any_format(exported, flat):
    expected = sorted(k for *_, k in flat.edges(keys=True))
    assert len(expected) == len(set(expected)) > 10_000
    assert sorted(xml_edge_ids(exported["graphml"])) == expected
    assert sorted(xml_edge_ids(exported["gexf"])) == expected
    assert sorted(r["Id"] for r in rows(exported["csv"] / "edges.csv")) == expected
    assert sorted(r["id"] for r in rows(exported["neo4j"] / "relationships.csv")) == expected
    # What made ids repeat: a claim linking one vendor to a country and to an agency.
    claims = [d["claim"] for *_, d in flat.edges(data=True)]
    assert len(set(claims)) < len(claims)


def test_networkx_reads_graphml_and_gexf_without_a_lost_edge(exported, flat):
    for reader, path in ((nx.read_graphml, exported["graphml"]),
                         (nx.read_gexf, exported["gexf"])):
        graph = reader(path)
        assert graph.is_multigraph() and graph.number_of_nodes() == flat.number_of_nodes()
        assert sorted(graph.edges(keys=True)) == sorted(flat.edges(keys=True)), path.name
        for u, v, key, data in flat.edges(keys=True, data=True):
            back = graph.edges[u, v, key]
            for name in ("year_from", "year_to", "evidence_count", "amount"):
                if name in data:
                    assert back[name] == data[name] and type(back[name]) is type(data[name])
        for node, data in flat.nodes(data=True):
            assert graph.nodes[node]["restricted"] is data["restricted"]


def test_igraph_reads_graphml_without_a_lost_edge(exported, flat):
    igraph = pytest.importorskip("igraph")  # in the test extra
    graph = igraph.Graph.Read_GraphML(str(exported["graphml"]))
    assert (graph.vcount(), graph.ecount()) == (flat.number_of_nodes(), flat.number_of_edges())
    assert sorted(graph.vs["id"]) == sorted(flat)
    # igraph 1.0 fills its `id` edge attribute with other values: the edge_id column holds it.
    assert sorted(graph.es["edge_id"]) == sorted(k for *_, k in flat.edges(keys=True))
    by_id = {k: d for *_, k, d in flat.edges(keys=True, data=True)}
    names = graph.vs["id"]
    for edge in graph.es:
        data = by_id[edge["edge_id"]]
        assert (names[edge.source], names[edge.target]) == tuple(edge["edge_id"].split("|")[1:])
        if "year_from" in data:  # igraph keeps numbers as floats: read as numbers, not text
            assert edge["year_from"] == data["year_from"]
        if "amount" in data:
            assert edge["amount"] == data["amount"]
    assert set(graph.vs["restricted"]) == {True, False}


def test_graphml_columns_are_typed_by_their_values(exported):
    keys = {(k.get("for"), k.get("attr.name")): k.get("attr.type")
            for k in ET.parse(exported["graphml"]).iter() if k.tag.endswith("}key")}
    assert keys[("edge", "year_from")] == keys[("edge", "evidence_count")] == "int"
    assert keys[("edge", "amount")] == keys[("node", "centrality")] == "double"
    assert keys[("node", "restricted")] == "boolean" and keys[("edge", "claim")] == "string"
    ids = [k.get("id") for k in ET.parse(exported["graphml"]).iter() if k.tag.endswith("}key")]
    assert len(ids) == len(set(ids))  # node and edge `label` have keys of their own


def test_csv_has_a_row_per_edge(exported, flat):
    assert len(rows(exported["csv"] / "edges.csv")) == flat.number_of_edges()
    assert len(rows(exported["csv"] / "nodes.csv")) == flat.number_of_nodes()


def test_gexf_spells_are_the_claims_held_dates(exported, flat):
    root = ET.parse(exported["gexf"]).getroot()
    (graph,) = [e for e in root if e.tag.endswith("}graph")]
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    assert root.get("version") == "1.3"
    # Gephi keeps parallel edges apart by their kind: no two share ends and kind.
    edges = [e for e in root.iter() if e.tag.endswith("}edge")]
    ends = Counter((e.get("source"), e.get("target"), e.get("kind")) for e in edges)
    assert max(ends.values()) == 1
    assert max(Counter((e.get("source"), e.get("target")) for e in edges).values()) > 1
    got = {e.get("id"): {t: e.get(t) for t in ("start", "end") if e.get(t)}
           for e in root.iter() if e.tag.endswith("}edge")}
    dates = {k: d["dates"] for *_, k, d in flat.edges(keys=True, data=True)}
    with_spell = [k for k, s in got.items() if s]
    assert with_spell and all(dates[k].startswith("held") for k in with_spell)
    # Recorded-only and undated claims have none: a tracker's row is not when a link held.
    apart = [k for k, d in dates.items() if not d.startswith("held")]
    assert apart and not any(got[k] for k in apart)
    assert got == {k: spell(w) for k, w in flat.graph["when"].items()}
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) for s in got.values() for v in s.values())


def test_neo4j_files_follow_neo4j_admin_rules(exported, flat):
    nodes = rows(exported["neo4j"] / "nodes.csv")
    rels = rows(exported["neo4j"] / "relationships.csv")
    assert len(nodes) == flat.number_of_nodes() and len(rels) == flat.number_of_edges()
    ids = [r["id:ID"] for r in nodes]
    assert len(ids) == len(set(ids))
    assert all(r[":START_ID"] in set(ids) and r[":END_ID"] in set(ids) for r in rels)
    assert all(re.fullmatch(r"[A-Z][A-Z0-9_]*", r[":TYPE"]) for r in rels)
    assert all(re.fullmatch(r"Entity(;[A-Z][A-Za-z0-9]*)?", r[":LABEL"]) for r in nodes)
    for table in (nodes, rels):
        for header in table[0]:
            kind = header.partition(":")[2]
            if kind.endswith("[]"):
                assert all("" not in r[header].split(";") for r in table if r[header]), header
            elif kind in NEO4J_TYPES:
                for row in table:
                    if row[header]:
                        NEO4J_TYPES[kind](row[header])  # parses, or the test fails
            else:
                assert kind in ("", "ID", "LABEL", "START_ID", "END_ID", "TYPE"), header
        assert not any(formula_like(c) for row in table for c in row.values())
    years = [int(r["year_from:int"]) for r in rels if r["year_from:int"]]
    assert years and all(1900 < y < 2100 for y in years)


def test_jsonld_reads_back_to_the_build_with_short_keys(exported, shipped_build):
    got = set(ox.parse(path=str(exported["jsonld"]), format=ox.RdfFormat.JSON_LD))
    built = set(ox.parse(path=str(shipped_build / "survkg.nt"), format=ox.RdfFormat.N_TRIPLES))
    assert got == built and len(got) > 100_000
    doc = json.loads(exported["jsonld"].read_text(encoding="utf-8"))
    keys = {k for node in doc["@graph"] for k in node}
    assert {"label", "source", "evidence", "supplier", "evidenceKind"} <= keys
    assert not [k for k in keys if "://" in k]
    assert all(not node["@id"].startswith("https://w3id.org/survkg/id/")
               for node in doc["@graph"])
