"""The input contract: one pydantic model per record kind of `data/`.

Every field names the ontology term it becomes (`term`) and, for a reference, the record kinds
it may point to (`ref`); `kg.build` is driven by these declarations and nothing else, so a
field cannot reach the graph without a term (tests/test_models.py checks each term exists).
"""
from __future__ import annotations

from typing import Any, ClassVar, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, model_validator

from kg.records.types import (
    FieldError, Amount, Number, CountryCode, Currency, Instrument, Name, PartialDate, Slug,
    Strength, Year,
    Technology, Text, Url,
)

ANY = "any"  # a reference to any record id, or a country code


def f(term: str, description: str, *, ref: str | tuple[str, ...] | None = None,
      default: Any = None, required: bool = False, **kw: Any) -> Any:
    """Declare a field: its ontology term, what it means, and what it may reference."""
    extra: dict[str, Any] = {"term": term}
    if ref is not None:
        extra["ref"] = (ref,) if isinstance(ref, str) else tuple(ref)
    if required:
        return Field(..., description=description, json_schema_extra=extra, **kw)
    if default == []:  # a new list per record made, not the default deep-copied (50k at 1M)
        return Field(default_factory=list, description=description, json_schema_extra=extra,
                     **kw)
    return Field(default, description=description, json_schema_extra=extra, **kw)


