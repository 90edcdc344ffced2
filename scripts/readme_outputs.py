"""Re-run the commands shown in README.md and docs/*.md and compare (or replace) their output.

The docs show real output (a `console` block: `$ command` lines, each followed by what it
printed). After a data or code change, run

    python scripts/readme_outputs.py            # list the commands whose output changed
    python scripts/readme_outputs.py --update   # rewrite those outputs in the docs

from anywhere. As tests/test_docs.py does (the shared part is tests/docs_support.py), the
commands run in a temporary copy of the project with a fresh build of data/, `kg serve` on a
free port, a real `oxigraph serve` in place of the one the README starts at 127.0.0.1:7879 and
(where installed) a Virtuoso in place of the one at 127.0.0.1:8890;
the repository's build/ and data/ are not touched. Timings and temporary paths are masked when
comparing, and an output that differs only there is left as the doc shows it. `--only TEXT`
runs only the commands containing TEXT; FILE... limits the run to those documents.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1] / "tests"
sys.path.insert(0, str(TESTS))

from docs_support import (
    Runner,
    documents,
    free_port,
    project_copy,
    rerun,
    with_virtuoso,
)
from remote_support import start_oxigraph


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="documents (default: all)")
    parser.add_argument("--update", action="store_true", help="rewrite changed outputs")
    parser.add_argument("--only", help="run only the commands containing this text")
    args = parser.parse_args()
    changed = 0
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "oxigraph").mkdir()
        oxigraph = start_oxigraph(Path(folder) / "oxigraph")
        virtuoso = start_virtuoso_if_installed(Path(folder) / "virtuoso")
        try:
            runner = Runner(project_copy(Path(folder)),
                            **with_virtuoso({7878: free_port(), 7879: oxigraph.port}, virtuoso))
            for doc in [f.resolve() for f in args.files] or documents():
                text = doc.read_text(encoding="utf-8")
                diffs, new = rerun(text, runner, args.only)
                changed += len(diffs)
                for diff in diffs:
                    print(f"{doc.name}: {diff}")
                if args.update and new != text:
                    doc.write_text(new, encoding="utf-8")
        finally:
            oxigraph.stop()
            if virtuoso is not None:
                virtuoso.stop()
    print(f"{changed} command(s) with changed output" + (", docs updated" if args.update
                                                         and changed else ""))
    return 0


def start_virtuoso_if_installed(folder: Path):
    """The README's Virtuoso (tests/virtuoso_support.py), or None where it is not installed
    (its commands are then left as the README shows them)."""
    from _pytest.outcomes import Skipped
    from virtuoso_support import start_virtuoso
    try:
        return start_virtuoso(folder)
    except Skipped:
        print("Virtuoso is not installed: its commands are not run")
        return None


if __name__ == "__main__":
    sys.exit(main())
