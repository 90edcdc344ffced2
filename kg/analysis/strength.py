"""Claim strength: what a supply claim rests on, its label and rank, and the `--strength` filter.

The strengths, their labels and their order (sk:strengthRank, 1 the most direct evidence of a
sale) come from the ontology's sk:StrengthScheme through the projection (`Network.ranks`,
`Network.concept`), never from a list in Python. A filter is a set of strength notations; an
answer filtered by one says so (`filter_note`).

>>> from kg.analysis.network import Network
>>> net = Network.from_dict({"claims": {"supply/x": {"kind": "supply",
...     "strength": "reported-use", "lower_confidence": "true", "evidence": []}},
...     "concepts": {"reported-use": "use reported by a tracker"},
...     "ranks": {"reported-sale": 1, "reported-use": 2}})
>>> describe(net, "supply/x")
'use reported by a tracker, lower confidence'
>>> sorted(parse_filter(net, "reported-use, reported-sale"))
['reported-sale', 'reported-use']
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from kg.analysis.network import Network
from kg.errors import KGError

UNRANKED = 99  # a claim without a strength (an older graph) sorts after every ranked one


class BadStrength(KGError):
    """A `--strength` value that is not a strength of the scheme; the CLI exits with code 2."""

    exit_code = 2


def valid(net: Network) -> list[str]:
    """Return the strength notations of the graph's scheme, strongest first."""
    return sorted(net.ranks, key=lambda n: (net.ranks[n], n))


def parse_filter(net: Network, text: str | None) -> frozenset[str] | None:
    """Return the strengths a comma-separated filter names (None when no filter is given)."""
    if text is None:
        return None
    names = [part.strip() for part in text.split(",") if part.strip()]
    known = valid(net)
    bad = [name for name in names if name not in known]
    if bad or not names:
        raise BadStrength(f"unknown strength {', '.join(repr(b) for b in bad) or repr(text)}: "
                          f"give one or more of {', '.join(known)}, comma-separated")
    return frozenset(names)


def of(net: Network, claim: str) -> str:
    """Return the claim's strength notation ('' when the claim has none)."""
    return net.claims.get(claim, {}).get("strength") or ""


def rank(net: Network, notation: str) -> int:
    """Return the rank of a strength notation (1 strongest)."""
    return net.ranks.get(notation, UNRANKED)


def lower_confidence(net: Network, claim: str) -> bool:
    """Return True when the tracker flags the claim as resting on lower-confidence sources."""
    return str(net.claims.get(claim, {}).get("lower_confidence", "")).lower() == "true"


def keeps(net: Network, claim: str, strengths: frozenset[str] | None) -> bool:
    """Return True when the claim passes the filter (every claim passes no filter)."""
    return strengths is None or of(net, claim) in strengths


def describe(net: Network, claim: str) -> str:
    """Return the claim's strength as a reader sees it: its label, and 'lower confidence'."""
    notation = of(net, claim)
    if not notation:
        return "strength not recorded"
    return net.concept(notation) + (", lower confidence" if lower_confidence(net, claim) else "")


def summary(net: Network, claims: Iterable[str]) -> list[str]:
    """Return the distinct strengths of some claims, strongest first, each as a label; a
    strength all of whose claims are flagged says 'lower confidence', some of them 'k of n'."""
    by_strength: dict[str, list[bool]] = defaultdict(list)
    for claim in claims:
        by_strength[of(net, claim)].append(lower_confidence(net, claim))
    out = []
    for notation in sorted(by_strength, key=lambda n: (rank(net, n), n)):
        flags = by_strength[notation]
        label = net.concept(notation) if notation else "strength not recorded"
        if all(flags):
            label += " (lower confidence)"
        elif any(flags):
            label += f" ({sum(flags)} of {len(flags)} lower confidence)"
        out.append(label)
    return out


def strongest(net: Network, claims: Iterable[str]) -> int:
    """Return the rank of the strongest of some claims (UNRANKED for none)."""
    return min((rank(net, of(net, c)) for c in claims), default=UNRANKED)


def licences(net: Network, strengths: frozenset[str] | None = None) -> list[tuple[str, str, str]]:
    """Return (exporting country, country, claim) for every export-licence claim, sorted.

    An export licence names the state that granted it and no supplier, so it is never a vendor:
    answers show it as `licence_text`.
    """
    return sorted((f"country/{c['exporting_country'].split('/')[-1]}",
                   f"country/{c['country'].split('/')[-1]}", claim_id)
                  for claim_id, c in net.claims.items()
                  if c.get("strength") == "export-licence" and c.get("exporting_country")
                  and c.get("country") and keeps(net, claim_id, strengths))


def licence_text(net: Network, exporting: str) -> str:
    """Return 'export licence from United Kingdom (no supplier named)'."""
    return f"export licence from {net.label(exporting)} (no supplier named)"


def filter_note(net: Network, strengths: frozenset[str] | None, left_out: int) -> list[str]:
    """Return the note an answer filtered by strength carries (nothing when unfiltered)."""
    if strengths is None:
        return []
    kept = ", ".join(net.concept(n) for n in valid(net) if n in strengths)
    return [f"filtered by strength: only {kept}; {left_out} supply claim"
            f"{'' if left_out == 1 else 's'} of other strengths left out before counting"]
