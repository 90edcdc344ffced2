"""Machine-written records as JSON Lines (kg.records.jsonl): the same records and the same
one-line `path:line` errors as YAML, the line being the record's line in the file."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import KGError, KGErrors
from kg.importers.base import write_records
from kg.records.dataset import load_dataset, read_records
from kg.records.jsonl import dump_jsonl, parse_jsonl
from kg.records.limits import MAX_TEXT

BASE = """\
sources:
  - id: src
    title: A report
    kind: report
organizations:
  - id: acme
    label: Acme
    kind: company
"""
HEADER = '{"@comment": "made by hand for a test"}'
DEAL = {"@kind": "deals", "id": "d1", "label": "A deal", "suppliers": ["acme"], "country": "KEN",
        "strength": "reported-sale", "evidence": [{"source": "src", "summary": "says so"}]}


def line(**changes) -> str:
    """Return DEAL as one JSON line, with fields changed (None drops one)."""
    record = {k: v for k, v in {**DEAL, **changes}.items() if v is not None}
    return json.dumps(record)


def problems(tmp_path: Path, text: str) -> list[str]:
    """Return the loader's error lines for BASE (YAML) plus `text` in imported/bad.jsonl."""
    data = tmp_path / "data"
    (data / "imported").mkdir(parents=True, exist_ok=True)
    (data / "base.yaml").write_text(BASE, encoding="utf-8")
    (data / "imported" / "bad.jsonl").write_text(text, encoding="utf-8")
    try:
        load_dataset(data)
    except KGErrors as errors:
        return [str(e) for e in errors.errors]
    return []


def one(tmp_path: Path, text: str) -> str:
    """Return the single error for `text` as 'LINE: message', checking it names bad.jsonl."""
    found = problems(tmp_path, text)
    assert len(found) == 1, found
    prefix = str(tmp_path / "data" / "imported" / "bad.jsonl") + ":"
    assert found[0].startswith(prefix) and "\n" not in found[0]
    return found[0][len(prefix):]


def test_records_load_from_json_lines_next_to_yaml(tmp_path):
    assert problems(tmp_path, f"{HEADER}\n{line()}\n{line(id='d2')}\n") == []
    dataset = load_dataset(tmp_path / "data")
    assert [d.id for d in dataset.records["deals"]] == ["d1", "d2"]
    bad = str(tmp_path / "data" / "imported" / "bad.jsonl")
    assert dataset.origin["d1"] == (bad, 2) and dataset.origin["d2"] == (bad, 3)


@pytest.mark.parametrize("text, error", [
    # a field the contract refuses, a missing one, a bad value: at the record's line
    (f"{HEADER}\n{line()}\n{line(id='d2', colour='red')}\n",
     "3: deal 'd2': unknown field 'colour'"),
    (f"{line(label=None)}\n", "1: deal 'd1': missing field 'label'"),
    (f"{HEADER}\n{line(country='Kenya')}\n", "2: deal 'd1': country: "),
    # references and evidence, checked after every file is read
    (f"{line(suppliers=['acme', 'acmee'])}\n", "1: deal 'd1': suppliers: unknown organization "
                                               "'acmee' (did you mean 'acme'?)"),
    (f"{line(evidence=[{'source': 'nowhere', 'summary': 'x'}])}\n",
     "1: deal 'd1': evidence: source 'nowhere' is not declared"),
    (f"{line()}\n{line()}\n", "2: duplicate id 'd1' (first at "),
    # what only a hand edit makes: not JSON, not one record, no kind, a key twice
    (f"{line()}\n{line()[:-1]}\n", "2: not valid JSON: Expecting ',' delimiter at column "),
    (f"{line()}\n{line()[:line().index('A deal') + 3]}\n",
     "2: not valid JSON: Unterminated string starting at column "),
    (f"{line()}\n\n{line(id='d2')}\n", "2: not valid JSON: an empty line"),
    (f"{line()} {line(id='d2')}\n", "1: not valid JSON: extra data after the record at column "),
    (f"{line()}\n[1, 2]\n", "2: expected one record (a JSON object) a line, found a list"),
    (f"{line()}\n{line(**{'@kind': None})}\n",
     "2: a record needs its `@kind` (e.g. \"organizations\"), found no `@kind`"),
    (f"{line(**{'@kind': 'dealz'})}\n", "1: unknown record kind 'dealz' (did you mean 'deals'?)"),
    ('{"@kind": "deals", "id": "d1", "id": "d2"}\n', "1: duplicate key 'id'"),
    (f"{line(amount=1, currency='USD')[:-1]}, \"x\": NaN}}\n",
     "1: not valid JSON: NaN is not a JSON number"),
    (f"{line(note='x' * (MAX_TEXT + 1))}\n", f"1: a value of {MAX_TEXT + 1:,} characters: at most"),
    ("", "1: the file is empty: expected one JSON record a line"),
])
def test_each_problem_is_one_line_at_the_record(tmp_path, text, error):
    assert one(tmp_path, text).startswith(error)


