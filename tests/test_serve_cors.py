"""`kg serve` for browsers and tools elsewhere: CORS, OPTIONS, HEAD, the service description."""
from __future__ import annotations

import http.client
import http.server
import threading
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, VOID, XSD

from kg.graph.sparql_text import MAX_NESTING
from kg.graph.store import STORE_DIR
from kg.schema.vocab import SK
from kg.sparql.cors import MAX_AGE
from kg.sparql.serve import MAX_BODY, make_server
from kg.sparql.serve_workers import MAX_RESULT_BYTES, MEMORY_MB
from remote_support import build_fixture
from test_serve import COUNT, call, expected

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
YASGUI = "https://yasgui.example"
ASK = "/query?query=ASK%7B%7D"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_fixture(tmp_path_factory.mktemp("serve-cors"))


def serving(built, **options):
    served = make_server(built, port=0, timeout=30, workers=2, **options)
    threading.Thread(target=served.serve_forever, daemon=True).start()
    return served


@pytest.fixture(scope="module")
def plain(built):
    """A server started without --cors or --allow-federation."""
    served = serving(built)
    yield served
    served.shutdown()
    served.close()


@pytest.fixture(scope="module")
def open_to(built):
    """A server whose answers pages from YASGUI and from http://localhost:8080 may read."""
    served = serving(built, cors=[YASGUI, "http://localhost:8080"])
    yield served
    served.shutdown()
    served.close()


def request(server, method: str, target: str, headers: dict | None = None, body=None):
    """Return (status, headers as a dict of lower-case names, body) of one request."""
    conn = http.client.HTTPConnection(*server.server_address[:2], timeout=60)
    try:
        conn.request(method, target, body, headers or {})
        response = conn.getresponse()
        return (response.status, {k.lower(): v for k, v in response.getheaders()},
                response.read())
    finally:
        conn.close()


def cors_headers(headers: dict) -> dict:
    return {k: v for k, v in headers.items() if k.startswith("access-control-")}


# --- CORS ------------------------------------------------------------------------------------

PREFLIGHT = {"Access-Control-Request-Method": "POST",
             "Access-Control-Request-Headers": "content-type"}


def test_without_cors_no_response_carries_a_cors_header(plain):
    for method, target, headers in [
        ("GET", ASK, {"Origin": YASGUI}),
        ("POST", "/query", {"Origin": YASGUI, "Content-Type": "application/sparql-query"}),
        ("OPTIONS", "/query", {"Origin": YASGUI, **PREFLIGHT}),
        ("GET", "/query?query=nonsense", {"Origin": YASGUI}),
    ]:
        status, headers, _ = request(plain, method, target, headers,
                                     b"ASK {}" if method == "POST" else None)
        assert status in (200, 204, 400)
        assert cors_headers(headers) == {} and "vary" not in headers


def test_an_allowed_origin_may_read_answers_and_errors(open_to, built):
    for origin in (YASGUI, "HTTP://LOCALHOST:8080"):
        status, headers, body = request(open_to, "GET", ASK, {"Origin": origin})
        assert status == 200
        assert cors_headers(headers) == {"access-control-allow-origin": origin.lower()}
        assert headers["vary"] == "Origin"
    status, headers, body = request(open_to, "POST", "/query", {
        "Origin": YASGUI, "Content-Type": "application/sparql-query", "Accept": "text/csv"},
        COUNT.encode())
    assert (status, body) == (200, expected(built, COUNT))
    assert headers["access-control-allow-origin"] == YASGUI
    status, headers, body = request(open_to, "GET", "/query?query=nonsense", {"Origin": YASGUI})
    assert status == 400 and headers["access-control-allow-origin"] == YASGUI  # readable why


def test_the_preflight_of_an_allowed_origin(open_to):
    status, headers, body = request(open_to, "OPTIONS", "/query", {"Origin": YASGUI, **PREFLIGHT})
    assert (status, body) == (204, b"")
    assert "content-length" not in headers and headers["allow"] == "GET, POST, HEAD, OPTIONS"
    assert cors_headers(headers) == {
        "access-control-allow-origin": YASGUI,
        "access-control-allow-methods": "GET, POST, HEAD, OPTIONS",
        "access-control-allow-headers": "Content-Type, Accept",
        "access-control-max-age": str(MAX_AGE)}
    # Chromium asks a public page's call to a loopback server first (Private Network Access).
    status, headers, _ = request(open_to, "OPTIONS", "/query", {
        "Origin": YASGUI, "Access-Control-Request-Private-Network": "true", **PREFLIGHT})
    assert headers["access-control-allow-private-network"] == "true"


