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
    values = dict(_split_param(p) for p in params)
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


def _split_param(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise KGError(f"--param {text!r}: write NAME=VALUE")
    return name.strip(), value


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
