"""Questions in plain words, mapped onto the analysis operations by the project's own parser.

Offline and deterministic: each form is a few regular expressions over the lower-cased
question; the captured names are resolved against the graph (labels and aliases), never
guessed. A question no form matches raises `NotUnderstood`, whose message lists the forms.

>>> form, slots = parse("Which companies supply Belt and Road states?")
>>> form.name, slots
('suppliers', {'group': 'belt and road states'})
"""
from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from typing import Callable

from kg.analysis.answers import Answer
from kg.analysis.customers import customers
from kg.errors import KGError
from kg.analysis.financing import financed, financed_by
from kg.analysis.findings import findings
from kg.analysis.network import Network
from kg.analysis.paths import paths_between
from kg.analysis.profile import profile
from kg.analysis.proposals import proposers
from kg.analysis.rank import rank
from kg.analysis.reach import reach
from kg.analysis.resolve import Ambiguous, NotInGraph, Unresolved, resolve
from kg.analysis.restrictions import authorities, instrument, restrictions
from kg.analysis.overlap import Side, overlap
from kg.analysis.sources import agreement
from kg.analysis.strength import BadStrength, parse_filter, valid
from kg.analysis.technology import technology
from kg.analysis.suppliers import suppliers
from kg.ask.compose import NotComposed, compose

VENDOR = r"(?:vendors?|compan(?:y|ies)|suppliers?|firms?|sellers?|manufacturers?|exporters?)"
COUNTRY = r"(?:countries|country|states?|governments?|nations?)"
SUPPLY = (r"(?:supply|supplies|supplied|supplying|sells? to|sold to|selling to|provides?(?: to)?|"
          r"provided(?: to)?|providing|exports? to|exported to|serves?|served|equip|equipped)")
# Selling a named technology: "who sold spyware to Mexico".
SELL = (r"(?:supply|supplies|supplied|supplying|sells?|sold|selling|provides?|provided|providing|"
        r"exports?|exported)")
BUY = r"(?:buy|buys|bought|purchased?|import(?:s|ed)?|use|uses|used|procured?)"
RESTRICTED = r"(?:sanctioned|restricted|blacklisted|listed|banned|designated)"
# Lists a question may name before "vendors": "which Entity-List vendors sold to BRI states".
LISTS = (r"(?:entity[- ]list|meu[- ]list|military end[- ]user list|1260h(?: list)?|"
         r"covered[- ]list|fcc covered list|ns-cmic(?: list)?|889|ndaa 889|sdn(?: list)?)")
PROPOSE = r"(?:proposed|propose|proposes|submitted|submit|contributed|contribute|drafted)"
STANDARDS = r"(?:standards?|proposals?|recommendations?)"
FINANCE = r"(?:financed|funded|finances|funds|paid for|pays for|bankrolled|lent for|loaned for)"
_AS_OF = re.compile(r"\s+(?:as of|as at|in|by)\s+(?P<as_of>\d{4}(?:-\d{2}){0,2})$")
# "... according to Carnegie": every row names its sources, so the answer is not filtered by
# source; a note says so.
_ACCORDING = re.compile(r"\s+(?:according to|per|as reported by) (?:the )?(?P<source>[a-z].*)$")
_POLITE = re.compile(r"^(?:please |can you (?:tell|show) me |could you (?:tell|show) me |"
                     r"show me |give me |list )+")


@dataclass(frozen=True)
class Form:
    """One kind of question: examples, patterns, the operation, the equivalent command."""

    name: str
    examples: tuple[str, ...]
    patterns: tuple[str, ...]
    run: Callable[..., Answer]           # (net, slots), or (net, slots, assertions) if `published`
    command: Callable[[dict], str]
    published: bool = False              # its operation sets published figures beside counts


def _q(text: str | None) -> str:
    return shlex.quote(text) if text else ""


