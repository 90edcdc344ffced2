"""An answer composed from the parts of a question no whole-sentence form matches.

kg.ask.reading reads the parts (the entities named, a relation, the answer asked for, the
constraints, the words not placed); `plan` maps them onto one existing operation of
kg.analysis, never a new way of computing an answer, and kg.ask.shaping keeps, orders or joins
that operation's rows as the question asks. A question with words it cannot place, or whose
parts fit no operation, raises `NotComposed` naming those words (unless it asks again what the
curators researched without a source: kg.ask.gaps): it is never answered as another question.
"""
from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import Callable

from kg.analysis.answers import Answer
from kg.analysis.between import claims_between, in_period
from kg.analysis.buyers import is_buyer, supplied_to
from kg.analysis.customers import customers
from kg.analysis.financing import financed, financed_by
from kg.analysis.findings import findings
from kg.analysis.network import Network
from kg.analysis.proposals import bodies_under, proposers
from kg.analysis.rank import rank
from kg.analysis.reach import reach
from kg.analysis.restrictions import authorities, restrictions
from kg.analysis.strength import valid
from kg.analysis.suppliers import suppliers
from kg.ask.gaps import asked_gaps, gap_answer
from kg.ask.mentions import Mention, tokens
from kg.ask.reading import MONTHS, VERBS, Composition, NotComposed, read
from kg.ask.shaping import (by_authorities_of, counted, deals_of_vendor, deals_only, ended,
                            financed_within, imposed_by_country, in_both, list_entries, merged,
                            merged_if_many, most_countries, proposals_of, proposers_based_in,
                            recommendations, targets_based_in, techs, vendor_deals_financing,
                            within_group)

# The constraints an operation that counts at a date applies ("before 2015" is as of 2014).
DATED = frozenset({"as of", "before"})


@dataclass(frozen=True)
class Plan:
    """The operation a composition maps onto: what runs, and the command that runs it too."""

    operation: str
    run: Callable[[], Answer]
    command: str
    uses: frozenset = frozenset()   # the date and top-N constraints the operation applies


