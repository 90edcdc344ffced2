"""Where the reading commands read the graph: the embedded store under build/, or an endpoint.

A backend gives the two things every reading command needs: a graph to run SPARQL on
(`graph()`) and the networkx projection (`network()`).

- Embedded (the default): the read-only Oxigraph store and the `network.json` of `kg build`.
- Remote (`--endpoint URL`): SPARQL over the protocol; the projection is made from the
  endpoint's graph with the same four queries the build uses (`kg.analysis.projection.project`).
  Nothing is cached on disk: a shared endpoint changes under us (another `kg push`), and a
  cache would need invalidating against a server that cannot tell us it changed. The curated
  graph projects in well under a second over loopback.

Commands that read files of a build (`kg export`, `kg viz`) get a `local_build`: the build
folder itself, or for an endpoint a temporary folder with the graph's N-Triples and network.
"""
from __future__ import annotations

import contextlib
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from kg.errors import KGError
from kg.analysis.network import Network, load_network
from kg.analysis.projection import write_network
from kg.sparql.remote import Endpoint, RemoteGraph
from kg.graph.store import NT_FILE, open_graph


@dataclass(frozen=True)
class Embedded:
    """The store and projection that `kg build` wrote to build_dir."""

    build_dir: str | Path

    def graph(self):
        return open_graph(self.build_dir)

    def network(self) -> Network:
        return load_network(self.build_dir)

    @contextlib.contextmanager
    def local_build(self, rdf: bool = True) -> Iterator[Path]:
        yield Path(self.build_dir)


@dataclass(frozen=True)
class Remote:
    """A SPARQL 1.1 endpoint (its default graph, or `endpoint.graph`)."""

    endpoint: Endpoint

    def graph(self) -> RemoteGraph:
        return RemoteGraph(self.endpoint)

    def network(self) -> Network:
        from kg.analysis.projection import project  # the models and rdflib terms: only needed here

        return project(self.graph())

    @contextlib.contextmanager
    def local_build(self, rdf: bool = True) -> Iterator[Path]:
        """Yield a temporary folder holding network.json (and survkg.nt when `rdf`)."""
        with tempfile.TemporaryDirectory(prefix="kg-remote-") as tmp:
            folder = Path(tmp)
            graph = self.graph()
            if rdf:
                (folder / NT_FILE).write_bytes(graph.triples_nt())
            write_network(graph, folder)
            yield folder


def backend(build_dir: str | Path, endpoint: str | None = None, timeout: float = 30.0,
            graph: str | None = None) -> Embedded | Remote:
    """Return the remote backend when an endpoint URL is given, else the embedded one."""
    if graph and not endpoint:
        raise KGError("--graph names a graph of a remote endpoint: give --endpoint URL too")
    if endpoint:
        return Remote(Endpoint(endpoint, timeout, graph or None))
    return Embedded(build_dir)


def explorer(source: Embedded | Remote, build_dir: str | Path, out: str | None, kinds=None,
             path=None, **view):
    """Return (page, target) of `kg viz`: the page written to `out` (default BUILD/survkg.html),
    or not written when `out` is `-` (the caller prints it)."""
    from kg.explore.page import HTML_FILE, explorer_page, write_explorer

    view.update(path=path or None, kinds=[k.strip() for k in kinds.split(",")] if kinds else None)
    with source.local_build(rdf=False) as folder:
        if out == "-":
            return explorer_page(folder, **view), "-"
        target = out or str(Path(build_dir) / HTML_FILE)
        return write_explorer(folder, target, **view), target


RDF_EXPORTS = ("ttl", "nt", "jsonld")


def export(source: Embedded | Remote, build_dir: str | Path, fmt: str, out: str | None,
           stdout) -> str:
    """Write `kg export`'s format to `out` (default: stdout, BUILD/csv for csv); say where."""
    from kg.exporters.export import default_target, export as run_export

    target = out or default_target(fmt, build_dir)
    with source.local_build(rdf=fmt in RDF_EXPORTS) as folder:
        return run_export(folder, fmt, stdout if target == "-" else target)
