"""kg.analysis.reach and kg.analysis.published: country counts per source edition beside published figures.

A tiny made-up world (below) whose counts are computed by hand, then the shipped data through
the CLI, where every expected number is computed from the records in the test.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.ask.questions import ask, parse
from kg.records.assertions import Assertion
from kg.cli import cli
from kg.errors import KGError
from kg.analysis.findings import findings
from kg.analysis.network import Network
from kg.analysis.published import Figure, agrees, number
from kg.analysis.reach import reach, technology

ROOT = Path(__file__).resolve().parents[1]
N = lambda i, label, kind: {"id": i, "label": label, "kind": kind}  # noqa: E731
ROW = lambda source, country: {"source": f"source/{source}", "row": f"country={country}"}  # noqa
WORLD = {
    "nodes": [N("org/acme", "Acme Vision", "company"), N("org/globex", "Globex", "company"),
              N("deal/ecu-cams", "Ecuador cameras", "deal"),
              *(N(f"country/{c}", name, "country") for c, name in (
                  ("KEN", "Kenya"), ("UGA", "Uganda"), ("ECU", "Ecuador"), ("PER", "Peru")))],
    "edges": [
        {"u": "org/acme", "v": f"country/{c}", "kind": "supply", "verb": "supplies",
         "claim": f"supply/{s}-{c}"} for s, c in (("i19", "KEN"), ("i19", "UGA"), ("i20", "KEN"))
    ] + [
        {"u": "org/globex", "v": "country/PER", "kind": "supply", "verb": "supplies",
         "claim": "supply/i22-PER"},
        {"u": "org/acme", "v": "deal/ecu-cams", "kind": "supply", "verb": "supplies",
         "claim": "deal/ecu-cams"},
        {"u": "deal/ecu-cams", "v": "country/ECU", "kind": "supply", "verb": "in",
         "claim": "deal/ecu-cams"}],
    "claims": {
        "supply/i19-KEN": {"kind": "supply", "evidence": [ROW("index-2019", "Kenya")]},
        "supply/i19-UGA": {"kind": "supply", "evidence": [ROW("index-2019", "Uganda")]},
        "supply/i20-KEN": {"kind": "supply", "evidence": [ROW("index-2020", "Kenya")]},
        "supply/i22-PER": {"kind": "supply", "evidence": [ROW("index-2022", "Peru")]},
        "deal/ecu-cams": {"kind": "deal", "evidence": [{"source": "source/times",
                                                        "quote": "Acme sold cameras"}]},
        "finding/acme-countries": {"kind": "finding", "measure": "countries supplied by Acme",
                                   "value": "3", "unit": "count", "period": "2019",
                                   "about": ["org/acme"],
                                   "evidence": [{"source": "source/times", "quote": "3"}]},
        "finding/acme-deals": {"kind": "finding", "measure": "deals signed by Acme",
                               "value": "7", "unit": "count", "about": ["org/acme"],
                               "evidence": [{"source": "source/times"}]},
        "finding/bloc-countries": {"kind": "finding", "measure": "countries in the bloc list",
                                   "value": "147", "unit": "count", "about": ["country/KEN"],
                                   "evidence": [{"source": "source/times"}]},
        **{f"techuse/{s}-{c}": {"kind": "technology-use", "technology": "smart-policing",
                                "about": [f"country/{c}"], "evidence": [ROW(s, c)]}
           for s, c in (("index-2019", "KEN"), ("index-2019", "UGA"), ("index-2020", "PER"))},
    },
    "sources": {"source/index-2019": {"title": "Index", "date": "2019-09", "kind": "dataset"},
                "source/index-2020": {"title": "Index", "date": "2020", "kind": "dataset"},
                "source/index-2022": {"title": "Index", "date": "2022", "kind": "dataset"},
                "source/times": {"title": "Times", "kind": "article"}},
    "gaps": [{"id": "gap/globex-count", "question": "Is a Globex country count published?",
              "relation_kind": "finding", "about": ["org/globex"], "searched": "Times"}],
    "concepts": {"smart-policing": "smart policing", "entity-list": "BIS Entity List"},
}


def assertion(ident: str, kind: str, where: dict, published) -> Assertion:
    return Assertion(id=ident, description=ident, kind=kind, where=where, count="country",
                     expect={"min": 0}, published=published)


PUBLISHED = [
    assertion("acme-2019", "supplies", {"suppliers": "acme", "evidence.source": "index-2019"},
              "at least two"),
    assertion("acme-2020", "supplies", {"suppliers": "acme", "evidence.source": "index-2020"},
              None),
    assertion("police-2019", "technology_uses",
              {"technology": "smart-policing", "evidence.source": "index-2019"}, 3),
    assertion("acme-narrower", "supplies", {"suppliers": "acme", "technologies": "cctv",
                                            "evidence.source": "index-2019"}, 99),
]


@pytest.fixture(scope="module")
def net() -> Network:
    return Network.from_dict(WORLD)


def by_edition(answer) -> dict[str, list[tuple]]:
    rows: dict[str, list[tuple]] = {}
    for row in answer.rows:
        rows.setdefault(row["edition"], []).append((row["basis"], row["count"], row["countries"]))
    return rows


# --- counting per edition ------------------------------------------------------------------

def test_counts_per_edition_with_countries_and_a_labelled_union(net):
    rows = by_edition(reach(net, "Acme Vision", PUBLISHED))
    assert rows["index-2019"][0] == ("dataset rows (2019-09)", 2, ["Kenya", "Uganda"])
    assert rows["index-2020"] == [("dataset rows (2020)", 1, ["Kenya"])]
    assert rows["index-2022"] == [("dataset rows (2022)", 0, [])]  # an edition without Acme: 0
    assert rows["other sources"] == [("claims citing documents", 1, ["Ecuador"])]
    assert rows["all editions"] == [("union, not a published figure", 3, ["Ecuador", "Kenya", "Uganda"])]


def test_each_count_carries_the_evidence_of_its_edition_only(net):
    answer = reach(net, "acme", PUBLISHED)
    row = next(r for r in answer.rows if r["edition"] == "index-2019")
    assert [(e["source"], e["country"], e["row"]) for e in row["evidence"]] == [
        ("source/index-2019", "Kenya", "country=Kenya"),
        ("source/index-2019", "Uganda", "country=Uganda")]
    other = next(r for r in answer.rows if r["edition"] == "other sources")
    assert [e["quote"] for e in other["evidence"]] == ["Acme sold cameras"]


def test_published_figures_sit_beside_their_edition(net):
    rows = by_edition(reach(net, "acme", PUBLISHED))
    assert rows["index-2019"][1:] == [
        ("published: data assertion", "at least two", []),
        ("published: finding", "3", [])]
    # no published value, a narrower filter, a finding that counts deals: none is a figure here
    assert [r[0] for r in rows["index-2020"]] == ["dataset rows (2020)"]
    assert not any(r[1] in (99, "7") for rs in rows.values() for r in rs)


def test_a_note_says_where_rows_and_publication_differ(net):
    notes = reach(net, "acme", PUBLISHED).notes
    assert notes == ["rows and publication differ: the index-2019 rows give 2, the published "
                     "figure is 3 (finding acme-countries: countries supplied by Acme)"]


def test_without_a_published_figure_the_note_says_so_and_cites_the_gap(net):
    answer = reach(net, "Globex", PUBLISHED)
    assert by_edition(answer)["index-2022"] == [("dataset rows (2022)", 1, ["Peru"])]
    assert answer.notes == ["no published per-company count found for Globex",
                            "no source found: Is a Globex country count published? "
                            "(searched: Times)"]


def test_technology_counts_per_edition_beside_the_published_figure(net):
    answer = reach(net, "Smart Policing", PUBLISHED)
    assert answer.title.startswith("Countries using smart policing")
    rows = by_edition(answer)
    assert rows["index-2019"] == [("dataset rows (2019-09)", 2, ["Kenya", "Uganda"]),
                                  ("published: data assertion", 3, [])]
    assert rows["index-2020"] == [("dataset rows (2020)", 1, ["Peru"])]
    assert answer.notes == ["rows and publication differ: the index-2019 rows give 2, the "
                            "published figure is 3 (data assertion police-2019: police-2019)"]


def test_a_technology_without_published_figures_says_so(net):
    assert reach(net, "smart policing").notes == ["no published count found for smart policing"]


def test_technology_names_only_technologies(net):
    assert technology(net, "smart-policing") == technology(net, "smart policing") == "smart-policing"
    assert technology(net, "entity list") is None  # an instrument, not a technology
    assert technology(net, "acme") is None


@pytest.mark.parametrize("value, expected", [
    (52, (52, False)), ("52", (52, False)), ("at least fifty", (50, True)),
    ("fifty-two", (52, False)), ("more than 10", (10, True)), ("most", (None, False))])
def test_number_reads_published_wording(value, expected):
    assert number(value) == expected


@pytest.mark.parametrize("count, value, measure, expected", [
    (49, "at least fifty", "", False), (50, "at least fifty", "", True), (51, 50, "(at least)", True),
    (10, 11, "", False), (11, "11", "", True), (3, "several", "", None)])
def test_agrees(count, value, measure, expected):
    assert agrees(count, Figure(value, measure, "finding x")) is expected


# --- questions -----------------------------------------------------------------------------

@pytest.mark.parametrize("question, name", [
    ("how many countries does Dahua supply", "dahua"),
    ("How many countries does Dahua sell to?", "dahua"),
    ("how many countries is Huawei in", "huawei"),
    ("in how many countries is ZTE", "zte"),
    ("in how many countries is ZTE present", "zte"),
    ("Huawei's reach", "huawei"),
    ("how many countries has Huawei supplied", "huawei"),
    ("how many countries buy from Hikvision", "hikvision"),
    ("how many countries use smart policing", "smart policing"),
])
def test_reach_questions(question, name):
    form, slots = parse(question)
    assert (form.name, slots["name"]) == ("reach", name)


def test_ask_reach_passes_the_published_figures(net):
    answer = ask(net, "how many countries does Acme Vision supply in 2019", PUBLISHED)
    assert answer.kind == "reach" and answer.explain["command"] == "kg reach 'acme vision'"
    assert any(r["entity"]["id"] == "assertion/acme-2019" for r in answer.rows)
    assert answer.notes[-1].startswith("not filtered by 2019: the counts are per source edition")


def test_findings_about_a_named_subject_are_only_its_own(net):
    answer = findings(net, "countries", "Globex", counting=True)
    assert answer.rows == []  # "countries in the bloc list" shares a word, not the subject
    assert answer.notes == ["no source found: Is a Globex country count published? "
                            "(searched: Times)"]
    assert [r["value"] for r in findings(net, "countries", "Acme", counting=True).rows] == ["3"]


# --- the CLI on a tiny data folder (tests/fixtures/reach) ---------------------------------

FIXTURE = Path(__file__).parent / "fixtures" / "reach" / "data"


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("reach-fixture") / "build"
    result = CliRunner().invoke(cli, ["--data", str(FIXTURE), "--build-dir", str(out), "build"])
    assert result.exit_code == 0, result.output
    return out


def test_reach_table_exact(fixture_build):
    result = CliRunner().invoke(cli, ["--data", str(FIXTURE), "--build-dir", str(fixture_build),
                                      "reach", "acme"])
    assert result.exit_code == 0, result.output
    assert result.output == """\
