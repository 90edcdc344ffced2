"""What the analysis commands return: rows about entities, each with its evidence.

An `Answer` is plain data; `kg/render/answers.py` turns it into a table, CSV or JSON.
Each row maps column names to values and may carry `entity` ({id, label}) and `evidence`
(a list of {claim, source, title, url, kind, quote | summary | row, locator}). `measure` says
in one sentence what the numbers count (rankings). `notes` hold what the graph does not
know: "no source found: ..." for a researched gap, "not recorded" for silence.
At an as-of date, `apart` lists what is not known to hold then (undated, or recorded at
another date) and is not counted; rows carry `when`, the dates each of their claims counted by.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.analysis.network import Network


@dataclass
class Answer:
    """Rows under a title; `kind` names the operation that made them (suppliers, path, ...)."""

    kind: str
    title: str
    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    explain: dict[str, Any] | None = None
    paths: list[dict[str, Any]] | None = None    # paths only: see kg.analysis.paths
    profile: dict[str, Any] | None = None        # profile only: see kg.analysis.profile
    apart: list[dict] = field(default_factory=list)  # not counted at the date: see kg.analysis.when
    # The evidence of claims a note rests on (a disagreement between sources), cited like rows'.
    notes_evidence: list[dict] = field(default_factory=list)
    # What the numbers count, in one sentence printed under the title (rankings: kg.analysis.rank).
    measure: str | None = None


def entity(net: Network, node: str) -> dict[str, str]:
    """Return {id, label, kind} of a node, as answers show an entity."""
    return {"id": node, "label": net.label(node), "kind": net.kind(node)}


def claim_evidence(net: Network, claim: str, **context: str) -> list[dict]:
    """Return the evidence of one claim, each item tagged with the claim id and context."""
    return [{"claim": claim, **context, **item} for item in net.evidence(claim)]


def dates(attrs: dict) -> str:
    """Return a claim's dates as text: '2019', '2017-06 to 2023-12-06', 'from 2019-10-09'."""
    if attrs.get("start") and attrs.get("end"):
        return f"{attrs['start']} to {attrs['end']}"
    if attrs.get("start"):
        return f"from {attrs['start']}"
    if attrs.get("end"):
        return f"until {attrs['end']}"
    return attrs.get("year") or attrs.get("date") or ""


def sources_of(evidence: list[dict]) -> list[str]:
    """Return the distinct source ids of evidence items, in order."""
    return list(dict.fromkeys(item["source"] for item in evidence))


def not_known(net: Network, nodes: list[str], relation_kind: str, what: str) -> list[str]:
    """Return the notes for a relation the graph has no claim of: gaps, or plain silence."""
    gaps = [g for node in nodes for g in net.gaps_about(node, relation_kind)]
    if gaps:
        return [f"no source found: {g['question']} (searched: {g['searched']})"
                for g in {g["id"]: g for g in gaps}.values()]
    return [f"not recorded: the graph has no {what}; unknown is not no"]