def test_a_line_separator_inside_a_string_is_not_a_line_break(tmp_path):
    # json.dumps(ensure_ascii=False), as the writer calls it, leaves U+2028 raw in a line
    note = json.dumps({"note": "one\u2028two"}, ensure_ascii=False)[1:-1]
    assert "\u2028" in note
    text = f"{line()[:-1]}, {note}}}\n{line(id='d2', colour='red')}\n"
    assert one(tmp_path, text).startswith("2: deal 'd2'")


def test_the_writer_gives_what_the_reader_reads_and_yaml_gave(tmp_path):
    kinds = {"supplies": [{"id": "s", "note": "ünïcode \"quoted\"\nsecond line", "year": 2019,
                           "amount": 1.5e9, "techs": ["a", "b"], "evidence": [{"row": "r"}]}],
             "deals": [{"id": "d", "note": "yes"}]}
    text = dump_jsonl(kinds, "line one\nline two")
    assert text.splitlines()[0] == '{"@comment":"line one\\nline two"}'
    assert [json.loads(t)["@kind"] for t in text.splitlines()[1:]] == ["deals", "supplies"]
    assert parse_jsonl(text, "x.jsonl") == kinds
    write_records(tmp_path / "x.jsonl", kinds, "line one")
    assert read_records(tmp_path / "x.jsonl") == kinds
    assert (tmp_path / "x.jsonl").read_text("utf-8") == dump_jsonl(kinds, "line one")
    with pytest.raises(ValueError):  # a .yaml file would be read as curated YAML
        write_records(tmp_path / "x.yaml", kinds, "")


def test_kg_check_prints_the_jsonl_line(tmp_path):
    problems(tmp_path, f"{HEADER}\n{line()}\n{line(id='d2', colour='red')}\n")
    result = CliRunner().invoke(cli, ["check", "--data", str(tmp_path / "data")])
    assert result.exit_code == 1
    bad = tmp_path / "data" / "imported" / "bad.jsonl"
    assert f"{bad}:3: deal 'd2': unknown field 'colour'" in result.output
    assert "Traceback" not in result.output


def test_the_shipped_imports_are_json_lines_with_their_attribution():
    imported = Path(__file__).resolve().parents[1] / "data" / "imported"
    files = sorted(imported.iterdir())
    assert files and all(p.suffix == ".jsonl" for p in files)
    for path in files:
        first = json.loads(path.read_text("utf-8").split("\n", 1)[0])
        assert list(first) == ["@comment"] and "re-run" in first["@comment"], path


def test_parse_errors_carry_the_path(tmp_path):
    with pytest.raises(KGError) as caught:
        parse_jsonl('{"@kind": "deals"}\n{', tmp_path / "f.jsonl")
    assert (caught.value.path, caught.value.line) == (str(tmp_path / "f.jsonl"), 2)
