"""The analysis commands: `kg ask`, `path`, `suppliers`, `profile`, `claims`, `reach`, `rank`,
`audit`."""
from __future__ import annotations

import click

from kg.cli.base import (ANSWER_CHOICES, KINDS, cli, examples, fail_cleanly, format_option,
                         network_of, print_answer)
from kg.schema.vocab import STRENGTHS

# The strengths come from the ontology (sk:StrengthScheme); their order is the graph's.
strength_option = click.option(
    "--strength", "strength", metavar="LIST",
    help="Only supply claims of these strengths, comma-separated, counted before anything "
         f"else: {', '.join(sorted(STRENGTHS))} (e.g. reported-sale,reported-use).")


def _strengths(net, text):
    from kg.analysis.strength import parse_filter

    return parse_filter(net, text)


@cli.command(epilog=examples(
    'kg path BIS Uganda --max-paths 1',
    "kg path 'United States' Uganda --kinds restriction,supply",
    'kg path Huawei Kenya'))
@click.argument("source")
@click.argument("target")
@click.option("--max-paths", "-k", default=3, show_default=True, type=click.IntRange(1, 100),
              help="How many paths, shortest first, then the most strongly sourced.")
@click.option("--kinds", help="Stories to follow, comma-separated: " + KINDS)
@click.option("--max-hops", default=8, show_default=True, type=click.IntRange(1, 20))
@format_option(choices=ANSWER_CHOICES)
@click.pass_obj
@fail_cleanly
def path(obj, source, target, max_paths, kinds, max_hops, fmt) -> None:
    """Connections from SOURCE to TARGET (names or aliases), each told as one sentence with a
    source on every fact, then every hop with its evidence.

    \b
    A connection is a chain of claims that tells one story, through one entity at most:
      supply       vendor -> supply or deal -> (agency ->) country
      financing    lender -> financing -> deal -> buyer, country or the deal's supplier
      restriction  authority -> restriction -> vendor, on to what the vendor supplied
      proposal     vendor -> proposal -> standards body
      ownership    parent -> subsidiary -> ..., on to what the subsidiary did
      standards    Recommendation or Question -> study group -> standards body
      home         vendor -> its home country;  membership  country -> initiative
    Two stories of one kind never join: two customers of one vendor, two loans of one bank,
    two members of one initiative or two vendors in one aggregate proposal are not connected
    through it.
    """
    from kg.analysis.paths import paths

    kinds = [k.strip() for k in kinds.split(",")] if kinds else None
    net = network_of(obj)
    print_answer(paths(net, source, target, max_paths, kinds, max_hops), fmt)


@cli.command(epilog=examples(
    'kg suppliers --to Uganda',
    'kg suppliers --to BRI --restricted --as-of 2020',
    "kg suppliers --to BRI --listed-on 'Entity List'",
    'kg suppliers --to Uganda --strength reported-sale,reported-use',
    'kg suppliers --to Mexico --technology spyware',
    "kg suppliers --to 'closed autocracies' --format csv",
    "kg suppliers --origin Israel --technology spyware"))
@click.option("--to", "group",
              help="An initiative (BRI), a category (closed autocracies; a region of the "
              "AIGS: Africa, Europe, the Middle East), or a country (default: any country).")
@click.option("--origin", metavar="COUNTRY",
              help="Only vendors based in this country (their home country in the graph).")
@click.option("--restricted", is_flag=True, help="Only vendors under a restriction.")
@click.option("--listed-on", metavar="LIST",
              help="Only vendors on this list or instrument (e.g. 'Entity List', 1260H, 889).")
@click.option("--as-of", help="A date (YYYY[-MM[-DD]]): memberships and claims held then; "
              "undated ones, or ones only recorded at another time, are listed apart.")
@strength_option
@click.option("--technology", help="Only claims naming this technology (e.g. spyware).")
@format_option(choices=ANSWER_CHOICES)
@click.pass_obj
@fail_cleanly
def suppliers(obj, group, origin, restricted, listed_on, as_of, strength, technology,
              fmt) -> None:
    """Vendors supplying a group's members or one country, strongest evidence first (then most
    countries), each with its claims' strengths, country counts and evidence; export licences,
    which name no supplier, as rows of their own."""
    from kg.analysis.suppliers import suppliers as find

    net = network_of(obj)
    print_answer(find(net, group, restricted=restricted, as_of=as_of,
                      strengths=_strengths(net, strength), technology=technology,
                      listed_on=listed_on, origin=origin), fmt)


