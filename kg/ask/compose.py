"""An answer composed from the parts of a question no whole-sentence form matches.

The parts: the entities it names (kg.ask.mentions), a relation from its verb and their synonyms
(supply, buy, finance, restrict, propose, member), the answer type from the question word and
head noun (which companies / which countries / who / how many / is ... / does ...), and simple
constraints (a vendor's origin: "US companies"; a group or country; a technology; "in 2019"; a
strength word; "the most"). The composition is mapped onto one existing operation of
kg.analysis, never a new way of computing an answer. A question with words it cannot place,
or whose parts fit no operation, raises `NotUnderstood` naming those words: it is never
answered as another question.
"""
from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from typing import Callable

from kg.analysis.answers import Answer
from kg.errors import KGError
from kg.analysis.between import claims_between, in_period
from kg.analysis.buyers import is_buyer, supplied_to
from kg.analysis.customers import customers
from kg.analysis.financing import financed, financed_by
from kg.analysis.findings import findings
from kg.analysis.groups import resolve_group
from kg.analysis.network import Network
from kg.analysis.proposals import bodies_under, proposers
from kg.analysis.rank import rank
from kg.analysis.reach import reach
from kg.analysis.restrictions import authorities, restrictions
from kg.analysis.strength import valid
from kg.analysis.suppliers import suppliers
from kg.analysis.when import checked
from kg.ask.gaps import asked_gaps, gap_answer
from kg.ask.mentions import KINDS, Mention, mentions, singular, tokens

# Counts a question states ("which eleven companies"): the rows say how many there are.
NUMBERS = set("""two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty""".split())
MONTHS = {m: i for i, m in enumerate("""january february march april may june july august
    september october november december""".split(), 1)}
QUESTION_WORDS = set("""which what who whom whose whos whats when where how is are was were do
    does did has have in to from of by for list name show give tell""".split())
# Words that open a request rather than ask ("could you tell me which ...", "name the ...").
OPENERS = set("please can could would you tell show give list name me i want to know".split())
# The nouns of who lends: "which bank financed ..." asks who.
LENDER_NOUNS = set("bank banks lender lenders financier financiers".split())
# The constraints an operation that counts at a date applies ("before 2015" is as of 2014).
DATED = frozenset({"as of", "before"})
# Each relation's verbs and nouns, as the question's words (lower case, "'s" dropped).
RELATIONS = {
    "supply": """supply supplies supplied supplying supplier suppliers sell sells sold selling
        seller sellers build builds built building install installs installed installing deploy
        deploys deployed deploying provide provides provided providing export exports exported
        exporting exporter exporters equip equipped operate operates operating work works
        turned contractor contractors maker makers provider providers vendor present found
        set""",
    "buy": """buy buys bought buying buyer buyers import imports imported importing use uses used
        using purchase purchases purchased procure procured customer customers client clients""",
    "finance": """finance finances financed financing fund funds funded funding lend lends lent
        lending lender lenders loan loans loaned credit credits paid pay pays bankrolled
        bankroll bankrolls prefinanced bank banks""",
    "restrict": """restrict restricts restricted restriction restrictions sanction sanctions
        sanctioned blacklist blacklisted ban bans banned list listed listing listings designated
        covered face faces blacklists named""",
    "propose": """propose proposes proposed proposal proposals submit submits submitted
        contribute contributes contributed contribution contributions came come proposer
        proposers send sent shape shaping shaped""",
    "member": """member membership join joins joined belong belongs belonged""",
    "leave": """leave leaves left exit exits exited withdraw withdrew withdrawn quit pull
        pulled""",
    "develop": """develop develops developed produce produces produced approve approves
        approved adopt adopted cover covers publish publishes published issued""",
}
# Verbs that say which relation only beside what they act on: "added to the Entity List" is a
# restriction, "signed the deal" a supply, "signed up to Belt and Road" a membership.
CONTEXT_VERBS = set("""add added adds put placed lifted sign signs signed signing get gets got
    take took taken effect part go goes went gone start starts started begin began receive
    receives received""".split())
VERBS = {word: relation for relation, words in RELATIONS.items() for word in words.split()}
VENDOR_NOUNS = set("""company companies vendor vendors firm firms supplier suppliers seller sellers
    manufacturer manufacturers exporter exporters""".split())
COUNTRY_NOUNS = set("""country countries state states government governments nation nations
    members buyers customers clients""".split())
DEAL_NOUNS = set("deal deals project projects contract contracts loan loans agreement".split())
STANDARD_NOUNS = set("""standard standards recommendation recommendations study group groups
    question questions body bodies""".split())
# Words that carry no part of the meaning here: question words, articles, auxiliaries and the
# generic nouns journalists put around a technology ("surveillance technology", "systems").
FILLER = set("""which what who whom whose whos whats how many much is are was were do does did has have had
    when where since before after up
    be been the a an to of for from in on at by with and or that this these those its their it
    there any all ever money surveillance technology technologies tech equipment systems system
    products product cameras camera gear tools tool kit please me tell show list give can could
    you would kind kinds sort most more top number count member tech ever new first
    deal deals project projects contract contracts loan loans agreement agreements other others
    pre under name i want know like whom any ones currently now today both powered based
    enabled driven visual procurement behind market markets onto also writing researching m
    about trade out monitoring year years date month""".split()) | set(MONTHS) | set(NUMBERS)
