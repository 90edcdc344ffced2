"""Federal Register citations as the BIS lists give them: each one's volume, page and date.

An Entity List entry carries its citation history, one rule per line, oldest first:
"84 FR 54004, 10/9/19.\\n85 FR 34505, 6/5/20." The text has variants, all measured on the
list of July 2026: a date on its own line, no comma, a four-digit year, several citations on one
line, a "preview citation details" left over from a web page, and a citation with no date at
all. `parse` reads them all and rejects any other text as a whole, never guessing.

The year of a two-digit date comes from the volume: volume N of the Federal Register is the
year 1935 + N (volume 84 is 2019), so "10/9/19" in volume 84 is 2019-10-09. A date whose year
disagrees with its volume ("83 FR 61541, 11/13/19") is not read: the citation keeps its text
and says why in `problem`, and has no date.

>>> [c.text for c in parse("84 FR 54004, 10/9/19.\\n85 FR 34505, 6/5/20.")]
['84 FR 54004, 10/9/19', '85 FR 34505, 6/5/20']
>>> [c.date for c in parse("64 FR 28909,\\n5/28/99.\\n77 FR 23116")]
['1999-05-28', None]
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_CITATION = re.compile(
    r"(?P<volume>\d{1,3}) FR (?P<page>\d{1,6})(?: preview citation details)?"
    r"(?:,?\s*(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4}|\d{2})(?!\d))?")
# What may stand between two citations: commas, full stops and white space.
_BETWEEN = re.compile(r"^[\s,.]*$")
FIRST_VOLUME_YEAR = 1935  # volume 1 is 1936


class CitationError(ValueError):
    """A citation history that does not read as Federal Register citations."""


@dataclass(frozen=True)
class Citation:
    """One Federal Register citation: '84 FR 54004' and the issue's date (None if not given)."""

    volume: int
    page: int
    date: str | None
    written: str = ""            # as the list writes it
    problem: str | None = None   # why a date that is written was not read

    @property
    def reference(self) -> str:
        """Return the citation without its date: '84 FR 54004'."""
        return f"{self.volume} FR {self.page}"

    @property
    def text(self) -> str:
        """Return the citation as the list writes it, normalised: '84 FR 54004, 10/9/19'."""
        if self.problem:
            return self.written
        if self.date is None:
            return self.reference
        day = dt.date.fromisoformat(self.date)
        return f"{self.reference}, {day.month}/{day.day}/{day.year % 100:02d}"


def parse(history: str) -> list[Citation]:
    """Return the citations of a history, oldest first; raise CitationError on other text."""
    citations, at = [], 0
    for found in _CITATION.finditer(history):
        if not _BETWEEN.match(history[at:found.start()]):
            raise CitationError(f"unreadable text {history[at:found.start()].strip()!r}")
        citations.append(_citation(found))
        at = found.end()
    if not _BETWEEN.match(history[at:]):
        raise CitationError(f"unreadable text {history[at:].strip()!r}")
    if not citations:
        raise CitationError("no Federal Register citation")
    return citations


def _citation(found: re.Match) -> Citation:
    volume, page, written = int(found["volume"]), int(found["page"]), found.group(0)
    if found["year"] is None:
        return Citation(volume, page, None, written)
    year = FIRST_VOLUME_YEAR + volume
    given = int(found["year"])
    if (given if len(found["year"]) == 4 else year - year % 100 + given) != year:
        return Citation(volume, page, None, written,
                        f"the year of {written!r} does not match volume {volume} ({year})")
    try:
        date = dt.date(year, int(found["month"]), int(found["day"]))
    except ValueError:
        return Citation(volume, page, None, written, f"{written!r} is not a date")
    return Citation(volume, page, date.isoformat(), written)
