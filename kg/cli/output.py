"""`kg viz` and `kg export`: the HTML explorer and files for other tools."""
from __future__ import annotations

import sys

import click

from kg.cli.base import KINDS, echo, cli, examples, fail_cleanly
from kg.render.cells import printable


@cli.command(epilog=examples(
    'kg viz',
    'kg viz --focus Hikvision --depth 1',
    'kg viz --whole',
    'kg viz --focus Uganda --depth 2 --via-hubs',
    'kg viz --all',
    'kg viz --path Huawei Uganda -o uganda.html',
    'kg viz --suppliers-to BRI --replace'))
@click.option("-o", "--output", "out", metavar="PATH", help="HTML file to write; - for stdout.  "
              "[default: BUILD/survkg.html for who supplies whom, a file named after any other view]")
@click.option("--replace", is_flag=True, help="Write a view over BUILD/survkg.html.")
@click.option("--focus", metavar="NAME", help="Only the entities within --depth links of NAME.")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(1, 6),
              help="Links from --focus.")
@click.option("--path", nargs=2, metavar="A B", help="The paths between A and B, highlighted.")
@click.option("--via-hubs", is_flag=True, help="Let --focus go on through countries, "
              "initiatives, lenders and standards bodies (by default drawn next to the focus, "
              "not expanded). Paths never cross them.")
@click.option("--suppliers-to", metavar="GROUP",
              help="The vendors supplying GROUP: an initiative, a category or a country.")
@click.option("--kinds", help="Only links of these kinds, comma-separated: " + KINDS)
@click.option("--whole", is_flag=True, help="The whole graph, every kind of link (by default "
              "the explorer shows who supplies whom: vendors and the countries and agencies "
              "they supply).")
@click.option("--all", "draw_all", is_flag=True, help="Draw the entities known only from "
              "restriction lists too (left out of the whole graph and --focus by default); "
              "implies --whole without another view.")
@click.pass_obj
@fail_cleanly
def viz(obj, out, replace, focus, depth, path, via_hubs, suppliers_to, kinds, whole,
        draw_all) -> None:
    """Write the offline HTML explorer of the graph, or of one view of it."""
    from kg.backend import explorer

    page, target = explorer(obj, out, replace, focus=focus, depth=depth, path=path,
                            via_hubs=via_hubs, suppliers_to=suppliers_to, kinds=kinds,
                            whole=whole, draw_all=draw_all)
    if target == "-":
        return echo(page.html)
    # The view and the note name entities: their labels come from data.
    click.echo(printable(f"wrote {target}: {page.view}, {page.nodes:,} entities, "
                         f"{page.edges:,} links"))
    if page.note:
        click.echo(printable(page.note))


EXPORT_FORMATS = ("ttl", "nt", "jsonld", "graphml", "gexf", "csv", "neo4j")


@cli.command(epilog=examples(
    'kg export --format graphml -o build/survkg.graphml',
    'kg export --format ttl > survkg.ttl',
    'kg export --format csv',
    'kg export --format neo4j -o import'))
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True,
              help="ttl, nt, jsonld (the whole RDF graph); graphml, gexf, csv (entities and "
              "claim links with evidence, for Gephi, igraph and spreadsheets); neo4j (csv "
              "with neo4j-admin import headers).")
@click.option("-o", "--output", "out", metavar="PATH", help="File to write (a folder for csv "
              "and neo4j); - for stdout.  [default: stdout; BUILD/csv, BUILD/neo4j]")
@click.option("--raw", is_flag=True, help="csv, neo4j: text cells as they are. By default a "
              "cell a spreadsheet would run as a formula (=, +, @, a tab, or - not before a "
              "number first) gets a leading ' that spreadsheets do not show.")
@click.pass_obj
@fail_cleanly
def export(obj, fmt, out, raw) -> None:
    """Write the built graph for other tools: RDF stores, Gephi, spreadsheets, Neo4j."""
    from kg.backend import export

    target = export(obj, fmt, out, sys.stdout.buffer, raw)
    if target != "-":
        click.echo(f"wrote {target}")