STRENGTH_WORDS = {"reported": None, "licensed": "export-licence", "detected": "detected",
                  "licence": "export-licence", "license": "export-licence",
                  "licences": "export-licence", "licenses": "export-licence"}
# "AI surveillance" is what the AI Global Surveillance Index lists: its rows are index listings,
# which name no technology (the same reading as kg.ask.questions' _AI_SURVEILLANCE).
AI_SURVEILLANCE = re.compile(r"\bai\b(?: surveillance)?")
_YEAR = re.compile(r"\b(?:in|as of|as at|by) (\d{4})\b")


@dataclass
class Composition:
    """What a question was read as: its mentions, relation, answer type and constraints."""

    question: str
    mentions: list[Mention]
    relation: str | None = None
    answer: str | None = None          # vendors, countries, who, count, yes-no, standards, ...
    constraints: dict = field(default_factory=dict)
    unplaced: list[str] = field(default_factory=list)
    relations: list[str] = field(default_factory=list)   # every relation word read, in order

    def of(self, *kinds: str) -> list[Mention]:
        """Return the mentions of those kinds (an unambiguous target each), in order; a thing
        named twice ("Ecuador's ECU", a name and its code) once."""
        found = {}
        for m in self.mentions:
            if m.kind in kinds and m.target:
                found.setdefault(m.target, m)
        return list(found.values())


def read(net: Network, question: str) -> Composition:
    """Return the parts of a question: mentions, relation, answer type, constraints, and the
    words it could not place."""
    text = question.strip()
    found = mentions(net, text)
    words = tokens(text)
    lowered = [w for w, _, _ in words]
    comp = Composition(text, found)
    inside = [any(m.start <= s < m.end for m in found) for _, s, _ in words]
    free = [w for w, i in zip(lowered, inside) if not i]
    comp.answer = _answer_type(lowered, inside, [m.kind for m in found])
    joined = " ".join(lowered)
    if (year := _YEAR.search(joined)):
        comp.constraints["as of"] = year.group(1)
    if (month := re.search(r"\b(?:in )?(" + "|".join(MONTHS) + r") (\d{4})\b", joined)):
        comp.constraints["in"] = f"{month.group(2)}-{MONTHS[month.group(1)]:02d}"
    elif (year := re.search(r"\b(?:in|during) (\d{4})\b", joined)):
        comp.constraints["in"] = year.group(1)
    if "both" in free:
        comp.constraints["both"] = True
    for word in ("since", "before", "after"):
        if (year := re.search(rf"\b{word} (\d{{4}})\b", joined)):
            comp.constraints[word] = year.group(1)
    if (top := re.search(r"\btop (\d{1,2})\b", joined)):
        comp.constraints["top"] = int(top.group(1))
    if "most" in free or "top" in free:
        comp.constraints["superlative"] = "most"
    if AI_SURVEILLANCE.search(" ".join(free)) or any(
            m.text.lower().startswith("ai") for m in found if m.kind == "technology"):
        comp.constraints["strength"] = "index-listing"
        found[:] = [m for m in found if not (m.kind == "technology"
                                             and m.text.lower().startswith("ai"))]
    spans = [(m.start, m.end) for m in found]   # an origin's words stay placed once removed
    according = re.search(r"\b(?:according to|as reported by|per) (.+)$", text.lower().rstrip(" ?.!"))
    if according:   # "..., according to Carnegie": every row names its sources; a note says so
        spans.append((according.start(), len(text)))
        comp.constraints["according to"] = text[according.start(1):].rstrip(" ?.!")
    _origin(comp, words)
    _agencies(net, comp, words)
    spans += [(m.start, m.end) for m in comp.mentions]
    inside = [any(a <= s < b for a, b in spans) for _, s, _ in words]
    described = {w for m in found for label in (m.labels or ()) for w, _, _ in tokens(label)}
    context = []
    read_relations = []
    opening = 0   # "list the vendors ...": an opening request word is not a relation
    while opening < len(words) and words[opening][0] in OPENERS and not inside[opening]:
        opening += 1
    for i, ((word, _, _), is_name) in enumerate(zip(words, inside)):
        if is_name or i < opening:
            continue
        if word in VERBS:
            read_relations.append(VERBS[word])
            comp.relation = comp.relation or VERBS[word]
        elif word in STRENGTH_WORDS and STRENGTH_WORDS[word]:
            comp.constraints["strength"] = STRENGTH_WORDS[word]
        elif word in CONTEXT_VERBS:
            context.append(word)
        elif not (word in VERBS or word in FILLER or word in VENDOR_NOUNS or word in COUNTRY_NOUNS
                  or word in STANDARD_NOUNS or word.isdigit() or word in ("ai", "s", "as")
                  or word in described or singular(word) in described):
            # A word of a named entity's own label describes it ("the Vientiane police command
            # center"): it is placed by that mention.
            comp.unplaced.append(word)
    comp.relations = read_relations
    if comp.answer is None and lowered[:1] == ["how"] and comp.relation == "finance":
        comp.answer = "who"   # "how did Kenya finance ...": by whom, with what
    if comp.relation == "restrict" and {"supply", "buy"} & set(read_relations) \
            and comp.answer in ("vendors", "who", "what", "yes-no") \
            and any(w in VENDOR_NOUNS for w in free):
        # "Which blacklisted Chinese firms sell to ...", "Zimbabwe's suppliers under US
        # sanctions": suppliers, kept to the restricted ones.
        comp.constraints["restricted"] = True
        comp.relation = next(r for r in read_relations if r in ("supply", "buy"))
    elif comp.relation in ("supply", "buy") and "restrict" in read_relations \
            and comp.answer in ("vendors", "who", "yes-no") \
            and any(w in VENDOR_NOUNS for w in free):
        comp.constraints["restricted"] = True
    if comp.constraints.get("restricted") and comp.answer == "yes-no":
        comp.answer = "vendors"   # "are any of Uganda's suppliers sanctioned": which are
    if comp.relation is None and comp.of("group") and comp.of("country"):
        comp.relation = "member"  # "Is Colombia in the Belt and Road?"
    if context and comp.relation is None:
        comp.relation = _context_relation(comp, context)
    if comp.unplaced:
        _deal_by_words(net, comp)
    if comp.relation is None and comp.of("instrument"):
        comp.relation = "restrict"  # "companies on the 1260H list"
    if comp.relation is None and comp.constraints.get("strength") in ("detected", "export-licence"):
        comp.relation = "supply"    # "where was Blue Coat equipment detected"
    _instrument_owner(net, comp)
    if comp.relation is None and context:
        comp.unplaced += [w for w in context if w not in ("get", "got", "take", "took", "taken",
                                                          "effect", "up")]
    return comp


