"""`kg push`: replace a graph of a remote SPARQL endpoint with the build's graph, all or nothing.

Readers of the graph see the old graph or the new one, never part of one, and a push cut off
midway leaves the old graph. Two ways get there:

- One Graph Store Protocol PUT of build/survkg.nt to the graph (`?default` or `?graph=IRI`),
  where the server applies a PUT in one transaction once the whole body has arrived (Oxigraph,
  Fuseki). Tried first on every engine but Virtuoso.
- Bounded batches into a temporary graph, then one swap: the temporary graph is dropped (a
  stale one, left by a push killed before its clean-up, goes too), filled by Graph Store POSTs
  of at most STORE_BATCH_BYTES or SPARQL `INSERT DATA` requests of at most
  UPDATE_BATCH_TRIPLES triples, counted, and moved onto the graph by one SPARQL 1.1 Update
  `MOVE GRAPH <tmp> TO GRAPH <g>`. On any failure before the MOVE the temporary graph is
  dropped and the graph is as it was. Oxigraph runs the MOVE as one transaction: its readers
  see the old graph or the new one. Virtuoso 7.2's do not always: measured with two readers
  counting through six pushes, about 1 read in 20 saw part of a graph while the MOVE ran
  (with or without `DEFINE sql:log-enable 1`, and likewise for DROP; ADD in one request), so
  there the swap is short (one request, about a second for the shipped graph) rather than
  isolated; the graph after the push is checked by its count either way. Batches are what
  Virtuoso needs: one INSERT DATA of the whole graph exhausts its SPARQL compiler's memory (so
  does one of 5,000 triples; 2,000 exceed its 10,000 lines of generated SQL; 1,000 pass), while
  its Graph Store took a POST of 50,000 triples (8.8 MB) in 2.7 s. Triples that share a blank
  node go in the same batch (a blank node is new in each request).

Virtuoso is recognised by its `Server: Virtuoso/...` header on a first small query. Its Graph
Store is /sparql-graph-crud-auth and its update endpoint /sparql-auth (HTTP Digest; a user with
the SPARQL_UPDATE role, e.g. dba; credentials from kg.sparql.auth), or /sparql-graph-crud and
/sparql without credentials (where the administrator let the anonymous user write). Its default
graph is the union of all its graphs, not writable as one: without `--graph` the push goes to
DEFAULT_GRAPH, and the summary says so and how to read it. Elsewhere the Graph Store and
Update URLs are guessed from the query URL the way Oxigraph (`/query`, `/store`, `/update`) and
Fuseki (`/sparql`, `/data`, `/update`) lay them out; KG_STORE_URL and KG_UPDATE_URL say them
outright for other servers.

After the push the graph's triples are counted: a server that answered 2xx but kept fewer than
were sent is an error, not a success.
"""
from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from kg.errors import KGError
from kg.graph.store import NT_FILE
from kg.sparql import auth
from kg.sparql.protocol import Endpoint, http_error, request
from kg.sparql.remote import PROJECT_GRAPH, RemoteGraph

NO_GRAPH_STORE = (404, 405, 501)
# For servers laid out differently: the Graph Store and Update URLs, said outright.
STORE_URL = os.environ.get("KG_STORE_URL") or None
UPDATE_URL = os.environ.get("KG_UPDATE_URL") or None
_LAYOUTS = {"query": ("store", "update"), "sparql": ("data", "update")}
# Where an engine has no writable default graph (Virtuoso): the project's graph, beside its
# ontology (https://w3id.org/survkg/ontology) and its entities (https://w3id.org/survkg/id/).
DEFAULT_GRAPH = PROJECT_GRAPH  # read there by default too (kg.sparql.remote)
CHUNK = 1 << 20  # bytes of a PUT sent between two progress reports
STORE_BATCH_BYTES = 8 << 20  # one Graph Store POST of a batched push (see above)
UPDATE_BATCH_TRIPLES = 1000  # one INSERT DATA of a batched push (see above)
Progress = Callable[[str, int, int], None]  # (step, done, out of how much)
_BLANK = re.compile(rb"_:[^\s.;,]+")


@dataclass(frozen=True)
class PushSummary:
    triples: int
    graph: str
    url: str
    method: str
    seconds: float
    held: int | None = None  # the triples the graph holds after the push, counted
    note: str = ""  # what a reader must know (e.g. the named graph to read)

    def __str__(self) -> str:
        more = (f"; it holds {self.held:,}, more than were sent"
                if self.held is not None and self.held > self.triples else "")
        return (f"pushed {self.triples:,} triples to the {self.graph} of {self.url} "
                f"({self.method}) in {self.seconds:.1f} s{more}"
                + (f"\n{self.note}" if self.note else ""))


