"""What a question says, read from its parts: the entities it names (kg.ask.mentions), a
relation from its verbs and nouns, the answer it asks for, its constraints, and the words it
could not place.

The relation comes from the question's words and their synonyms (supply, buy, finance,
restrict, propose, member, leave, develop), the answer type from the question word and head
noun (which companies / which countries / who / how many / when / is ... / does ...), the
constraints from the words around the names (a vendor's origin: "US companies"; whose
restrictions: "US sanctions"; a technology; "in October 2019", "since 2016"; a strength word;
"the most", "top 3", "both"). kg.ask.compose maps what is read here onto an operation.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.analysis.buyers import is_buyer
from kg.analysis.network import Network
from kg.errors import KGError
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