@cli.command(epilog=examples(
    'kg profile Yitu',
    'kg profile Uganda --strength reported-sale',
    'kg profile Kenya --format json'))
@click.argument("name")
@strength_option
@format_option(choices=ANSWER_CHOICES)
@click.pass_obj
@fail_cleanly
def profile(obj, name, strength, fmt) -> None:
    """Everything the graph knows of one entity, each fact with its sources (supply facts with
    their strength)."""
    from kg.analysis.profile import profile as describe

    net = network_of(obj)
    print_answer(describe(net, name, strengths=_strengths(net, strength)), fmt)


@cli.command(epilog=examples(
    "kg claims Hikvision --instrument 'Entity List'",
    "kg claims Kenya 'Belt and Road' --kind membership",
    "kg claims --instrument 'section 889'",
    "kg claims --authority BIS --in 2019-10",
    "kg claims Huawei Pakistan --kind supply --since 2015"))
@click.argument("names", nargs=-1)
@click.option("--kind", "kinds", multiple=True, metavar="KIND",
              help="Only claims of this relation kind (repeatable): supply, financing, "
                   "membership, restriction, proposal, ownership, standards, home.")
@click.option("--instrument", metavar="NAME", help="Only restrictions under this instrument "
              "(a name or notation: 'Entity List', ndaa-889).")
@click.option("--authority", metavar="NAME", help="Only restrictions this authority imposed.")
@click.option("--in", "in_", metavar="DATE", help="Only claims first held in this year or "
              "month (2019, 2019-10).")
@click.option("--since", metavar="YEAR", help="Only claims first held in or after this year.")
@click.option("--before", metavar="YEAR", help="Only claims first held before this year.")
@format_option(choices=ANSWER_CHOICES)
@click.pass_obj
@fail_cleanly
def claims(obj, names, kinds, instrument, authority, in_, since, before, fmt) -> None:
    """The claims tying every entity named (one name: every claim about it), one row per
    real-world fact, by first held date; undated and recorded-only claims are said as such."""
    from kg.analysis.between import claims_between, in_period
    from kg.analysis.resolve import resolve
    from kg.analysis.restrictions import instrument as notation_of

    net = network_of(obj)
    nodes = [resolve(net, name) for name in names]
    notation = notation_of(net, instrument) if instrument else None
    by = resolve(net, authority) if authority else None
    period = {k: v for k, v in (("in", in_), ("since", since), ("before", before)) if v}
    answer = claims_between(net, nodes, set(kinds) or None, notation, by)
    print_answer(in_period(answer, period), fmt)


@cli.command(epilog=examples(
    'kg audit',
    'kg audit --format csv'))
@format_option(choices=ANSWER_CHOICES)
@click.pass_obj
@fail_cleanly
def audit(obj, fmt) -> None:
    """Per claim kind: claims, facts (linked claims once), evidence kinds, undated claims, gaps."""
    from kg.analysis.audit import audit as compute

    print_answer(compute(network_of(obj)), fmt)


@cli.command(epilog=examples(
    'kg rank --top 5',
    'kg rank --by betweenness --include-listed',
    'kg rank --by concentration --top 3 --format csv'))
@click.option("--by", type=click.Choice(("pagerank", "betweenness", "concentration", "reach")),
              default="pagerank", show_default=True, help="What to rank: pagerank, "
              "betweenness (entities on the claim-collapsed graph); concentration (per country "
              "and dataset edition, the distinct vendors it lists: a count of listings, not "
              "sales or market share, fewest first); reach (per vendor, countries in any claim).")
@click.option("--top", default=20, show_default=True, type=click.IntRange(0),
              help="How many rows (0: all).")
@click.option("--include-listed", is_flag=True, help="Rank the entities known only from "
              "restriction lists too (left out by default).")
@format_option(choices=ANSWER_CHOICES)
@click.pass_obj
@fail_cleanly
def rank(obj, by, top, include_listed, fmt) -> None:
    """Centrality, vendors listed per country and source edition, or vendor reach; a line
    under the title says what the ranking counts (on stderr beside --format csv)."""
    from kg.analysis.rank import rank as compute

    print_answer(compute(network_of(obj), by, top or None, include_listed), fmt)


@cli.command(epilog=examples(
    'kg reach Huawei',
    'kg reach Huawei --strength reported-sale',
    "kg reach 'facial recognition' --format json"))
