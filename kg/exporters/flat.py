"""The explorer's graph with flat, typed attributes: what GraphML, GEXF and CSV can hold.

Lists become `; `-joined text, evidence becomes text columns, and an attribute with no value is
left out (never None: networkx's writers fail on it). Ints stay ints, amounts are floats.

Each edge's key is its id in every export: the claim link's key (claim and verb) with its two
ends, `supply/x:supplies|org/a|country/KEN`. The key alone repeats where one claim links a vendor
to both a country and an agency, and Gephi keeps one edge per id; derived from what the edge is,
not where it comes in the file, so a re-export of the same build is byte-identical. Each edge
also says which dates it goes by (`dates`: kg.analysis.when's label, held or recorded or
undated), and `graph.graph["when"]` keeps the `When` per edge id (GEXF's time spells).
"""
from __future__ import annotations

from pathlib import Path

import networkx as nx

from kg.analysis.network import Network, evidence_kind, load_network
from kg.analysis.when import when
from kg.errors import KGError
from kg.explore.extract import explorer_graph
from kg.explore.layout import centrality

NODE_TEXT = ("label", "cls", "identifier")
EDGE_TEXT = ("kind", "verb", "claim", "claim_class", "label", "start_date", "end_date", "currency",
             "instrument", "instrument_label", "status", "scope", "topic", "legal_citation",
             "financing_type", "terms", "note", "measure", "value", "unit", "period")
SEP = "; "


def evidence_text(entry: dict, sources: dict) -> str:
    """One evidence entry as a line: title (publisher, date) <url>: "quote" | , summary: text,
    then [locator: ...] [row: ...]. Only a quote, the source's own words, is in quotation marks."""
    source = sources.get(entry["source"], {})
    text = source.get("title", entry["source"])
    meta = ", ".join(source[k] for k in ("publisher", "date") if source.get(k))
    text += f" ({meta})" if meta else ""
    text += f" <{source['url']}>" if source.get("url") else ""
    if entry.get("quote"):
        text += f': "{entry["quote"]}"'
    elif entry.get("summary"):
        text += f", summary: {entry['summary']}"
    for key in ("locator", "row"):
        if entry.get(key):
            text += f" [{key}: {entry[key]}]"
    return text


def evidence_columns(evidence: list[dict], sources: dict) -> dict:
    """The evidence columns of one claim: count, source ids, kinds (quote, summary or row, one
    per entry), titles, URLs, quotes, summaries, full text."""
    found = [sources.get(e["source"], {}) for e in evidence]
    columns = {"evidence_count": len(evidence),
               "evidence_sources": SEP.join(e["source"] for e in evidence),
               "evidence_kinds": SEP.join(evidence_kind(e) for e in evidence),
               "evidence_titles": SEP.join(s.get("title", "") for s in found if s.get("title")),
               "evidence_urls": SEP.join(s["url"] for s in found if s.get("url")),
               "evidence_quotes": " | ".join(e["quote"] for e in evidence if e.get("quote")),
               "evidence_summaries": " | ".join(e["summary"] for e in evidence
                                                if e.get("summary")),
               "evidence": " || ".join(evidence_text(e, sources) for e in evidence)}
    return {k: v for k, v in columns.items() if v != ""}


def _facts(facts: list[dict]) -> str:
    return " | ".join(f["label"] for f in facts)


def edge_id(u: str, v: str, key: str) -> str:
    """Return an edge's id in the exports: its key (claim and verb, spaces as -) and its ends.

    >>> edge_id("org/a", "country/KEN", "supply/x:member of")
    'supply/x:member-of|org/a|country/KEN'
    """
    return f"{key.replace(' ', '-')}|{u}|{v}"


def _held(net: Network, u: str, v: str, key: str) -> dict:
    """Return the projection edge's copy of its claim's held dates (start, end, year)."""
    data = net.graph.edges[u, v, key]
    return {k: data.get(k) for k in ("start", "end", "year")}


def flat_graph(build_dir: str | Path) -> nx.MultiDiGraph:
    """Return the explorer's graph of the build with scalar attributes only (see module doc)."""
    return flat_network(load_network(build_dir))


def flat_network(net: Network) -> nx.MultiDiGraph:
    """Return the explorer's graph of a projection with scalar attributes only."""
    graph = explorer_graph(net)
    ranks = centrality(graph)
    sources = graph.graph.get("sources", {})
    out = nx.MultiDiGraph(when={})
    for node, data in graph.nodes(data=True):
        attrs = {k: data[k] for k in NODE_TEXT if data.get(k)}
        attrs["restricted"] = bool(data.get("restricted"))
        attrs["centrality"] = round(float(ranks.get(node, 0.0)), 6)
        for key, value in (("aliases", SEP.join(data.get("aliases", []))),
                           ("instruments", SEP.join(data.get("instruments", []))),
                           ("facts", _facts(data.get("facts", []))),
                           ("gaps", " | ".join(g["question"] for g in data.get("gaps", [])))):
            if value:
                attrs[key] = value
        out.add_node(node, **attrs)
    for a, b, key, data in graph.edges(keys=True, data=True):
        attrs = {k: str(data[k]) for k in EDGE_TEXT if data.get(k)}
        for k in ("year_from", "year_to"):
            if data.get(k) is not None:
                attrs[k] = int(data[k])
        if data.get("amount") is not None:
            attrs["amount"] = float(data["amount"])
        if data.get("technologies"):
            attrs["technologies"] = SEP.join(data["technologies"])
        attrs.update(evidence_columns(data.get("evidence", []), sources))
        dates = when(net, data["claim"], _held(net, a, b, key))
        attrs["dates"] = dates.label()
        ident = edge_id(a, b, key)
        if ident in out.graph["when"]:  # two keys that differ only by a space and a dash
            raise KGError(f"two links would share the export id {ident!r}")
        out.graph["when"][ident] = dates
        out.add_edge(a, b, key=ident, **attrs)
    return out
