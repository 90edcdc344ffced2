"""Input limits of a record file, and the check of its shape that runs before it is built.

A record file is read whole into Python objects, so a few hundred hostile bytes could otherwise
ask for gigabytes: a YAML alias bomb (each level names the one below nine times), a nesting
deep enough to overflow the C stack of the parser, a 20 MB label, `amount: 1e999999999`. The
limits are far above anything curated or imported (the shipped data: nesting 6, longest value
1,211 characters, longest id 111, largest amount 1.91e13, years 1979-2026) and each is refused in one line.

>>> check_shape("a: [[[1]]]\\n", "x.yaml")
>>> check_shape("a: &x [1]\\nb: *x\\n", "x.yaml")
Traceback (most recent call last):
...
kg.errors.KGError: x.yaml:2: YAML aliases (*x) are not read in record files: write the value out
"""
from __future__ import annotations

import re
from decimal import Decimal

import yaml

from kg.errors import KGError

MAX_DEPTH = 20          # lists and mappings inside one another
MAX_TEXT = 10_000       # characters of one value (a label, a quote, a note, an id, a key)
MAX_ID = 200            # characters of an id (it is in every IRI and error line about it)
MAX_AMOUNT = Decimal(10) ** 15   # the largest magnitude of an amount or a value
MAX_DECIMALS = 12       # digits after the decimal point of an amount or a value
YEARS = (1900, 2100)    # the years a date may name (a plausible range: not 0000, not 9999)

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

# An anchor or alias starts a node: after a space, a line start or a flow indicator. Text like
# "AT&T" or "R & D" does not match; a quoted "*x" may, and only costs the exact check below.
_ANCHOR = re.compile(r"(?:^|[\s\[{,])[&*][^\s\[\]{},]", re.MULTILINE)
_INDENT = re.compile(rf"^[ \t-]{{{MAX_DEPTH},}}", re.MULTILINE)
_OPEN = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSE = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def check_shape(text: str, path: str) -> None:
    """Return None when the text has no alias and nests at most MAX_DEPTH deep; else raise KGError.

    Runs on the parser's event stream, which is flat: it never builds the document, so neither a
    bomb nor a 100,000-deep nesting costs more than its own bytes. The exact pass runs only on
    text that could break a limit (an anchor-like mark, deep indentation, many brackets); the
    large imported files have none and are not read twice.
    """
    if not (_ANCHOR.search(text) or _INDENT.search(text)
            or text.count("[") + text.count("{") >= MAX_DEPTH):
        return
    loader = _Loader(text)
    depth = 0
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, yaml.AliasEvent):
                raise KGError(f"YAML aliases (*{clip(event.anchor, 40)}) are not read in "
                              "record files: write the value out", path, _line(event))
            if isinstance(event, _OPEN):
                depth += 1
                if depth > MAX_DEPTH:
                    raise KGError(f"nested more than {MAX_DEPTH} lists or mappings deep",
                                  path, _line(event))
            elif isinstance(event, _CLOSE):
                depth -= 1
    except yaml.YAMLError:
        return  # not valid YAML: the parser proper says where, in its own words
    finally:
        loader.dispose()


def check_amount(value: Decimal) -> Decimal:
    """Return the value when it is finite and within MAX_AMOUNT and MAX_DECIMALS; else raise."""
    if not value.is_finite():
        raise ValueError(f"{clip(str(value))} is not a number")
    # No arithmetic here: abs() or normalize() of 1e999999999 raise decimal.Overflow.
    _sign, digits, exponent = value.as_tuple()
    places = -exponent - (len(digits) - len("".join(map(str, digits)).rstrip("0")))
    if value.copy_abs() > MAX_AMOUNT or (any(digits) and places > MAX_DECIMALS):
        raise ValueError(f"{clip(str(value))} is out of range: at most 10^15 in size and "
                         f"{MAX_DECIMALS} decimal places")
    return value


def _line(event) -> int:
    return event.start_mark.line + 1


def clip(text: str, limit: int = 60) -> str:
    """Return text cut to `limit` characters, so an error line stays one short line."""
    return text if len(text) <= limit else text[:limit] + f"... ({len(text):,} characters)"


def shorten(value) -> str:
    """Return repr(value), cut to 60 characters: how an error message quotes a bad value."""
    return clip(repr(value))
