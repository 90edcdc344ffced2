"""A remote SPARQL 1.1 endpoint, spoken to over the SPARQL protocol with the standard library.

Our own small client rather than rdflib's SPARQLStore so that every failure (refused, past the
deadline, an HTTP error, a body that is not SPARQL results) becomes one `KGError` line that names
the endpoint, so that `timeout` bounds the whole exchange, not each socket read, and so that an
answer is read as it arrives into one buffer and refused once it is over $KG_MAX_ANSWER_MB
megabytes (default 100: the shipped graph as N-Triples, the largest answer asked, is 30 MB).
A server that answers (say 403 to a write) and closes before reading all of a request is heard:
its answer is read, not the broken pipe reported.

`RemoteGraph` has the one method `kg.graph.query.run` needs, `query(text, initNs=...)`: the
answer's JSON made rdflib terms (each distinct term once), so literal datatypes and languages
round-trip, and read whole or not at all: an answer the server may have cut at its row cap is
read again in pages (kg.sparql.paging). The named graph, when given, is sent as the protocol's
`default-graph-uri`: queries read it as their default graph, exactly what `kg push --graph`
wrote (and on Virtuoso, with none given, the graph `kg push` writes there: PROJECT_GRAPH).
"""
from __future__ import annotations

import http.client
import io
import json
import math
import os
import re
import socket
import ssl
import time
from dataclasses import dataclass, replace
from urllib.parse import urlencode, urlsplit

from rdflib.query import Result

from kg.errors import KGError
from kg.settings import MAX_ANSWER_MB
from kg.sparql import auth

RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
# What each answer may be labelled as; anything else is not an answer to our question.
_ACCEPTED = {RESULTS_JSON: ("application/sparql-results+json", "application/json"),
             N_TRIPLES: ("application/n-triples", "text/plain")}
_UNSAFE_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')  # what may not stand inside <...>
_SHOWN = 200  # characters of an error body quoted in the one-line message
ANSWER_LIMIT_ENV = "KG_MAX_ANSWER_MB"  # megabytes one answer may hold (named in `kg --help`)
_READ = 1 << 16  # bytes read at a time


def answer_limit() -> int:
    """Return the bytes one answer may hold: $KG_MAX_ANSWER_MB megabytes, else the default."""
    text = os.environ.get(ANSWER_LIMIT_ENV, "").strip()
    try:
        megabytes = float(text) if text else MAX_ANSWER_MB
    except ValueError:
        megabytes = math.nan
    if not (0 < megabytes < math.inf):
        raise KGError(f"{ANSWER_LIMIT_ENV}={text!r}: give a positive number of megabytes "
                      f"(default {MAX_ANSWER_MB:g})")
    return max(1, int(megabytes * 1_000_000))


@dataclass(frozen=True)
class Endpoint:
    """A SPARQL endpoint's URL, the seconds it may take, the graph read as default, and the
    bytes one answer may hold (None: $KG_MAX_ANSWER_MB, read when the endpoint is made)."""

    url: str
    timeout: float = 30.0
    graph: str | None = None
    max_bytes: int | None = None

    def __post_init__(self):
        parts = urlsplit(self.url)
        if parts.password is not None:  # it would show in `ps`, shell history and messages
            raise KGError(f"--endpoint: give the password in {auth.PASSWORD_ENV} (and the user "
                          f"in {auth.USER_ENV}) or ~/.netrc, not in the URL")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise KGError(f"endpoint {self.url!r}: not an http(s) URL "
                          f"(e.g. http://127.0.0.1:7878/query)")
        if self.graph is not None and (":" not in self.graph or _UNSAFE_IRI.search(self.graph)):
            raise KGError(f"--graph {self.graph!r}: not an absolute IRI "
                          f"(e.g. https://example.org/graph/survkg)")
        if self.timeout <= 0:
            raise KGError(f"--timeout {self.timeout}: give a positive number of seconds")
        if self.max_bytes is None:
            object.__setattr__(self, "max_bytes", answer_limit())

    def fail(self, what: str) -> KGError:
        return KGError(f"endpoint {self.url}: {what}")


