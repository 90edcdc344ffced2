"""`kg query`, `kg stats`, `kg push` and `kg serve`: SPARQL over the build or an endpoint."""
from __future__ import annotations

import click

from kg.cli.base import backend_of, echo, cli, examples, fail_cleanly, format_option


@cli.command(epilog=examples(
    'kg query --list',
    'kg query deals-by-country -p country=Kenya',
    'kg query restrictions-by-vendor -p target=org/dahua --format csv',
    "kg query -e 'SELECT ?label WHERE { ?o a sk:Lender ; rdfs:label ?label }'"))
@click.argument("spec", required=False)
@click.option("-e", "--expression", help="A SPARQL query given on the command line.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query parameter (repeatable); an IRI may be written kind/id, or "
              "as a name (a label, alias or country).")
@click.option("--list", "list_only", is_flag=True, help="List the named queries.")
@format_option()
@click.option("--short", is_flag=True, help="csv, tsv: IRIs as kind/id or sk:term and literals "
              "as plain values, as in the table, a value a spreadsheet would run as a formula "
              "with a leading ' (default: SPARQL 1.1 CSV/TSV, full IRIs, values exact).")
@click.pass_obj
@fail_cleanly
def query(obj, spec, expression, params, list_only, fmt, short) -> None:
    """Run a named query, a .rq file, or -e SPARQL against the built graph."""
    from kg.backend import query_input, reading
    from kg.graph import query as q
    from kg.render import FORMATS

    if list_only:
        return echo("".join(line + "\n" for line in q.listing()))
    source = reading(obj)
    text, bindings = query_input(source, spec, expression, params)
    if short and fmt not in ("csv", "tsv"):
        raise click.UsageError("--short goes with --format csv or tsv (the table is short "
                               "already; JSON keeps full terms)")
    result = q.run(source.graph(), text, bindings)
    echo(FORMATS[fmt](result, short=True) if short else FORMATS[fmt](result))
    if fmt in ("csv", "tsv") and not short:
        from kg.render.tabular import formula_cells

        # W3C CSV/TSV keep values exact; --short defuses them (a leading ') for spreadsheets.
        if count := formula_cells(result):
            click.echo(f"note: {count:,} value(s) start with =, +, -, @, a tab or CR: a "
                       "spreadsheet would run them as formulas; --short writes them as text",
                       err=True)


@cli.command(epilog=examples(
    'kg stats',
    'kg stats --format json --build-dir /tmp/survkg-build'))
@format_option(choices=("table", "json"))
@click.pass_obj
@fail_cleanly
def stats(obj, fmt) -> None:
    """Count entities by class, claims by kind and claims by source."""
    from kg.graph.stats import stats as compute
    from kg.render.stats import render

    echo(render(compute(backend_of(obj).graph()), fmt))


@cli.command(epilog=examples(
    'kg push --endpoint http://127.0.0.1:7878/query',
    'kg push --endpoint http://127.0.0.1:7878/query --graph https://example.org/graph/survkg',
    'kg push --endpoint http://127.0.0.1:8890/sparql'))
@click.pass_obj
@fail_cleanly
def push(obj) -> None:
    """Replace the endpoint's graph (default or --graph IRI) with the build's, all or nothing.

    Oxigraph and Fuseki take one Graph Store PUT; Virtuoso (and endpoints without a Graph
    Store) get bounded batches into a temporary graph, then one MOVE. Virtuoso has no writable
    default graph: without --graph the push goes to https://w3id.org/survkg/graph. Credentials:
    $KG_ENDPOINT_USER and $KG_ENDPOINT_PASSWORD, else the host's ~/.netrc entry (never options).
    """
    from kg.sparql.push import push as run_push
    from kg.render.progress import bar

    with bar("kg push") as progress:  # the upload, on stderr, only when it is a terminal
        summary = run_push(obj.build, obj.endpoint, obj.timeout, obj.graph, progress=progress)
    click.echo(str(summary))


@cli.command(epilog=examples(
    'kg serve',
    'kg serve --port 0 --timeout 10',
    'kg serve --memory 512',
    'kg serve --cors https://yasgui.example --allow-federation sparql.example.org'))
@click.option("--bind", default="127.0.0.1", show_default=True, help="Warns if not loopback.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535),
              help="0: any free port.")
@click.option("--timeout", "seconds", default=30.0, show_default=True,
              type=click.FloatRange(min=0, min_open=True), help="Seconds a query may run.")
@click.option("--memory", "memory_mb", default=1024, show_default=True, metavar="MB",
              type=click.IntRange(min=16), help="Memory a query may take (over it: 503).")
@click.option("--max-body", "body_mib", default=1, show_default=True, metavar="MiB",
              type=click.IntRange(min=1), help="Largest request body (over it: 413).")
@click.option("--max-answer", "answer_mib", default=64, show_default=True, metavar="MiB",
              type=click.IntRange(min=1), help="Largest answer (over it: 503).")
@click.option("--allow-federation", "hosts", multiple=True, metavar="HOST[,HOST...]",
              help="Hosts (HOST or HOST:PORT, exact, no DNS) a SERVICE clause may call "
              "(repeatable; default: SERVICE refused).")
@click.option("--cors", "origins", multiple=True, metavar="ORIGIN",
              help="An origin (https://host[:port], or *) whose web pages may read the "
              "answers (repeatable; default: none).")
@click.pass_obj
@fail_cleanly
def serve(obj, bind, port, seconds, memory_mb, body_mib, answer_mib, hosts, origins) -> None:
    """Serve the built graph as a read-only SPARQL endpoint until Ctrl-C.

    \b
    GET /query with no query: its SPARQL 1.1 service description (Turtle,
    N-Triples, RDF/XML or JSON-LD by Accept); OPTIONS and HEAD answered.
    \b
    Limits (the defaults; over one: an HTTP error with a one-line reason):
      a query: 30 s (--timeout; 503), 1024 MB of memory (--memory; 503)
      its answer: at most 64 MiB (--max-answer; 503, never cut short)
      a request body: at most 1 MiB (--max-body; 413), received within 30 s (408)
      request line and headers within 10 s (408); the line at most 65,536 bytes
      (414: a long query goes by POST), at most 100 header lines of at most
      65,536 bytes (431)
      brackets nested at most 100 deep (400)
      no federation: a query naming SERVICE is refused (400), unless every
      SERVICE names a host --allow-federation lists (then it runs in workers
      kept apart for it; the other workers have no network)
      Host header: a loopback name or the bound address and port (421)
      open connections: 32 from one address (429), 64 in all (past them the one idle
      longest is closed to make room; 503 if none is idle)
      CORS: no Access-Control-* header unless --cors names the page's origin
    """
    from kg.sparql.serve import make_server, serve_until_stopped

    server = make_server(obj.build, bind, port, seconds, memory_mb=memory_mb,
                         allow_federation=hosts, cors=origins, max_body=body_mib << 20,
                         max_answer=answer_mib << 20)
    serve_until_stopped(server, click.echo)
