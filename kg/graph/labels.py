"""Readable names for claims that have no label of their own ("Huawei supplies Kenya"), built
from their parts when the records become RDF, so every claim node reads as a sentence."""
from __future__ import annotations

from functools import lru_cache

import pyoxigraph as ox
from rdflib import RDFS

from kg.records.countries import country_name, is_country_code
from kg.records.dataset import Dataset
from kg.records.models import Claim
from kg.schema.ontology import ONTOLOGY_TTL
from kg.schema.vocab import INSTRUMENTS, SK


def claim_label(record: Claim, dataset: Dataset, used: set[str] | None = None) -> str:
    """A readable name for a claim that has none, built from its parts; the ids of the records
    whose names it took are added to `used` when given (kg/records/cache.py)."""
    def name(ref: str) -> str:
        if ref in dataset.index:
            if used is not None:
                used.add(ref)
            target = dataset.index[ref]
            return getattr(target, "label", None) or getattr(target, "title", None) or ref
        return country_name(ref) if is_country_code(ref) else ref

    kind = record.KIND
    if kind == "supplies":
        return f"{', '.join(name(s) for s in record.suppliers)} supplies {name(record.country)}"
    if kind == "financing":
        recipient = name(record.country or record.borrower or "?")
        if record.lender is None:
            return f"{record.financing_type or 'financing'} for {recipient} (lender not named)"
        return f"{name(record.lender)} finances {recipient}"
    if kind == "memberships":
        return f"{name(record.member)} in {name(record.initiative)}"
    if kind == "restrictions":
        return f"{name(record.target)} on {_instrument_labels()[record.instrument]}"
    if kind == "ownerships":
        return f"{name(record.owner)} owns {name(record.owned)}"
    if kind == "findings":
        return f"{record.measure}: {record.value} {record.unit}"
    if kind == "observations":
        return f"{name(record.subject)}: {record.measure} = {record.value}"
    if kind == "technology_uses":
        return f"{name(record.country)} uses {record.technology}"
    return record.id


@lru_cache(maxsize=1)
def _instrument_labels() -> dict[str, str]:
    # Read by Oxigraph (1 ms; rdflib's parser took 60-200 ms in a build): each instrument's
    # label, the ontology gives one.
    label = str(RDFS.label)
    labels = {triple.subject.value: triple.object.value
              for triple in ox.parse(path=str(ONTOLOGY_TTL), format=ox.RdfFormat.TURTLE)
              if triple.predicate.value == label}
    return {n: labels[str(SK[t])] for n, t in INSTRUMENTS.items()}
