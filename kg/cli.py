"""The `kg` command line: parse options, call one library function, print the result.

The only module that imports click. A KGError becomes `Error: <path:line: message>` on
stderr and exit code 1, or 2 for a name or question the graph cannot map (its `exit_code`:
not in the graph, ambiguous, not understood); nothing else prints a traceback for a user's
mistake.
"""
from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

from kg import settings
from kg.errors import KGError, KGErrors
from kg.render import FORMATS

_echo = functools.partial(click.echo, nl=False)  # renderers end their own lines


def fail_cleanly(func):
    """Turn KGError into one line per problem and exit with its code (1, or 2 for names)."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except KGError as err:
            for one in err.errors if isinstance(err, KGErrors) else [err]:
                click.echo(f"Error: {one}", err=True)
            raise SystemExit(err.exit_code)
    return wrapper


def format_option(choices=tuple(FORMATS), default="table"):
    return click.option("--format", "fmt", type=click.Choice(choices), default=default,
                        show_default=True, help="Output format.")


def remote_options(func):  # on the group (every reader) and on `kg push` itself
    func = click.option("--graph", envvar="KG_GRAPH", metavar="IRI", help="Named graph.")(func)
    return click.option("--endpoint", envvar="KG_ENDPOINT", metavar="URL", help="Read (or push "
                        "to) a SPARQL endpoint, e.g. http://127.0.0.1:7878/query.")(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--data", "data_dir", default=settings.DATA_DIR, show_default=True,
              envvar="KG_DATA", help="Folder of curated and imported records.")
@click.option("--build-dir", default=settings.BUILD_DIR, show_default=True, envvar="KG_BUILD",
              help="Folder of the built graph and store.")
@remote_options
@click.option("--timeout", default=30.0, envvar="KG_TIMEOUT", show_default=True,
              type=click.FloatRange(min=0, min_open=True), help="Seconds an endpoint may take.")
@click.version_option(package_name="survkg")
@click.pass_context
def cli(ctx: click.Context, data_dir: str, build_dir: str, **remote) -> None:
    """survkg: a sourced knowledge graph of the surveillance-technology supply chain."""
    ctx.obj = {"data": data_dir, "build": build_dir, **remote}


@cli.command()
@click.option("--no-shacl", is_flag=True, help="Skip SHACL validation (faster; records are still checked).")
@click.pass_obj
@fail_cleanly
def build(obj, no_shacl: bool) -> None:
    """Validate the records and build the graph, its files and the store."""
    from kg.build import build as run_build

    click.echo(str(run_build(obj["data"], obj["build"], shacl=not no_shacl)))


@cli.command()
@click.pass_obj
def check(obj) -> None:
    """Report every record error and SHACL violation, one line each."""
    from kg.graph.checks import run_checks

    report = run_checks(obj["data"])
    click.echo("".join(line + "\n" for line in report.problems) + report.summary())
    raise SystemExit(1 if report.problems else 0)


@cli.command()
@click.argument("spec", required=False)
@click.option("-e", "--expression", help="A SPARQL query given on the command line.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query parameter (repeatable); IRIs may be written kind/id.")
@click.option("--list", "list_only", is_flag=True, help="List the named queries.")
@format_option()
@click.pass_obj
@fail_cleanly
def query(obj, spec, expression, params, list_only, fmt) -> None:
    """Run a named query, a .rq file, or -e SPARQL against the built graph."""
    from kg.graph import query as q

    if list_only:
        return _echo("".join(line + "\n" for line in q.listing()))
    text, bindings = q.prepare(spec, expression, params)
    _echo(FORMATS[fmt](q.run(_backend(obj).graph(), text, bindings)))


@cli.command()
@format_option(choices=("table", "json"))
@click.pass_obj
@fail_cleanly
def stats(obj, fmt) -> None:
    """Count entities by class, claims by kind and claims by source."""
    from kg.graph.stats import stats as compute
    from kg.render.stats import render

    _echo(render(compute(_backend(obj).graph()), fmt))


@cli.command(name="import")
@click.argument("dataset")
@click.argument("upstream", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
@fail_cleanly
def import_(obj, dataset: str, upstream: Path) -> None:
    """Import an upstream DATASET file into records under data/imported/."""
    from kg.importers import run_import

    click.echo("\n".join(run_import(dataset, upstream, obj["data"]).lines()))


ANSWER_CHOICES = ("table", "json", "csv")
KINDS = "supply, financing, membership, restriction, proposal, ownership, standards, home."


def _answer(answer, fmt: str, explain: bool = False) -> None:
    from kg.render.answers import ANSWER_FORMATS

    _echo(ANSWER_FORMATS[fmt](answer, explain=explain))


def _backend(obj):  # the store of --build-dir, or --endpoint: see kg/backend.py
    from kg.backend import backend

    return backend(obj["build"], obj["endpoint"], obj["timeout"], obj["graph"])


@cli.command()
@click.argument("source")
@click.argument("target")
@click.option("--max-paths", "-k", default=3, show_default=True, type=click.IntRange(1, 100),
              help="How many paths, shortest first.")
@click.option("--kinds", help="Relation kinds to follow, comma-separated: " + KINDS)
@click.option("--via-hubs", is_flag=True, help="Allow paths through countries and large groups.")
@click.option("--max-hops", default=8, show_default=True, type=click.IntRange(1, 20))
@format_option(choices=ANSWER_CHOICES)
@click.pass_obj
@fail_cleanly
def path(obj, source, target, max_paths, kinds, via_hubs, max_hops, fmt) -> None:
    """Paths from SOURCE to TARGET (names or aliases), every hop with its evidence."""
    from kg.analysis.paths import paths

    kinds = [k.strip() for k in kinds.split(",")] if kinds else None
    net = _backend(obj).network()
    _answer(paths(net, source, target, max_paths, kinds, via_hubs, max_hops), fmt)


@cli.command()
@click.option("--to", "group", required=True,
              help="An initiative (BRI), a category (closed autocracies), or a country.")
@click.option("--restricted", is_flag=True, help="Only vendors under a restriction.")
@click.option("--as-of", help="A date (YYYY[-MM[-DD]]): memberships and claims held then; "
              "undated ones, or ones only recorded at another time, are listed apart.")
@format_option(choices=ANSWER_CHOICES)
@click.pass_obj
@fail_cleanly
def suppliers(obj, group, restricted, as_of, fmt) -> None:
    """Vendors supplying a group's members or one country, with country counts and evidence."""
    from kg.analysis.suppliers import suppliers as find

    _answer(find(_backend(obj).network(), group, restricted=restricted, as_of=as_of), fmt)


