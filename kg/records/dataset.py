"""Load every record under `data/`, validate it against the models, and check references
(kg/records/references.py), links and cycles.

`load_dataset("data")` returns a `Dataset`, or raises `KGErrors` listing every problem found,
one `path:line: message` each, sorted by file and line.
"""
from __future__ import annotations

import os
import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from pydantic import ValidationError

from kg.collector import paused
from kg.records.cache import PROTOCOL, Entry, RecordCache
from kg.errors import KGError, KGErrors
from kg.records.limits import shorten
from kg.records.models import BY_KIND, Record
from kg.records.jsonl import read_jsonl
from kg.records.reader import LineDict, LineList, read_yaml
from kg.records.references import check_references
from kg.records.validation import describe_error, did_you_mean

# Files under these folders of data/ are importer configuration, not records.
CONFIG_DIRS = ("config",)


@dataclass
class Dataset:
    """Validated records, by kind and by id, each with the place it was read from."""

    records: dict[str, list[Record]] = field(default_factory=dict)
    index: dict[str, Record] = field(default_factory=dict)
    origin: dict[str, tuple[str, int]] = field(default_factory=dict)
    raw: dict[str, LineDict] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    by_file: dict[str, list[Record]] = field(default_factory=dict)  # in file order
    # ids of records that failed validation: references to them are not reported again
    broken: set[str] = field(default_factory=set)

    def all(self) -> Iterator[Record]:
        """Yield every record, kinds in model order, records in file order."""
        for kind in BY_KIND:
            yield from self.records.get(kind, [])

    def kind_of(self, record_id: str) -> str | None:
        record = self.index.get(record_id)
        return record.KIND if record is not None else None


def record_files(data_dir: str | Path) -> list[Path]:
    """Return the record files under data_dir (YAML and JSON Lines), in a stable order."""
    root = Path(data_dir)
    if not root.is_dir():
        raise KGError(f"no data folder at {root}")
    return sorted(
        p for pattern in ("*.yaml", "*.jsonl") for p in root.rglob(pattern)
        if not any(part in CONFIG_DIRS for part in p.relative_to(root).parts[:-1])
    )


def read_records(path: str | Path) -> LineDict:
    """Return a record file's records by kind: JSON Lines (machine-written) or YAML (curated)."""
    return read_jsonl(path) if Path(path).suffix == ".jsonl" else read_yaml(path)


# An id a record file defines, found in its text when the file as a whole cannot be read (not
# valid YAML or JSON, a duplicate key, too deep): a `- id: x` or `id: "x"` line of YAML, an
# "id": "x" pair of a JSON line.
_YAML_ID = re.compile(r"""^[ \t-]*id:[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s#'"][^\s#]*))""",
                      re.MULTILINE)
_JSON_ID = re.compile(r'"id"\s*:\s*"([^"\\\n]*)"')


def ids_in_text(path: str | Path) -> set[str]:
    """Return the ids a record file that could not be read seems to define, from its text.

    Its records are missing from the dataset, so every record elsewhere that names one of
    them would be told the id is unknown: one typo in deals.yaml gave 42 such lines after
    its own. These ids are counted as broken instead (reported where they are defined); a
    reference to an id the file does not hold is still an error. A guess is harmless: the
    build fails on the file's own error, and the references are checked again once it reads.
    """
    try:
        text = Path(path).read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return set()
    if Path(path).suffix == ".jsonl":
        return set(_JSON_ID.findall(text))
    return {"".join(groups) for groups in _YAML_ID.findall(text)}


def unreadable(path: Path, exc: OSError) -> str:
    """Return why a record file cannot be read, in words: what the path is, or the OS's."""
    if path.is_dir():
        return "it is a folder, not a file"
    if path.is_symlink() and isinstance(exc, FileNotFoundError):
        return f"a symbolic link to {os.readlink(path)}, which does not exist"
    return (exc.strerror or type(exc).__name__).lower()


@dataclass
class FileRead:
    """What reading one record file gave: its valid records in file order (an Entry of
    kg.records.cache), its problems, and the ids of its records that failed."""

    entry: Entry = field(default_factory=list)
    errors: list[KGError] = field(default_factory=list)
    broken: set[str] = field(default_factory=set)


def read_file(path: Path) -> FileRead:
    """Read and validate one record file on its own (checks across files come later)."""
    try:
        document = read_records(path)
    except KGError as err:
        return FileRead(errors=[err], broken=ids_in_text(path))
    except OSError as exc:  # a folder named x.yaml, a dangling link or a loop, no permission
        return FileRead(errors=[KGError(f"cannot read it: {unreadable(path, exc)}", path)])
    read = FileRead()
    _read_document(document, str(path), read)
    return read


# Reads record files in another process (the build's helper, kg.build): given the files,
# returns a function that waits for and returns `read_elsewhere` of them.
Elsewhere = Callable[[list[Path]], Callable[[], list[tuple[bytes | None, FileRead | None]]]]
# Files given to another process, by their size: about this share of the bytes to read. The
# process reads and pickles its files, this one unpickles them (about 40% of reading them) and
# reads the rest; 1M triples: reading 1.14 s of CPU, pickling 0.76, unpickling 0.45.
ELSEWHERE_SHARE = 0.4


def read_elsewhere(paths: list[Path]) -> list[tuple[bytes | None, FileRead | None]]:
    """Read record files for another process, the collector paused (kg/collector.py): for each,
    a file read without a problem as its pickled entry (what the cache saves as is), else
    (None, its FileRead)."""
    with paused():
        reads = [read_file(path) for path in paths]
        return [(pickle.dumps(read.entry, PROTOCOL), None) if not read.errors else (None, read)
                for read in reads]


