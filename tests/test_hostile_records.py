"""Hostile and careless record files (issue 14, groups 6 and 9): one line each, nothing built.

Each case is a small data folder: a valid base (a source, two companies) plus the bad record.
The loader must answer with exactly one `path:line: what is wrong` for it; `kg check` and
`kg build` exit 1 without a traceback, and a build that fails leaves the previous one as it was.
"""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import KGErrors
from kg.records.dataset import load_dataset
from kg.records.limits import MAX_DEPTH, MAX_TEXT

BASE = """\
sources:
  - id: src
    title: A report
    kind: report
organizations:
  - id: acme
    label: Acme
    kind: company
  - id: beta
    label: Beta
    kind: company
"""
EVIDENCE = "    evidence: [{source: src, summary: says so}]\n"


def deal(**fields) -> str:
    """Return a deals: list with one deal of the given extra fields (YAML values as written)."""
    lines = ["deals:", "  - id: d1", "    label: A deal", "    suppliers: [acme]",
             "    country: KEN", "    strength: reported-sale"]
    lines += [f"    {k}: {v}" for k, v in fields.items()]
    return "\n".join(lines) + "\n" + EVIDENCE


def ownership(rid: str, owner: str, owned: str, **fields) -> str:
    lines = [f"  - id: {rid}", f"    owner: {owner}", f"    owned: {owned}"]
    lines += [f"    {k}: {v}" for k, v in fields.items()]
    return "\n".join(lines) + "\n" + EVIDENCE


def problems(tmp_path: Path, text: str, name: str = "bad.yaml") -> list[str]:
    """Return the loader's error lines for a data folder of BASE plus `text` in `name`."""
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    (data / "base.yaml").write_text(BASE, encoding="utf-8")
    (data / name).write_text(text, encoding="utf-8")
    try:
        load_dataset(data)
    except KGErrors as errors:
        return [str(e) for e in errors.errors]
    return []


def one(tmp_path: Path, text: str, name: str = "bad.yaml") -> str:
    """Return the single error line for `text`, checking it is one short line at bad.yaml."""
    found = problems(tmp_path, text, name)
    assert len(found) == 1, found
    line = found[0]
    assert line.startswith(str(tmp_path / "data" / name) + ":")
    assert "\n" not in line and len(line) < 400
    return line.split(": ", 1)[1]


# --- group 6: inputs that blow up -----------------------------------------------------------