Countries supplied by Acme Vision, per source edition (published figures beside them)

edition       | basis         | count        | measure        | countries      | sources
--------------+---------------+--------------+----------------+----------------+--------------------
index-2019    | dataset rows  | 2            | distinct       | Kenya, Uganda  | index-2019
              | (2019-09)     |              | countries      |                |
--------------+---------------+--------------+----------------+----------------+--------------------
index-2019    | published:    | at least two | countries for  |                | assertion/acme-2019
              | data          |              | which the 2019 |                |
              | assertion     |              | index names    |                |
              |               |              | Acme           |                |
--------------+---------------+--------------+----------------+----------------+--------------------
index-2019    | published:    | 3            | countries      |                | times
              | finding       |              | supplied by    |                |
              |               |              | Acme           |                |
--------------+---------------+--------------+----------------+----------------+--------------------
index-2020    | dataset rows  | 1            | distinct       | Kenya          | index-2020
              | (2020)        |              | countries      |                |
--------------+---------------+--------------+----------------+----------------+--------------------
other sources | claims citing | 1            | distinct       | Ecuador        | times
              | documents     |              | countries      |                |
--------------+---------------+--------------+----------------+----------------+--------------------
all editions  | union, not a  | 3            | distinct       | Ecuador,       |
              | published     |              | countries in   | Kenya, Uganda  |
              | figure        |              | any edition    |                |
