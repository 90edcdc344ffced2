"""Data assertions (kg/records/assertions.py) on a tiny data folder whose counts are known by hand."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from kg.records.assertions import check_assertions, evaluate, load_assertions
from kg.records.dataset import load_dataset
from kg.errors import KGErrors

RECORDS = """\
sources:
  - {id: s1, title: One, kind: dataset}
  - {id: s2, title: Two, kind: dataset}
organizations:
  - {id: huawei, label: Huawei, kind: company}
  - {id: nec, label: NEC, kind: company}
supplies:
  - {id: a, suppliers: [huawei], country: KEN, strength: index-listing,
     evidence: [{source: s1, row: country=Kenya}]}
  - {id: b, suppliers: [huawei, nec], country: UGA, strength: index-listing,
     evidence: [{source: s1, row: x}]}
  - {id: c, suppliers: [nec], country: KEN, strength: index-listing,
     evidence: [{source: s2, row: x}]}
observations:
  - {id: o1, subject: KEN, measure: bri, value: 'yes', evidence: [{source: s1, row: x}]}
  - {id: o2, subject: UGA, measure: bri, value: 'no', evidence: [{source: s1, row: x}]}
  - {id: o3, subject: KEN, measure: china, value: 'yes', evidence: [{source: s1, row: x}]}
  - {id: o4, subject: UGA, measure: china, value: 'yes', evidence: [{source: s1, row: x}]}
"""


def folder(tmp_path: Path, assertions: str) -> Path:
    (tmp_path / "config").mkdir()
    (tmp_path / "records.yaml").write_text(RECORDS)
    (tmp_path / "config" / "assertions-test.yaml").write_text(
        "assertions:\n" + textwrap.indent(textwrap.dedent(assertions), "  "))
    return tmp_path


def counts(tmp_path: Path, assertions: str) -> dict[str, int]:
    data = folder(tmp_path, assertions)
    dataset = load_dataset(data)
    return {a.id: evaluate(a, dataset) for a in load_assertions(data)}


def test_counts_records_distinct_values_lists_and_dotted_paths(tmp_path):
    found = counts(tmp_path, """\
        - {id: all, description: d, kind: supplies, expect: {eq: 3}}
        - {id: from-s1, description: d, kind: supplies, where: {evidence.source: s1},
           expect: {eq: 2}}
        - {id: countries, description: d, kind: supplies, count: country, expect: {eq: 2}}
        - {id: vendors, description: d, kind: supplies, count: suppliers, expect: {eq: 2}}
        - {id: huawei, description: d, kind: supplies, where: {suppliers: huawei},
           count: country, expect: {min: 2}}
        - {id: any-of, description: d, kind: observations, where: {value: ['yes', 'no']},
           expect: {eq: 4}}
        """)
    assert found == {"all": 3, "from-s1": 2, "countries": 2, "vendors": 2, "huawei": 2,
                     "any-of": 4}


def test_a_list_of_filters_intersects_the_counted_values(tmp_path):
    found = counts(tmp_path, """\
        - id: china-and-bri
          description: d
          kind: observations
          where: [{measure: china, value: 'yes'}, {measure: bri, value: 'yes'}]
          count: subject
          expect: {eq: 1}
        """)
    assert found == {"china-and-bri": 1}


def test_a_list_of_kinds_counts_their_records_together(tmp_path):
    found = counts(tmp_path, """\
        - {id: both, description: d, kind: [supplies, observations],
           where: {evidence.source: s1}, expect: {eq: 6}}
        """)
    assert found == {"both": 6}


def test_failures_name_the_place_and_both_numbers(tmp_path):
    data = folder(tmp_path, """\
        - {id: ok, description: fine, kind: supplies, expect: {eq: 3}}
        - {id: too-few, description: Huawei countries, kind: supplies,
           where: {suppliers: huawei}, count: country, expect: {min: 49}}
        - {id: none, description: nothing imported, kind: technology_uses, expect: {min: 1}}
        """)
    failures, checked = check_assertions(data, load_dataset(data))
    assert checked == 3
    path = data / "config" / "assertions-test.yaml"
    assert failures == [
        f"{path}:3: too-few: expected min 49, found 2: Huawei countries",
        f"{path}:5: none: expected min 1, found 0 (no matching records: has the dataset been "
        "imported?): nothing imported",
    ]


@pytest.mark.parametrize("assertion, message", [
    ("{id: x, description: d, kind: deal, expect: {eq: 1}}", "unknown record kind 'deal'"),
    ("{id: x, description: d, kind: supplies, where: {supplier: huawei}, expect: {eq: 1}}",
     "supplies have no field 'supplier'"),
    ("{id: x, description: d, kind: supplies, where: {evidence.sauce: s1}, expect: {eq: 1}}",
     "supplies have no field 'evidence.sauce'"),
    ("{id: x, description: d, kind: observations, where: {value: yes}, expect: {eq: 1}}",
     "quote yes/no values ('yes')"),
    ("{id: x, description: d, kind: observations, where: [{value: 'a'}, {value: 'b'}], "
     "expect: {eq: 1}}", "a list of filters needs `count`"),
    ("{id: x, description: d, kind: supplies, expect: {equals: 1}}", "expect.equals"),
    ("{id: x, description: d, kind: [supplies, observations], count: country, expect: {eq: 1}}",
     "observations have no field 'country'"),
])
def test_a_malformed_assertion_is_an_error_at_its_line(tmp_path, assertion, message):
    data = folder(tmp_path, f"- {{id: fine, description: d, kind: supplies, expect: {{eq: 3}}}}\n"
                            f"- {assertion}\n")
    with pytest.raises(KGErrors) as caught:
        load_assertions(data)
    assert str(caught.value).startswith(f"{data / 'config' / 'assertions-test.yaml'}:3: ")
    assert message in str(caught.value)


def test_a_malformed_file_is_reported_among_the_failures(tmp_path):
    data = folder(tmp_path, "- {id: x, description: d, kind: deal, expect: {eq: 1}}\n")
    failures, checked = check_assertions(data, load_dataset(data))
    assert (failures, checked) == ([f"{data / 'config' / 'assertions-test.yaml'}:2: assertion "
                                    "'x': unknown record kind 'deal'"], 0)


def test_ids_are_unique_across_files(tmp_path):
    data = folder(tmp_path, "- {id: one, description: d, kind: supplies, expect: {eq: 3}}\n")
    (data / "config" / "assertions-other.yaml").write_text(
        "assertions:\n  - {id: one, description: d, kind: supplies, expect: {eq: 3}}\n")
    with pytest.raises(KGErrors, match="assertion 'one' already declared at"):
        load_assertions(data)


def test_the_project_assertion_files_load():
    data = Path(__file__).resolve().parents[1] / "data"
    assert any(a.id == "aigs-2019-smart-policing" and a.published == 52
               for a in load_assertions(data))