@cli.command()
@click.argument("name")
@format_option(choices=ANSWER_CHOICES)
@click.pass_obj
@fail_cleanly
def profile(obj, name, fmt) -> None:
    """Everything the graph knows of one entity, each fact with its sources."""
    from kg.analysis.profile import profile as describe

    _answer(describe(_backend(obj).network(), name), fmt)


@cli.command()
@format_option(choices=ANSWER_CHOICES)
@click.pass_obj
@fail_cleanly
def audit(obj, fmt) -> None:
    """Per claim kind: claims, facts (linked claims once), evidence kinds, undated claims, gaps."""
    from kg.analysis.audit import audit as compute

    _answer(compute(_backend(obj).network()), fmt)


@cli.command()
@click.option("--by", type=click.Choice(("pagerank", "betweenness", "concentration", "reach")),
              default="pagerank", show_default=True, help="What to rank.")
@click.option("--top", default=20, show_default=True, type=click.IntRange(0),
              help="How many rows (0: all).")
@format_option(choices=ANSWER_CHOICES)
@click.pass_obj
@fail_cleanly
def rank(obj, by, top, fmt) -> None:
    """Centrality, vendor concentration per country, or vendor reach."""
    from kg.analysis.rank import rank as compute

    _answer(compute(_backend(obj).network(), by, top or None), fmt)


@cli.command()
@click.argument("name")
@format_option(choices=ANSWER_CHOICES)
@click.pass_obj
@fail_cleanly
def reach(obj, name, fmt) -> None:
    """Countries a vendor supplies (or using a technology) per source edition, beside published
    figures (findings; data assertions under --data)."""
    from kg.records.assertions import load_assertions
    from kg.analysis.reach import reach as count

    _answer(count(_backend(obj).network(), name, load_assertions(obj["data"])), fmt)