@pytest.mark.parametrize("origin", ["https://evil.example", "https://yasgui.example.evil.example",
                                    "http://yasgui.example", "https://yasgui.example:444", "null"])
def test_an_origin_not_listed_gets_no_cors_header(open_to, origin):
    for method, headers in (("GET", {"Origin": origin}),
                            ("OPTIONS", {"Origin": origin, **PREFLIGHT})):
        status, got, _ = request(open_to, method, ASK if method == "GET" else "/query", headers)
        assert status in (200, 204)
        assert cors_headers(got) == {}


def test_cors_star_lets_every_origin_read(built):
    served = serving(built, cors=["*"])
    try:
        status, headers, _ = request(served, "GET", ASK, {"Origin": "https://any.example"})
        assert (status, cors_headers(headers)) == (200, {"access-control-allow-origin": "*"})
        assert "vary" not in headers
    finally:
        served.shutdown()
        served.close()


def test_options_elsewhere_is_404(plain):
    assert request(plain, "OPTIONS", "/nowhere")[0] == 404


# --- HEAD ------------------------------------------------------------------------------------

@pytest.mark.parametrize("target", [ASK, "/query", "/"])
def test_head_gives_the_headers_of_get_and_no_body(plain, target):
    got = request(plain, "GET", target, {"Accept": "text/csv" if target == ASK else "*/*"})
    head = request(plain, "HEAD", target, {"Accept": "text/csv" if target == ASK else "*/*"})
    assert head[0] == got[0] == 200 and head[2] == b""
    assert head[1]["content-type"] == got[1]["content-type"]
    assert head[1]["content-length"] == got[1]["content-length"] == str(len(got[2]))


def test_a_keep_alive_connection_goes_on_after_head(plain, built):
    conn = http.client.HTTPConnection(*plain.server_address[:2], timeout=60)
    try:
        conn.request("HEAD", ASK, headers={"Accept": "text/csv"})
        first = conn.getresponse()
        assert first.status == 200 and first.read() == b""
        conn.request("GET", "/query?" + urlencode({"query": COUNT}),
                     headers={"Accept": "text/csv"})
        assert conn.getresponse().read() == expected(built, COUNT)
    finally:
        conn.close()


# --- the service description -----------------------------------------------------------------

def description(server, accept="text/turtle", fmt="turtle") -> tuple[str, Graph]:
    status, ctype, body = call(server.url, query=None, accept=accept)
    assert status == 200, body
    graph = Graph()
    graph.parse(data=body, format=fmt)
    return ctype, graph


def triples_in(build: Path) -> int:
    return len(ox.Store.read_only(str(build / STORE_DIR)))


