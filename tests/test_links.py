"""One real-world fact is one claim or linked claims: links, likely duplicates, gaps, financing."""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from kg.graph.checks import run_checks
from kg.cli import cli
from kg.records.dataset import load_dataset
from kg.errors import KGErrors
from kg.analysis.financing import financed_by
from kg.analysis.network import Network, load_network

SOURCES = """\
sources:
  - {id: s1, title: Paper one, kind: article}
  - {id: s2, title: Paper two, kind: article}
  - {id: d1, title: A dataset, kind: dataset}
organizations:
  - {id: bank, label: Big Bank, kind: lender}
  - {id: acme, label: Acme, kind: company}
"""


def write(folder: Path, text: str) -> Path:
    data = folder / "data"
    data.mkdir()
    (data / "sources.yaml").write_text(SOURCES)
    (data / "records.yaml").write_text(textwrap.dedent(text))
    return data


def check(folder: Path, text: str) -> list[str]:
    return run_checks(write(folder, text)).problems


LOANS = """\
financing:
  - id: loan-article
    country: KEN
    amount: 100
    currency: USD
    year: 2015
    evidence: [{source: s1, summary: A $100 loan to Kenya in 2015.}]
  - id: loan-row
    lender: bank
    country: KEN
    amount: 102
    currency: USD
    year: 2015
    evidence: [{source: d1, row: id=7}]
"""


# --- likely duplicates -------------------------------------------------------------------------

def test_an_unlinked_pair_is_reported_with_both_places(tmp_path):
    problems = check(tmp_path, LOANS)
    records = tmp_path / "data" / "records.yaml"
    assert problems == [
        f"{records}:2: likely duplicate: financing 'loan-article' and financing 'loan-row' "
        f"({records}:8): same country, lender named by one only, amounts within 5%; link them "
        "in data/curated/links.yaml (same-as, part-of, finances or distinct, with a note)"]


@pytest.mark.parametrize("relation", ["same-as", "distinct"])
def test_a_reviewed_link_settles_the_pair(tmp_path, relation):
    links = f"""\
links:
  - id: l1
    relation: {relation}
    claims: [loan-article, loan-row]
    note: Reviewed.
"""
    assert check(tmp_path, LOANS + links) == []


def test_far_apart_amounts_and_years_are_not_alike(tmp_path):
    text = LOANS.replace("amount: 102", "amount: 900").replace("year: 2015\n    evidence: [{source: d1",
                                                                "year: 2019\n    evidence: [{source: d1")
    assert check(tmp_path, text) == []


def test_an_undated_copy_of_a_dated_listing_is_a_likely_duplicate(tmp_path):
    problems = check(tmp_path, """\
    organizations:
      - {id: gov, label: A Government, kind: agency}
    restrictions:
      - id: listed-undated
        authority: gov
        target: acme
        instrument: entity-list
        evidence: [{source: s1, summary: Acme is on the list.}]
      - id: listed-dated
        authority: gov
        target: acme
        instrument: entity-list
        start: 2019-10-09
        evidence: [{source: s2, summary: Acme was added on 9 Oct 2019.}]
    """)
    assert len(problems) == 1
    assert "likely duplicate: restriction 'listed-undated' and restriction 'listed-dated'" in problems[0]
    assert "one of them is undated" in problems[0]


@pytest.mark.parametrize("link, message", [
    ("relation: same-as\n    claims: [loan-row]",
     "link 'l1': claims: a same-as link needs two or more claims"),
    ("relation: finances\n    claims: [loan-row]",
     "link 'l1': target: a finances link needs a `target`"),
    ("relation: finances\n    claims: [loan-row]\n    target: loan-article",
     "link 'l1': the target of a finances link must be a deal, not 'loan-article'"),
    ("relation: same-as\n    claims: [loan-row, nowhere]",
     "link 'l1': claims: unknown"),
])
def test_a_malformed_link_is_one_error_at_its_line(tmp_path, link, message):
    data = write(tmp_path, LOANS + f"links:\n  - id: l1\n    {link}\n    note: Why.\n")
    with pytest.raises(KGErrors) as raised:
        load_dataset(data)
    lines = [str(e) for e in raised.value.errors]
    assert len(lines) == 1 and message in lines[0], lines
    assert lines[0].startswith(f"{data / 'records.yaml'}:")