class Record(BaseModel):
    """Fields every record has."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    KIND: ClassVar[str]       # the top-level key in a data file, e.g. "deals"
    SEGMENT: ClassVar[str]    # the IRI segment: https://w3id.org/survkg/id/<SEGMENT>/<id>
    CLASS: ClassVar[str]      # the ontology class

    id: Slug = f("dcterms:identifier", "Unique id across all records.", required=True)
    note: Optional[Text] = f("skos:note", "A curator's note: caveats, corrections, context.")


class Evidence(BaseModel):
    """One citation of a declared source, of one kind: a verbatim quote, a summary or a row."""

    KINDS: ClassVar[tuple[str, ...]] = ("quote", "summary", "row")
    model_config = ConfigDict(extra="forbid", frozen=True)
    source: Slug = f("sk:source", "Id of a declared source.", ref="sources", required=True)
    quote: Optional[Text] = f("sk:quote", "The source's own words that state the claim, verbatim.")
    summary: Optional[Text] = f("sk:summary", "The curator's words for what the source says.")
    locator: Optional[Text] = f("sk:locator", "Page, table or section in the source.")
    row: Optional[Text] = f("sk:row", "The dataset row, e.g. 'country=Kenya'.")

    @model_validator(mode="after")
    def _one_kind(self):
        # A paraphrase printed in quotation marks misattributes words to the source: an entry
        # is either the source's words or the curator's, never both. Every entry of every claim
        # passes here: the usual single kind returns before any list is built.
        if bool(self.quote) + bool(self.summary) + bool(self.row) < 2:
            return self
        given = [k for k in self.KINDS if getattr(self, k)]
        if len(given) > 1:
            raise FieldError(given[1], f"give one of `quote`, `summary` or `row`, not "
                                       f"{' and '.join(f'`{k}`' for k in given)}")
        return self

    @property
    def kind(self) -> str | None:
        """Return 'quote', 'summary' or 'row': which kind of entry this is (None if none)."""
        # Asked once per entry by every build (70,000 times at 1M triples): no generator.
        return "quote" if self.quote else "summary" if self.summary else "row" if self.row \
            else None


class Claim(Record):
    """A relationship or statistic that sources assert."""

    evidence: list[Evidence] = f("sk:evidence", "The citations backing the claim.",
                                 required=True, min_length=1)


class Dated(BaseModel):
    """When a relationship held, apart from when a source recorded it."""

    year: Optional[Year] = f("sk:year", "Year, when no finer date is known.")
    start: Optional[PartialDate] = f("sk:startDate", "When it began.")
    end: Optional[PartialDate] = f("sk:endDate", "When it ended.")

    @model_validator(mode="after")
    def _in_order(self):
        if not (self.start or self.end):  # nothing to put in order (most claims give a year)
            return self
        # Partial dates compare by their span: "2019" ends after "2019-05" begins.
        def first(d): return (d + "-01-01")[:10]
        def last(d): return (d + "-12-31")[:10]
        if self.start and self.end and last(self.end) < first(self.start):
            raise FieldError("end", f"ends ({self.end}) before it starts ({self.start})")
        for bound, outside in (("start", lambda y, d: last(y) < first(d)),
                               ("end", lambda y, d: first(y) > last(d))):
            if self.year and getattr(self, bound) and outside(self.year, getattr(self, bound)):
                raise FieldError("year", f"the year {self.year} is outside its {bound} "
                                 f"({getattr(self, bound)})")
        return self


class Money(BaseModel):
    amount: Optional[Amount] = f("sk:amount", "Money amount, in `currency`.")
    currency: Optional[Currency] = f("sk:currency", "ISO 4217 code of `amount`.")

    @model_validator(mode="after")
    def _amount_has_currency(self):
        if self.amount is not None and self.currency is None:
            raise FieldError("amount", "an amount without a currency: add `currency` (e.g. USD)")
        if self.currency is not None and self.amount is None:
            raise FieldError("currency", "a currency without an amount: add `amount`")
        return self


SOURCE_KINDS = Literal["report", "paper", "article", "legal", "government", "webpage",
                       "dataset", "press-release", "book"]


class Source(Record):
    """A document or dataset that evidence cites."""

    KIND, SEGMENT, CLASS = "sources", "source", "Source"
    title: Text = f("dcterms:title", "Title as published.", required=True)
    kind: SOURCE_KINDS = f("sk:sourceKind", "What sort of source.", required=True)
    publisher: Optional[Text] = f("dcterms:publisher", "Who published it.")
    authors: list[Text] = f("dcterms:creator", "Authors, as named.", default=[])
    date: Optional[PartialDate] = f("dcterms:issued", "Publication date.")
    url: Optional[Url] = f("sk:url", "Where it can be read.")
    version: Optional[Text] = f("sk:version", "Version, edition or vintage.")
    version_of: Optional[Slug] = f("dcterms:isVersionOf", "Another source this is a version of.",
                                   ref="sources")
    licence: Optional[Text] = f("dcterms:license", "Licence of a dataset.")
    complete_list_of: Optional[Instrument] = f(
        "sk:completeListOf", "The restriction instrument this source is a complete copy of "
        "(every entry imported), so that 'not on it' can be said; never for a list held in part.")
    complete_as_of: Optional[PartialDate] = f(
        "sk:completeAsOf", "The date the copy was complete as of (the day the list was read).")

    @model_validator(mode="after")
    def _complete_needs_date(self):
        # "Not on the list" is only true as of a date: a complete list without one is unusable.
        if (self.complete_list_of is None) != (self.complete_as_of is None):
            raise FieldError("complete_list_of", "give `complete_list_of` and `complete_as_of` "
                             "together")
        return self


ORG_KINDS = {"company": "Company", "agency": "GovernmentAgency", "lender": "Lender",
             "standards-body": "StandardsBody", "study-group": "StudyGroup",
             "question": "Question",
             "listed-party": "ListedParty"}


class Organization(Record):
    """A company, government body, lender or standards body."""

    KIND, SEGMENT, CLASS = "organizations", "org", "Organization"
    label: Name = f("rdfs:label", "The common name.", required=True)
    kind: Literal[tuple(ORG_KINDS)] = f("rdf:type", "company, agency, lender, listed-party (a "
                                        "list's entry of unstated kind), standards-body, "
                                        "study-group or question.", required=True)
    aliases: list[Name] = f("skos:altLabel", "Other names, spellings and legal names.", default=[])
    country: Optional[CountryCode] = f("sk:homeCountry", "Home country (ISO alpha-3).")
    # A source may give several ("Israel, Hungary" for Cytrox): each is a country of origin,
    # none of them the home country.
    origins: list[CountryCode] = f("sk:countryOfOrigin", "Countries of origin, when a source "
                                   "gives several (ISO alpha-3).", default=[])
    part_of: Optional[Slug] = f("org:subOrganizationOf", "The body this unit belongs to.",
                                ref="organizations")
    identifier: Optional[Text] = f("sk:identifier", "Official number, e.g. 'Q12/16'.")
    evidence: list[Evidence] = f("sk:evidence", "Citations for the home country and kind.",
                                 default=[])

    @model_validator(mode="after")
    def _country_needs_evidence(self):
        if (self.country is not None or self.origins) and not self.evidence:
            raise FieldError("country", "a home country without evidence: add an `evidence` entry")
        return self


class Initiative(Record):
    """A bloc or programme that countries join."""

    KIND, SEGMENT, CLASS = "initiatives", "initiative", "Initiative"
    label: Name = f("rdfs:label", "The common name.", required=True)
    aliases: list[Name] = f("skos:altLabel", "Other names and abbreviations.", default=[])


class Standard(Claim):
    """An adopted standard in a dated version, e.g. an ITU-T Recommendation."""

    KIND, SEGMENT, CLASS = "standards", "standard", "Standard"
    identifier: Text = f("sk:identifier", "Number, e.g. 'H.626'.", required=True)
    label: Name = f("rdfs:label", "Title.", required=True)
    date: Optional[PartialDate] = f("dcterms:issued", "Date of this version.")
    developed_by: Optional[Slug] = f("sk:developedBy", "Body, study group or question.",
                                     ref="organizations")
    topic: Optional[Text] = f("sk:topic", "What it standardises.")


class Supply(Claim, Dated):
    """A vendor supplies technology to a country (or one of its agencies)."""

    KIND, SEGMENT, CLASS = "supplies", "supply", "Supply"
    suppliers: list[Slug] = f("sk:supplier", "Vendors whose technology is supplied (none only "
                              "for an export licence that names no supplier).",
                              ref="organizations", default=[])
    country: CountryCode = f("sk:country", "Where the technology goes.", required=True)
    buyers: list[Slug] = f("sk:buyer", "The buying government bodies, where the source names "
                           "them.", ref="organizations", default=[])
    technologies: list[Technology] = f("sk:technology", "Technologies a source names.", default=[])
    status: Optional[Text] = f("sk:status", "Stage as the source gives it.")
    scope: Optional[Text] = f("sk:scope", "What was supplied, in the source's terms.")
    strength: Strength = f(
        "sk:strength", "What the claim rests on: reported-sale, reported-use (a tracker), "
        "export-licence, detected (scans) or index-listing (ontology: sk:StrengthScheme).",
        required=True)
    lower_confidence: Optional[bool] = f(
        "sk:lowerConfidence", "true when the tracker flags the row as resting on "
        "lower-confidence sources.")
    exporting_country: Optional[CountryCode] = f(
        "sk:exportingCountry", "The state that licensed the export (export-licence claims).")

    @model_validator(mode="after")
    def _who_supplies(self):
        # Only an export-control record may leave the supplier out: it names the licensing state.
        if self.strength == "export-licence":
            if self.exporting_country is None:
                raise FieldError("exporting_country", "an export licence needs the "
                                 "`exporting_country` that granted it")
        elif not self.suppliers and not getattr(self, "contractors", None) \
                and self.KIND == "supplies":
            raise FieldError("suppliers", "a supply needs at least one supplier (only an "
                             "export licence may name none)")
        return self


class Deal(Supply, Money):
    """A named contract, agreement or project."""

    KIND, SEGMENT, CLASS = "deals", "deal", "Deal"
    label: Name = f("rdfs:label", "A name for the deal.", required=True)
    # Names resolve exactly (kg/analysis/resolve.py), so the names sources use for a deal are listed here.
    aliases: list[Name] = f("skos:altLabel", "Other names the deal's sources use.", default=[])
    # A question names a project by its city ("who sold Belgrade its safe city cameras"); the
    # places are those the deal's label, status or scope name, as written there.
    places: list[Text] = f("sk:place", "Cities or regions the deal covers, as its sources name "
                           "them.", default=[])
    suppliers: list[Slug] = f("sk:supplier", "Vendors whose technology is supplied.",
                              ref="organizations", default=[])
    contractors: list[Slug] = f("sk:contractor", "Prime contractors or integrators.",
                                ref="organizations", default=[])


FINANCING_KINDS = Literal["loan", "export-credit", "grant", "in-kind-donation", "investment",
                          "contractor-prefinancing"]
PURPOSES = Literal["surveillance-security", "telecommunications", "other"]


class Financing(Claim, Dated, Money):
    """A lender finances a borrower, a country or a deal."""

    KIND, SEGMENT, CLASS = "financing", "financing", "Financing"
    label: Optional[Name] = f("rdfs:label", "Project title.")
    # Optional on purpose: "Chinese loans" with no named lender must not become a placeholder
    # organisation, which would join unrelated loans into one node.
    lender: Optional[Slug] = f("sk:lender", "Who lends or grants; leave out when no source "
                               "names the lender.", ref="organizations")
    borrower: Optional[Slug] = f("sk:borrower", "Who receives.", ref="organizations")
    country: Optional[CountryCode] = f("sk:country", "Recipient country.")
    finances: list[Slug] = f("sk:finances", "Deals this pays for.", ref="deals", default=[])
    amount_usd_2021: Optional[Amount] = f("sk:amountUsd2021", "Constant 2021 USD (AidData).")
    financing_type: Optional[Text] = f("sk:financingType", "Loan, grant, buyer's credit, ...")
    terms: Optional[Text] = f("sk:terms", "Interest, maturity, grace period.")
    status: Optional[Text] = f("sk:status", "Stage as the source gives it.")
    aiddata_id: Optional[Text] = f("sk:aiddataId", "AidData.Record.ID.")
    technologies: list[Technology] = f("sk:technology", "Technologies financed.", default=[])
    financing_kind: Optional[FINANCING_KINDS] = f(
        "sk:financingKind", "loan, export-credit, grant, in-kind-donation, investment or "
        "contractor-prefinancing; leave out when the source does not say.")
    purpose: Optional[PURPOSES] = f(
        "sk:purpose", "surveillance-security, telecommunications or other (not equipment for "
        "surveillance or security: masks, schools, ...); leave out when the record is about a "
        "surveillance deal.")


class Membership(Claim, Dated):
    """A country belongs to an initiative."""

    KIND, SEGMENT, CLASS = "memberships", "membership", "Membership"
    member: CountryCode = f("sk:member", "The member country.", required=True)
    initiative: Slug = f("sk:initiative", "The initiative.", ref="initiatives", required=True)


class Restriction(Claim, Dated):
    """An authority restricts a target through an instrument."""

    KIND, SEGMENT, CLASS = "restrictions", "restriction", "Restriction"
    authority: Slug = f("sk:authority", "Who imposes it.", ref="organizations", required=True)
    target: Slug = f("sk:target", "Who is restricted.", ref="organizations", required=True)
    instrument: Instrument = f("sk:instrument", "The list or legal instrument.", required=True)
    legal_citation: Optional[Text] = f("sk:legalCitation", "e.g. '84 FR 54002'.")
    scope: Optional[Text] = f("sk:scope", "What is covered, and why.")


class Proposal(Claim, Dated):
    """Organisations propose a standard to a standards body."""

    KIND, SEGMENT, CLASS = "proposals", "proposal", "Proposal"
    label: Name = f("rdfs:label", "A name for the proposal.", required=True)
    proposers: list[Slug] = f("sk:proposer", "Who proposed it.", ref="organizations",
                              required=True, min_length=1)
    standards_body: Slug = f("sk:standardsBody", "Where it was proposed.",
                             ref="organizations", required=True)
    topic: Optional[Text] = f("sk:topic", "What it would standardise.")
    technologies: list[Technology] = f("sk:technology", "Technologies concerned.", default=[])
    status: Optional[Text] = f("sk:status", "Stage as the source gives it.")
    resulting_standard: Optional[Slug] = f("sk:resultingStandard", "The standard it became.",
                                           ref="standards")


class Ownership(Claim, Dated):
    """An owner owns or controls an organisation."""

    KIND, SEGMENT, CLASS = "ownerships", "ownership", "Ownership"
    owner: Slug = f("sk:owner", "Parent or controlling body.", ref="organizations", required=True)
    owned: Slug = f("sk:owned", "Subsidiary or controlled body.", ref="organizations",
                    required=True)
    scope: Optional[Text] = f("sk:scope", "e.g. 'subsidiary', 'state-owned'.")


class Finding(Claim):
    """A published statistic."""

    KIND, SEGMENT, CLASS = "findings", "finding", "Finding"
    measure: Text = f("sk:measure", "What is counted or measured.", required=True)
    value: Number = f("sk:value", "The number (may be negative, e.g. a coefficient).",
                      required=True)
    unit: Text = f("sk:unit", "count, percent, percentage points, USD, ...", required=True)
    period: Optional[Text] = f("sk:period", "Time span covered.")
    subject: Optional[str] = f("sk:subject", "What it is about (record id or country code).",
                               ref=ANY)


class Observation(Claim):
    """A dataset's value for one attribute of one entity."""

    KIND, SEGMENT, CLASS = "observations", "observation", "Observation"
    subject: str = f("sk:subject", "Record id or country code.", ref=ANY, required=True)
    measure: Text = f("sk:measure", "The attribute, e.g. 'V-Dem regime type'.", required=True)
    value: Text = f("sk:value", "The value as the dataset gives it.", required=True)
    period: Optional[Text] = f("sk:period", "Year or span.")


