"""A path told as one sentence a journalist could write, one clause per claim, each cited.

"US Commerce Department, Bureau of Industry and Security put Huawei on the BIS Entity List
(from 21 May 2019) [us-bis-entity-list]; Huawei supplied Uganda Police CCTV system, in Uganda
(2019; reported sale or contract) [reuters-2019-uganda-cctv]."

Consecutive hops of one claim (the authority and the vendor a listing joins; the vendor and
the country a deal joins) make one clause. Each clause states the claim in its own direction,
whichever way the path reads it, with its dates, how strong a supply claim is, and the sources
(the path's hops list each source's words, summary or row). A hop no source backs says so.

>>> format_date("2019-05-21"), format_date("from 2014-12"), format_date("2019")
('21 May 2019', 'from Dec 2014', '2019')
"""
from __future__ import annotations

import re

from kg.analysis.network import Network

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date(text: str) -> str:
    """Return claim dates with ISO dates in words: '2019-05-21' -> '21 May 2019'."""
    def words(match: re.Match) -> str:
        year, month, day = match["y"], match["m"], match["d"]
        month_name = _MONTHS[int(month) - 1] if month and 1 <= int(month) <= 12 else None
        if not month_name:
            return match[0]
        return f"{int(day)} {month_name} {year}" if day else f"{month_name} {year}"
    return re.sub(r"\b(?P<y>\d{4})-(?P<m>\d{2})(?:-(?P<d>\d{2}))?\b", words, text)


def _groups(hops: list[dict]) -> list[list[dict]]:
    """Return the hops in runs that share a claim (one fact each)."""
    runs: list[list[dict]] = []
    for hop in hops:
        if runs and set(hop["claims"]) & {c for h in runs[-1] for c in h["claims"]}:
            runs[-1].append(hop)
        else:
            runs.append([hop])
    return runs


def _facts(run: list[dict]) -> list[tuple[dict, str, dict]]:
    """Return a run's hops as (subject, verb, object) in the claims' own direction."""
    out = []
    for hop in run:
        verb = hop["relation"].strip("<>-").split(" / ")[0].strip("<>-")
        if hop["direction"] == "forward":
            out.append((hop["from"], verb, hop["to"]))
        else:
            out.append((hop["to"], verb, hop["from"]))
    return out