(6 rows)

rows and publication differ: the index-2019 rows give 2, the published figure is 3 (finding acme-countries-2019: countries supplied by Acme)

Sources:
  index-2019: Example Index
  times: Example Times
  index-2020: Example Index
"""


def test_reach_on_an_endpoint_answers_as_on_the_embedded_store(fixture_build, pushed):
    args = ["--data", str(FIXTURE), "reach", "acme", "--format", "json"]
    embedded = CliRunner().invoke(cli, ["--build-dir", str(fixture_build), *args])
    remote = CliRunner().invoke(cli, [*pushed(fixture_build), *args])
    assert remote.exit_code == 0, remote.output
    assert json.loads(remote.output) == json.loads(embedded.output)


def test_reach_reads_the_assertions_of_the_data_folder_it_is_given(fixture_build, tmp_path):
    result = CliRunner().invoke(cli, ["--data", str(tmp_path), "--build-dir", str(fixture_build),
                                      "reach", "acme", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "assertion/acme-2019" not in result.output  # no data/config here: findings only
    assert "finding/acme-countries-2019,index-2019,published: finding,3," in result.output


def test_reach_an_unknown_name_is_a_one_line_error(fixture_build):
    result = CliRunner().invoke(cli, ["--data", str(FIXTURE), "--build-dir", str(fixture_build),
                                      "reach", "Initech"])
    assert result.exit_code != 0
    assert result.output.startswith("Error: 'Initech' is not") and result.output.count("\n") == 1


# --- the shipped data, through the CLI -----------------------------------------------------

@pytest.fixture(scope="module")
def shipped(shipped_build) -> list[str]:
    return ["--data", str(ROOT / "data"), "--build-dir", str(shipped_build)]


@pytest.fixture(scope="module")
def records():
    from kg.records.dataset import load_dataset

    return load_dataset(ROOT / "data").records


def rows_counted(records, vendor: str, source: str) -> int:
    """The distinct countries of supply records naming the vendor and citing the source."""
    return len({r.country for r in records["supplies"] if vendor in r.suppliers
                and any(e.source == source for e in r.evidence)})


def run_json(options, *args) -> dict:
    result = CliRunner().invoke(cli, [*options, *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_shipped_dahua_counts_its_index_rows_and_says_no_count_was_published(shipped, records):
    document = run_json(shipped, "reach", "Dahua")
    counted = {r["edition"]: r["count"] for r in document["rows"] if r["basis"].startswith("data")}
    for edition in ("carnegie-aigs-2019", "carnegie-aigs-2020", "carnegie-aigs-2022"):
        assert counted[edition] == rows_counted(records, "dahua", edition)
    assert counted["carnegie-aigs-2019"] > 0
    assert not any(r["basis"].startswith("published") for r in document["rows"])
    assert document["notes"][0] == "no published per-company count found for Dahua Technology"
    assert any(n.startswith("no source found: Is there a published per-company count")
               for n in document["notes"])


def test_shipped_huawei_rows_against_at_least_fifty(shipped, records):
    document = run_json(shipped, "reach", "Huawei")
    rows = rows_counted(records, "huawei", "carnegie-aigs-2019")
    counted = next(r for r in document["rows"] if r["edition"] == "carnegie-aigs-2019")
    assert counted["count"] == rows
    assert any(n.startswith(f"rows and publication differ: the carnegie-aigs-2019 rows give "
                            f"{rows}, the published figure is \"at least fifty\"")
               for n in document["notes"])


def test_shipped_ask_dahua_answers_with_reach_not_unrelated_findings(shipped):
    result = CliRunner().invoke(cli, [*shipped, "ask", "how many countries does Dahua supply"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Countries supplied by Dahua Technology, per source edition")
    assert "BRI country list" not in result.output
    assert "no published per-company count found" in result.output


def test_shipped_smart_policing_2019_rows_beside_the_papers_figure(shipped, records):
    document = run_json(shipped, "ask", "how many countries use smart policing")
    counted = len({r.country for r in records["technology_uses"]
                   if r.technology == "smart-policing"
                   and any(e.source == "carnegie-aigs-2019" for e in r.evidence)})
    rows = [(r["basis"], r["count"]) for r in document["rows"]
            if r["edition"] == "carnegie-aigs-2019"]
    assert rows == [("dataset rows (2019-09)", counted),
                    ("published: data assertion", 52)]


def test_reach_help():
    result = CliRunner().invoke(cli, ["reach", "--help"])
    assert result.exit_code == 0 and "--format [table|json|csv]" in result.output


def test_an_unknown_vendor_is_an_error_not_zero(net):
    with pytest.raises(KGError, match="'Initech' is not"):
        reach(net, "Initech", PUBLISHED)