def load_dataset(data_dir: str | Path, files: list[Path] | None = None,
                 cache: RecordCache | None = None,
                 elsewhere: Elsewhere | None = None) -> Dataset:
    """Read, validate and cross-check the records; raise KGErrors listing every problem.

    With a `cache`, a file whose entry an earlier build saved is not read again (its records
    are checked against the others all the same), and what reading the others gave is kept in
    the cache for the next build. With `elsewhere`, the largest files to read (about
    ELSEWHERE_SHARE of the bytes) are read by another process while this one reads the rest;
    the records come in the same order either way, so the dataset and the errors are the same.
    """
    dataset, errors = Dataset(), []
    if files is None:
        errors += _yml_files(data_dir)
    paths = files if files is not None else record_files(data_dir)
    keys: dict[Path, str | None] = {}
    cached: dict[Path, Entry] = {}
    for path in paths:
        key = keys[path] = cache.key(path) if cache is not None else None
        entry = cache.get(key, path) if key is not None else None
        if entry is not None:
            cached[path] = entry
    to_read = [path for path in paths if path not in cached]
    theirs = _theirs(to_read) if elsewhere is not None else []
    waiting = elsewhere(theirs) if theirs else None
    given = set(theirs)
    reads: dict[Path, FileRead] = {p: read_file(p) for p in to_read if p not in given}
    blobs: dict[Path, bytes] = {}
    if waiting is not None:
        for path, (blob, read) in zip(theirs, waiting()):
            if blob is not None:
                blobs[path], read = blob, FileRead(entry=pickle.loads(blob))
            reads[path] = read
    for path in paths:
        dataset.files.append(str(path))
        entry = cached.get(path)
        if entry is not None:
            for kind, record, raw in entry:
                errors += _add_valid(kind, record, raw, str(path), dataset)
            continue
        read = reads[path]
        dataset.broken |= read.broken
        found = list(read.errors)
        for kind, record, raw in read.entry:
            found += _add_valid(kind, record, raw, str(path), dataset)
        key = keys[path]
        if key is not None and not found:  # only a file read without a problem is kept
            cache.put(key, path, read.entry, blobs.get(path))
        errors += found
    errors += check_references(dataset)
    if not errors:
        from kg.records.duplicates import check_links  # it reads the models this module validates
        errors += check_links(dataset)
        from kg.records.cycles import check_cycles  # it reads the models this module validates
        errors += check_cycles(dataset)
    if errors:
        errors.sort(key=lambda e: (e.path or "", e.line or 0))
        raise KGErrors(errors)
    return dataset


def _theirs(paths: list[Path]) -> list[Path]:
    """Return the files another process reads: the largest, up to ELSEWHERE_SHARE of the
    bytes, in the order given (none when there is one file or none)."""
    sizes = {}
    for path in paths:
        try:
            sizes[path] = path.stat().st_size
        except OSError:
            sizes[path] = 0  # reading it says what is wrong, here or there
    budget, chosen = ELSEWHERE_SHARE * sum(sizes.values()), set()
    for path in sorted(paths, key=lambda p: (-sizes[p], str(p))):
        if sizes[path] <= budget:
            chosen.add(path)
            budget -= sizes[path]
    return [path for path in paths if path in chosen]


def _read_document(document: LineDict, path: str, read: FileRead) -> None:
    """Validate a file's records into `read` (its entry in file order, its errors)."""
    for kind, items in document.items():
        line = document.line_of(kind)
        model = BY_KIND.get(kind)
        if model is None:
            hint = did_you_mean(str(kind), BY_KIND, cutoff=0.75)
            read.errors.append(KGError(f"unknown record kind {shorten(kind)}{hint}", path,
                                       line))
            continue
        if not isinstance(items, LineList):
            read.errors.append(KGError(f"'{kind}' must be a list of records", path, line))
            continue
        for i, raw in enumerate(items):
            item_line = items.line_of(i)
            if not isinstance(raw, LineDict):
                read.errors.append(KGError(f"a {kind} entry must be a mapping, got "
                                           f"{shorten(raw)}", path, item_line))
                continue
            try:
                record = model.model_validate(dict(raw))
            except ValidationError as exc:
                if isinstance(raw.get("id"), str):
                    read.broken.add(raw["id"])
                read.errors += describe_error(exc, model, raw, path)
                continue
            read.entry.append((model.KIND, record, raw))


def _add_valid(kind: str, record: Record, raw: LineDict, path: str,
               dataset: Dataset) -> list[KGError]:
    """Add a validated record to the dataset; return the error of a duplicate id."""
    if record.id in dataset.index:
        first_path, first_line = dataset.origin[record.id]
        return [KGError(f"duplicate id '{record.id}' (first at {first_path}:{first_line})",
                        path, raw.line_of("id"))]
    dataset.records.setdefault(kind, []).append(record)
    dataset.by_file.setdefault(path, []).append(record)
    dataset.index[record.id] = record
    dataset.origin[record.id] = (path, raw.line)
    dataset.raw[record.id] = raw
    return []


def _yml_files(data_dir: str | Path) -> list[KGError]:
    """Return one KGError per `.yml` record file: refused aloud, as records it would drop."""
    root = Path(data_dir)
    return [KGError("a .yml file is not read: rename it to .yaml", p, 1)
            for p in sorted(root.rglob("*.yml"))
            if not any(part in CONFIG_DIRS for part in p.relative_to(root).parts[:-1])]
