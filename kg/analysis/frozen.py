"""A read-only MultiDiGraph over networkx's own dicts, for commands that only read the projection.

`kg build` saves the projection as networkx's node and adjacency dicts (kg/analysis/saved.py);
a cold command (`kg ask`, `kg suppliers`, `kg path`) reads them back and only looks things up.
Importing networkx to wrap them cost more than answering (0.15-0.23 s of a 0.55 s `kg ask`:
its backends scan entry points), so this class wraps the same dicts and gives the part of
`nx.MultiDiGraph`'s API the analysis code reads, with networkx's results in networkx's
iteration orders (tests/test_frozen_graph.py compares every method on the shipped network).
It refuses to change: `Network.nx_graph()` gives a real networkx graph over the same dicts for
networkx's algorithms and for code that adds to the graph.

>>> graph = FrozenMultiDiGraph({}, {"a": {"kind": "company"}, "b": {}},
...     {"a": {"b": {"k": {"verb": "supplies"}}}, "b": {}},
...     {"a": {}, "b": {"a": {"k": {"verb": "supplies"}}}})
>>> list(graph.out_edges("a", data="verb")), list(graph.in_edges("b", keys=True))
([('a', 'b', 'supplies')], [('a', 'b', 'k')])
>>> dict(graph.nodes(data="kind", default="")), graph.degree("b"), graph.edges["a", "b", "k"]
({'a': 'company', 'b': ''}, 1, {'verb': 'supplies'})
"""
from __future__ import annotations

from collections.abc import Iterator


class FrozenMultiDiGraph:
    """A read-only view of a MultiDiGraph's `graph`, `_node`, `_succ` and `_pred` dicts."""

    __slots__ = ("graph", "_node", "_succ", "_pred")

    def __init__(self, graph: dict, node: dict, succ: dict, pred: dict):
        self.graph, self._node, self._succ, self._pred = graph, node, succ, pred

    # --- the nodes --------------------------------------------------------------------------

    def __contains__(self, n) -> bool:
        try:
            return n in self._node
        except TypeError:  # an unhashable value is no node (networkx says False too)
            return False

    def __iter__(self) -> Iterator:
        return iter(self._node)

    def __len__(self) -> int:
        return len(self._node)

    def __getitem__(self, n) -> dict:
        """Return a node's successors: {neighbour: {key: edge attributes}}."""
        return self._succ[n]

    def number_of_nodes(self) -> int:
        return len(self._node)

    def has_node(self, n) -> bool:
        return n in self

    @property
    def nodes(self) -> "_Nodes":
        return _Nodes(self._node)

    @property
    def succ(self) -> dict:
        return self._succ

    adj = succ

    @property
    def pred(self) -> dict:
        return self._pred

    def successors(self, n) -> Iterator:
        return iter(self._succ[n])

    neighbors = successors

    def predecessors(self, n) -> Iterator:
        return iter(self._pred[n])

    @property
    def degree(self) -> "_Degree":
        return _Degree(self)

    # --- the edges --------------------------------------------------------------------------

    @property
    def edges(self) -> "_Edges":
        return _Edges(self, self._succ, False)

    out_edges = edges

    @property
    def in_edges(self) -> "_Edges":
        return _Edges(self, self._pred, True)

    def get_edge_data(self, u, v, key=None, default=None):
        """Return {key: attributes} of the edges u -> v, or one key's attributes; else default."""
        try:
            if key is None:
                return self._succ[u][v]
            return self._succ[u][v][key]
        except KeyError:
            return default

    def has_edge(self, u, v, key=None) -> bool:
        try:
            return v in self._succ[u] if key is None else key in self._succ[u][v]
        except KeyError:
            return False

    def number_of_edges(self, u=None, v=None) -> int:
        if u is None:
            return sum(len(keys) for nbrs in self._succ.values() for keys in nbrs.values())
        try:
            return len(self._succ[u][v])
        except KeyError:
            return 0

    def size(self) -> int:
        return self.number_of_edges()

    def is_directed(self) -> bool:
        return True

    def is_multigraph(self) -> bool:
        return True

    def nbunch_iter(self, nbunch=None) -> Iterator:
        """Return the nodes of nbunch in the graph: all of them, the one node, or those of a
        sequence that are nodes (as networkx's)."""
        if nbunch is None:
            return iter(self._node)
        if nbunch in self:
            return iter([nbunch])
        return (n for n in nbunch if n in self._succ)

    # --- no changes -------------------------------------------------------------------------

    def _read_only(self, *args, **kwargs):
        raise TypeError("a projection loaded from a build is read-only: change "
                        "Network.nx_graph(), a networkx graph over the same dicts")

    add_node = add_nodes_from = add_edge = add_edges_from = _read_only
    remove_node = remove_nodes_from = remove_edge = remove_edges_from = _read_only
    update = clear = clear_edges = _read_only


