"""Answers (kg.analysis.answers.Answer) as a table, CSV or JSON. Pure functions;
`ANSWER_FORMATS` backs the `--format` option of path, suppliers, profile, rank and ask.

- table: the title, the measure (one line: what the numbers count), a table (kg.render.cells:
  wrapped, never cut), the notes, then the cited sources with title and URL; paths and
  profiles have their own layouts (kg/render/paths.py, kg/render/profile.py).
- csv: one line per row (per hop for paths, per fact for profiles), source ids in `sources`;
  the measure is not a row (the CLI says it on stderr: `kg.cli.base.print_answer`).
- json: `measure` beside the title, every row with its entity {id, label, kind} and evidence
  {source, title, url, kind, quote | summary | row, locator}: `kind` says whether the text
  is the source's words.
"""
from __future__ import annotations

import csv
import io
import json
from typing import Any

from kg.analysis.answers import Answer
from kg.render.cells import printable, spreadsheet_safe, table, text
from kg.render.paths import path_lines, path_rows
from kg.render.profile import profile_lines


def cited(answer: Answer) -> list[dict]:
    """Return the distinct sources the answer's evidence cites, in first-cited order."""
    seen: dict[str, dict] = {}
    items = [e for row in answer.rows for e in row.get("evidence", [])]
    items += [e for path in answer.paths or [] for hop in path["hops"] for e in hop["evidence"]]
    items += (answer.profile or {}).get("details evidence", [])
    items += answer.notes_evidence
    for item in items:
        seen.setdefault(item["source"], item)
    return list(seen.values())


def source_lines(answer: Answer) -> list[str]:
    out = []
    for item in cited(answer):
        version = f", version {item['version']}" if item.get("version") else ""
        url = f" <{item['url']}>" if item.get("url") else ""
        out.append(f"  {text(item['source'])}: {item.get('title') or '?'}{version}{url}")
    return ["", "Sources:"] + out if out else []


def explain_lines(answer: Answer) -> list[str]:
    if not answer.explain:
        return []
    return [f"{key}: {text(value)}" for key, value in answer.explain.items()
            if value not in (None, "", [], {})] + [""]


def render_table(answer: Answer, explain: bool = False, width: int | None = None) -> str:
    """Return the answer as text for a terminal: the table wraps within `width` columns."""
    lines = explain_lines(answer) if explain else []
    if answer.paths is not None:
        lines += path_lines(answer)
    elif answer.profile is not None:
        lines += profile_lines(answer)
    else:
        lines.append(answer.title)
        if answer.measure:
            lines.append(answer.measure)
        if answer.rows:
            rows = [[text(row.get(c)) for c in answer.columns] for row in answer.rows]
            lines += [""] + table(answer.columns, rows, width)
            lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    if answer.notes:
        lines += [""] + answer.notes
    lines += source_lines(answer)
    return printable("\n".join(lines)) + "\n"  # titles, notes and evidence come from data too


def csv_rows(answer: Answer) -> tuple[list[str], list[list[str]]]:
    """Return the header and rows of the answer as flat text."""
    if answer.paths is not None:
        return path_rows(answer)
    header = ["id"] + answer.columns
    rows = []
    for row in answer.rows:
        cells = [text(row.get("entity", {}).get("id"))]
        cells += ["; ".join(str(v) for v in row[c]) if isinstance(row.get(c), list)
                  else text(row.get(c)) for c in answer.columns]
        rows.append(cells)
    return header, rows


def render_csv(answer: Answer, explain: bool = False) -> str:
    """Return the answer as CSV, a formula-like cell with a leading ' (cells.spreadsheet_safe):
    names and notes come from data, and a spreadsheet would run '=...' (JSON keeps them raw)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header, rows = csv_rows(answer)
    writer.writerow(header)
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return buffer.getvalue()


def render_json(answer: Answer, explain: bool = False) -> str:
    """Return the answer as a JSON document (rows keep their entity and evidence)."""
    document: dict[str, Any] = {"kind": answer.kind, "title": answer.title,
                                "columns": answer.columns}
    if answer.measure:
        document["measure"] = answer.measure
    if answer.paths is not None:
        document["paths"] = answer.paths
    else:
        if answer.profile is not None:
            document["profile"] = answer.profile
        document["rows"] = answer.rows
    document["notes"] = answer.notes
    if answer.notes_evidence:
        document["notes evidence"] = answer.notes_evidence
    if answer.apart:  # at an as-of date: what is not counted, and why (see kg.analysis.when)
        document["apart"] = answer.apart
    if explain and answer.explain:
        document["explain"] = answer.explain
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


ANSWER_FORMATS = {"table": render_table, "csv": render_csv, "json": render_json}
