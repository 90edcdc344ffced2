"""Table cells and aligned tables, as every text renderer writes them."""
from __future__ import annotations

from typing import Any

MAX_CELL = 60


def text(value: Any) -> str:
    """Return a cell value as text: lists joined with ', ', source ids without 'source/'."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    if isinstance(value, (list, tuple)):
        return ", ".join(text(v) for v in value)
    return str(value).removeprefix("source/")


def cut(value: str, width: int = MAX_CELL) -> str:
    value = " ".join(value.split())
    return value if len(value) <= width else value[: width - 1] + "…"


def table(columns: list[str], rows: list[list[str]]) -> list[str]:
    """Return the lines of an aligned table with a header rule."""
    widths = [len(c) for c in columns]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa
    return [line(columns), line(["-" * w for w in widths])] + [line(r) for r in rows]
