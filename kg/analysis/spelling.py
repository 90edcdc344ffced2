"""Whether a name is a close spelling of another: a typo or two in the same words, not a new word.

Names are compared as `kg.analysis.resolve.normalize` gives them, word by word: both have the same words
(or the same letters with spaces moved: "China Exim Bank", "China Eximbank"), and each word that
differs is a close spelling of its counterpart. A word under five letters, or one with a digit,
must match exactly ("Iran" is not "Iraq", "Q12/16" is not "Q11/16"); a word of five to eight
letters may differ by one letter, a longer one by two; a name by two letters in all.

>>> typos("hikvison", "hikvision"), typos("huawie", "huawei"), distance("hikvison", "hikvision")
(1, 1, 1)
>>> distance("dahua", "huawei"), distance("uganda police", "rwanda police"), distance("zte", "zta")
(None, None, None)
"""
from __future__ import annotations

import difflib

MAX_TYPOS = 2


def typos(a: str, b: str) -> int:
    """Return how many letters are inserted, deleted, replaced or swapped to turn a into b.

    Counted from difflib's edit opcodes; two neighbouring letters swapped count as one.
    """
    diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    if len(a) == len(b) and len(diff) == 2 and diff[1] == diff[0] + 1 \
            and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]:
        return 1
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in ops if tag != "equal")


def allowed(length: int) -> int:
    """Return the typos a word of this many letters may carry and still be the same word."""
    # One letter turns many short names into other real names (Iran/Iraq, ZTE/ZTA, Mali/Bali).
    return 0 if length < 5 else 1 if length < 9 else 2


def distance(query: str, name: str) -> int | None:
    """Return the typos between two normalized names when they spell the same name, else None."""
    if query == name or query.replace(" ", "") == name.replace(" ", ""):
        return 0
    words, others = query.split(), name.split()
    if len(words) != len(others):
        return None
    total = 0
    for a, b in zip(words, others):
        if a == b:
            continue
        if any(c.isdigit() for c in a + b):
            return None
        count = typos(a, b)
        if count > allowed(min(len(a), len(b))):
            return None
        total += count
    return total if total <= MAX_TYPOS else None