def endpoints(net: Network, name: str) -> list[str]:
    """Return the nodes a path end names: an entity, a country's sanctions, or an instrument."""
    try:
        return [resolve(net, name)]
    except (NotInGraph, Ambiguous) as missing:
        policy = re.match(r"^(?:the )?(?P<who>.+?)(?:'s)? (?:sanctions?|restrictions?|export "
                          r"controls?)(?: (?:policy|policies|regime|lists?))?$", name)
        if policy and (found := authorities(net, policy["who"])):
            return found
        try:
            notation = instrument(net, name)
        except KGError:
            raise missing from None
        return sorted(r for r in net.nodes_of("restriction")
                      if net.claims.get(r, {}).get("instrument") == notation)


def _path(net: Network, s: dict) -> Answer:
    starts = endpoints(net, s["a"])
    return paths_between(net, starts, resolve(net, s["b"]), max_paths=5,
                         source_name=s["a"] if len(starts) > 1 else None)


def _proposers(net: Network, s: dict) -> Answer:
    name = s.get("instrument")
    generic = name is None or re.fullmatch(RESTRICTED + r"?|restriction|sanction", name.strip())
    return proposers(net, s.get("body"), None if generic else name,
                     restricted=name is not None)


def _strengths(net: Network, s: dict) -> frozenset[str] | None:
    return parse_filter(net, s.get("strength"))


def _strength_arg(s: dict) -> str:
    return f" --strength {s['strength']}" if s.get("strength") else ""


def _reach(net: Network, s: dict, assertions) -> Answer:
    answer = reach(net, s["name"], assertions, _strengths(net, s))
    if s.get("as_of"):  # an edition is a date a source recorded, not when a supply held
        answer.notes.append(f"not filtered by {s['as_of']}: the counts are per source edition "
                            "(each edition's date is in the basis column)")
    return answer


def _sources(net: Network, s: dict) -> Answer:
    return agreement(net, s["name"], s.get("country"), _strengths(net, s))


# "AI surveillance" is what the AI Global Surveillance Index lists: its rows are the graph's
# index listings (sk:IndexListing), which name no technology.
_AI_SURVEILLANCE = {"ai surveillance", "ai surveillance technology", "ai"}


def _side(net: Network, text: str) -> Side:
    """Return a side ('Chinese AI surveillance'): a home country's adjective, then a technology."""
    word, _, rest = text.strip().partition(" ")
    home = _country_of_adjective(net, word)
    # The question arrives lower-cased: the label is rebuilt ("Chinese AI surveillance").
    if rest in _AI_SURVEILLANCE:
        return Side(home, strengths=frozenset({"index-listing"}),
                    label=f"{word.capitalize()} AI surveillance")
    notation = technology(net, rest)
    if notation is None:
        raise NotInGraph(rest, [], f"no claim names the technology '{rest}'")
    return Side(home, technology=notation, label=f"{word.capitalize()} {net.concept(notation)}")


def _country_of_adjective(net: Network, word: str) -> str:
    """Return the country an adjective names ('chinese' -> country/CHN), by its stem."""
    try:
        return resolve(net, word, kinds=("country",), what="country")
    except NotInGraph:
        pass
    for ending in ("ese", "ian", "ean", "an", "i", "ish", ""):
        stem = word.removesuffix(ending) if ending and word.endswith(ending) else word
        if len(stem) < 4:
            continue
        found = [c for c in net.nodes_of("country") if net.label(c).lower().startswith(stem)]
        if len(found) == 1:
            return found[0]
    raise NotInGraph(word, [], f"'{word}' names no country of the graph")


def _overlap(net: Network, s: dict) -> Answer:
    return overlap(net, _side(net, s["a"]), _side(net, s["b"]))


def _findings(net: Network, s: dict) -> Answer:
    return findings(net, s["what"], s.get("subject"), counting=s.get("how") == "many")


