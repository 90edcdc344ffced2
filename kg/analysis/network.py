"""The networkx projection of the built graph: entities as nodes, claims as typed edges.

Built once per build (`kg.analysis.projection.write_network`, called by `kg build`; the projection itself is in
`kg/analysis/projection.py`) into `build/network.json` and loaded by every analysis command
(`load_network`), so no command re-queries the store.

Nodes are identified by their IRI without the id namespace (`org/huawei`, `country/UGA`,
`deal/uganda-police-cctv-2019`). Claims that are things a path can pass through (deals,
restrictions, proposals, standards) are nodes too; the other claims (supplies, financing,
memberships, ownerships) are edges. Every edge carries its relation `kind`, a `verb` read
along the edge, the `claim` id and the claim's dates; the claim's evidence lives once in
`Network.claims` and `Network.evidence(claim)` expands it with each source's title and URL.

>>> from kg.analysis.network import Network
>>> net = Network.from_dict({"nodes": [{"id": "org/a", "label": "A", "kind": "company"},
...     {"id": "country/KEN", "label": "Kenya", "kind": "country"}],
...     "edges": [{"u": "org/a", "v": "country/KEN", "kind": "supply", "verb": "supplies",
...                "claim": "supply/a-ken"}],
...     "claims": {"supply/a-ken": {"kind": "supply", "evidence": [{"source": "source/s"}]}},
...     "sources": {"source/s": {"title": "S"}}})
>>> net.label("org/a"), [e["title"] for e in net.evidence("supply/a-ken")]
('A', ['S'])
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from kg.analysis.frozen import FrozenMultiDiGraph
from kg.analysis.saved import read as read_saved
from kg.errors import KGError

if TYPE_CHECKING:  # networkx is imported where a real graph is made (`nx_graph`): 0.2 s
    import networkx as nx

NETWORK_FILE = "network.json"
FORMAT = "survkg-network/3"
RELATION_KINDS = ("supply", "financing", "membership", "restriction", "proposal", "ownership",
                  "standards", "home")
EVIDENCE_KINDS = ("quote", "summary", "row")  # the source's words, the curator's, a dataset row
# Claims that become nodes: a path can pass through a deal or a designation.
CLAIM_NODES = {"Deal": "deal", "Restriction": "restriction", "Proposal": "proposal",
               "Standard": "standard"}


@dataclass
class Network:
    """The projection: a MultiDiGraph plus the claims, sources and gaps its edges cite.

    `graph` is read-only (a FrozenMultiDiGraph) when loaded from a build's saved state, a
    networkx MultiDiGraph when made from a dict; `nx_graph()` is networkx's either way."""

    graph: FrozenMultiDiGraph | nx.MultiDiGraph
    claims: dict[str, dict] = field(default_factory=dict)
    sources: dict[str, dict] = field(default_factory=dict)
    gaps: list[dict] = field(default_factory=list)
    concepts: dict[str, str] = field(default_factory=dict)
    # Reviewed claim links (data/curated/links.yaml): {id, relation, claims, target, note}.
    links: list[dict] = field(default_factory=list)
    # Claim strength notation -> sk:strengthRank (1 strongest), read from the ontology.
    ranks: dict[str, int] = field(default_factory=dict)
    # Indexes `kg build` saved with the projection (kg/analysis/saved.py): name -> pickled blob,
    # decoded by the module that makes the index when it first needs it.
    saved: dict[str, bytes] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_dict(cls, data: dict) -> "Network":
        # networkx's own dicts, filled as add_nodes_from and MultiDiGraph.add_edge fill them
        # (the same objects in the same order, so the saved pickle's bytes stay the same): its
        # add_edges_from took 1 s of 1.5 s to load network.json at 1M triples.
        nodes: dict = {}
        for n in data.get("nodes", []):
            node, attrs = n["id"], n.copy()  # a copy less its id: the same keys in order
            del attrs["id"]
            if node in nodes:
                nodes[node].update(attrs)
            else:
                nodes[node] = attrs
        succ: dict = {node: {} for node in nodes}
        pred: dict = {node: {} for node in nodes}
        for e in data.get("edges", []):
            u, v = e["u"], e["v"]
            for end in (u, v):
                if end not in succ:  # an edge's end that is no node: a node without attributes
                    succ[end], pred[end], nodes[end] = {}, {}, {}
            attrs = e.copy()
            del attrs["u"], attrs["v"]
            key = f"{e['claim']}:{e['verb']}"
            keys = succ[u].get(v)
            if keys is None:
                succ[u][v] = pred[v][u] = {key: attrs}
            elif key in keys:
                keys[key].update(attrs)
            else:
                keys[key] = attrs
        network = cls.from_state({"graph": {}, "nodes": nodes, "succ": succ, "pred": pred,
                                  "claims": data.get("claims", {}),
                                  "sources": data.get("sources", {}),
                                  "gaps": data.get("gaps", []),
                                  "concepts": data.get("concepts", {}),
                                  "links": data.get("links", []),
                                  "ranks": data.get("ranks", {})})
        network.graph = network.nx_graph()  # one made from a dict can be added to
        return network

    def to_dict(self) -> dict:
        nodes = [{"id": n, **attrs} for n, attrs in sorted(self.graph.nodes(data=True))]
        edges = sorted(({"u": u, "v": v, **attrs} for u, v, attrs in self.graph.edges(data=True)),
                       key=lambda e: (e["u"], e["v"], e["claim"], e["verb"]))
        return {"format": FORMAT, "nodes": nodes, "edges": edges, "claims": self.claims,
                "sources": self.sources, "gaps": self.gaps, "concepts": self.concepts,
                "links": self.links, "ranks": self.ranks}

    def to_state(self) -> dict:
        """Return the projection as plain values (networkx's own node and adjacency dicts, the
        tables beside them) for kg/analysis/saved.py; `from_state` makes it a Network again."""
        graph = self.graph
        return {"graph": graph.graph, "nodes": graph._node, "succ": graph._succ,
                "pred": graph._pred, "claims": self.claims, "sources": self.sources,
                "gaps": self.gaps, "concepts": self.concepts, "links": self.links,
                "ranks": self.ranks}

    @classmethod
    def from_state(cls, state: dict, saved: dict[str, bytes] | None = None) -> "Network":
        # Read-only over the saved dicts: a cold command need not import networkx.
        graph = FrozenMultiDiGraph(state["graph"], state["nodes"], state["succ"], state["pred"])
        return cls(graph, state["claims"], state["sources"], state["gaps"], state["concepts"],
                   state["links"], state["ranks"], saved or {})

    def nx_graph(self) -> "nx.MultiDiGraph":
        """Return the projection as a networkx MultiDiGraph over the same dicts (made once),
        for networkx's algorithms and for code that changes the graph."""
        graph = self.graph
        if not isinstance(graph, FrozenMultiDiGraph):
            return graph
        made = self.__dict__.get("_nx_graph")
        if made is None:
            import networkx as nx

            made = self.__dict__["_nx_graph"] = nx.MultiDiGraph()
            # Setting these resets networkx's cached views, as unpickling a graph does.
            made.graph, made._node = graph.graph, graph._node
            made._succ, made._pred = graph._succ, graph._pred  # _succ sets _adj too
        return made

    def label(self, node: str) -> str:
        return self.graph.nodes[node].get("label", node) if node in self.graph else node

    def kind(self, node: str) -> str:
        return self.graph.nodes[node].get("kind", "") if node in self.graph else ""

    def concept(self, notation: str) -> str:
        """Return the label of a technology or instrument notation."""
        return self.concepts.get(notation, notation)

    def evidence(self, claim: str) -> list[dict]:
        """Return the claim's evidence, each with its source's title, URL and version."""
        out = []
        for item in self.claims.get(claim, {}).get("evidence", []):
            source = self.sources.get(item["source"], {})
            out.append({"source": item["source"], "title": source.get("title"),
                        "url": source.get("url"), "version": source.get("version"),
                        "kind": evidence_kind(item),
                        **{k: item[k] for k in ("quote", "summary", "locator", "row")
                           if item.get(k)}})
        return out

    @cached_property
    def about(self) -> dict[str, list[str]]:
        """Claims that describe a node without linking it (findings, observations, uses)."""
        index: dict[str, list[str]] = defaultdict(list)
        for claim_id, claim in sorted(self.claims.items()):
            for subject in claim.get("about", []):
                index[subject].append(claim_id)
        return index

    def gaps_about(self, node: str, kind: str | None = None) -> list[dict]:
        """Return the research gaps about a node (optionally of one relation kind)."""
        return [g for g in self._gaps_by_node.get(node, ())
                if kind is None or g["relation_kind"] == kind]

    def open_gaps(self) -> list[dict]:
        """Return the research gaps no claim answers, in `gaps` order."""
        answered = self._answered_financing_gaps
        return [g for g in self.gaps if not g.get("answered_by") and g["id"] not in answered]

    @cached_property
    def _gaps_by_node(self) -> dict[str, list[dict]]:
        """node -> its gaps, in `gaps` order (the explorer asks for every node's)."""
        index: dict[str, list[dict]] = defaultdict(list)
        for gap in self.open_gaps():  # a gap a claim answers is no gap
            for node in dict.fromkeys(gap["about"]):
                index[node].append(gap)
        return index

    @cached_property
    def fact_of(self) -> dict[str, str]:
        """claim -> the id that stands for its real-world fact (same-as links joined).

        Claims linked same-as, directly or through others, are one fact: the smallest id of
        the group stands for it, so counts count it once. A claim with no link is its own fact.
        """
        parent: dict[str, str] = {}

        def root(claim: str) -> str:
            while parent.get(claim, claim) != claim:
                claim = parent[claim]
            return claim

        linked = [sorted(link["claims"]) for link in self.links if link["relation"] == "same-as"]
        for first, *rest in linked:
            for other in rest:
                a, b = sorted((root(first), root(other)))
                if a != b:
                    parent[b] = a
        return {claim: root(claim) for claims in linked for claim in claims}

    def fact(self, claim: str) -> str:
        """Return the id standing for the claim's real-world fact (see `fact_of`)."""
        return self.fact_of.get(claim, claim)

    def same_fact(self, claim: str) -> list[str]:
        """Return every claim stating the same real-world fact as `claim` (itself included)."""
        return self._facts.get(self.fact(claim), [claim])

    @cached_property
    def _facts(self) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = defaultdict(list)
        for claim, fact in sorted(self.fact_of.items()):
            groups[fact].append(claim)
        return groups

    def parts(self, claim: str) -> list[str]:
        """Return the claims linked as parts (tranches, phases) of a claim's fact."""
        wholes = set(self.same_fact(claim))
        return sorted({c for link in self.links if link["relation"] == "part-of"
                       and link.get("target") in wholes for c in link["claims"]})

    def wholes(self, claim: str) -> list[str]:
        """Return the claims that a claim's fact is linked as a part of."""
        mine = set(self.same_fact(claim))
        return sorted({link["target"] for link in self.links if link["relation"] == "part-of"
                       and mine & set(link["claims"])})

    def links_of(self, claim: str) -> list[dict]:
        """Return the reviewed links that name a claim."""
        return [link for link in self.links
                if claim in link["claims"] or link.get("target") == claim]

    @cached_property
    def _answered_financing_gaps(self) -> set[str]:
        """Ids of financing gaps a claim of this graph answers, so no answer shows them.

        `kg check` reports such gaps in data/ (kg/records/gaps.py, same rule); this guards answers
        over any graph (an endpoint's, an older build's): a claim with a named lender, for
        surveillance or security, that pays for a deal the gap is about, or, when it names no
        deal, that goes to a country it is about.
        """
        found = set()
        financing = [(c, claim) for c, claim in self.claims.items()
                     if claim.get("kind") == "financing" and claim.get("purpose") not in
                     ("telecommunications", "other")]
        for gap in self.gaps:
            if gap["relation_kind"] != "financing":
                continue
            about = set(gap["about"])
            deals = {a for a in about if self.kind(a) == "deal"}
            for claim_id, claim in financing:
                lender = any(self.claims.get(c, {}).get("lender")
                             for c in self.same_fact(claim_id))
                paid = {d for c in self.same_fact(claim_id)
                        for d in self.claims.get(c, {}).get("finances", [])}
                if lender and ((deals and paid & deals) or
                               (not deals and claim.get("country") in about)):
                    found.add(gap["id"])
                    break
        return found

    def nodes_of(self, *kinds: str) -> list[str]:
        return sorted(n for n, k in self.graph.nodes(data="kind") if k in kinds)