def bomb(levels: int) -> str:
    """Return the billion-laughs shape: each level names the one below nine times."""
    rows = ["organizations:", "  - id: gamma", "    kind: company", "    label: Gamma",
            '    note: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        rows.append(f"  - &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(rows) + "\n"


@pytest.mark.parametrize("levels", [2, 9])
def test_alias_bombs_are_refused_at_the_first_alias(tmp_path, levels):
    assert one(tmp_path, bomb(levels)) == ("YAML aliases (*a0) are not read in record files: "
                                           "write the value out")


def test_an_alias_under_aliases_is_refused(tmp_path):
    text = ("organizations:\n  - id: gamma\n    kind: company\n    label: &n Gamma\n"
            "    aliases: [*n]\n")
    assert "YAML aliases (*n)" in one(tmp_path, text)


def test_nesting_is_bounded_even_far_beyond_the_stack(tmp_path):
    # 100,000 brackets segfaulted the C composer; the flat event check stops at MAX_DEPTH.
    deep = "organizations:\n  - id: gamma\n    note: " + "[" * 100_000 + "]" * 100_000 + "\n"
    # PyYAML 6.0.4's scanner has a depth limit of its own and may stop first: either way one
    # line saying the nesting is too deep, never a crash.
    assert one(tmp_path, deep) in (f"nested more than {MAX_DEPTH} lists or mappings deep",
                                   "not valid YAML: exceeded maximum nesting depth")


def test_block_nesting_is_bounded(tmp_path):
    text = "organizations:\n" + "".join(" " * i + "- \n" for i in range(1, MAX_DEPTH + 5))
    assert one(tmp_path, text) == f"nested more than {MAX_DEPTH} lists or mappings deep"


def test_a_long_label_is_refused_with_its_size(tmp_path):
    text = f"organizations:\n  - id: gamma\n    kind: company\n    label: {'x' * 2_000_000}\n"
    assert one(tmp_path, text) == f"a value of 2,000,000 characters: at most {MAX_TEXT:,}"


def test_a_label_at_the_limit_is_read(tmp_path):
    text = f"organizations:\n  - id: gamma\n    kind: company\n    label: {'x' * MAX_TEXT}\n"
    assert problems(tmp_path, text) == []


@pytest.mark.parametrize("amount", ['"1e999999999"', "1e999999999", '"1e-999999999"',
                                    "10000000000000001", '"NaN"', ".inf", '"-Infinity"'])
def test_absurd_and_non_finite_amounts_are_refused(tmp_path, amount):
    message = one(tmp_path, deal(amount=amount, currency="USD"))
    assert message.startswith("deal 'd1': amount: ")
    assert "is out of range" in message or "is not a number" in message


def test_amounts_within_range_are_read(tmp_path):
    assert problems(tmp_path, deal(amount="19100000000000", currency="USD")) == []
    assert problems(tmp_path, deal(amount="0.000000000001", currency="USD")) == []


def test_an_integer_python_cannot_convert_is_one_line(tmp_path):
    assert one(tmp_path, deal(amount="9" * 5000, currency="USD")).startswith(
        "not a number Python can hold")


# --- group 9: validation holes --------------------------------------------------------------

def test_an_end_before_the_start_is_refused(tmp_path):
    text = "ownerships:\n" + ownership("o1", "acme", "beta", start=2020, end="2019-12")
    assert one(tmp_path, text) == "ownership 'o1': end: ends (2019-12) before it starts (2020)"


def test_partial_dates_compare_by_their_span(tmp_path):
    text = "ownerships:\n" + ownership("o1", "acme", "beta", start="2019-05", end=2019, year=2019)
    assert problems(tmp_path, text) == []


@pytest.mark.parametrize("fields, bound", [({"year": 2015, "start": 2019}, "start"),
                                           ({"year": 2021, "end": "2020-06"}, "end")])
def test_a_year_outside_start_and_end_is_refused(tmp_path, fields, bound):
    text = "ownerships:\n" + ownership("o1", "acme", "beta", **fields)
    assert f"is outside its {bound}" in one(tmp_path, text)


@pytest.mark.parametrize("year", ['"0000"', "9999", '"1899-12-31"'])
def test_implausible_years_are_refused(tmp_path, year):
    text = "ownerships:\n" + ownership("o1", "acme", "beta", year=year)
    assert "is not a plausible date: years 1900-2100" in one(tmp_path, text)


@pytest.mark.parametrize("year", ['"2019-05"', '"2019-05-01"'])
def test_a_year_is_a_year(tmp_path, year):
    # sk:year is an integer in the graph: a finer date belongs in start, never truncated.
    text = "ownerships:\n" + ownership("o1", "acme", "beta", year=year)
    assert "is not a year: write YYYY" in one(tmp_path, text)


@pytest.mark.parametrize("code", ["XXX", "XTS", "XAU"])
def test_currency_codes_that_are_not_money_are_refused(tmp_path, code):
    assert "not money" in one(tmp_path, deal(amount=5, currency=code))


@pytest.mark.parametrize("char", ["\\0", "\\e", "\\a", "\\x7f", "\\x9b"])
def test_control_characters_in_text_are_refused(tmp_path, char):
    text = f'organizations:\n  - id: gamma\n    kind: company\n    label: "Gam{char}ma"\n'
    message = one(tmp_path, text)
    assert message.startswith("organization 'gamma': label: a control character")
    assert all(ord(c) >= 32 for c in message)  # quoted, never written raw


def test_a_note_may_span_lines(tmp_path):
    text = "organizations:\n  - id: gamma\n    kind: company\n    label: G\n    note: |\n" \
           "      one\n      \ttwo\n"
    assert problems(tmp_path, text) == []


@pytest.mark.parametrize("field", ["id", "date"])
def test_an_id_or_date_with_a_trailing_newline_is_refused(tmp_path, field):
    values = {"id": '"gamma\\n"', "date": '"2019-10-09\\n"'}
    text = ("sources:\n  - id: " + ("gamma" if field == "date" else values["id"])
            + "\n    title: T\n    kind: report\n"
            + (f"    date: {values['date']}\n" if field == "date" else ""))
    message = one(tmp_path, text)
    assert "\\n" in message and "is not a" in message


def test_an_owner_that_owns_itself_is_refused(tmp_path):
    text = "ownerships:\n" + ownership("o1", "acme", "acme")
    assert one(tmp_path, text) == "'acme' is owned by itself"


def test_an_ownership_cycle_is_refused_once(tmp_path):
    text = "ownerships:\n" + ownership("o1", "acme", "beta") + ownership("o2", "beta", "acme")
    assert one(tmp_path, text).endswith(": a loop")


def test_a_chain_of_owners_is_read(tmp_path):
    text = "ownerships:\n" + ownership("o1", "acme", "beta")
    assert problems(tmp_path, text) == []


def two_deals_linked(first: str, second: str) -> str:
    deals = deal() + deal().split("\n", 1)[1].replace("id: d1", "id: d2")
    links = textwrap.dedent(f"""\
        links:
          - id: l1
            relation: part-of
            claims: [{first}]
            target: {second}
            note: phases
          - id: l2
            relation: part-of
            claims: [{second}]
            target: {first}
            note: phases
        """)
    return deals + links


def test_deals_part_of_each_other_are_refused(tmp_path):
    assert one(tmp_path, two_deals_linked("d1", "d2")) == \
        "'d1' is part of 'd2', which is part of 'd1': a loop"


def test_a_unit_part_of_itself_is_refused(tmp_path):
    text = "organizations:\n  - id: gamma\n    kind: agency\n    label: G\n    part_of: gamma\n"
    assert one(tmp_path, text) == "'gamma' is part of itself"


def test_a_yml_file_is_refused_aloud(tmp_path):
    text = "organizations:\n  - id: gamma\n    kind: company\n    label: G\n"
    assert one(tmp_path, text, name="more.yml") == "a .yml file is not read: rename it to .yaml"


@pytest.mark.parametrize("alias", ["--", "...", "'  ! '"])
def test_an_alias_of_punctuation_only_is_refused(tmp_path, alias):
    text = f"organizations:\n  - id: gamma\n    kind: company\n    label: G\n    aliases: [{alias}]\n"
    assert "is not a name: it has no letter or digit" in one(tmp_path, text)


# --- the CLI: one line, exit 1, the previous build untouched --------------------------------

def test_check_and_build_say_one_line_and_keep_the_build(tmp_path, tree_snapshot):
    data = tmp_path / "data"
    data.mkdir()
    (data / "base.yaml").write_text(BASE, encoding="utf-8")
    runner = CliRunner()
    built = runner.invoke(cli, ["--data", str(data), "--build-dir", str(tmp_path / "b"),
                                "build", "--no-shacl"])
    assert built.exit_code == 0, built.output
    before = tree_snapshot(tmp_path / "b")
    (data / "bad.yaml").write_text(deal(amount='"1e999999999"', currency="USD"), "utf-8")
    for args in (["check"], ["build", "--no-shacl"]):
        result = runner.invoke(cli, ["--data", str(data), "--build-dir", str(tmp_path / "b"),
                                     *args])
        assert result.exit_code == 1
        assert "Traceback" not in result.output
        assert "bad.yaml:7: deal 'd1': amount: 1E+999999999 is out of range" in result.output
    assert tree_snapshot(tmp_path / "b") == before


def test_the_limits_are_named_in_check_help():
    from kg.records.limits import MAX_DECIMALS, YEARS

    text = " ".join(CliRunner().invoke(cli, ["check", "--help"]).output.split())
    for said in (f"at most {MAX_DEPTH} lists or mappings", f"{MAX_TEXT:,} characters a value",
                 f"{MAX_DECIMALS} decimal places", f"years {YEARS[0]}-{YEARS[1]}", "aliases"):
        assert said in text
    assert "kg check --help" in CliRunner().invoke(cli, ["build", "--help"]).output


def test_a_character_yaml_refuses_is_one_line_at_its_line(tmp_path):
    # Found by tests/test_record_limits.py: PyYAML's reader error spanned two lines, no line.
    text = "organizations:\n  - id: gamma\n    kind: company\n    label: \"G\x7f\"\n"
    assert one(tmp_path, text) == "not valid YAML: control characters are not allowed: '\\x7f'"
    assert problems(tmp_path, text)[0].startswith(str(tmp_path / "data" / "bad.yaml:4:"))


def test_an_id_over_the_limit_is_refused_in_a_short_line(tmp_path):
    # Found by tests/test_record_limits.py: a 5,000-digit id was a valid slug, quoted in full.
    text = f"organizations:\n  - id: '{'0' * 5000}'\n    kind: company\n    label: G\n"
    assert "is not an id: at most 200 characters" in one(tmp_path, text)


def test_a_parser_message_quoting_a_long_tag_is_cut(tmp_path):
    # Found by tests/test_record_limits.py: the parser's problem quoted a 5,000-character tag.
    text = f"organizations:\n  - id: gamma\n    kind: company\n    label: {'!' * 5000}\n"
    assert one(tmp_path, text).startswith("not valid YAML: could not determine a constructor")
