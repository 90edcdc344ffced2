"""The question set of issue 13 (tests/fixtures/ask/questions.yaml), asked of the shipped graph.

The set is written from ../shared/facts.md and the upstream datasets, each entry with the names
its answer must contain (or "no source found", or a refusal). scripts/ask_eval.py judges each
answer; this test fails when fewer questions pass than RATCHET, today's measured count.

Measured on the shipped data when the set was written: 190 of 296 pass (64.2%; per topic:
refused 19/20, us-restrictions 33/37, spyware-interception 35/40, counts 24/28,
vendors-countries 48/75, financing 14/24, itu-standards 9/22, belt-and-road 5/20, dates 2/20,
no-source 1/10). Raise RATCHET as the understander improves; the issue's target is 95%.
"""
from __future__ import annotations

import importlib.util
import sys

import pytest

from conftest import ROOT

RATCHET = 288


def _eval_module():
    spec = importlib.util.spec_from_file_location("ask_eval", ROOT / "scripts" / "ask_eval.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("ask_eval", module)
    spec.loader.exec_module(module)
    return module


ask_eval = _eval_module()
QUESTIONS = ask_eval.load_questions()


def test_the_set_has_at_least_200_questions_with_unique_ids():
    ids = [entry["id"] for entry in QUESTIONS]
    assert len(ids) >= 200
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


@pytest.mark.parametrize("entry", QUESTIONS, ids=lambda e: e["id"])
def test_every_entry_has_its_shape(entry):
    assert set(entry) == {"id", "question", "expect", "basis", "topic"}
    assert entry["question"].strip() and str(entry["basis"]).strip() and entry["topic"]
    expect = entry["expect"]
    assert len(expect) == 1, "one kind of expectation per question"
    if "names" in expect:
        assert expect["names"] and all(isinstance(n, str) and n for n in expect["names"])
    else:
        assert expect in ({"no_source": True}, {"refused": True})


def test_the_set_covers_gaps_and_refusals():
    kinds = {next(iter(e["expect"])) for e in QUESTIONS}
    assert kinds == {"names", "no_source", "refused"}


def test_judge_can_fail(shipped_build):
    """The judge is no rubber stamp: a wrong name, a wrong gap and a wrong refusal all miss."""
    from kg.analysis.network import load_network

    net = load_network(shipped_build)
    good = next((e for e in QUESTIONS if "names" in e["expect"]
                 and ask_eval.judge(e, net, ()).passed), None)
    if good is None:
        pytest.fail("no question of the set passes: nothing to turn into a wrong expectation")
    wrong = [dict(good, expect={"names": ["Nonexistent Vendor Ltd"]}),
             dict(good, expect={"refused": True}),
             dict(good, expect={"no_source": True}),
             dict(good, question="what is the weather in Kenya")]
    assert not any(ask_eval.judge(entry, net, ()).passed for entry in wrong)


def test_contains_matches_whole_words_only():
    assert ask_eval.contains("Huawei; NEC (Japan)", "nec")
    assert not ask_eval.contains("connected to Kenya", "NEC")
    assert ask_eval.contains("CloudWalk Technology", "CloudWalk Technology")


def test_the_pass_count_does_not_regress(shipped_build):
    outcomes = ask_eval.evaluate(shipped_build, ROOT / "data", QUESTIONS)
    passed = sum(o.passed for o in outcomes)
    assert passed >= RATCHET, ask_eval.report(outcomes, misses_only=True)
