"""Carnegie's region codes (AIGS) and the names a question may give them, with what each covers.

The AIGS files give each country a region code (AF, EAP, EUR, MENA, SCA, WHA) and never spell
the codes out. The words here are this project's reading of them, checked against the
countries each code holds in the three editions: AF holds no North African country (the index
puts Algeria, Egypt, Morocco and Tunisia under MENA), WHA holds the United States and Canada
beside Latin America. So a name denotes a region only where the region is what the name says
or is named by a part of it ("Central Asia" is SCA, and the label says "South and Central
Asia"); "Latin America", "North Africa", "Southeast Asia" and "Asia" name no region here.
"AF" alone is Afghanistan's ISO code, not a region name.

>>> region_code("African countries"), region_code("the Americas"), region_code("America")
('af', 'wha', None)
>>> region_code("countries in the Middle East"), region_code("Latin America")
('mena', None)
"""
from __future__ import annotations

import re

from kg.analysis.resolve import normalize

# Code (lower case) -> its words. "afr" is the V-Dem sheet's spelling of the same region.
REGIONS = {"af": "africa", "afr": "africa", "eap": "east asia and pacific", "eur": "europe",
           "mena": "middle east and north africa", "sca": "south and central asia",
           "wha": "western hemisphere"}
TITLES = {"af": "Africa", "eap": "East Asia and Pacific", "eur": "Europe",
          "mena": "Middle East and North Africa", "sca": "South and Central Asia",
          "wha": "Western Hemisphere"}
# What a reader of the name alone might not expect the region to hold (or leave out).
CAVEATS = {"af": "the index lists North African countries under MENA, not AF",
           "eap": "EAP is one region for East Asia and the Pacific",
           "mena": "MENA is one region for the Middle East and North Africa",
           "sca": "SCA is one region for South and Central Asia",
           "wha": "WHA is the whole Western Hemisphere, not Latin America alone"}
_NAMES = {
    "af": ["africa", "african", "sub saharan africa", "sub saharan african"],
    "eap": ["east asia and pacific", "east asia and the pacific", "east asia", "east asian",
            "asia pacific", "eap"],
    "eur": ["europe", "european", "eur"],
    "mena": ["middle east and north africa", "middle east", "middle eastern", "mena"],
    "sca": ["south and central asia", "south and central asian", "south asia", "south asian",
            "central asia", "central asian", "sca"],
    "wha": ["western hemisphere", "americas", "wha"],
}
NAMES = {name: code for code, names in _NAMES.items() for name in names}
# Names of no region here, with the region that holds them and more: said in the refusal.
NEAR = {"latin america": "wha", "south america": "wha", "north america": "wha",
        "central america": "wha", "north africa": "mena", "southeast asia": "eap",
        "south east asia": "eap"}
_PREFIX = re.compile(r"^(members? of|countries in|states in|countries of|nations in) (the )?")
_NOUN = re.compile(r" (countries|country|states|state|nations|governments|government)$")


def region_code(name: str) -> str | None:
    """Return the region code (lower case) a name denotes, or None.

    Only the plural that is part of a name is kept ("the Americas"): "America" is no region.
    """
    key = _NOUN.sub("", _PREFIX.sub("", normalize(name)))
    return NAMES.get(key.removeprefix("the "))


def near(name: str) -> str:
    """Return why a name that is no region here is refused, naming the region that holds it
    and more ("" for any other name).

    >>> near("Latin America")
    "'Latin America' is not a region of the AIGS; its region WHA (Western Hemisphere) holds it and more: ask for the Western Hemisphere"
    """
    key = _NOUN.sub("", _PREFIX.sub("", normalize(name))).removeprefix("the ")
    code = NEAR.get(key)
    if code is None:
        return ""
    return (f"'{name}' is not a region of the AIGS; its region {code.upper()} ({TITLES[code]}) "
            f"holds it and more: ask for the {TITLES[code]}")


def codes_of(code: str) -> set[str]:
    """Return every spelling of a region's code ("af" and V-Dem's "afr")."""
    return {c for c, words in REGIONS.items() if words == REGIONS[code]}


def describe(code: str, shown: list[str], members: int, covered: int,
             periods: dict[str, int]) -> tuple[str, str]:
    """Return the label and the note of the group of a region's countries.

    `shown` are the codes as the data spells them, `members` the countries in the region,
    `covered` the countries the index gives any region, `periods` the edition (period) whose
    observation places each member, with how many it places.

    >>> describe("sca", ["SCA"], 8, 99, {"2022": 8})[0]
    "countries in Carnegie's region SCA (South and Central Asia) as the AIGS lists them"
    """
    codes = " or ".join(shown or [code.upper()])
    label = f"countries in Carnegie's region {codes} ({TITLES[code]}) as the AIGS lists them"
    editions = ", ".join(f"{p} for {n}" for p, n in sorted(periods.items(), reverse=True))
    note = (f"region {codes}: the AIGS files give the code without spelling it out "
            f"(\"{TITLES[code]}\" is this project's reading); the group is the {members} "
            f"{'country' if members == 1 else 'countries'} the index lists under it "
            f"(the latest edition listing each: {editions or 'none'}), of the {covered} the "
            "index lists in all: a country of the region the index does not list is not in it")
    if code in CAVEATS:
        note += f"; {CAVEATS[code]}"
    return label, note
