"""`kg push`: replace a graph of a remote SPARQL endpoint with the build's graph, in one step.

First the SPARQL 1.1 Graph Store Protocol: one HTTP PUT of build/survkg.nt to the graph
(`?default` or `?graph=IRI`). Oxigraph (and Fuseki) apply a PUT in one transaction, after the
whole body has arrived: readers see the old graph or the new one, never half of one, and a PUT
cut off midway changes nothing (tests/test_push.py checks both against a real Oxigraph).
Then the graph's triples are counted: a server that answered 2xx but kept fewer than were sent
(or holds more) is an error, not a success.

Where the endpoint has no Graph Store (404, 405, 501 on the PUT) the same replacement goes as
one SPARQL Update request, `DROP SILENT GRAPH <g>; INSERT DATA { GRAPH <g> { ... } }`, which
SPARQL 1.1 servers such as Oxigraph run as one transaction.

The store and update URLs are guessed from the query URL the way Oxigraph (`/query`,
`/store`, `/update`) and Fuseki (`/sparql`, `/data`, `/update`) lay them out; the
environment variables KG_STORE_URL and KG_UPDATE_URL say them outright for other servers.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import quote, urlsplit, urlunsplit

from kg.errors import KGError
from kg.sparql.remote import Endpoint, RemoteGraph, http_error, request
from kg.graph.store import NT_FILE

NO_GRAPH_STORE = (404, 405, 501)
# For servers laid out differently: the Graph Store and Update URLs, said outright.
STORE_URL = os.environ.get("KG_STORE_URL") or None
UPDATE_URL = os.environ.get("KG_UPDATE_URL") or None
_LAYOUTS = {"query": ("store", "update"), "sparql": ("data", "update")}
CHUNK = 1 << 20  # bytes sent between two progress reports
Progress = Callable[[str, int, int], None]  # (step, bytes sent, bytes in all)


@dataclass(frozen=True)
class PushSummary:
    triples: int
    graph: str
    url: str
    method: str
    seconds: float
    held: int | None = None  # the triples the graph holds after the push, counted

    def __str__(self) -> str:
        more = (f"; it holds {self.held:,}, more than were sent"
                if self.held is not None and self.held > self.triples else "")
        return (f"pushed {self.triples:,} triples to the {self.graph} of {self.url} "
                f"({self.method}) in {self.seconds:.1f} s{more}")


def service_urls(query_url: str) -> tuple[str, str]:
    """Return the (graph store, update) URLs beside a query URL.

    >>> service_urls("http://127.0.0.1:7878/query")
    ('http://127.0.0.1:7878/store', 'http://127.0.0.1:7878/update')
    >>> service_urls("http://localhost:3030/ds/sparql")
    ('http://localhost:3030/ds/data', 'http://localhost:3030/ds/update')
    """
    parts = urlsplit(query_url)
    head, _, last = parts.path.rstrip("/").rpartition("/")
    store, update = _LAYOUTS.get(last, (None, None))
    if store is None:  # one URL for everything (e.g. a Fuseki dataset URL)
        return query_url, query_url
    return tuple(urlunsplit(parts._replace(path=f"{head}/{name}", query=""))  # type: ignore
                 for name in (store, update))


def push(build_dir: str | Path, url: str | None, timeout: float = 30.0, graph: str | None = None,
         store_url: str | None = STORE_URL, update_url: str | None = UPDATE_URL,
         progress: Progress | None = None) -> PushSummary:
    """Replace the endpoint's graph (its default graph, or `graph`) with the build's graph.

    `progress`, when given, is called as each megabyte of the upload goes out (e.g. by
    `kg push` to draw a bar); the request is the same one request either way.
    """
    started = time.perf_counter()
    if not url:
        raise KGError("give the endpoint to push to: kg push --endpoint URL "
                      "(e.g. http://127.0.0.1:7878/query)")
    endpoint = Endpoint(url, timeout, graph or None)
    path = Path(build_dir) / NT_FILE
    if not path.is_file():
        raise KGError(f"no {NT_FILE} in {build_dir}: run `kg build` first")
    guessed_store, guessed_update = service_urls(endpoint.url)
    data = path.read_bytes()
    method = "graph store PUT"
    status, body = _put(endpoint, store_url or guessed_store, data, progress)
    if status in NO_GRAPH_STORE and store_url is None:
        method = "SPARQL update"
        status, body = _update(endpoint, update_url or guessed_update, data, progress)
    if status >= 300:
        raise http_error(endpoint, status, body)
    # A 2xx is the server's word, not the graph: count what it kept (a server may cut a large
    # upload to its own limit and still say yes).
    name = f"graph <{endpoint.graph}>" if endpoint.graph else "default graph"
    sent, kept = triples_in(data), RemoteGraph(endpoint).count_triples()
    if kept < sent:
        raise endpoint.fail(f"the endpoint kept {kept:,} of {sent:,} triples sent to its {name}")
    # More is said, not refused: a server whose default graph is the union of its graphs holds
    # more there; so would one that added to the graph instead of replacing it.
    return PushSummary(sent, name, endpoint.url, method, time.perf_counter() - started, kept)


def triples_in(data: bytes) -> int:
    """Return the number of triples in N-Triples text: its lines that are not blank or comments.

    >>> triples_in(b'<urn:a> <urn:b> <urn:c> .\\n\\n# note\\n<urn:a> <urn:b> "d" .\\n')
    2
    """
    return sum(1 for line in data.splitlines()
               if line.strip() and not line.lstrip().startswith(b"#"))


def _body(data: bytes, step: str, progress: Progress | None, headers: dict) -> object:
    """Return the request body: the bytes, or with `progress` the same bytes in chunks that
    report as they are sent (Content-Length set, so it is not sent chunked)."""
    if progress is None:
        return data
    headers["Content-Length"] = str(len(data))

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(data), CHUNK):
            yield data[start:start + CHUNK]
            progress(step, min(start + CHUNK, len(data)), len(data))
    return chunks()


def _put(endpoint: Endpoint, url: str, data: bytes, progress: Progress | None = None
         ) -> tuple[int, bytes]:
    target = f"graph={quote(endpoint.graph, safe='')}" if endpoint.graph else "default"
    parts = urlsplit(url)
    query = "&".join(q for q in (parts.query, target) if q)
    headers = {"Content-Type": "application/n-triples"}
    body = _body(data, "graph store PUT", progress, headers)
    status, _, answer = request(endpoint, "PUT", urlunsplit(parts._replace(query=query)), body,
                                headers)
    return status, answer


def _update(endpoint: Endpoint, url: str, data: bytes, progress: Progress | None = None
            ) -> tuple[int, bytes]:
    # N-Triples lines are valid triples inside INSERT DATA; the IRI was checked by Endpoint.
    if endpoint.graph:
        graph = f"<{endpoint.graph}>"
        text = (f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n".encode()
                + data + b"\n} }\n")
    else:
        text = b"DROP SILENT DEFAULT ;\nINSERT DATA {\n" + data + b"\n}\n"
    headers = {"Content-Type": "application/sparql-update"}
    status, _, answer = request(endpoint, "POST", url,
                                _body(text, "SPARQL update", progress, headers), headers)
    return status, answer
