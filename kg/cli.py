"""The `kg` command line: parse options, call one library function, print the result.

The only module that imports click. A KGError becomes `Error: <path:line: message>` on
stderr and exit code 1; nothing else prints a traceback for a user's mistake.
"""
from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path

import click

from kg import settings
from kg.errors import KGError, KGErrors
from kg.render import FORMATS


def fail_cleanly(func):
    """Turn KGError into one line per problem and exit 1."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except KGErrors as errors:
            for err in errors.errors:
                click.echo(f"Error: {err}", err=True)
            raise SystemExit(1)
        except KGError as err:
            click.echo(f"Error: {err}", err=True)
            raise SystemExit(1)
    return wrapper


def format_option(choices=tuple(FORMATS), default="table"):
    return click.option("--format", "fmt", type=click.Choice(choices), default=default,
                        show_default=True, help="Output format.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--data", "data_dir", default=settings.DATA_DIR, show_default=True,
              envvar="KG_DATA", help="Folder of curated and imported records.")
@click.option("--build-dir", default=settings.BUILD_DIR, show_default=True, envvar="KG_BUILD",
              help="Folder of the built graph and store.")
@click.version_option(package_name="survkg")
@click.pass_context
def cli(ctx: click.Context, data_dir: str, build_dir: str) -> None:
    """survkg: a sourced knowledge graph of the surveillance-technology supply chain."""
    ctx.obj = {"data": data_dir, "build": build_dir}


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
    from kg.checks import run_checks

    report = run_checks(obj["data"])
    for line in report.problems:
        click.echo(line)
    click.echo(report.summary())
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
    from kg import query as q
    from kg.store import open_graph

    if list_only:
        for named in q.named_queries().values():
            args = " ".join(f"[{p.name}]" for p in named.params)
            click.echo(f"{named.name:<24} {named.purpose}" + (f"  params: {args}" if args else ""))
        return
    if bool(spec) == bool(expression):
        raise KGError("give one of: a query name, a .rq file, or -e SPARQL (see kg query --list)")
    named = q.resolve(spec) if spec else q.parse_header("expression", expression)
    values = dict(q.split_param(p) for p in params)
    result = q.run(open_graph(obj["build"]), named.text, q.bind(named, values))
    _echo(FORMATS[fmt](result))


@cli.command()
@format_option(choices=("table", "json"))
@click.pass_obj
@fail_cleanly
def stats(obj, fmt) -> None:
    """Count entities by class, claims by kind and claims by source."""
    from kg.stats import stats as compute, stats_result
    from kg.store import open_graph

    counts = compute(open_graph(obj["build"]))
    if fmt == "json":
        _echo(json.dumps(counts, indent=2, ensure_ascii=False) + "\n")
        return
    for heading, key in (("class", "classes"), ("claim kind", "claims"), ("source", "sources")):
        _echo(FORMATS["table"](stats_result(counts[key], heading)) + "\n")


@cli.command(name="import")
@click.argument("dataset")
@click.argument("upstream", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
@fail_cleanly
def import_(obj, dataset: str, upstream: Path) -> None:
    """Import an upstream DATASET file into records under data/imported/."""
    from kg.importers import IMPORTERS

    if dataset not in IMPORTERS:
        raise KGError(f"unknown dataset '{dataset}' (known: {', '.join(sorted(IMPORTERS))})")
    if not upstream.is_file():
        raise KGError(f"no such file: {upstream}")
    report = IMPORTERS[dataset](upstream, Path(obj["data"]))
    for line in report.lines():
        click.echo(line)


ANSWER_CHOICES = ("table", "json", "csv")


def _answer(answer, fmt: str, explain: bool = False) -> None:
    from kg.render.answers import ANSWER_FORMATS

    _echo(ANSWER_FORMATS[fmt](answer, explain=explain))


def _network(obj):
    from kg.network import load_network

    return load_network(obj["build"])


@cli.command()
@click.argument("source")
@click.argument("target")
@click.option("--max-paths", "-k", default=3, show_default=True, type=click.IntRange(1, 100),
              help="How many paths, shortest first.")
@click.option("--kinds", help="Relation kinds to follow, comma-separated (supply, financing, "
              "membership, restriction, proposal, ownership, standards, home).")
@click.option("--via-hubs", is_flag=True, help="Allow paths through countries and large groups.")
@click.option("--max-hops", default=8, show_default=True, type=click.IntRange(1, 20))
@format_option(choices=ANSWER_CHOICES)
@click.pass_obj
@fail_cleanly
def path(obj, source, target, max_paths, kinds, via_hubs, max_hops, fmt) -> None:
    """Paths from SOURCE to TARGET (names or aliases), every hop with its evidence."""
    from kg.paths import paths

    kinds = [k.strip() for k in kinds.split(",")] if kinds else None
    _answer(paths(_network(obj), source, target, max_paths, kinds, via_hubs, max_hops), fmt)


@cli.command()
@click.option("--to", "group", required=True,
              help="An initiative (BRI), a category (closed autocracies), or a country.")
@click.option("--restricted", is_flag=True, help="Only vendors under a restriction.")
@click.option("--as-of", help="A date (YYYY[-MM[-DD]]): memberships and claims held then.")
@format_option(choices=ANSWER_CHOICES)
@click.pass_obj
@fail_cleanly
def suppliers(obj, group, restricted, as_of, fmt) -> None:
    """Vendors supplying a group's members or one country, with country counts and evidence."""
    from kg.suppliers import suppliers as find

    _answer(find(_network(obj), group, restricted=restricted, as_of=as_of), fmt)


