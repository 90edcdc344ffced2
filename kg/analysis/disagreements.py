"""Where sources disagree about a country itself, not about who supplies it.

Two kinds, both read from the claims, never from a list of known cases:

- one measure, different values: observations of one measure about the country (an index's
  yes/no column, a regime type) whose values differ between sources or editions. The periods
  are shown: two editions a year apart may record a change, not a contradiction, and the note
  says so rather than choosing.
- an index's membership column against a membership claim: an observation whose measure names
  an initiative (its label or an alias, e.g. "AIGS: Belt and Road Initiative country") answering
  'no' for a period after a membership claim says the country had joined, or 'yes' for a period
  before it joined (or with no membership claim at all).

>>> from kg.analysis.network import Network
>>> ev = lambda s: [{"source": f"source/{s}", "row": "country=Z"}]
>>> net = Network.from_dict({"nodes": [{"id": "country/ZZZ", "label": "Z", "kind": "country"},
...     {"id": "initiative/bri", "label": "Belt and Road Initiative", "kind": "initiative"}],
...     "edges": [{"u": "country/ZZZ", "v": "initiative/bri", "kind": "membership",
...                "verb": "member of", "claim": "membership/m", "start": "2018-09"}],
...     "claims": {
...       "observation/a": {"kind": "observation", "about": ["country/ZZZ"], "period": "2019",
...           "measure": "Index: Belt and Road Initiative country", "value": "no", "evidence": ev("i19")},
...       "observation/b": {"kind": "observation", "about": ["country/ZZZ"], "period": "2020",
...           "measure": "Index: Belt and Road Initiative country", "value": "yes", "evidence": ev("i20")},
...       "membership/m": {"kind": "membership", "start": "2018-09", "evidence": ev("list")}},
...     "sources": {}})
>>> for line, claims in country_disagreements(net, "country/ZZZ"): print(line, claims)
Index: Belt and Road Initiative country: 'no' (i19, 2019), 'yes' (i20, 2020): the values differ (the periods differ too: a change over time is possible) ['observation/a', 'observation/b']
i19 says 'no' to Belt and Road Initiative for 2019, but a membership claim (list) dates Z's membership from 2018-09 ['observation/a', 'membership/m']
"""
from __future__ import annotations

from collections import defaultdict

from kg.analysis.network import Network
from kg.analysis.resolve import normalize

_YES, _NO = {"yes", "true", "1", "x"}, {"no", "false", "0"}


def country_disagreements(net: Network, country: str) -> list[tuple[str, list[str]]]:
    """Return (line, the claims it rests on) per disagreement among the sources about a
    country (see the module); sources are named by id, as answers cite them."""
    observations = [(cid, c) for cid, c in sorted(net.claims.items())
                    if c.get("kind") == "observation" and country in c.get("about", [])]
    return _differing_values(net, observations) + _membership_columns(net, country, observations)


def _title(net: Network, claim: dict) -> str:
    """The ids of the sources a claim cites, as the answers' source lists name them."""
    sources = dict.fromkeys(e["source"] for e in claim.get("evidence", []))
    return ", ".join(s.removeprefix("source/") for s in sources)


def _differing_values(net: Network, observations) -> list[tuple[str, list[str]]]:
    by_measure: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    ids: dict[str, list[str]] = defaultdict(list)
    for cid, claim in observations:
        by_measure[claim.get("measure", "")][str(claim.get("value"))].append(claim)
        ids[claim.get("measure", "")].append(cid)
    lines = []
    for measure, by_value in sorted(by_measure.items()):
        if len(by_value) < 2:
            continue
        parts, periods = [], set()
        for value, claims in sorted(by_value.items(),
                                    key=lambda kv: min(c.get("period") or "" for c in kv[1])):
            said = "; ".join(f"{_title(net, c)}, {c['period']}" if c.get("period")
                             else _title(net, c) for c in claims)
            periods |= {c.get("period") for c in claims}
            parts.append(f"'{value}' ({said})")
        change = (" (the periods differ too: a change over time is possible)"
                  if len(periods) > 1 else "")
        lines.append((f"{measure}: {', '.join(parts)}: the values differ{change}", ids[measure]))
    return lines


def _membership_columns(net: Network, country: str,
                        observations) -> list[tuple[str, list[str]]]:
    """An index's yes/no membership column against the membership claims of the country."""
    initiatives = {node: [normalize(net.label(node))] + [normalize(a) for a in
                                                         net.graph.nodes[node].get("aliases", [])]
                   for node in net.nodes_of("initiative")}
    joined: dict[str, list[tuple[str, str]]] = defaultdict(list)  # initiative -> (start, claim)
    for _, target, attrs in net.graph.out_edges(country, data=True):
        if attrs.get("kind") == "membership":
            joined[target].append((attrs.get("start") or attrs.get("year") or "", attrs["claim"]))
    lines = []
    for cid, claim in observations:
        value, period = str(claim.get("value", "")).casefold(), claim.get("period") or ""
        if value not in _YES | _NO or not period[:4].isdigit():
            continue
        measure = f" {normalize(claim.get('measure', ''))} "
        for initiative, names in initiatives.items():
            if not any(f" {n} " in measure for n in names if len(n) > 3):
                continue
            starts = sorted((s, c) for s, c in joined.get(initiative, []) if s)
            first = starts[0] if starts else None
            label, who = net.label(initiative), _title(net, claim)
            said = None
            if value in _NO and first and first[0][:4] < period[:4]:
                said = "no"
            elif value in _YES and first and first[0][:4] > period[:4]:
                said = "yes"
            if said:
                lines.append((f"{who} says '{said}' to {label} for {period}, but a membership "
                              f"claim ({_title(net, net.claims[first[1]])}) dates "
                              f"{net.label(country)}'s membership from {first[0]}",
                              [cid, first[1]]))
            elif value in _YES and not joined.get(initiative):
                lines.append((f"{who} says 'yes' to {label} for {period}; no membership claim "
                              f"of {net.label(country)} is recorded", [cid]))
    return lines
