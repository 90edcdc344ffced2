"""The projection and its name indexes as `kg build` saves them beside network.json, in a form
that loads in tens of milliseconds: what a cold command (`kg ask`) would otherwise rebuild.

network.json stays the artifact (documented, readable); `network.pickle` is a copy of the same
network as networkx's own dicts plus indexes made from it (kg.analysis.resolve's names,
kg.ask.mentions'), each kept as blobs decoded only when asked for: a small index (the data
assertions) as one, a large one in buckets a lookup decodes one of (`Buckets`), so a question
decodes a few hundred names, not all (at 1M triples: 0.01 s against 0.75 s for both indexes
whole). The curated graph loads in 0.08 s, against 0.24 s to parse network.json and make the
graph again. Only plain values are
saved, and read back by an unpickler that refuses every class, so the file cannot run code.
Pickle rather than marshal: marshal's bytes depend on which strings the process happens to have
interned and how many references an object has elsewhere, so two builds would differ; a
pickle's depend only on the data.

The file is used only while it belongs to the network.json beside it (its SHA-256) and to the
code that made it (the source of kg.analysis, kg.ask, the vocabulary and country tables, the
Python and pycountry versions); otherwise it is ignored and everything is rebuilt from
network.json as before. Its bytes depend on nothing else (no time, no hash seed), so builds
stay byte-identical.
"""
from __future__ import annotations

import contextlib
import gc
import hashlib
import io
import pickle
import sys
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Callable, Iterator

from kg.collector import paused

SAVED_FILE = "network.pickle"
LAYOUT = "survkg-saved/2"  # bump when what is saved changes shape
PROTOCOL = 5
# Buckets of a large index (`buckets`): a lookup decodes one bucket. Smaller buckets decode
# less per lookup and cost more to save (a blob each); at 1M triples the typo index has
# 4096 buckets of ~100 keys.
BUCKETS, KEYS_PER_BUCKET = 4096, 64
# Set by a process that keeps what it loads to its end (one `kg` command: kg.cli.base.network_of).
# What a load builds is then frozen out of the garbage collector's sight (gc.freeze) before
# collection resumes: the collections after it would walk all of it again (0.05 s after the
# network, more after the indexes). Not by default: in tests or a notebook, garbage frozen with
# it would never be collected.
FREEZE_LOADED = False
# The code whose output is saved: an edit to any of it makes the file stale. Generous on
# purpose: a needless rebuild costs a cold command 0.5 s until the next build, a stale index
# a wrong answer.
CODE = ("analysis/*.py", "ask/*.py", "schema/vocab.py", "records/countries.py")


