"""Entity names to node ids: a name denotes a node only when it is one of the node's names.

A node's names are its label, its reviewed aliases, its id and identifier, and for a country
its names and ISO codes (kg/records/countries.py); a close spelling of one of them (a typo or two,
kg/analysis/spelling.py) denotes the same node. A name never denotes a node one of whose names merely
contains it: "surveillance system" is not "ECU-911 surveillance system".

"Owner's rest" names something of the owner: "Ecuador's ECU-911" is ECU-911 when the graph links
it to Ecuador; "Laos's surveillance system" (a generic description: system, safe city, CCTV,
deal, project ...) is the owner's one deal, or the owner itself when it has several. A rest
the graph does not link to the owner, or an owner without a deal, is an error, never another
entity. Errors are `Unresolved` (the CLI exits 2): `NotInGraph` (says so in those words and
suggests close names) or `Ambiguous` (lists the candidates).

>>> from kg.analysis.network import Network
>>> net = Network.from_dict({"nodes": [
...     {"id": "org/hikvision", "label": "Hikvision", "kind": "company", "aliases": ["Hikvsion"]}]})
>>> resolve(net, "HIKVSION"), resolve(net, "Hikvison"), normalize("Belt & Road's")
('org/hikvision', 'org/hikvision', 'belt and road s')
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping

from kg.records.countries import country_name, resolve_country
from kg.errors import KGError
from kg.analysis.network import Network
from kg.analysis.saved import saved_buckets
from kg.analysis.spelling import distance

# Kinds a name may resolve to unless a caller asks for others: not claims such as a finding.
ENTITY_KINDS = ("company", "agency", "lender", "listed-party", "standards-body", "study-group",
                "question", "org", "country", "initiative", "deal", "restriction", "proposal",
                "standard")
VENDOR_KINDS = ("company", "org")
# A generic description of a deal ends with one of NOUNS; its other words are these or MODIFIERS.
NOUNS = set("""system systems city cities deal deals contract contracts project projects programme
programmes program programs tender agreement network cctv camera cameras platform centre center
initiative""".split())
MODIFIERS = set("""surveillance safe smart video facial face recognition monitoring command control
police security camera cctv national public new government its their a an and""".split())
NAMES = "names"  # name_index's name in the saved file
_OWNER = re.compile(r"^(?P<owner>.+?)'s? (?P<rest>.+)$")
# ASCII -> itself for a-z and 0-9, a space for any other (the text is ASCII by then).
_NOT_WORD = str.maketrans({c: c if c.isdigit() or c.islower() else " "
                           for c in map(chr, range(128))})


class Unresolved(KGError):
    """A name the graph cannot map onto one entity. The CLI exits with code 2."""

    exit_code = 2


class NotInGraph(Unresolved):
    """The name matches nothing in the graph (which is not the same as 'no')."""

    def __init__(self, name: str, suggestions: list[str], reason: str | None = None):
        hint = f" (did you mean: {', '.join(suggestions)}?)" if suggestions else ""
        super().__init__((reason or f"'{name}' is not in the graph") + hint)
        self.name, self.suggestions = name, suggestions


class Ambiguous(Unresolved):
    """The name matches several entities."""

    def __init__(self, name: str, candidates: list[tuple[str, str]]):
        listed = "; ".join(f"{label} ({node})" for node, label in candidates)
        super().__init__(f"'{name}' is ambiguous: {listed}. Give one of these names or ids")
        self.name, self.candidates = name, candidates


def normalize(text: str) -> str:
    """Return a name folded for matching: ASCII, lower case, '&' as 'and', no punctuation."""
    if not text.isascii():  # NFKD leaves ASCII as it is: most names skip it
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    # Every other character a space (an ASCII table: a C loop), then every run of spaces one;
    # 1.6x faster than one pass of the pattern [^a-z0-9]+ (160k names at 1M triples).
    text = " ".join(text.lower().replace("&", " and ").translate(_NOT_WORD).split())
    return text[4:] if text.startswith("the ") else text


def name_index(net: Network) -> Mapping[str, list[str]]:
    """Return normalized name -> nodes (each once, in the graph's order), from labels, aliases,
    ids and identifiers."""
    cached = getattr(net, "_name_index", None)
    if cached is None:  # saved by `kg build` (kg/analysis/saved.py), read a bucket at a time
        cached = net._name_index = saved_buckets(net.saved, NAMES)  # type: ignore[attr-defined]
    if cached is not None:
        return cached
    index: dict[str, list[str]] = {}
    get = index.get  # 160k names at 1M triples: no list made for a name already there
    for node, attrs in net.graph.nodes(data=True):
        for name in (attrs.get("label", ""), node, node.split("/", 1)[-1],
                     attrs.get("identifier", ""), *attrs.get("aliases", ())):
            if name:
                key = normalize(name)
                nodes = get(key)
                if nodes is None:
                    index[key] = [node]
                elif nodes[-1] != node:  # a node's names come one after another
                    nodes.append(node)
    net._name_index = index  # type: ignore[attr-defined]
    return index


def matches(net: Network, name: str, kinds=ENTITY_KINDS) -> list[str]:
    """Return the nodes a name exactly names (label, alias, id, identifier, country name/code)."""
    found = {n for n in name_index(net).get(normalize(name), ()) if net.kind(n) in kinds}
    if not found and "country" in kinds and (code := resolve_country(name)):
        found = {f"country/{code}"} & set(net.graph)
    return sorted(found)


def close(net: Network, name: str, kinds=ENTITY_KINDS) -> list[str]:
    """Return the nodes with a name closest in spelling to `name` within a typo or two.

    A real country's name is never read as a misspelling of another ("Gambia" is not "Zambia").
    """
    key = normalize(name)
    if not key or resolve_country(name):
        return []
    best, found = None, set()
    for other, nodes in name_index(net).items():
        if abs(len(other) - len(key)) > 2:
            continue
        typos = distance(key, other)
        wanted = {n for n in nodes if net.kind(n) in kinds} if typos is not None else set()
        if not wanted or (best is not None and typos > best):
            continue
        if best is None or typos < best:
            best, found = typos, set()
        found |= wanted
    return sorted(found)


def resolve(net: Network, name: str, kinds=ENTITY_KINDS, what: str = "entity") -> str:
    """Return the one node a name denotes, or raise NotInGraph / Ambiguous."""
    found = matches(net, name, kinds)
    if not found:
        owned = _owned(net, name, kinds)
        found = [owned] if owned else close(net, name, kinds)
    if len(found) == 1:
        return found[0]
    if found:
        raise Ambiguous(name, [(n, net.label(n)) for n in found])
    elsewhere = matches(net, name) or close(net, name)
    if elsewhere and kinds != ENTITY_KINDS:
        labels = ", ".join(f"{net.label(n)} ({net.kind(n)})" for n in elsewhere)
        raise Unresolved(f"'{name}' is not a {what} in the graph: it names {labels}")
    if resolve_country(name):  # a real country the data does not mention: no near names
        raise NotInGraph(country_name(resolve_country(name)), [])
    raise NotInGraph(name, suggest(net, name, kinds))


def _owned(net: Network, name: str, kinds) -> str | None:
    """Return the owner's entity or deal a possessive names ("Ecuador's ECU-911", "Laos's
    surveillance system"), or None when the name is not one."""
    parts = _OWNER.match(name.replace("\u2019", "'"))
    if not parts:
        return None
    rest = parts["rest"]
    named = matches(net, rest, kinds) or close(net, rest, kinds)
    try:
        owner = resolve(net, parts["owner"])
    except Unresolved:
        if named or is_description(rest):
            raise  # the owner is the unknown name: say so rather than about the whole
        return None  # not a possessive after all ("People's Bank of China", misspelt)
    if named:
        linked = [n for n in named if linked_to(net, n, owner)]
        if len(linked) > 1:
            raise Ambiguous(name, [(n, net.label(n)) for n in linked])
        if linked:
            return linked[0]
        labels = ", ".join(net.label(n) for n in named)
        raise NotInGraph(name, _labels(net, deals_of(net, owner)), reason=f"'{rest}' names "
                         f"{labels}, which the graph does not link to {net.label(owner)}")
    deals = deals_of(net, owner)
    if not is_description(rest):
        if close(net, name, kinds):
            return None  # a typo of a name that has "'s" in it ("People's Bnak of China")
        raise NotInGraph(name, suggest(net, rest, kinds) or _labels(net, deals))
    if "deal" not in kinds:
        return None  # a description names deals, which this caller does not take
    if len(deals) == 1:
        return deals[0]
    if deals and net.kind(owner) in kinds:
        return owner  # several deals: callers answer about the owner, whose deals they are
    if deals:
        raise Ambiguous(name, [(n, net.label(n)) for n in deals])
    raise NotInGraph(name, [], reason=f"no deal recorded for {net.label(owner)} matching '{rest}'")


def is_description(text: str) -> bool:
    """Return True when text is a generic description of a deal ('safe city project', 'CCTV')."""
    words = normalize(text).split()
    return bool(words) and words[-1] in NOUNS and all(w in NOUNS | MODIFIERS for w in words)


def linked_to(net: Network, node: str, owner: str) -> bool:
    """Return True when the graph links a node to an owner: by an edge, or (for a deal) through
    its buyer based in the owner country."""
    graph = net.graph
    if owner in graph.succ[node] or owner in graph.pred[node]:
        return True
    buyers = [v for _, v, verb in graph.out_edges(node, data="verb") if verb == "bought by"]
    return any(verb == "based in" and home == owner
               for buyer in buyers for _, home, verb in graph.out_edges(buyer, data="verb"))


def deals_of(net: Network, owner: str) -> list[str]:
    """Return the deals linked to an owner: in its country, bought by its agency, its contracts."""
    return [d for d in net.nodes_of("deal") if linked_to(net, d, owner)]


def _labels(net: Network, nodes: list[str]) -> list[str]:
    return [net.label(n) for n in nodes]


def suggest(net: Network, name: str, kinds=ENTITY_KINDS, n: int = 3) -> list[str]:
    """Return up to n labels close to a name (difflib), for a 'did you mean' hint."""
    index = name_index(net)
    keys = [k for k, nodes in index.items() if any(net.kind(x) in kinds for x in nodes)]
    close_keys = difflib.get_close_matches(normalize(name), keys, n=n, cutoff=0.6)
    labels = [net.label(sorted(index[k])[0]) for k in close_keys]
    return list(dict.fromkeys(labels))