def _names(entities: list[dict]) -> str:
    labels = list(dict.fromkeys(e["label"] for e in entities))
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _clause_text(net: Network, run: list[dict]) -> str:
    facts = _facts(run)
    by_verb: dict[str, list[tuple[dict, dict]]] = {}
    for subject, verb, obj in facts:
        by_verb.setdefault(verb, []).append((subject, obj))
    first = facts[0]
    kind = run[0]["kind"].split(" / ")[0]
    if kind == "restriction":
        claim = net.claims.get(run[0]["claims"][0], {})
        instrument = net.concept(claim["instrument"]) if claim.get("instrument") else None
        listed = [o for _, o in by_verb.get("lists", [])]
        authority = [s for s, _ in by_verb.get("imposes", [])]
        # A list is something one is put on; a law or an order restricts under its terms.
        on_list = instrument and "list" in instrument.lower()
        where = f"the {instrument}" if instrument else ""
        under = f" under {where}" if where else ""
        if listed and authority:
            return (f"{_names(authority)} put {_names(listed)} on {where}" if on_list else
                    f"{_names(authority)} restricted {_names(listed)}{under}")
        if listed:
            return (f"{_names(listed)} is on {where}" if on_list else
                    f"{_names(listed)} is restricted{under}")
        return f"{_names(authority)} imposed {run[0]['claim labels'][0]}"
    if kind == "supply" and any(f[1] in ("supplies", "contractor for", "in", "bought by")
                                for f in facts):
        suppliers = [s for s, _ in by_verb.get("supplies", [])]
        contractors = [s for s, _ in by_verb.get("contractor for", [])]
        deal = next((e for f in facts for e in (f[0], f[2]) if e["kind"] == "deal"), None)
        parts = []
        if deal:
            what = deal["label"]
            if suppliers:
                parts.append(f"{_names(suppliers)} supplied {what}")
            if contractors:
                parts.append(f"{_names(contractors)} {'was' if len(contractors) == 1 else 'were'}"
                             f" a contractor for {what}" if not suppliers else
                             f"with {_names(contractors)} as contractor")
            buyers = [o for _, o in by_verb.get("bought by", [])]
            places = [o for _, o in by_verb.get("in", [])]
            if not parts:  # the deal alone: what it was, for whom, where
                return (f"{what} was a deal" + (f" of {_names(buyers)}" if buyers else "")
                        + (f" in {_names(places)}" if places else ""))
            if buyers:
                parts.append(f"bought by {_names(buyers)}")
            if places:
                parts.append(f"in {_names(places)}")
            return ", ".join(parts)
        return f"{_names(suppliers)} supplied {_names([o for _, o in by_verb['supplies']])}"
    subject, verb, obj = first
    if verb == "finances":
        if obj["kind"] == "country":  # a project there: the claim's own title says which
            label = run[0]["claim labels"][0]
            return f"{subject['label']} financed a project in {obj['label']}" + (
                f": {label}" if label not in run[0]["claims"] else "")
        return f"{subject['label']} financed {obj['label']}"
    if kind == "proposal":
        proposers = [s for s, _ in by_verb.get("proposes", [])]
        proposal = next(e for f in facts for e in (f[0], f[2]) if e["kind"] == "proposal")
        bodies = [o for _, o in by_verb.get("submitted to", [])]
        text = (f"{_names(proposers)} made {proposal['label']}" if proposers
                else proposal["label"])
        return text + (f", submitted to {_names(bodies)}" if bodies else "")
    if verb == "part of" and kind == "ownership":  # the subsidiary is part of its owner
        subject, verb, obj = obj, "owns", subject
    if verb == "based in" and subject["kind"] == "agency":
        verb = "agency of"
    template = _SAID.get(verb, "{s} " + verb + " {o}")
    return template.format(s=subject["label"], o=obj["label"])


# One relation, one way of saying it.
_SAID = {"based in": "{s} is based in {o}", "agency of": "{s} is an agency of {o}",
         "origin in": "{s} has its origin in {o}", "owns": "{s} owns {o}",
         "member of": "{s} is a member of {o}", "developed by": "{s} was developed by {o}",
         "part of": "{s} is part of {o}"}


def clause(net: Network, run: list[dict]) -> dict:
    """Return one fact of a path: its text, details in brackets, and its sources."""
    dates = list(dict.fromkeys(format_date(h["dates"]) for h in run if h["dates"]))
    strengths = list(dict.fromkeys(s for h in run for s in h.get("strength", [])))
    sources = list(dict.fromkeys(e["source"].removeprefix("source/")
                                 for h in run for e in h["evidence"]))
    return {"text": _clause_text(net, run), "dates": "; ".join(dates),
            "strength": strengths, "sources": sources,
            "claims": list(dict.fromkeys(c for h in run for c in h["claims"]))}


def told(item: dict) -> str:
    """Return a clause as text: 'A supplied B (2019; reported sale or contract) [source]'."""
    detail = "; ".join(x for x in (item["dates"], ", ".join(item["strength"])) if x)
    cite = f"[{', '.join(item['sources'])}]" if item["sources"] else "[no source recorded]"
    return item["text"] + (f" ({detail})" if detail else "") + " " + cite


def sentence(net: Network, path: dict) -> dict:
    """Return the path's clauses and the sentence they make."""
    clauses = [clause(net, run) for run in _groups(path["hops"])]
    text = "; ".join(told(c) for c in clauses)
    return {"clauses": clauses, "text": text[:1].upper() + text[1:] + "."}
