"""Run the question set (tests/fixtures/ask/questions.yaml) through `kg ask` and report misses.

Each question passes when its answer is of the expected kind:
- `names`: an answer (no error) in whose title, notes or rows (their evidence aside) every
  expected name appears as a whole word, case folded;
- `no_source`: an answer whose notes say "no source found" or "unknown is not no";
- `refused`: the question is not mapped (kg.ask.questions.NotUnderstood) or names nothing the
  graph has (kg.analysis.resolve.Unresolved): both exit 2, and neither answers another question.

Offline and deterministic. By default data/ is built into a temporary folder first:

    python scripts/ask_eval.py                      # build data/ into a temp dir, then ask
    python scripts/ask_eval.py --build-dir /tmp/b   # use an existing build
    python scripts/ask_eval.py --misses-only
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "tests" / "fixtures" / "ask" / "questions.yaml"
NO_SOURCE = ("no source found", "unknown is not no")


@dataclass(frozen=True)
class Outcome:
    """One question's result: passed or not, and what the answer was (for the miss list)."""

    id: str
    topic: str
    question: str
    passed: bool
    got: str


def load_questions(path: Path = QUESTIONS) -> list[dict]:
    """Return the question entries of the set, in file order."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]


def answer_text(answer) -> str:
    """Return everything an answer shows except evidence: title, notes, rows, paths, profile."""
    parts: list[str] = [answer.title, *answer.notes]

    def walk(value) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key != "evidence":  # a quote may name anything: it is not the answer
                    walk(item)
        elif isinstance(value, (list, tuple, set, frozenset)):
            for item in value:
                walk(item)
        elif value is not None:
            parts.append(str(value))

    walk(answer.rows)
    walk(answer.paths or [])
    walk(answer.profile or {})
    return "\n".join(parts)


def contains(text: str, name: str) -> bool:
    """True when `name` occurs in `text` as a whole word (or words), case folded."""
    return re.search(rf"(?<!\w){re.escape(name.casefold())}(?!\w)", text.casefold()) is not None


def judge(entry: dict, net, assertions) -> Outcome:
    """Return the outcome of one question entry asked of the network."""
    from kg.analysis.resolve import Unresolved
    from kg.ask.questions import NotUnderstood, ask
    from kg.errors import KGError

    expect = entry["expect"]
    make = lambda passed, got: Outcome(entry["id"], entry["topic"], entry["question"],  # noqa: E731
                                       passed, got)
    try:
        answer = ask(net, entry["question"], assertions)
    except (NotUnderstood, Unresolved) as refusal:
        first = str(refusal).splitlines()[0]
        return make(bool(expect.get("refused")), f"refused: {first[:160]}")
    except KGError as err:
        return make(False, f"error: {str(err).splitlines()[0][:160]}")
    text = answer_text(answer)
    got = f"{answer.kind}: {answer.title[:80]} ({len(answer.rows)} rows)"
    if expect.get("refused"):
        return make(False, "answered: " + got)
    if expect.get("no_source"):
        return make(any(marker in text.casefold() for marker in NO_SOURCE), got)
    missing = [name for name in expect["names"] if not contains(text, name)]
    return make(not missing, got + (f"; missing {missing}" if missing else ""))


def evaluate(build_dir: Path, data_dir: Path = ROOT / "data",
             questions: list[dict] | None = None) -> list[Outcome]:
    """Return the outcome of every question of the set asked of the build in `build_dir`."""
    from kg.analysis.network import load_network
    from kg.records.assertions import load_assertions

    net = load_network(build_dir)
    assertions = load_assertions(data_dir)
    return [judge(entry, net, assertions) for entry in (questions or load_questions())]


def report(outcomes: list[Outcome], misses_only: bool = False) -> str:
    """Return the per-question lines, the pass rate per topic and in total, and the misses."""
    lines = [] if misses_only else [
        f"{'pass' if o.passed else 'MISS'}  {o.id:10} {o.question}" for o in outcomes]
    total, passed = Counter(o.topic for o in outcomes), Counter(o.topic for o in outcomes
                                                                if o.passed)
    lines.append("")
    for topic in sorted(total):
        lines.append(f"{topic:24} {passed[topic]:4} / {total[topic]:<4} "
                     f"{100 * passed[topic] / total[topic]:5.1f}%")
    n_pass = sum(o.passed for o in outcomes)
    lines.append(f"{'total':24} {n_pass:4} / {len(outcomes):<4} "
                 f"{100 * n_pass / len(outcomes):5.1f}%")
    misses = [o for o in outcomes if not o.passed]
    lines.append(f"\nmisses ({len(misses)}):")
    lines += [f"  {o.id:10} {o.question}\n             -> {o.got}" for o in misses]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", type=Path, help="an existing build (default: build data/ "
                        "into a temporary folder)")
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--misses-only", action="store_true")
    parser.add_argument("--questions", type=Path, default=QUESTIONS,
                        help="another question set in the same format (e.g. held-out paraphrases)")
    args = parser.parse_args(argv)
    questions = load_questions(args.questions)
    if args.build_dir:
        print(report(evaluate(args.build_dir, args.data, questions), args.misses_only))
        return 0
    from kg.build import build

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "build"
        build(args.data, out)
        print(report(evaluate(out, args.data, questions), args.misses_only))
    return 0


if __name__ == "__main__":
    sys.exit(main())
