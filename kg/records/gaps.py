"""Research gaps that the graph itself answers: a "no source found" that is no longer true.

A gap (data/curated/gaps.yaml) records a question researched without result. When a claim
that answers it arrives (often from an imported dataset), printing the gap beside the claim
would tell the reader two contradicting things; `kg check` reports the pair so the curator
retires the gap (`answered_by`, with a note) or narrows its question.

What answers a gap depends on its relation kind; the rules are deliberately narrow (a
question the rules cannot read is never reported):
- financing: a financing claim with a named lender, for surveillance or security, that pays for
  a deal the gap is about; or, when the gap names no deal, one in a country it is about;
- supply: a deal the gap is about that names its suppliers; or, when it names no deal nor
  agency, a deal in a country it is about by a vendor it is about;
- finding: a published count of countries (a finding) whose subject the gap is about;
- standards: a proposal to a body the gap is about that records its resulting standard.
"""
from __future__ import annotations

from kg.errors import KGError
from kg.records.models import Deal, Finding, Financing, Link, Organization, Proposal, ResearchGap

NOT_SURVEILLANCE = ("telecommunications", "other")


def answered_gaps(dataset) -> list[KGError]:
    """Return one problem per open gap that a claim answers, naming both records."""
    problems = []
    for gap in dataset.records.get(ResearchGap.KIND, []):
        if gap.answered_by:
            continue
        answers = answering(gap, dataset)
        if answers:
            path, line = dataset.origin[gap.id]
            where = ", ".join(f"{kind_id} ({p}:{ln})" for kind_id, (p, ln) in
                              ((a, dataset.origin[a]) for a in answers))
            problems.append(KGError(
                f"gap '{gap.id}' is answered by {where}: retire it (`answered_by` and a note) "
                "or narrow its question", path, line))
    return problems


def answering(gap: ResearchGap, dataset) -> list[str]:
    """Return the ids of the claims that answer a gap's question (see the module's rules)."""
    about = set(gap.about)
    deals = {a for a in about if isinstance(dataset.index.get(a), Deal)}
    if gap.relation_kind == "financing":
        paid = _financed_deals(dataset)
        found = []
        for record in dataset.records.get(Financing.KIND, []):
            if not record.lender or record.purpose in NOT_SURVEILLANCE:
                continue
            if deals and paid.get(record.id, set()) & deals:
                found.append(record.id)
            elif not deals and record.country in about:
                found.append(record.id)
        return found
    if gap.relation_kind == "supply":
        if deals:
            return sorted(d for d in deals if dataset.index[d].suppliers)
        agencies = {a for a in about if isinstance(dataset.index.get(a), Organization)
                    and dataset.index[a].kind == "agency"}
        vendors = {a for a in about if isinstance(dataset.index.get(a), Organization)} - agencies
        if agencies or not vendors:
            return []
        return [d.id for d in dataset.records.get(Deal.KIND, [])
                if d.country in about and vendors & set(d.suppliers)]
    if gap.relation_kind == "finding":  # a published count of countries about the subject
        return [f.id for f in dataset.records.get(Finding.KIND, [])
                if f.subject in about and "countries" in f.measure.lower()]
    if gap.relation_kind == "standards":
        return [p.id for p in dataset.records.get(Proposal.KIND, [])
                if p.standards_body in about and p.resulting_standard]
    return []


def _financed_deals(dataset) -> dict[str, set[str]]:
    """financing id -> the deals it pays for, by its own field or a finances link."""
    paid = {r.id: set(r.finances) for r in dataset.records.get(Financing.KIND, [])}
    for link in dataset.records.get(Link.KIND, []):
        if link.relation == "finances":
            for claim in link.claims:
                paid.setdefault(claim, set()).add(link.target)
    # A claim stating the same fact as one that pays for a deal pays for it too.
    for link in dataset.records.get(Link.KIND, []):
        if link.relation == "same-as":
            shared = set().union(*(paid.get(c, set()) for c in link.claims))
            for claim in link.claims:
                paid.setdefault(claim, set()).update(shared)
    return paid