class TechnologyUse(Claim):
    """A source records that a country uses a technology (no vendor implied)."""

    KIND, SEGMENT, CLASS = "technology_uses", "techuse", "TechnologyUse"
    country: CountryCode = f("sk:country", "The country.", required=True)
    technology: Technology = f("sk:technology", "The technology.", required=True)
    period: Optional[Text] = f("sk:period", "Year or vintage observed.")


# Record kinds that are claims: what links and retired gaps may point to.
CLAIM_KINDS = ("standards", "supplies", "deals", "financing", "memberships", "restrictions",
               "proposals", "ownerships", "findings", "observations", "technology_uses")

RELATION_KINDS = Literal["supply", "financing", "membership", "restriction", "proposal",
                         "ownership", "standards", "finding"]


class ResearchGap(Record):
    """A question researched without finding a source: unknown, not no."""

    KIND, SEGMENT, CLASS = "gaps", "gap", "ResearchGap"
    question: Text = f("sk:question", "The question researched.", required=True)
    relation_kind: RELATION_KINDS = f("sk:relationKind", "Which kind of link.", required=True)
    about: list[str] = f("sk:about", "Entities it concerns (ids or country codes).", ref=ANY,
                         required=True, min_length=1)
    searched: Text = f("sk:searched", "Where the answer was looked for.", required=True)
    date: Optional[PartialDate] = f("dcterms:date", "When it was researched.")
    answered_by: list[Slug] = f("sk:answeredBy", "Claims found later that answer the question: "
                                "the gap is retired (say why in `note`).", ref=CLAIM_KINDS,
                                default=[])

    @model_validator(mode="after")
    def _retired_needs_note(self):
        if self.answered_by and not self.note:
            raise FieldError("answered_by", "a retired gap needs a `note` saying how it was answered")
        return self


