"""`kg check`: every record error, SHACL violation and failed data assertion, one line each."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.records.dataset import load_dataset
from kg.records.duplicates import likely_duplicates
from kg.errors import KGErrors
from kg.records.gaps import answered_gaps
from kg.records.same_names import duplicate_organizations
from kg.graph.indexed import IndexedGraph
from kg.graph.rdf import to_nt
from kg.graph.shacl import validate


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    records: int = 0
    files: int = 0
    assertions: int = 0

    def summary(self) -> str:
        if self.problems:
            return f"{len(self.problems)} problem(s) found"
        return (f"ok: {self.records:,} records in {self.files} files, "
                f"SHACL conforms, {self.assertions} data assertion(s) hold, "
                "no unlinked likely duplicate, no organisation under two ids, "
                "no gap that a claim answers")


def run_checks(data_dir: str | Path) -> CheckReport:
    """Return the report of every problem in data_dir (empty problems when all is well)."""
    report = CheckReport()
    try:
        dataset = load_dataset(data_dir)
    except KGErrors as errors:
        report.problems = [str(e) for e in errors.errors]
        return report
    report.records, report.files = len(dataset.index), len(dataset.files)
    # Claims that likely state one fact twice without a reviewed link, and gaps a claim answers.
    report.problems += [str(e) for e in likely_duplicates(dataset) + answered_gaps(dataset)]
    # Two organisation ids with one name (legal forms ignored), unless reviewed as different.
    report.problems += [str(e) for e in duplicate_organizations(dataset, data_dir)]
    # The build's graph, held by predicate as the build checks it (kg/build/__init__.py).
    report.problems += [str(v) for v in validate(IndexedGraph(to_nt(dataset)))]
    try:
        from kg.records.assertions import check_assertions
    except ImportError:  # assertions arrive with the dataset importers
        return report
    failures, count = check_assertions(Path(data_dir), dataset)
    report.problems += failures
    report.assertions = count
    return report
