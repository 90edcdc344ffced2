"""The `kg` command line: parse options, call one library function, print the result.

The only module that imports click. A KGError becomes `Error: <path:line: message>` on
stderr and exit code 1, or 2 for a name or question the graph cannot map (its `exit_code`:
not in the graph, ambiguous, not understood); nothing else prints a traceback for a user's
mistake.

The group's options (--data, --build-dir, --endpoint, --graph, --timeout) are accepted after
the command's name too (`kg stats --build-dir B`), where they win over the ones before it;
a command's own option of the same name (`kg serve --timeout`) keeps its own meaning.
"""
from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

from kg import settings
from kg.errors import KGError, KGErrors
from kg.settings import Options
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


# The group's options, as (declarations, attributes); every command takes them too (Command).
SETTINGS = (
    (("--data", "data_dir"), dict(envvar="KG_DATA", metavar="DIR", help="Folder of curated and "
                                  "imported records.  [default: data/ of the nearest survkg "
                                  "project at or above the current folder]")),
    (("--build-dir", "build_dir"), dict(envvar="KG_BUILD", metavar="DIR", help="Folder of the "
                                        "built graph and store.  [default: build/ of that "
                                        "project]")),
    (("--endpoint",), dict(envvar="KG_ENDPOINT", metavar="URL", help="Read (or push to) a SPARQL "
                           "endpoint, e.g. http://127.0.0.1:7878/query.")),
    (("--graph",), dict(envvar="KG_GRAPH", metavar="IRI", help="Named graph.")),
    (("--timeout",), dict(envvar="KG_TIMEOUT", default=settings.TIMEOUT, show_default=True,
                          type=click.FloatRange(min=0, min_open=True),
                          help="Seconds an endpoint may take.")),
)


def _given_after(ctx: click.Context, param: click.Parameter, value) -> None:
    if value is not None:  # given after the command's name: it wins over the group's
        setattr(ctx.find_object(Options), param.name, value)


class Command(click.Command):
    """A `kg` command, which also takes the group's options (SETTINGS) after its name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        own = {name for param in self.params for name in param.opts}
        # Without envvar or default: only a value typed after the command may override the group.
        self.params += [click.Option(decls, **{**attrs, "envvar": None, "default": None,
                                               "show_default": False},
                                     expose_value=False, callback=_given_after)
                        for decls, attrs in SETTINGS if not own & set(decls)]


class Group(click.Group):
    command_class = Command


def examples(*lines: str) -> str:
    """Return an epilog showing example commands; \\b keeps click from rewrapping them."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