FORMS: tuple[Form, ...] = (
    Form("proposers", ("which vendors on the Entity List proposed standards to the ITU",
                       "which sanctioned companies proposed standards to the ITU"), (
        rf"^(?:which|what) {VENDOR} (?:that are |are )?(?:on|in|under) (?:the )?(?P<instrument>.+?)"
        rf" (?:have )?{PROPOSE} {STANDARDS}(?: (?:to|at|in) (?:the )?(?P<body>.+))?$",
        rf"^(?:which|what) (?:(?P<instrument>.+?) )?{VENDOR} (?:have )?{PROPOSE} {STANDARDS}"
        rf"(?: (?:to|at|in) (?:the )?(?P<body>.+))?$",
        rf"^who {PROPOSE} {STANDARDS}(?: (?:to|at|in) (?:the )?(?P<body>.+))?$"),
        _proposers, lambda s: "kg ask (no single command: proposals filtered by restrictions)"),
    Form("path", ("how does US sanctions policy connect to Uganda", "path from BIS to Uganda"), (
        r"^how (?:does|do|is|are|did|can) (?P<a>.+?) (?:connect|connected|link|linked|relate|"
        r"related|tied|lead|leads)(?: up)? (?:to|with) (?P<b>.+)$",
        r"^how (?:does|do|did|can|could) (?P<a>.+?) (?:reach|affect|get to) (?P<b>.+)$",
        r"^(?:what is |what are |find |show )?(?:the )?(?:shortest )?(?:path|paths|route|routes|"
        r"connections?|links?) (?:from|between) (?P<a>.+?) (?:to|and) (?P<b>.+)$",
        r"^(?:what )?(?:connects?|links?) (?P<a>.+?) (?:to|and|with) (?P<b>.+)$",
        r"^(?:is|are) (?P<a>.+?) (?:connected|linked|related) (?:to|with) (?P<b>.+)$"),
        _path, lambda s: f"kg path {_q(s['a'])} {_q(s['b'])} --max-paths 5"),
    Form("suppliers", ("which vendors supply BRI states", "who supplies Kenya",
                       "who sold spyware to Mexico"), (
        rf"^who (?:has |have |)(?:{SELL}) (?!to )(?P<technology>[a-z][a-z -]*?) to (?P<group>.+)$",
        rf"^(?:which|what) (?P<restricted>{RESTRICTED} )?{VENDOR} (?:have |has |did |)"
        rf"(?:{SELL}) (?!to )(?P<technology>[a-z][a-z -]*?) to (?P<group>.+)$",
        rf"^(?:which|what) (?P<restricted>{RESTRICTED} )?{VENDOR} (?:are |have |do |did |)"
        rf"{SUPPLY} (?:to )?(?P<group>.+)$",
        rf"^(?:which|what) (?:(?:vendors|companies|firms|suppliers) (?:on|in|under) )?(?:the )?"
        rf"(?P<listed_on>{LISTS})(?:[- ]listed)? (?:{VENDOR} )?(?:are |have |do |did |)"
        rf"(?:{SUPPLY}|{SELL}) (?:to )?(?P<group>.+)$",
        rf"^who (?:are |is |)(?:{SUPPLY}) (?:to )?(?P<group>.+)$",
        rf"^(?:which|what) (?P<restricted>{RESTRICTED} )?{VENDOR} (?:do|did|does) (?P<group>.+?)"
        rf" {BUY} from$",
        rf"^who (?:do|did|does) (?P<group>.+?) {BUY} from$",
        rf"^(?:the )?(?P<restricted>{RESTRICTED} )?{VENDOR} (?:of|to|for|supplying) (?P<group>.+)$"),
        lambda net, s: suppliers(net, s["group"], bool(s.get("restricted")), s.get("as_of"),
                                 _strengths(net, s), s.get("technology"), s.get("listed_on")),
        lambda s: f"kg suppliers --to {_q(s['group'])}" + (" --restricted" * bool(
            s.get("restricted"))) + (f" --listed-on {_q(s['listed_on'])}"
                                     if s.get("listed_on") else "")
        + (f" --as-of {s['as_of']}" if s.get("as_of") else "")
        + (f" --technology {_q(s['technology'])}" if s.get("technology") else "")
        + _strength_arg(s)),
    Form("customers", ("which countries buy from Hikvision", "who are Huawei's customers"), (
        rf"^(?:which|what) {COUNTRY} (?:have |do |did )?{BUY} (?:(?:surveillance )?(?:technology|"
        rf"products|equipment|systems) )?(?:from |of |made by )?(?P<vendor>.+)$",
        r"^who (?:are|is) (?P<vendor>.+?)(?:'s|'|s') (?:customers?|clients?|buyers?)$",
        r"^who (?:are|is) (?:the )?(?:customers?|clients?|buyers?) of (?P<vendor>.+)$",
        r"^who (?:buys|buy|bought|purchases|purchased) from (?P<vendor>.+)$",
        r"^(?:the )?(?:customers?|clients?|buyers?) of (?P<vendor>.+)$",
        r"^(?P<vendor>.+?)(?:'s|'|s') (?:customers?|clients?|buyers?)$",
        rf"^(?:which|what) {COUNTRY} (?:does|do|did|has|have) (?P<vendor>.+?) {SUPPLY}$",
        r"^(?:where|who) (?:does|do|did) (?P<vendor>.+?) (?:sell|sell to|supply|export|export to"
        r"|operate)$"),
        lambda net, s: customers(net, s["vendor"], s.get("as_of"), _strengths(net, s)),
        lambda s: f"kg profile {_q(s['vendor'])}{_strength_arg(s)}  (section: supplies)"),
    Form("sources", ("where do the trackers disagree about Zimbabwe",
                     "which sources agree on Huawei in Uganda"), (
        r"^(?:where|how|do|does) (?:do |does )?(?:the )?(?:trackers|sources|datasets) (?:disagree|"
        r"agree|differ) (?:about|on|over|for) (?P<name>.+?)(?: in (?P<country>.+))?$",
        r"^(?:which|what) (?:trackers|sources|datasets) (?:agree|disagree) (?:about|on|over|for) "
        r"(?P<name>.+?)(?: in (?P<country>.+))?$"),
        _sources, lambda s: f"kg sources {_q(s['name'])}" + (
            f" {_q(s['country'])}" if s.get("country") else "") + _strength_arg(s)),
    Form("overlap", ("which countries did both Chinese AI surveillance and Israeli spyware "
                     "reach",), (
        rf"^(?:which|what) {COUNTRY} (?:did |have |has |)both (?P<a>.+?) and (?P<b>.+?)"
        r"(?: (?:reach|reached|supply|supplied|sell to|sold to|enter|entered))?$",
        r"^where (?:did|have|has) both (?P<a>.+?) and (?P<b>.+?) (?:reach|reached|gone|go)$"),
        _overlap, lambda s: "kg ask (no single command: countries both sides' vendors supply)"),
    Form("financed-by", ("who financed Ecuador's ECU-911",), (
        rf"^who (?:has |have |)(?:{FINANCE}) (?P<target>.+)$",
        rf"^(?:how|by whom) (?:was|were|is) (?P<target>.+?) (?:{FINANCE})$",
        r"^who (?:was|is|were|are) the (?:lenders?|financiers?|funders?) (?:of|for|behind) "
        r"(?P<target>.+)$"),
        lambda net, s: financed_by(net, s["target"]),
        lambda s: f"kg profile {_q(s['target'])}  (section: financed by)"),
    Form("financed", ("which deals did China Eximbank finance",), (
        r"^(?:which|what) (?:deals?|projects?|contracts?|loans?) (?:did|does|has|have) "
        r"(?P<lender>.+?) (?:finance|fund|financed|funded|pay for|paid for|lend for)$",
        rf"^(?:which|what) (?:deals?|projects?|contracts?) (?:were|are|was|is) (?:{FINANCE}) by "
        r"(?P<lender>.+)$",
        r"^what (?:did|does|has) (?P<lender>.+?) (?:finance|fund|financed|funded)$",
        rf"^(?:deals?|projects?) (?:{FINANCE}) by (?P<lender>.+)$"),
        lambda net, s: financed(net, s["lender"]),
        lambda s: f"kg profile {_q(s['lender'])}  (section: finances)"),
    Form("restrictions", ("which restrictions apply to Dahua", "is Yitu sanctioned"), (
        r"^(?:which|what) (?:restrictions?|sanctions?|export controls?|listings?|bans?|"
        r"designations?) (?:apply|applies|are there|exist|are|is|were) (?:to|on|for|against) "
        r"(?P<target>.+)$",
        r"^(?:restrictions?|sanctions?|listings?) (?:on|against|for|of) (?P<target>.+)$",
        rf"^(?:is|are|was|were|has|have) (?P<target>.+?) (?:been )?{RESTRICTED}$",
        r"^(?:is|are|was|were) (?P<target>.+?) (?:on|in|under) (?:the |a |an )?(?P<instrument>.+)$",
        rf"^(?:who|which authorit(?:y|ies)) (?:has |have )?{RESTRICTED} (?P<target>.+)$",
        r"^(?:what|which) (?:sanctions?|restrictions?) (?:does|do|did) (?P<target>.+?) face$"),
        lambda net, s: restrictions(net, s["target"], s.get("instrument"), s.get("as_of")),
        lambda s: f"kg profile {_q(s['target'])}  (section: restrictions)"),
    Form("reach", ("how many countries does Dahua supply", "how many countries use smart policing"), (
        rf"^(?:in )?how many {COUNTRY} (?:does|do|did|has|have|is|are) (?P<name>.+?) (?:{SUPPLY}|"
        r"sell|sold|export|exported|reach|reached|operate|operating|present|active|in|used|use)"
        r"(?: (?:in|to))?$",
        rf"^how many {COUNTRY} (?:{BUY}) (?:from |products of |technology from )?(?P<name>.+)$",
        rf"^how many {COUNTRY} (?:is|are|was|were) (?P<name>.+?) (?:used|sold|supplied) (?:in|to)$",
        r"^(?:what is |what's )?(?P<name>.+?)(?:'s|') (?:reach|country count|footprint)$",
        r"^(?:what is )?(?:the )?(?:reach|footprint) of (?P<name>.+)$",
        rf"^in how many {COUNTRY} (?:is|are|does|do) (?P<name>.+?)(?: (?:present|active|used|sold|"
        r"operating|operate|sell|supply))?$"),
        _reach,
        lambda s: f"kg reach {_q(s['name'])}{_strength_arg(s)}", published=True),
    Form("findings", ("how many AI export deals did China have",), (
        r"^how (?P<how>many|much) (?P<what>.+?) (?:did|does|do|has|have|had) (?P<subject>.+?)"
        r"(?: (?:have|had|make|made|sign|signed|export|exported|supply|supplied|win|won|"
        r"reach|reached|sell|sold))?$",
        r"^how (?P<how>many|much) (?P<what>.+)$",
        r"^(?:what|which) (?:share|percentage|proportion|number|count) of (?P<what>.+)$"),
        _findings, lambda s: "kg ask (findings are searched by their measure's words)"),
    Form("rank", ("which vendors are most central",), (
        rf"^(?:which|what|who) (?:{VENDOR}|entities|organi[sz]ations|actors) (?:are|is) (?:the )?"
        r"most (?P<by>central|important|influential|connected)$",),
        lambda net, s: rank(net, "betweenness" if s["by"] == "connected" else "pagerank"),
        lambda s: "kg rank --by " + ("betweenness" if s["by"] == "connected" else "pagerank")),
    Form("profile", ("tell me about Hikvision", "what is known about CEIEC"), (
        r"^(?:tell me about|what do (?:we|you) know about|what is known about|who is|"
        r"(?:the )?profile of) (?P<name>.+)$",),
        lambda net, s: profile(net, s["name"], _strengths(net, s)),
        lambda s: f"kg profile {_q(s['name'])}{_strength_arg(s)}"),
)


