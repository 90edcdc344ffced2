"""The SPARQL 1.1 protocol, spoken to a remote endpoint with the standard library.

Our own small client rather than rdflib's SPARQLStore so that every failure (refused, past the
deadline, an HTTP error, a body that is not SPARQL results) becomes one `KGError` line that names
the endpoint, so that `timeout` bounds the whole exchange, not each socket read, and so that an
answer is read as it arrives into one buffer and refused once it is over $KG_MAX_ANSWER_MB
megabytes (default 100: the shipped graph as N-Triples, the largest answer asked, is 30 MB).
A server that answers (say 403 to a write) and closes before reading all of a request is heard:
its answer is read, not the broken pipe reported. An answer's JSON is made rdflib terms (each
distinct term once), so literal datatypes and languages round-trip. Reading an answer whole,
however the server caps it, is kg.sparql.remote's.
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
from dataclasses import dataclass
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
        raise too_big(endpoint, f"its {int(declared):,} bytes")
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
            raise too_big(endpoint, f"over {limit:,} bytes")
        body.write(chunk)
    return body.getvalue()  # the buffer itself, not a copy, when nothing else holds it


def too_big(endpoint: Endpoint, size: str) -> KGError:
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


