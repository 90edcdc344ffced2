"""Read curated YAML strictly, keeping the line of every mapping key and list item.

Duplicate keys, empty files and files that are not a mapping are errors. Timestamps are not
resolved (a date stays the string the curator wrote, so `kg.records.models` can check it and say why
it is wrong). Every mapping is a `LineDict` and every list a `LineList`, which remember where
their items came from, so validation errors can name `path:line`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kg.errors import KGError
from kg.records.limits import MAX_TEXT, check_shape, clip, shorten

try:  # the C parser is ~10x faster; construction stays in Python so marks are kept
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader


class LineDict(dict):
    """A dict that knows the line of itself and of each key (1-based)."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A list that knows the line of itself and of each item (1-based)."""

    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        if 0 <= index < len(self.item_lines):
            return self.item_lines[index]
        return self.line


class _StrictLoader(_BaseLoader):
    path: str = "<string>"
    line: int | None = None  # of the scalar being built, for a number Python cannot hold

    def construct_scalar(self, node):
        # Every key and value passes here: a 20 MB label is refused before it is copied around.
        self.line = node.start_mark.line + 1
        if len(node.value) > MAX_TEXT:
            raise KGError(f"a value of {len(node.value):,} characters: at most {MAX_TEXT:,}",
                          self.path, self.line)
        return super().construct_scalar(node)


# Dates stay strings: YAML's implicit timestamps would turn "2019-02-30" into a parse crash
# and "2019-10" into a string while "2019-10-01" became a date; the models check dates instead.
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.copy().items()
}


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, (str, int, float, bool)) or key is None:
            raise KGError(f"a key must be a plain value, not {shorten(key)}", loader.path, line)
        if key in result:
            raise KGError(
                f"duplicate key {shorten(key)} (first at line {result.key_lines[key]})",
                loader.path, line
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _construct_sequence(loader: _StrictLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def parse_yaml(text: str, path: str | Path) -> LineDict:
    """Return the top-level mapping of a YAML document, or raise KGError at its line."""
    check_shape(text, str(path))
    loader = _StrictLoader(text)
    loader.path = str(path)
    try:
        document = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "not valid YAML"
        # An unclosed quote or bracket is only noticed where the file ends; say where it opened.
        ctx = exc.context_mark
        if exc.problem and exc.context and ctx and mark and ctx.line != mark.line:
            problem += f" ({exc.context} at line {ctx.line + 1})"
        raise KGError(f"not valid YAML: {clip(problem, 200)}", path, line) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (DEL, C1, ...)
        char = chr(exc.character) if isinstance(exc.character, int) else exc.character
        raise KGError(f"not valid YAML: {exc.reason}: {char!r}", path,
                      text.count("\n", 0, exc.position) + 1) from None
    except yaml.YAMLError as exc:
        raise KGError(f"not valid YAML: {clip(str(exc).splitlines()[0], 200)}", path) from None
    except ValueError as exc:  # an integer of more digits than Python converts (4,300)
        raise KGError(f"not a number Python can hold: {str(exc)[:80]}", path,
                      loader.line) from None
    finally:
        loader.dispose()
    if document is None:
        raise KGError("the file is empty: expected a mapping of record kinds to lists", path, 1)
    if not isinstance(document, LineDict):
        raise KGError(
            f"expected a mapping of record kinds to lists, found {_kind(document)}", path, 1
        )
    return document


def read_text(path: str | Path) -> str:
    """Return a record file's text, or raise KGError naming it when it is not UTF-8."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise KGError(f"not UTF-8 text ({exc.reason})", path) from None


def read_yaml(path: str | Path) -> LineDict:
    """Return the top-level mapping of a YAML file (see parse_yaml)."""
    return parse_yaml(read_text(path), path)


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__} ({shorten(value)})"
