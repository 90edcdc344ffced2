"""Quotes are the source's own words: the matcher on tiny strings, then every quote in data/.

The fact sheet and the article texts live in ../shared beside the repository (CI keeps them
there), located from the repository root, not by an absolute path.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.records.dataset import load_dataset
from kg.records.verbatim import Verbatim, fragments, normalize, quotations

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

FACTS = """\
- **F1** [stated] Acme won the police tender; officials called it "a **$170m** deal with Acme".
- **F2** [stated] The minister's office said 'we chose the best offer' in 2019. — S2.
- **F3** [stated] The vendor’s “Safe City” rollout covered 800 cameras. — S3.
"""
ARTICLE = "The contract went live in Nairobi and Mombasa.\nIt  covers 1,800\ncameras in all."


@pytest.fixture(scope="module")
def check() -> Verbatim:
    return Verbatim(FACTS, [ARTICLE])


def test_text_in_quotation_marks_is_verbatim(check):
    assert check.holds("a $170m deal with Acme")
    assert check.holds("$170m deal")  # part of a quotation
    assert check.holds("we chose the best offer")  # single quotes around a quotation


def test_the_fact_sheets_own_words_are_not(check):
    assert not check.holds("Acme won the police tender")
    assert not check.holds("The vendor's Safe City rollout covered 800 cameras")
    assert not check.holds("")
    # An apostrophe does not open a quotation: "minister's ... 'we" is not quoted text.
    assert "s office said " not in " ".join(quotations(FACTS))


def test_curly_quotes_case_and_whitespace_do_not_matter(check):
    assert check.holds("SAFE CITY")
    assert check.holds("\u201ca $170m deal with acme\u201d".strip("\u201c\u201d"))
    assert check.holds("it covers 1,800 cameras")  # the article's line break and double space
    assert normalize("The vendor\u2019s  \u201cSafe\nCity\u201d") == 'the vendor\'s "safe city"'


def test_every_fragment_of_an_ellipsis_quote_must_be_verbatim(check):
    assert check.holds("The contract went live ... 1,800 cameras")
    assert check.holds("went live in Nairobi \u2026 covers 1,800")
    assert not check.holds("The contract went live ... in Kampala")
    assert fragments("a ... b. \u2026 ") == ["a", "b"]


def test_a_quote_spanning_quoted_and_unquoted_words_is_not_verbatim(check):
    assert not check.holds("officials called it a $170m deal with Acme")


def test_a_dataset_row_is_quotable_whole(tmp_path):
    """A tracker's Description is its own words: a sentence the CSV split at a comma is one
    quote, and a doubled quotation mark reads as one."""
    (tmp_path / "sources").mkdir()
    (tmp_path / "datasets" / "tracker").mkdir(parents=True)
    (tmp_path / "facts.md").write_text("", encoding="utf-8")
    (tmp_path / "datasets" / "tracker" / "rows.csv").write_text(
        'Country,Description\nBrazil,Abuses, monitoring are common\n'
        'China,"Checks phones for ""suspicious."" items"\n', encoding="utf-8")
    check = Verbatim.from_folder(tmp_path)
    assert check.holds("Abuses, monitoring are common")
    assert check.holds('Checks phones for "suspicious." items')
    assert not check.holds("Abuses are common")


@pytest.fixture(scope="module")
def shipped():
    return load_dataset(ROOT / "data"), Verbatim.from_folder(SHARED)


def test_every_quote_in_the_data_is_the_sources_own_words(shipped):
    dataset, check = shipped
    quotes = [(dataset.origin[r.id], e.source, e.quote) for r in dataset.all()
              for e in getattr(r, "evidence", None) or () if e.quote]
    assert quotes, "the shipped data has verbatim quotes"
    paraphrased = [f"{path}:{line}: {source}: {quote!r}" for (path, line), source, quote in quotes
                   if not check.holds(quote)]
    assert not paraphrased, ("not in ../shared/facts.md quotation marks nor in an article "
                             "text; make it a `summary`:\n" + "\n".join(paraphrased))


def test_the_shipped_data_keeps_summaries_apart_from_quotes(shipped):
    dataset, check = shipped
    summaries = [e.summary for r in dataset.all() for e in getattr(r, "evidence", None) or ()
                 if e.summary]
    # The conversion left summaries: the check above is not passing on data with no quotes left.
    assert summaries and not all(check.holds(s) for s in summaries)


def test_no_summary_reads_like_a_cut_quotation(shipped):
    """An ellipsis marks words left out of a quotation; a summary is the curator's own words."""
    dataset, _ = shipped
    cut = [f"{dataset.origin[r.id][0]}:{dataset.origin[r.id][1]}: {e.summary!r}"
           for r in dataset.all() for e in getattr(r, "evidence", None) or ()
           if e.summary and ("..." in e.summary or "…" in e.summary)]
    assert not cut, "summaries with an ellipsis:\n" + "\n".join(cut)