@click.argument("name")
@strength_option
@format_option(choices=ANSWER_CHOICES)
@click.pass_obj
@fail_cleanly
def reach(obj, name, strength, fmt) -> None:
    """Countries a vendor supplies (or using a technology) per source edition, beside published
    figures (findings; data assertions under --data)."""
    from kg.analysis.reach import reach as count

    net = network_of(obj)
    print_answer(count(net, name, Assertions(obj, net), _strengths(net, strength)), fmt)


class Assertions:
    """The data assertions of --data, read when an answer first reads them: most answers set no
    published figure beside a count. Those `kg build` saved with the network while --data's
    files are the same (kg.analysis.published.saved_assertions); else read from the files,
    which imports pydantic and the record models (a third of a cold `kg ask`)."""

    def __init__(self, obj, net):
        self.obj, self.net, self.items = obj, net, None

    def __iter__(self):
        if self.items is None:
            from kg.analysis.published import saved_assertions

            self.items = saved_assertions(self.net, self.obj.data)
        if self.items is None:
            from kg.records.assertions import load_assertions

            self.items = load_assertions(self.obj.data)
        return iter(self.items)


@cli.command(epilog=examples(
    "kg ask 'which vendors supply BRI states'",
    "kg ask 'how many countries does Dahua supply'",
    'kg ask "who financed Ecuador\'s ECU-911"',
    "kg ask 'who supplies Uganda' --strength reported-sale,reported-use",
    "kg ask 'is Hikvision on the Entity List?' --explain",
    "kg ask 'When did Kenya join the Belt and Road?'",
    "kg ask 'which israeli companies sold spyware to Indonesia'",
    "kg ask 'Which countries buy from both Huawei and CEIEC?'",
    "kg ask 'Which BRI members in Africa buy from Hikvision?'",
    "kg ask 'top 3 AI surveillance vendors by number of countries'",
    "kg ask 'Which companies did the US blacklist in October 2019?'",
    "kg ask 'who sold Belgrade its safe city cameras'",
    "kg ask 'how does US sanctions policy connect to Uganda'",
    "kg ask 'Who proposed F.FACE?'"))
@click.argument("question")
@click.option("--explain", is_flag=True, help="Show how the question was read (the names it "
              "found, the relation, what it asks for, the constraints) and the command that "
              "gives the same rows.")
@click.option("--strength", metavar="LIST", help="For questions about who supplies whom (and "
              "reach, profiles): only supply claims of these strengths, as for `kg suppliers`.")
@format_option(choices=ANSWER_CHOICES)
@click.pass_obj
@fail_cleanly
def ask(obj, question, explain, strength, fmt) -> None:
    """Answer a QUESTION in plain words (offline); exit 2 when it or a name is not understood."""
    from kg.ask.reading import may_compose
    from kg.errors import KGError
    from kg.ask.questions import NotUnderstood, ask as answer_question, parse

    refused = None
    try:
        form, _ = parse(question)
    except NotUnderstood as error:
        # kg.ask composes it from its parts, or raises NotUnderstood naming the words it could
        # not place (exit 2): knowing them takes the graph's names.
        form, refused = None, error
    try:
        net = network_of(obj)
    except KGError:
        if refused is not None and not may_compose(question):
            raise refused from None   # nothing to compose from: refused without a build
        raise
    # Figures beside counts; a composed question may count too.
    published = Assertions(obj, net) if form is None or form.published else ()
    answer = answer_question(net, question, published, _strengths(net, strength))
    print_answer(answer, fmt, explain=explain)


@cli.command(epilog=examples(
    'kg sources Huawei Uganda',
    'kg sources Uganda',
    'kg sources Zimbabwe --strength reported-sale,reported-use',
    'kg sources Hikvision --format json'))
@click.argument("name")
@click.argument("country", required=False)
@strength_option
@format_option(choices=ANSWER_CHOICES)
@click.pass_obj
@fail_cleanly
def sources(obj, name, country, strength, fmt) -> None:
    """Which sources agree: the sources behind VENDOR [COUNTRY] supply links, or per vendor of a
    COUNTRY, with strengths, years and independent sources (editions of one tracker count
    once); notes say where they disagree (a tracker with rows for the country that does not
    list the link, different years, an export licence with no reported sale)."""
    from kg.analysis.sources import agreement

    net = network_of(obj)
    print_answer(agreement(net, name, country, _strengths(net, strength)), fmt)
