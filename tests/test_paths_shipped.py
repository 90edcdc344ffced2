"""Connections on the shipped data: the misleading paths a new user saw no longer appear, and
every path the README and docs show (`kg path`, `kg viz --path`, a `kg ask` that answers with
paths) is one the grammar accepts, with a source on every fact and every hop."""
from __future__ import annotations

import shlex

import pytest
from docs_support import blocks, commands, documents

from kg.analysis.network import load_network
from kg.analysis.path_grammar import Grammar
from kg.analysis.paths import paths
from kg.ask.questions import ask
from kg.errors import KGError


@pytest.fixture(scope="module")
def net(shipped_build):
    return load_network(shipped_build)


def check(path: dict) -> None:
    """A path is a connection of the grammar, and cites on every clause and every hop."""
    tokens = [hop["token"] for hop in path["hops"]]
    assert Grammar().accepts(tokens, [n["kind"] for n in path["nodes"]]), path["labels"]
    assert all(hop["evidence"] for hop in path["hops"]), path["labels"]
    assert all(clause["sources"] for clause in path["clauses"]), path["sentence"]
    assert path["sentence"].count("[") == len(path["clauses"])


def test_huawei_reaches_kenya_without_another_loan_of_its_lender(net):
    """Huawei -> Dushanbe Safe City cameras -> Export-Import Bank of China -> Kenya chained a
    Tajik loan to an unrelated Kenyan loan through the bank."""
    answer = paths(net, "Huawei", "Kenya", max_paths=10)
    assert answer.paths
    for path in answer.paths:
        check(path)
        assert not {n["kind"] for n in path["nodes"][1:-1]} & {"lender", "country"}, path["labels"]


def test_hikvision_reaches_serbia_through_no_aggregate_proposal(net):
    """Hikvision -> "ITU proposals" -> Huawei -> Serbia joined two vendors named in one reported
    aggregate of proposals."""
    answer = paths(net, "Hikvision", "Serbia", max_paths=10)
    for path in answer.paths:
        check(path)
        assert "proposal" not in {n["kind"] for n in path["nodes"]}, path["labels"]
    if not answer.paths:
        assert answer.notes[0].startswith("not recorded: no connection")


def _shown_paths():
    """Yield (document, command) for every command the documents show that prints paths."""
    for doc in documents():
        for block in blocks(doc.read_text(encoding="utf-8")):
            for command, _ in commands(block.group(1)):
                first = command.split("|")[0]
                if " kg path " in f" {first}" or "--path" in first or " kg ask " in f" {first}":
                    yield doc.name, first


SHOWN = list(_shown_paths())


def test_the_documents_show_paths():
    assert any("kg path" in c for _, c in SHOWN) and any("--path" in c for _, c in SHOWN)


@pytest.mark.parametrize("doc,command", SHOWN)
def test_every_path_the_documents_show_is_a_cited_connection(net, doc, command):
    words = shlex.split(command)
    words = words[words.index("kg") + 1:]
    if words[0] == "ask":
        try:
            answer = ask(net, words[1])
        except KGError:  # a refusal the document shows (a name not in the graph, ...)
            return
        if answer.kind != "path":
            return
        found = answer.paths
    else:
        at = words.index("--path") + 1 if "--path" in words else words.index("path") + 1
        kinds = words[words.index("--kinds") + 1].split(",") if "--kinds" in words else None
        found = paths(net, words[at], words[at + 1], max_paths=5, kinds=kinds).paths
        assert found, command
    for path in found:
        check(path)


def test_paths_between_vendors_and_countries_are_cited_connections(net):
    """A sample beyond the documents: the most connected vendors to the countries they and
    others supply, both ways."""
    vendors = sorted(net.nodes_of("company"), key=lambda n: -net.graph.degree(n))[:8]
    countries = ["country/UGA", "country/KEN", "country/ECU", "country/SRB", "country/PAK",
                 "country/USA", "country/CHN"]
    for vendor in vendors:
        for country in countries:
            if country not in net.graph:
                continue
            for a, b in ((vendor, country), (country, vendor)):
                for path in paths(net, a, b, max_paths=3, max_hops=6).paths:
                    check(path)
