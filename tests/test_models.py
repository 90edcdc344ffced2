"""kg.records.types and kg.records.models: the input contract, field by field."""
from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import TypeAdapter, ValidationError

from kg.records.models import (
    ANY, BY_KIND, MODELS, Claim, Deal, Evidence, Financing, Organization, Source, Supply,
)
from kg.records.types import (
    Amount, CountryCode, Currency, FieldError, Instrument, PartialDate, Slug, Technology, Text, Url,
)
from kg.records.validation import kind_noun

EVIDENCE = [{"source": "example-report", "locator": "p. 1"}]


def valid(kind, value):
    return TypeAdapter(kind).validate_python(value)


def error_of(kind, value) -> str:
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(kind).validate_python(value)
    return caught.value.errors()[0]["msg"].removeprefix("Value error, ")


# --- field types ----------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    (2019, "2019"), ("2019", "2019"), ("2019-10", "2019-10"), ("2019-10-09", "2019-10-09"),
    ("2020-02-29", "2020-02-29"), ("1999-12-31", "1999-12-31"),
])
def test_partial_dates(value, expected):
    assert valid(PartialDate, value) == expected


@pytest.mark.parametrize("value", [
    "2019-13", "2019-00", "2019-02-29", "2019-04-31", "2019-10-00", "19", "2019-1-9",
    "2019/10/09", "9 Oct 2019", 2019.0, True, "",
])
def test_not_dates(value):
    assert error_of(PartialDate, value) == (
        f"{value!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")


@pytest.mark.parametrize("value", ["KEN", "UGA", "CHN", "XKX"])
def test_country_codes(value):
    assert valid(CountryCode, value) == value


@pytest.mark.parametrize("value", ["KE", "ken", "Kenya", "XXX", 404])
def test_not_country_codes(value):
    assert error_of(CountryCode, value) == (
        f"{value!r} is not an ISO 3166-1 alpha-3 country code (e.g. 'KEN')")


@pytest.mark.parametrize("value", ["USD", "KES", "CNY", "EUR"])
def test_currencies(value):
    assert valid(Currency, value) == value


@pytest.mark.parametrize("value", ["usd", "KSh", "US$", "Dollar", 840])
def test_not_currencies(value):
    assert error_of(Currency, value) == f"{value!r} is not an ISO 4217 currency code (e.g. 'USD')"


@pytest.mark.parametrize("value, expected", [
    (126000000, Decimal("126000000")),
    (124.7e6, Decimal("124700000.0")),   # a YAML float keeps the digits the curator wrote
    (0.1, Decimal("0.1")),
    ("14900000000", Decimal("14900000000")),
    (0, Decimal("0")),
])
def test_amounts(value, expected):
    amount = valid(Amount, value)
    assert amount == expected and str(amount) == str(expected)


def test_amounts_refuse_negatives_booleans_and_words():
    assert error_of(Amount, -1) == "Input should be greater than or equal to 0"
    assert error_of(Amount, True) == "True is not a number"
    assert error_of(Amount, [1]) == "[1] is not a number"
    assert error_of(Amount, "lots") == "'lots' is not a number"


@pytest.mark.parametrize("value", ["a", "huawei", "china-eximbank", "q12-16", "x1"])
def test_ids(value):
    assert valid(Slug, value) == value


@pytest.mark.parametrize("value", ["", "-a", "a-", "Huawei", "a_b", "a b", "acme.com", 7])
def test_not_ids(value):
    assert error_of(Slug, value) == (
        f"{value!r} is not an id: use lower-case letters, digits and hyphens (e.g. 'huawei')")


def test_text_is_stripped_and_never_blank():
    assert valid(Text, "  Huawei \n") == "Huawei"
    assert error_of(Text, "   ") == "Value should have at least 1 item after validation, not 0"
    assert error_of(Text, 5) == "expected text, got 5"


def test_urls_are_http_addresses_without_spaces():
    assert valid(Url, "https://example.org/a?b=c") == "https://example.org/a?b=c"
    for bad in ("www.example.org", "ftp://example.org", "https://example.org/a b", "https://"):
        assert error_of(Url, bad).startswith("String should match pattern")


def test_concepts_are_skos_notations_and_errors_list_them():
    assert valid(Technology, "facial-recognition") == "facial-recognition"
    assert valid(Instrument, "entity-list") == "entity-list"
    message = error_of(Technology, "FacialRecognition")
    assert message.startswith("'FacialRecognition' is not a known technology; known: ")
    assert "facial-recognition, fibre-taps" in message   # every notation, sorted
    assert error_of(Instrument, "Entity List").startswith(
        "'Entity List' is not a known restriction instrument; known: denial-order, ")
    # A list or a mapping where a notation goes (unhashable) is the same one-line error.
    assert error_of(Technology, [1]).startswith("[1] is not a known technology; known: ")
    assert error_of(Instrument, {"a": 1}).startswith(
        "{'a': 1} is not a known restriction instrument; known: ")


