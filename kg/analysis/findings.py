"""Published statistics (findings) that answer a 'how many' question, with source and version.

A finding scores one point per question word found in its measure, unit or period, and two
more when it is about the entity the question names; the best-scoring findings are the
answer. When the question names an entity the graph holds, only findings about it are
candidates: sharing words ("countries") with the question does not make a finding about
another subject an answer. Words are compared without plural endings.

>>> keywords("how many AI export deals did China have"), keywords("countries using it")
(['ai', 'china', 'deal', 'export'], ['country', 'us'])
"""
from __future__ import annotations

from kg.analysis.answers import Answer, claim_evidence, sources_of
from kg.analysis.network import Network
from kg.analysis.resolve import NotInGraph, matches, normalize

COLUMNS = ["measure", "value", "unit", "period", "about", "source", "version"]
STOPWORDS = set("""a an the of to in on for by and or did does do has have had how many much what
which who is are was were be been there their its it that this with from at as many number count
make made total""".split())


def _stem(word: str) -> str:
    """Return a crude stem, the same for 'use', 'uses', 'used' and 'using', or 'deal(s)'."""
    for suffix, replacement in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 2 and not word.endswith("ss"):
            word = word[: -len(suffix)] + replacement
            break
    return word.rstrip("e") if len(word) > 2 else word


def keywords(text: str) -> list[str]:
    """Return the distinct content words of a text, singular, sorted."""
    return sorted({_stem(w) for w in normalize(text).split() if w not in STOPWORDS})


def findings(net: Network, about: str = "", subject: str | None = None,
             counting: bool = False) -> Answer:
    """Return the findings that best match the words `about` (and the named subject).

    `counting` ("how many ...") adds a point to findings whose unit is a count. Among the
    best, those with fewest words the question does not use come first.
    """
    nodes = []
    if subject:
        nodes = matches(net, subject)
        if not nodes and not keywords(subject):
            raise NotInGraph(subject, [])
    named = set(keywords(subject or ""))
    wanted = set(keywords(about)) | (set() if nodes else named)
    scores: dict[str, int] = {}
    extra: dict[str, int] = {}
    for claim_id, claim in net.claims.items():
        on_subject = bool(set(nodes) & set(claim.get("about", [])))
        if claim["kind"] != "finding" or (nodes and not on_subject):
            continue
        words = set(keywords(" ".join(str(claim.get(k) or "") for k in
                                      ("measure", "unit", "period", "label"))))
        overlap = len(wanted & words)
        if overlap or (on_subject and not wanted):
            scores[claim_id] = overlap + 2 * on_subject + (counting and claim.get("unit") == "count")
            extra[claim_id] = len(set(keywords(claim.get("measure") or "")) - wanted - named)
    best = max(scores.values(), default=0)
    chosen = sorted((c for c, s in scores.items() if s == best), key=lambda c: (extra[c], c))
    rows = [_row(net, c) for c in chosen]
    notes = [] if rows else [f"no source found: {g['question']} (searched: {g['searched']})"
                             for node in nodes for g in net.gaps_about(node, "finding")] or [
        "not recorded: no finding in the graph matches "
        f"'{' '.join(sorted(wanted))}'" + (f" about {net.label(nodes[0])}" if nodes else "")
        + "; unknown is not no"]
    title = f"Findings on {about or subject}" + (f" ({net.label(nodes[0])})" if nodes else "")
    return Answer("findings", title + f": {len(rows)}", COLUMNS, rows, notes,
                  explain={"operation": "findings", "keywords": sorted(wanted),
                           "subject": nodes, "method": "findings scored by shared words "
                           "(measure, unit, period), +2 when about the subject"})


def _row(net: Network, claim_id: str) -> dict:
    claim = net.claims[claim_id]
    evidence = claim_evidence(net, claim_id)
    about = claim.get("about", [])
    return {"measure": claim.get("measure"), "value": claim.get("value"),
            "unit": claim.get("unit"), "period": claim.get("period"),
            "about": [net.label(a) for a in about],
            "source": [e.get("title") or e["source"] for e in evidence],
            "version": [e.get("version") for e in evidence if e.get("version")],
            "sources": sources_of(evidence),
            "entity": {"id": claim_id, "label": claim.get("label") or claim_id, "kind": "finding"},
            "evidence": evidence}
