"""Entity names to node ids: by label, alias, id or country name, case-insensitive.

An ambiguous name raises `Ambiguous` listing its candidates; a name the graph does not hold
raises `NotInGraph`, whose message says so in those words and suggests close names.

>>> from kg.network import Network
>>> net = Network.from_dict({"nodes": [
...     {"id": "org/hikvision", "label": "Hikvision", "kind": "company", "aliases": ["Hikvsion"]}]})
>>> resolve(net, "HIKVSION"), normalize("Belt & Road's")
('org/hikvision', 'belt and road s')
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict

from kg.countries import country_name, resolve_country
from kg.errors import KGError
from kg.network import Network

# Kinds a name may resolve to unless a caller asks for others: not claims such as a finding.
ENTITY_KINDS = ("company", "agency", "lender", "standards-body", "study-group", "question",
                "org", "country", "initiative", "deal", "restriction", "proposal", "standard")
VENDOR_KINDS = ("company", "org")


class NotInGraph(KGError):
    """The name matches nothing in the graph (which is not the same as 'no')."""

    def __init__(self, name: str, suggestions: list[str]):
        hint = f" (did you mean: {', '.join(suggestions)}?)" if suggestions else ""
        super().__init__(f"'{name}' is not in the graph{hint}")
        self.name, self.suggestions = name, suggestions


class Ambiguous(KGError):
    """The name matches several entities."""

    def __init__(self, name: str, candidates: list[tuple[str, str]]):
        listed = "; ".join(f"{label} ({node})" for node, label in candidates)
        super().__init__(f"'{name}' is ambiguous: {listed}. Give one of these names or ids")
        self.name, self.candidates = name, candidates


def normalize(text: str) -> str:
    """Return a name folded for matching: ASCII, lower case, '&' as 'and', no punctuation."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", " ", text.replace("&", " and "))
    return re.sub(r"^the ", "", " ".join(text.split()))


def name_index(net: Network) -> dict[str, set[str]]:
    """Return normalized name -> nodes, from labels, aliases, ids and identifiers."""
    cached = getattr(net, "_name_index", None)
    if cached is not None:
        return cached
    index: dict[str, set[str]] = defaultdict(set)
    for node, attrs in net.graph.nodes(data=True):
        names = [attrs.get("label", ""), node, node.split("/", 1)[-1], attrs.get("identifier", "")]
        for name in names + list(attrs.get("aliases", [])):
            if name:
                index[normalize(name)].add(node)
    net._name_index = index  # type: ignore[attr-defined]
    return index


def matches(net: Network, name: str, kinds=ENTITY_KINDS, contains: bool = True) -> list[str]:
    """Return the nodes a name denotes: exact names first, else (when `contains`) the nodes
    a name of which contains it as whole words ('ECU-911' in 'ECU-911 surveillance system')."""
    key = normalize(name)
    index = name_index(net)
    found = {n for n in index.get(key, ()) if net.kind(n) in kinds}
    if not found and (code := resolve_country(name)) and "country" in kinds:
        found = {f"country/{code}"} & set(net.graph)
    if not found and key and contains:
        pattern = re.compile(rf"(^| ){re.escape(key)}( |$)")
        found = {n for k, nodes in index.items() if pattern.search(k)
                 for n in nodes if net.kind(n) in kinds}
    return sorted(found)


def resolve(net: Network, name: str, kinds=ENTITY_KINDS, what: str = "entity") -> str:
    """Return the one node a name denotes, or raise NotInGraph / Ambiguous."""
    found = matches(net, name, kinds)
    if not found and "'s " in name:
        owner, _, rest = name.partition("'s ")
        found = _owned(net, owner, rest, kinds)
    if len(found) == 1:
        return found[0]
    if found:
        raise Ambiguous(name, [(n, net.label(n)) for n in found])
    elsewhere = matches(net, name)
    if elsewhere and kinds != ENTITY_KINDS:
        labels = ", ".join(f"{net.label(n)} ({net.kind(n)})" for n in elsewhere)
        raise KGError(f"'{name}' is not a {what} in the graph: it names {labels}")
    if resolve_country(name):  # a real country the data does not mention: no near names
        raise NotInGraph(country_name(resolve_country(name)), [])
    raise NotInGraph(name, suggest(net, name, kinds))


def _owned(net: Network, owner: str, rest: str, kinds) -> list[str]:
    """'Ecuador's ECU-911': the matches of the rest linked to the owner, else all of them."""
    found = matches(net, rest, kinds)
    owners = set(matches(net, owner))
    linked = [n for n in found if owners & (set(net.graph.pred[n]) | set(net.graph.succ[n]))]
    return linked or found


def suggest(net: Network, name: str, kinds=ENTITY_KINDS, n: int = 3) -> list[str]:
    """Return up to n labels close to a name (difflib), for a 'did you mean' hint."""
    index = name_index(net)
    keys = [k for k, nodes in index.items() if any(net.kind(x) in kinds for x in nodes)]
    close = difflib.get_close_matches(normalize(name), keys, n=n, cutoff=0.6)
    labels = [net.label(sorted(index[k])[0]) for k in close]
    return list(dict.fromkeys(labels))
