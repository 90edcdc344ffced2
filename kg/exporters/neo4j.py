"""Neo4j bulk import: `nodes.csv` and `relationships.csv` with the headers `neo4j-admin database
import full` reads (`id:ID`, `:LABEL`, `:START_ID`, `:END_ID`, `:TYPE`, typed columns such as
`year_from:int`, `amount:float`, `restricted:boolean`, `technologies:string[]`), which `LOAD CSV`
reads too (README: "Neo4j").

Nodes are labelled `Entity` and their class (`Entity;Company`); a claim link's type is its verb
(`SUPPLIES`, `MEMBER_OF`); its `id` is the one of the other exports (kg.exporters.flat). Arrays
are `;`-separated, neo4j-admin's default: only lists of ids and kinds are arrays, and a `;`
inside an element stops the export (aliases, which contain `;`, stay one text). Cells are
defused for spreadsheets as in every CSV kg writes unless `raw` (kg.exporters.csvfiles.cell).
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

from kg.errors import KGError
from kg.exporters.csvfiles import cell
from kg.exporters.flat import SEP, flat_graph

SUFFIX, FOLDER = "", True
ARRAY = ";"
# (header, attribute of the flat graph); a header's :type says how neo4j-admin reads it.
NODE_COLUMNS = [("id:ID", None), (":LABEL", None), ("name", "label"), ("cls", "cls"),
                ("aliases", "aliases"), ("identifier", "identifier"),
                ("restricted:boolean", "restricted"), ("instruments:string[]", "instruments"),
                ("centrality:float", "centrality"), ("facts", "facts"), ("gaps", "gaps")]
REL_COLUMNS = [(":START_ID", None), (":END_ID", None), (":TYPE", None), ("id", None)] + [
    (name, name.split(":")[0]) for name in (
        "kind", "verb", "claim", "claim_class", "label", "dates", "year_from:int", "year_to:int",
        "start_date", "end_date", "amount:float", "currency", "technologies:string[]",
        "instrument", "instrument_label", "status", "scope", "topic", "legal_citation",
        "financing_type", "terms", "note", "evidence_count:int", "evidence_sources:string[]",
        "evidence_kinds:string[]", "evidence_titles", "evidence_urls", "evidence_quotes",
        "evidence_summaries", "evidence")]


def label(cls: str) -> str:
    """Return a node class as a Neo4j label.

    >>> label("listed-party"), label("company")
    ('ListedParty', 'Company')
    """
    return "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", cls) if part)


def rel_type(verb: str) -> str:
    """Return a link's verb as a Neo4j relationship type.

    >>> rel_type("member of")
    'MEMBER_OF'
    """
    return re.sub(r"[^A-Za-z0-9]+", "_", verb).strip("_").upper()


def _array(text: str, where: str) -> str:
    items = text.split(SEP) if text else []
    for item in items:
        if ARRAY in item:
            raise KGError(f"{where}: {item!r} holds '{ARRAY}', neo4j-admin's array separator")
    return ARRAY.join(items)


def _row(columns, data: dict, fixed: dict, where: str, raw: bool) -> list[str]:
    row = []
    for header, attr in columns:
        value = fixed[header] if attr is None else data.get(attr)
        if header.endswith("[]") and value is not None:
            value = _array(value, f"{where} {header}")
        row.append(cell(value, raw))
    return row


def write(build_dir: Path, path: Path, raw: bool = False) -> None:
    """Write path/nodes.csv and path/relationships.csv for neo4j-admin (`raw`: text cells as
    they are, not defused for spreadsheets)."""
    graph = flat_graph(build_dir)
    path.mkdir(parents=True, exist_ok=True)
    with open(path / "nodes.csv", "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, lineterminator="\n")  # Unix lines, as neo4j-admin's examples
        out.writerow(h for h, _ in NODE_COLUMNS)
        for node, data in graph.nodes(data=True):
            labels = ARRAY.join(["Entity"] + ([label(data["cls"])] if data.get("cls") else []))
            out.writerow(_row(NODE_COLUMNS, data, {"id:ID": node, ":LABEL": labels}, node, raw))
    with open(path / "relationships.csv", "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, lineterminator="\n")  # Unix lines, as neo4j-admin's examples
        out.writerow(h for h, _ in REL_COLUMNS)
        for u, v, key, data in graph.edges(keys=True, data=True):
            fixed = {":START_ID": u, ":END_ID": v, ":TYPE": rel_type(data.get("verb", "")),
                     "id": key}
            out.writerow(_row(REL_COLUMNS, data, fixed, key, raw))
