"""CLI tests for path, suppliers, profile, rank and ask: every format, good and bad paths."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import reading_options
from kg.analysis.rank import SAID
from kg.cli import cli

FIXTURE = Path(__file__).parent / "fixtures" / "cli" / "data"
COMMANDS = {
    "path": ["path", "Example Authority", "Uganda"],
    "suppliers": ["suppliers", "--to", "Example Bloc"],
    "profile": ["profile", "Acme"],
    "rank": ["rank", "--by", "concentration"],
    "ask": ["ask", "which vendors supply EB states"],
}


def run(*args: str, build: Path | list[str] | None = None):
    if isinstance(build, list):  # reading options: see the `source` fixture
        options = build
    else:
        options = ["--build-dir", str(build)] if build is not None else []
    return CliRunner().invoke(cli, [*options, *args], catch_exceptions=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("analysis") / "build"
    result = CliRunner().invoke(cli, ["--data", str(FIXTURE), "--build-dir", str(out), "build"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module", params=["embedded", "endpoint"])
def source(request, built) -> list[str]:
    """The reading tests run twice: on the embedded store, and on a real `oxigraph serve`."""
    return reading_options(request, built)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_help(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "--format [table|json|csv]" in result.output


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_every_command_in_every_format(source, command, fmt):
    result = run(*COMMANDS[command], "--format", fmt, build=source)
    assert result.exit_code == 0, result.output
    if fmt == "json":
        document = json.loads(result.output)
        assert document["notes"] == [] or command == "profile"
        items = document.get("rows") or [h for p in document.get("paths", []) for h in p["hops"]]
        assert items
        for item in items:
            if command != "rank":
                assert item["evidence"], item
                assert {"source", "title", "url"} <= set(item["evidence"][0])
            assert {"id", "label"} <= set(item.get("entity") or item["from"])
    elif fmt == "csv":  # stdout alone: what a ranking counts is said on stderr
        rows = list(csv.reader(io.StringIO(result.stdout)))
        assert len(rows) > 1 and len({len(r) for r in rows}) == 1
    else:
        assert result.output.splitlines()[0]


def test_suppliers_table_exact(source):
    result = run("suppliers", "--to", "EB", build=source)
    assert result.output == """\
Vendors supplying members of Example Bloc (2 countries)

vendor      | strength          | countries | country names | technologies      | sources
------------+-------------------+-----------+---------------+-------------------+-------------------
Acme Vision | reported sale or  | 2         | Kenya, Uganda | facial            | example-index,
            | contract, index   |           |               | recognition,      | example-times-2020
            | listing           |           |               | video             |
            |                   |           |               | surveillance      |
            |                   |           |               | (CCTV)            |
------------+-------------------+-----------+---------------+-------------------+-------------------
Globex      | index listing     | 1         | Uganda        |                   | example-index
(2 rows)

Sources:
  example-index: Example Surveillance Index, version 2022
  example-times-2020: Example Times report on city cameras <https://example.org/cameras>
"""


def test_suppliers_csv_exact(source):
    # The index's supply rows carry no date and the index no publication date: undated, so
    # not counted as of 2020; only the deal (2019) is (see kg/analysis/when.py).
    result = run("suppliers", "--to", "Example Bloc", "--as-of", "2020", "--restricted",
                 "--format", "csv", build=source)
    assert result.output == (
        "id,vendor,strength,countries,country names,technologies,restrictions,dates used,"
        "sources\n"
        "org/acme,Acme Vision,reported sale or contract,1,Uganda,"
        "facial recognition; video surveillance (CCTV),"
        "Acme Vision on BIS Entity List,held 2019,source/example-times-2020\n")


def test_suppliers_as_of_table_lists_undated_links_apart(source):
    result = run("suppliers", "--to", "Example Bloc", "--as-of", "2020", build=source)
    assert result.output == """\
Vendors supplying members of Example Bloc as of 2020 (3 countries)

            |             |           | country     |              |            |
vendor      | strength    | countries | names       | technologies | dates used | sources
------------+-------------+-----------+-------------+--------------+------------+-------------------
Acme Vision | reported    | 1         | Uganda      | facial       | held 2019  | example-times-2020
            | sale or     |           |             | recognition, |            |
            | contract    |           |             | video        |            |
            |             |           |             | surveillance |            |
            |             |           |             | (CCTV)       |            |
(1 row)

not counted, undated (no held date, no dated source): 3 supply links: Acme Vision -> Italy, Acme Vision -> Kenya, Globex -> Uganda

