"""The researched questions (data/curated/gaps.yaml) a question asks again: "no source found".

A gap is a question the curators searched without finding a source. A question asks it again
when its relation is the gap's (or it names none), every entity it names is one the gap is
about or is named in the gap's wording, and every word it could not place is a word of the
gap's wording ("Who proposed F.FACE?": 'f', 'face' are the gap's words). The answer is the gap
itself, "no source found" with what was searched: never a claim, and never a gap picked by a
shared common word alone, since a word the gap does not use rules it out.
"""
from __future__ import annotations

import re

from kg.analysis.answers import Answer
from kg.analysis.network import Network
from kg.ask.mentions import singular, tokens

# The gap relation kinds a question's relation may ask about (kg.ask.reading.RELATIONS).
KINDS = {"supply": {"supply"}, "buy": {"supply"}, "finance": {"financing"},
         "propose": {"proposal", "standards"}, "member": {"membership"},
         "restrict": {"restriction"}, "leave": {"membership"},
         "develop": {"standards"}}
# Verb and noun endings, so 'became' meets 'become' and 'offered' meets 'offer'.
_ENDINGS = ("ing", "ed", "es", "s", "e")


def stem(word: str) -> str:
    """Return a crude stem of a folded word: enough to compare a question with a gap's words."""
    word = {"became": "become", "made": "make", "bought": "buy", "sold": "sell",
            "lent": "lend"}.get(word, word)
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def words_of(text: str) -> set[str]:
    """Return the stems of a text's words (folded as questions are)."""
    return {stem(singular(w)) for w, _, _ in tokens(text)}


def _vocabulary(gap: dict) -> tuple[set[str], set[str]]:
    """Return a gap's own words (its question and the ids it is about) and, wider, those of
    what was searched and its note."""
    core = words_of(gap["question"]) | {stem(w) for node in gap["about"]
                                        for w in node.split("/")[-1].lower().split("-")}
    return core, core | words_of(gap.get("searched") or "") | words_of(gap.get("note") or "")


# A work item or Recommendation number as written ("F.FACE", "H.VSSR", "F.749.x"): one name.
_CODE = re.compile(r"\b[A-Za-z]\.[A-Za-z0-9][A-Za-z0-9.]*")


def asked_gaps(net: Network, relation: str | list[str] | None,
               named: list[tuple[str, str, str]], unplaced: list[str],
               question: str = "", relation_words: list[str] = ()) -> list[dict]:
    """Return the open gaps a question asks again, best first.

    `named`: (target, kind, text as written) of each entity the question names; `unplaced`: the
    words it could not place. A question that names nothing and places every word asks none.
    """
    if not named and not unplaced:
        return []
    relations = [relation] if isinstance(relation, str) else list(relation or [])
    kinds = set().union(*(KINDS.get(r, set()) for r in relations)) if relations else set()
    loose = {stem(singular(w)) for w in unplaced}
    codes = [c.rstrip(".").lower() for c in _CODE.findall(question)]
    found = []
    for gap in net.open_gaps():
        if codes and not all(c in (gap["question"] + " " + (gap.get("searched") or "")).lower()
                             for c in codes):
            continue  # "F.FACE" is asked only of a gap that names F.FACE
        core, wide = _vocabulary(gap)
        # A relation word the gap itself uses ("the Chittagong smart city proposal") is the
        # gap's wording, not another relation.
        fits = not relations or gap["relation_kind"] in kinds | {"finding"} or bool(
            {stem(singular(w)) for w in relation_words} & core)
        about = set(gap["about"])
        if not loose <= wide:
            continue
        placed = [target in about or kind == "technology" or words_of(text) <= wide
                  or (kind == "country" and text[:1].isupper() and text.lower().endswith(
                      ("ese", "ian", "an", "ish", "i")))   # a demonym: "Chinese drafts"
                  for target, kind, text in named]
        if not all(placed):
            continue
        # At least one thing the question says must be the gap's own: a word of its question
        # or an entity it is about, not only a word of what was searched.
        # At least one word the question could not place must be the gap's own, or, with
        # every word placed, the first thing it names must be what the gap is about and every
        # relation it reads the gap's ("Who financed the Kampala CCTV?"); a question with no
        # relation word must share two of the gap's words.
        shared = loose & core
        every_fits = bool(relations) and all(
            gap["relation_kind"] in KINDS.get(r, set()) | {"finding"} for r in relations)
        by_about = not loose and every_fits and all(t in about for t, _, _ in named[:1])
        if (shared and fits and (relations or len(shared) >= 2)) or by_about:
            found.append((len(loose & core) + sum(t in about for t, _, _ in named), gap))
    found.sort(key=lambda pair: -pair[0])
    return [gap for _, gap in found]


def gap_answer(question: str, gaps: list[dict]) -> Answer:
    """Return the answer that the graph has no source for what a question asks."""
    notes = [f"no source found: {g['question']} (searched: {g['searched']})" for g in gaps]
    return Answer("gaps", f"No source found for: {question}", ["researched question"],
                  [], notes + ["unknown is not no: the curators searched for this and found no "
                               "source; the graph records the question, not an answer"],
                  explain={"operation": "researched gaps",
                           "gaps": [g["id"] for g in gaps]})
