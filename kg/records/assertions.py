"""Data assertions: published figures the records must reproduce, declared next to the data.

`check_assertions("data", dataset)` returns the failures, one string per assertion that does
not hold (none when all do), and the number of assertions checked. Assertions live in
`data/config/assertions-*.yaml`, one file per area (assertions-aigs.yaml, assertions-bri.yaml,
...), in this format:

```yaml
assertions:
  - id: aigs-2019-facial-recognition       # unique across all assertion files
    description: AIGS 2019, countries using facial recognition
    kind: technology_uses                  # a record kind (the top-level key of data files)
    where:                                 # field filters; all must hold
      technology: facial-recognition       # a field of the record: equal (as text)
      evidence.source: carnegie-aigs-2019  # a dotted path; a list matches when any item does
    count: country                         # optional: count distinct values of this field
    expect: {eq: 64}                       # eq, min and/or max
    published: 64                          # optional: the figure as the source publishes it
    note: why data and publication differ  # optional
```

`kind` may be a list of kinds, whose records are counted together (e.g. the countries a tracker
names in supplies or in technology uses). A filter value may be a list (any of them matches). Quote yes/no values ('yes'): YAML reads a
bare yes as true. Without `count`, records are counted. `where` may also be a list of filter
mappings: then `count` is required, and a value counts when records matching *each* mapping
have it (e.g. countries flagged both for Chinese technology and as Belt and Road countries).
"""
from __future__ import annotations

import typing
from pathlib import Path
from typing import Any, Optional, Union

from pydantic import BaseModel, ConfigDict, ValidationError

from kg.records.dataset import Dataset
from kg.errors import KGError, KGErrors
from kg.records.models import BY_KIND, Record
from kg.records.reader import read_yaml

PATTERN = "assertions-*.yaml"
# bool is listed so a bare yes stays a bool and is rejected with advice, not turned into 1.
Filter = dict[str, Union[bool, str, int, list[Union[bool, str, int]]]]


class Expect(BaseModel):
    model_config = ConfigDict(extra="forbid")
    eq: Optional[int] = None
    min: Optional[int] = None
    max: Optional[int] = None


class Assertion(BaseModel):
    """One declared figure; `path` and `line` say where it was declared."""

    model_config = ConfigDict(extra="forbid")
    id: str
    description: str
    kind: Union[str, list[str]]
    where: Union[Filter, list[Filter]] = {}
    count: Optional[str] = None
    expect: Expect
    published: Optional[Union[int, str]] = None
    note: Optional[str] = None
    path: str = ""
    line: int = 0

    def filters(self) -> list[Filter]:
        return self.where if isinstance(self.where, list) else [self.where]

    def kinds(self) -> list[str]:
        return self.kind if isinstance(self.kind, list) else [self.kind]


def load_assertions(data_dir: str | Path) -> list[Assertion]:
    """Return every assertion under data_dir/config, checked for kinds and field names."""
    found, errors, seen = [], [], {}
    for path in sorted((Path(data_dir) / "config").glob(PATTERN)):
        items = read_yaml(path).get("assertions") or []
        for i, raw in enumerate(items):
            line = items.line_of(i)
            try:
                item = Assertion.model_validate({**raw, "path": str(path), "line": line})
                _check_fields(item)
            except ValidationError as exc:
                err = exc.errors()[0]
                where = ".".join(str(p) for p in err["loc"])
                errors.append(KGError(f"assertion: {where}: {err['msg']}", path, line))
                continue
            except KGError as err:
                errors.append(KGError(err.message, path, line))
                continue
            if item.id in seen:
                errors.append(KGError(f"assertion {item.id!r} already declared at "
                                      f"{seen[item.id]}", path, line))
            seen[item.id] = f"{path}:{line}"
            found.append(item)
    if errors:
        raise KGErrors(errors)
    return found


def check_assertions(data_dir: str | Path, dataset: Dataset) -> tuple[list[str], int]:
    """Return (failures, number of assertions checked); a failure is `path:line: id: ...`.

    A malformed assertion file is reported among the failures (one line per problem), so
    `kg check` can list it with every other problem.
    """
    try:
        items = load_assertions(data_dir)
    except KGErrors as errors:
        return [str(e) for e in errors.errors], 0
    failures = []
    for item in items:
        found = evaluate(item, dataset)
        wanted = [f"{op} {v}" for op, v in item.expect.model_dump().items() if v is not None]
        bad = ((item.expect.eq is not None and found != item.expect.eq)
               or (item.expect.min is not None and found < item.expect.min)
               or (item.expect.max is not None and found > item.expect.max))
        if bad:
            hint = " (no matching records: has the dataset been imported?)" if not found else ""
            failures.append(f"{item.path}:{item.line}: {item.id}: expected "
                            f"{', '.join(wanted)}, found {found}{hint}: {item.description}")
    return failures, len(items)


def evaluate(item: Assertion, dataset: Dataset) -> int:
    """Return the count an assertion measures in the dataset."""
    records = [r for kind in item.kinds() for r in dataset.records.get(kind, [])]
    if item.count is None:
        return sum(_matches(r, item.filters()[0]) for r in records)
    sets = [{str(v) for r in records if _matches(r, f) for v in _values(r, item.count)}
            for f in item.filters()]
    return len(set.intersection(*sets)) if sets else 0


def _matches(record: Record, where: Filter) -> bool:
    for path, wanted in where.items():
        allowed = {str(w) for w in (wanted if isinstance(wanted, list) else [wanted])}
        if not allowed & {str(v) for v in _values(record, path)}:
            return False
    return True


def _values(obj: Any, path: str) -> list[Any]:
    """Return the leaf values at a dotted path, walking into lists."""
    values = [obj]
    for name in path.split("."):
        nxt = []
        for value in values:
            value = getattr(value, name, None)
            if isinstance(value, list):
                nxt.extend(value)
            elif value is not None:
                nxt.append(value)
        values = nxt
    return values


def _check_fields(item: Assertion) -> None:
    """Raise KGError for an unknown kind or field, so a typo is not a silent zero."""
    if len(item.filters()) > 1 and item.count is None:
        raise KGError(f"assertion {item.id!r}: a list of filters needs `count`")
    paths = [p for f in item.filters() for p in f] + ([item.count] if item.count else [])
    for kind in item.kinds():
        model = BY_KIND.get(kind)
        if model is None:
            raise KGError(f"assertion {item.id!r}: unknown record kind {kind!r}")
        for path in paths:
            current: Any = model
            for name in path.split("."):
                fields = getattr(current, "model_fields", {})
                if name not in fields:
                    raise KGError(f"assertion {item.id!r}: {kind} have no field {path!r}")
                current = _inner(fields[name].annotation)
    for wanted in (v for f in item.filters() for v in f.values()):
        if any(isinstance(w, bool) for w in (wanted if isinstance(wanted, list) else [wanted])):
            raise KGError(f"assertion {item.id!r}: quote yes/no values ('yes')")


def _inner(annotation: Any) -> Any:
    """Return the model inside list[...] or Optional[...], or the annotation itself."""
    for arg in typing.get_args(annotation) or ():
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return annotation
