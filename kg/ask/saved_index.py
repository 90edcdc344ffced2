"""kg.ask.mentions' index as plain values that `kg build` saves with the projection
(kg/analysis/saved.py), and the index back from them, a bucket at a time: a cold `kg ask`
decodes the few hundred keys a question looks up rather than the whole index (0.65 s of
names and typos at 1M triples).

The index is (token tuple -> names, one-letter-deleted spelling -> names' spellings); a name is
saved as the tuple of its fields, its clause marks as a sorted string. This module takes the
name type from kg.ask.mentions rather than importing it (mentions reads the index through it).
"""
from __future__ import annotations

from kg.analysis.saved import saved_buckets

NAME, TYPOS = "mentions", "mention-typos"  # the index's names in the saved file
_NO_MARKS: frozenset = frozenset()


def plain(index: tuple[dict, dict]) -> dict[str, dict]:
    """Return the mention index as plain dicts, by the names they are saved under (each saved
    in buckets whose keys are sorted: the bytes do not depend on the hash seed)."""
    names, typos = index
    return {NAME: {words: [(n.target, n.kind, n.how, n.label, n.written, "".join(sorted(n.marks)))
                           for n in found] for words, found in names.items()},
            TYPOS: typos}


def restore(net, name_type) -> tuple[dict, dict] | None:
    """Return the mention index saved with the network (mappings that decode a bucket at a
    time), or None when none was saved."""
    if NAME not in net.saved or TYPOS not in net.saved:
        return None

    def named(bucket: dict) -> dict:
        return {words: [name_type(target, kind, how, label, written,
                                  frozenset(marks) if marks else _NO_MARKS)
                        for target, kind, how, label, written, marks in found]
                for words, found in bucket.items()}

    return saved_buckets(net.saved, NAME, named), saved_buckets(net.saved, TYPOS)
