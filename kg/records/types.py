"""Field types of the input contract: ids, partial dates, countries, money and concepts.

Each validator quotes the bad value, because the curator reads the message, not the code.
"""
from __future__ import annotations

import calendar
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

import pycountry
from pydantic import AfterValidator, BeforeValidator, Field

from kg.records.countries import is_country_code
from kg.records.limits import MAX_ID, YEARS, check_amount, shorten
from kg.schema.vocab import INSTRUMENTS, STRENGTHS, TECHNOLOGIES

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*[a-z0-9]$|^[a-z0-9]$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
# C0 and C1 controls and DEL: NUL, ESC, BEL in a label would end a literal or drive a terminal.
# A tab and a line break are text (a note written as a YAML block).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Currency codes that are not money: no currency, testing, precious metals, bond-market units.
_NOT_MONEY = {"XXX", "XTS", "XAU", "XAG", "XPT", "XPD", "XBA", "XBB", "XBC", "XBD", "XSU", "XUA"}


class FieldError(ValueError):
    """A model-level check that is about one field, so the error can point at its line."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def _slug(value: Any) -> str:
    # fullmatch: `$` also matches before a final newline, and "huawei\n" is not an id.
    if value.__class__ is str and len(value) <= MAX_ID and _SLUG.fullmatch(value):
        return value  # (an id, the usual case, in one test: 200k ids at 1M triples)
    if isinstance(value, str) and len(value) > MAX_ID:
        raise ValueError(f"{shorten(value)} is not an id: at most {MAX_ID} characters")
    if not isinstance(value, str) or not _SLUG.fullmatch(value):
        raise ValueError(
            f"{shorten(value)} is not an id: use lower-case letters, digits and hyphens "
            "(e.g. 'huawei')"
        )
    return value


def _partial_date(value: Any) -> str:
    """A year (2019), a year-month ("2019-10") or a full date ("2019-10-09")."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    match = _DATE.fullmatch(value) if isinstance(value, str) else None
    if match:
        year, month, day = match.groups()
        if not YEARS[0] <= int(year) <= YEARS[1]:
            raise ValueError(f"{value!r} is not a plausible date: years {YEARS[0]}-{YEARS[1]}")
        if month is None:
            return value
        if 1 <= int(month) <= 12 and (
            day is None or 1 <= int(day) <= calendar.monthrange(int(year), int(month))[1]
        ):
            return value
    raise ValueError(f"{shorten(value)} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")


def _year(value: Any) -> str:
    """A year (2019): the graph writes it as an integer (sk:year), so nothing finer fits."""
    value = _partial_date(value)
    if len(value) != 4:
        raise ValueError(f"{shorten(value)} is not a year: write YYYY (a finer date goes in "
                         "`start`)")
    return value


def _country(value: Any) -> str:
    if not isinstance(value, str) or not is_country_code(value):
        raise ValueError(f"{shorten(value)} is not an ISO 3166-1 alpha-3 country code "
                         "(e.g. 'KEN')")
    return value


def _currency(value: Any) -> str:
    # pycountry's lookup ignores case; the graph and the shapes want the code as ISO writes it.
    if (not isinstance(value, str) or not value.isupper()
            or pycountry.currencies.get(alpha_3=value) is None):
        raise ValueError(f"{shorten(value)} is not an ISO 4217 currency code (e.g. 'USD')")
    if value in _NOT_MONEY:
        raise ValueError(f"{value!r} is an ISO 4217 code for no currency, testing or a metal, "
                         "not money: give the currency of the amount (e.g. 'USD')")
    return value


def _amount(value: Any) -> Any:
    # YAML floats lose digits (0.1 + 0.2); go through str so 124.7e6 stays 124700000.
    # Then bounded: "1e999999999" is a valid Decimal that takes gigabytes to write out.
    if isinstance(value, float):
        return check_amount(Decimal(repr(value)))
    if isinstance(value, bool) or not isinstance(value, (int, str, Decimal)):
        raise ValueError(f"{shorten(value)} is not a number")
    try:
        return check_amount(Decimal(value.strip() if isinstance(value, str) else value))
    except InvalidOperation:
        raise ValueError(f"{shorten(value)} is not a number") from None


def _concept(scheme: dict[str, str], what: str):
    def check(value: Any) -> str:
        # Not text (a list, a mapping: unhashable) is no concept either, and says so.
        if not isinstance(value, str) or value not in scheme:
            known = ", ".join(sorted(scheme))
            raise ValueError(f"{shorten(value)} is not a known {what}; known: {known}")
        return value

    return check


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {shorten(value)}")
    control = _CONTROL.search(value)
    if control:
        raise ValueError(f"a control character ({control.group()!r}) at character "
                         f"{control.start() + 1}: remove it")
    return value


def _name(value: str) -> str:
    # A name of punctuation only ("-", "...") normalises to nothing and would match anything.
    if not any(c.isalnum() for c in value):
        raise ValueError(f"{shorten(value)} is not a name: it has no letter or digit")
    return value


Slug = Annotated[str, BeforeValidator(_slug)]
PartialDate = Annotated[str, BeforeValidator(_partial_date)]
Year = Annotated[str, BeforeValidator(_year)]
CountryCode = Annotated[str, BeforeValidator(_country)]
Currency = Annotated[str, BeforeValidator(_currency)]
Amount = Annotated[Decimal, BeforeValidator(_amount), Field(ge=0)]
Number = Annotated[Decimal, BeforeValidator(_amount)]
Technology = Annotated[str, BeforeValidator(_concept(TECHNOLOGIES, "technology"))]
Instrument = Annotated[str, BeforeValidator(_concept(INSTRUMENTS, "restriction instrument"))]
Strength = Annotated[str, BeforeValidator(_concept(STRENGTHS, "claim strength"))]
Text = Annotated[str, BeforeValidator(_text), AfterValidator(str.strip), Field(min_length=1)]
# A label or alias: the text a name lookup matches (kg.analysis.resolve).
Name = Annotated[str, BeforeValidator(_text), AfterValidator(str.strip), Field(min_length=1),
                 AfterValidator(_name)]
Url = Annotated[str, BeforeValidator(_text), Field(pattern=r"^https?://\S+$")]
