"""A vendor's customers name the buyers of supply claims, not only of deals (a tiny graph)."""
from __future__ import annotations

from kg.analysis.customers import customers
from kg.analysis.network import Network


def test_a_supply_claims_buyer_is_listed_with_its_country():
    # Vendor A supplies Kenya in claim s1, which names the agency P as buyer, and Uganda in
    # claim s2, which names none: P is Kenya's buyer, Uganda has none.
    net = Network.from_dict({"nodes": [
        {"id": "org/a", "label": "A", "kind": "company"},
        {"id": "org/p", "label": "Police (Kenya)", "kind": "agency"},
        {"id": "country/KEN", "label": "Kenya", "kind": "country"},
        {"id": "country/UGA", "label": "Uganda", "kind": "country"}],
        "edges": [
            {"u": "org/a", "v": "country/KEN", "kind": "supply", "verb": "supplies",
             "claim": "supply/s1"},
            {"u": "org/a", "v": "org/p", "kind": "supply", "verb": "supplies",
             "claim": "supply/s1"},
            {"u": "org/a", "v": "country/UGA", "kind": "supply", "verb": "supplies",
             "claim": "supply/s2"}]})
    rows = {r["country"]: r["buyers"] for r in customers(net, "A").rows}
    assert rows == {"Kenya": ["Police (Kenya)"], "Uganda": []}
