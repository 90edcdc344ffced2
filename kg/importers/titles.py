"""What an AidData project title states: the money, the kind of finance and the technologies.

AidData titles follow a pattern ("China Eximbank provides RMB 850 million government
concessional loan for Safe City Islamabad Project"). These functions read only what the words
say; nothing is inferred from the sector, the vendor or the amount in constant dollars.

>>> money("CDB provides $178.5 million loan for Safe City Project")
(Decimal('178500000'), 'USD')
>>> technologies("Phase 1 of CCTV Camera Installation Project")
['video-surveillance']
"""
from __future__ import annotations

import re
from decimal import Decimal

# Currency words as AidData titles write them -> ISO 4217. "$" alone is USD; a code before it
# wins ("CRC $3 billion" is colones). "R" (rand) is too short to trust and is left out.
_CODES = {"USD": "USD", "US$": "USD", "RMB": "CNY", "CNY": "CNY", "YUAN": "CNY", "EUR": "EUR",
          "€": "EUR", "₡": "CRC", "CRC": "CRC", "NZD": "NZD", "ETB": "ETB", "MAD": "MAD",
          "ZAR": "ZAR", "LKR": "LKR", "MUR": "MUR", "PGK": "PGK", "PHP": "PHP", "$": "USD"}
_SCALES = {"": 1, "k": 10**3, "m": 10**6, "million": 10**6, "bn": 10**9, "billion": 10**9}
_MONEY = re.compile(
    r"(?<![\w#])(?P<pre>(?:USD|RMB|CNY|EUR|NZD|ETB|MAD|ZAR|LKR|MUR|PGK|PHP|CRC)\s?\$?|US\$|\$|€|₡)?"
    r"\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<scale>million|billion|bn|m|k))?\b"
    r"(?:\s(?P<post>USD|RMB|yuan|EUR|ETB)\b)?",
    re.IGNORECASE,
)


def money(title: str) -> tuple[Decimal, str] | None:
    """Return (amount, ISO currency) for the first sum of money the title states, else None.

    A number counts only with a currency word; a bare figure under 1,000 without "million" or
    "billion" (AidData's "$399.5 preferential buyer's credit") is left out as ambiguous.
    """
    for match in _MONEY.finditer(title):
        pre = (match["pre"] or "").replace(" ", "").upper()
        post = (match["post"] or "").upper()
        if not pre and not post:
            continue
        code = _CODES.get(pre) or _CODES[pre.rstrip("$") or "$"] if pre else _CODES[post]
        scale = _SCALES[(match["scale"] or "").lower()]
        number = Decimal(match["num"].replace(",", ""))
        if scale == 1 and number < 1000:
            return None
        amount = number * scale
        return (amount.quantize(Decimal(1)) if amount == amount.to_integral() else amount), code
    return None


def unstated_amount(title: str) -> str | None:
    """Return a currency figure that `money` declined as ambiguous ("$399.5"), else None."""
    if money(title) is not None:
        return None
    found = re.search(r"(?:\$|RMB|USD|EUR)\s?[\d.,]*\d", title)
    return found.group(0) if found else None


# Most specific first: the first phrase found is the kind of finance.
FINANCE_TYPES = [
    ("government concessional loan", "government concessional loan"),
    ("preferential buyer's credit", "preferential buyer's credit"),
    ("export buyer's credit", "export buyer's credit"),
    ("export seller's credit", "export seller's credit"),
    ("buyer's credit", "buyer's credit"),
    ("supplier credit", "supplier credit"),
    ("interest-free loan", "interest-free loan"),
    ("credit facility", "credit facility"),
    ("loan", "loan"),
    ("grant", "grant"),
]

# The financing kinds of the model (kg/records/models.py FINANCING_KINDS), from the kind of finance a
# title names; a title that names none but says the goods were donated or gifted is a donation
# in kind. Anything else is left unstated: the source does not say.
KINDS = {"government concessional loan": "loan", "interest-free loan": "loan", "loan": "loan",
         "credit facility": "loan", "preferential buyer's credit": "export-credit",
         "export buyer's credit": "export-credit", "export seller's credit": "export-credit",
         "buyer's credit": "export-credit", "supplier credit": "export-credit", "grant": "grant"}
DONATION = re.compile(r"\b(?:donat\w*|gifts?|gifted)\b", re.IGNORECASE)

# What a row pays for, when its categories do not make it security assistance: networks and
# telecommunications equipment (operators buying Huawei or ZTE gear), or something else
# altogether (masks, schools, scholarships, trees), which is not financing of surveillance.
TELECOM = re.compile(
    r"telecom|\b(?:w?cdma\w*|gsm|3g|4g|lte)\b|network|switch|mobile|huawei (?:equipment|products)|"
    r"purchase of huawei|data cent(?:re|er)s?|video conferenc\w*",
    re.IGNORECASE,
)


def financing_kind(title: str) -> str | None:
    """Return the model's financing kind for a title (loan, export-credit, grant, ...), if any."""
    named = financing_type(title)
    if named:
        return KINDS[named]
    return "in-kind-donation" if DONATION.search(title) else None


def purpose(title: str, security: bool) -> str:
    """Return what a row pays for: surveillance-security, telecommunications or other."""
    if security:
        return "surveillance-security"
    return "telecommunications" if TELECOM.search(normalise(title)) else "other"


# Technology codes a title names in so many words (kg/schema/vocab.py TECHNOLOGIES). A surveillance
# purpose is never read from a vendor's name or the sector: "Huawei equipment" names no
# technology.
TECHNOLOGY_WORDS = [
    ("safe-city", r"\bsafe city\b|\bsmart city\b"),
    ("video-surveillance", r"\bcctv\b|video surveillance|surveillance cameras?|video cameras?"),
    ("command-center", r"command and control"),
    ("data-center", r"\bdata cent(?:re|er)s?\b"),
    ("telecom-equipment", r"telecommunications? equipment|\b(?:w?cdma|gsm)\b|cdma2000"),
    ("police-communications",
     r"public security communication|(?=.*\b(?:police|public security)\b).*communication"),
]


def normalise(title: str) -> str:
    """Return the title with typographic apostrophes and runs of spaces made plain."""
    return " ".join(title.replace("’", "'").replace("‘", "'").split())


def financing_type(title: str) -> str | None:
    """Return the kind of finance the title names (loan, grant, buyer's credit, ...), if any."""
    lowered = normalise(title).lower()
    return next((kind for phrase, kind in FINANCE_TYPES
                 if re.search(rf"\b{re.escape(phrase)}", lowered)), None)


def technologies(title: str) -> list[str]:
    """Return the technology codes the title names, in table order."""
    lowered = normalise(title).lower()
    return [code for code, pattern in TECHNOLOGY_WORDS if re.search(pattern, lowered)]


# Police-assistance rows are kept only when the title concerns surveillance or communications
# equipment; motorcycles, uniforms, masks, buildings and training on other subjects are not.
POLICE_EQUIPMENT = re.compile(
    r"surveillance|cctv|camera|video|monitoring|communication|telecom|radio|telephone|"
    r"fingerprint|database|command and control",
    re.IGNORECASE,
)


def concerns_surveillance(title: str) -> bool:
    """Return True when a police-assistance title names surveillance or communications gear."""
    return bool(POLICE_EQUIPMENT.search(title))