# --- models ---------------------------------------------------------------------------------

def test_unknown_fields_are_refused():
    with pytest.raises(ValidationError) as caught:
        Source(id="s", title="T", kind="report", publsher="X")
    assert caught.value.errors()[0]["type"] == "extra_forbidden"


def test_records_are_frozen():
    source = Source(id="s", title="T", kind="report")
    with pytest.raises(ValidationError):
        source.title = "U"


def test_evidence_needs_a_source_and_allows_no_other_fields():
    assert Evidence(source="s", quote="q").quote == "q"
    with pytest.raises(ValidationError):
        Evidence(quote="q")
    with pytest.raises(ValidationError):
        Evidence(source="s", page=3)


@pytest.mark.parametrize("model", [m for m in MODELS if issubclass(m, Claim)])
def test_every_claim_needs_at_least_one_evidence(model):
    assert model.model_fields["evidence"].is_required()
    with pytest.raises(ValidationError) as caught:
        model.model_validate({"id": "c", "evidence": []})
    assert any(e["loc"] == ("evidence",) and e["type"] == "too_short"
               for e in caught.value.errors())


def _field_error(model, data) -> FieldError:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    errors = [e for e in caught.value.errors() if isinstance(e.get("ctx", {}).get("error"), FieldError)]
    assert len(errors) == 1, caught.value.errors()
    return errors[0]["ctx"]["error"]


def test_an_amount_needs_a_currency_and_a_currency_an_amount():
    deal = {"id": "d", "label": "D", "country": "KEN", "strength": "reported-sale",
            "evidence": EVIDENCE}
    error = _field_error(Deal, {**deal, "amount": 5})
    assert (error.field, str(error)) == (
        "amount", "an amount without a currency: add `currency` (e.g. USD)")
    error = _field_error(Financing, {"id": "f", "lender": "b", "evidence": EVIDENCE,
                                     "currency": "USD"})
    assert (error.field, str(error)) == ("currency", "a currency without an amount: add `amount`")
    assert Deal(**deal, amount=5, currency="USD").amount == Decimal(5)


def test_a_home_country_needs_evidence():
    org = {"id": "acme", "label": "Acme", "kind": "company", "country": "CHN"}
    error = _field_error(Organization, org)
    assert (error.field, str(error)) == (
        "country", "a home country without evidence: add an `evidence` entry")
    assert Organization(**org, evidence=EVIDENCE).country == "CHN"


def test_a_supply_needs_a_supplier_a_deal_may_name_only_contractors():
    with pytest.raises(ValidationError):
        Supply(id="s", suppliers=[], country="KEN", strength="reported-use", evidence=EVIDENCE)
    deal = Deal(id="d", label="D", contractors=["globex"], country="KEN",
                strength="reported-sale", evidence=EVIDENCE)
    assert deal.suppliers == []


def test_every_supply_says_its_strength_and_only_a_licence_names_no_supplier():
    with pytest.raises(ValidationError, match="strength"):
        Supply(id="s", suppliers=["acme"], country="KEN", evidence=EVIDENCE)
    with pytest.raises(ValidationError, match="claim strength"):
        Supply(id="s", suppliers=["acme"], country="KEN", strength="rumour", evidence=EVIDENCE)
    error = _field_error(Supply, {"id": "s", "country": "KEN", "strength": "export-licence",
                                  "evidence": EVIDENCE})
    assert error.field == "exporting_country"
    licence = Supply(id="s", country="KEN", strength="export-licence", exporting_country="GBR",
                     evidence=EVIDENCE)
    assert (licence.suppliers, licence.exporting_country) == ([], "GBR")


# --- the contract as a whole ----------------------------------------------------------------

def test_kinds_segments_and_classes_are_unique():
    for attribute in ("KIND", "SEGMENT", "CLASS"):
        values = [getattr(m, attribute) for m in MODELS]
        assert len(values) == len(set(values)), attribute
    assert BY_KIND == {m.KIND: m for m in MODELS}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.KIND)
def test_every_field_has_a_term_and_a_description(model):
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra or {}
        assert extra.get("term"), f"{model.__name__}.{name} has no ontology term"
        assert info.description, f"{model.__name__}.{name} has no description"
        for kind in extra.get("ref", ()):
            assert kind == ANY or kind in BY_KIND, f"{model.__name__}.{name} refers to {kind}"


def test_messages_name_each_kind_in_the_singular():
    assert {kind: kind_noun(kind) for kind in BY_KIND} == {
        "sources": "source", "organizations": "organization", "initiatives": "initiative",
        "standards": "standard", "supplies": "supply", "deals": "deal",
        "financing": "financing", "memberships": "membership", "restrictions": "restriction",
        "proposals": "proposal", "ownerships": "ownership", "findings": "finding",
        "observations": "observation", "technology_uses": "technology_use", "gaps": "gap",
        "links": "link",
    }
