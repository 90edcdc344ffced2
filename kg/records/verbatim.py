"""Whether a quote is the source's own wording: `Verbatim(...).holds(quote)` gives True or False.

The fact sheet (../shared/facts.md) is written in the curator's words; only text inside its
quotation marks is a source's wording. The article texts (../shared/sources/*.txt) are the
sources' wording throughout, and so are the rows of the upstream CSV files
(../shared/datasets/*/*.csv: a tracker's own sentence, such as a Description cell). A quote is
verbatim when, after normalising case, whitespace and curly quotes, it appears inside one of the
fact sheet's quotations, in an article text or in a dataset row; a quote shortened with ellipses
("a ... b") is verbatim when every fragment is.

>>> check = Verbatim('F1 Huawei supplied it, "a new CCTV system with 1,800 cameras".', [])
>>> check.holds("A new CCTV system"), check.holds("Huawei supplied it")
(True, False)
>>> check.holds("a new \u2026 1,800 cameras")
True
"""
from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Iterable

_CURLY = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
_SPACE = re.compile(r"\s+")
_ELLIPSIS = re.compile(r"\.\.\.|\u2026")
# Double quotes straight or curly. A single-quoted span must open after a non-word character and
# close before one, so apostrophes ("China's", "firms' products") do not pair up as quotations.
_QUOTED = re.compile(r'"([^"]+)"|\u201c([^\u201d]+)\u201d|(?<!\w)[\'\u2018](?=\w)(.+?)(?<=[\w.,!?])'
                     r"['\u2019](?!\w)")
# Punctuation at a fragment's ends is the quoting curator's, not a difference in wording.
_ENDS = " \t\n.,;:"


def normalize(text: str) -> str:
    """Return text lower-cased, with straight quotes and single spaces (Markdown bold dropped)."""
    return _SPACE.sub(" ", text.translate(_CURLY).replace("**", "")).strip().casefold()


def quotations(markdown: str) -> list[str]:
    """Return the texts inside quotation marks in the fact sheet, normalised."""
    return [normalize(next(g for g in m.groups() if g is not None))
            for m in _QUOTED.finditer(markdown)]


def fragments(quote: str) -> list[str]:
    """Return the normalised parts of a quote between its ellipses, empty parts dropped."""
    parts = (normalize(p).strip(_ENDS) for p in _ELLIPSIS.split(quote))
    return [p for p in parts if p]


def csv_rows(path: Path) -> list[str]:
    """Return each row of a CSV file as its cells joined by commas, quoting undone.

    Joined, not cell by cell: a sentence holding a comma outside quotes is split over two
    cells by the reader, and is quoted whole.
    """
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        return [",".join(cells) for cells in csv.reader(handle)]


class Verbatim:
    """The wording that may be quoted: the fact sheet's quotations and the article texts."""

    def __init__(self, facts: str, sources: Iterable[str]):
        self.texts = quotations(facts) + [normalize(text) for text in sources]

    @classmethod
    def from_folder(cls, shared: str | Path) -> "Verbatim":
        """Return the check over `shared`/facts.md, `shared`/sources/*.txt and the rows of
        `shared`/datasets/*/*.csv (a tracker's own sentences, e.g. a Description cell)."""
        root = Path(shared)
        articles = sorted((root / "sources").glob("*.txt"))
        return cls((root / "facts.md").read_text(encoding="utf-8"),
                   [p.read_text(encoding="utf-8") for p in articles]
                   + [row for p in sorted((root / "datasets").glob("*/*.csv"))
                      for row in csv_rows(p)])

    def holds(self, quote: str) -> bool:
        """Return True when every fragment of the quote appears in quotable wording."""
        parts = fragments(quote)
        return bool(parts) and all(any(p in text for text in self.texts) for p in parts)
