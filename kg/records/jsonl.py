"""Read and write machine-written records as JSON Lines: one record a line, its kind inside.

The importers write everything under `data/imported/` this way (and the synthetic generator
writes the benchmark's records so): a JSON parser reads it at C speed where YAML's constructor
builds every scalar in Python, and one record a line still gives every error its `path:line`.

    {"@comment": "The US lists of ... Do not edit: re-run the import."}
    {"@kind": "organizations", "id": "140-repair-plant-jsc", "kind": "company", ...}

The first line may be a `@comment` (the attribution a YAML file carries as `#` lines); every
other line is one record, its `@kind` the key a YAML file lists it under (the `@` keeps it
apart from the fields: organisations and sources have a `kind` of their own). `read_jsonl`
returns the same shape as `kg.records.reader.read_yaml` (kinds in the order first seen ->
records in file order), so the checks after it do not care which format a record came from.

>>> doc = parse_jsonl('{"@comment": "c"}\\n{"@kind": "sources", "id": "s"}\\n', "x.jsonl")
>>> doc["sources"], doc["sources"].line_of(0), doc["sources"][0].line_of("id")
([{'id': 's'}], 2, 2)
>>> parse_jsonl('{"@kind": "sources", "id": "s", "id": "t"}\\n', "x.jsonl")
Traceback (most recent call last):
...
kg.errors.KGError: x.jsonl:1: duplicate key 'id'
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.records.limits import MAX_DEPTH, MAX_TEXT, clip, shorten
from kg.records.reader import LineDict, LineList, read_text

HEADER, KIND = "@comment", "@kind"  # the key of the optional first line; of a record's kind


class LineRecord(LineDict):
    """A record read from one line: the record and every key in it are on that line."""

    def line_of(self, key: Any) -> int:
        return self.line


def dump_jsonl(kinds: dict[str, list[dict[str, Any]]], header: str = "") -> str:
    """Return JSON Lines text for records grouped by kind; kinds sorted, records kept in order."""
    # ensure_ascii=False keeps names readable (and the file small); json escapes every line
    # break a reader splits on except U+2028/29, which the reader does not split on.
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    lines = [dumps({HEADER: header.rstrip("\n")})] if header else []
    for kind in sorted(kinds):
        lines += [dumps({KIND: kind, **record}) for record in kinds[kind]]
    return "".join(line + "\n" for line in lines)


def read_jsonl(path: str | Path) -> LineDict:
    """Return the records of a JSON Lines file by kind (see parse_jsonl)."""
    return parse_jsonl(read_text(path), path)


def parse_jsonl(text: str, path: str | Path) -> LineDict:
    """Return the records of JSON Lines text by kind, each knowing its line; or raise KGError."""
    path = str(path)
    lines = text.split("\n")  # never splitlines(): U+2028 inside a string is not a line break
    if lines and lines[-1] == "":
        lines.pop()
    try:
        # One parse of the whole file as an array: the file's lines are the array's items. Only a
        # file with a problem is parsed again, line by line, to say which line it is on.
        values = _DECODER.decode("[" + ",".join(lines) + "]") if lines else []
    except (ValueError, RecursionError):
        values = [_parse_line(line, path, n) for n, line in enumerate(lines, start=1)]
    if len(values) != len(lines):  # a line holding two values ('{..},{..}') or none ('')
        values = [_parse_line(line, path, n) for n, line in enumerate(lines, start=1)]
    if len(text) > MAX_TEXT:  # only a file that long can hold a value that long
        for n, (line, value) in enumerate(zip(lines, values), start=1):
            if len(line) > MAX_TEXT:
                _check_text(value, path, n)
    document = LineDict()
    document.line, document.key_lines = 1, {}
    for n, value in enumerate(values, start=1):
        if n == 1 and isinstance(value, dict) and set(value) == {HEADER}:
            continue
        record = _record(value, path, n)
        kind = record.pop(KIND)
        items = document.get(kind)
        if items is None:
            items = document[kind] = LineList()
            items.line, items.item_lines = n, []
            document.key_lines[kind] = n
        items.append(record)
        items.item_lines.append(n)
    if not values:
        raise KGError("the file is empty: expected one JSON record a line", path, 1)
    return document


def _pairs(pairs: list[tuple[str, Any]]) -> dict:
    # JSON allows a key twice and json keeps the last; a record file must not (as in YAML).
    result = dict(pairs)
    if len(result) != len(pairs):
        seen = set()
        for key, _ in pairs:
            if key in seen:
                raise _Duplicate(key)
            seen.add(key)
    return result


class _Duplicate(ValueError):
    pass


def _constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


_DECODER = json.JSONDecoder(object_pairs_hook=_pairs, parse_constant=_constant)


def _parse_line(line: str, path: str, n: int) -> Any:
    try:
        value, end = _DECODER.raw_decode(line)
        rest = line[end:].strip()
        if rest:
            raise KGError(f"not valid JSON: extra data after the record at column {end + 1}",
                          path, n)
        return value
    except _Duplicate as exc:
        raise KGError(f"duplicate key {shorten(exc.args[0])}", path, n) from None
    except json.JSONDecodeError as exc:
        # json's "Unterminated string starting at" already ends in "at"
        at = "" if exc.msg.endswith(" at") else " at"
        what = "an empty line" if not line.strip() else f"{exc.msg}{at} column {exc.colno}"
        raise KGError(f"not valid JSON: {what}", path, n) from None
    except RecursionError:
        raise KGError(f"nested more than {MAX_DEPTH} lists or mappings deep", path, n) from None
    except ValueError as exc:  # NaN/Infinity, an integer of more digits than Python converts
        raise KGError(f"not valid JSON: {clip(str(exc), 80)}", path, n) from None


def _record(value: Any, path: str, n: int) -> LineRecord:
    if not isinstance(value, dict):
        raise KGError(f"expected one record (a JSON object) a line, found {_kind(value)}", path, n)
    kind = value.get(KIND)
    if not isinstance(kind, str):
        found = f"no `{KIND}`" if kind is None else f"`{KIND}` {shorten(kind)}"
        raise KGError(f"a record needs its `{KIND}` (e.g. \"organizations\"), found {found}",
                      path, n)
    record = LineRecord(value)
    record.line = n
    return record


def _check_text(value: Any, path: str, n: int, depth: int = 0) -> None:
    """Raise KGError when a string in value is over MAX_TEXT or it nests over MAX_DEPTH."""
    if depth > MAX_DEPTH:
        raise KGError(f"nested more than {MAX_DEPTH} lists or mappings deep", path, n)
    if isinstance(value, str) and len(value) > MAX_TEXT:
        raise KGError(f"a value of {len(value):,} characters: at most {MAX_TEXT:,}", path, n)
    items = value.items() if isinstance(value, dict) else enumerate(value) \
        if isinstance(value, list) else ()
    for key, item in items:
        _check_text(key, path, n, depth + 1)
        _check_text(item, path, n, depth + 1)


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__} ({shorten(value)})"
