"""`kg stats` as text: three tables (class, claim kind, source) or JSON."""
from __future__ import annotations

import json

from rdflib import Literal

from kg.graph.query import Result
from kg.render import FORMATS


def render(counts: dict[str, dict[str, int]], fmt: str) -> str:
    """Return the counts as JSON, or as three tables (class, claim kind, source)."""
    if fmt == "json":
        return json.dumps(counts, indent=2, ensure_ascii=False) + "\n"
    return "".join(FORMATS["table"](stats_result(counts[key], heading)) + "\n" for heading, key
                   in (("class", "classes"), ("claim kind", "claims"), ("source", "sources")))


def stats_result(section: dict[str, int], heading: str) -> Result:
    """Return one section of the stats as a two-column result for the renderers."""
    return Result([heading, "count"], [(Literal(k), Literal(v)) for k, v in section.items()])
