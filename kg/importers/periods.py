"""Free-text periods of use ("2014", "2019-2021", "2017-present") read as held dates.

`held_dates(text)` returns the `year` / `start` / `end` fields of `kg.records.models.Dated` that
the text states without doubt, or an empty dict. Trackers write periods by hand, so only four
shapes are read; anything else ("2010s - present", "2013, 2015", "2016-2018, 2021") stays text
for the importer to keep in a note, because turning it into dates would claim years the source
does not give (2014 is not stated by "2013, 2015").

- "2014": the year;
- "2019-2021" (any dash, spaces allowed): start and end, the end being the last year of use
  the source gives; a range running backwards is not read;
- "2017-present" or "2016-?": a start, no end (still in use, or end not known);
- "?-2021": an end, no start.

>>> held_dates("2014"), held_dates("2019 - 2021"), held_dates("2017-present")
({'year': '2014'}, {'start': '2019', 'end': '2021'}, {'start': '2017'})
>>> held_dates("?-2021"), held_dates("2010s - present"), held_dates("2013, 2015")
({'end': '2021'}, {}, {})
"""
from __future__ import annotations

import re

_YEAR = r"(1[89]\d\d|20\d\d)"
_DASH = r"\s*[-\u2010-\u2015]\s*"
_SINGLE = re.compile(rf"^{_YEAR}$")
_RANGE = re.compile(rf"^{_YEAR}{_DASH}{_YEAR}$")
_OPEN_END = re.compile(rf"^{_YEAR}{_DASH}(present|ongoing|\?)$", re.IGNORECASE)
_OPEN_START = re.compile(rf"^\?{_DASH}{_YEAR}$")


def held_dates(text: str) -> dict[str, str]:
    """Return {'year'} / {'start', 'end'} / {'start'} / {'end'} as the text states, else {}."""
    text = " ".join(text.split())
    if match := _SINGLE.match(text):
        return {"year": match.group(1)}
    if match := _RANGE.match(text):
        start, end = match.groups()
        if start == end:
            return {"year": start}
        return {"start": start, "end": end} if start < end else {}
    if match := _OPEN_END.match(text):
        return {"start": match.group(1)}
    if match := _OPEN_START.match(text):
        return {"end": match.group(1)}
    return {}
