"""When a claim held, kept apart from when a source recorded it; whether it counts at a date.

A claim's own dates (`start`, `end`, `year`: a deal's year, a listing's start) say when it
HELD. The publication dates of the sources its evidence cites (`Network.sources[...]["date"]`:
an index edition, a list's publication) say when it was RECORDED. At an as-of date (a partial
date, read as its last day: "2019" is 2019-12-31):

- held dates decide when the claim has any: it counts when begun by then and not ended before;
  otherwise it is known not to hold and is left out;
- recorded only (a tracker or index row): a snapshot. It counts from its recording to the end of
  that calendar year: an edition of 2019-09 counts "in 2019" and "as of 2019-10", not "as of
  2019-06" (not yet recorded) nor "in 2020" (a later edition may drop it; the graph does not
  know it still held). At other dates it is listed apart, "recorded 2019-09, not known to hold
  as of 2020", never counted;
- neither held nor recorded: undated, never counted at a date, listed apart as "undated".

Without an as-of date (the present) a claim counts unless it ended.

`when(net, claim)` is the one place a claim's dates are read, so that linked claims (a group of
duplicates) can later give their joint dates here.

>>> w = When(recorded=("2019-09",))
>>> w.basis, w.status("2019"), w.status("2019-06"), w.status("2020"), w.label()
('recorded', 'counts', 'apart', 'apart', 'recorded 2019-09 (when it held not given)')
>>> When(start="2019-03", end="2023-12-06").status("2024"), When().reason("2015")
('not held', 'undated (no held date, no dated source)')
"""
from __future__ import annotations

from dataclasses import dataclass

from kg.errors import KGError
from kg.analysis.network import Network

HELD_FIELDS = ("start", "end", "year")
COUNTS, NOT_HELD, APART = "counts", "not held", "apart"
_SHOWN = 12  # subjects a note names before "and N more"


def pad(date: str, high: bool) -> str:
    """Return a partial date as a full one: its first day, or its last when `high`."""
    parts = date.split("-")
    if len(parts) == 1:
        return f"{date}-12-31" if high else f"{date}-01-01"
    if len(parts) == 2:
        return f"{date}-31" if high else f"{date}-01"
    return date


def checked(as_of: str | None) -> str | None:
    """Return an as-of date unchanged, or raise KGError when it is not YYYY[-MM[-DD]]."""
    if as_of is not None:
        # The records' own check, so 2019-13 or 2019-02-30 is refused here too; imported here,
        # as it brings pydantic, which a cold `kg ask` with no date does not need (0.3 s).
        from kg.records.types import _partial_date

        try:
            _partial_date(as_of)
        except ValueError as exc:
            raise KGError(str(exc)) from None
    return as_of


@dataclass(frozen=True)
class When:
    """A claim's held dates (start, end, year) and its sources' recording dates, sorted."""

    start: str | None = None
    end: str | None = None
    year: str | None = None
    recorded: tuple[str, ...] = ()

    @property
    def basis(self) -> str:
        """Return which dates decide: 'held', 'recorded' (a snapshot) or 'undated'."""
        if self.start or self.end or self.year:
            return "held"
        return "recorded" if self.recorded else "undated"

    def status(self, as_of: str | None) -> str:
        """Return COUNTS, NOT_HELD (its held dates exclude as_of) or APART (not known)."""
        if as_of is None:
            return NOT_HELD if self.end else COUNTS
        last = pad(as_of, high=True)
        if self.basis == "held":
            begun = self.start or self.year
            if begun and pad(begun, high=False) > last:
                return NOT_HELD
            return NOT_HELD if self.end and pad(self.end, high=True) < last else COUNTS
        if any(r[:4] == as_of[:4] and pad(r, high=False) <= last for r in self.recorded):
            return COUNTS
        return APART

    def label(self) -> str:
        """Return the dates an answer goes by, as text: 'held from 2019-10-09', 'undated'."""
        if self.basis == "held":
            if self.start and self.end:
                return f"held {self.start} to {self.end}"
            if self.start or self.end:
                return f"held from {self.start}" if self.start else f"held until {self.end}"
            return f"held {self.year}"
        if self.basis == "recorded":
            return f"recorded {', '.join(self.recorded)} (when it held not given)"
        return "undated"

    def reason(self, as_of: str | None) -> str:
        """Return why the claim is listed apart at as_of (its status being APART)."""
        if self.basis == "undated":
            return "undated (no held date, no dated source)"
        return f"recorded {', '.join(self.recorded)}, not known to hold as of {as_of}"

    def to_dict(self) -> dict:
        """Return the basis and the dates, as a JSON answer carries them per claim."""
        return {"basis": self.basis, **{k: getattr(self, k) for k in HELD_FIELDS
                                        if getattr(self, k)}, "recorded": list(self.recorded)}


def when(net: Network, claim: str, attrs: dict | None = None) -> When:
    """Return a claim's held dates and its sources' recording dates.

    The held dates are the claim record's; `attrs` (an edge, which carries a copy of them in
    the projection) stands in where the network has no record of the claim's dates.
    """
    record = net.claims.get(claim, {})
    held = {k: record.get(k) or (attrs or {}).get(k) for k in HELD_FIELDS}
    if record.get("kind") == "standard" and not any(held.values()) and record.get("date"):
        # A Recommendation's date is its approval: the standard holds from then.
        held["start"] = record["date"]
    if not any(held.values()):
        # A claim linked same-as to a dated one (an undated curated copy of a listing the
        # imported list dates) held when that one did: the dated source gives the dates.
        for other in net.same_fact(claim):
            dated = {k: net.claims.get(other, {}).get(k) for k in HELD_FIELDS}
            if any(dated.values()):
                held = dated
                break
    recorded = {net.sources.get(item["source"], {}).get("date")
                for item in record.get("evidence", [])}
    return When(**held, recorded=tuple(sorted(d for d in recorded if d)))


def dates_used(dated: dict[str, When], as_of: str | None) -> dict:
    """Return a row's `when` (per claim counted: basis and dates) and, at a date, `dates used`."""
    out: dict = {"when": [{"claim": c, **w.to_dict()} for c, w in sorted(dated.items())]}
    if as_of is not None:
        out["dates used"] = sorted({w.label() for w in dated.values()})
    return out


def apart_item(kind: str, subject: str, about: list[str], dated: dict[str, When],
               as_of: str | None) -> dict:
    """Return one entry of `Answer.apart`: what is not counted at as_of (`subject`, text, and
    `about`, its node ids), why, and the dates of its claims (none of them held dates)."""
    recorded = tuple(sorted({d for w in dated.values() for d in w.recorded}))
    return {"kind": kind, "subject": subject, "about": about,
            "reason": When(recorded=recorded).reason(as_of),
            "claims": [{"claim": c, **w.to_dict()} for c, w in sorted(dated.items())]}


def apart_notes(items: list[dict], what: str) -> list[str]:
    """Return one note per reason naming what is listed apart (`what`: one, e.g. 'country')."""
    by_reason: dict[str, list[str]] = {}
    for item in items:
        by_reason.setdefault(item["reason"], []).append(item["subject"])
    notes = []
    for reason, subjects in sorted(by_reason.items()):
        names = sorted(set(subjects), key=str.lower)
        more = (f", and {len(names) - _SHOWN} more (--format json lists them)"
                if len(names) > _SHOWN else "")
        many = what if len(names) == 1 else what[:-1] + "ies" if what.endswith("y") else what + "s"
        notes.append(f"not counted, {reason}: {len(names)} {many}: "
                     + ", ".join(names[:_SHOWN]) + more)
    return notes
