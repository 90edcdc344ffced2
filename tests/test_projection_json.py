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


# Text a curator may write, every kind of character JSON escapes or leaves as it is: quotes,
# backslashes, control characters, DEL, the line and paragraph separators, a character outside
# the Basic Multilingual Plane, accents; keys that sort differently as UTF-16 and as code points.
HOSTILE = ['say "no"', "a\\b", "tab\there\nline\r\x00\x01\x1f\x7f", "\u2028\u2029", "\U0001F600",
           "Côte d’Ivoire", "\ufb01", "", " "]


def test_network_json_is_the_bytes_json_dumps_gives_for_every_value_the_projection_holds():
    import json

    import orjson

    net, nodes, edges = projection._gather(RECORDS, {"cctv": "CCTV"})
    data = projection._as_dict(net, nodes, edges)
    data["extra"] = {text or "empty": [text, None, 0, -3, 2 ** 40, {"\U0001F600": 1, "\uffff": 2}]
                     for text in HOSTILE}
    written = orjson.dumps(data, option=orjson.OPT_SORT_KEYS)  # as network_json writes
    assert written == json.dumps(data, ensure_ascii=False, sort_keys=True,
                                 separators=(",", ":")).encode("utf-8")