Sources:
  example-times-2020: Example Times report on city cameras <https://example.org/cameras>
"""


def test_path_table_exact(source):
    result = run("path", "authority", "UGA", build=source)
    assert result.output == """\
Paths from Example Authority to Uganda: 1 found

Path 1 (4 hops): Example Authority → Acme Vision on BIS Entity List → Acme Vision → Uganda city cameras → Uganda
  Example Authority put Acme Vision on the BIS Entity List (from 9 Oct 2019) [example-times-2020]; Acme Vision supplied Uganda city cameras, in Uganda (2019; reported sale or contract) [example-times-2020].
  1. Example Authority -imposes-> Acme Vision on BIS Entity List  [restriction, from 2019-10-09]
       source: example-times-2020 "Acme Vision was listed"
  2. Acme Vision on BIS Entity List -lists-> Acme Vision  [restriction, from 2019-10-09]
       source: example-times-2020 "Acme Vision was listed"
  3. Acme Vision -supplies-> Uganda city cameras  [supply, 2019, reported sale or contract]
       source: example-times-2020 "Acme Vision sold cameras worth $126m to the Uganda police"
  4. Uganda city cameras -in-> Uganda  [supply, 2019, reported sale or contract]
       source: example-times-2020 "Acme Vision sold cameras worth $126m to the Uganda police"

Sources:
  example-times-2020: Example Times report on city cameras <https://example.org/cameras>
