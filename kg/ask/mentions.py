"""Every entity a question names, anywhere in it: organisations, countries, groups, instruments,
technologies, deals, standards bodies and Recommendations, each with where and how it matched.

A question is folded (NFKD, ASCII, lower case, '&' as 'and', a possessive "'s" dropped) into
tokens that keep their place in the text; names are folded the same way into token tuples, once
per network. The scan takes, at each place, the longest run of tokens that is a name; a name's
last word may be a plural ("safe cities"). Where no name matches, a run of one to three words
that is one typo from exactly one name of five or more letters (kg.analysis.spelling) matches
it; one typo from two different names matches neither. Names that are ordinary words
("Orange", "Best", "Face++") match only when written with a capital.

>>> from kg.analysis.network import Network
>>> net = Network.from_dict({"nodes": [
...     {"id": "org/hikvision", "label": "Hikvision", "kind": "company"},
...     {"id": "country/KEN", "label": "Kenya", "kind": "country"}]})
>>> [(m.text, m.target, m.how) for m in mentions(net, "Did Hikvison sell to Kenya's police?")]
[('Hikvison', 'org/hikvision', 'typo'), ('Kenya', 'country/KEN', 'label')]
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pycountry

from kg.analysis.groups import REGIME_TYPES, latest_observations
from kg.analysis.regions import NAMES as REGION_NAMES, TITLES as REGION_TITLES
from kg.analysis.network import Network
from kg.analysis.resolve import normalize
from kg.analysis.spelling import distance
from kg.ask.demonyms import CAPITAL_FORMS, DEMONYMS, SHORT_FORMS
from kg.ask.saved_index import restore
from kg.records.countries import SPELLINGS
from kg.schema.vocab import INSTRUMENTS, TECHNOLOGIES

KINDS = {"company": "organisation", "listed-party": "organisation", "lender": "organisation",
         "org": "organisation", "agency": "agency", "deal": "deal", "country": "country",
         "initiative": "group", "standards-body": "standards body",
         "study-group": "standards body", "question": "standards body",
         "standard": "recommendation"}
# How a name matched, best first: where one run of words is several kinds of name, the best wins.
HOWS = ("label", "alias", "identifier", "short form", "demonym", "iso code", "place of a deal",
        "typo")
# Reviewed other names of instruments and technologies (the graph's labels are formal).
INSTRUMENT_NAMES = {"entity list": "entity-list", "meu": "meu-list", "meu list": "meu-list",
                    "military end user list": "meu-list", "889": "ndaa-889",
                    "section 889": "ndaa-889", "ndaa 889": "ndaa-889", "1260h": "dod-1260h",
                    "1260h list": "dod-1260h", "sdn": "sdn", "sdn list": "sdn",
                    "ns cmic": "ns-cmic", "ns cmic list": "ns-cmic", "covered list": "fcc-covered-list"}
TECHNOLOGY_NAMES = {
    "face recognition": ("facial-recognition",), "facial recognition cameras": ("facial-recognition",),
    "smart city": ("safe-city",), "safe city": ("safe-city",), "cctv": ("video-surveillance",),
    "interception": ("lawful-interception", "off-air-interception"),
    "intrusion software": ("spyware",), "forensics": ("digital-forensics",),
    "dpi": ("deep-packet-inspection",), "biometric": ("biometrics",),
    # What the AI Global Surveillance Index tracks (kg/ask/questions.py, _AI_SURVEILLANCE).
    "ai surveillance": ("facial-recognition", "safe-city", "smart-policing")}
# Ordinary words that are also names in the graph: such a name needs a capital as written.
COMMON_WORDS = set("""best cherry face found nice orange otto progress combine resonant spectra
specs source most silk found star sky speed pure prime origin paragon pentagon oxygen gatekeeper
pegasus photon prometheus symphony trojans triangle wave vision zenith""".split())
MAX_TYPO_WORDS = 3


@dataclass(frozen=True)
class Mention:
    """A run of the question that names something: where, as written, what and how."""

    start: int
    end: int
    text: str
    kind: str                   # organisation, agency, country, group, instrument, ...
    targets: tuple[str, ...]    # node ids or notations; several when one name names several
    how: str                    # label, alias, identifier, short form, demonym, iso code, typo
    labels: tuple[str, ...] = ()

    @property
    def target(self) -> str | None:
        """The one node or notation named, or None when the name is shared (ambiguous)."""
        return self.targets[0] if len(self.targets) == 1 else None


@dataclass(frozen=True)
class _Name:
    target: str
    kind: str
    how: str
    label: str
    written: str | None = None  # the name must appear exactly so (case and all) in the question
    marks: frozenset = frozenset()  # clause punctuation inside the name (", ; : ? !")


_TOKEN = re.compile(r"[a-z0-9]+|&")
_POSSESSIVE = re.compile(r"(?<=[a-z0-9&])'s\b")


def fold(text: str) -> tuple[str, list[int]]:
    """Return text folded to lower-case ASCII and, per folded character, its index in text."""
    chars, where = [], []
    for i, char in enumerate(text):
        for c in unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode().lower():
            chars.append(c)
            where.append(i)
    return "".join(chars), where


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Return (token, start, end) for the words of text, offsets into text; "'s" is dropped."""
    folded, where = fold(text.replace("\u2019", "'"))
    out = []
    for match in _TOKEN.finditer(folded):
        word, start = match.group(), match.start()
        if word == "s" and start >= 1 and folded[start - 1] == "'" and out:
            continue  # a possessive: "Kenya's" is Kenya
        out.append(("and" if word == "&" else word, where[start], where[match.end() - 1] + 1))
    return out