def request(endpoint: Endpoint, method: str, url: str, body=None, headers=None,
            accept: tuple[str, ...] | None = None, deadline: float | None = None,
            seen: dict[str, str] | None = None, retried: bool = False
            ) -> tuple[int, str, bytes]:
    """Send one request; return (status, content type, body), all within the deadline.

    A 401 is answered once with credentials from the environment or netrc (kg.sparql.auth),
    when the body can be sent again (bytes, or an iterable that is not an iterator); a
    server that has challenged before gets the answer with the first request.

    `seen`, when given, receives the answer's headers (names in lower case): a row cap
    (X-SPARQL-MaxRows) or a partial answer (X-SQL-State) is said there, not in the body.

    `deadline` (a time.monotonic() value) bounds the whole exchange; without it each socket
    operation of the upload may take up to the endpoint's timeout (uploads that make progress
    go on) and the whole answer, from the upload's end, the timeout.
    """
    headers = dict(headers or {})
    if "Authorization" not in headers and (known := auth.known(url, method)) is not None:
        headers["Authorization"] = known
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    kwargs = {"context": ssl.create_default_context()} if parts.scheme == "https" else {}
    conn = cls(parts.hostname, parts.port, timeout=endpoint.timeout, **kwargs)

    def budget() -> float:
        if deadline is None:
            return endpoint.timeout
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        return left

    try:
        conn.timeout = budget()
        conn.connect()
        cut = None
        try:
            conn.request(method, path, body=body, headers=headers)
        except (BrokenPipeError, ConnectionResetError) as exc:
            # The server answered (e.g. 403 to a write) and closed before reading all we sent:
            # its answer already waits in our receive buffer, so read it rather than report
            # the broken pipe; only when there is none is the pipe the news.
            if conn.sock is None:
                raise
            cut = exc
        if deadline is None:  # the upload is over: its answer gets the timeout, all of it
            deadline = time.monotonic() + endpoint.timeout
        conn.sock.settimeout(budget())
        try:
            response = conn.getresponse()
        except (ConnectionError, http.client.HTTPException):
            if cut is not None:
                raise cut from None
            raise
        data = _read_capped(endpoint, conn, response, budget, cut is not None)
        if seen is not None:
            seen.update((name.lower(), value) for name, value in response.getheaders())
        ctype = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
        if not data.strip() and response.status >= 300:  # its status line is all it said
            data = (response.reason or "").encode("latin-1", "replace")
    except ConnectionRefusedError:
        raise endpoint.fail("connection refused (is the server running?)") from None
    except (TimeoutError, socket.timeout):
        raise endpoint.fail(f"no answer within {endpoint.timeout:g} s (--timeout)") from None
    except (ConnectionError, http.client.HTTPException) as exc:
        raise endpoint.fail(f"connection lost: {_reason(exc)}") from None
    except ssl.SSLError as exc:
        raise endpoint.fail(f"TLS error: {_reason(exc)}") from None
    except OSError as exc:  # DNS failures, unreachable networks
        raise endpoint.fail(_reason(exc)) from None
    finally:
        conn.close()
    if response.status == 401 and not retried and (
            body is None or isinstance(body, (bytes, str)) or iter(body) is not body):
        value = auth.answer(url, method, response.getheader("WWW-Authenticate") or "")
        if value is not None:  # the challenge answered once: a second 401 is the answer
            return request(endpoint, method, url, body, {**headers, "Authorization": value},
                           accept, deadline, seen, retried=True)
    if accept is not None and 200 <= response.status < 300 and ctype not in accept:
        raise endpoint.fail(f"answered {ctype or 'no content type'}, not "
                            f"{accept[0]}: is this a SPARQL endpoint?")
    return response.status, ctype, data


def _read_capped(endpoint: Endpoint, conn, response, budget, cut: bool) -> bytes:
    """Return the response's body, read as it arrives within the budget and refused (without
    reading on) once it is over the endpoint's size limit; one buffer, no second copy."""
    limit = endpoint.max_bytes
    declared = response.getheader("Content-Length") or ""
    if declared.strip().isdigit() and int(declared) > limit:
        raise _too_big(endpoint, f"its {int(declared):,} bytes")
    body = io.BytesIO()
    while True:
        if conn.sock is not None:
            conn.sock.settimeout(budget())
        try:
            chunk = response.read1(_READ)  # what has arrived: read() would wait for all
        except ConnectionError:
            if cut and body.tell():  # the answer to a request cut short: keep what came
                break
            raise
        if not chunk:
            break
        if body.tell() + len(chunk) > limit:
            raise _too_big(endpoint, f"over {limit:,} bytes")
        body.write(chunk)
    return body.getvalue()  # the buffer itself, not a copy, when nothing else holds it


def _too_big(endpoint: Endpoint, size: str) -> KGError:
    return endpoint.fail(f"the answer ({size}) is over the {endpoint.max_bytes / 1e6:g} MB "
                         f"limit ({ANSWER_LIMIT_ENV}): ask for less, or raise the limit")


