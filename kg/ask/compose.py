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
from dataclasses import dataclass, field
from typing import Callable

from kg.analysis.answers import Answer
from kg.errors import KGError
from kg.analysis.customers import customers
from kg.analysis.financing import financed, financed_by
from kg.analysis.groups import resolve_group
from kg.analysis.network import Network
from kg.analysis.proposals import proposers
from kg.analysis.rank import rank
from kg.analysis.reach import reach
from kg.analysis.restrictions import restrictions
from kg.analysis.strength import valid
from kg.analysis.suppliers import suppliers
from kg.analysis.when import checked
from kg.ask.mentions import Mention, mentions, tokens

# Each relation's verbs and nouns, as the question's words (lower case, "'s" dropped).
RELATIONS = {
    "supply": """supply supplies supplied supplying supplier suppliers sell sells sold selling
        seller sellers build builds built building install installs installed installing deploy
        deploys deployed deploying provide provides provided providing export exports exported
        exporting exporter exporters equip equipped""",
    "buy": """buy buys bought buying buyer buyers import imports imported importing use uses used
        using purchase purchases purchased procure procured customer customers client clients""",
    "finance": """finance finances financed financing fund funds funded funding lend lends lent
        lending lender lenders loan loans loaned credit credits paid pay pays bankrolled""",
    "restrict": """restrict restricts restricted restriction restrictions sanction sanctions
        sanctioned blacklist blacklisted ban bans banned list listed listing listings designated""",
    "propose": """propose proposes proposed proposal proposals submit submits submitted
        contribute contributes contributed contribution contributions came come""",
    "member": """member members membership join joins joined sign signs signed""",
}
VERBS = {word: relation for relation, words in RELATIONS.items() for word in words.split()}
VENDOR_NOUNS = set("""company companies vendor vendors firm firms supplier suppliers seller sellers
    manufacturer manufacturers exporter exporters""".split())
COUNTRY_NOUNS = set("country countries state states government governments nation nations".split())
STANDARD_NOUNS = set("standard standards recommendation recommendations".split())
# Words that carry no part of the meaning here: question words, articles, auxiliaries and the
# generic nouns journalists put around a technology ("surveillance technology", "systems").
FILLER = set("""which what who whom whose how many much is are was were do does did has have had
    be been the a an to of for from in on at by with and or that this these those its their it
    there any all ever money surveillance technology technologies tech equipment systems system
    products product cameras camera gear tools tool kit please me tell show list give can could
    you would kind kinds sort most more top number count members member""".split())
STRENGTH_WORDS = {"reported": None, "licensed": "export-licence", "detected": "detected",
                  "licence": "export-licence", "license": "export-licence"}
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

    def of(self, *kinds: str) -> list[Mention]:
        """Return the mentions of those kinds (an unambiguous target each), in order."""
        return [m for m in self.mentions if m.kind in kinds and m.target]


def read(net: Network, question: str) -> Composition:
    """Return the parts of a question: mentions, relation, answer type, constraints, and the
    words it could not place."""
    text = question.strip()
    found = mentions(net, text)
    words = tokens(text)
    lowered = [w for w, _, _ in words]
    comp = Composition(text, found)
    inside = [any(m.start <= s < m.end for m in found) for _, s, _ in words]
    comp.answer = _answer_type(lowered)
    if (year := _YEAR.search(" ".join(lowered))):
        comp.constraints["as of"] = year.group(1)
    if "most" in lowered or "top" in lowered:
        comp.constraints["superlative"] = "most"
    if AI_SURVEILLANCE.search(" ".join(w for w, i in zip(lowered, inside) if not i)) or any(
            m.text.lower().startswith("ai") for m in found if m.kind == "technology"):
        comp.constraints["strength"] = "index-listing"
        found[:] = [m for m in found if not (m.kind == "technology"
                                             and m.text.lower().startswith("ai"))]
    _origin(comp, words)
    for (word, _, _), is_name in zip(words, inside):
        if is_name:
            continue
        if word in VERBS and comp.relation is None:
            comp.relation = VERBS[word]
        elif word in STRENGTH_WORDS and STRENGTH_WORDS[word]:
            comp.constraints["strength"] = STRENGTH_WORDS[word]
        elif not (word in VERBS or word in FILLER or word in VENDOR_NOUNS or word in COUNTRY_NOUNS
                  or word in STANDARD_NOUNS or word.isdigit() or word in ("ai", "s", "as")):
            comp.unplaced.append(word)
    return comp


def _answer_type(words: list[str]) -> str | None:
    """Return what kind of answer the question word and head noun ask for."""
    if words[:2] == ["how", "many"]:
        return "count"
    if words and words[0] in ("which", "what"):
        for word in words[1:4]:
            if word in VENDOR_NOUNS:
                return "vendors"
            if word in COUNTRY_NOUNS:
                return "countries"
            if word in STANDARD_NOUNS:
                return "standards"
        return "what"
    if words and words[0] in ("who", "whos", "whom"):
        return "who"
    if words and words[0] in ("is", "are", "was", "were", "does", "do", "did", "has", "have"):
        return "yes-no"
    return None  # no question word: "Kenya supply" is not read as "who supplies Kenya"


def _origin(comp: Composition, words) -> None:
    """A country named just before a vendor noun is the vendors' origin ("US companies")."""
    for mention in comp.of("country"):
        after = [w for w, s, _ in words if s >= mention.end][:1]
        if after and after[0] in VENDOR_NOUNS:
            comp.constraints["origin"] = mention.target
            comp.mentions.remove(mention)
            return


@dataclass(frozen=True)
class Plan:
    """The operation a composition maps onto: what runs, and the command that runs it too."""

    operation: str
    run: Callable[[], Answer]
    command: str


