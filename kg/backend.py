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

The functions below take the command's `Options` (kg/settings.py) rather than folders, so a
folder is looked for only when it is used: `kg --endpoint URL viz -o page.html` works anywhere.
"""
from __future__ import annotations

import contextlib
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from kg.errors import KGError
from kg.settings import Options
from kg.analysis.network import Network, load_network

# The store, SPARQL and the remote client are imported where they are used: an analysis
# command reads network.json only, and a cold `kg ask` should not import rdflib (0.2 s).
if TYPE_CHECKING:
    from kg.sparql.protocol import Endpoint
    from kg.sparql.remote import RemoteGraph


@dataclass(frozen=True)
class Embedded:
    """The store and projection that `kg build` wrote to build_dir."""

    build_dir: str | Path

    def graph(self):
        from kg.graph.store import open_graph

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
        from kg.sparql.remote import RemoteGraph

        return RemoteGraph(self.endpoint)

    def network(self) -> Network:
        import json

        from kg.analysis.projection import network_json  # models and rdflib: only needed here

        # Read back from network.json's text, as the embedded network is: the same order of
        # nodes, edges and keys, so a command lists the same facts in the same order.
        return Network.from_dict(json.loads(network_json(self.graph())))

    @contextlib.contextmanager
    def local_build(self, rdf: bool = True) -> Iterator[Path]:
        """Yield a temporary folder holding network.json (and survkg.nt when `rdf`)."""
        from kg.analysis.projection import write_network
        from kg.graph.store import NT_FILE

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
        from kg.sparql.protocol import Endpoint

        return Remote(Endpoint(endpoint, timeout, graph or None))
    return Embedded(build_dir)


def reading(options: Options) -> Embedded | Remote:
    """Return the backend the options name: --endpoint, else the build folder."""
    build_dir = None if options.endpoint else options.build
    return backend(build_dir, options.endpoint, options.timeout, options.graph)


def query_input(source: Embedded | Remote, spec: str | None, expression: str | None,
                params=()) -> tuple[str, dict]:
    """Return (text, bindings) of `kg query`, a name given for an IRI parameter resolved to
    its entity as the analysis commands resolve names (`kind/id` and IRIs taken as they are)."""
    from kg.analysis.resolve import ENTITY_KINDS, resolve
    from kg.graph.query import parse_header, prepare, split_param
    from kg.graph.query import resolve as named_query
    from kg.schema.ontology import ID_URI

    if bool(spec) == bool(expression):
        return prepare(spec, expression, params)  # says what to give
    named = named_query(spec) if spec else parse_header("expression", expression)
    declared = {p.name: p for p in named.params}
    given = []
    for text in params:
        name, value = split_param(text)
        param = declared.get(name)
        if param is not None and param.type == "iri" and not _is_iri(param, value):
            # A parameter named after a kind ("country") takes only that kind of entity.
            kinds = (name,) if name in ENTITY_KINDS else ENTITY_KINDS
            value = ID_URI + resolve(source.network(), value, kinds, what=name)
        given.append(f"{name}={value}")
    return prepare(spec, expression, given)


def _is_iri(param, value: str) -> bool:
    from kg.graph.query import to_term

    try:
        to_term(param, value)  # the graph layer's own rule for IRIs and kind/id
    except KGError:
        return False
    return True


def explorer(options: Options, out: str | None, replace: bool = False, kinds=None, path=None,
             **view):
    """Return (page, target) of `kg viz`: the page written to `out`, or not written when `out`
    is `-` (the caller prints it). Without `out` who supplies whom goes to BUILD/survkg.html and a
    view to a file of its own named after it, unless `replace` puts it there instead."""
    from kg.explore.page import HTML_FILE, explorer_page, view_name, write_explorer

    if out and replace:
        raise KGError("--replace writes the view to BUILD/survkg.html: leave out -o, or give -o "
                      "alone")
    view.update(path=path or None, kinds=[k.strip() for k in kinds.split(",")] if kinds else None)
    with reading(options).local_build(rdf=False) as folder:
        if out == "-":
            return explorer_page(folder, **view), "-"
        whole = view_name(**view) == view_name()  # the explorer `kg build` writes
        name = HTML_FILE if replace or whole else view_file(view_name(**view))
        target = out or str(Path(options.build) / name)
        return write_explorer(folder, target, **view), target


def view_file(view: str) -> str:
    """Return the file name of a view of the explorer, from the heading naming it.

    >>> view_file("around Hikvision (depth 1), links: supply")
    'survkg-around-hikvision-depth-1-links-supply.html'
    """
    ascii_name = unicodedata.normalize("NFKD", view).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:80].rstrip("-")
    return f"survkg-{slug or 'view'}.html"


RDF_EXPORTS = ("ttl", "nt", "jsonld")


def export(options: Options, fmt: str, out: str | None, stdout, raw: bool = False) -> str:
    """Write `kg export`'s format to `out` (default: stdout, BUILD/csv or BUILD/neo4j for
    those folders of CSV); say where."""
    from kg.exporters.export import default_target, export as run_export

    target = out or default_target(fmt, options.build)
    with reading(options).local_build(rdf=fmt in RDF_EXPORTS) as folder:
        return run_export(folder, fmt, stdout if target == "-" else target, raw)
