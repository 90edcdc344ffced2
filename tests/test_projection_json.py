"""network.json is written from the projection's gathered nodes and edges without making the
networkx graph (kg.analysis.projection._as_dict): the same dict as Network.to_dict gives for the
graph `_assemble` makes of them, an edge gathered twice (the same key) counted once."""
from kg.analysis import projection

RECORDS = {
    "org/a": ("Organization", {"Organization"},
              {"label": ["A"], "country": ["country/KEN"], "evidence": []}),
    "supply/1": ("Supply", {"Supply"},
                 {"label": ["A supplies Kenya"], "suppliers": ["org/a", "org/a"],
                  "country": ["country/KEN"], "year": ["2019"],
                  "evidence": [{"source": "source/s", "summary": "x", "kind": "summary"}]}),
    "source/s": ("Source", {"Source"}, {"title": ["S"], "evidence": []}),
}


def test_the_json_dict_is_the_networks():
    net, nodes, edges = projection._gather(RECORDS, {"cctv": "CCTV"})
    data = projection._as_dict(net, nodes, edges)
    assert data == projection._assemble(RECORDS, {"cctv": "CCTV"}).to_dict()
    supplies = [e for e in data["edges"] if e["claim"] == "supply/1"]
    assert len(supplies) == 1 < len([e for e in edges if e[2] == "supply/1:supplies"])
    assert [n["id"] for n in data["nodes"]] == ["country/KEN", "org/a"]