def test_the_shipped_data_has_no_unlinked_duplicate_and_no_answered_gap():
    problems = run_checks(ROOT / "data").problems
    assert [p for p in problems if "likely duplicate" in p or "is answered by" in p] == []


# --- gaps a claim answers -------------------------------------------------------------------------

GAP = """\
gaps:
  - id: gap-kenya-lender
    relation_kind: financing
    about: [KEN]
    question: Which lender financed Kenya's surveillance system?
    searched: Paper one.
"""


def test_a_gap_that_a_claim_answers_is_reported_with_both_places(tmp_path):
    text = LOANS.replace("amount: 102", "amount: 900").replace("year: 2015\n    evidence: [{source: d1",
                                                                "year: 2019\n    evidence: [{source: d1")
    problems = check(tmp_path, text + GAP)
    records = tmp_path / "data" / "records.yaml"
    assert problems == [f"{records}:16: gap 'gap-kenya-lender' is answered by loan-row "
                        f"({records}:8): retire it (`answered_by` and a note) or narrow its "
                        "question"]


def test_money_for_other_things_does_not_answer_a_financing_gap(tmp_path):
    text = LOANS.replace("amount: 102", "amount: 900").replace(
        "year: 2015\n    evidence: [{source: d1",
        "year: 2019\n    purpose: other\n    evidence: [{source: d1")
    assert check(tmp_path, text + GAP) == []


def test_a_retired_gap_needs_a_note(tmp_path):
    data = write(tmp_path, LOANS + GAP + "    answered_by: [loan-row]\n")
    with pytest.raises(KGErrors) as raised:
        load_dataset(data)
    assert "a retired gap needs a `note`" in str(raised.value.errors[0])


# --- the network: facts, parts, financing by fact -----------------------------------------------

def tiny() -> Network:
    claim = lambda **kw: {"kind": "financing", "evidence": [], **kw}  # noqa: E731
    return Network.from_dict({
        "nodes": [{"id": "org/bank", "label": "Bank", "kind": "lender"},
                  {"id": "deal/d", "label": "D", "kind": "deal"},
                  {"id": "country/KEN", "label": "Kenya", "kind": "country"}],
        "claims": {
            "financing/a": claim(country="country/KEN", amount="100", currency="USD"),
            "financing/b": claim(lender="org/bank", country="country/KEN", finances=["deal/d"]),
            "financing/c": claim(lender="org/bank", country="country/KEN", label="tranche"),
            "financing/masks": claim(lender="org/bank", country="country/KEN", purpose="other"),
            "deal/d": {"kind": "deal", "country": "country/KEN", "evidence": []}},
        "links": [{"id": "link/1", "relation": "same-as", "claims": ["financing/b", "financing/a"]},
                  {"id": "link/2", "relation": "part-of", "claims": ["financing/c"],
                   "target": "financing/a"}]})


def test_same_as_claims_are_one_fact_named_by_the_smallest_id():
    net = tiny()
    assert net.fact("financing/b") == net.fact("financing/a") == "financing/a"
    assert net.same_fact("financing/b") == ["financing/a", "financing/b"]
    assert net.fact("financing/c") == "financing/c"
    assert net.parts("financing/b") == ["financing/c"]
    assert net.wholes("financing/c") == ["financing/a"]


def test_financing_of_a_deal_follows_the_link_and_counts_the_fact_once():
    answer = financed_by(tiny(), "D")
    assert [(r["lender"], r["claims"]) for r in answer.rows] == [
        ("Bank", ["financing/a", "financing/b"])]
    assert answer.rows[0]["amount"] == "100 USD"   # from the claim without a lender


def test_financing_of_a_country_lists_parts_and_sets_other_money_apart():
    answer = financed_by(tiny(), "Kenya")
    assert [(r["financing"], r["part of"]) for r in answer.rows] == [
        ("financing/a", []), ("tranche", ["financing/a"])]
    assert answer.title == "Financing of Kenya: 2 recorded (from 3 claims; linked claims shown once)"
    assert answer.notes == ["not financing of surveillance (not surveillance or security "
                            "equipment): 1 recorded: Bank: financing/masks"]
    assert answer.apart == [{"kind": "financing", "subject": "Bank: financing/masks",
                             "reason": "not surveillance or security equipment",
                             "claims": ["financing/masks"]}]


# --- the shipped data ---------------------------------------------------------------------------

