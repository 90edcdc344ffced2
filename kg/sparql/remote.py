"""A remote SPARQL 1.1 endpoint read as a graph: every answer whole, or an error.

`RemoteGraph` has the one method `kg.graph.query.run` needs, `query(text, initNs=...)`, over the
protocol exchange of kg.sparql.protocol: an answer the server may have cut at its row cap is
read again in pages (kg.sparql.paging), and the whole graph (exports, the projection) comes in
CONSTRUCT pages, counted. The named graph, when given, is sent as the protocol's
`default-graph-uri`: queries read it as their default graph, exactly what `kg push --graph`
wrote (and on Virtuoso, with none given, the graph `kg push` writes there: PROJECT_GRAPH).
"""
from __future__ import annotations

from dataclasses import replace

from rdflib.query import Result

from kg.errors import KGError
from kg.sparql.protocol import (N_TRIPLES, RESULTS_JSON, Endpoint, ask_endpoint, parse_results,
                                row_cap, too_big)


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
                    raise too_big(self.endpoint, f"over {self.endpoint.max_bytes:,} bytes "
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
                raise too_big(self.endpoint, f"over {self.endpoint.max_bytes:,} bytes")
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