@dataclass(frozen=True)
class Engine:
    """Where and how an endpoint takes writes."""

    name: str  # "Virtuoso", or "" when not recognised
    store: str  # its Graph Store URL
    update: str  # its SPARQL Update URL
    named_only: bool = False  # no writable default graph: push to DEFAULT_GRAPH
    put: bool = True  # try one Graph Store PUT (one transaction) before batches


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


def virtuoso_urls(query_url: str, credentials: bool) -> tuple[str, str]:
    """Return Virtuoso's (graph store, update) URLs: the Digest-protected ones when there are
    credentials to give, else the anonymous ones.

    >>> virtuoso_urls("http://h:8890/sparql", True)
    ('http://h:8890/sparql-graph-crud-auth', 'http://h:8890/sparql-auth')
    >>> virtuoso_urls("http://h:8890/sparql/", False)
    ('http://h:8890/sparql-graph-crud', 'http://h:8890/sparql')
    """
    parts = urlsplit(query_url)
    suffix = "-auth" if credentials else ""
    return tuple(urlunsplit(parts._replace(path=path, query="", fragment=""))  # type: ignore
                 for path in (f"/sparql-graph-crud{suffix}", f"/sparql{suffix}"))


def engine(endpoint: Endpoint, store_url: str | None = None,
           update_url: str | None = None) -> Engine:
    """Return where the endpoint takes writes, from the server its first answer names."""
    seen: dict[str, str] = {}
    query = urlencode({"query": "ASK { }"})
    try:  # only its headers matter; a failure here is heard again, better, on the write
        request(endpoint, "GET", f"{endpoint.url}?{query}", None,
                {"Accept": "application/sparql-results+json"}, seen=seen)
    except KGError:
        pass
    if seen.get("server", "").lower().startswith("virtuoso"):
        store, update = virtuoso_urls(endpoint.url, auth.credentials(endpoint.url) is not None)
        return Engine("Virtuoso", store_url or store, update_url or update,
                      named_only=True, put=False)
    store, update = service_urls(endpoint.url)
    return Engine("", store_url or store, update_url or update)


def push(build_dir: str | Path, url: str | None, timeout: float = 30.0, graph: str | None = None,
         store_url: str | None = STORE_URL, update_url: str | None = UPDATE_URL,
         progress: Progress | None = None) -> PushSummary:
    """Replace the endpoint's graph (its default graph, or `graph`) with the build's graph.

    `progress`, when given, is called as each megabyte of a PUT goes out, or as each batch of
    a batched push is taken (e.g. by `kg push` to draw a bar).
    """
    started = time.perf_counter()
    if not url:
        raise KGError("give the endpoint to push to: kg push --endpoint URL "
                      "(e.g. http://127.0.0.1:7878/query)")
    endpoint = Endpoint(url, timeout, graph or None)
    path = Path(build_dir) / NT_FILE
    if not path.is_file():
        raise KGError(f"no {NT_FILE} in {build_dir}: run `kg build` first")
    data = path.read_bytes()
    found = engine(endpoint, store_url, update_url)
    note = ""
    if found.named_only and not graph:
        endpoint = Endpoint(url, timeout, DEFAULT_GRAPH)
        note = (f"{found.name} has no writable default graph: the graph went to the named graph "
                f"<{DEFAULT_GRAPH}>; read it with --graph, e.g.\n"
                f"  kg --endpoint {url} --graph {DEFAULT_GRAPH} stats")
    sent = triples_in(data)
    status, body = (_put(endpoint, found.store, data, progress) if found.put
                    else (0, b""))  # 0: no PUT tried
    if 200 <= status < 300:
        method = "graph store PUT"
    elif status == 0 or status == 413 or (status in NO_GRAPH_STORE and store_url is None):
        # No Graph Store (batches of SPARQL updates), a body too large for one (batches of
        # Graph Store POSTs), or an engine that does not apply a PUT in one transaction.
        via = "update" if status in NO_GRAPH_STORE else "store"
        method = replace_in_batches(endpoint, found, data, sent, via, progress)
    else:
        raise _refused(endpoint, found, status, body)
    # A 2xx is the server's word, not the graph: count what it kept (a server may cut a large
    # upload to its own limit and still say yes).
    name = f"graph <{endpoint.graph}>" if endpoint.graph else "default graph"
    kept = RemoteGraph(endpoint, probe=False).count_triples()
    if kept < sent:
        raise endpoint.fail(f"the endpoint kept {kept:,} of {sent:,} triples sent to its {name}")
    # More is said, not refused: a server whose default graph is the union of its graphs holds
    # more there; so would one that added to the graph instead of replacing it.
    return PushSummary(sent, name, endpoint.url, method, time.perf_counter() - started, kept,
                       note)


