"""What the XML exports (GraphML, GEXF) share: one attribute type per column, by its values'
real type, and text that XML 1.0 can hold.

A column's type is the narrowest that holds every value it has: `boolean`, `int` (32 bits),
`long`, `double` (a float, or ints mixed with floats), else `string`. networkx declares every
int as `long`, which older igraph releases read as text.

>>> column_type([2019, 2020]), column_type([2**40]), column_type([1, 2.5]), column_type([True])
('int', 'long', 'double', 'boolean')
>>> xml_text("a\\x1bb"), value_text(False), value_text(0.5)
('a\\\\x1bb', 'false', '0.5')
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from xml.etree import ElementTree as ET

INT32 = 2**31
# Characters XML 1.0 cannot hold, even escaped: most C0 controls, surrogates, U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def column_type(values: Iterable) -> str:
    """Return the GraphML type of a column: boolean, int, long, double or string."""
    kinds = {type(v) for v in values}
    if kinds == {bool}:
        return "boolean"
    if kinds == {int}:
        return "int" if all(-INT32 <= v < INT32 for v in values) else "long"
    if kinds and kinds <= {int, float}:
        return "double"
    return "string"


def xml_text(text: str) -> str:
    """Return text with the characters XML 1.0 cannot hold written as \\xNN (as a terminal shows
    them), so one control character in the data cannot make the whole file unreadable."""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def value_text(value) -> str:
    """Return a value as XML text: booleans as true/false, numbers as Python writes them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return xml_text(str(value))


def columns(items: Iterable[dict], skip: tuple = ()) -> dict[str, str]:
    """Return each attribute name of `items` (sorted) with its column type."""
    seen: dict[str, list] = {}
    for data in items:
        for key, value in data.items():
            if key not in skip:
                seen.setdefault(key, []).append(value)
    return {key: column_type(values) for key, values in sorted(seen.items())}


def write_tree(root: ET.Element, path: Path) -> None:
    """Write an element tree, indented, as UTF-8 with an XML declaration."""
    tree = ET.ElementTree(root)
    ET.indent(tree)
    tree.write(path, encoding="utf-8", xml_declaration=True)
