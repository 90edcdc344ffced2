"""`kg build`: validate the records, make the RDF graph, write it out, load the store.

The records are checked first (the contract, references, evidence); the graph is written as
N-Triples straight from them (`kg.graph.rdf.to_nt`), held by predicate (`kg.graph.indexed`),
validated against the SHACL shapes (`kg.graph.shacl`) and projected (`kg.analysis.projection`),
while the on-disk store is made (bulk-loaded, or the previous build's changed by the triples
that differ) and a helper process writes Turtle and JSON-LD, then the HTML explorer from the
projection; the build saves the projection in the form commands load it in.
Everything goes to a staging folder beside the build folder, moved into place only when all of
it is complete and valid, so a failed build (bad records, a SHACL violation, a full disk)
leaves the previous build as it was. The build folder is a symlink to a versioned folder beside
it (`.build.v-*`), and a build swaps in its new version with one rename of a new symlink over
it (`kg.build.versions`), so a build killed at any point leaves the old build or the new one,
whole; the leftovers of killed builds are removed by the next. A build that read no records, or
fewer than it found record files for, never replaces a good build unless `allow_empty`.

The application layer: it may import every layer below it (records, graph, analysis, ask,
explore); only `kg.cli` and `kg.backend` sit beside it.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

from kg.collector import paused
from kg.records.cache import RecordCache
from kg.records.assertions import PATTERN, load_assertions
from kg.records.dataset import CONFIG_DIRS, load_dataset, read_elsewhere
from kg.errors import KGError, KGErrors
from kg.records.models import Claim, Source
from kg.graph.rdf import to_nt
from kg.graph.serialize import write_jsonld, write_nt, write_turtle
from kg.graph.indexed import IndexedGraph
from kg.graph.shacl import validate
from kg.analysis.network import NETWORK_FILE, read_network
from kg.analysis.projection import write_network
from kg.analysis.resolve import NAMES, name_index
from kg.analysis.published import ASSERTIONS, saved_form
from kg.analysis.saved import paused_gc, write as write_saved
from kg.ask import mentions, saved_index
from kg.graph.store import NT_FILE, STORE_DIR, StreamedLoad, load_store, update_store
from kg.explore.page import prepare as prepare_explorer, write_explorer
from kg.build.background import Forked, Helper, timed
from kg.build.versions import real_build_folder, swap_into_place

TTL_FILE, JSONLD_FILE, MANIFEST_FILE = "survkg.ttl", "survkg.jsonld", "manifest.json"
# What `build` reports to its `progress` callback, in the order the stages complete.
STAGES = ("records", "triples", "SHACL", "projection", "store", "Turtle and JSON-LD", "HTML")
Progress = Callable[[str, int, int], None]  # (stage completed, stages done, stages in all)


@dataclass(frozen=True)
class BuildSummary:
    records: int
    claims: int
    sources: int
    triples: int
    seconds: float
    out_dir: str
    files_read: int = 0    # record files read afresh
    files_cached: int = 0  # record files whose validated records came from the previous build
    # Triples the store changed from the previous build's store; None: loaded whole.
    store_changed: int | None = None

    def __str__(self) -> str:
        return (f"built {self.records:,} records ({self.claims:,} claims, {self.sources:,} "
                f"sources) into {self.triples:,} triples in {self.seconds:.1f} s -> {self.out_dir}/")


def build(data_dir: str | Path, out_dir: str | Path, shacl: bool = True,
          timings: dict[str, float] | None = None, progress: Progress | None = None,
          allow_empty: bool = False, clean: bool = False) -> BuildSummary:
    """Build the graph from data_dir into out_dir; on any error, out_dir is left untouched.

    A data folder (or subfolder) that cannot be read is an error; a build that read no
    records, or fewer records than record files, does not replace a good build unless
    `allow_empty`. `timings`, when given, receives the seconds each stage took (for scripts/bench.py);
    `progress`, when given, is called as each of `STAGES` completes (SHACL only with `shacl`),
    e.g. by `kg build` to draw a progress bar.
    """
    # Python's cyclic garbage collector runs every 700 new objects and walks the young ones
    # again; a build makes millions (records, lines, the projection) and no reference cycles
    # worth collecting, so it is paused for the build (1M triples: records 3.4 s -> 1.4 s from
    # the cache, 5.0 s -> 3.0 s read afresh; the whole build about a quarter faster). Memory
    # freed by reference counting, nearly all of it, is freed as before.
    with paused():
        clock = _Clock(timings)
        # The helper that writes Turtle and JSON-LD, the saved projection and the explorer
        # is forked now, while this process is small, and given its work once the files it
        # is made from are written (kg/build/background.py).
        with Helper() as helper:
            return _build(data_dir, out_dir, shacl, clock, progress, allow_empty, clean, helper)


def _build(data_dir: str | Path, out_dir: str | Path, shacl: bool, clock: _Clock,
           progress: Progress | None, allow_empty: bool, clean: bool,
           helper: Helper) -> BuildSummary:
    stages = tuple(stage for stage in STAGES if shacl or stage != "SHACL")

    def done(stage: str) -> None:
        if progress is not None:
            progress(stage, stages.index(stage) + 1, len(stages))

    out = real_build_folder(Path(out_dir))
    found = count_record_files(data_dir)
    # The previous build's cache of validated records: a file unchanged since then is not read
    # again (kg/records/cache.py). `clean` reads every file, and still saves the cache.
    previous = None if clean or not out.is_dir() else out
    # The helper has nothing else to do until survkg.nt is written: it reads the largest of the
    # record files to read (kg.records.dataset's ELSEWHERE_SHARE of the bytes) while this
    # process reads the rest, then imports what drawing the explorer will. The second core
    # was idle while the records were read; 1M triples, five clean builds each in turns:
    # records 1.3 -> 1.05 s, the build 12.4-13.2 -> 12.1-12.8 s, the same CPU time.
    cache = RecordCache(previous=previous)

    def elsewhere(paths: list[Path]) -> Callable[[], list]:
        helper.submit("reading record files", read_elsewhere, paths)
        return helper.result

    dataset = load_dataset(data_dir, cache=cache,
                           elsewhere=elsewhere if helper.process is not None else None)
    helper.submit("preparing the explorer", prepare_explorer)
    if not allow_empty:
        refuse_to_shrink(len(dataset.index), found, data_dir, out)
    clock("records")
    done("records")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-{os.getpid()}-",
                                        dir=out.parent))
        mask = os.umask(0o022)  # mkdtemp makes it private; it becomes the build folder
        os.umask(mask)
        os.chmod(staging, 0o777 & ~mask)
    except OSError as exc:
        raise KGError(f"cannot write beside the build folder: {exc.strerror}",
                      str(out.parent)) from None
    saving = streamed = None
    try:
        # The new cache entries are pickled by a forked child (its own core, and pickling the
        # records of a large build takes seconds) while this process makes the triples.
        saving = Forked(lambda: cache.save(staging), "saving the record cache")
        cache.fresh, cache.blobs = {}, {}  # the child has them: let them go with the dataset
        # With no previous store to change, the new one is bulk-loaded from each record file's
        # triples as they are made (kg.graph.store.StreamedLoad), on the core the Python
        # making them leaves free. 1M triples, three clean builds each in turns: 10.0-10.2 s
        # loading survkg.nt once written, 9.4-9.7 s streamed; peak 1.28 -> 1.42 GB (the
        # parts wait in the pipe's queue while Oxigraph parses).
        if previous is None and StreamedLoad.possible():
            streamed = StreamedLoad(staging / STORE_DIR)
        cache.triples_into(staging)  # each file's triples, saved for the next build as made
        lines = to_nt(dataset, cache=cache, each=streamed.add if streamed else None)
        if streamed is not None:
            streamed.end()
        counts = {"records": len(dataset.index),
                  "claims": sum(isinstance(r, Claim) for r in dataset.all()),
                  "sources": len(dataset.records.get(Source.KIND, [])),
                  "files_read": len(cache.missed), "files_cached": len(cache.used)}
        del dataset  # the records take more memory than the graph: free them before the stores
        triples = len(lines)  # sorted and distinct: the stores' count
        clock("triples")
        done("triples")
        write_nt(lines, staging / NT_FILE)
        clock("survkg.nt")
        # Turtle and JSON-LD are written from survkg.nt by the helper, a child forked when the
        # build began (kg/build/background.py says why then), while this process checks and
        # projects the graph: both are pure Python work, and there are two cores.
        helper.wait()  # preparing the explorer: done long ago
        helper.submit("writing Turtle and JSON-LD", write_files, staging)
        # Else the on-disk store, the longest step, is made in a thread (Oxigraph loads
        # without the GIL) from the previous build's store changed by the lines that differ,
        # when they are few, else a bulk load. Meanwhile this process checks the graph
        # against the SHACL shapes and projects it, both reading it held by predicate
        # (kg/graph/indexed.py), not from a store: at 1M triples an in-memory Oxigraph copy
        # took 2.5 s of CPU to load and free, SHACL's queries on it 2.3 s and the
        # projection's 2.2 s; cutting the lines takes 0.4 s, SHACL then 0.5 s and the
        # projection 1.5 s.
        with ThreadPoolExecutor(max_workers=1) as pool:
            loading = None if streamed else pool.submit(
                timed, make_store, staging / NT_FILE, staging / STORE_DIR, previous)
            graph = IndexedGraph(lines)
            del lines
            clock("the graph by predicate")
            if shacl:
                violations = validate(graph)
                clock("SHACL")
                if violations:
                    raise KGErrors([KGError(str(v)) for v in violations])
                done("SHACL")
            write_network(graph, staging)  # the projection analysis commands load
            del graph
            clock("projection")
            done("projection")
            # What is made from network.json, read back as a command would: the explorer by
            # the helper, the projection saved for commands here, where nothing else is left
            # to do but wait for the store (1M triples, with the store streamed: the helper,
            # making both after Turtle and JSON-LD, ended the build 3 s after the store; 10.5
            # -> 9.6 s).
            helper.submit("writing the explorer", write_page, staging, previous)
            save_for_commands(staging, data_dir)
            clock("saved projection")
            if loading is None:
                changed, clock.timings["store (in a thread)"] = None, streamed.wait()
            else:
                changed, clock.timings["store (in a thread)"] = loading.result()
            clock("waiting for the store")
            done("store")
        clock.timings["turtle, json-ld (in a child)"] = helper.wait()
        clock("waiting for turtle and json-ld")
        done("Turtle and JSON-LD")
        clock.timings["html (in a child)"] = helper.wait()
        clock("waiting for the explorer")
        done("HTML")
        clock.timings["record cache (in a child)"] = saving.wait()
        clock("waiting for the record cache")
        summary = BuildSummary(**counts, triples=triples, store_changed=changed, seconds=0.0,
                               out_dir=str(out_dir).rstrip("/"))
        manifest = {k: v for k, v in asdict(summary).items()
                    if k not in ("seconds", "out_dir", "files_read", "files_cached",
                                 "store_changed")}
        (staging / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        swap_into_place(staging, out)
    finally:
        # The children are stopped before the staging folder is removed: a build that failed
        # while they worked (a SHACL violation found while the helper writes the explorer)
        # would otherwise leave what they wrote after the removal (on success they are idle).
        if saving is not None:
            saving.cancel()
        if streamed is not None:
            streamed.close()
        helper.cancel()
        shutil.rmtree(staging, ignore_errors=True)
    return BuildSummary(**{**asdict(summary), "seconds": clock.total()})


def write_files(staging: Path) -> None:
    """Write Turtle and JSON-LD from the staging folder's survkg.nt (in the build's helper)."""
    write_turtle(staging / NT_FILE, staging / TTL_FILE)
    write_jsonld(staging / NT_FILE, staging / JSONLD_FILE)


def write_page(staging: Path, previous: Path | None) -> None:
    """Write survkg.html, the offline explorer, from the staging folder's network.json (in the
    build's helper): the previous build's page when its projection is the same
    (kg/explore/reuse.py; none when `clean`)."""
    write_explorer(staging, previous=previous)


def save_for_commands(build_dir: Path, data_dir: str | Path | None = None) -> Path:
    """Save the projection of build_dir/network.json with the name indexes every cold command
    would otherwise rebuild, and data_dir's data assertions (read by count questions), in the
    form that loads fast (kg/analysis/saved.py); return its path.

    The network is read back from network.json, so what is saved is what the file gives (its
    order and types), with the garbage collector paused: collections walking the network
    again and again took a third of this at 1M triples.
    """
    with paused_gc():
        net = read_network(Path(build_dir) / NETWORK_FILE)
        indexes = {}
        if data_dir is not None:
            try:
                indexes[ASSERTIONS] = saved_form(load_assertions(data_dir), data_dir, PATTERN)
            except KGError:
                pass  # not saved: a command reads them itself and says what is wrong
        split = {NAMES: name_index(net), **saved_index.plain(mentions.index(net))}
        return write_saved(Path(build_dir) / NETWORK_FILE, net.to_state(), indexes, split)


def make_store(nt_path: Path, store_dir: Path, previous: Path | None) -> int | None:
    """Make the on-disk store of nt_path in store_dir; return the triples changed from the
    previous build's store, or None when it was loaded whole.

    From the previous build's store where its N-Triples differ from these in a few lines
    (kg/graph/store.update_store), else Oxigraph's bulk load of the whole graph.
    """
    if previous is not None:
        updated = update_store(nt_path, store_dir, previous)
        if updated is not None:
            return updated[1]  # its count checked against nt_path's lines
    load_store(nt_path, store_dir)
    return None


class _Clock:
    """Record the seconds since the previous call under a stage name."""

    def __init__(self, timings: dict[str, float] | None):
        self.timings = timings if timings is not None else {}
        self.started = self.last = time.perf_counter()

    def __call__(self, stage: str) -> None:
        now = time.perf_counter()
        self.timings[stage] = now - self.last
        self.last = now

    def total(self) -> float:
        return time.perf_counter() - self.started


def count_record_files(data_dir: str | Path) -> int:
    """Return how many record files are under data_dir; raise KGError naming a folder that
    cannot be read (`rglob`, which the reader uses, skips it without a word)."""
    root = Path(data_dir)
    if not root.is_dir():
        return 0  # load_dataset says there is no data folder

    def unreadable(exc: OSError) -> None:
        raise KGError(f"cannot read this folder ({exc.strerror}): no build was made",
                      exc.filename or str(root))

    found = 0
    for folder, _dirs, names in os.walk(root, onerror=unreadable):
        if any(part in CONFIG_DIRS for part in Path(folder).relative_to(root).parts):
            continue
        found += sum(name.endswith((".yaml", ".jsonl"))
                     and os.path.isfile(os.path.join(folder, name)) for name in names)
    return found


def refuse_to_shrink(records: int, files: int, data_dir: str | Path, out: Path) -> None:
    """Raise KGError when a good build in `out` would be replaced by one that read no
    records, or fewer records than record files (each file holds at least one)."""
    if records and records >= files:
        return
    try:
        previous = int(json.loads((out / MANIFEST_FILE).read_text())["records"])
    except (OSError, ValueError, KeyError, TypeError):
        return  # no good build to keep
    if previous > 0:
        raise KGError(f"read {records:,} records from {files:,} record files; not replacing "
                      f"the build in {out} ({previous:,} records): --allow-empty to build anyway",
                      str(data_dir))
