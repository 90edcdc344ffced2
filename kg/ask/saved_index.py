"""kg.ask.mentions' index as plain values that `kg build` saves with the projection
(kg/analysis/saved.py), and the index back from them: a cold `kg ask` reads it (0.1 s) instead
of building it (0.4 s on the curated graph).

The index is (token tuple -> names, one-letter-deleted spelling -> names' spellings); a name is
saved as the tuple of its fields, its clause marks as a sorted string. This module takes the
name type from kg.ask.mentions rather than importing it (mentions reads the index through it).
"""
from __future__ import annotations

from kg.analysis.saved import from_plain_sets, index as saved_index, plain_sets, paused_gc

NAME = "mentions"  # the index's name in the saved file
_NO_MARKS: frozenset = frozenset()


def plain(index: tuple[dict, dict]) -> tuple[list, tuple]:
    """Return the mention index as plain values (keys sorted: the bytes do not depend on the
    hash seed)."""
    names, typos = index
    return ([(words, [(n.target, n.kind, n.how, n.label, n.written, "".join(sorted(n.marks)))
                      for n in names[words]]) for words in sorted(names)],
            plain_sets(typos))


def restore(net, name_type) -> tuple[dict, dict] | None:
    """Return the mention index saved with the network, or None when none was saved."""
    saved = saved_index(net.saved, NAME)
    if saved is None:
        return None
    names, typos = saved
    with paused_gc():  # 10,000 small objects: a collection would walk the whole network
        names = {words: [name_type(target, kind, how, label, written,
                                   frozenset(marks) if marks else _NO_MARKS)
                         for target, kind, how, label, written, marks in found]
                 for words, found in names}
    return names, from_plain_sets(typos)
