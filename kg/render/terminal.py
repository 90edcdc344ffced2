"""The terminal the output goes to: how wide a table may be, and a rich Console that writes
plain text (no colour, no ANSI codes) into a string.

Width: `$COLUMNS` when set; else the terminal's width when stdout is a terminal; else
`DEFAULT_WIDTH` (100), so what a pipe, a file, a test or the README shows does not depend on
the window it was made in.
"""
from __future__ import annotations

import io
import os
import sys

DEFAULT_WIDTH = 100


def width() -> int:
    """Return the number of columns text output may use (see the module docstring)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    stream = sys.stdout
    try:
        if stream is not None and stream.isatty():
            return os.get_terminal_size(stream.fileno()).columns or DEFAULT_WIDTH
    except (AttributeError, OSError, ValueError):  # a replaced or closed stdout
        pass
    return DEFAULT_WIDTH


def plain_text(renderable, columns: int) -> str:
    """Return what rich prints for `renderable` in `columns` columns, as plain text."""
    from rich.console import Console  # imported here: `kg --version` need not load rich

    buffer = io.StringIO()
    # Every switch set outright, so FORCE_COLOR, NO_COLOR or TERM in the environment change
    # nothing: the text is the same in a pipe, a file and a test.
    console = Console(file=buffer, width=columns, color_system=None, force_terminal=False,
                      force_jupyter=False, force_interactive=False, no_color=True, markup=False,
                      emoji=False, highlight=False, legacy_windows=False, soft_wrap=False)
    console.print(renderable)
    return buffer.getvalue()