"""


def test_path_json_hops_carry_relation_dates_and_evidence(source):
    document = json.loads(run("path", "Example Bank", "Acme Vision", "--format", "json",
                              build=source).output)
    (path,) = document["paths"]
    assert [(h["from"]["id"], h["relation"], h["to"]["id"], h["dates"]) for h in path["hops"]] == [
        ("org/bank", "finances", "deal/uganda-cameras", "2018"),
        ("deal/uganda-cameras", "<-supplies-", "org/acme", "2019")]
    assert path["sentence"] == (
        "Example Bank financed Uganda city cameras (2018) [example-times-2020]; Acme Vision "
        "supplied Uganda city cameras (2019; reported sale or contract) [example-times-2020].")
    assert path["hops"][0]["evidence"][0] == {
        "claim": "financing/bank-uganda-loan", "source": "source/example-times-2020",
        "title": "Example Times report on city cameras", "url": "https://example.org/cameras",
        "version": None, "kind": "summary", "summary": "Example Bank lent USD 100m",
        "locator": "para 3"}


def test_a_summary_is_labelled_not_quoted_and_json_names_each_kind(source):
    result = run("profile", "Uganda city cameras", build=source)
    assert "      source: example-times-2020, summary: Example Bank lent USD 100m (para 3)\n" \
        in result.output
    assert '"Example Bank lent USD 100m"' not in result.output
    assert '  source: example-times-2020 "Acme Vision sold cameras worth $126m to the Uganda ' \
        'police"\n' in result.output
    document = json.loads(run("profile", "Uganda city cameras", "--format", "json",
                              build=source).output)
    evidence = [e for row in document["rows"] for e in row["evidence"]]
    assert {(e["claim"], e["kind"], e.get("quote") or e.get("summary")) for e in evidence} == {
        ("deal/uganda-cameras", "quote", "Acme Vision sold cameras worth $126m to the Uganda "
                                         "police"),
        ("financing/bank-uganda-loan", "summary", "Example Bank lent USD 100m")}
    assert all(("quote" in e) == (e["kind"] == "quote") for e in evidence)


def test_path_says_what_is_not_a_connection_and_kinds_pick_the_stories(source):
    """Globex and Acme both supply Uganda: two suppliers of one country are not connected
    through it; the loan that financed Acme's deal does not lead on to Acme's other customer."""
    result = run("path", "Globex", "Acme", build=source)
    assert "Paths from Globex to Acme Vision: 0 found" in result.output
    assert "two customers of one vendor, two loans of one bank" in result.output
    assert "0 found" in run("path", "Example Bank", "Kenya", build=source).output
    assert "1 found" in run("path", "authority", "UGA", "--kinds", "restriction,supply",
                            build=source).output
    assert "0 found" in run("path", "authority", "UGA", "--kinds", "supply", build=source).output
    assert run("path", "Globex", "Acme", "--via-hubs", build=source).exit_code == 2


def test_profile_shows_gaps_as_no_source_found(source):
    result = run("profile", "Uganda city cameras", build=source)
    assert "no source found: Who operates the Uganda city cameras? " \
           "(searched: Example Times archive)" in result.output
    assert ("financed by:\n  Example Bank (100,000,000 USD) (2018)  [financing/bank-uganda-loan]"
            in result.output)
    # the retired gap, which the loan answers, is never shown beside it
    assert "Who financed the Uganda city cameras" not in result.output


def test_rank_options(source):
    result = run("rank", "--by", "reach", "--top", "1", "--format", "csv", build=source)
    assert result.stdout == ("id,vendor,countries,regime types,group share\n"
                             "org/acme,Acme Vision,3,,0.6667\n")
    assert result.stderr == SAID["reach"] + "\n"


@pytest.mark.parametrize("by", ["pagerank", "betweenness", "concentration", "reach"])
def test_rank_says_what_it_counts_in_every_format(source, by):
    table = run("rank", "--by", by, build=source)
    assert table.output.splitlines()[1] == SAID[by]
    document = json.loads(run("rank", "--by", by, "--format", "json", build=source).output)
    assert document["measure"] == SAID[by]
    assert run("rank", "--by", by, "--format", "csv", build=source).stderr == SAID[by] + "\n"


def test_rank_concentration_names_the_edition(source):
    result = run("rank", "--by", "concentration", "--format", "csv", build=source)
    header, *lines = result.stdout.splitlines()
    assert header == "id,country,edition,recorded,vendors listed,vendor names"
    assert lines and all(line.split(",")[2] == "example-index" for line in lines)


def test_ask_answered_by_a_ranking_says_what_it_counts(source):
    document = json.loads(run("ask", "which vendors are most central", "--format", "json",
                              build=source).output)
    assert document["kind"] == "rank" and document["measure"] == SAID["pagerank"]


def test_ask_explain(source):
    result = run("ask", "Is Acme on the Entity List?", "--explain", build=source)
    assert result.output.startswith("question: Is Acme on the Entity List?\n"
                                    "form: restrictions (e.g. 'which restrictions apply to Dahua')\n")
    assert "command: kg profile acme  (section: restrictions)" in result.output
    assert "Acme Vision: restricted, 1 restriction on the BIS Entity List" in result.output
    document = json.loads(run("ask", "is acme sanctioned", "--explain", "--format", "json",
                              build=source).output)
    assert document["explain"]["target"] == "org/acme"


def test_ask_an_unknown_question_exits_2_in_one_line_naming_the_words(source):
    result = run("ask", "what is the weather", build=source)
    assert result.exit_code == 2
    assert result.output.startswith("Error: cannot map 'what is the weather' onto a question; "
                                    "could not place 'weather'; questions it understands look "
                                    "like: 'which vendors supply BRI states'")
    assert result.output.count("\n") == 1


def test_ask_an_unknown_question_needs_no_build(tmp_path):
    assert run("ask", "hello", build=tmp_path).exit_code == 2


@pytest.mark.parametrize("args, code, message", [
    (["profile", "Initech"], 2, "Error: 'Initech' is not in the graph\n"),
    (["profile", "Glubax"], 2, "Error: 'Glubax' is not in the graph (did you mean: Globex?)\n"),
    (["ask", "who are Initech's customers"], 2, "Error: 'initech' is not in the graph\n"),
    (["suppliers", "--to", "Atlantis"], 2, "Error: 'Atlantis' is not in the graph\n"),
    (["path", "Acme", "Bhutan"], 2, "Error: 'Bhutan' is not in the graph\n"),
    (["path", "Acme", "Kenya", "--kinds", "trade"], 1,
     "Error: unknown relation kind 'trade' (kinds: supply, financing, membership, restriction, "
     "proposal, ownership, standards, home)\n"),
])
def test_bad_names_and_options_are_one_line_errors(source, args, code, message):
    result = run(*args, build=source)
    assert (result.exit_code, result.output) == (code, message)


def test_a_word_of_several_names_names_none_of_them(source):
    result = run("profile", "example", build=source)
    assert result.exit_code == 2
    assert result.output == ("Error: 'example' is not in the graph (did you mean: Example Bloc, "
                             "Example Bank?)\n")


def test_a_typo_in_a_name_is_the_name(source):
    result = run("profile", "Globx", "--format", "json", build=source)
    assert result.exit_code == 0
    assert json.loads(result.output)["profile"]["entity"]["id"] == "org/globex"


def test_without_a_build_the_commands_say_to_build(tmp_path):
    result = run("profile", "Acme", build=tmp_path)
    assert result.exit_code == 1
    assert result.output == f"Error: no network.json in {tmp_path}: run `kg build` first\n"
