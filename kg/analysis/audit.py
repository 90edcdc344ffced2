"""An audit of the graph's honesty, per claim kind: claims, facts, evidence kinds, dates, gaps.

For a curator or a reader who wants to know how much to trust a count: how many claims there
are of each kind and how many real-world facts they make once same-as links are followed, how
many claims are joined in linked groups, what kind of evidence backs them (the source's own
words, the curator's summary, or a dataset row), how many say when they held, how many only
when a source recorded them (an index edition; see kg.analysis.when), how many neither, and how many
questions of that kind were researched without result (open gaps) or answered later (retired).

>>> from kg.analysis.network import Network
>>> net = Network.from_dict({"claims": {
...     "supply/a": {"kind": "supply", "year": "2019", "evidence": [{"source": "s", "row": "r"}]},
...     "supply/b": {"kind": "supply", "evidence": [{"source": "t", "summary": "b"}]},
...     "supply/c": {"kind": "supply", "evidence": [{"source": "t", "quote": "c"}]}},
...     "links": [{"id": "l", "relation": "same-as", "claims": ["supply/a", "supply/b"]}]})
>>> [(r["kind"], r["claims"], r["facts"], r["held dates"], r["undated"]) for r in audit(net).rows]
[('supply', 3, 2, 2, 1), ('all', 3, 2, 2, 1)]
"""
from __future__ import annotations

from collections import Counter, defaultdict

from kg.analysis.answers import Answer
from kg.analysis.network import Network, evidence_kind
from kg.analysis.when import when

COLUMNS = ["kind", "claims", "facts", "in linked groups", "quotes", "summaries", "dataset rows",
           "held dates", "recorded only", "undated", "open gaps", "retired gaps"]
# Gaps name the relation they concern; the claim kind that would answer it.
_GAP_KIND = {"standards": "standard"}


_BASIS = {"held": "held dates", "recorded": "recorded only", "undated": "undated"}


def _bases(net: Network, claims: list[str]) -> Counter:
    """How many claims have held dates, only their sources' dates, or none (kg.analysis.when)."""
    found = Counter({basis: 0 for basis in _BASIS})
    found.update(when(net, c).basis for c in claims)
    return found


def audit(net: Network) -> Answer:
    """Return one row per claim kind (and a total): the counts the module docstring lists."""
    by_kind: dict[str, list[str]] = defaultdict(list)
    for claim_id, claim in net.claims.items():
        if claim["kind"] != "organization":  # its evidence backs a home country, not a claim
            by_kind[claim["kind"]].append(claim_id)
    gaps: dict[tuple[str, bool], int] = Counter(
        (_GAP_KIND.get(g["relation_kind"], g["relation_kind"]), bool(g.get("answered_by")))
        for g in net.gaps)
    rows = []
    for kind in sorted(set(by_kind) | {k for k, _ in gaps}):
        claims = by_kind.get(kind, [])
        items = Counter(evidence_kind(e) for c in claims for e in net.claims[c]["evidence"])
        rows.append({
            "kind": kind, "claims": len(claims), "facts": len({net.fact(c) for c in claims}),
            "in linked groups": sum(1 for c in claims if len(net.same_fact(c)) > 1),
            "quotes": items["quote"], "summaries": items["summary"],
            "dataset rows": items["row"],
            **{_BASIS[b]: n for b, n in _bases(net, claims).items()},
            "open gaps": gaps[(kind, False)], "retired gaps": gaps[(kind, True)]})
    total = {"kind": "all"} | {c: sum(r[c] for r in rows) for c in COLUMNS[1:]}
    notes = [f"{len(net.links)} reviewed claim link(s): " + ", ".join(
        f"{n} {relation}" for relation, n in sorted(Counter(
            link["relation"] for link in net.links).items()))] if net.links else []
    return Answer("audit", "Claims, facts, evidence, dates and gaps per claim kind", COLUMNS,
                  rows + [total], notes,
                  explain={"operation": "audit", "facts": "claims joined by same-as links "
                           "count once", "held dates": "the claim's own start, end or year "
                           "(or a same-as claim's)", "recorded only": "no held date, but its "
                           "sources are dated (an index edition, a list)",
                           "undated": "neither"})
