"""A cache of validated records, one entry per record file, so a rebuild re-reads only what changed.

Curators edit one record and rebuild, again and again; reading and validating every file again
is most of the records stage. An entry holds what reading one file gave (its records, validated,
and their raw mappings, which later checks need to name a `path:line`), under a key made of:

- the file's bytes and its path as the build names it (a record's origin is part of what was read);
- the code that reads and validates records and makes their triples (kg/records, kg/schema,
  kg/errors.py, kg/settings.py, the ontology, kg/graph; the versions of Python, pydantic, PyYAML
  and pycountry): a change to a model, to the ontology or to how triples are made makes every
  entry a miss.

An entry also keeps the file's triples (`<key>.nt`): what a record becomes depends on the
record, on the ids and kinds of the records it names (their IRIs), and, for a claim without a
label, on the labels and titles of the records its label is made from. So the triples are
reused while every record's id and kind (`ids_key`) and the names of the records the file's
labels took (listed in the entry, `names_key`) are unchanged, and made again otherwise.

Only a file read without a problem is kept; checks across files (duplicate ids, references,
links, cycles) run on every build, so a cached file is checked against the others exactly as a
re-read one. The entries live in the build folder (`<build>/cache/records/`): a new build links
the entries it used into its own folder and writes the new ones, so a failed build leaves the
previous cache as it was, and deleting the build folder is a clean build. Entries are pickles
this program wrote into its own build folder, read only from there.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

CACHE_DIR = Path("cache") / "records"
PROTOCOL = 5
_ROOT = Path(__file__).resolve().parents[2]  # the repository: kg/records/ is two levels down
# What reading and validating a record depends on (see the module docstring).
_CODE = ("kg/__init__.py", "kg/records/*.py", "kg/schema/*.py", "kg/errors.py", "kg/settings.py",
         "kg/collector.py", "ontology/*.ttl",
         "kg/graph/*.py")  # the last: what makes triples (kg.graph.rdf, labels)

Entry = list  # [(kind, record, raw mapping)] in file order


def code_key() -> str:
    """Return a digest of the code and library versions that read and validate records and
    make their triples."""
    import pycountry
    import pydantic
    import yaml

    digest = hashlib.sha256(f"{sys.version_info[:2]} {pydantic.VERSION} {yaml.__version__} "
                            f"{pycountry.__version__}".encode())
    for path in sorted(p for pattern in _CODE for p in _ROOT.glob(pattern)):
        digest.update(f"\0{path.relative_to(_ROOT).as_posix()}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass
class RecordCache:
    """The entries a build may reuse (`previous`, a build folder) and the ones it read afresh."""

    previous: Path | None
    code: str = field(default_factory=lambda: code_key())  # looked up when made
    used: dict[str, str] = field(default_factory=dict)      # key -> the file it was read for
    missed: dict[str, str] = field(default_factory=dict)    # key -> the file, read afresh
    fresh: dict[str, Entry] = field(default_factory=dict)   # key -> what reading it gave
    blobs: dict[str, bytes] = field(default_factory=dict)   # key -> the entry pickled, if so
    keys: dict[str, str] = field(default_factory=dict)      # file -> its key
    triples_used: list[str] = field(default_factory=list)   # keys whose triples were reused
    triples_made: list[str] = field(default_factory=list)   # keys whose triples were made
    triples_dir: Path | None = None  # where triple entries go as they come (`triples_into`)
    pending: dict[str, tuple] = field(default_factory=dict)  # key -> .nt entry not written yet

    def key(self, path: Path) -> str | None:
        """Return the key of a record file as it is now, or None when it cannot be read."""
        try:
            data = path.read_bytes()
        except OSError:
            return None  # the reader reports it
        digest = hashlib.sha256(self.code.encode())
        digest.update(f"\0{path}\0".encode())
        digest.update(data)
        self.keys[str(path)] = key = digest.hexdigest()
        return key

    def get(self, key: str, path: Path) -> Entry | None:
        """Return the entry saved under key by an earlier build, or None."""
        if self.previous is None:
            return None
        try:
            with open(self.previous / CACHE_DIR / f"{key}.pickle", "rb") as file:
                entry = pickle.load(file)
        except Exception:  # noqa: BLE001 - missing, cut short or unreadable: read the file
            return None
        self.used[key] = str(path)
        return entry

    def put(self, key: str, path: Path, entry: Entry, blob: bytes | None = None) -> None:
        """Keep what reading a file gave, to be saved with the build (`save`); `blob`, when
        given, is the entry pickled (by the process that read the file), saved as it is."""
        self.missed[key] = str(path)
        self.fresh[key] = entry
        if blob is not None:
            self.blobs[key] = blob

    def save(self, build_dir: Path) -> None:
        """Write the fresh entries into build_dir and link the reused ones from the previous build.

        Best effort: an entry that cannot be written is a miss next time, never a wrong record.
        Each is written to a temporary name first, so a build killed mid-write leaves no entry
        that a later build would read half.
        """
        folder = Path(build_dir) / CACHE_DIR
        folder.mkdir(parents=True, exist_ok=True)
        for key in self.used:
            _link(self.previous / CACHE_DIR / f"{key}.pickle", folder / f"{key}.pickle")
        for key, entry in self.fresh.items():
            blob = self.blobs.get(key)
            _write(folder / f"{key}.pickle",
                   blob if blob is not None else pickle.dumps(entry, PROTOCOL))

    def triples(self, path: str, ids: str,
                index: dict) -> tuple[list[str], set[str], str] | None:
        """Return the N-Triples lines, country codes and the lines' text (joined by newlines)
        a file's records gave in the previous build, when the file, every record's id and
        kind (`ids`, see ids_key) and the names of the records their labels took are
        unchanged; else None."""
        key = self.keys.get(path)
        if self.previous is None or key not in self.used:
            return None
        try:
            with open(self.previous / CACHE_DIR / f"{key}.nt", encoding="utf-8",
                      newline="\n") as file:  # newline: U+2028 inside a literal is no line end
                head, names = file.readline().split(), file.readline().split()
                if head[:2] != ["#", ids] or names[0] != "#" or \
                        names[1] != names_key(names[2:], index):
                    return None
                text = file.read()
            lines = text.split("\n")
            if lines.pop() != "" or len(lines) != int(head[2]):  # cut short or damaged
                return None
        except (OSError, UnicodeDecodeError, IndexError, ValueError, KeyError):
            return None
        self.triples_used.append(key)
        if self.triples_dir is not None:
            _link(self.previous / CACHE_DIR / f"{key}.nt", self.triples_dir / f"{key}.nt")
        return lines, set(head[3:]), text[:-1]

    def put_triples(self, path: str, ids: str, text: str, count: int, countries: set[str],
                    used: set[str], index: dict) -> None:
        """Keep the triples a file's records gave (`count` lines, joined by newlines in
        `text`) and the ids of the records whose names their labels took: written at once
        into the folder `triples_into` gave, else when it is given."""
        key = self.keys.get(path)
        if key is None or not (key in self.used or key in self.missed):
            return
        names = sorted(used)
        head = (f"# {ids} {count} {' '.join(sorted(countries))}\n"
                f"# {names_key(names, index)} {' '.join(names)}\n")
        entry = (head.encode("utf-8"), text.encode("utf-8"), b"\n" if count else b"")
        self.triples_made.append(key)
        if self.triples_dir is None:
            self.pending[key] = entry
        else:
            _write(self.triples_dir / f"{key}.nt", *entry)

    def triples_into(self, build_dir: Path) -> None:
        """Write the triple entries into build_dir from now on, each as it is made or reused,
        and those kept so far (best effort, as `save`).

        At once, not all at the end: a file's triples are then held by the build only
        while it makes the next file's (1M triples: 220 MB less at the build's peak)."""
        folder = Path(build_dir) / CACHE_DIR
        folder.mkdir(parents=True, exist_ok=True)
        self.triples_dir = folder
        for key in self.triples_used:
            _link(self.previous / CACHE_DIR / f"{key}.nt", folder / f"{key}.nt")
        for key, entry in self.pending.items():
            _write(folder / f"{key}.nt", *entry)
        self.pending = {}


def ids_key(records: Iterable) -> str:
    """Return a digest of every record's id and kind: the triples of one record name the
    others by IRIs made of them (kg.graph.rdf)."""
    digest = hashlib.sha256()
    for record in records:
        digest.update(f"{record.id}\0{record.SEGMENT}\n".encode())
    return digest.hexdigest()


def names_key(ids: Iterable[str], index: dict) -> str:
    """Return a digest of the labels and titles of the records with these ids (a claim
    without a label is named after the records it names: kg.graph.labels)."""
    digest = hashlib.sha256()
    for record_id in ids:
        fields = index[record_id].__dict__
        digest.update(f"{record_id}\0{fields.get('label')}\0{fields.get('title')}\n".encode())
    return digest.hexdigest()


def _link(source: Path, target: Path) -> None:
    """Give target the entry at source: a hard link, or a copy where links are refused."""
    try:
        os.link(source, target)
    except OSError:
        try:
            _write(target, source.read_bytes())
        except OSError:
            pass


def _write(target: Path, *data: bytes) -> None:
    """Write an entry (its pieces in turn) under a temporary name first: a build killed
    mid-write leaves no entry that a later build would read half."""
    part = target.with_name(f"{target.name}.part")  # X.pickle and X.nt are written at once
    try:
        with open(part, "wb") as file:
            for piece in data:
                file.write(piece)
        os.replace(part, target)
    except OSError:
        part.unlink(missing_ok=True)