def test_the_service_description_says_what_the_endpoint_does(plain, built):
    ctype, graph = description(plain)
    assert ctype == "text/turtle; charset=utf-8"
    (service,) = graph.subjects(RDF.type, SD.Service)
    assert set(graph.objects(service, SD.endpoint)) == {URIRef(plain.url)}
    assert set(graph.objects(service, SD.supportedLanguage)) == {SD.SPARQL11Query}  # no Update
    assert list(graph.objects(service, SD.feature)) == []  # no federation
    formats = {str(f).rsplit("/", 1)[1] for f in graph.objects(service, SD.resultFormat)}
    assert formats == {"SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                       "SPARQL_Results_TSV", "N-Triples", "Turtle", "RDF_XML", "JSON-LD"}
    (dataset,) = graph.objects(service, SD.defaultDataset)
    (default,) = graph.objects(dataset, SD.defaultGraph)
    assert graph.value(default, VOID.triples) == Literal(triples_in(built), datatype=XSD.integer)
    assert expected(built, COUNT).split()[1] == str(triples_in(built)).encode()
    limits = {p: graph.value(service, p).toPython() for p in (
        SK.queryTimeoutSeconds, SK.queryMemoryMebibytes, SK.maxAnswerBytes,
        SK.maxRequestBodyBytes, SK.maxQueryNesting)}
    assert limits == {SK.queryTimeoutSeconds: 30, SK.queryMemoryMebibytes: MEMORY_MB,
                      SK.maxAnswerBytes: MAX_RESULT_BYTES, SK.maxRequestBodyBytes: MAX_BODY,
                      SK.maxQueryNesting: MAX_NESTING}
    # Every term it uses is defined: the SD vocabulary's, VoID's and the ontology's.
    assert {p for p in graph.predicates() if str(p).startswith(str(SK))} == set(limits)


@pytest.mark.parametrize("accept, fmt", [("application/n-triples", "nt"),
                                         ("application/rdf+xml", "xml"),
                                         ("application/ld+json", "json-ld"),
                                         ("*/*", "turtle"),
                                         ("text/html,application/xhtml+xml,*/*;q=0.8", "turtle")])
def test_the_service_description_by_accept_header(plain, accept, fmt):
    ctype, graph = description(plain, accept, fmt)
    assert ctype.split(";")[0] == (accept if "/*" not in accept else "text/turtle")
    assert isomorphic(graph, description(plain)[1])


def test_the_service_description_refuses_a_type_it_cannot_write(plain):
    status, _, body = call(plain.url, query=None, accept="image/png")
    assert status == 406 and body.startswith(b"cannot answer as image/png")


def test_the_service_description_says_federation_and_limits_as_set(built):
    served = serving(built, allow_federation=["sparql.example.org"], max_body=1000,
                     max_answer=5 << 20, memory_mb=256)
    try:
        _, graph = description(served)
        (service,) = graph.subjects(RDF.type, SD.Service)
        assert set(graph.objects(service, SD.feature)) == {SD.BasicFederatedQuery}
        assert graph.value(service, SK.maxRequestBodyBytes).toPython() == 1000
        assert graph.value(service, SK.maxAnswerBytes).toPython() == 5 << 20
        assert graph.value(service, SK.queryMemoryMebibytes).toPython() == 256
    finally:
        served.shutdown()
        served.close()


def test_the_service_description_of_the_shipped_build(shipped_build):
    served = serving(shipped_build)
    try:
        _, graph = description(served)
        (counted,) = [o.toPython() for o in graph.objects(None, VOID.triples)]
        assert counted == triples_in(shipped_build) > 10_000
        print(f"\nshipped build: void:triples {counted:,}")
    finally:
        served.shutdown()
        served.close()


# --- a browser on another origin -------------------------------------------------------------

PAGE = """<!doctype html><meta charset="utf-8"><title>query</title><script>
const endpoint = new URLSearchParams(location.search).get("endpoint");
const query = "SELECT ?label WHERE { <https://w3id.org/survkg/id/org/acme> " +
              "<http://www.w3.org/2000/01/rdf-schema#label> ?label }";
async function ask(init, url) {
  try {
    const response = await fetch(url || endpoint, init);
    const json = await response.json();
    return json.results.bindings.map(b => b.label.value).join("|");
  } catch (error) { return "failed: " + error.name; }
}
(async () => {
  const accept = {"Accept": "application/sparql-results+json"};
  window.answers = [
    await ask({headers: accept}, endpoint + "?query=" + encodeURIComponent(query)),
    // application/sparql-query is not a simple content type: the browser sends a preflight.
    await ask({method: "POST", headers: {...accept, "Content-Type": "application/sparql-query"},
               body: query}),
  ];
})();
</script>"""


@pytest.fixture(scope="module")
def page_origin():
    """An origin of its own (another port) serving PAGE, as a query editor would be."""
    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = PAGE.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_page_on_another_origin_queries_only_with_cors(built, plain, page_origin):
    from chromium import Tab, missing, start

    if missing():
        pytest.skip(missing())
    allowed = serving(built, cors=[page_origin])
    driver = start()
    try:
        answers = {}
        for name, server in (("allowed", allowed), ("plain", plain)):
            tab = Tab(driver, f"{page_origin}/?endpoint={server.url}")
            tab.wait_for("window.answers")
            answers[name] = tab.evaluate("window.answers")
        assert answers == {"allowed": ["Acme Vision", "Acme Vision"],
                           "plain": ["failed: TypeError", "failed: TypeError"]}
    finally:
        driver.quit()
        allowed.shutdown()
        allowed.close()
