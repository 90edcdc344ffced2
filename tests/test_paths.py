"""Paths on tiny hand-computed graphs (tests/fixtures/network/README.md), and hub avoidance."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import KGError
from kg.analysis.network import Network
from kg.analysis.path_grammar import Grammar
from kg.analysis.paths import paths
from kg.render.evidence import evidence_line
from kg.analysis.resolve import Ambiguous, NotInGraph

FIXTURES = Path(__file__).parent / "fixtures" / "network"


def load(name: str) -> Network:
    return Network.from_dict(json.loads((FIXTURES / f"{name}.json").read_text()))


def labels(answer) -> list[list[str]]:
    return [p["labels"] for p in answer.paths]


def test_an_ownership_chain_is_one_path():
    answer = paths(load("chain"), "A", "E")
    assert labels(answer) == [["A", "B", "C", "D", "E"]]
    assert answer.paths[0]["length"] == 4
    assert answer.paths[0]["sentence"] == ("A owns B [s1]; B owns C [s1]; C owns D [s1]; "
                                           "D owns E [s1].")


def test_two_parents_of_one_subsidiary_are_not_connected_through_it():
    """S -owns-> Y <-owns- T: siblings' parents, like two customers of one vendor, are not a
    chain; S -supplies-> X -supplies-> T (a company supplying a company) is no story either."""
    answer = paths(load("chain"), "S", "T")
    assert answer.paths == []
    assert answer.notes[0] == ("not recorded: no connection of at most 8 hops in the graph; "
                               "unknown is not no")


def test_an_unknown_kind_names_the_valid_ones():
    with pytest.raises(KGError, match="unknown relation kind 'suply' .*supply, financing"):
        paths(load("chain"), "S", "T", kinds=["suply"])


def test_max_hops_bounds_the_search_and_no_path_is_not_no():
    answer = paths(load("chain"), "A", "E", max_hops=3)
    assert answer.paths == []
    assert answer.notes[0] == ("not recorded: no connection of at most 3 hops in the graph; "
                               "unknown is not no")


# --- typed connections (tests/fixtures/network/typed.json; its README says what it holds) ---

def test_a_restriction_reaches_a_country_through_what_the_vendor_supplied():
    answer = paths(load("typed"), "Authority", "Uganda")
    assert labels(answer) == [
        ["Authority", "Vendor on Entity List", "Vendor", "Entebbe cameras", "Uganda"],
        ["Authority", "Vendor on Entity List", "Vendor", "Uganda"],
        ["Authority", "Vendor on Entity List", "Vendor", "Entebbe cameras", "National Police",
         "Uganda"]]
    first = answer.paths[0]
    assert [e["id"] for e in first["also via"]] == ["restriction/r2"]
    assert [h["relation"] for h in first["hops"]] == ["imposes", "lists", "supplies", "in"]
    assert first["sentence"] == (
        "Authority put Vendor on the BIS Entity List (from 16 May 2019) [s1]; Vendor supplied "
        "Entebbe cameras, in Uganda (2019; reported sale or contract) [s1].")
    assert [c["claims"] for c in first["clauses"]] == [["restriction/r1"], ["deal/entebbe"]]


def test_the_same_length_path_with_the_stronger_claim_comes_first():
    """Vendor -> Entebbe cameras -> Uganda (a reported sale) and Vendor -> Uganda (an index
    listing) weigh the same: the deal node is half a step each way; the sale comes first."""
    answer = paths(load("typed"), "Vendor", "Uganda")
    assert labels(answer)[:2] == [["Vendor", "Entebbe cameras", "Uganda"], ["Vendor", "Uganda"]]


def test_a_loan_never_joins_another_loan_of_the_same_lender():
    """Vendor supplied Dushanbe's cameras, which Lender financed; Lender also financed a Kenyan
    project. Vendor -> Dushanbe -> Lender -> Kenya is two loans, not a connection."""
    net = load("typed")
    assert labels(paths(net, "Vendor", "Kenya")) == [["Vendor", "Kenya"]]
    assert labels(paths(net, "Lender", "Vendor")) == [["Lender", "Dushanbe cameras", "Vendor"]]
    assert labels(paths(net, "Lender", "Tajikistan")) == [
        ["Lender", "Dushanbe cameras", "Tajikistan"]]
    assert paths(net, "Tajikistan", "Kenya").paths == []


def test_an_aggregate_proposal_joins_no_two_vendors():
    net = load("typed")
    assert paths(net, "Rival", "Vendor").paths == []
    assert labels(paths(net, "Rival", "Standards Body")) == [
        ["Rival", "Twenty proposals", "Standards Body"]]


def test_hubs_end_a_path_and_never_join_one():
    net = load("typed")
    assert paths(net, "Kenya", "Uganda").paths == []  # two customers, two members of BRI
    assert labels(paths(net, "Uganda", "Belt and Road")) == [["Uganda", "Belt and Road"]]
    assert labels(paths(net, "Vendor", "Belt and Road"))[:2] == [
        ["Vendor", "Dushanbe cameras", "Tajikistan", "Belt and Road"],  # ties: by label
        ["Vendor", "Entebbe cameras", "Uganda", "Belt and Road"]]


def test_a_country_reaches_through_its_agency_and_its_companies():
    net = load("typed")
    assert labels(paths(net, "United States", "Uganda"))[0] == [
        "United States", "Authority", "Vendor on Entity List", "Vendor", "Entebbe cameras",
        "Uganda"]
    assert labels(paths(net, "China", "Uganda"))[0] == ["China", "Vendor", "Entebbe cameras",
                                                          "Uganda"]


def test_ownership_runs_one_way_from_parent_to_subsidiary():
    net = load("typed")
    assert labels(paths(net, "Parent", "Serbia")) == [["Parent", "Sibling", "Serbia"]]
    assert paths(net, "Vendor", "Sibling").paths == []  # siblings through their parent: no
    assert paths(net, "Vendor", "Serbia").paths == []


def test_a_path_reads_the_same_both_ways():
    net = load("typed")
    for a, b in (("Authority", "Uganda"), ("Lender", "Vendor"), ("United States", "Uganda")):
        there = labels(paths(net, a, b, max_paths=10))
        back = labels(paths(net, b, a, max_paths=10))
        assert sorted(p[::-1] for p in back) == sorted(there)


def test_kinds_pick_the_stories():
    net = load("typed")
    assert paths(net, "Authority", "Uganda", kinds=["restriction"]).paths == []
    assert labels(paths(net, "Authority", "Uganda", kinds=["restriction", "supply"]))[0] == [
        "Authority", "Vendor on Entity List", "Vendor", "Entebbe cameras", "Uganda"]
    assert paths(net, "Lender", "Vendor", kinds=["financing"]).paths == []


def test_every_path_found_is_one_the_grammar_accepts_and_every_clause_cites():
    net = load("typed")
    names = [net.label(n) for n in sorted(net.graph)
             if net.kind(n) not in ("deal", "restriction", "proposal")]
    grammar = Grammar()
    for a in names:
        for b in names:
            if a == b:
                continue
            for path in paths(net, a, b, max_paths=10).paths:
                tokens = [h["token"] for h in path["hops"]]
                assert grammar.accepts(tokens, [n["kind"] for n in path["nodes"]]), path["labels"]
                assert all(c["sources"] for c in path["clauses"])


def test_names_resolve_by_alias_and_case():
    assert labels(paths(load("hubs"), "country 00", "sb")) == [["Country 00", "Small Bloc"]]


def test_an_unknown_name_is_not_in_the_graph_with_suggestions():
    with pytest.raises(NotInGraph) as raised:
        paths(load("hubs"), "Vendor Tree", "Kenya")
    assert str(raised.value) == ("'Vendor Tree' is not in the graph "
                                 "(did you mean: Vendor Two, Vendor One?)")


def test_an_ambiguous_name_lists_its_candidates():
    net = load("hubs")
    for node in ("org/v1", "org/v2"):  # one alias on two entities
        net.graph.nodes[node]["aliases"] = ["Vendor"]
    with pytest.raises(Ambiguous) as raised:
        paths(net, "Vendor", "Kenya")
    assert raised.value.candidates == [("org/v1", "Vendor One"), ("org/v2", "Vendor Two")]


def test_a_word_of_two_names_is_neither_name():
    with pytest.raises(NotInGraph) as raised:
        paths(load("hubs"), "Vendor", "Kenya")
    assert raised.value.suggestions == ["Vendor Two", "Vendor One"]


def test_only_a_quote_is_printed_in_quotation_marks():
    base = {"claim": "deal/d", "source": "source/report"}
    assert evidence_line({**base, "kind": "quote", "quote": "a $1m deal", "locator": "p. 3"}) == (
        'source: report "a $1m deal" (p. 3)')
    assert evidence_line({**base, "kind": "summary", "summary": "Acme won a $1m deal"}) == (
        "source: report, summary: Acme won a $1m deal")
    assert evidence_line({**base, "kind": "summary", "summary": "Acme won", "locator": "p. 3"}) \
        == "source: report, summary: Acme won (p. 3)"
    assert evidence_line({"source": "source/index", "kind": "row", "row": "country=Kenya"}) == (
        "source: index (row country=Kenya)")



def test_two_authorities_listing_one_party_are_not_connected_through_it():
    """Two authorities list X, which is known from nothing else: being listed twice is no
    link between them; a path may end at X."""
    def edge(u, v, kind, verb):
        claim = u if u.startswith("restriction/") else v
        return {"u": u, "v": v, "kind": kind, "verb": verb, "claim": claim}

    nodes = [{"id": "org/x", "label": "X", "kind": "listed-party"}]
    edges, claims = [], {}
    for n in ("1", "2"):
        nodes += [{"id": f"org/gov{n}", "label": f"Gov{n}", "kind": "agency"},
                  {"id": f"restriction/r{n}", "label": f"X listed {n}", "kind": "restriction"}]
        edges += [edge(f"org/gov{n}", f"restriction/r{n}", "restriction", "imposes"),
                  edge(f"restriction/r{n}", "org/x", "restriction", "lists")]
        claims[f"restriction/r{n}"] = {"kind": "restriction", "evidence": []}
    net = Network.from_dict({"nodes": nodes, "edges": edges, "claims": claims})
    assert paths(net, "Gov1", "Gov2").paths == []
    answer = paths(net, "Gov1", "X")
    assert answer.paths[0]["labels"] == ["Gov1", "X listed 1", "X"]
    assert answer.paths[0]["sentence"] == "Gov1 restricted X [no source recorded]."


def _brute_force(net, grammar, a, b, max_hops):
    """Every simple path from a to b of at most max_hops hops, each hop read as each token it
    can be, that the grammar accepts: what the search must find, found the slow way."""
    from kg.analysis.path_search import hops_from

    out = set()

    def walk(nodes, tokens):
        if nodes[-1] == b:
            if grammar.accepts(list(tokens), [net.kind(n) for n in nodes]):
                out.add((tuple(nodes), tuple(tokens)))
            return
        if len(tokens) == max_hops:
            return
        for other, tok, _, _, _ in hops_from(net, nodes[-1]):
            if other not in nodes:
                walk(nodes + [other], tokens + [tok])
    walk([a], [])
    return out


@pytest.mark.parametrize("kinds", [None, ("supply", "restriction"), ("financing", "supply")])
def test_the_search_finds_exactly_the_connections_the_grammar_accepts(kinds):
    """The two walks (one from each end, meeting in the middle) find every path the grammar
    accepts, and nothing else, for every pair of nodes of the typed fixture."""
    from kg.analysis.path_search import search as _search

    net = load("typed")
    grammar = Grammar(kinds)
    nodes = sorted(net.graph)
    for a in nodes:
        for b in nodes:
            if a == b:
                continue
            expected = _brute_force(net, grammar, a, b, 6)
            found, capped = _search(net, grammar, [a], b, 6, 10_000)
            assert not capped
            got = {(tuple(n), tuple(tok for tok, _ in hops)) for _, n, hops in found}
            assert got == expected, (a, b)


def test_one_entity_named_twice_is_said_so():
    answer = paths(load("typed"), "Vendor", "vendor")
    assert answer.paths == []
    assert answer.notes == ["both names are Vendor (org/vendor): a connection joins two entities"]