def ask(build: Path, question: str, fmt: str = "json") -> dict:
    result = CliRunner().invoke(cli, ["--build-dir", str(build), "ask", question, "--format", fmt],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output) if fmt == "json" else result.output


def records(kind: str) -> list:
    return load_dataset(ROOT / "data").records[kind]


def test_ecu911_financing_names_the_lender_and_no_gap(shipped_build):
    answer = ask(shipped_build, "who financed Ecuador's ECU-911")
    lenders = {row["lender"] for row in answer["rows"]}
    assert "China Development Bank" in lenders
    assert not any(note.startswith("no source found") for note in answer["notes"])
    # every financing record that pays for the deal, by field or link, is in the answer
    shown = {c.split("/", 1)[1] for row in answer["rows"] for c in row["claims"]}
    paying = {r.id for r in records("financing") if "deal-ecuador-ecu911-2011" in r.finances}
    paying |= {c for link in records("links") if link.relation == "finances"
               and link.target == "deal-ecuador-ecu911-2011" for c in link.claims}
    assert paying and paying <= shown


@pytest.mark.parametrize("country", ["Laos", "Kenya", "Uganda", "Mongolia", "Tajikistan"])
def test_a_country_shows_every_financing_claim_about_it(shipped_build, country):
    answer = ask(shipped_build, f"who financed {country}")
    net = load_network(shipped_build)
    code = next(n for n in net.nodes_of("country") if net.label(n) == country)
    expected = {c for c, claim in net.claims.items() if claim["kind"] == "financing"
                and claim.get("country") == code and claim.get("purpose") not in
                ("telecommunications", "other")}
    shown = {c for row in answer["rows"] for c in row["claims"]}
    assert expected and expected <= shown
    assert not any("not recorded" in note for note in answer["notes"])


def test_mongolia_never_shows_a_gap_beside_the_claim_that_answers_it(shipped_build):
    text = ask(shipped_build, "tell me about Mongolia", fmt="table")
    assert "Export-Import Bank of China" in text
    assert "which lender financed Mongolia" not in text.lower()
    # the ZTE masks are not presented as financing of surveillance
    financed_by_section = text.split("financed by:")[1].split("\n\n")[0]
    assert "ZTE" not in financed_by_section


def test_one_listing_is_one_fact_per_target(shipped_build):
    net = load_network(shipped_build)
    for instrument in ("fcc-covered-list", "ndaa-889"):
        listings = [c for c, claim in net.claims.items() if claim["kind"] == "restriction"
                    and claim.get("instrument") == instrument]
        facts = {net.fact(c) for c in listings}
        undated = [f for f in facts if not any(net.claims[c].get("start") or
                                               net.claims[c].get("year")
                                               for c in net.same_fact(f))]
        assert undated == [], instrument
        assert len(facts) < len(listings)


# --- kg audit -----------------------------------------------------------------------------------

def test_audit_counts_facts_evidence_kinds_dates_and_gaps():
    from kg.analysis.audit import audit

    net = tiny()
    net.claims["financing/a"]["evidence"] = [{"source": "s", "quote": "q"},
                                             {"source": "t", "summary": "s"}]
    net.claims["financing/b"]["evidence"] = [{"source": "d", "row": "r"}]
    net.claims["financing/c"]["year"] = "2015"
    net.gaps = [{"id": "gap/1", "relation_kind": "financing", "about": ["deal/d"]},
                {"id": "gap/2", "relation_kind": "financing", "about": ["deal/d"],
                 "answered_by": ["financing/b"]}]
    rows = {r["kind"]: r for r in audit(net).rows}
    assert rows["financing"] == {
        "kind": "financing", "claims": 4, "facts": 3, "in linked groups": 2, "quotes": 1,
        "summaries": 1, "dataset rows": 1, "held dates": 1, "recorded only": 0, "undated": 3,
        "open gaps": 1, "retired gaps": 1}
    assert rows["all"]["claims"] == 4 + 1   # and the deal