def triples_in(data: bytes) -> int:
    """Return the number of triples in N-Triples text: its lines that are not blank or comments.

    >>> triples_in(b'<urn:a> <urn:b> <urn:c> .\\n\\n# note\\n<urn:a> <urn:b> "d" .\\n')
    2
    """
    return sum(1 for line in data.splitlines()
               if line.strip() and not line.lstrip().startswith(b"#"))


def batches(data: bytes, max_triples: int, max_bytes: int) -> Iterator[tuple[bytes, int]]:
    """Yield (N-Triples text, triples in it): the triples of `data` in order, at most
    `max_triples` and `max_bytes` a batch, except that triples sharing a blank node stay in one
    batch (which may then be larger): a blank node label means a new node in each request.

    >>> nt = b'<urn:a> <urn:p> _:x .\\n<urn:b> <urn:p> <urn:c> .\\n_:x <urn:p> "1" .\\n'
    >>> [n for _, n in batches(nt, 1, 10**6)]
    [2, 1]
    >>> [n for _, n in batches(nt.replace(b"_:x", b"<urn:x>"), 1, 10**6)]
    [1, 1, 1]
    """
    lines = [line if line.endswith(b"\n") else line + b"\n"
             for line in data.splitlines(keepends=True)
             if line.strip() and not line.lstrip().startswith(b"#")]
    batch: list[bytes] = []
    size = 0
    for group in _together(lines):
        group_size = sum(map(len, group))
        if batch and (len(batch) + len(group) > max_triples or size + group_size > max_bytes):
            yield b"".join(batch), len(batch)
            batch, size = [], 0
        batch.extend(group)
        size += group_size
    if batch:
        yield b"".join(batch), len(batch)


def _together(lines: list[bytes]) -> list[list[bytes]]:
    """Return the lines in groups, in order of first line: lines that share a blank node
    (directly or through others) in one group, every other line alone."""
    if not any(b"_:" in line for line in lines):
        return [[line] for line in lines]
    parent: dict[bytes, bytes] = {}

    def root(label: bytes) -> bytes:
        while parent.setdefault(label, label) != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    labels = [_BLANK.findall(line) for line in lines]
    for found in labels:  # union: every label of a line joins the line's first
        for label in found[1:]:
            parent[root(label)] = root(found[0])
    groups: dict[object, list[bytes]] = {}
    for index, (line, found) in enumerate(zip(lines, labels)):
        groups.setdefault(root(found[0]) if found else index, []).append(line)
    return list(groups.values())


def temporary_graph(graph: str | None) -> str:
    """Return the temporary graph a batched push into `graph` (None: the default graph) fills:
    one name per graph, so that the next push finds a stale one.

    >>> temporary_graph("https://w3id.org/survkg/graph")
    'urn:survkg:push-temporary:https%3A%2F%2Fw3id.org%2Fsurvkg%2Fgraph'
    >>> temporary_graph(None)
    'urn:survkg:push-temporary:default'
    """
    return "urn:survkg:push-temporary:" + (quote(graph, safe="") if graph else "default")