def code_key() -> str:
    """Return a digest of the code that makes what is saved (see CODE) and of its versions."""
    import pycountry  # its country names are part of kg.ask.mentions' index

    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(f"{LAYOUT} {sys.version_info[:2]} {pycountry.__version__}".encode())
    for path in sorted(p for pattern in CODE for p in root.glob(pattern)):
        digest.update(f"\0{path.relative_to(root).as_posix()}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def file_key(path: Path) -> str:
    """Return the SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def header(network_json: Path) -> bytes:
    """Return the first line of the saved file that belongs to network_json and this code."""
    return f"{LAYOUT} {file_key(network_json)} {code_key()}\n".encode()


def write(network_json: Path, state: dict, indexes: dict[str, object],
          split: dict[str, dict] | None = None) -> Path:
    """Save a network's state and its indexes beside network_json; return the file's path.

    `state` and each index must be plain values (dict, list, tuple, str, int, float, bool,
    None, set); each of `indexes` is kept as its own blob, decoded only when a command asks
    for it (`index`); each of `split`, a dict, as the blobs of its buckets (`buckets`), read a
    bucket at a time (`saved_buckets`).
    """
    blobs = {name: pickle.dumps(index, PROTOCOL) for name, index in indexes.items()}
    blobs.update((name, buckets(index)) for name, index in (split or {}).items())
    body = {"state": state, "indexes": dict(sorted(blobs.items()))}
    path = network_json.with_name(SAVED_FILE)
    first, rest = header(network_json), pickle.dumps(body, PROTOCOL)
    with open(path, "wb") as file:  # two writes: no copy of the body with the header before it
        file.write(first)
        file.write(rest)
    return path


def read(network_json: Path) -> dict | None:
    """Return {"state", "indexes"} saved beside network_json, or None when there is no such
    file or it belongs to another network.json or other code."""
    try:
        with open(network_json.with_name(SAVED_FILE), "rb") as file:
            if file.readline() != header(network_json):
                return None
            body = file.read()
    except OSError:
        return None
    try:
        return loads(body)
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError):  # damaged or cut short:
        return None  # network.json still holds


class _PlainValues(pickle.Unpickler):
    """An unpickler of plain values only: it refuses every class or function a pickle names."""

    def find_class(self, module: str, name: str):
        raise pickle.UnpicklingError(f"{SAVED_FILE} names {module}.{name}: not a plain value")


def loads(blob: bytes):
    """Return the plain value saved in blob, read with the garbage collector paused (a
    collection halfway through a large load only walks what is being built: 3x slower)."""
    with paused_gc():
        return _PlainValues(io.BytesIO(blob)).load()


@contextlib.contextmanager
def paused_gc():
    """Pause the collector (kg/collector.py) and freeze what was loaded, when FREEZE_LOADED."""
    with paused():
        yield
        if FREEZE_LOADED:
            gc.freeze()


def index(saved: dict, name: str):
    """Return the index saved under name (decoded), or None when none was saved."""
    blob = saved.get(name)
    return None if blob is None else loads(blob)


def buckets(index: dict) -> list[bytes]:
    """Return a dict as pickled dicts of about KEYS_PER_BUCKET keys (at most BUCKETS of them),
    a key in its `bucket_of` bucket, for `Buckets`. Keys are all strings or all tuples of
    strings; each bucket keeps the dict's order, which must not depend on the hash seed (the
    indexes are made in an order that does not), for the bytes not to either."""
    count = max(1, min(BUCKETS, len(index) // KEYS_PER_BUCKET))
    parts: list[dict] = [{} for _ in range(count)]
    # bucket_of, inline and in one pass per step: half a million keys at 1M triples. The keys
    # are all of one type, so the first says which.
    texts = map("\0".join, index) if isinstance(next(iter(index), ""), tuple) else index
    crc32 = zlib.crc32
    where = [crc32(text.encode("utf-8", "surrogatepass")) % count for text in texts]
    for i, (key, value) in zip(where, index.items()):
        parts[i][key] = value
    return [pickle.dumps(part, PROTOCOL) for part in parts]


def bucket_of(key: str | tuple[str, ...], count: int) -> int:
    """Return the bucket of a key among `count`: the same in every process (unlike hash(),
    which is seeded)."""
    text = key if isinstance(key, str) else "\0".join(key)
    return zlib.crc32(text.encode("utf-8", "surrogatepass")) % count


class Buckets(Mapping):
    """A dict saved by `buckets`, read a bucket at a time: a lookup decodes its key's bucket
    only (a question looks up a few hundred keys of 500,000 at 1M triples), going through all
    of it decodes every bucket. `convert`, when given, makes each decoded bucket what a lookup
    returns (e.g. tuples into named records)."""

    def __init__(self, blobs: list[bytes], convert: Callable[[dict], dict] | None = None):
        self._blobs, self._convert = blobs, convert
        self._parts: list[dict | None] = [None] * len(blobs)

    def _part(self, i: int) -> dict:
        part = self._parts[i]
        if part is None:
            part = loads(self._blobs[i])
            if self._convert is not None:
                with paused_gc():
                    part = self._convert(part)
            self._parts[i] = part
        return part

    def __getitem__(self, key):
        return self._part(bucket_of(key, len(self._blobs)))[key]

    def get(self, key, default=None):
        return self._part(bucket_of(key, len(self._blobs))).get(key, default)

    def __contains__(self, key) -> bool:
        return key in self._part(bucket_of(key, len(self._blobs)))

    def __iter__(self) -> Iterator:
        for i in range(len(self._blobs)):
            yield from self._part(i)

    def __len__(self) -> int:
        return sum(len(self._part(i)) for i in range(len(self._blobs)))

    def items(self):
        for i in range(len(self._blobs)):
            yield from self._part(i).items()


def saved_buckets(saved: dict, name: str, convert: Callable[[dict], dict] | None = None):
    """Return the index saved under name by `buckets` as a `Buckets` mapping, or None when
    none was saved."""
    blobs = saved.get(name)
    return None if blobs is None else Buckets(blobs, convert)
