"""A profile answer as text: the entity's card, then its facts by section, each with sources."""
from __future__ import annotations

from kg.analysis.answers import Answer
from kg.render.evidence import evidence_line


def profile_lines(answer: Answer) -> list[str]:
    card = answer.profile or {}
    lines = [answer.title]
    if card.get("aliases"):
        lines.append(f"aliases: {', '.join(card['aliases'])}")
    if card.get("identifier"):
        lines.append(f"identifier: {card['identifier']}")
    for detail in card.get("details", []):
        lines.append(f"{detail['name']}: {detail['value']}")
    for item in card.get("details evidence", []):
        lines.append(f"  {evidence_line(item)}")
    section = None
    for row in answer.rows:
        if row["section"] != section:
            section = row["section"]
            lines += ["", f"{section}:"]
        when = f" ({row['dates']})" if row["dates"] else ""
        strength = f"  {row['strength']}" if row.get("strength") else ""
        lines.append(f"  {row['fact']}{when}  [{row['claim']}]{strength}")
        for item in row["evidence"]:
            lines.append(f"      {evidence_line(item)}")
        if not row["evidence"]:
            lines.append("      no source recorded")
    if not answer.rows:
        lines += ["", "not recorded: the graph has no claim about it; unknown is not no"]
    return lines
