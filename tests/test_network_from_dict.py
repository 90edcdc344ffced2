"""Network.from_dict fills networkx's dicts itself: the same graph, and the same pickle bytes
(network.pickle is saved from it), as networkx's add_nodes_from / add_edges_from."""
import pickle

import networkx as nx

from kg.analysis.network import Network

DATA = {"nodes": [{"id": "org/a", "label": "A", "kind": "company", "aliases": ["Ay"]},
                  {"id": "country/KEN", "label": "Kenya", "kind": "country"},
                  {"id": "org/a", "identifier": "X1"}],  # a node again: its attributes merged
        "edges": [{"u": "org/a", "v": "country/KEN", "kind": "supply", "verb": "supplies",
                   "claim": "supply/1"},
                  {"u": "org/a", "v": "country/KEN", "kind": "home", "verb": "based in",
                   "claim": "org/a"},
                  {"u": "org/a", "v": "country/KEN", "kind": "supply", "verb": "supplies",
                   "claim": "supply/1", "year": "2019"},  # the same key: attributes updated
                  {"u": "org/b", "v": "org/b", "kind": "ownership", "verb": "owns",
                   "claim": "ownership/1"}]}  # a loop on a node that is not listed


def _networkx(data: dict) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    graph.add_nodes_from((n["id"], {k: v for k, v in n.items() if k != "id"})
                         for n in data["nodes"])
    graph.add_edges_from((e["u"], e["v"], f"{e['claim']}:{e['verb']}",
                          {k: v for k, v in e.items() if k not in ("u", "v")})
                         for e in data["edges"])
    return graph


def test_from_dict_is_what_networkx_makes():
    ours, theirs = Network.from_dict(DATA).graph, _networkx(DATA)
    assert list(ours.nodes(data=True)) == list(theirs.nodes(data=True))
    assert list(ours.edges(keys=True, data=True)) == list(theirs.edges(keys=True, data=True))
    assert ours["org/a"]["country/KEN"]["supply/1:supplies"]["year"] == "2019"
    assert ours._pred["country/KEN"]["org/a"] is ours._succ["org/a"]["country/KEN"]
    state = lambda g: (g._node, g._succ, g._pred)  # noqa: E731
    assert pickle.dumps(state(ours), 5) == pickle.dumps(state(theirs), 5)
