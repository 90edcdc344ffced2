"""Path answers as text (the connection as one cited sentence, then each hop with its relation,
dates and sources) and as CSV rows."""
from __future__ import annotations

from kg.analysis.answers import Answer
from kg.render.cells import text
from kg.render.evidence import evidence_line


def arrow(hop: dict) -> str:
    """Return 'A -verb-> B', or 'A <-verb- B' for a hop read against the claim's direction."""
    relation = hop["relation"]
    if hop["direction"] == "forward":
        relation = f"-{relation}->"
    return f"{hop['from']['label']} {relation} {hop['to']['label']}"


def path_lines(answer: Answer) -> list[str]:
    lines = [answer.title]
    for path in answer.paths or []:
        lines += ["", f"Path {path['number']} ({path['length']} hop"
                  f"{'s' if path['length'] != 1 else ''}): " + " → ".join(path["labels"])]
        if path.get("sentence"):  # the connection told, then each hop with its evidence
            lines.append(f"  {path['sentence']}")
        for i, hop in enumerate(path["hops"], start=1):
            detail = ", ".join(x for x in (hop["kind"], hop["dates"], *hop.get("strength", []))
                               if x)
            lines.append(f"  {i}. {arrow(hop)}  [{detail}]")
            for item in hop["evidence"]:
                lines.append(f"       {evidence_line(item)}")
            if not hop["evidence"]:
                lines.append("       no source recorded for this link")
        if path.get("also via"):
            lines.append("  also via: " + "; ".join(
                f"{e['label']} ({e['id']})" for e in path["also via"]))
    return lines


def path_rows(answer: Answer) -> tuple[list[str], list[list[str]]]:
    """Return one CSV row per hop: path number, hop number, ends, relation, dates, sources."""
    rows = []
    for path in answer.paths or []:
        for i, hop in enumerate(path["hops"], start=1):
            sources = list(dict.fromkeys(text(e["source"]) for e in hop["evidence"]))
            rows.append([str(path["number"]), str(i), hop["from"]["id"], hop["from"]["label"],
                         hop["relation"], hop["direction"], hop["to"]["id"], hop["to"]["label"],
                         hop["kind"], "; ".join(hop["claims"]), hop["dates"], "; ".join(sources)])
    return answer.columns, rows
