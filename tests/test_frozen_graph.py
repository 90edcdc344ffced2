"""The read-only graph a build's saved projection is loaded into (kg/analysis/frozen.py) gives
what networkx's MultiDiGraph gives over the same dicts, in the same order, for every method the
code reads: on the shipped network, every node, and the keyword forms in use."""
from __future__ import annotations

import pytest

from kg.analysis.frozen import FrozenMultiDiGraph
from kg.analysis.network import Network, load_network

MISSING = "org/no-such-node"


@pytest.fixture(scope="module")
def graphs(shipped_build):
    net = load_network(shipped_build)
    frozen, real = net.graph, net.nx_graph()
    assert isinstance(frozen, FrozenMultiDiGraph) and type(real).__name__ == "MultiDiGraph"
    assert real._node is frozen._node and real._succ is frozen._succ  # the same dicts
    assert len(frozen) > 1000
    return frozen, real


def test_the_nodes(graphs):
    frozen, real = graphs
    assert list(frozen) == list(real) and list(frozen.nodes) == list(real.nodes)
    assert len(frozen) == len(real) == frozen.number_of_nodes() == real.number_of_nodes()
    assert len(frozen.nodes) == len(real.nodes)
    for data, default in [(True, None), ("kind", None), ("kind", ""), ("identifier", 0),
                          ("no-such-attribute", "x")]:
        ours, theirs = frozen.nodes(data=data, default=default), real.nodes(data=data,
                                                                            default=default)
        assert list(ours) == list(theirs) and len(ours) == len(theirs)
    assert list(frozen.nodes.data("label")) == list(real.nodes.data("label"))
    for node in real:
        assert frozen.nodes[node] is real.nodes[node]
        assert node in frozen and node in frozen.nodes and frozen.has_node(node)
        assert frozen[node] == real[node]
        assert frozen.succ[node] == real.succ[node] and frozen.pred[node] == real.pred[node]
        assert frozen.adj[node] == real.adj[node]
        assert list(frozen.successors(node)) == list(real.successors(node))
        assert list(frozen.predecessors(node)) == list(real.predecessors(node))
        assert frozen.degree(node) == frozen.degree[node] == real.degree(node)
        assert frozen.degree(node, weight="no-such") == real.degree(node, weight="no-such")
    assert list(frozen.degree) == list(real.degree)
    for absent in (MISSING, None, 3):
        assert (absent in frozen) == (absent in real) == (absent in frozen.nodes) == \
            (absent in real.nodes)
    assert (["a", "list"] in frozen) == (["a", "list"] in real)
    for nodes in (frozen.nodes, real.nodes):
        with pytest.raises(TypeError):
            ["a", "list"] in nodes  # noqa: B015
    with pytest.raises(KeyError):
        frozen.nodes[MISSING]
    assert frozen.graph is real.graph


FORMS = [{}, {"data": True}, {"data": "verb"}, {"data": "kind"}, {"keys": True},
         {"keys": True, "data": True}, {"keys": True, "data": "claim"},
         {"data": "start", "default": ""}, {"keys": True, "data": "no-such", "default": 0}]


@pytest.mark.parametrize("form", FORMS, ids=str)
def test_the_edges_of_the_whole_graph(graphs, form):
    frozen, real = graphs
    for name in ("edges", "out_edges", "in_edges"):
        ours, theirs = getattr(frozen, name)(**form), getattr(real, name)(**form)
        assert list(ours) == list(theirs), name
        assert len(ours) == len(theirs)


@pytest.mark.parametrize("form", FORMS, ids=str)
def test_the_edges_of_every_node(graphs, form):
    frozen, real = graphs
    for node in [*real, MISSING]:
        for name in ("edges", "out_edges", "in_edges"):
            assert list(getattr(frozen, name)(node, **form)) == \
                list(getattr(real, name)(node, **form)), (name, node)
    bunch = [*list(real)[::97], MISSING, list(real)[0]]  # a bunch: in its order, once each
    for name in ("edges", "out_edges", "in_edges"):
        assert list(getattr(frozen, name)(bunch, **form)) == \
            list(getattr(real, name)(bunch, **form))


def test_edge_lookups(graphs):
    frozen, real = graphs
    assert list(frozen.edges) == list(real.edges) and list(frozen.in_edges) == \
        list(real.in_edges)
    assert len(frozen.edges) == len(real.edges) == frozen.number_of_edges() == \
        real.number_of_edges() == frozen.size()
    for u, v, key in real.edges:
        assert frozen.edges[u, v, key] is real.edges[u, v, key]
        assert frozen.in_edges[u, v, key] is real.in_edges[u, v, key]
        assert frozen.get_edge_data(u, v) == real.get_edge_data(u, v)
        assert frozen.get_edge_data(u, v, key) is real.get_edge_data(u, v, key)
        assert frozen.get_edge_data(v, u, default={}) == real.get_edge_data(v, u, default={})
        assert frozen.number_of_edges(u, v) == real.number_of_edges(u, v)
        assert frozen.has_edge(u, v) and frozen.has_edge(u, v, key)
    u, v, _ = next(iter(real.edges))
    assert frozen.get_edge_data(u, v, "no-such-key", 7) == \
        real.get_edge_data(u, v, "no-such-key", 7) == 7
    assert frozen.get_edge_data(MISSING, v) is real.get_edge_data(MISSING, v) is None
    assert frozen.number_of_edges(MISSING, v) == real.number_of_edges(MISSING, v) == 0
    assert not frozen.has_edge(MISSING, v) and not frozen.has_edge(u, v, "no-such-key")
    with pytest.raises(KeyError):
        frozen.edges[u, v, "no-such-key"]


def test_a_loaded_projection_refuses_changes_and_its_networkx_graph_takes_them(shipped_build):
    net = load_network(shipped_build)
    with pytest.raises(TypeError, match="read-only"):
        net.graph.add_node("org/new")
    assert net.nx_graph() is net.nx_graph()  # made once
    assert "org/new" not in net.graph


def test_a_projection_made_from_a_dict_is_networkx_graph_itself():
    net = Network.from_dict({"nodes": [{"id": "org/a"}], "edges": []})
    assert net.nx_graph() is net.graph and not isinstance(net.graph, FrozenMultiDiGraph)
    net.graph.add_node("org/b")
    assert list(net.graph) == ["org/a", "org/b"]