def plan(net: Network, comp: Composition, assertions=()) -> Plan | None:
    """Return the operation the composition maps onto, or None when it maps onto none."""
    places = comp.of("country", "group")
    orgs = comp.of("organisation", "agency")
    deals = comp.of("deal")
    tech = comp.of("technology")
    c = comp.constraints
    strengths = frozenset({c["strength"]}) & frozenset(valid(net)) if c.get("strength") else None
    technology = tech[0].target if tech else None
    named = comp.relation in ("supply", "buy") or (comp.relation is None
                                                   and comp.answer == "vendors")
    if named and c.get("superlative") and not places and not orgs \
            and comp.answer in ("vendors", "who"):
        return Plan("rank by reach", lambda: _counted(rank(net, "reach")), "kg rank --by reach")
    if named and comp.relation != "buy" and comp.answer in ("vendors", "who") and not orgs \
            and (places or c.get("origin") or technology or strengths):
        if len(places) > 1:
            return None
        to = net.label(places[0].target) if places and places[0].kind == "country" else (
            places[0].text if places else None)
        origin = net.label(c["origin"]) if c.get("origin") else None
        return Plan("suppliers", lambda: suppliers(
            net, to, False, c.get("as of"), strengths, technology, None, origin),
            "kg suppliers" + (f" --to '{to}'" if to else "")
            + (f" --technology {technology}" if technology else "")
            + (f" --as-of {c['as of']}" if c.get("as of") else "")
            + (f" --strength {c['strength']}" if c.get("strength") else ""))
    if comp.relation == "buy" and comp.answer in ("who", "vendors") and len(places) == 1 \
            and not orgs:
        to = net.label(places[0].target)
        return Plan("suppliers", lambda: suppliers(net, to, False, c.get("as of"), strengths,
                                                   technology), f"kg suppliers --to '{to}'")
    if comp.relation in ("supply", "buy") and comp.answer == "countries" and len(orgs) == 1 \
            and len(places) == 1 and places[0].kind == "group":
        name, group = net.label(orgs[0].target), places[0].text
        return Plan("customers within a group", lambda: _within(
            customers(net, name, c.get("as of"), strengths), net, group, c.get("as of")),
            f"kg profile '{name}'  (section: supplies), kept to the members of {group}")
    if comp.relation in ("supply", "buy") and comp.answer in ("countries", "what", "count") \
            and len(orgs) == 1 and not places:
        name = net.label(orgs[0].target)
        if comp.answer == "count":
            return Plan("reach", lambda: reach(net, name, assertions, strengths),
                        f"kg reach '{name}'")
        return Plan("customers", lambda: customers(net, name, c.get("as of"), strengths),
                    f"kg profile '{name}'  (section: supplies)")
    if comp.relation == "finance" and comp.answer in ("who", "vendors", "what") and not orgs:
        target = deals or places
        if target:
            node = target[0].target
            return Plan("financed_by", lambda: financed_by(net, node),
                        f"kg profile '{net.label(node)}'  (section: financed by)")
    if comp.relation == "finance" and comp.answer == "what" and len(orgs) == 1:
        node = orgs[0].target
        return Plan("financed", lambda: financed(net, node),
                    f"kg profile '{net.label(node)}'  (section: finances)")
    if comp.relation == "restrict" and comp.answer in ("what", "yes-no") and len(orgs) == 1 \
            and not places:
        node = orgs[0].target
        return Plan("restrictions", lambda: restrictions(net, node, None, c.get("as of")),
                    f"kg profile '{net.label(node)}'  (section: restrictions)")
    if comp.relation == "propose" and comp.answer == "standards" and len(orgs) == 1:
        bodies = comp.of("standards body")
        body = net.label(bodies[0].target) if bodies else None
        node = orgs[0].target
        nodes = [node] + [b.target for b in bodies]
        return Plan("proposers", lambda: _proposals_of(proposers(net, body), net, nodes),
                    "kg ask (no single command: proposals by body)")
    return None


def _within(answer: Answer, net: Network, name: str, as_of: str | None) -> Answer:
    """Keep a customers answer's countries that are members of a group (at as_of)."""
    group = resolve_group(net, name)
    members = group.members(checked(as_of))
    answer.rows = [r for r in answer.rows if r.get("entity", {}).get("id") in members]
    answer.title += f", members of {group.label}: {len(answer.rows)}"
    answer.notes.append(f"only the countries recorded as members of {group.label}"
                        + (f" at {as_of}" if as_of else "") + " (membership claims)")
    return answer


def _counted(answer: Answer) -> Answer:
    """Say what a reach ranking counts, beside its rows."""
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
    return any(word in VERBS or word in VENDOR_NOUNS or word in COUNTRY_NOUNS
               or word in STANDARD_NOUNS for word, _, _ in tokens(question))


def compose(net: Network, question: str, assertions=()) -> Answer:
    """Return the answer composed from the question's parts, with `explain` saying how; raise
    NotComposed (with the words not placed) when it maps onto no operation."""
    comp = read(net, question)
    chosen = None if comp.unplaced else plan(net, comp, assertions)
    if chosen is None:
        raise NotComposed(question.strip(), comp.unplaced, comp.relation)
    answer = chosen.run()
    answer.explain = {"question": question.strip(), "form": "composed from parts",
                      "mentions": [f"{m.text} -> {m.kind} {', '.join(m.labels or m.targets)} "
                                   f"({m.how})" for m in comp.mentions],
                      "relation": comp.relation, "answer type": comp.answer,
                      "constraints": {k: (net.label(v) if k == "origin" else v)
                                      for k, v in comp.constraints.items()},
                      "command": chosen.command, **(answer.explain or {})}
    return answer