@cli.command()
@click.argument("question")
@click.option("--explain", is_flag=True, help="Show the parsed form and the operation used.")
@format_option(choices=ANSWER_CHOICES)
@click.pass_obj
@fail_cleanly
def ask(obj, question, explain, fmt) -> None:
    """Answer a QUESTION in plain words (offline); exit 2 when it or a name is not understood."""
    from kg.ask.questions import NotUnderstood, ask as answer_question, parse

    try:
        form, _ = parse(question)
    except NotUnderstood as err:
        click.echo(f"Error: {err}", err=True)
        raise SystemExit(2)
    from kg.records.assertions import load_assertions

    published = load_assertions(obj["data"]) if form.published else ()  # figures beside counts
    _answer(answer_question(_backend(obj).network(), question, published), fmt, explain=explain)


@cli.command()
@click.option("-o", "--output", "out", metavar="PATH",
              help="HTML file to write; - for stdout.  [default: BUILD/survkg.html]")
@click.option("--focus", metavar="NAME", help="Only the entities within --depth links of NAME.")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(1, 6),
              help="Links from --focus.")
@click.option("--path", nargs=2, metavar="A B", help="The paths between A and B, highlighted.")
@click.option("--via-hubs", is_flag=True, help="Let --path cross countries and large groups.")
@click.option("--suppliers-to", metavar="GROUP",
              help="The vendors supplying GROUP: an initiative, a category or a country.")
@click.option("--kinds", help="Only links of these kinds, comma-separated: " + KINDS)
@click.pass_obj
@fail_cleanly
def viz(obj, out, focus, depth, path, via_hubs, suppliers_to, kinds) -> None:
    """Write the offline HTML explorer of the graph, or of one view of it."""
    from kg.backend import explorer

    page, target = explorer(_backend(obj), obj["build"], out, focus=focus, depth=depth,
                            path=path, via_hubs=via_hubs, suppliers_to=suppliers_to, kinds=kinds)
    if target == "-":
        return _echo(page.html)
    click.echo(f"wrote {target}: {page.view}, {page.nodes:,} entities, {page.edges:,} links")


EXPORT_FORMATS = ("ttl", "nt", "jsonld", "graphml", "gexf", "csv")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True,
              help="ttl, nt, jsonld (the whole RDF graph); graphml, gexf, csv (entities and "
              "claim links with evidence, for Gephi, spreadsheets and Neo4j).")
@click.option("-o", "--output", "out", metavar="PATH", help="File to write (a folder for csv); "
              "- for stdout.  [default: stdout; BUILD/csv for csv]")
@click.pass_obj
@fail_cleanly
def export(obj, fmt, out) -> None:
    """Write the built graph for other tools: RDF stores, Gephi, spreadsheets, Neo4j."""
    from kg.backend import export

    target = export(_backend(obj), obj["build"], fmt, out, sys.stdout.buffer)
    if target != "-":
        click.echo(f"wrote {target}")


@cli.command()
@remote_options
@click.pass_obj
@fail_cleanly
def push(obj, endpoint, graph) -> None:
    """Replace the endpoint's graph (default or --graph IRI) with the build's, atomically."""
    from kg.sparql.push import push as run_push

    endpoint, graph = endpoint or obj["endpoint"], graph or obj["graph"]
    click.echo(str(run_push(obj["build"], endpoint, obj["timeout"], graph)))


@cli.command()
@click.option("--bind", default="127.0.0.1", show_default=True, help="Warns if not loopback.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535),
              help="0: any free port.")
@click.option("--timeout", "seconds", default=30.0, show_default=True,
              type=click.FloatRange(min=0, min_open=True), help="Seconds a query may run.")
@click.pass_obj
@fail_cleanly
def serve(obj, bind, port, seconds) -> None:
    """Serve the built graph as a read-only SPARQL endpoint until Ctrl-C."""
    from kg.sparql.serve import make_server, serve_until_stopped

    serve_until_stopped(make_server(obj["build"], bind, port, seconds), click.echo)


def main() -> None:
    """Entry point: run the CLI; a closed pipe (`kg ... | head`) ends quietly."""
    try:
        cli(prog_name="kg")
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(1)