def plan(net: Network, comp: Composition, assertions=()) -> Plan | None:
    """Return the operation the composition maps onto, or None when it maps onto none."""
    places = comp.of("country", "group")
    orgs = comp.of("organisation", "agency")
    deals = comp.of("deal")
    instruments = comp.of("instrument")
    c = comp.constraints
    as_of = c.get("as of") or (str(int(c["before"]) - 1) if c.get("before") else None)
    strengths = frozenset({c["strength"]}) & frozenset(valid(net)) if c.get("strength") else None
    # A technology word may name several ("interception"): a claim naming any of them counts.
    techs = [m for m in comp.mentions if m.kind == "technology"]
    technology = (techs[0].target or tuple(techs[0].targets)) if techs else None
    # Buyers: agencies, and companies that bought but supplied nothing; the rest are vendors.
    buyers = [m for m in orgs if m.kind == "agency" or (is_buyer(net, m.target)
                                                        and not _supplies(net, m.target))]
    vendors = [m for m in orgs if m not in buyers]
    named = comp.relation in ("supply", "buy") or (comp.relation is None
                                                   and comp.answer == "vendors")
    # "Huawei's safe city in Kenya", "the money for Huawei's cameras" (in Uganda): the deals
    # one vendor supplied in one country (of the technology, when one is named).
    described = _described(net, vendors, places, technology) \
        if len(vendors) == 1 and len(places) == 1 and not deals else []
    if described and comp.answer in ("who", "vendors") and (named or comp.relation == "finance"):
        labels = " / ".join(f"'{net.label(d)}'" for d in described)
        if comp.relation == "finance":
            return Plan("financed_by", lambda: merged_if_many(
                [financed_by(net, d) for d in described]),
                f"kg profile {labels}  (section: financed by)", frozenset({"technology"}))
        return Plan("supplied-to", lambda: supplied_to(net, described, as_of, strengths),
                    f"kg profile {labels}  (section: supplied by)", DATED | {"technology"})
    period = {k: c[k] for k in ("in", "since", "after", "before") if c.get(k)}
    if comp.relation == "leave" and places:
        countries = [m for m in places if m.kind == "country"]
        # "Has Italy left?" names no group: the one initiative the graph holds, if one only.
        initiatives = net.nodes_of("initiative")
        groups = [m.target for m in places if m.kind == "group"] or (
            initiatives if len(initiatives) == 1 else [""])
        if countries and groups[0] in net.graph:
            return _between_plan(net, comp, countries, [], [], extra=groups[:1])
        if groups[0] in net.graph and comp.answer in ("countries", "what", "who", "count"):
            group = groups[0]
            return Plan("memberships that ended", lambda: in_period(ended(
                claims_between(net, [group], {"membership"})), period),
                _claims_command(net, [group], "membership", period=period)
                + "  (kept: those with an end date)",
                frozenset(period))
    if comp.relation == "member" and comp.answer in ("countries", "what", "count") \
            and not orgs and len(places) == 1 and places[0].kind == "group" \
            and places[0].target in net.graph:
        # "which countries joined the Belt and Road in 2018": its memberships, by date.
        group = places[0].target
        return Plan("memberships", lambda: in_period(
            claims_between(net, [group], {"membership"}), period),
            _claims_command(net, [group], "membership", period=period), frozenset(period))
    if comp.relation == "develop" or (comp.answer == "standards" and comp.relation is None):
        recs = comp.of("recommendation")
        bodies = comp.of("standards body")
        if recs or bodies:
            # A named Recommendation: who developed it; a body: the Recommendations it and its
            # study groups and Questions developed (kg.analysis.proposals.bodies_under).
            nodes = [m.target for m in recs] or sorted(
                {b for m in bodies for b in bodies_under(net, m.target)})
            return Plan("standards", lambda: in_period(recommendations(net, [
                claims_between(net, [n], {"standards"}) for n in nodes], bool(recs),
                technology), period),
                " ; ".join(_claims_command(net, [n], "standards", period=period)
                           for n in nodes), frozenset(period))
    if comp.relation in ("supply", "buy") and comp.answer in ("what", "deals") \
            and len(vendors) == 1 and len(places) <= 1 and not deals and places[:1] != [None] \
            and (places or comp.answer == "deals"):
        nodes = [vendors[0].target] + [m.target for m in places]
        only_deals = comp.answer == "deals"
        return Plan("claims between", lambda: in_period(deals_only(
            claims_between(net, nodes, {"supply"}), only_deals, technology, net), period),
            _claims_command(net, nodes, "supply", period=period)
            + ("  (kept: the deals)" if only_deals else ""),
            frozenset(period) | {"technology"})
    if c.get("both") and comp.relation in ("supply", "buy"):
        if len(vendors) == 2 and not places and comp.answer in ("countries", "what", "count"):
            names = [net.label(m.target) for m in vendors]
            return Plan("customers of both", lambda: in_both(
                [customers(net, n, as_of, strengths) for n in names], "country"),
                " & ".join(f"kg profile '{n}'" for n in names) + "  (countries in both)",
                DATED)
        if len(places) == 2 and not orgs and comp.answer in ("vendors", "who"):
            names = [net.label(m.target) if m.kind == "country" else m.text for m in places]
            return Plan("suppliers of both", lambda: in_both(
                [suppliers(net, n, False, as_of, strengths, technology) for n in names],
                "vendor"), " & ".join(f"kg suppliers --to '{n}'" for n in names)
                + "  (vendors in both)", DATED)
    if comp.answer == "count" and not orgs and not deals and not places \
            and comp.relation in (None, "supply", "buy"):
        # "How many countries use AI surveillance?": a count no entity bounds is a published
        # figure, if the graph has one (findings), never a count of its own rows.
        words = " ".join(w for w, _, _ in tokens(comp.question)[2:])
        return Plan("findings", lambda: _found(findings(net, words, None, counting=True),
                                               comp.question),
                    "kg ask (findings are searched by their measure's words)")
    if c.get("restricted by") and comp.relation == "restrict" and len(orgs) == 1 \
            and not places:
        places = [Mention(0, 0, net.label(c["restricted by"]), "country",
                          (c["restricted by"],), "restricted by", (net.label(c["restricted by"]),))]
    by_country = comp.relation == "restrict" and len(orgs) == 1 and len(places) == 1 \
        and places[0].kind == "country"   # "blacklisted by the US": its authorities
    if comp.answer in ("when", "yes-no") and comp.relation is not None and not by_country \
            and (orgs or places or deals or instruments) and not c.get("superlative"):
        return _between_plan(net, comp, orgs, places + deals, instruments)
    restricting = c.get("restricted by") or (
        places[0].target if len(places) == 1 and places[0].kind == "country" else None)
    if comp.relation == "restrict" and not orgs and not instruments and restricting \
            and len(places) <= 1 and comp.answer in ("vendors", "who", "what") and period:
        # "Which companies did the US blacklist in October 2019": the restrictions that
        # country's authorities imposed then.
        country = restricting
        return Plan("restrictions by a country's authorities", lambda: in_period(
            imposed_by_country(net, country), period),
            " ; ".join(_claims_command(net, [], "restriction", authority=a, period=period)
                       for a in authorities(net, net.label(country))), frozenset(period))
    if comp.relation == "restrict" and len(orgs) == 1 and not instruments and not places \
            and comp.answer in ("vendors", "who", "what", "count") \
            and any(v == "imposes" for _, _, v in net.graph.out_edges(orgs[0].target, data="verb")):
        # "Which firms did the Commerce Department blacklist in October 2019": the
        # authority's restrictions (by origin and period when asked).
        authority = orgs[0].target
        return Plan("restrictions an authority imposed", lambda: in_period(targets_based_in(
            claims_between(net, [], {"restriction"}, authority=authority), net,
            c.get("origin")), period),
            _claims_command(net, [], "restriction", authority=authority, period=period)
            + (f"  (kept: targets based in {net.label(c['origin'])})" if c.get("origin")
               else ""),
            frozenset(period))
    if comp.relation == "restrict" and instruments and not orgs and not places and period:
        notation = instruments[0].target
        return Plan("claims on a list", lambda: in_period(list_entries(
            net, notation, c.get("origin"), next(iter(period.values()))[:4]), period),
                    _claims_command(net, [], "restriction", notation, period=period)
                    + (f"  (kept: targets based in {net.label(c['origin'])})"
                       if c.get("origin") else ""), frozenset(period))
    if named and c.get("superlative") and not orgs and len(places) <= 1 \
            and comp.answer in ("vendors", "who") \
            and (places or c.get("origin") or technology or strengths):
        # "top 3 AI surveillance vendors": the suppliers answer, most countries first within
        # the filters asked for (kg rank counts claims of any strength: not this question).
        top = c.get("top")
        to = net.label(places[0].target) if places and places[0].kind == "country" else (
            places[0].text if places else None)
        origin = net.label(c["origin"]) if c.get("origin") else None
        return Plan("suppliers, most countries first", lambda: most_countries(suppliers(
            net, to, False, as_of, strengths, technology, None, origin), top),
            "kg suppliers" + (f" --to {shlex.quote(to)}" if to else "")
            + (f" --origin {shlex.quote(origin)}" if origin else "")
            + (f" --technology {_tech_arg(technology)}" if technology else "")
            + (f" --strength {c['strength']}" if c.get("strength") else "")
            + "  (sorted by countries)", DATED | {"top", "technology"})
    if named and c.get("superlative") and not places and not orgs \
            and comp.answer in ("vendors", "who"):
        top = c.get("top")
        return Plan("rank by reach", lambda: counted(rank(net, "reach"), top),
                    "kg rank --by reach" + (f" --top {top}" if top else ""), frozenset({"top"}))
    # "who supplies Hikvision cameras to Johannesburg": a vendor of the deal named with it
    # describes the deal, it is not a second question.
    of_deal = deals and all(any(u == m.target for u, _, k in net.graph.in_edges(
        deals[0].target, data="kind") if k == "supply") for m in vendors)
    if named and comp.answer in ("who", "vendors") and (buyers or deals) \
            and (not vendors or of_deal) and len(buyers + deals) == 1:
        node = (buyers or deals)[0].target
        return Plan("supplied-to", lambda: supplied_to(net, node, as_of, strengths),
                    f"kg profile '{net.label(node)}'  (section: supplied by)", DATED)
    if named and comp.relation != "buy" and comp.answer in ("vendors", "who") and not orgs \
            and (places or c.get("origin") or technology or strengths):
        if len(places) > 1:
            return None
        to = net.label(places[0].target) if places and places[0].kind == "country" else (
            places[0].text if places else None)
        origin = net.label(c["origin"]) if c.get("origin") else None
        restricted = bool(c.get("restricted"))
        return Plan("suppliers", lambda: suppliers(
            net, to, restricted, as_of, strengths, technology, None, origin),
            "kg suppliers" + (f" --to {shlex.quote(to)}" if to else "")
            + (f" --origin {shlex.quote(origin)}" if origin else "")
            + (" --restricted" if c.get("restricted") else "")
            + (f" --technology {_tech_arg(technology)}" if technology else "")
            + (f" --as-of {as_of}" if as_of else "")
            + (f" --strength {c['strength']}" if c.get("strength") else ""), DATED | {"technology"})
    if comp.relation == "buy" and comp.answer in ("who", "vendors", "what") \
            and len(places) == 1 and not orgs:
        to = net.label(places[0].target) if places[0].kind == "country" else places[0].text
        restricted = bool(c.get("restricted"))
        return Plan("suppliers", lambda: suppliers(net, to, restricted, as_of, strengths,
                                                   technology), f"kg suppliers --to '{to}'"
                    + (f" --technology {_tech_arg(technology)}" if technology else ""), DATED | {"technology"})
    if comp.relation in ("supply", "buy", "member") and comp.answer in ("countries", "what") \
            and len(vendors) == 1 and places and all(m.kind == "group" for m in places):
        name, groups = net.label(vendors[0].target), [m.text for m in places]

        def within_all() -> Answer:
            answer = customers(net, name, as_of, strengths, technology)
            for group in groups:
                answer = within_group(answer, net, group, as_of)
            return answer
        return Plan("customers within a group", within_all,
                    f"kg profile '{name}'  (section: supplies), kept to "
                    + " and ".join(groups), DATED | {"technology"})
    if comp.relation == "supply" and comp.answer == "who" and len(vendors) == 1 and not places \
            and not buyers and not deals and comp.question.rstrip(" ?.!").lower().endswith(" to"):
        comp.answer = "countries"   # "who did Trovicor sell monitoring centres to"
    if comp.relation in ("supply", "buy") and comp.answer in ("countries", "what", "count") \
            and len(vendors) == 1 and not places:
        name = net.label(vendors[0].target)
        if comp.answer == "count":
            return Plan("reach", lambda: reach(net, name, assertions, strengths),
                        f"kg reach '{name}'")
        return Plan("customers", lambda: customers(net, name, as_of, strengths, technology),
                    f"kg profile '{name}'  (section: supplies)", DATED | {"technology"})
    if comp.relation == "finance" and comp.answer in ("who", "vendors", "what") and not vendors:
        target = deals or buyers or places
        if len(target) == 1:
            node = target[0].target
            return Plan("financed_by", lambda: financed_by(net, node),
                        f"kg profile '{net.label(node)}'  (section: financed by)")
    if comp.relation == "finance" and comp.answer in ("countries", "what") and len(vendors) == 1 \
            and places and all(m.kind == "group" for m in places) and _lends(net, vendors[0].target):
        # "Which BRI members did China Eximbank lend to": its financing, kept to the members.
        lender, groups = vendors[0].target, [m.text for m in places]
        return Plan("financed within a group", lambda: financed_within(
            financed(net, lender), net, groups, as_of),
            f"kg profile '{net.label(lender)}'  (section: finances), kept to "
            + " and ".join(groups), DATED)
    if comp.relation == "finance" and comp.answer in ("what", "countries", "deals") \
            and len(vendors) == 1 and not places:
        node = vendors[0].target
        return Plan("financed", lambda: financed(net, node),
                    f"kg profile '{net.label(node)}'  (section: finances)")
    if comp.relation == "finance" and len(vendors) == 2 and comp.answer in ("what", "deals"):
        # "Which Huawei projects did China Exim Bank pay for": a lender's financing, kept to
        # the deals the other organisation supplied.
        lender, vendor = sorted((m.target for m in vendors), key=lambda n: not _lends(net, n))
        if _lends(net, lender) and not _lends(net, vendor):
            return Plan("financed, kept to a vendor's deals",
                        lambda: deals_of_vendor(financed(net, lender), net, vendor),
                        f"kg profile '{net.label(lender)}'  (section: finances), kept to the "
                        f"deals {net.label(vendor)} supplied")
    if comp.relation == "finance" and comp.answer in ("who", "what") and len(vendors) == 1 \
            and not _lends(net, vendors[0].target) and not places:
        # "who's financing Huawei's deals": the financing of each deal the vendor supplied.
        vendor = vendors[0].target
        return Plan("financing of a vendor's deals", lambda: vendor_deals_financing(net, vendor),
                    f"kg profile DEAL  (section: financed by), for each deal of "
                    f"{net.label(vendor)}")
    if comp.relation == "restrict" and instruments and not orgs and not places \
            and comp.answer in ("vendors", "who", "what", "count"):
        # "Which companies are on the 1260H list": the list's entries in the graph.
        notation = instruments[0].target
        return Plan("claims on a list", lambda: list_entries(net, notation, c.get("origin")),
                    _claims_command(net, [], "restriction", notation)
                    + (f"  (kept: targets based in {net.label(c['origin'])})"
                       if c.get("origin") else ""))
    if by_country and comp.answer in ("what", "yes-no", "when"):
        # "has Uniview been blacklisted by the US": its restrictions by that country's
        # authorities (kg.analysis.restrictions.authorities), not a claim tying it to a country.
        node, country = orgs[0].target, places[0].target
        return Plan("restrictions by a country's authorities", lambda: by_authorities_of(
            restrictions(net, node, None, as_of), net, country),
            f"kg profile '{net.label(node)}'  (section: restrictions), kept to the authorities "
            f"of {net.label(country)}", DATED)
    if comp.relation == "restrict" and comp.answer in ("what", "yes-no") and len(orgs) == 1 \
            and not places:
        node = orgs[0].target
        notation = instruments[0].target if instruments else None
        return Plan("restrictions", lambda: restrictions(
            net, node, net.concept(notation) if notation else None, as_of),
            f"kg profile '{net.label(node)}'  (section: restrictions)", DATED)
    if comp.relation == "propose" and len(vendors) == 1 \
            and comp.answer in ("standards", "what", "yes-no"):
        bodies = comp.of("standards body")
        body = net.label(bodies[0].target) if bodies else None
        node = vendors[0].target
        nodes = [node] + [b.target for b in bodies]
        return Plan("proposers", lambda: proposals_of(proposers(net, body), net, nodes),
                    "kg ask (no single command: proposals by body)")
    if comp.relation == "propose" and comp.answer in ("who", "vendors") and not vendors:
        bodies = comp.of("standards body")
        body = net.label(bodies[0].target) if bodies else None
        listed = net.concept(instruments[0].target) if instruments else None
        origin = c.get("origin")
        restricted = bool(c.get("restricted") or c.get("restricted by"))
        return Plan("proposers", lambda: proposers_based_in(proposers(net, body, listed, restricted), net,
                                               origin),
                    "kg ask (no single command: proposers by body)"
                    + (f", on the {listed}" if listed else "")
                    + (f", based in {net.label(origin)}" if origin else ""))
    return None


