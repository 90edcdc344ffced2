"""A cache of validated records, one entry per record file, so a rebuild re-reads only what changed.

Curators edit one record and rebuild, again and again; reading and validating every file again
is most of the records stage. An entry holds what reading one file gave (its records, validated,
and their raw mappings, which later checks need to name a `path:line`), under a key made of:

- the file's bytes and its path as the build names it (a record's origin is part of what was read);
- the code that reads and validates records (kg/records, kg/schema, kg/errors.py, the ontology,
  the versions of Python, pydantic, PyYAML and pycountry): a change to a model or to the ontology
  makes every entry a miss.

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

CACHE_DIR = Path("cache") / "records"
_PROTOCOL = 5
_ROOT = Path(__file__).resolve().parents[2]  # the repository: kg/records/ is two levels down
# What reading and validating a record depends on (see the module docstring).
_CODE = ("kg/records/*.py", "kg/schema/*.py", "kg/errors.py", "kg/settings.py", "ontology/*.ttl")

Entry = list  # [(kind, record, raw mapping)] in file order


def code_key() -> str:
    """Return a digest of the code and library versions that read and validate records."""
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

    def key(self, path: Path) -> str | None:
        """Return the key of a record file as it is now, or None when it cannot be read."""
        try:
            data = path.read_bytes()
        except OSError:
            return None  # the reader reports it
        digest = hashlib.sha256(self.code.encode())
        digest.update(f"\0{path}\0".encode())
        digest.update(data)
        return digest.hexdigest()

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

    def put(self, key: str, path: Path, entry: Entry) -> None:
        """Keep what reading a file gave, to be saved with the build (`save`)."""
        self.missed[key] = str(path)
        self.fresh[key] = entry

    def save(self, build_dir: Path) -> None:
        """Write the fresh entries into build_dir and link the reused ones from the previous build.

        Best effort: an entry that cannot be written is a miss next time, never a wrong record.
        Each is written to a temporary name first, so a build killed mid-write leaves no entry
        that a later build would read half.
        """
        folder = Path(build_dir) / CACHE_DIR
        folder.mkdir(parents=True, exist_ok=True)
        for key in self.used:
            source, target = self.previous / CACHE_DIR / f"{key}.pickle", folder / f"{key}.pickle"
            try:
                os.link(source, target)
            except OSError:
                try:
                    target.write_bytes(source.read_bytes())
                except OSError:
                    pass
        for key, entry in self.fresh.items():
            target = folder / f"{key}.pickle"
            part = target.with_suffix(".part")
            try:
                with open(part, "wb") as file:
                    pickle.dump(entry, file, _PROTOCOL)
                os.replace(part, target)
            except OSError:
                part.unlink(missing_ok=True)

    def report(self) -> str:
        """Return how many record files were read afresh and how many came from the cache."""
        read, cached = len(self.missed), len(self.used)
        return (f"{read:,} record file{'s' * (read != 1)} read, "
                f"{cached:,} from the cache of the previous build")