def _reason(exc: BaseException) -> str:
    text = str(getattr(exc, "strerror", None) or exc) or type(exc).__name__
    return text.splitlines()[0]


def http_error(endpoint: Endpoint, status: int, data: bytes) -> KGError:
    """Return the one-line error for an HTTP error answer, quoting the start of its body."""
    text = data.decode("utf-8", "replace")
    if re.match(r"\s*<(!doctype|html)", text, re.IGNORECASE):  # an error page: its words
        text = re.sub(r"<(script|style|head)\b.*?</\1>|<[^>]*>", " ", text,
                      flags=re.IGNORECASE | re.DOTALL)
    text = " ".join(text.split())[:_SHOWN]
    if status == 401:  # what to do, in place of the server's page; never a password
        return endpoint.fail(f"HTTP 401: {auth.unauthorized(endpoint.url)}")
    if status == 403 and not text:
        text = "not allowed (a read-only endpoint, or a user who may not do this)"
    if status == 400:  # the protocol's answer to a malformed query
        return KGError(f"SPARQL syntax error: {text} (endpoint {endpoint.url})")
    return endpoint.fail(f"HTTP {status}" + (f": {text}" if text else ""))


def ask_endpoint(endpoint: Endpoint, query: str, accept: str = RESULTS_JSON,
                 seen: dict[str, str] | None = None) -> bytes:
    """POST a query (form-encoded, so long queries fit); return the answer's body.

    `seen`, when given, receives the answer's headers (see `request`)."""
    fields = [("query", query)] + ([("default-graph-uri", endpoint.graph)]
                                   if endpoint.graph else [])
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
    status, _, data = request(endpoint, "POST", endpoint.url, urlencode(fields).encode(),
                              headers, accept=_ACCEPTED[accept],
                              deadline=time.monotonic() + endpoint.timeout, seen=seen)
    if status >= 300:
        raise http_error(endpoint, status, data)
    _refuse_partial(endpoint, seen)
    return data


def _refuse_partial(endpoint: Endpoint, seen: dict[str, str] | None) -> None:
    """Raise when the headers say the answer is partial (Virtuoso's anytime queries: a query
    past its time budget is answered 200 with what was found so far and X-SQL-State S1TAT)."""
    state = (seen or {}).get("x-sql-state", "").strip()
    if state:
        message = " ".join((seen or {}).get("x-sql-message", "").split())[:_SHOWN]
        raise endpoint.fail(f"sent a partial answer (X-SQL-State {state}"
                            + (f": {message}" if message else "") + "): the query ran past "
                            "the server's time limit; raise it or ask for less")


def parse_results(data: bytes) -> Result:
    """Return SPARQL 1.1 JSON results as an rdflib Result, each distinct term made once.

    rdflib's own parser makes a new term for every cell: for an answer of 80,000 rows that
    took longer than the server took to send it.
    """
    from rdflib import BNode, Literal, URIRef, Variable

    answer = json.loads(data)
    if "boolean" in answer:
        result = Result("ASK")
        result.askAnswer = bool(answer["boolean"])
        return result
    made: dict[tuple, object] = {}

    def term(cell: dict):
        key = (cell["type"], cell["value"], cell.get("datatype"), cell.get("xml:lang"))
        found = made.get(key)
        if found is None:
            kind, value = key[0], key[1]
            if kind == "uri":
                found = URIRef(value)
            elif kind == "bnode":
                found = BNode(value)
            elif kind in ("literal", "typed-literal"):  # typed-literal: SPARQL 1.0 servers
                found = Literal(value, lang=key[3], datatype=key[2])
            else:
                raise ValueError(f"unknown term type {kind!r}")
            made[key] = found
        return found

    names = {name: Variable(name) for name in answer["head"]["vars"]}
    result = Result("SELECT")
    result.vars = list(names.values())
    result.bindings = [{names.get(name) or Variable(name): term(cell)
                        for name, cell in row.items()}
                       for row in answer["results"]["bindings"]]
    return result


def row_cap(seen: dict[str, str]) -> int | None:
    """Return the rows per answer the server says it sends at most, or None if it says nothing.

    >>> row_cap({"x-sparql-maxrows": "10000"}), row_cap({}), row_cap({"x-sparql-maxrows": "x"})
    (10000, None, None)
    """
    text = seen.get("x-sparql-maxrows", "").strip()
    return int(text) if text.isdigit() and int(text) > 0 else None


# The graph `kg push` writes on a server with no writable default graph (Virtuoso).
PROJECT_GRAPH = "https://w3id.org/survkg/graph"


