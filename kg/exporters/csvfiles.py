"""CSV: `nodes.csv` and `edges.csv`, one row per entity and per claim link, with evidence.

Headers follow Gephi's spreadsheet import (nodes: Id, Label; edges: Source, Target, Type, Id,
Label; each edge's Id unique, kg.exporters.flat.edge_id) and load into a spreadsheet as they
are; `kg export --format neo4j` (kg.exporters.neo4j) writes the same rows with Neo4j's headers.

A text cell that a spreadsheet would run as a formula (starting with =, +, @, a tab, or - and
not a number) is written with a leading apostrophe (kg.render.cells.spreadsheet_safe, the one
rule of every CSV kg writes).
"""
from __future__ import annotations

import csv
from pathlib import Path

from kg.exporters.flat import flat_graph
from kg.render.cells import spreadsheet_safe

SUFFIX, FOLDER = "", True
NODE_COLUMNS = ["Id", "Label", "cls", "aliases", "identifier", "restricted", "instruments",
                "centrality", "facts", "gaps"]
EDGE_COLUMNS = ["Source", "Target", "Type", "Id", "Label", "kind", "claim", "claim_class",
                "year_from", "year_to", "start_date", "end_date", "amount", "currency",
                "technologies", "instrument", "instrument_label", "status", "scope", "topic",
                "legal_citation", "financing_type", "terms", "note", "dates", "evidence_count",
                "evidence_sources", "evidence_kinds", "evidence_titles", "evidence_urls",
                "evidence_quotes", "evidence_summaries", "evidence"]


def cell(value, raw: bool = False) -> str:
    """Return a value as CSV text, defused if a spreadsheet would read it as a formula (unless
    `raw`: for a tool that reads values, not formulas, e.g. Neo4j's LOAD CSV)."""
    if value is None:
        return ""
    text = str(value).lower() if isinstance(value, bool) else str(value)
    return spreadsheet_safe(text) if isinstance(value, str) and not raw else text


def write(build_dir: Path, path: Path, raw: bool = False) -> None:
    """Write path/nodes.csv and path/edges.csv (`raw`: text cells as they are, not defused)."""
    graph = flat_graph(build_dir)
    path.mkdir(parents=True, exist_ok=True)
    with open(path / "nodes.csv", "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(NODE_COLUMNS)
        for node, data in graph.nodes(data=True):
            row = {**data, "Id": node, "Label": data.get("label", node)}
            out.writerow(cell(row.get(c), raw) for c in NODE_COLUMNS)
    with open(path / "edges.csv", "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(EDGE_COLUMNS)
        for a, b, key, data in graph.edges(keys=True, data=True):
            row = {**data, "Source": a, "Target": b, "Type": "Directed", "Id": key,
                   "Label": data.get("label", key)}
            out.writerow(cell(row.get(c), raw) for c in EDGE_COLUMNS)
