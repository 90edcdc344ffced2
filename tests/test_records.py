"""kg.records.reader: strict YAML with the line of every key and list item.

The property tests generate YAML text from a random tree, remembering the line each key and list
item is written on, and check that the loader reports exactly those lines.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import KGError
from kg.records.reader import LineDict, LineList, parse_yaml, read_yaml

# ---------------------------------------------------------------------------------------------
# Generated YAML: a tree of Map / Seq / Scalar, rendered in block style with blank and comment
# lines in between, and the lines each key and item landed on.


@dataclass(frozen=True)
class Scalar:
    text: str       # as written in the YAML
    value: object   # what the loader must give back


class Seq(list):    # items: (filler lines before it, node)
    pass


class Map(list):    # entries: (filler lines before it, key, node)
    pass


# YAML 1.1 reads these plain words as booleans or null; keys here are meant to stay strings.
_WORDS = {"yes", "no", "true", "false", "on", "off", "null", "y", "n"}
keys = st.from_regex(r"[a-z][a-z0-9_]{0,7}", fullmatch=True).filter(lambda k: k not in _WORDS)

# Dates and date-times YAML would resolve to timestamps (and crash on, for 2019-02-30).
timestamps = st.builds(
    lambda y, m, d, t: f"{y:04d}-{m:02d}-{d:02d}" + (f" {t[0]:02d}:{t[1]:02d}:{t[2]:02d}" if t else ""),
    st.integers(1000, 9999), st.integers(1, 19), st.integers(1, 39),
    st.none() | st.tuples(st.integers(0, 23), st.integers(0, 59), st.integers(0, 59)),
)
text = st.text(st.characters(categories=["L", "N", "P", "Zs", "S"]), max_size=12)
scalars = st.one_of(
    st.integers(-10**9, 10**9).map(lambda n: Scalar(str(n), n)),
    text.map(lambda s: Scalar(json.dumps(s, ensure_ascii=False), s)),
    timestamps.map(lambda s: Scalar(s, s)),
    st.sampled_from([Scalar("null", None), Scalar("true", True), Scalar("false", False)]),
)
filler = st.integers(0, 2)


def _containers(children):
    return st.one_of(
        st.lists(st.tuples(filler, children), max_size=4).map(Seq),
        st.lists(st.tuples(filler, keys, children), max_size=4,
                 unique_by=lambda entry: entry[1]).map(Map),
    )


nodes = st.recursive(scalars, _containers, max_leaves=24)
documents = st.lists(st.tuples(filler, keys, nodes), min_size=1, max_size=5,
                     unique_by=lambda entry: entry[1]).map(Map)


class Renderer:
    """Block-style YAML writer that records the 1-based line of every key and list item."""

    def __init__(self):
        self.out: list[str] = []
        self.lines: dict[int, list[int]] = {}  # id(Map or Seq) -> line of each entry
        self.starts: dict[int, int | None] = {}  # id(Seq) -> line of its first "-"

    def render(self, document: Map) -> str:
        self.mapping(document, 0, compact=False)
        return "\n".join(self.out) + "\n"

    def _filler(self, count: int, indent: int) -> None:
        for i in range(count):
            self.out.append("" if i % 2 else " " * indent + "# a comment")

    def _value(self, node, indent: int, head: str) -> None:
        """Write `head` followed by node: inline for scalars and empty containers."""
        if isinstance(node, Scalar):
            self.out.append(f"{head} {node.text}")
        elif not node:
            self.out.append(f"{head} {'{}' if isinstance(node, Map) else '[]'}")
        elif isinstance(node, Map) and head.endswith("-"):
            # "- key: value": the mapping starts on the item's own line
            first = len(self.out)
            self.mapping(node, indent + 2, compact=True)
            self.out[first] = head + " " + self.out[first].lstrip(" ")
        else:
            self.out.append(head)
            (self.mapping if isinstance(node, Map) else self.sequence)(node, indent + 2, False)

    def mapping(self, node: Map, indent: int, compact: bool) -> None:
        lines = self.lines.setdefault(id(node), [])
        for i, (fill, key, value) in enumerate(node):
            if not (compact and i == 0):  # nothing may come between "-" and the first key
                self._filler(fill, indent)
            lines.append(len(self.out) + 1)
            self._value(value, indent, " " * indent + f"{key}:")

    def sequence(self, node: Seq, indent: int, compact: bool) -> None:
        lines = self.lines.setdefault(id(node), [])
        for fill, value in node:
            self._filler(fill, indent)
            lines.append(len(self.out) + 1)
            self._value(value, indent, " " * indent + "-")
        self.starts[id(node)] = lines[0] if lines else None
        # An item that is itself a non-empty list starts at its own first "-", one line down.
        for i, (_, value) in enumerate(node):
            if isinstance(value, Seq) and value:
                lines[i] = self.starts[id(value)]


def check(parsed, node, renderer: Renderer, where: str = "") -> None:
    """Assert that the parsed value equals node and every line is where it was written."""
    if isinstance(node, Scalar):
        assert parsed == node.value and type(parsed) is type(node.value), where
        return
    lines = renderer.lines.get(id(node), [])
    if isinstance(node, Map):
        assert isinstance(parsed, LineDict), where
        assert list(parsed) == [key for _, key, _ in node], where
        for (_, key, value), line in zip(node, lines):
            assert parsed.line_of(key) == line, f"{where}.{key}"
            check(parsed[key], value, renderer, f"{where}.{key}")
    else:
        assert isinstance(parsed, LineList) and len(parsed) == len(node), where
        for i, ((_, value), line) in enumerate(zip(node, lines)):
            assert parsed.line_of(i) == line, f"{where}[{i}]"
            check(parsed[i], value, renderer, f"{where}[{i}]")


@settings(max_examples=100, deadline=None)
@given(documents)
def test_every_key_and_item_has_the_line_it_was_written_on(document):
    renderer = Renderer()
    source = renderer.render(document)
    check(parse_yaml(source, "f.yaml"), document, renderer)


@settings(max_examples=60, deadline=None)
@given(documents, st.data())
def test_a_duplicate_key_is_always_rejected_at_its_line(document, data):
    maps = _maps(document)
    target = data.draw(st.sampled_from(maps))
    first = data.draw(st.integers(0, len(target) - 1))
    at = data.draw(st.integers(first + 1, len(target)))
    key = target[first][1]
    target.insert(at, (data.draw(filler), key, data.draw(scalars)))
    renderer = Renderer()
    source = renderer.render(document)
    lines = renderer.lines[id(target)]
    with pytest.raises(KGError) as caught:
        parse_yaml(source, "f.yaml")
    assert str(caught.value) == (
        f"f.yaml:{lines[at]}: duplicate key '{key}' (first at line {lines[first]})"
    )


def _maps(node) -> list[Map]:
    found = [node] if isinstance(node, Map) and node else []
    if isinstance(node, (Map, Seq)):
        for entry in node:
            found += _maps(entry[-1])
    return found


@settings(max_examples=100, deadline=None)
@given(timestamps)
def test_timestamps_stay_the_strings_written(value):
    document = parse_yaml(f"date: {value}\nlist: [{value}]\n", "f.yaml")
    assert document == {"date": value, "list": [value]}
    assert type(document["date"]) is str


# ---------------------------------------------------------------------------------------------
# Files that are not a mapping of record kinds, and other refusals.

@pytest.mark.parametrize("text, message", [
    ("", "f.yaml:1: the file is empty: expected a mapping of record kinds to lists"),
    ("# only a comment\n\n", "f.yaml:1: the file is empty: expected a mapping of record kinds to lists"),
    ("- a\n- b\n", "f.yaml:1: expected a mapping of record kinds to lists, found a list"),
    ("42\n", "f.yaml:1: expected a mapping of record kinds to lists, found a int (42)"),
    ("a: 1\n---\nb: 2\n",
     "f.yaml:2: not valid YAML: but found another document "
     "(expected a single document in the stream at line 1)"),
    ("a: 1\nb: 'open\n",
     "f.yaml:3: not valid YAML: found unexpected end of stream "
     "(while scanning a quoted scalar at line 2)"),
    ("a: b: c\n", "f.yaml:1: not valid YAML: mapping values are not allowed in this context"),
    ("a: !!python/name:os.system x\n",
     "f.yaml:1: not valid YAML: could not determine a constructor for the tag "
     "'tag:yaml.org,2002:python/name:os.system'"),
    ("sources:\n  ? [a, b]\n  : 1\n", "f.yaml:2: a key must be a plain value, not ['a', 'b']"),
    ("a:\n  b: 1\n  c: 2\n  b: 3\n", "f.yaml:4: duplicate key 'b' (first at line 2)"),
])
def test_refusals_name_the_file_and_line(text, message):
    with pytest.raises(KGError) as caught:
        parse_yaml(text, "f.yaml")
    assert str(caught.value) == message


def test_read_yaml_refuses_text_that_is_not_utf8(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("sources:\n  - title: Caf\xe9\n".encode("latin-1"))
    with pytest.raises(KGError) as caught:
        read_yaml(path)
    assert str(caught.value) == f"{path}: not UTF-8 text (invalid continuation byte)"


def test_read_yaml_keeps_lines_of_a_file(tmp_path):
    path = tmp_path / "records.yaml"
    path.write_text("# header\nsources:\n  - id: a\n    title: A\n\n  - id: b\n", encoding="utf-8")
    document = read_yaml(path)
    records = document["sources"]
    assert document.line_of("sources") == 2
    assert [records.line_of(0), records.line_of(1)] == [3, 6]
    assert records[0].line_of("title") == 4


def test_line_of_something_absent_is_the_line_of_the_container():
    document = parse_yaml("\n\nrecords:\n  - id: a\n", "f.yaml")
    record = document["records"][0]
    assert record.line_of("missing") == record.line == 4
    assert document["records"].line_of(5) == document["records"].line == 4