@cli.command()
@click.argument("name")
@format_option(choices=ANSWER_CHOICES)
@click.pass_obj
@fail_cleanly
def profile(obj, name, fmt) -> None:
    """Everything the graph knows of one entity, each fact with its sources."""
    from kg.profile import profile as describe

    _answer(describe(_network(obj), name), fmt)


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
    from kg.rank import rank as compute

    _answer(compute(_network(obj), by, top or None), fmt)


@cli.command()
@click.argument("question")
@click.option("--explain", is_flag=True, help="Show the parsed form and the operation used.")
@format_option(choices=ANSWER_CHOICES)
@click.pass_obj
@fail_cleanly
def ask(obj, question, explain, fmt) -> None:
    """Answer a QUESTION in plain words (offline); exit 2 when it is not understood."""
    from kg.ask import NotUnderstood, ask as answer_question, parse

    try:
        parse(question)
    except NotUnderstood as err:
        click.echo(f"Error: {err}", err=True)
        raise SystemExit(2)
    _answer(answer_question(_network(obj), question), fmt, explain=explain)


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
@click.option("--kinds", help="Only links of these kinds, comma-separated (supply, financing, "
              "membership, restriction, proposal, ownership, standards, home).")
@click.pass_obj
@fail_cleanly
def viz(obj, out, focus, depth, path, via_hubs, suppliers_to, kinds) -> None:
    """Write the offline HTML explorer of the graph, or of one view of it."""
    from kg.viz import explorer_page, write_explorer

    view = {"focus": focus, "depth": depth, "path": path or None, "via_hubs": via_hubs,
            "suppliers_to": suppliers_to,
            "kinds": [k.strip() for k in kinds.split(",")] if kinds else None}
    if out == "-":
        _echo(explorer_page(obj["build"], **view).html)
        return
    page = write_explorer(obj["build"], out, **view)
    target = out or str(Path(obj["build"]) / "survkg.html")
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
    from kg.export import default_target, export as run_export

    target = out or default_target(fmt, obj["build"])
    if target == "-":
        run_export(obj["build"], fmt, click.get_binary_stream("stdout"))
        return
    click.echo(f"wrote {run_export(obj['build'], fmt, target)}")


def _echo(text: str) -> None:
    click.echo(text, nl=False)


def main() -> None:
    """Entry point: run the CLI; a closed pipe (`kg ... | head`) ends quietly."""
    try:
        cli(prog_name="kg")
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(1)
