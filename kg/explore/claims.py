"""Turn claim records into the explorer's edges, facts and gaps.

Which role points where, per claim class:

| claim | edges |
|---|---|
| Supply, Deal | each supplier/contractor -> the buyer (then buyer -> country), or -> the country |
| Financing | lender -> borrower, else -> country, else -> the financed deals' buyers/countries |
| Membership | member country -> initiative |
| Restriction | authority -> target (the target is marked restricted) |
| Proposal | each proposer -> standards body |
| Ownership | owner -> owned |
| Standard | developing body -> standard |
| Organization | organisation -> home country (its own evidence); unit -> parent (part-of) |

Findings, observations and technology uses become `facts` of their subject's node; research gaps
become `gaps` of the nodes they are about.
"""
from __future__ import annotations

import networkx as nx

from kg.explore.extract import EDGE_CLASSES, FACT_CLASSES, classes_of

_KIND = {"Supply": "supply", "Deal": "supply", "Financing": "financing",
         "Membership": "membership", "Restriction": "restriction", "Proposal": "proposal",
         "Ownership": "ownership"}
_TEXT = {"currency": "currency", "status": "status", "scope": "scope", "topic": "topic",
         "legalCitation": "legal_citation", "financingType": "financing_type", "terms": "terms",
         "skos:note": "note", "startDate": "start_date", "endDate": "end_date"}


def _one(props: dict, key: str) -> list[str]:
    value = props.get(key)
    return [] if value is None else value if isinstance(value, list) else [value]


def _year(text: str | None) -> int | None:
    return int(text[:4]) if text and text[:4].isdigit() else None


def evidence_of(props: dict, subjects: dict) -> list[dict[str, str]]:
    """Return the claim's evidence entries as {source, quote, locator, row} (no empty fields)."""
    entries = []
    for ev in props.get("evidence", []):
        ep = subjects.get(ev, {})
        entry = {"source": str(ep.get("source", ""))}
        entry.update({k: str(ep[k]) for k in ("quote", "locator", "row") if k in ep})
        entries.append(entry)
    return entries


def claim_attrs(cid: str, cls: str, props: dict, subjects: dict, concepts: dict) -> dict:
    """Return the edge attributes every edge of one claim shares."""
    start, end = props.get("startDate"), props.get("endDate")
    year = _year(props.get("year"))
    attrs = {"claim": cid, "claim_class": cls, "kind": _KIND.get(cls, cls.lower()),
             "label": str(props.get("rdfs:label", cid)),
             "year_from": year if year is not None else _year(start),
             "year_to": year if year is not None else _year(end),
             "technologies": [concepts.get(t, {}).get("notation", t)
                              for t in props.get("technology", [])],
             "evidence": evidence_of(props, subjects)}
    for key, name in _TEXT.items():
        if key in props:
            attrs[name] = str(props[key])
    if "amount" in props:
        attrs["amount"] = float(props["amount"])
    if "instrument" in props:
        concept = concepts.get(props["instrument"], {})
        attrs["instrument"] = concept.get("notation", props["instrument"])
        attrs["instrument_label"] = concept.get("label", attrs["instrument"])
    return attrs


def ends(cls: str, props: dict, subjects: dict) -> list[tuple[str, str]]:
    """Return the (from, to) pairs one claim draws (see the module table)."""
    if cls in ("Supply", "Deal"):
        sellers = _one(props, "supplier") + _one(props, "contractor")
        buyer, country = props.get("buyer"), props.get("country")
        if buyer:
            return [(s, buyer) for s in sellers] + ([(buyer, country)] if country else [])
        return [(s, country) for s in sellers if country]
    if cls == "Financing":
        targets = _one(props, "borrower") or _one(props, "country")
        if not targets:
            for deal in props.get("finances", []):
                dp = subjects.get(deal, {})
                targets += _one(dp, "buyer") or _one(dp, "country")
        return [(props["lender"], t) for t in sorted(set(targets))]
    pairs = {"Membership": ("member", "initiative"), "Restriction": ("authority", "target"),
             "Proposal": ("proposer", "standardsBody"), "Ownership": ("owner", "owned")}
    source_key, target_key = pairs[cls]
    return [(s, t) for s in _one(props, source_key) for t in _one(props, target_key)]


def add_claims(out: nx.MultiDiGraph, subjects: dict) -> None:
    """Add every claim of `subjects` to `out` as edges, facts or gaps."""
    concepts = out.graph["concepts"]
    for sid, props in sorted(subjects.items()):
        classes = classes_of(props)
        cls = next((c for c in ("Deal",) + EDGE_CLASSES if c in classes), None)
        if cls:
            attrs = claim_attrs(sid, cls, props, subjects, concepts)
            for i, (a, b) in enumerate(ends(cls, props, subjects)):
                if a in out and b in out:
                    out.add_edge(a, b, key=f"{sid}#{i}", **attrs)
            if cls == "Restriction" and props.get("target") in out:
                node = out.nodes[props["target"]]
                node["restricted"] = True
                node["instruments"] = sorted(set(node["instruments"]) | {attrs["instrument"]})
        elif sid in out:
            _entity_edges(out, sid, props, subjects, concepts)
        fact = next((c for c in FACT_CLASSES if c in classes), None)
        if fact:
            about = props.get("subject") or props.get("country")
            if about in out:
                attrs = claim_attrs(sid, fact, props, subjects, concepts)
                attrs.update({k: str(props[k]) for k in ("measure", "value", "unit", "period")
                              if k in props})
                out.nodes[about]["facts"].append(attrs)
        if "ResearchGap" in classes:
            gap = {"gap": sid, "question": str(props.get("question", "")),
                   "relation_kind": str(props.get("relationKind", "")),
                   "searched": str(props.get("searched", ""))}
            for about in props.get("about", []):
                if about in out:
                    out.nodes[about]["gaps"].append(gap)


def _entity_edges(out, sid: str, props: dict, subjects: dict, concepts: dict) -> None:
    cls = out.nodes[sid]["cls"]
    if props.get("homeCountry") in out:
        attrs = claim_attrs(sid, cls, props, subjects, concepts)
        attrs.update(kind="home-country", label=f"{out.nodes[sid]['label']}: home country")
        out.add_edge(sid, props["homeCountry"], key=f"{sid}#home", **attrs)
    if props.get("org:subOrganizationOf") in out:
        out.add_edge(sid, props["org:subOrganizationOf"], key=f"{sid}#part-of", claim=sid,
                     claim_class=cls, kind="part-of", label=f"{out.nodes[sid]['label']}: part of",
                     year_from=None, year_to=None, technologies=[], evidence=[])
    if cls == "Standard" and props.get("developedBy") in out:
        attrs = claim_attrs(sid, cls, props, subjects, concepts)
        attrs.update(kind="standard", year_from=_year(props.get("dcterms:issued")))
        attrs["year_to"] = attrs["year_from"]
        out.add_edge(props["developedBy"], sid, key=f"{sid}#developed", **attrs)
