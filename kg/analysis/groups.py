"""Groups of countries a question can name: an initiative, one country, or a dataset category.

A category is the value of a country observation (a V-Dem regime type, a Carnegie region):
"closed autocracies" are the countries whose regime-type observation is CA. A name that ends
a category's words ("autocracies") means every category it ends (closed and electoral).
When several measures have such a value, the one observed for the most countries is used.
A region is named only by the names kg.analysis.regions lists ("Africa", "the Middle East"),
never by the end of its words: "North Africa" is not MENA. A country's exact name comes first:
"South Africa" is the country.

>>> strip_plural("closed autocracies"), strip_plural("BRI states")
('closed autocracy', 'bri')
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.analysis.network import Network
from kg.analysis.regions import REGIONS, codes_of, describe, near, region_code
from kg.analysis.resolve import Ambiguous, NotInGraph, close, matches, normalize, suggest
from kg.analysis.when import APART, COUNTS, When, when

# Codes the AIGS/V-Dem files use for categories, spelled out so questions can name them
# (REGIONS, Carnegie's region codes, lives in kg.analysis.regions).
REGIME_TYPES = {"ca": "closed autocracy", "ea": "electoral autocracy",
                "ed": "electoral democracy", "ld": "liberal democracy"}
_NOUNS = r"(countries|country|states|state|governments|government|nations|members|member)"


@dataclass
class Group:
    """Countries named by a group: `members(as_of)` gives them with the claims that say so."""

    id: str
    label: str
    kind: str                      # initiative, country or category
    node_claims: dict[str, list[tuple[str, dict]]] = field(default_factory=dict)
    whens: dict[str, When] = field(default_factory=dict)  # membership claim -> its dates
    note: str = ""                 # what the group covers, where its label cannot say it all

    def members(self, as_of: str | None = None) -> dict[str, list[str]]:
        """Return country -> claims putting it in the group (membership dates honoured)."""
        return self._by_status(as_of, COUNTS)

    def apart(self, as_of: str | None = None) -> dict[str, list[tuple[str, When]]]:
        """Return country -> (claim, dates) for the members not known to belong at as_of.

        A country none of whose membership claims counts then, and some of which are undated
        or recorded only at another date (see kg.analysis.when); one known to have left is not here.
        """
        members = self.members(as_of)
        return {country: [(c, self.whens[c]) for c in claims]
                for country, claims in self._by_status(as_of, APART).items()
                if country not in members}

    def _by_status(self, as_of: str | None, status: str) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for country, claims in sorted(self.node_claims.items()):
            kept = [c for c, _ in claims if self._status(c, as_of) == status]
            if kept:
                out[country] = kept
        return out

    def _status(self, claim: str, as_of: str | None) -> str:
        # Only an initiative's memberships have dates: a country or a category is itself.
        return self.whens[claim].status(as_of) if self.kind == "initiative" else COUNTS


def strip_plural(text: str) -> str:
    """Return a group name without 'the', 'members of', a trailing 'countries' and plurals."""
    key = normalize(text)
    key = re.sub(r"^(members? of|countries in|states in|countries of) (the )?", "", key)
    key = re.sub(rf" {_NOUNS}$", "", key)
    words = key.split()
    if words:
        last = words[-1]
        if last.endswith("ies"):
            last = last[:-3] + "y"
        elif last.endswith("s") and not last.endswith("ss") and len(last) > 3:
            last = last[:-1]
        words[-1] = last
    return " ".join(words)


def resolve_group(net: Network, name: str) -> Group:
    """Return the group a name denotes: an initiative, a country, or a category of countries."""
    kinds = ("initiative", "country")
    keys = list(dict.fromkeys([name, strip_plural(name)]))
    for key in keys:
        # Exact names only: "Africa" is not "South Africa".
        found = matches(net, key, kinds=kinds)
        if len(found) == 1:
            return _entity_group(net, found[0])
    group = _region(net, name) or _category(net, strip_plural(name))
    if group is not None:
        return group
    for key in keys if not found else ():  # then a typo in an initiative's or country's name
        found = close(net, key, kinds=kinds)
        if len(found) == 1:
            return _entity_group(net, found[0])
    if len(found) > 1:
        raise Ambiguous(name, [(n, net.label(n)) for n in found])
    refusal = near(name) if _has_regions(net) else ""
    raise NotInGraph(name, [] if refusal else suggest(net, name, kinds), refusal or None)


def _entity_group(net: Network, node: str) -> Group:
    if net.kind(node) == "country":
        return Group(node, net.label(node), "country", {node: [(node, {})]})
    claims: dict[str, list] = {}
    whens = {}
    for country, _, attrs in net.graph.in_edges(node, data=True):
        if attrs["kind"] == "membership":
            claims.setdefault(country, []).append((attrs["claim"], attrs))
            whens[attrs["claim"]] = when(net, attrs["claim"], attrs)
    return Group(node, net.label(node), "initiative", claims, whens)


def latest_observations(net: Network) -> dict[tuple[str, str], tuple[str, str, str]]:
    """Return (country, measure) -> (period, claim, value) of each country's latest observation."""
    latest: dict[tuple[str, str], tuple[str, str, str]] = {}
    for claim_id, claim in sorted(net.claims.items()):
        if claim["kind"] != "observation":
            continue
        for subject in claim.get("about", []):
            if net.kind(subject) == "country":
                slot = (subject, claim["measure"])
                entry = (claim.get("period") or "", claim_id, claim["value"])
                latest[slot] = max(latest.get(slot, entry), entry)
    return latest