# Words that, after a country, name one of its agencies ("Kenya's police", "the Malaysian
# police", "Serbia's interior ministry").
AGENCY_WORDS = set("""police army military intelligence interior ministry security service
    army navy gendarmerie""".split())


def _agencies(net: Network, comp: Composition, words) -> None:
    """Read "<country>'s police" as that country's one agency (or buyer company) whose name
    has those words; when none or several have them, the words stay unplaced (never a guess)."""
    countries = comp.of("country")
    its = [(w, s, e) for w, s, e in words if w == "its"]
    for mention in countries:
        after = [(w, s, e) for w, s, e in words if s >= mention.end][:3]
        if len(countries) == 1 and its and its[0][1] > mention.end:
            # "How did Kenya finance its police surveillance system": its = Kenya's
            after = [(w, s, e) for w, s, e in words if s > its[0][1]][:3]
        run = []
        for w, s, e in after:
            if w not in AGENCY_WORDS:
                break
            run.append((w, s, e))
        if not run:
            continue
        based = [u for u, v, kind in net.graph.edges(data="kind")
                 if kind == "home" and v == mention.target
                 and net.kind(u) in ("agency", "company")]
        fitting = [u for u in based
                   if all(w in {x for x, _, _ in tokens(net.label(u))} for w, _, _ in run)
                   and (net.kind(u) == "agency" or is_buyer(net, u))]
        if len(fitting) != 1:
            continue
        node = fitting[0]
        start, end = min(mention.start, run[0][1]), max(mention.end, run[-1][2])
        if run[0][1] > mention.end and len(countries) == 1 and its:
            # Two places of the question name the agency: the country, and "its police".
            comp.mentions.append(Mention(run[0][1], run[-1][2], comp.question[run[0][1]:run[-1][2]],
                                         KINDS.get(net.kind(node), "agency"), (node,),
                                         f"'its {run[0][0]}' of {mention.text}",
                                         (net.label(node),)))
            comp.mentions.remove(mention)
            comp.mentions.sort(key=lambda m: m.start)
            continue
        comp.mentions[comp.mentions.index(mention)] = Mention(
            start, end, comp.question[start:end], KINDS.get(
                net.kind(node), "agency"), (node,), f"{mention.how} + '{run[0][0]}'",
            (net.label(node),))


def _deal_by_words(net: Network, comp: Composition) -> None:
    """Read the words left over as a deal's own name words when exactly one deal of a country,
    buyer or vendor the question names has all of them in its name ("Kenya's police
    surveillance tender", "the Lao police hotline"): the words describe that deal, and a buyer
    named only as part of the description gives way to it. Never a guess between deals."""
    words = {singular(w) for w in comp.unplaced}
    named = {m.target for m in comp.mentions if m.target}
    fitting = []
    for deal in net.nodes_of("deal"):
        attrs = net.graph.nodes[deal]
        own = {singular(w) for text in [attrs.get("label", "")] + list(attrs.get("aliases", []))
               for w, _, _ in tokens(text)}
        linked = {v for _, v in net.graph.out_edges(deal)} | {u for u, _ in net.graph.in_edges(deal)}
        if words <= own and linked & named:
            fitting.append((deal, linked))
    if len(fitting) != 1:
        return
    deal, linked = fitting[0]
    buyers = [m for m in comp.mentions if m.target in linked and m.kind == "agency"]
    for m in buyers:
        comp.mentions.remove(m)
    start = min([m.start for m in buyers] or [0])
    comp.mentions.append(Mention(start, start, net.label(deal), "deal", (deal,),
                                 "words of its name: " + ", ".join(sorted(words)),
                                 (net.label(deal),)))
    comp.unplaced = []


