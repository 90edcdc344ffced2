"""Countries: ISO 3166-1 alpha-3 codes, their names, and the spellings datasets use.

`resolve_country("Lao PDR")` gives "LAO". Every dataset spelling that pycountry does not know
is listed in `SPELLINGS`, reviewed by hand; an unknown name is an error, never a new country.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pycountry

# Names datasets use that pycountry's exact/fuzzy lookup does not resolve to the right code.
SPELLINGS = {
    "burma": "MMR",
    "burma/myanmar": "MMR",
    "myanmar": "MMR",
    "lao pdr": "LAO",
    "laos": "LAO",
    "kyrgyz republic": "KGZ",
    "congo, dem. rep.": "COD",
    "democratic republic of the congo": "COD",
    "dr congo": "COD",
    "democratic republic of congo": "COD",
    "congo, rep.": "COG",
    "republic of the congo": "COG",
    "congo": "COG",
    "turkiye": "TUR",
    "turkey": "TUR",
    "korea, rep.": "KOR",
    "south korea": "KOR",
    "republic of korea": "KOR",
    "korea, dem. people's rep.": "PRK",
    "korea, dem. rep.": "PRK",
    "north korea": "PRK",
    "russia": "RUS",
    "iran": "IRN",
    "iran, islamic rep.": "IRN",
    "syria": "SYR",
    "syrian arab republic": "SYR",
    "egypt, arab rep.": "EGY",
    "yemen, rep.": "YEM",
    "venezuela": "VEN",
    "venezuela, rb": "VEN",
    "bolivia": "BOL",
    "tanzania": "TZA",
    "vietnam": "VNM",
    "viet nam": "VNM",
    "moldova": "MDA",
    "gambia, the": "GMB",
    "the gambia": "GMB",
    "gambia": "GMB",
    "bahamas, the": "BHS",
    "micronesia, fed. sts.": "FSM",
    "micronesia": "FSM",
    "cote d'ivoire": "CIV",
    "ivory coast": "CIV",
    "cabo verde": "CPV",
    "cape verde": "CPV",
    "eswatini": "SWZ",
    "swaziland": "SWZ",
    "north macedonia": "MKD",
    "macedonia": "MKD",
    "palestine": "PSE",
    "west bank and gaza": "PSE",
    "czech republic": "CZE",
    "czechia": "CZE",
    "slovak republic": "SVK",
    "st. lucia": "LCA",
    "st. vincent and the grenadines": "VCT",
    "st. kitts and nevis": "KNA",
    "sao tome and principe": "STP",
    "timor-leste": "TLS",
    "east timor": "TLS",
    "brunei": "BRN",
    "brunei darussalam": "BRN",
    "united states": "USA",
    "united states of america": "USA",
    "us": "USA",
    "usa": "USA",
    "uk": "GBR",
    "united kingdom": "GBR",
    "taiwan": "TWN",
    "hong kong": "HKG",
    "china, p.r.": "CHN",
    "hong kong sar, china": "HKG",
    "macao sar, china": "MAC",
    "uae": "ARE",
    "united arab emirates": "ARE",
    "kosovo": "XKX",
    "italia": "ITA",
    "norwat": "NOR",   # PI SII row _Norwat_2009: a typo, reviewed (Bundestag export list)
}

# Not in ISO 3166-1 but used by the World Bank and datasets; user-assigned code.
EXTRA = {"XKX": "Kosovo"}


def _norm(name: str) -> str:
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", name.strip().lower())


@lru_cache(maxsize=None)
def resolve_country(name: str) -> str | None:
    """Return the ISO alpha-3 code for a country name or code, or None when unknown.

    >>> resolve_country("Kyrgyz Republic"), resolve_country("Türkiye"), resolve_country("KEN")
    ('KGZ', 'TUR', 'KEN')
    """
    key = _norm(name)
    if key in SPELLINGS:
        return SPELLINGS[key]
    if key.upper() in EXTRA:
        return key.upper()
    for attr in ("alpha_3", "alpha_2", "name", "official_name", "common_name"):
        for country in pycountry.countries:
            value = getattr(country, attr, None)
            if value and _norm(value) == key:
                return country.alpha_3
    return None


# Every record checks its country codes: one pycountry lookup per distinct code, not per use.
@lru_cache(maxsize=1024)
def is_country_code(code: str) -> bool:
    """Return True when `code` is an ISO 3166-1 alpha-3 code (or a listed extra).

    Upper case only: pycountry's lookup ignores case, and a lower-case record id such as
    'arm' (the chip designer) must not be taken for Armenia.
    """
    if code in EXTRA:
        return True
    return code.isupper() and pycountry.countries.get(alpha_3=code) is not None


def country_name(code: str) -> str:
    """Return the common English name for an alpha-3 code."""
    if code in EXTRA:
        return EXTRA[code]
    country = pycountry.countries.get(alpha_3=code)
    return getattr(country, "common_name", None) or country.name