def key(name: str) -> tuple[str, ...]:
    """Return a name as the token tuple the index holds (the words `tokens` gives, faster)."""
    folded = name if name.isascii() else unicodedata.normalize(  # ASCII: NFKD changes nothing
        "NFKD", name.replace("\u2019", "'")).encode("ascii", "ignore").decode()
    folded = _POSSESSIVE.sub("", folded.lower())
    words = tuple(_TOKEN.findall(folded))
    if "&" in folded:  # few names have one: the others skip a Python loop over their words
        words = tuple("and" if w == "&" else w for w in words)
    return words[1:] if len(words) > 1 and words[0] == "the" else words


def singular(word: str) -> str:
    """Return a plural word's singular ("cities" -> "city", "cameras" -> "camera")."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def index(net: Network) -> tuple[dict, dict]:
    """Return (token tuple -> names, one-letter-deleted spelling -> names as spelled), built
    once per network (or read from the build's saved copy, a bucket at a time)."""
    cached = getattr(net, "_mention_index", None)
    if cached is None:  # `kg build` saves the index with the projection (kg/ask/saved_index.py)
        cached = net._mention_index = restore(net, _Name)  # type: ignore[attr-defined]
    if cached is not None:
        return cached
    names: dict[tuple[str, ...], list[_Name]] = {}

    def add(text: str, name: _Name) -> None:
        words = key(text)
        if name.how in ("label", "alias") and len(words) == 1 and words[0] in COMMON_WORDS:
            name = _Name(name.target, name.kind, name.how, name.label, text.strip())
        marks = _marks(text)
        if marks:
            name = _Name(name.target, name.kind, name.how, name.label, name.written, marks)
        if words and name not in names.setdefault(words, []):
            names[words].append(name)

    for node, attrs in net.graph.nodes(data=True):
        kind = KINDS.get(attrs.get("kind", ""))
        if kind is None:
            continue  # claims such as restrictions and proposals are not named in questions
        label = attrs.get("label", node)
        add(label, _Name(node, kind, "label", label))
        for alias in attrs.get("aliases", []):
            add(alias, _Name(node, kind, "alias", label))
        if attrs.get("identifier") and kind != "country":
            add(attrs["identifier"], _Name(node, kind, "identifier", label))
    _countries(net, add)
    _concepts(net, add)
    _groups(net, add)
    _deal_places(net, add)
    # Names as spelled (one string, not a tuple of words: the saved copy is smaller), in lists
    # in the order of the sorted names, not sets: the same whatever the hash seed, so `kg build`
    # saves the index in the order it was made (kg/ask/saved_index.py).
    typos: dict[str, list[str]] = {}
    get = typos.get  # 400k variants at 1M triples: no list made for a variant already there
    for words in sorted(names):
        spelled = " ".join(words)
        if len(words) <= MAX_TYPO_WORDS and len(spelled.replace(" ", "")) >= 5 \
                and not any(n.written for n in names[words]):
            for variant in _deletions(spelled):
                found = get(variant)
                if found is None:
                    typos[variant] = [spelled]
                else:
                    found.append(spelled)
    net._mention_index = (names, typos)  # type: ignore[attr-defined]
    return names, typos


def _deal_places(net: Network, add) -> None:
    """The places a deal covers (its reviewed `places`: "Belgrade", "Kampala") name it: "who
    sold Belgrade its safe city cameras". A place two deals cover names both (ambiguous)."""
    for deal in net.nodes_of("deal"):
        for place in net.graph.nodes[deal].get("places", []):
            add(place, _Name(deal, "deal", "place of a deal", net.label(deal)))


def _countries(net: Network, add) -> None:
    codes = {n.split("/", 1)[1]: n for n in net.nodes_of("country")}
    for code, node in codes.items():
        label = net.label(node)
        country = pycountry.countries.get(alpha_3=code)
        for attr in ("name", "common_name", "official_name"):
            if country is not None and getattr(country, attr, None):
                add(getattr(country, attr), _Name(node, "country", "label", label))
        add(code, _Name(node, "country", "iso code", label, code))
        for word in DEMONYMS.get(code, "").split(", "):
            if word:
                add(word, _Name(node, "country", "demonym", label))
    for spelling, code in SPELLINGS.items():
        if code in codes and spelling.upper() not in CAPITAL_FORMS:
            add(spelling, _Name(codes[code], "country", "alias", net.label(codes[code])))
    for form, code in SHORT_FORMS.items():
        if code in codes:
            add(form, _Name(codes[code], "country", "short form", net.label(codes[code])))
    for form, code in CAPITAL_FORMS.items():
        if code in codes:
            add(form, _Name(codes[code], "country", "short form", net.label(codes[code]), form))


def _concepts(net: Network, add) -> None:
    for notation in INSTRUMENTS:
        if notation in net.concepts:
            label = net.concept(notation)
            for name in (label, notation):
                add(name, _Name(notation, "instrument", "label", label))
    for name, notation in INSTRUMENT_NAMES.items():
        if notation in net.concepts:
            add(name, _Name(notation, "instrument", "alias", net.concept(notation)))
    for notation in TECHNOLOGIES:
        if notation in net.concepts:
            label = net.concept(notation)
            # "safe city / smart city platform", "spyware (intrusion software)": each part
            for name in sorted({label, notation, *re.split(r"\s*[/()]\s*", label)} - {""}):
                add(name, _Name(notation, "technology", "label", label))
    for name, notations in TECHNOLOGY_NAMES.items():
        for notation in notations:
            if notation in net.concepts:
                add(name, _Name(notation, "technology", "alias", net.concept(notation)))


def _groups(net: Network, add) -> None:
    """Regime types and regions, when the graph has observations of them."""
    measures = {normalize(measure) for _, measure in latest_observations(net)}
    if any("regime" in m for m in measures):
        for name in sorted(set(REGIME_TYPES.values())):
            add(name, _Name(f"category:{name}", "group", "label", name))
            broad = name.split()[-1]   # "autocracies" means closed and electoral ones
            add(broad, _Name(f"category:{broad}", "group", "label", broad))
    if any("region" in m for m in measures):
        # Every name kg.analysis.regions gives a region ("African", "the Americas", "South and
        # Central Asia"), but not its bare codes, which are also ISO codes ("AF").
        for name, code in REGION_NAMES.items():
            if name != code:
                add(name, _Name(f"category:region-{code}", "group", "label", REGION_TITLES[code]))


def _deletions(spelled: str) -> dict[str, None]:
    # A dict, not a set: in the same order whatever the hash seed (the index's order is saved).
    return dict.fromkeys([spelled, *[spelled[:i] + spelled[i + 1:] for i in range(len(spelled))]])


def mentions(net: Network, question: str) -> list[Mention]:
    """Return the mentions in a question, in the order written: the longest names first, then
    one-typo names in the words left over; no two overlap."""
    names, typos = index(net)
    words = tokens(question)
    found: list[tuple[int, int, Mention]] = []
    taken = [False] * len(words)
    candidates = []
    for i in range(len(words)):
        for j in range(i + 1, len(words) + 1):
            mention = _exact(names, question, words[i:j])
            if mention is not None:
                candidates.append((j - i, i, j, mention))
    for i, j, mention in _longest_first(candidates, taken):
        found.append((i, j, mention))
    typo_candidates = []
    for i in range(len(words)):
        for j in range(i + 1, min(i + MAX_TYPO_WORDS, len(words)) + 1):
            if not any(taken[i:j]):
                mention = _typo(names, typos, question, words[i:j])
                if mention is not None:
                    typo_candidates.append((j - i, i, j, mention))
    found += _longest_first(typo_candidates, taken)
    return [m for _, _, m in sorted(found, key=lambda f: f[0])]


def _longest_first(candidates, taken: list[bool]) -> list[tuple[int, int, Mention]]:
    chosen = []
    for _, i, j, mention in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if not any(taken[i:j]):
            taken[i:j] = [True] * (j - i)
            chosen.append((i, j, mention))
    return chosen


def _exact(names: dict, question: str, run: list[tuple[str, int, int]]) -> Mention | None:
    words = tuple(t for t, _, _ in run)
    start, end = run[0][1], run[-1][2]
    written, marks = _plain(question[start:end]), _marks(question[start:end])
    for form in dict.fromkeys((words, words[:-1] + (singular(words[-1]),))):
        # A name crosses a comma or a question mark only when it has one itself.
        fitting = [n for n in names.get(form, ()) if marks <= n.marks
                   and (n.written is None or _plain(n.written) == written)]
        if fitting:
            return _mention(question, start, end, fitting)
    return None


def _typo(names: dict, typos: dict, question: str, run) -> Mention | None:
    spelled = " ".join(t for t, _, _ in run)
    if len(spelled.replace(" ", "")) < 5 or any(t in COMMON_WORDS for t, _, _ in run) \
            or _marks(question[run[0][1]:run[-1][2]]):
        return None
    close = {other for variant in _deletions(spelled) for other in typos.get(variant, ())
             if distance(spelled, other) == 1}
    fitting = [n for other in close for n in names[tuple(other.split(" "))]]
    if len({n.target for n in fitting}) != 1:
        return None  # none, or one typo from two different names: never a guess between them
    return _mention(question, run[0][1], run[-1][2], fitting, how="typo")


def _mention(question: str, start: int, end: int, fitting: list[_Name],
             how: str | None = None) -> Mention:
    rank = {h: (0 if h in ("label", "alias", "identifier") else HOWS.index(h)) for h in HOWS}
    best = min(rank[n.how] for n in fitting)
    kept = [n for n in fitting if rank[n.how] == best]
    targets = tuple(dict.fromkeys(sorted(n.target for n in kept)))
    labels = tuple(next(n.label for n in kept if n.target == t) for t in targets)
    kinds = {n.kind for n in kept}
    kind = kinds.pop() if len(kinds) == 1 else "ambiguous"
    return Mention(start, end, question[start:end], kind, targets, how or kept[0].how, labels)


def _marks(text: str) -> frozenset:
    return frozenset(_MARKS.findall(text))  # one C scan: every name of the index goes here


_MARKS = re.compile(r"[,;:?!]")


def _plain(text: str) -> str:
    return re.sub(r"[\W_]+", "", text)


def explain(found: list[Mention]) -> str:
    """Return one line per mention: the words, what they name and how they matched."""
    if not found:
        return "mentions: none"
    lines = ["mentions:"]
    for m in found:
        named = "; ".join(f"{label} ({target})" for label, target in zip(m.labels, m.targets))
        note = "" if m.target else " (any of these)" if m.kind == "technology" else \
            " (a name of several: give one of these)"
        lines.append(f"  {m.text!r} [{m.start}:{m.end}] -> {m.kind} {named}, by {m.how}{note}")
    return "\n".join(lines)