def _described(net: Network, vendors: list[Mention], places: list[Mention],
               technology: str | None) -> list[str]:
    """Return the deals (one per real-world fact) the vendor supplied in the country, of the
    technology when one is named."""
    vendor, country = vendors[0].target, places[0].target
    found = {}
    for _, deal, attrs in net.graph.out_edges(vendor, data=True):
        if attrs["kind"] != "supply" or net.kind(deal) != "deal":
            continue
        if not any(v == country and a["verb"] == "in"
                   for _, v, a in net.graph.out_edges(deal, data=True)):
            continue
        if technology and not techs(technology) & set(net.claims.get(deal, {}).get(
                "technologies", [])):
            continue
        found.setdefault(net.fact(deal), deal)
    return sorted(found.values())


def _supplies(net: Network, node: str) -> bool:
    return any(k == "supply" for _, _, k in net.graph.out_edges(node, data="kind"))


def _lends(net: Network, node: str) -> bool:
    return any(k == "financing" for _, _, k in net.graph.out_edges(node, data="kind"))


def _between_plan(net: Network, comp: Composition, orgs: list[Mention], others: list[Mention],
                  instruments: list[Mention], extra: list[str] = ()) -> Plan:
    """A "when" or yes/no question: the claims tying what it names, with their dates. Several
    organisations beside an instrument or a place ("When were Dahua and Megvii added to the
    Entity List?") are asked about one by one, not as one claim tying them all."""
    kinds = RELATION_KINDS_OF.get(comp.relation)
    notation = instruments[0].target if instruments else None
    rest = [m.target for m in others] + list(extra)
    each = len(orgs) > 1 and (rest or notation)
    groups = [[m.target] + rest for m in orgs] if each else [[m.target for m in orgs] + rest]

    period = {k: comp.constraints[k] for k in ("in", "since", "after", "before")
              if comp.constraints.get(k)}

    def run() -> Answer:
        answers = [claims_between(net, nodes, kinds, notation) for nodes in groups]
        return in_period(answers[0] if len(answers) == 1 else merged(answers), period)

    kind = ",".join(sorted(kinds)) if kinds and len(kinds) == 1 else None
    return Plan("claims between", run, " ; ".join(
        _claims_command(net, nodes, kind, notation, period=period) for nodes in groups))


