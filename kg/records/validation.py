"""Turn pydantic validation errors into one-line KGErrors at the line of the bad value."""
from __future__ import annotations

import difflib

from pydantic import ValidationError

from kg.errors import KGError
from kg.records.limits import MAX_ID, shorten
from kg.records.reader import LineDict, LineList
from kg.records.types import _SLUG, FieldError

# Record kinds whose singular is not the kind without its final "s".
_SINGULAR = {"supplies": "supply", "financing": "financing"}


def kind_noun(kind: str) -> str:
    """Return the singular a message uses for a record kind: 'supplies' -> 'supply'."""
    return _SINGULAR.get(kind, kind.removesuffix("s"))


def describe_error(exc: ValidationError, model, raw: LineDict, path: str) -> list[KGError]:
    """Return one KGError per distinct bad field of a record (first problem of each)."""
    label = kind_noun(model.KIND)
    rid = raw.get("id")
    prefix = f"{label}: "
    if isinstance(rid, str):
        # An id that is not one is quoted short: a newline or ESC must not reach the terminal.
        ok = len(rid) <= MAX_ID and _SLUG.fullmatch(rid)
        prefix = f"{label} {repr(rid) if ok else shorten(rid)}: "
    seen, errors = set(), []
    for err in exc.errors():
        loc = _loc(err)
        # A union or nested model can report several errors for one value; keep the first.
        if loc[:1] in seen:
            continue
        seen.add(loc[:1])
        errors.append(KGError(prefix + _message(err, loc, model), path, _locate(raw, loc)))
    return errors


def _loc(err: dict) -> tuple:
    error = (err.get("ctx") or {}).get("error")
    if isinstance(error, FieldError):
        return tuple(err["loc"]) + (error.field,)
    return tuple(err["loc"])


def _message(err: dict, loc: tuple, model) -> str:
    where = ".".join(str(p) for p in loc)
    kind, msg = err["type"], err["msg"]
    if kind == "extra_forbidden":
        allowed = list(model.model_fields)
        return f"unknown field {shorten(where)}{did_you_mean(str(loc[-1]), allowed)}"
    if loc == ("evidence",) and kind in ("too_short", "missing"):
        return "a claim without evidence: add at least one `evidence` entry with a `source`"
    if kind == "missing":
        return f"missing field '{where}'"
    msg = msg.removeprefix("Value error, ")
    if kind.endswith("_type") or kind in ("string_too_short", "too_short", "literal_error",
                                          "greater_than_equal", "string_pattern_mismatch"):
        return f"{where}: {msg}, got {shorten(err['input'])}"
    return f"{where}: {msg}" if where else msg


def _locate(raw: LineDict, loc: tuple) -> int:
    node, line = raw, raw.line
    for part in loc:
        if isinstance(node, LineDict) and part in node:
            line, node = node.line_of(part), node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and part < len(node):
            line, node = node.line_of(part), node[part]
        else:
            break
    return line


def did_you_mean(word: str, candidates, cutoff: float = 0.6) -> str:
    """Return ` (did you mean 'x'?)` for the candidate closest to a misspelt word (difflib,
    at least `cutoff` alike), or "" when none is."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=cutoff)
    return f" (did you mean '{close[0]}'?)" if close else ""
