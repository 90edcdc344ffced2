"""The README and docs/*.md show real output: every console block is re-run and compared.

The commands run in a copy of the project (tests/docs_support.py) with a fresh build of the
shipped data, `kg serve` on a free port and a real `oxigraph serve` for the remote examples;
timings and temporary paths are masked. After an intended change of output, run
`python scripts/readme_outputs.py --update` and review the diff.
"""
from __future__ import annotations

import pytest

from docs_support import (MASKS, ROOT, SKIP, Runner, blocks, commands, difference, documents,
                          free_port, mask, project_copy, rerun, with_virtuoso)

DOCS = documents()


@pytest.fixture(scope="module")
def runner(tmp_path_factory, request):
    from remote_support import start_oxigraph

    try:  # the README's Virtuoso examples run where Virtuoso is installed
        virtuoso = request.getfixturevalue("virtuoso")
    except pytest.skip.Exception:
        virtuoso = None
    oxigraph = start_oxigraph(tmp_path_factory.mktemp("docs-oxigraph"))
    work = project_copy(tmp_path_factory.mktemp("docs"))
    yield Runner(work, **with_virtuoso({7878: free_port(), 7879: oxigraph.port}, virtuoso))
    oxigraph.stop()


@pytest.mark.parametrize("doc", DOCS, ids=[d.name for d in DOCS])
def test_every_command_shown_prints_what_the_doc_shows(runner, doc):
    diffs, _ = rerun(doc.read_text(encoding="utf-8"), runner)
    assert not diffs, (f"{len(diffs)} command(s) in {doc.name} print something else now; after "
                       f"an intended change run `python scripts/readme_outputs.py --update`:\n\n"
                       + "\n".join(diffs))


def test_the_docs_show_commands():
    shown = {d.name: sum(len(commands(b.group(1))) for b in blocks(d.read_text())) for d in DOCS}
    assert shown["README.md"] >= 20 and shown["guide.md"] >= 10 and shown["asking.md"] >= 5


def test_the_benchmark_tables_are_marked_as_measurements():
    """Measured tables are excluded on purpose, between markers, and nothing else is."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    skipped = SKIP.findall(readme)
    assert len(skipped) == 1 and "| size | triples | records | kg build s" in skipped[0]
    assert "```console" not in skipped[0]
    assert not any(SKIP.search(d.read_text(encoding="utf-8")) for d in DOCS[1:])


# --- the comparison itself, on made-up text ----------------------------------------------------

def test_a_changed_line_is_a_difference():
    diff = difference("kg stats", "class  count\nsupply 660\n", "class  count\nsupply 661\n")
    assert diff.startswith("$ kg stats\n") and "-supply 660\n" in diff and "+supply 661\n" in diff


def test_timings_throughput_and_temporary_paths_are_masked():
    shown = "built 3 records into 9 triples in 4.8 s -> build/\n12,000 triples/s /tmp/x/build\n"
    now = "built 3 records into 9 triples in 12 s -> build/\n9,001.5 triples/s /tmp/pytest-1/y\n"
    assert difference("kg build", shown, now) == ""
    assert difference("kg build", shown, now.replace("9 triples", "8 triples"))
    assert mask("pushed in 1.7 s") == "pushed in <time>" and len(MASKS) == 3


def test_a_rerun_fails_on_a_deliberately_changed_expected_line(tmp_path):
    text = ("intro\n```console\n$ echo one\none\n$ printf 'a\\nb\\n'\na\nb\n```\n"
            "<!-- docs-test: skip -->\n```console\n$ echo measured\nnot re-run\n```\n"
            "<!-- docs-test: end skip -->\n")
    runner = Runner(tmp_path)
    assert rerun(text, runner) == ([], text)
    changed = text.replace("a\nb\n", "a\nc\n", 1)
    diffs, updated = rerun(changed, runner)
    assert len(diffs) == 1 and "-c\n" in diffs[0] and "+b\n" in diffs[0]
    assert updated == text  # what --update writes: the output as printed now


def test_documented_ports_are_swapped_for_the_ones_used(tmp_path):
    runner = Runner(tmp_path, ports={7878: 40001, 7879: 40002})
    assert runner.local("kg serve") == "kg serve --port 40001"
    assert runner.local("kg --build-dir b serve --timeout 3") == (
        "kg --build-dir b serve --timeout 3 --port 40001")
    assert runner.local("curl http://127.0.0.1:7879/query") == "curl http://127.0.0.1:40002/query"
    assert runner.shown("serving http://127.0.0.1:40001/query") == (
        "serving http://127.0.0.1:7878/query")
