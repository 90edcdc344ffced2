"""Which technology a name denotes: a notation of the taxonomy that some claim uses.

>>> from kg.analysis.network import Network
>>> net = Network.from_dict({"claims": {"supply/x": {"kind": "supply",
...     "technologies": ["spyware"], "evidence": []}}, "concepts": {"spyware": "spyware"}})
>>> technology(net, "Spyware"), technology(net, "tanks")
('spyware', None)
"""
from __future__ import annotations

from kg.analysis.network import Network
from kg.analysis.resolve import normalize


def technology(net: Network, name: str) -> str | None:
    """Return the notation of the technology a name denotes ('smart policing'), or None."""
    key = normalize(name)
    used = {c.get("technology") for c in net.claims.values()} | {
        t for c in net.claims.values() for t in c.get("technologies", [])}
    for notation in sorted(used - {None}):
        label = net.concept(notation)
        if key in {normalize(notation), normalize(label), *map(normalize, label.split("/"))}:
            return notation
    return None
