"""What the explorer's controls need beyond the drawn graph: how many independent sources back
each edge (the "agreement" filter) and the date of the build a page was drawn from (the caption
of an exported picture).

A supply edge counts the independent publishers behind its vendor-country pair, as its colour
says (`kg.analysis.backing`); any other edge counts the independent voices among its own claim's
evidence (`kg.analysis.trackers.voice`: editions of one tracker count once, documents once per
publisher). An edge with no evidence recorded counts 0, never 1.

>>> data = {"sources": {"source/i19": {"kind": "dataset"},
...     "source/i22": {"kind": "dataset", "version_of": "source/i19"}},
...     "edgeInfo": {"e0": {"kind": "financing", "evidence": [{"source": "source/i19"},
...                                                          {"source": "source/i22"}]},
...                  "e1": {"kind": "supply", "independent": 3, "evidence": []},
...                  "e2": {"kind": "ownership"}}}
>>> agreement(data)
{'e0': 1, 'e1': 3, 'e2': 0}
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from kg.analysis.network import NETWORK_FILE, Network
from kg.analysis.trackers import voice


def agreement(data: dict) -> dict[str, int]:
    """Return edge id -> how many independent sources back it, for `page_data(...)`."""
    net = Network.from_dict({"sources": data.get("sources", {})})
    voices: dict[str, str] = {}  # source -> its voice, worked out once (20,000-edge pages)
    out = {}
    for eid, info in data.get("edgeInfo", {}).items():
        if info.get("independent"):
            out[eid] = int(info["independent"])
            continue
        for item in info.get("evidence", []):
            if item.get("source") and item["source"] not in voices:
                voices[item["source"]] = voice(net, item["source"])
        out[eid] = len({voices[e["source"]] for e in info.get("evidence", []) if e.get("source")})
    return out


def built_on(build_dir: str | Path) -> str:
    """Return the UTC date the build's projection was written (YYYY-MM-DD), '' when absent.

    The file's time, not today's: drawing a page again from the same build gives the same bytes.
    """
    path = Path(build_dir) / NETWORK_FILE
    if not path.is_file():
        return ""
    stamp = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.timezone.utc)
    return stamp.date().isoformat()