# --- the build artifact ------------------------------------------------------------------

# The last projection loaded, by file and its (inode, size, mtime): a process that answers many
# questions (a notebook, a server, the CLI tests) loads network.json once per build, not per
# question (0.7 s at 1M triples). A new build replaces the file, so its inode changes.
_LOADED: dict[Path, tuple[tuple[int, int, int], Network]] = {}


def load_network(build_dir: str | Path) -> Network:
    """Return the projection written by the last `kg build` in build_dir (read-only: shared)."""
    path = Path(build_dir) / NETWORK_FILE
    if not path.is_file():
        raise KGError(f"no {NETWORK_FILE} in {build_dir}: run `kg build` first")
    stat = path.stat()
    key, where = (stat.st_ino, stat.st_size, stat.st_mtime_ns), path.resolve()
    cached = _LOADED.get(where)
    if cached is not None and cached[0] == key:
        return cached[1]
    network = read_network(path)
    _LOADED.clear()  # keep one: a build's projection can be large
    _LOADED[where] = (key, network)
    return network


def read_network(path: Path) -> Network:
    """Return the projection in a network.json file, read afresh and kept by nobody (the build,
    which saves it for commands and lets it go: `load_network` keeps what it loads)."""
    kept = read_saved(path)  # the build's copy that loads fast, while it is this file's
    if kept is not None:
        return Network.from_state(kept["state"], kept["indexes"])
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT:
        raise KGError(f"{path} was written by another version of survkg: run `kg build` "
                      "again")
    return Network.from_dict(data)


def evidence_kind(item: dict) -> str:
    """Return an evidence item's kind: 'quote', 'summary' or 'row' ('' when it has no text).

    >>> evidence_kind({"source": "source/s", "summary": "Acme sold cameras", "locator": "p. 3"})
    'summary'
    """
    return item.get("kind") or next((k for k in EVIDENCE_KINDS if item.get(k)), "")