LINK_RELATIONS = Literal["same-as", "part-of", "finances", "distinct"]


class Link(Record):
    """A reviewed link between claims; `kg check` reports likely duplicates that have none."""

    KIND, SEGMENT, CLASS = "links", "link", "ClaimLink"
    relation: LINK_RELATIONS = f(
        "sk:linkRelation", "same-as (one real-world fact), part-of (tranches or phases of "
        "`target`), finances (financing claims paying for the deal `target`) or distinct "
        "(checked: different facts).", required=True)
    claims: list[Slug] = f("sk:linkedClaim", "The claims linked (parts, financing claims).",
                           ref=CLAIM_KINDS, required=True, min_length=1)
    target: Optional[Slug] = f("sk:linkTarget", "The whole (part-of) or the deal (finances).",
                               ref=CLAIM_KINDS)
    note: Text = f("skos:note", "Why the link holds: what the sources say.", required=True)

    @model_validator(mode="after")
    def _shape(self):
        if self.relation in ("part-of", "finances") and self.target is None:
            raise FieldError("target", f"a {self.relation} link needs a `target`")
        if self.relation in ("same-as", "distinct"):
            if self.target is not None:
                raise FieldError("target", f"a {self.relation} link has no `target`: list "
                                 "every claim under `claims`")
            if len(set(self.claims)) < 2:
                raise FieldError("claims", f"a {self.relation} link needs two or more claims")
        if self.target is not None and self.target in self.claims:
            raise FieldError("target", "the target is also one of the linked claims")
        return self


MODELS: tuple[type[Record], ...] = (
    Source, Organization, Initiative, Standard, Supply, Deal, Financing, Membership,
    Restriction, Proposal, Ownership, Finding, Observation, TechnologyUse, ResearchGap, Link,
)
BY_KIND: dict[str, type[Record]] = {m.KIND: m for m in MODELS}