class _Nodes:
    """`graph.nodes`: iterate, `n in`, `nodes[n]` (the attribute dict), `nodes(data=...)`."""

    __slots__ = ("_node",)

    def __init__(self, node: dict):
        self._node = node

    def __iter__(self) -> Iterator:
        return iter(self._node)

    def __len__(self) -> int:
        return len(self._node)

    def __contains__(self, n) -> bool:
        return n in self._node  # an unhashable value raises TypeError, as networkx's

    def __getitem__(self, n) -> dict:
        return self._node[n]

    def __call__(self, data=False, default=None):
        return self if data is False else _NodeData(self._node, data, default)

    def data(self, data=True, default=None):
        return self(data, default)


class _NodeData:
    """`graph.nodes(data=True)` -> (node, attributes); `data="kind"` -> (node, its kind)."""

    __slots__ = ("_node", "_data", "_default")

    def __init__(self, node: dict, data, default):
        self._node, self._data, self._default = node, data, default

    def __iter__(self) -> Iterator:
        data, default = self._data, self._default
        if data is True:
            return iter(self._node.items())
        return ((n, dd[data] if data in dd else default) for n, dd in self._node.items())

    def __len__(self) -> int:
        return len(self._node)

    def __getitem__(self, n):
        dd = self._node[n]
        if self._data is True:
            return dd
        return dd[self._data] if self._data in dd else self._default


class _Edges:
    """`graph.edges` / `out_edges` / `in_edges`: iterate (u, v, key), `edges[u, v, key]` (the
    attribute dict), `edges(nbunch, data=..., keys=..., default=...)`."""

    __slots__ = ("_graph", "_adj", "_inward")

    def __init__(self, graph: FrozenMultiDiGraph, adj: dict, inward: bool):
        self._graph, self._adj, self._inward = graph, adj, inward

    def __iter__(self) -> Iterator:
        return iter(_EdgeData(self, None, False, None, True))

    def __len__(self) -> int:
        return sum(len(keys) for nbrs in self._adj.values() for keys in nbrs.values())

    def __getitem__(self, edge) -> dict:
        u, v, k = edge
        return self._adj[v][u][k] if self._inward else self._adj[u][v][k]

    def __call__(self, nbunch=None, data=False, *, default=None, keys=False):
        if nbunch is None and data is False and keys is True:
            return self  # networkx's view itself: (u, v, key); `edges()` is (u, v)
        return _EdgeData(self, nbunch, data, default, keys)

    def data(self, data=True, default=None, nbunch=None, keys=False):
        return self(nbunch, data, default=default, keys=keys)


class _EdgeData:
    """The edges of a node bunch (or all) in networkx's order: its nodes in the graph's order
    (a bunch in its own), each node's neighbours, each neighbour's keys, as networkx reports
    them for (data, keys)."""

    __slots__ = ("_adj", "_inward", "_nodes", "_data", "_default", "_keys")

    def __init__(self, edges: _Edges, nbunch, data, default, keys):
        self._adj, self._inward = edges._adj, edges._inward
        # networkx takes the bunch when called (a dict: in order, once each)
        self._nodes = (None if nbunch is None
                       else list(dict.fromkeys(edges._graph.nbunch_iter(nbunch))))
        self._data, self._default, self._keys = data, default, keys

    def _nodes_nbrs(self):
        adj = self._adj
        return adj.items() if self._nodes is None else [(n, adj[n]) for n in self._nodes]

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __iter__(self) -> Iterator:
        data, default, keys = self._data, self._default, self._keys
        inward = self._inward
        for n, nbrs in self._nodes_nbrs():
            for nbr, kd in nbrs.items():
                u, v = (nbr, n) if inward else (n, nbr)
                for k, dd in kd.items():
                    if data is True:
                        yield (u, v, k, dd) if keys else (u, v, dd)
                    elif data is False:
                        yield (u, v, k) if keys else (u, v)
                    else:
                        value = dd[data] if data in dd else default
                        yield (u, v, k, value) if keys else (u, v, value)


class _Degree:
    """`graph.degree`: `degree(n)` / `degree[n]` (in + out edges, a loop twice), or (node, degree)
    pairs; with `weight`, the sum of that attribute (1 when missing)."""

    __slots__ = ("_graph", "_weight")

    def __init__(self, graph: FrozenMultiDiGraph, weight=None):
        self._graph, self._weight = graph, weight

    def __getitem__(self, n):
        graph, weight = self._graph, self._weight
        succs, preds = graph._succ[n], graph._pred[n]
        if weight is None:
            return (sum(len(keys) for keys in succs.values())
                    + sum(len(keys) for keys in preds.values()))
        return (sum(d.get(weight, 1) for keys in succs.values() for d in keys.values())
                + sum(d.get(weight, 1) for keys in preds.values() for d in keys.values()))

    def __call__(self, nbunch=None, weight=None):
        view = self if weight == self._weight else _Degree(self._graph, weight)
        if nbunch is None:
            return view
        if nbunch in self._graph:
            return view[nbunch]
        return [(n, view[n]) for n in self._graph.nbunch_iter(nbunch)]

    def __iter__(self) -> Iterator:
        return ((n, self[n]) for n in self._graph._node)

    def __len__(self) -> int:
        return len(self._graph._node)