def category_names(net: Network, word: str) -> dict[str, str]:
    """Return country -> the spelled-out value of its latest observation whose measure has `word`.

    `category_names(net, "regime")` gives each country's regime type, e.g. "closed autocracy".
    """
    return {country: _names(measure, value)[-1]
            for (country, measure), (_, _, value) in sorted(latest_observations(net).items())
            if word in normalize(measure)}


def _region(net: Network, name: str) -> Group | None:
    """The countries whose latest region observation has the code the name denotes."""
    code = region_code(name)
    if code is None:
        return None
    latest = {slot: seen for slot, seen in sorted(latest_observations(net).items())
              if _is_region(slot[1])}
    if not latest:
        return None
    observed: dict[str, int] = {}
    for _, measure in latest:
        observed[measure] = observed.get(measure, 0) + 1
    measure = max(observed, key=lambda m: (observed[m], m))
    codes = codes_of(code)
    members = {country: [(claim_id, {})]
               for (country, m), (_, claim_id, value) in latest.items()
               if m == measure and normalize(value) in codes}
    shown = sorted({v.strip() for (_, m), (_, _, v) in latest.items()
                    if m == measure and normalize(v) in codes})
    periods: dict[str, int] = {}
    for (country, m), (period, _, _) in latest.items():
        if m == measure and country in members:
            periods[period or "undated"] = periods.get(period or "undated", 0) + 1
    label, note = describe(code, shown, len(members), observed[measure], periods)
    return Group(f"category:region-{code}", label, "category", members, note=note)


def _is_region(measure: str) -> bool:
    return "region" in normalize(measure)


def _has_regions(net: Network) -> bool:
    return any(_is_region(measure) for _, measure in latest_observations(net))


def _category(net: Network, key: str) -> Group | None:
    """The countries whose latest observation of a measure has a value the key names.

    Regions are left to `_region`: the end of a region's words is no region ("north africa").
    """
    by_measure: dict[str, dict[str, list[tuple[str, dict]]]] = {}
    values: dict[str, set[str]] = {}
    observed: dict[str, int] = {}
    for (country, measure), (_, claim_id, value) in sorted(latest_observations(net).items()):
        if _is_region(measure):
            continue
        observed[measure] = observed.get(measure, 0) + 1
        if any(key == n or n.endswith(" " + key) for n in _names(measure, value)):
            by_measure.setdefault(measure, {})[country] = [(claim_id, {})]
            values.setdefault(measure, set()).add(_names(measure, value)[-1])
    if not by_measure:
        return None
    measure = max(by_measure, key=lambda m: (observed[m], m))
    label = f"{measure} = {' or '.join(sorted(values[measure]))}"
    return Group(f"category:{key}", f"countries with {label}", "category", by_measure[measure])


def _names(measure: str, value: str) -> list[str]:
    """Return the names a category value goes by: itself and, for a known code, its words."""
    code, measure_key = normalize(value), normalize(measure)
    names = [code]
    table = REGIME_TYPES if "regime" in measure_key else REGIONS if "region" in measure_key else {}
    if code in table:
        names.append(table[code])
    return names
