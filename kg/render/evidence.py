"""One evidence item as a line of text: a quote in quotation marks, a summary labelled, a row."""
from __future__ import annotations

from kg.render.cells import text


def evidence_line(item: dict) -> str:
    """Return 'source: s "quote" (p. 3)', 'source: s, summary: ...' or 'source: s (row ...)'."""
    # Only a quote is printed in quotation marks: a summary is the curator's words, and marks
    # around it would put them in the source's mouth.
    where = f" ({item['locator']})" if item.get("locator") else ""
    if item.get("quote"):
        said = f' "{item["quote"]}"{where}'
    elif item.get("summary"):
        said = f", summary: {item['summary']}{where}"
    elif item.get("row"):
        said = f" (row {item['row']})"
    else:
        said = where
    return f"source: {text(item['source'])}{said}"