def _instrument_owner(net: Network, comp: Composition) -> None:
    """Drop an authority named as an instrument's owner ("the Pentagon's 1260H list"): it
    says whose list it is, not a second thing the question is about."""
    for first, second in zip(comp.mentions, comp.mentions[1:]):
        between = comp.question[first.end:second.start].strip().lower()
        if second.kind == "group" and first.kind == "country" and between in ("'s", "\u2019s"):
            comp.mentions.remove(first)   # "China's Belt and Road": whose initiative it is
            return
        if second.kind == "instrument" and first.kind in ("agency", "organisation") \
                and first.target and second.target and any(
                    net.claims.get(r, {}).get("instrument") == second.target
                    for _, r, verb in net.graph.out_edges(first.target, data="verb")
                    if verb == "imposes"):
            comp.mentions.remove(first)
            return


def _context_relation(comp: Composition, verbs: list[str]) -> str | None:
    """Return the relation a context verb takes from what it acts on: an instrument makes a
    restriction, a group a membership, a deal a supply."""
    if comp.of("instrument"):
        return "restrict"
    if any(m.kind == "group" for m in comp.mentions) and {"sign", "signed", "part"} & set(verbs):
        return "member"
    if comp.of("deal") or {"sign", "signed", "signing"} & set(verbs):
        return "supply"
    if {"get", "gets", "got"} & set(verbs):
        return "buy"   # "which vendors Mongolia gets its cameras from"
    return None


def _answer_type(words: list[str], inside: list[bool] | None = None,
                 kinds_after: list[str] | None = None) -> str | None:
    """Return what kind of answer the question word and head noun ask for; the head noun is
    read past the names ("which Belt and Road countries")."""
    inside = inside or [False] * len(words)
    while words and words[0] in OPENERS and not inside[0]:
        words, inside = words[1:], inside[1:]   # "could you tell me which ..."
    if words and words[0] not in QUESTION_WORDS and ":" not in words:
        # "I'm writing about Nigeria: who are its suppliers?": ask from the question word.
        at = next((i for i, w in enumerate(words) if w in ("who", "which", "what", "whose")
                   and i > 0 and not inside[i]), None)
        if at is not None and words[0] not in ("of",):
            words, inside = words[at:], inside[at:]
    if words[:2] in (["in", "which"], ["to", "which"], ["from", "which"], ["of", "which"],
                     ["by", "which"], ["in", "what"], ["for", "which"]):
        words, inside = words[1:], inside[1:]   # "in which countries ..."
    free = [w for w, i in zip(words, inside) if not i]
    if words[:2] == ["how", "many"] or words[:3] == ["in", "how", "many"]:
        return "count"
    if words[:2] in (["how", "was"], ["how", "were"], ["how", "is"]):
        return "who"   # "how was X paid for": by whom
    if words and words[0] in ("when",) or words[:2] == ["since", "when"]:
        return "when"
    if words and words[0] == "where":
        return "countries"
    if words[:2] in (["what", "year"], ["which", "year"], ["what", "date"]):
        return "when"
    if words[:3] == ["of", "the", "countries"]:
        return "countries"   # "of the countries using Dahua technology, which ..."
    if words and words[0] in ("which", "what", "whats"):
        if len(inside) > 1 and inside[1] and kinds_after and kinds_after[0] == "group":
            return "countries"   # "which closed autocracies ...", "which BRI members ..."
        if any(word in VENDOR_NOUNS or word == "proposers" for word in free[1:7]):
            return "vendors"   # "which of the ITU standard proposers": the proposers
        for word in free[1:7]:
            if word in VENDOR_NOUNS:
                return "vendors"
            if word in COUNTRY_NOUNS:
                return "countries"
            if word in STANDARD_NOUNS:
                return "standards"
            if word in DEAL_NOUNS:
                return "deals"
            if word in LENDER_NOUNS:
                return "who"
        return "what"
    if words and words[0] in ("who", "whos", "whom", "whose"):
        return "who"
    if words and words[0] in ("is", "are", "was", "were", "does", "do", "did", "has", "have"):
        return "yes-no"
    # A noun phrase ("Entity-List vendors that proposed ITU standards", "huawei customers"):
    # its head noun is the answer type; without one, "Kenya supply" is not "who supplies Kenya".
    for word in free[:3]:
        if word in VENDOR_NOUNS or word in ("suppliers", "makers", "providers"):
            return "vendors"
        if word in ("customers", "clients", "buyers") or word in COUNTRY_NOUNS:
            return "countries"   # "huawei customers", "Palantir's customer countries"
    if any(word in VERBS and word.endswith("s") for word in free[:3]):
        return "what"  # "Hikvision's sanctions", "ZTE proposals"
    return None


