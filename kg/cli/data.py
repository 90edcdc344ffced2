"""`kg build`, `kg check` and `kg import`: the records, validated, imported and built."""
from __future__ import annotations

from pathlib import Path

import click

from kg.cli.base import Command, cli, examples, fail_cleanly
from kg.render.cells import printable


class ImportCommand(Command):
    """`kg import`, whose help lists the datasets (read only when the help is shown)."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from kg.importers import IMPORTERS, UPSTREAM_FILES

        with formatter.section("Datasets (DATASET: the upstream file it reads)"):
            formatter.write_dl([(name, UPSTREAM_FILES.get(name, "")) for name in IMPORTERS])
        super().format_epilog(ctx, formatter)


@cli.command(epilog=examples(
    'kg build',
    'kg build --stages',
    'kg build --no-shacl --build-dir /tmp/survkg-build'))
@click.option("--no-shacl", is_flag=True,
              help="Skip SHACL validation (faster; records are still checked).")
@click.option("--allow-empty", is_flag=True,
              help="Replace a good build even with one that read no records, or fewer records "
                   "than record files (refused by default).")
@click.option("--clean", is_flag=True,
              help="Read every record file again, even those unchanged since the previous "
                   "build (whose validated records are otherwise taken from its cache).")
@click.option("--stages", is_flag=True,
              help="Then print the seconds each stage took, and how many record files were "
                   "read afresh.")
@click.pass_obj
@fail_cleanly
def build(obj, no_shacl: bool, allow_empty: bool, clean: bool, stages: bool) -> None:
    """Validate the records and build the graph, its files and the store.

    Records are read within the limits `kg check --help` lists; any error stops the build
    before it writes, leaving the previous build as it was. A record file unchanged since
    the previous build (same bytes, same code) is not read again: its validated records come
    from the previous build's cache (build/cache/), and the store is the previous build's
    changed by the triples that differ, when they are few: the build is the same, byte for
    byte, and its store holds the same triples.
    """
    from kg.build import build as run_build
    from kg.render.progress import bar

    timings: dict[str, float] = {}
    with bar("kg build") as progress:  # on stderr, and only when it is a terminal
        summary = run_build(obj.data, obj.build, shacl=not no_shacl, progress=progress,
                            allow_empty=allow_empty, clean=clean, timings=timings)
    click.echo(str(summary))
    if stages:
        click.echo(f"record files: {summary.files_read:,} read, {summary.files_cached:,} "
                   "unchanged since the previous build (from its cache)")
        click.echo("store: loaded whole" if summary.store_changed is None else
                   f"store: the previous build's, {summary.store_changed:,} triples changed")
        width = max(map(len, timings))
        for stage, seconds in timings.items():
            click.echo(f"  {stage:<{width}}  {seconds:7.2f} s")


@cli.command(epilog=examples(
    'kg check',
    'kg check --data tests/fixtures/duplicates/data'))
@click.pass_obj
@fail_cleanly
def check(obj) -> None:
    """Report every record error and SHACL violation, one line each.

    Record files are read within limits: no YAML aliases (*name), at most 20 lists or mappings
    nested, 10,000 characters a value, amounts and values finite, at most 10^15 and 12 decimal
    places, dates in the years 1900-2100; `.yml` files are refused (rename them to .yaml).
    """
    from kg.graph.checks import run_checks

    report = run_checks(obj.data)
    # A problem names its file, and a file's name is data too: escaped like every error line.
    click.echo(printable("".join(line + "\n" for line in report.problems) + report.summary()))
    raise SystemExit(1 if report.problems else 0)


@cli.command(name="import", cls=ImportCommand, epilog=examples(
    "kg import aigs-2019 ../shared/datasets/carnegie-aigs/aigs_2019_index.csv",
    "kg import bri ../shared/datasets/bri-gfdc/gfdc-bri-countries-2025-05.csv"))
@click.argument("dataset")
@click.argument("upstream", type=click.Path(path_type=Path))  # a file, or a folder (us-lists)
@click.pass_obj
@fail_cleanly
def import_(obj, dataset: str, upstream: Path) -> None:
    """Import an upstream DATASET file into records under data/imported/."""
    from kg.importers import run_import
    from kg.render.progress import spinner

    with spinner(f"kg import {dataset} {upstream}"):  # on stderr, only when it is a terminal
        report = run_import(dataset, upstream, obj.data)
    click.echo("\n".join(report.lines()))
