"""A SPARQL endpoint that cuts its answers, as Virtuoso, hosted endpoints and proxies do.

It answers from a real Oxigraph store (the build's N-Triples), then keeps only the first `cap`
rows of every SELECT answer and the first `cap` triples of every CONSTRUCT, with status 200.
`announce` says the cap in Virtuoso's `X-SPARQL-MaxRows` header; without it the cut is silent.
`refuse_pages` answers 400 to a query that slices a sub-select, as a server with no sub-selects
would; `short_pages` cuts such a page one row shorter than the cap; `partial` marks every answer
partial as Virtuoso's anytime queries do (X-SQL-State): the client can then only refuse. Every
query it was sent is kept in `queries`.
"""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pyoxigraph as ox


class CappedEndpoint:
    def __init__(self, nt_file: Path, cap: int, announce: bool = True,
                 refuse_pages: bool = False, short_pages: bool = False, partial: bool = False):
        self.store = ox.Store()
        self.store.load(path=str(nt_file), format=ox.RdfFormat.N_TRIPLES)
        self.cap, self.announce, self.refuse_pages = cap, announce, refuse_pages
        self.short_pages, self.partial = short_pages, partial
        self.queries: list[str] = []
        self.cut = 0  # answers it cut
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet: the test output is the client's
                pass

            def do_POST(self):  # noqa: N802 - the http.server protocol
                length = int(self.headers.get("Content-Length") or 0)
                fields = parse_qs(self.rfile.read(length).decode("utf-8"))
                status, ctype, body, headers = endpoint.answer(fields["query"][0],
                                                               self.headers.get("Accept", ""))
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/sparql"

    def answer(self, query: str, accept: str) -> tuple[int, str, bytes, dict]:
        self.queries.append(query)
        if self.refuse_pages and "OFFSET" in query:
            return 400, "text/plain", b"sub-selects are not supported here", {}
        headers = {"X-SPARQL-MaxRows": str(self.cap)} if self.announce else {}
        if self.partial:  # Virtuoso's anytime query: what it found before its time ran out
            headers.update({"X-SQL-State": "S1TAT", "X-SQL-Message": "RC...: Returning "
                            "incomplete results, query interrupted by result timeout."})
        cap = self.cap - 1 if self.short_pages and "OFFSET" in query else self.cap
        try:
            result = self.store.query(query)
        except (SyntaxError, ValueError, OSError) as exc:
            return 400, "text/plain", str(exc).encode(), {}
        if isinstance(result, ox.QueryTriples):
            lines = result.serialize(format=ox.RdfFormat.N_TRIPLES).splitlines(keepends=True)
            self.cut += len(lines) > cap
            return 200, "application/n-triples", b"".join(lines[:cap]), headers
        data = json.loads(result.serialize(format=ox.QueryResultsFormat.JSON))
        rows = data.get("results", {}).get("bindings")
        if rows is not None and len(rows) > cap:
            self.cut += 1
            data["results"]["bindings"] = rows[:cap]
        return 200, "application/sparql-results+json", json.dumps(data).encode(), headers

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