def _origin(comp: Composition, words) -> None:
    """A country named just before a vendor noun is the vendors' origin ("US companies",
    "Israeli spyware firms"), unless it is a possessive ("Ecuador's suppliers" supply
    Ecuador); one just before a restriction noun is the restricting country ("US sanctions")."""
    for mention in comp.of("country"):
        if comp.question[mention.end:mention.end + 1] in ("'", "\u2019"):
            continue
        after = [w for w, s, _ in words if s >= mention.end
                 and not any(m.start <= s < m.end and m.kind == "technology"
                             for m in comp.mentions)][:1]
        if after and after[0] in VENDOR_NOUNS:
            comp.constraints["origin"] = mention.target
            comp.mentions.remove(mention)
            return
        next_two = [w for w, s, _ in words if s >= mention.end][:2]
        before = [w for w, _, e in words if e <= mention.start][-2:]
        if (next_two and VERBS.get(next_two[0]) == "restrict") or (
                next_two[:1] in (["export"], ["trade"]) and VERBS.get(
                    next_two[1:2][0] if next_two[1:] else "") == "restrict") or (
                before and (before[-1] == "by" or before[-2:] == ["by", "the"])
                and any(VERBS.get(w) == "restrict" for w, _, e in words
                        if e <= mention.start)):
            # "US sanctions", "US export restrictions", "sanctioned by the US": whose
            # restrictions, not a buyer or a second subject.
            comp.constraints["restricted by"] = mention.target
            comp.mentions.remove(mention)
            return


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
    tech = comp.of("technology")
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
            return Plan("financed_by", lambda: _merged_if_many(
                [financed_by(net, d) for d in described]),
                f"kg profile {labels}  (section: financed by)", frozenset({"technology"}))
        return Plan("supplied-to", lambda: supplied_to(net, described, as_of, strengths),
                    f"kg profile {labels}  (section: supplied by)", DATED | {"technology"})
    period = {k: c[k] for k in ("in", "since", "after", "before") if c.get(k)}
    if comp.relation == "leave" and places:
        countries = [m for m in places if m.kind == "country"]
        groups = [m.target for m in places if m.kind == "group"] or ["initiative/belt-and-road"]
        if countries and groups[0] in net.graph:
            return _between_plan(net, comp, countries, [], [], extra=groups[:1])
        if groups[0] in net.graph and comp.answer in ("countries", "what", "who", "count"):
            group = groups[0]
            return Plan("memberships that ended", lambda: in_period(_ended(
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
            return Plan("standards", lambda: in_period(_standards(net, [
                claims_between(net, [n], {"standards"}) for n in nodes], bool(recs),
                technology), period),
                " ; ".join(_claims_command(net, [n], "standards", period=period)
                           for n in nodes), frozenset(period))
    if comp.relation in ("supply", "buy") and comp.answer in ("what", "deals") \
            and len(vendors) == 1 and len(places) <= 1 and not deals and places[:1] != [None] \
            and (places or comp.answer == "deals"):
        nodes = [vendors[0].target] + [m.target for m in places]
        only_deals = comp.answer == "deals"
        return Plan("claims between", lambda: in_period(_deals_only(
            claims_between(net, nodes, {"supply"}), only_deals, technology, net), period),
            _claims_command(net, nodes, "supply", period=period)
            + ("  (kept: the deals)" if only_deals else ""),
            frozenset(period) | {"technology"})
    if c.get("both") and comp.relation in ("supply", "buy"):
        if len(vendors) == 2 and not places and comp.answer in ("countries", "what", "count"):
            names = [net.label(m.target) for m in vendors]
            return Plan("customers of both", lambda: _common(
                [customers(net, n, as_of, strengths) for n in names], "country"),
                " & ".join(f"kg profile '{n}'" for n in names) + "  (countries in both)",
                DATED)
        if len(places) == 2 and not orgs and comp.answer in ("vendors", "who"):
            names = [net.label(m.target) if m.kind == "country" else m.text for m in places]
            return Plan("suppliers of both", lambda: _common(
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
            _imposed_by(net, country), period),
            " ; ".join(_claims_command(net, [], "restriction", authority=a, period=period)
                       for a in authorities(net, net.label(country))), frozenset(period))
    if comp.relation == "restrict" and len(orgs) == 1 and not instruments and not places \
            and comp.answer in ("vendors", "who", "what", "count") \
            and any(v == "imposes" for _, _, v in net.graph.out_edges(orgs[0].target, data="verb")):
        # "Which firms did the Commerce Department blacklist in October 2019": the
        # authority's restrictions (by origin and period when asked).
        authority = orgs[0].target
        return Plan("restrictions an authority imposed", lambda: in_period(_from_listed(
            claims_between(net, [], {"restriction"}, authority=authority), net,
            c.get("origin")), period),
            _claims_command(net, [], "restriction", authority=authority, period=period)
            + (f"  (kept: targets based in {net.label(c['origin'])})" if c.get("origin")
               else ""),
            frozenset(period))
    if comp.relation == "restrict" and instruments and not orgs and not places and period:
        notation = instruments[0].target
        return Plan("claims on a list", lambda: in_period(_listed(
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
        return Plan("suppliers, most countries first", lambda: _most(suppliers(
            net, to, False, as_of, strengths, technology, None, origin), top),
            "kg suppliers" + (f" --to {shlex.quote(to)}" if to else "")
            + (f" --origin {shlex.quote(origin)}" if origin else "")
            + (f" --technology {_tech_arg(technology)}" if technology else "")
            + (f" --strength {c['strength']}" if c.get("strength") else "")
            + "  (sorted by countries)", DATED | {"top", "technology"})
    if named and c.get("superlative") and not places and not orgs \
            and comp.answer in ("vendors", "who"):
        top = c.get("top")
        return Plan("rank by reach", lambda: _counted(rank(net, "reach"), top),
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
                answer = _within(answer, net, group, as_of)
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
        return Plan("financed within a group", lambda: _financed_within(
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
                        lambda: _deals_of(financed(net, lender), net, vendor),
                        f"kg profile '{net.label(lender)}'  (section: finances), kept to the "
                        f"deals {net.label(vendor)} supplied")
    if comp.relation == "finance" and comp.answer in ("who", "what") and len(vendors) == 1 \
            and not _lends(net, vendors[0].target) and not places:
        # "who's financing Huawei's deals": the financing of each deal the vendor supplied.
        vendor = vendors[0].target
        return Plan("financing of a vendor's deals", lambda: _vendor_deals_financing(net, vendor),
                    f"kg profile DEAL  (section: financed by), for each deal of "
                    f"{net.label(vendor)}")
    if comp.relation == "restrict" and instruments and not orgs and not places \
            and comp.answer in ("vendors", "who", "what", "count"):
        # "Which companies are on the 1260H list": the list's entries in the graph.
        notation = instruments[0].target
        return Plan("claims on a list", lambda: _listed(net, notation, c.get("origin")),
                    _claims_command(net, [], "restriction", notation)
                    + (f"  (kept: targets based in {net.label(c['origin'])})"
                       if c.get("origin") else ""))
    if by_country and comp.answer in ("what", "yes-no", "when"):
        # "has Uniview been blacklisted by the US": its restrictions by that country's
        # authorities (kg.analysis.restrictions.authorities), not a claim tying it to a country.
        node, country = orgs[0].target, places[0].target
        return Plan("restrictions by a country's authorities", lambda: _by_country(
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
        return Plan("proposers", lambda: _proposals_of(proposers(net, body), net, nodes),
                    "kg ask (no single command: proposals by body)")
    if comp.relation == "propose" and comp.answer in ("who", "vendors") and not vendors:
        bodies = comp.of("standards body")
        body = net.label(bodies[0].target) if bodies else None
        listed = net.concept(instruments[0].target) if instruments else None
        origin = c.get("origin")
        restricted = bool(c.get("restricted") or c.get("restricted by"))
        return Plan("proposers", lambda: _from(proposers(net, body, listed, restricted), net,
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
        if technology and not _techs(technology) & set(net.claims.get(deal, {}).get(
                "technologies", [])):
            continue
        found.setdefault(net.fact(deal), deal)
    return sorted(found.values())


def _merged_if_many(answers: list[Answer]) -> Answer:
    return answers[0] if len(answers) == 1 else _merged(answers)


def _most(answer: Answer, top: int | None) -> Answer:
    """Order a suppliers answer by countries (most first) and keep the first `top` rows."""
    answer.rows.sort(key=lambda r: (r["entity"]["kind"] == "export licence", -r["countries"],
                                    r["vendor"].lower()))
    if top:
        answer.rows = answer.rows[:top]
        answer.title += f", the {top} with most countries"
    answer.notes.insert(0, "ordered by the number of countries each vendor's counted claims name")
    return answer


def _listed(net: Network, notation: str, origin: str | None, year: str | None = None) -> Answer:
    """Return the restrictions of one instrument (the list's entries the graph holds), kept to
    targets based in a country when one is asked for."""
    answer = claims_between(net, [], {"restriction"}, notation)
    authorities = {a for r in answer.rows for a, _, verb in net.graph.in_edges(
        r.get("claims", [r.get("claim")])[0], data="verb") if verb == "imposes"}
    targets = {e["id"] for r in answer.rows for e in r.get("entities", [])
               if e["id"] not in authorities}
    answer.notes += [f"no source found: {g['question']} (searched: {g['searched']})"
                     for a in sorted(authorities) for g in net.gaps_about(a, "restriction")
                     if not year or year in g["question"]]
    answer.notes.insert(0, f"{len(answer.rows)} listings of {len(targets)} targets: a target "
                           "listed in several editions of the list, or as several legal "
                           "entities, has a row for each")
    return _from_listed(answer, net, origin)


def _from_listed(answer: Answer, net: Network, origin: str | None) -> Answer:
    """Keep a restrictions answer's rows whose target is based in a country (when asked)."""
    if origin:
        based = {u for u, v, kind in net.graph.edges(data="kind") if kind == "home" and v == origin}
        answer.rows = [r for r in answer.rows
                       if any(e["id"] in based for e in r.get("entities", []))]
        answer.title += f", targets based in {net.label(origin)}: {len(answer.rows)}"
    return answer


def _imposed_by(net: Network, country: str) -> Answer:
    """Return the restrictions the authorities of a country imposed, one row per fact."""
    from kg.analysis.restrictions import authorities
    found = authorities(net, net.label(country))
    if not found:
        raise NotComposed(net.label(country), [], "restrict")
    answer = _merged_if_many([claims_between(net, [], {"restriction"}, authority=a)
                              for a in found])
    answer.title = (f"Restrictions imposed by authorities of {net.label(country)} "
                    f"({', '.join(net.label(a) for a in found)}): {len(answer.rows)}")
    return answer


def _by_country(answer: Answer, net: Network, country: str) -> Answer:
    """Keep a restrictions answer's rows imposed by the country's authorities."""
    from kg.analysis.restrictions import authorities
    mine = {net.label(a) for a in authorities(net, net.label(country))}
    every = len(answer.rows)
    answer.rows = [r for r in answer.rows if set(r.get("authority") or []) & mine]
    target = answer.explain.get("target") if answer.explain else None
    name = net.label(target) if target in net.graph else answer.title.split(":")[0]
    answer.title = (f"Restrictions on {name} by authorities of {net.label(country)}: "
                    f"{len(answer.rows)} (of {every} recorded)")
    if not answer.rows:
        answer.notes.insert(0, f"not recorded: the graph has no restriction on {name} by an "
                               f"authority of {net.label(country)}; unknown is not no")
    return answer


def _techs(technology) -> set[str]:
    """Return the notations a technology filter holds (one, or a tuple of several)."""
    return set(technology) if isinstance(technology, (tuple, list)) else {technology}


def _tech_arg(technology) -> str:
    """Return a technology filter as `kg suppliers --technology` takes it (comma-separated)."""
    return ",".join(sorted(_techs(technology)))


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
        return in_period(answers[0] if len(answers) == 1 else _merged(answers), period)

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


def _merged(answers: list[Answer]) -> Answer:
    """Return one answer holding the rows and notes of several of the same operation."""
    first = answers[0]
    notes = list(dict.fromkeys(n for a in answers for n in a.notes))
    return Answer(first.kind, "; ".join(a.title for a in answers), first.columns,
                  [r for a in answers for r in a.rows], notes,
                  apart=[x for a in answers for x in a.apart],
                  explain={"operations": [a.explain for a in answers]})


# The network relation kinds each relation of a question reads (kg.analysis.network).
RELATION_KINDS_OF = {"supply": {"supply"}, "buy": {"supply"}, "finance": {"financing"},
                     "restrict": {"restriction"}, "propose": {"proposal", "standards"},
                     "member": {"membership"}, "leave": {"membership"},
                     "develop": {"standards"}}


def _standards(net: Network, answers: list[Answer], named: bool,
               technology: str | None) -> Answer:
    """Return the Recommendations among claims answers about standards bodies, once each (or,
    for a named Recommendation, the claims tying it to the body that developed it)."""
    answer = _merged_if_many(answers)
    seen, rows = set(), []
    for row in answer.rows:
        claim = row.get("claims", [row.get("claim")])[0]
        if (named or net.kind(claim) == "standard") and claim not in seen:
            seen.add(claim)
            number = net.graph.nodes[claim].get("identifier") if claim in net.graph else None
            if number:   # a Recommendation goes by its number: "F.743.3 VSS interworking"
                row["claim"] = f"{number} {row['claim']}"
            rows.append(row)
    answer.rows = rows
    answer.title = f"Recommendations ({'the one named' if named else 'of the bodies named'}): " \
                   f"{len(rows)}"
    if technology:
        answer.notes.append(f"not filtered by "
                            f"{' or '.join(net.concept(n) for n in sorted(_techs(technology)))}: the graph's "
                            "Recommendations name no technology; read their titles")
    return answer


def _ended(answer: Answer) -> Answer:
    """Keep the memberships that have an end date (a country that left)."""
    answer.rows = [r for r in answer.rows if any(w.get("end") for w in r.get("when", []))]
    answer.title += f"; ended: {len(answer.rows)}"
    return answer


def _deals_only(answer: Answer, only: bool, technology: str | None, net: Network) -> Answer:
    """Keep the deal rows of a supply-claims answer (when asked for deals), of a technology."""
    if only:
        answer.rows = [r for r in answer.rows if any(
            net.kind(e["id"]) == "deal" for e in r.get("entities", []))
            or str(r.get("claim", "")).startswith("deal/")
            or any(str(c).startswith("deal/") for c in r.get("claims", []))]
    if technology:
        answer.rows = [r for r in answer.rows if any(
            _techs(technology) & set(net.claims.get(cl, {}).get("technologies", []))
            for cl in r.get("claims", []))]
    return answer


def _common(answers: list[Answer], column: str) -> Answer:
    """Return the rows whose `column` value every answer has (countries both vendors supply,
    vendors both countries buy from), each with the evidence of every answer."""
    keys = [{r[column]: r for r in a.rows} for a in answers]
    shared = [k for k in keys[0] if all(k in other for other in keys[1:])]
    rows = []
    for k in shared:
        row = dict(keys[0][k])
        row["evidence"] = [e for other in keys for e in other[k].get("evidence", [])]
        row["sources"] = list(dict.fromkeys(s for other in keys for s in other[k]["sources"]))
        rows.append(row)
    first = answers[0]
    title = " and ".join(a.title.split(":")[0] for a in answers)
    return Answer(first.kind, f"In both: {title}: {len(rows)}", first.columns, rows,
                  list(dict.fromkeys(n for a in answers for n in a.notes)),
                  explain={"operations": [a.explain for a in answers], "kept": "rows in all"})


def _found(answer: Answer, question: str) -> Answer:
    """A findings answer that found nothing is no answer: the question is refused."""
    if not answer.rows and not any(n.startswith("no source found") for n in answer.notes):
        raise NotComposed(question, [], None)
    return answer


def _deals_of(answer: Answer, net: Network, vendor: str) -> Answer:
    """Keep a lender's rows that financed a deal the vendor supplied."""
    supplied = {net.label(d) for d, k in _vendor_deals(net, vendor)}
    answer.rows = [r for r in answer.rows if r.get("financed") in supplied]
    answer.title = f"{answer.title.split(':')[0]}, deals {net.label(vendor)} supplied: " \
                   f"{len(answer.rows)}"
    return answer


def _vendor_deals(net: Network, vendor: str) -> list[tuple[str, str]]:
    return sorted({(v, a["verb"]) for _, v, a in net.graph.out_edges(vendor, data=True)
                   if a["kind"] == "supply" and net.kind(v) == "deal"})


def _vendor_deals_financing(net: Network, vendor: str) -> Answer:
    """Return the financing of every deal a vendor supplied, one row per fact."""
    deals = sorted({d for d, _ in _vendor_deals(net, vendor)})
    rows, notes = [], []
    for deal in deals:
        part = financed_by(net, deal)
        for row in part.rows:
            rows.append({**row, "deal": net.label(deal)})
        notes += [n for n in part.notes if n.startswith("no source found") and n not in notes]
    answer = financed_by(net, deals[0]) if deals else None
    columns = answer.columns if answer else ["lender", "deal", "sources"]
    if not deals:
        notes.append(f"not recorded: the graph has no deal {net.label(vendor)} supplied; "
                     "unknown is not no")
    return Answer("financed-by", f"Financing of the deals {net.label(vendor)} supplied "
                  f"({len(deals)} deals): {len(rows)} recorded", columns, rows, notes,
                  explain={"operation": "financed_by per deal", "vendor": vendor,
                           "deals": deals})


def _from(answer: Answer, net: Network, origin: str | None) -> Answer:
    """Keep the proposers based in a country (sk:homeCountry), when one is asked for."""
    if origin is None:
        return answer
    based = {u for u, v, kind in net.graph.edges(data="kind") if kind == "home" and v == origin}
    answer.rows = [r for r in answer.rows if r.get("entity", {}).get("id") in based]
    answer.title += f", based in {net.label(origin)}: {len(answer.rows)}"
    return answer


def _within(answer: Answer, net: Network, name: str, as_of: str | None) -> Answer:
    """Keep a customers answer's countries that are members of a group (at as_of)."""
    group = resolve_group(net, name)
    members = group.members(checked(as_of))
    answer.rows = [r for r in answer.rows if r.get("entity", {}).get("id") in members]
    if group.kind == "initiative":
        answer.title += f", members of {group.label}: {len(answer.rows)}"
        answer.notes.append(f"only the countries recorded as members of {group.label}"
                            + (f" at {as_of}" if as_of else "") + " (membership claims)")
    else:   # a region or a regime type: the countries its observations place in it
        answer.title += f", {group.label}: {len(answer.rows)}"
        answer.notes.append(group.note or f"only the {group.label}")
    return answer


def _financed_within(answer: Answer, net: Network, groups: list[str],
                     as_of: str | None) -> Answer:
    """Keep a lender's financing rows whose country (the deal's, or the borrower country) is
    a member of every group."""
    for name in groups:
        group = resolve_group(net, name)
        members = group.members(checked(as_of))
        kept = []
        for row in answer.rows:
            node = row.get("entity", {}).get("id")
            country = node if node and net.kind(node) == "country" else next(
                (v for _, v, verb in net.graph.out_edges(node, data="verb") if verb == "in"),
                None) if node in net.graph else None
            if country in members:
                kept.append(row)
        answer.rows = kept
        answer.title += f", in {group.label}: {len(kept)}"
        if group.note:
            answer.notes.append(group.note)
    return answer


def _counted(answer: Answer, top: int | None = None) -> Answer:
    """Say what a reach ranking counts, beside its rows (the first `top` only, when asked)."""
    if top:
        answer.rows = answer.rows[:top]
    answer.notes.insert(0, "counts, per vendor, the distinct countries its supply and deal "
                           "claims name, of any strength (a detected scan counts) and any date")
    return answer


def _proposals_of(answer: Answer, net: Network, nodes: list[str]) -> Answer:
    """Keep one organisation's rows of a proposers answer, and say what is not known: a
    proposal is not a standard, so the researched gaps about which became one are noted."""
    node, label = nodes[0], net.label(nodes[0])
    answer.rows = [r for r in answer.rows if r.get("entity", {}).get("id") == node]
    gaps = {g["id"]: g for n in nodes for kind in ("standards", "proposal")
            for g in net.gaps_about(n, kind)}
    answer.notes = [f"no source found: {g['question']} (searched: {g['searched']})"
                    for g in gaps.values()] + answer.notes
    if not answer.rows and not gaps:
        answer.notes.append(f"not recorded: the graph has no standards proposal by {label}; "
                            "unknown is not no")
    answer.title = f"Standards proposals by {label} (the proposals; which became standards: " \
                   f"see the notes)"
    return answer


class NotComposed(KGError):
    """The parts map onto no operation; kg.ask.questions turns it into NotUnderstood."""

    exit_code = 2

    def __init__(self, question: str, unplaced: list[str], relation: str | None):
        super().__init__(f"cannot compose '{question}'")
        self.unplaced, self.relation = unplaced, relation


def may_compose(question: str) -> bool:
    """True when the question has a relation word or an answer noun: without one, no plan
    fits, so the CLI refuses it without loading the graph."""
    words = [word for word, _, _ in tokens(question)]
    return words[:1] == ["when"] or any(
        word in VERBS or word in CONTEXT_VERBS or word in VENDOR_NOUNS or word in COUNTRY_NOUNS
        or word in STANDARD_NOUNS or word in DEAL_NOUNS for word in words)


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