# The forms whose operation counts supply claims, so a strength filter means something.
STRENGTH_FORMS = ("suppliers", "customers", "reach", "profile", "sources")


class NotUnderstood(KGError):
    """No form matches the question. The CLI exits with code 2."""

    exit_code = 2

    def __init__(self, question: str, unplaced: list[str] | None = None,
                 relation: str | None = None):
        # The composer (kg.ask.compose) knows the words it could not place and the relation it
        # read: the closest forms are those of that relation, else all of them.
        # One line: the words not placed, and a few questions of the closest kind (those of
        # the relation read, else the commonest), so the reader sees how to ask it.
        close = [f for f in FORMS if relation and f.name in CLOSEST.get(relation, ())] or [
            f for f in FORMS if f.name in ("suppliers", "customers", "restrictions")]
        examples = [e for form in close for e in form.examples][:3]
        words = (f"; could not place {', '.join(repr(w) for w in unplaced)}"
                 if unplaced else "")
        super().__init__(f"cannot map '{question}' onto a question{words}; questions it "
                         f"understands look like: {'; '.join(repr(e) for e in examples)} "
                         "(kg ask --help has more)")


# The forms closest to a relation the composer read (kg.ask.reading.RELATIONS).
CLOSEST = {"supply": ("suppliers", "customers", "reach"), "buy": ("customers", "suppliers"),
           "finance": ("financed-by", "financed"), "restrict": ("restrictions", "proposers"),
           "propose": ("proposers",), "member": ("suppliers",)}