def replace_in_batches(endpoint: Endpoint, found: Engine, data: bytes, sent: int, via: str,
                        progress: Progress | None) -> str:
    """Fill a temporary graph in batches, check its count, move it onto the graph in one
    update; drop it on any failure. Return how it went, for the summary."""
    tmp = temporary_graph(endpoint.graph)
    target = f"GRAPH <{endpoint.graph}>" if endpoint.graph else "DEFAULT"
    if sent == 0:  # nothing to move: emptying the graph is one request
        _update(endpoint, found, f"DROP SILENT {target}".encode())
        return "SPARQL update"
    _update(endpoint, found, f"DROP SILENT GRAPH <{tmp}>".encode())  # a stale one, if any
    done = count = 0
    try:
        limits = ((UPDATE_BATCH_TRIPLES, 1 << 62) if via == "update"
                  else (1 << 62, STORE_BATCH_BYTES))
        for text, triples in batches(data, *limits):
            if via == "update":
                _update(endpoint, found, f"INSERT DATA {{ GRAPH <{tmp}> {{\n".encode()
                        + text + b"} }\n")
            else:
                _post(endpoint, found, tmp, text)
            done, count = done + triples, count + 1
            if progress is not None:
                progress(f"batch {count}", done, sent)
        held = RemoteGraph(Endpoint(endpoint.url, endpoint.timeout, tmp),
                           probe=False).count_triples()
        if held != sent:
            raise endpoint.fail(f"the temporary graph <{tmp}> holds {held:,} of the {sent:,} "
                                f"triples sent: the graph is left as it was")
        _update(endpoint, found, f"MOVE GRAPH <{tmp}> TO {target}".encode())
    except BaseException:
        try:  # the graph is as it was; the temporary one goes (or the next push drops it)
            _update(endpoint, found, f"DROP SILENT GRAPH <{tmp}>".encode())
        except KGError:
            pass
        raise
    what = "SPARQL update" if via == "update" else "graph store POST"
    return f"{what} in {count:,} batch{'es' if count != 1 else ''}, then MOVE"


def _refused(endpoint: Endpoint, found: Engine, status: int, body: bytes) -> KGError:
    """Return the error for a refused write, with what to do on Virtuoso."""
    if found.name == "Virtuoso" and (status in (401, 403) or b"SECURITY" in body):
        host = urlsplit(endpoint.url).hostname
        if auth.credentials(endpoint.url) is None:
            return endpoint.fail(
                f"HTTP {status}: Virtuoso refused an anonymous write: set "
                f"{auth.USER_ENV} and {auth.PASSWORD_ENV} (a Virtuoso user with the "
                f"SPARQL_UPDATE role, e.g. dba) or a ~/.netrc entry for {host}")
        if status != 401:  # Virtuoso's words up to the query it quotes back
            said = " ".join(body.decode("utf-8", "replace").split("SPARQL query:")[0].split())
            return endpoint.fail(
                f"HTTP {status}: Virtuoso refused the write of user {_user(endpoint)!r}: "
                f"it needs the SPARQL_UPDATE role ({said[:160]})")
    return http_error(endpoint, status, body)


def _user(endpoint: Endpoint) -> str:
    """Return the user name the endpoint's credentials give (never the password)."""
    found = auth.credentials(endpoint.url)
    return found.user if found else ""


def _update(endpoint: Endpoint, found: Engine, text: bytes) -> None:
    # N-Triples lines are valid triples inside INSERT DATA; the IRIs were checked by Endpoint.
    status, _, answer = request(endpoint, "POST", found.update, text,
                                {"Content-Type": "application/sparql-update"})
    if status >= 300:
        raise _refused(endpoint, found, status, answer)


def _post(endpoint: Endpoint, found: Engine, graph: str, text: bytes) -> None:
    parts = urlsplit(found.store)
    query = "&".join(q for q in (parts.query, f"graph={quote(graph, safe='')}") if q)
    status, _, answer = request(endpoint, "POST", urlunsplit(parts._replace(query=query)), text,
                                {"Content-Type": "application/n-triples"})
    if status >= 300:
        raise _refused(endpoint, found, status, answer)


class _Chunks:
    """A body sent in chunks, reporting each as it goes out; iterable again (so that a
    request answered 401 can be sent again with credentials)."""

    def __init__(self, data: bytes, step: str, progress: Progress):
        self.data, self.step, self.progress = data, step, progress

    def __iter__(self) -> Iterator[bytes]:
        for start in range(0, len(self.data), CHUNK):
            yield self.data[start:start + CHUNK]
            self.progress(self.step, min(start + CHUNK, len(self.data)), len(self.data))


def _put(endpoint: Endpoint, url: str, data: bytes, progress: Progress | None = None
         ) -> tuple[int, bytes]:
    target = f"graph={quote(endpoint.graph, safe='')}" if endpoint.graph else "default"
    parts = urlsplit(url)
    query = "&".join(q for q in (parts.query, target) if q)
    headers = {"Content-Type": "application/n-triples"}
    body: object = data
    if progress is not None:  # Content-Length set, so that it is not sent chunked
        headers["Content-Length"] = str(len(data))
        body = _Chunks(data, "graph store PUT", progress)
    status, _, answer = request(endpoint, "PUT", urlunsplit(parts._replace(query=query)), body,
                                headers)
    return status, answer
