"""Cross-record checks of a dataset: every reference names a record of a kind its field takes
(or, where a field takes any, a country code), and every evidence entry cites a declared
source in the way its kind asks (a dataset by its row, a document by a quote or a summary).

Run by `kg.records.dataset.load_dataset` once every file is read; a reference to a record that
failed validation, or to an id of a file that could not be read, is not reported again
(`Dataset.broken`).
"""
from __future__ import annotations

from kg.errors import KGError
from kg.records.countries import is_country_code
from kg.records.models import ANY, BY_KIND, Record, Source
from kg.records.reader import LineDict, LineList
from kg.records.validation import did_you_mean, kind_noun


def check_references(dataset) -> list[KGError]:
    """Return one error per reference to a record that is not there or not of a kind the
    field takes, and per evidence entry its source does not support, at its line."""
    errors = []

    def error(record: Record, problem: str, name: str, index: int | None) -> None:
        # Only a problem pays for finding its line: most records have none.
        path, _ = dataset.origin[record.id]
        line = _line(dataset.raw[record.id], name, index)
        errors.append(KGError(f"{_name(record)}{problem}", path, line))

    for kind, model in BY_KIND.items():
        refs = _reference_fields(model)  # read from the model once, not for every record
        for record in dataset.records.get(kind, []):
            for name, kinds in refs:
                value = getattr(record, name)
                if value is None:
                    continue
                many = isinstance(value, list)
                for i, target in enumerate(value if many else (value,)):
                    problem = _check_ref(dataset, target, kinds, name)
                    if problem:
                        error(record, problem, name, i if many else None)
            # From __dict__: getattr with a default goes through pydantic's __getattr__ and an
            # exception for each record of a kind without evidence (44k at 1M triples).
            for i, evidence in enumerate(record.__dict__.get("evidence") or ()):
                problem = _check_evidence(dataset, evidence)
                if problem:
                    error(record, f"evidence: {problem}", "evidence", i)
    return errors


def _reference_fields(model: type[Record]) -> list[tuple[str, tuple[str, ...]]]:
    """Return (field, record kinds it may name) for each reference field of a model."""
    return [(name, info.json_schema_extra["ref"]) for name, info in model.model_fields.items()
            if (info.json_schema_extra or {}).get("ref")]


def _check_ref(dataset, target: str, kinds: tuple[str, ...], name: str) -> str | None:
    if target in dataset.broken:  # already reported where it is defined
        return None
    if ANY in kinds:
        if target in dataset.index or is_country_code(target):
            return None
        return f"{name}: '{target}' is neither a record id nor a country code"
    kind = dataset.kind_of(target)
    if kind in kinds:
        return None
    wanted = " or ".join(kind_noun(k) for k in kinds)
    if kind is None:
        candidates = [i for i, r in dataset.index.items() if r.KIND in kinds]
        hint = did_you_mean(target, candidates, cutoff=0.75)
        return f"{name}: unknown {wanted} '{target}'{hint}"
    return f"{name}: '{target}' is {_a(kind_noun(kind))}, expected {_a(wanted)}"


def _check_evidence(dataset, evidence) -> str | None:
    source = dataset.index.get(evidence.source)
    if not isinstance(source, Source):
        candidates = [i for i, r in dataset.index.items() if isinstance(r, Source)]
        return (f"source '{evidence.source}' is not declared in any `sources:` list"
                f"{did_you_mean(evidence.source, candidates, cutoff=0.75)}")
    # A dataset is cited by its row; a sentence of one of its cells (a tracker's description)
    # may be quoted instead, with the `locator` saying which row and column it is from.
    if source.kind == "dataset" and not evidence.row \
            and not (evidence.quote and evidence.locator):
        return f"'{source.id}' is a dataset: give the `row` the claim comes from"
    if source.kind != "dataset" and not (evidence.quote or evidence.summary):
        return (f"'{source.id}' is a document: give a verbatim `quote` (its own words) or a "
                "`summary` (yours)")
    return None


def _name(record: Record) -> str:
    return f"{kind_noun(record.KIND)} '{record.id}': "


def _line(raw: LineDict, name: str, index: int | None) -> int:
    value = raw.get(name)
    if index is not None and isinstance(value, LineList):
        return value.line_of(index)
    return raw.line_of(name)


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"