def clean(question: str) -> str:
    """Return the question lower-cased, without trailing punctuation or polite openings."""
    text = question.replace("\u2019", "'").replace("\u2018", "'").strip().lower()
    text = re.sub(r"\s+", " ", re.sub(r"[?!.]+$", "", text)).strip()
    # Contractions typed without their apostrophe ("whats", "whos"), and the ways people say
    # AI surveillance ("AI for surveillance", "AI-powered surveillance").
    text = re.sub(r"\b(what|who|where|how)s\b", r"\1's", text)
    text = re.sub(r"\bai(?:[- ]powered|[- ]based|[- ]enabled| for| in)? surveillance\b",
                  "ai surveillance", text)
    return _POLITE.sub("", text)


def parse(question: str) -> tuple[Form, dict[str, str]]:
    """Return the form a question matches and its named slots (as_of when it ends with a date)."""
    text = clean(question)
    according = _ACCORDING.search(text)
    if according:
        text = text[: according.start()]
    as_of = _AS_OF.search(text)
    if as_of:
        text = text[: as_of.start()]
    for form in FORMS:
        for pattern in form.patterns:
            match = re.match(pattern, text)
            if match:
                slots = {k: v.strip() for k, v in match.groupdict().items() if v}
                if as_of:
                    slots["as_of"] = as_of["as_of"]
                if according:
                    slots["according_to"] = according["source"]
                return form, slots
    raise NotUnderstood(question.strip())