def _claims_command(net: Network, nodes: list[str], kind: str | None = None,
                    notation: str | None = None, authority: str | None = None,
                    period: dict | None = None) -> str:
    """Return the `kg claims` command that gives the same rows (names quoted for a shell)."""
    parts = ["kg claims"] + [shlex.quote(net.label(n)) for n in nodes]
    if kind:
        parts.append(f"--kind {kind}")
    if notation:
        parts.append(f"--instrument {notation}")
    if authority:
        parts.append(f"--authority {shlex.quote(net.label(authority))}")
    period = period or {}
    if period.get("in"):
        parts.append(f"--in {period['in']}")
    if period.get("since") or period.get("after"):
        parts.append(f"--since {period.get('since') or int(period['after']) + 1}")
    if period.get("before"):
        parts.append(f"--before {period['before']}")
    return " ".join(parts)


# The network relation kinds each relation of a question reads (kg.analysis.network).
RELATION_KINDS_OF = {"supply": {"supply"}, "buy": {"supply"}, "finance": {"financing"},
                     "restrict": {"restriction"}, "propose": {"proposal", "standards"},
                     "member": {"membership"}, "leave": {"membership"},
                     "develop": {"standards"}}


def _tech_arg(technology) -> str:
    """Return a technology filter as `kg suppliers --technology` takes it (comma-separated)."""
    return ",".join(sorted(techs(technology)))