def test_audit_on_the_shipped_data_adds_up(shipped_build):
    result = CliRunner().invoke(cli, ["--build-dir", str(shipped_build), "audit", "--format",
                                      "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    rows = {r["kind"]: r for r in json.loads(result.output)["rows"]}
    net = load_network(shipped_build)
    restrictions = [c for c, claim in net.claims.items() if claim["kind"] == "restriction"]
    assert rows["restriction"]["claims"] == len(restrictions)
    assert rows["restriction"]["facts"] == len({net.fact(c) for c in restrictions})
    assert rows["restriction"]["facts"] < rows["restriction"]["claims"]   # links followed
    evidence = sum(len(net.claims[c]["evidence"]) for c in restrictions)
    assert (rows["restriction"]["quotes"] + rows["restriction"]["summaries"]
            + rows["restriction"]["dataset rows"]) == evidence
    assert rows["financing"]["retired gaps"] >= 2
    assert "organization" not in rows


def test_the_named_query_gives_one_row_per_listing_with_the_dated_sources_date(shipped_build):
    result = CliRunner().invoke(cli, ["--build-dir", str(shipped_build), "query",
                                      "restrictions-by-vendor", "-p", "target=org/dahua",
                                      "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    rows = [{k: v["value"] for k, v in b.items()}
            for b in json.loads(result.output)["results"]["bindings"]]
    net = load_network(shipped_build)
    mine = [c for c, claim in net.claims.items()
            if claim["kind"] == "restriction" and "org/dahua" in net.graph.succ.get(c, {})]
    assert len(rows) == len({net.fact(c) for c in mine}) < len(mine)
    assert sum(int(r["claims"]) for r in rows) == len(mine)
    assert all(r.get("start") for r in rows)   # every Dahua listing has a dated source


def test_an_answer_never_shows_a_gap_beside_the_claim_that_answers_it():
    net = tiny()
    net.gaps = [{"id": "gap/d", "relation_kind": "financing", "about": ["deal/d"],
                 "question": "Who financed D?", "searched": "x"},
                {"id": "gap/e", "relation_kind": "financing", "about": ["deal/e"],
                 "question": "Who financed E?", "searched": "x"}]
    assert net.gaps_about("deal/d") == []          # financing/b (Bank) pays for D
    assert [g["id"] for g in net.gaps_about("deal/e")] == ["gap/e"]


def test_a_restriction_answer_counts_each_listing_once_with_all_its_evidence(shipped_build):
    answer = ask(shipped_build, "is Dahua restricted")
    net = load_network(shipped_build)
    mine = [c for c, claim in net.claims.items()
            if claim["kind"] == "restriction" and "org/dahua" in net.graph.succ.get(c, {})]
    assert len(answer["rows"]) == len({net.fact(c) for c in mine}) < len(mine)
    for row in answer["rows"]:
        assert row["dates"], row["restriction"]       # the dated source dates every listing
        cited = {e["claim"] for e in row["evidence"]}
        assert cited == set(row["claims"]) and set(row["claims"]) == set(
            net.same_fact(row["claims"][0])) & set(mine)


def test_every_financing_claim_whose_title_names_a_deal_is_linked_to_it(shipped_build):
    """A financing title that names a deal (its label or a reviewed alias) pays for that deal."""
    from kg.analysis.resolve import normalize

    net = load_network(shipped_build)
    names = {d: {normalize(n) for n in [net.label(d), *net.graph.nodes[d]["aliases"]]}
             for d in net.nodes_of("deal")}
    named = 0
    for claim_id, claim in net.claims.items():
        if claim["kind"] != "financing" or not claim.get("label"):
            continue
        title = f" {normalize(claim['label'])} "
        for deal, spellings in names.items():
            if any(f" {n} " in title for n in spellings if len(n) > 5):
                named += 1
                assert deal in {d for c in net.same_fact(claim_id)
                                for d in net.claims[c].get("finances", [])}, (claim_id, deal)
    assert named >= 4   # ECU 911 (three AidData rows) and Safe City Islamabad at least


def test_kg_check_reports_the_duplicate_and_the_answered_gap_with_their_places():
    data = "tests/fixtures/duplicates/data"
    result = CliRunner().invoke(cli, ["--data", str(ROOT / data), "check"])
    records = ROOT / data / "records.yaml"
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{records}:2: likely duplicate: financing 'loan-from-article' and financing "
        f"'loan-from-dataset' ({records}:8): same country, lender named by one only, amounts "
        "within 5%; link them in data/curated/links.yaml (same-as, part-of, finances or "
        "distinct, with a note)",
        f"{records}:22: gap 'gap-kenya-lender' is answered by loan-from-dataset ({records}:8): "
        "retire it (`answered_by` and a note) or narrow its question",
        "2 problem(s) found"]