def ask(net: Network, question: str, assertions=(),
        strengths: frozenset[str] | None = None) -> Answer:
    """Return the answer to a question; `answer.explain` says how it was parsed and computed.

    `assertions` (kg.records.assertions.load_assertions) give the published figures a count is set
    beside ("how many countries does Huawei supply"). `strengths` (kg.analysis.strength) keep
    only supply claims of those strengths, for the forms that count supply claims.
    """
    try:
        form, slots = parse(question)
    except NotUnderstood:
        if strengths is not None:
            raise
        try:
            return compose(net, question, assertions)
        except NotComposed as failed:
            raise NotUnderstood(question.strip(), failed.unplaced, failed.relation) from None
    if strengths is not None:
        if form.name not in STRENGTH_FORMS:
            raise BadStrength(f"a strength filter applies to questions about who supplies whom, "
                              f"reach and profiles, not to a '{form.name}' question")
        slots["strength"] = ",".join(n for n in valid(net) if n in strengths)
    try:
        answer = form.run(net, slots, assertions) if form.published else form.run(net, slots)
    except (Unresolved, KGError) as missing:
        # A form matched but its slot names nothing ("surveillance technology to uganda", "a
        # US restricted list" as an instrument): the question's parts may still compose; if
        # not, the form's error stands.
        try:
            return compose(net, question, assertions)
        except (NotComposed, KGError):
            raise missing from None
    if form.name == "findings" and not answer.rows and not any(
            n.startswith("no source found") for n in answer.notes):
        # No published figure measures these words: a question about something else
        # ("how many people live in Ecuador"), not a count the graph could give.
        raise NotUnderstood(question.strip(), [s for k, s in slots.items() if k == "what"])
    if slots.get("according_to"):
        answer.notes.append(f"'according to {slots['according_to']}': not a filter; every row "
                            "names its sources")
    answer.explain = {"question": question.strip(), "form": f"{form.name} "
                      f"(e.g. '{form.examples[0]}')", "slots": slots,
                      "command": form.command(slots), **(answer.explain or {})}
    return answer