def _found(answer: Answer, question: str) -> Answer:
    """A findings answer that found nothing is no answer: the question is refused."""
    if not answer.rows and not any(n.startswith("no source found") for n in answer.notes):
        raise NotComposed(question, [], None)
    return answer


def compose(net: Network, question: str, assertions=()) -> Answer:
    """Return the answer composed from the question's parts, with `explain` saying how; raise
    NotComposed (with the words not placed) when it maps onto no operation."""
    comp = read(net, question)
    chosen = None if comp.unplaced else plan(net, comp, assertions)
    if chosen is None:
        # Not an operation's question: perhaps one the curators researched without a source.
        named = [(m.target, m.kind, m.text) for m in comp.mentions if m.target]
        # The years and months a question names must be the gap's: a question about October
        # 2019 does not ask the gap about July 2020.
        dated = [w for w, _, _ in tokens(question) if w in MONTHS or (w.isdigit() and len(w) == 4)]
        verbs = [w for w, _, _ in tokens(question) if w in VERBS]
        gaps = asked_gaps(net, comp.relations or comp.relation, named, comp.unplaced + dated,
                          question, verbs)
        if not gaps:
            raise NotComposed(question.strip(), comp.unplaced, comp.relation)
        chosen = Plan("researched gaps", lambda: gap_answer(question.strip(), gaps),
                      "kg gaps (data/curated/gaps.yaml: " + ", ".join(
                          g["id"].split("/")[-1] for g in gaps) + ")")
    answer = chosen.run()
    if comp.constraints.get("according to"):
        answer.notes.append(f"'according to {comp.constraints['according to']}': not a filter; "
                            "every row names its sources")
    tech = comp.of("technology")
    if tech and "technology" not in chosen.uses and chosen.operation not in (
            "researched gaps", "standards"):
        answer.notes.append(f"not filtered by technology ({', '.join(m.text for m in tech)}): "
                            f"{chosen.operation} counts claims of any technology")
    if comp.constraints.get("restricted by"):
        answer.notes.append(f"restrictions of any authority are counted, not only those of "
                            f"{net.label(comp.constraints['restricted by'])}: see each row's "
                            "restrictions")
    for key in ("as of", "in", "before", "since", "after", "top"):
        if key == "in" and "as of" in chosen.uses and comp.constraints.get("as of") \
                == comp.constraints.get("in"):
            continue
        if key == "as of" and "in" in chosen.uses:
            continue
        if key in comp.constraints and key not in chosen.uses and chosen.operation not in (
                "claims between", "researched gaps"):
            # Read but not applied: say so, rather than let the rows pass for filtered ones.
            answer.notes.append(
                f"not limited to the top {comp.constraints[key]}: {chosen.operation} gives "
                "every row" if key == "top" else
                f"not filtered by '{key} {comp.constraints[key]}': {chosen.operation} counts "
                "claims of any date")
    answer.explain = {"question": question.strip(), "form": "composed from parts",
                      "mentions": [f"{m.text} -> {m.kind} {', '.join(m.labels or m.targets)} "
                                   f"({m.how})" for m in comp.mentions],
                      "relation": comp.relation, "answer type": comp.answer,
                      "constraints": {k: (net.label(v) if k == "origin" else v)
                                      for k, v in comp.constraints.items()},
                      "command": chosen.command, **(answer.explain or {})}
    return answer
