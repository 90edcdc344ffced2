"""The one exception type: a message with the place (file and line) it is about."""
from __future__ import annotations

from pathlib import Path


class KGError(Exception):
    """A user-facing error. `str(err)` is one line: `path:line: message`.

    `exit_code` is the CLI's: 1, or 2 where a subclass says the input names nothing the graph
    or the question parser knows (kg.analysis.resolve.Unresolved, kg.ask.questions.NotUnderstood).
    """

    exit_code = 1

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


class KGErrors(KGError):
    """Several errors found in one pass (e.g. every bad record of a check)."""

    def __init__(self, errors: list[KGError]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)