class RemoteGraph:
    """What `kg.graph.query.run` needs of a graph, answered by a remote endpoint.

    Every SELECT answer is read whole or not at all (kg.sparql.paging): an answer the server
    may have cut (as many rows as its announced cap, or fewer than the query counts) is read
    again in pages, a few at a time (the server sorts the whole answer for each page); one
    that cannot be completed is an error, never a shorter answer.
    """

    PAGES_AT_ONCE = 2  # pages asked for at once: the server sorts each; more gained nothing here

    def __init__(self, endpoint: Endpoint, probe: bool = True):
        """`probe`: ask the server what it is before the first query (see `_probe`); kg push,
        which knows the server and names its graph itself, does not."""
        self.endpoint = endpoint
        self.cap: int | None = None  # rows per answer, once the server has said it
        self._probed = not probe

    def query(self, text: str, initNs: dict | None = None, **_ignored) -> Result:  # noqa: N803
        # The endpoint knows none of our prefixes: declare them in the text, on the query's
        # first line so that an error's line number is the user's. A query that declares one
        # itself wins (a later PREFIX redefines an earlier one).
        prologue = "".join(f"PREFIX {p}: <{iri}> " for p, iri in (initNs or {}).items())
        text = prologue + text
        self._probe()
        seen: dict[str, str] = {}
        result = self._parse(ask_endpoint(self.endpoint, text, seen=seen))
        if result.type != "SELECT" or not result.bindings:
            return result
        cap = row_cap(seen)
        if cap is not None:
            self.cap = cap
            if len(result.bindings) < cap:
                return result  # fewer rows than the server's cap: it cut nothing
        return self._whole(text, result, cap)

    def row_cap(self) -> int | None:
        """Return the rows the server sends per answer at most, if it says (asked once)."""
        self._probe()
        return self.cap

    def _probe(self) -> None:
        """Ask the server once what it is: the row cap it says, and on Virtuoso, when no graph
        is named, which graph to read.

        Virtuoso's default graph is the union of every graph it holds, its own system graphs
        among them (5,611 triples on a new database), and it has no writable default graph,
        so `kg push` writes to PROJECT_GRAPH there: that graph, when it holds anything, is
        what a reading command without --graph reads.
        """
        if self._probed:
            return
        self._probed = True
        seen: dict[str, str] = {}
        ask_endpoint(self.endpoint, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", seen=seen)
        self.cap = self.cap or row_cap(seen)
        if self.endpoint.graph is None and seen.get("server", "").startswith("Virtuoso"):
            project = replace(self.endpoint, graph=PROJECT_GRAPH)
            if self._parse(ask_endpoint(project, "ASK { ?s ?p ?o }")).askAnswer:
                self.endpoint = project

    def _parse(self, data: bytes) -> Result:
        try:
            return parse_results(data)
        except Exception:  # noqa: BLE001 - any parser failure means the same thing here
            raise self.endpoint.fail("the answer is not valid SPARQL JSON results") from None

    def _whole(self, text: str, first: Result, cap: int | None) -> Result:
        """Return the query's whole answer: `first` if it holds every row the query counts,
        else the rows read again in pages of at most the cap, or raise KGError."""
        from kg.sparql.paging import NotPageable, count_query

        got = len(first.bindings)
        try:
            expected = self._count(count_query(text))
        except NotPageable as exc:
            if cap is None:
                return first  # no cap said and no way to count: as sure as the server is
            raise self._cut(got, None, str(exc)) from None
        if got == expected:
            return first
        if got > expected:
            raise self.endpoint.fail(f"sent {got:,} rows for a query it counts {expected:,} "
                                     "rows: the answer cannot be trusted")
        return self._pages(text, first, min(cap or got, got), expected)

    def _pages(self, text: str, first: Result, size: int, expected: int) -> Result:
        """Return the query's `expected` rows read in pages of `size`, or raise KGError."""
        from concurrent.futures import ThreadPoolExecutor

        from kg.sparql.paging import NotPageable, page_query

        got = len(first.bindings)
        try:
            names = [str(v) for v in first.vars]
            texts = [page_query(text, names, size, offset)
                     for offset in range(0, expected, size)]
        except NotPageable as exc:
            raise self._cut(got, expected, str(exc)) from None
        spent = 0

        def fetch(page_text: str) -> bytes:
            return self._page(page_text, got, expected)

        rows: list[dict] = []
        with ThreadPoolExecutor(self.PAGES_AT_ONCE) as pool:
            for index, data in enumerate(pool.map(fetch, texts)):
                spent += len(data)
                if spent > self.endpoint.max_bytes:
                    raise _too_big(self.endpoint, f"over {self.endpoint.max_bytes:,} bytes "
                                                  f"in {index + 1} pages")
                page = self._parse(data)
                want = min(size, expected - index * size)
                if len(page.bindings) != want:  # the server cut a page too, or changed
                    raise self._cut(got, expected, f"page {index + 1} of {len(texts)} held "
                                                   f"{len(page.bindings):,} rows, not {want:,}")
                rows.extend(page.bindings)
        whole = Result("SELECT")
        whole.vars = first.vars  # the query's own order (a page's SELECT * may differ)
        whole.bindings = rows
        return whole

    def _page(self, text: str, got: int, expected: int, accept: str = RESULTS_JSON,
              what: str = "rows") -> bytes:
        """Return the answer to a page's query; its failure is said as the cut answer's."""
        try:
            return ask_endpoint(self.endpoint, text, accept=accept)
        except KGError as exc:  # the page, not the user's query, is what it refused
            reason = str(exc).replace(f" (endpoint {self.endpoint.url})", "")
            reason = reason.replace(f"endpoint {self.endpoint.url}: ", "")
            raise self._cut(got, expected, f"asked for the rest in pages, it answered "
                                           f"'{reason}'", what) from None

    def _cut(self, got: int, expected: int | None, why: str, what: str = "rows") -> KGError:
        total = f"of its {expected:,}" if expected is not None else "(its row cap)"
        return self.endpoint.fail(f"sent {got:,} {what} {total} and cut the rest; {why}: raise "
                                  "the server's result row limit (Virtuoso: ResultSetMaxRows)")

    def _count(self, text: str, what: str = "rows") -> int:
        rows = list(self._parse(ask_endpoint(self.endpoint, text)))
        value = str(rows[0][0]) if rows and rows[0] and rows[0][0] is not None else None
        # A proxy or a broken server may answer anything: say so in one line, never a traceback.
        if value is None or not value.strip().isdigit():
            shown = "nothing" if value is None else repr(value[:40])
            raise self.endpoint.fail(f"asked to count {what}, it answered {shown}, not a number")
        return int(value)

    def count_triples(self) -> int:
        """Return how many triples the graph holds, or raise KGError if the answer is no count."""
        self._probe()
        return self._count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "its triples")

    def triples_nt(self) -> bytes:
        """Return the whole (default or --graph) graph as N-Triples, read in pages when the
        server cuts it (CONSTRUCT answers carry no cap header: the count tells).

        A blank node is named afresh in every answer, so triples with blank nodes are never
        split across pages: they come in one answer of their own (an ontology's few), the
        others in pages.
        """
        from kg.sparql.paging import construct_page

        expected = self.count_triples()  # (which probes the server first)
        data = ask_endpoint(self.endpoint, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
                            accept=N_TRIPLES)
        got = _triples(data)
        if got >= expected or got == 0:
            return self._checked(data, got, expected)
        blank = self._page(construct_page(None, 0, blank=True), got, expected, N_TRIPLES,
                           "triples")
        pages, read, spent = [blank], _triples(blank), len(blank)
        if read >= got:  # as many as one answer holds: some may be cut, and cannot be paged
            raise self.endpoint.fail(f"sent {got:,} of its {expected:,} triples and at least "
                                     f"{read:,} have blank nodes, which cannot be read in "
                                     "pages: raise the server's result row limit")
        while read < expected:
            page = self._page(construct_page(got, read - _triples(blank)), got, expected,
                              N_TRIPLES, "triples")
            count = _triples(page)
            spent += len(page)
            if spent > self.endpoint.max_bytes:
                raise _too_big(self.endpoint, f"over {self.endpoint.max_bytes:,} bytes")
            if count == 0:
                break
            pages.append(page)
            read += count
            if count < got:
                break
        return self._checked(b"".join(p if p.endswith(b"\n") or not p else p + b"\n"
                                      for p in pages), read, expected)

    def _checked(self, data: bytes, got: int, expected: int) -> bytes:
        if got < expected:  # e.g. Virtuoso's ResultSetMaxRows cuts answers silently
            raise self.endpoint.fail(f"sent {got:,} of its {expected:,} triples: the server "
                                     f"truncates results (raise its result row limit)")
        return data


def _triples(data: bytes) -> int:
    """Return the triples in N-Triples text: its lines that are not blank or comments."""
    return sum(1 for line in data.splitlines() if line.strip() and not line.startswith(b"#"))