class ImportCommand(Command):
    """`kg import`, whose help lists the datasets (read only when the help is shown)."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from kg.importers import IMPORTERS, UPSTREAM_FILES

        with formatter.section("Datasets (DATASET: the upstream file it reads)"):
            formatter.write_dl([(name, UPSTREAM_FILES.get(name, "")) for name in IMPORTERS])
        super().format_epilog(ctx, formatter)


def group_options(func):
    for decls, attrs in reversed(SETTINGS):
        func = click.option(*decls, **attrs)(func)
    return func


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@group_options
@click.version_option(package_name="survkg")
@click.pass_context
def cli(ctx: click.Context, **options) -> None:
    """survkg: a sourced knowledge graph of the surveillance-technology supply chain.

    Every command takes the options below before or after its name, and works from any folder
    inside the project (or anywhere, given --data and --build-dir).
    """
    ctx.obj = Options(**options)


@cli.command(epilog=examples(
    'kg build',
    'kg build --no-shacl --build-dir /tmp/survkg-build'))
@click.option("--no-shacl", is_flag=True, help="Skip SHACL validation (faster; records are still checked).")
@click.pass_obj
@fail_cleanly
def build(obj, no_shacl: bool) -> None:
    """Validate the records and build the graph, its files and the store."""
    from kg.build import build as run_build
    from kg.render.progress import bar

    with bar("kg build") as progress:  # on stderr, and only when it is a terminal
        summary = run_build(obj.data, obj.build, shacl=not no_shacl, progress=progress)
    click.echo(str(summary))


@cli.command(epilog=examples(
    'kg check',
    'kg check --data tests/fixtures/duplicates/data'))
@click.pass_obj
@fail_cleanly
def check(obj) -> None:
    """Report every record error and SHACL violation, one line each."""
    from kg.graph.checks import run_checks

    report = run_checks(obj.data)
    click.echo("".join(line + "\n" for line in report.problems) + report.summary())
    raise SystemExit(1 if report.problems else 0)


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
              "as plain values, as in the table (default: SPARQL 1.1 CSV/TSV, full IRIs).")
@click.pass_obj
@fail_cleanly
def query(obj, spec, expression, params, list_only, fmt, short) -> None:
    """Run a named query, a .rq file, or -e SPARQL against the built graph."""
    from kg.backend import query_input, reading
    from kg.graph import query as q

    if list_only:
        return _echo("".join(line + "\n" for line in q.listing()))
    source = reading(obj)
    text, bindings = query_input(source, spec, expression, params)
    if short and fmt not in ("csv", "tsv"):
        raise click.UsageError("--short goes with --format csv or tsv (the table is short "
                               "already; JSON keeps full terms)")
    result = q.run(source.graph(), text, bindings)
    _echo(FORMATS[fmt](result, short=True) if short else FORMATS[fmt](result))


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

    _echo(render(compute(_backend(obj).graph()), fmt))


@cli.command(name="import", cls=ImportCommand, epilog=examples(
    "kg import aigs-2019 ../shared/datasets/carnegie-aigs/aigs_2019_index.csv",
    "kg import bri ../shared/datasets/bri-gfdc/gfdc-bri-countries-2025-05.csv"))
@click.argument("dataset")
@click.argument("upstream", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
@fail_cleanly
def import_(obj, dataset: str, upstream: Path) -> None:
    """Import an upstream DATASET file into records under data/imported/."""
    from kg.importers import run_import
    from kg.render.progress import spinner

    with spinner(f"kg import {dataset} {upstream}"):  # on stderr, only when it is a terminal
        report = run_import(dataset, upstream, obj.data)
    click.echo("\n".join(report.lines()))


ANSWER_CHOICES = ("table", "json", "csv")
KINDS = "supply, financing, membership, restriction, proposal, ownership, standards, home."


def _answer(answer, fmt: str, explain: bool = False) -> None:
    from kg.render.answers import ANSWER_FORMATS

    _echo(ANSWER_FORMATS[fmt](answer, explain=explain))


def _backend(obj):  # the store of --build-dir, or --endpoint: see kg/backend.py
    from kg.backend import reading

    return reading(obj)


@cli.command(epilog=examples(
    'kg path BIS Uganda --max-paths 1',
    'kg path Hikvision Kenya --kinds supply,restriction'))
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


@cli.command(epilog=examples(
    'kg suppliers --to Uganda',
    'kg suppliers --to BRI --restricted --as-of 2020',
    "kg suppliers --to 'closed autocracies' --format csv"))
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


@cli.command(epilog=examples(
    'kg profile Yitu',
    'kg profile Kenya --format json'))
@click.argument("name")
@format_option(choices=ANSWER_CHOICES)
@click.pass_obj
@fail_cleanly
def profile(obj, name, fmt) -> None:
    """Everything the graph knows of one entity, each fact with its sources."""
    from kg.analysis.profile import profile as describe

    _answer(describe(_backend(obj).network(), name), fmt)


@cli.command(epilog=examples(
    'kg audit',
    'kg audit --format csv'))
@format_option(choices=ANSWER_CHOICES)
@click.pass_obj
@fail_cleanly
def audit(obj, fmt) -> None:
    """Per claim kind: claims, facts (linked claims once), evidence kinds, undated claims, gaps."""
    from kg.analysis.audit import audit as compute

    _answer(compute(_backend(obj).network()), fmt)


@cli.command(epilog=examples(
    'kg rank --top 5',
    'kg rank --by concentration --top 3 --format csv'))
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


@cli.command(epilog=examples(
    'kg reach Huawei',
    "kg reach 'facial recognition' --format json"))
@click.argument("name")
@format_option(choices=ANSWER_CHOICES)
@click.pass_obj
@fail_cleanly
def reach(obj, name, fmt) -> None:
    """Countries a vendor supplies (or using a technology) per source edition, beside published
    figures (findings; data assertions under --data)."""
    from kg.records.assertions import load_assertions
    from kg.analysis.reach import reach as count

    _answer(count(_backend(obj).network(), name, load_assertions(obj.data)), fmt)


@cli.command(epilog=examples(
    "kg ask 'which vendors supply BRI states'",
    "kg ask 'how many countries does Dahua supply'",
    'kg ask "who financed Ecuador\'s ECU-911"',
    "kg ask 'is Hikvision on the Entity List?' --explain"))
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

    published = load_assertions(obj.data) if form.published else ()  # figures beside counts
    _answer(answer_question(_backend(obj).network(), question, published), fmt, explain=explain)


@cli.command(epilog=examples(
    'kg viz',
    'kg viz --focus Hikvision --depth 1',
    'kg viz --path Huawei Uganda -o uganda.html',
    'kg viz --suppliers-to BRI --replace'))
@click.option("-o", "--output", "out", metavar="PATH", help="HTML file to write; - for stdout.  "
              "[default: BUILD/survkg.html for the whole graph, a file named after a view]")
@click.option("--replace", is_flag=True, help="Write a view over BUILD/survkg.html.")
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
def viz(obj, out, replace, focus, depth, path, via_hubs, suppliers_to, kinds) -> None:
    """Write the offline HTML explorer of the graph, or of one view of it."""
    from kg.backend import explorer

    page, target = explorer(obj, out, replace, focus=focus, depth=depth, path=path,
                            via_hubs=via_hubs, suppliers_to=suppliers_to, kinds=kinds)
    if target == "-":
        return _echo(page.html)
    click.echo(f"wrote {target}: {page.view}, {page.nodes:,} entities, {page.edges:,} links")


EXPORT_FORMATS = ("ttl", "nt", "jsonld", "graphml", "gexf", "csv")


@cli.command(epilog=examples(
    'kg export --format graphml -o build/survkg.graphml',
    'kg export --format ttl > survkg.ttl',
    'kg export --format csv'))
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

    target = export(obj, fmt, out, sys.stdout.buffer)
    if target != "-":
        click.echo(f"wrote {target}")


@cli.command(epilog=examples(
    'kg push --endpoint http://127.0.0.1:7878/query',
    'kg push --endpoint http://127.0.0.1:7878/query --graph https://example.org/graph/survkg'))
@click.pass_obj
@fail_cleanly
def push(obj) -> None:
    """Replace the endpoint's graph (default or --graph IRI) with the build's, atomically."""
    from kg.sparql.push import push as run_push
    from kg.render.progress import bar

    with bar("kg push") as progress:  # the upload, on stderr, only when it is a terminal
        summary = run_push(obj.build, obj.endpoint, obj.timeout, obj.graph, progress=progress)
    click.echo(str(summary))


@cli.command(epilog=examples(
    'kg serve',
    'kg serve --port 0 --timeout 10'))
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

    serve_until_stopped(make_server(obj.build, bind, port, seconds), click.echo)


def main() -> None:
    """Entry point: run the CLI; a closed pipe (`kg ... | head`) ends quietly."""
    try:
        cli(prog_name="kg")
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(1)
