"""Which chains of claims make a connection: the grammar `kg path` follows.

A connection runs through one *pivot* entity (a vendor, a lender, an authority's target, a
standard) and reads outward from it along at most two *arms*, one each way, of different
families: the pivot's restriction (an authority listed it), its home country, its financing,
what it supplied, what it proposed, the standards hierarchy, a country's membership. So
"the BIS listed Huawei; Huawei supplied the Uganda Police" is a restriction arm and a supply
arm meeting at Huawei. Between the arms the pivot may be a chain of ownership read one way
(a parent, its subsidiary, the subsidiary's subsidiary; never two siblings through their
parent).

Everything else is not a connection, and the grammar says why by leaving it out:
- Two arms of one family never meet: "Huawei supplies Kenya and Uganda" does not join Kenya to
  Uganda, and two loans of one bank (Dushanbe's cameras, a Kenyan project) are two facts, not
  one chain.
- An arm leaves a claim only from the same real-world thing: a loan that financed a deal goes
  on to that deal's place, buyer or supplier, never to another loan of the lender.
- Hubs end arms and never join them: a country, an initiative, a standards body, a proposal
  many vendors made together (one reported aggregate is not a joint proposal).

A hop is a *token*: the claim's relation kind and verb, read with the claim (`supply:supplies`)
or against it (`~supply:supplies`). Each arm is a small automaton over tokens, outward from the
pivot; `Grammar` walks a path's tokens through in-arm (read inward), pivot and out-arm states,
so a search can follow only hops that may still end in a connection, and a test can check that
a printed path is one.

>>> grammar = Grammar()
>>> kinds = ["agency", "restriction", "company", "deal", "country"]
>>> grammar.accepts(["restriction:imposes", "restriction:lists", "supply:supplies", "supply:in"],
...                 kinds)
True
>>> grammar.accepts(["supply:supplies", "~financing:finances", "financing:finances"],
...                 ["company", "deal", "lender", "country"])
False
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

ORGS = ("company", "agency", "lender", "listed-party")
SELLERS = ("company", "agency")
END = "end"
ALONE = "co-supplier"  # a hop that joins two suppliers of one deal, in a path with one arm only

# (state, token, kinds of the node reached, relation kind the hop counts as, next state), read
# outward from the pivot (state 0). The relation kind is what `--kinds` selects: the country an
# agency belongs to is part of the supply arm that reached the agency.
_SUPPLIED = [  # after a vendor or a lender reached a deal, an agency, a buyer company, a country
    ("deal", "supply:in", ("country",), "supply", "country"),
    ("deal", "supply:bought by", ("agency",), "supply", "agency"),
    ("deal", "supply:bought by", ("company",), "supply", "buyer"),
    ("agency", "home:based in", ("country",), "supply", "country"),
    ("buyer", "home:based in", ("country",), "supply", END),
    ("country", "membership:member of", ("initiative",), "membership", END),
]
ARMS: dict[str, list[tuple]] = {
    # The pivot was listed: the listing, the authority, the authority's country.
    "restriction": [
        (0, "~restriction:lists", ("restriction",), "restriction", 1),
        (1, "~restriction:imposes", ("agency",), "restriction", 2),
        (2, "home:based in", ("country",), "restriction", END),
    ],
    "home": [
        (0, "home:based in", ("country",), "home", END),
        (0, "home:origin in", ("country",), "home", END),
    ],
    # Money to the pivot (a credit line to a vendor, a loan to an agency).
    "financed": [(0, "~financing:finances", ORGS, "financing", END)],
    # Money from the pivot, on to what the money paid for.
    "financing": [
        (0, "financing:finances", ("deal",), "financing", "deal"),
        (0, "financing:finances", ("country",), "financing", "country"),
        (0, "financing:finances", ("agency",), "financing", "agency"),
        (0, "financing:finances", ("company", "lender"), "financing", END),
        ("deal", "~supply:supplies", SELLERS, "supply", END),
        ("deal", "~supply:contractor for", SELLERS, "supply", END),
        *_SUPPLIED,
    ],
    "supply": [
        (0, "supply:supplies", ("country",), "supply", "country"),
        (0, "supply:supplies", ("agency",), "supply", "agency"),
        (0, "supply:supplies", ("deal",), "supply", "deal"),
        (0, "supply:contractor for", ("deal",), "supply", "deal"),
        ("deal", "~financing:finances", ORGS, "financing", END),  # the loan for this deal
        # Another supplier of this deal: a connection of its own ("A and B supplied the same
        # deal"), never a way on to what that supplier did elsewhere.
        ("deal", "~supply:supplies", SELLERS, ALONE, END),
        ("deal", "~supply:contractor for", SELLERS, ALONE, END),
        *_SUPPLIED,
    ],
    "proposal": [
        (0, "proposal:proposes", ("proposal",), "proposal", 1),
        (1, "proposal:submitted to", ("standards-body",), "proposal", END),
    ],
    "standards": [
        (0, "standards:developed by", ("study-group",), "standards", 1),
        (0, "standards:part of", ("study-group",), "standards", 1),
        (1, "standards:part of", ("standards-body",), "standards", END),
    ],
    "membership": [(0, "membership:member of", ("initiative",), "membership", END)],
}
# Arms of one family never meet at a pivot.
FAMILY = {"restriction": "restriction", "home": "home", "financed": "financing",
          "financing": "financing", "supply": "supply", "proposal": "proposal",
          "standards": "standards", "membership": "membership"}
OWNS, OWNED = "ownership:owns", "~ownership:owns"
# Which arm kinds `--kinds` may name (the relation kinds of the hops), and the stories.
STORIES = {
    "supply": "vendor -> supply or deal -> (agency ->) country",
    "financing": "lender -> financing -> deal -> buyer or country (or the deal's supplier)",
    "restriction": "authority -> restriction -> vendor, on to what the vendor supplied",
    "proposal": "(owner ->) vendor -> proposal -> standards body",
    "ownership": "parent -> subsidiary -> ..., on to what the subsidiary did",
    "standards": "Recommendation or Question -> study group -> standards body",
    "home": "vendor -> its home country",
    "membership": "country -> initiative it belongs to",
}


def token(kind: str, verb: str, forward: bool) -> str:
    """Return a hop's token: 'supply:supplies' read with the claim, '~supply:supplies' against.

    'part of' in an ownership claim is 'owns' read the other way, so one token names one
    relation whichever verb the claim was drawn with."""
    if kind == "ownership" and verb == "part of":
        verb, forward = "owns", not forward
    return f"{'' if forward else '~'}{kind}:{verb}"


def flip(tok: str) -> str:
    """Return the token read the other way."""
    return tok[1:] if tok.startswith("~") else "~" + tok


@dataclass(frozen=True)
class State:
    """Where a walk is: reading an arm inward ('in') or outward ('out') at an arm state, or at
    the pivot ('pivot', with the ownership direction taken). `used` holds the families of the
    hops of the in-arm: the out-arm takes none of them, so a loan on one side and a loan on
    the other never meet (a vendor's deal financed by one bank; the vendor's loan from another)."""

    phase: str
    arm: str | None = None
    at: object = 0
    used: frozenset = frozenset()
    owning: str | None = None    # pivot: 'down' (parent -> subsidiary) or 'up', once taken


class Grammar:
    """The arms as transition tables, limited to the relation kinds asked for."""

    def __init__(self, kinds: Iterable[str] | None = None):
        allowed = set(kinds) if kinds else None
        self.kinds = allowed
        self.out: dict[tuple[str, object, str], list[tuple[tuple[str, ...], str, object]]] = {}
        self.back: dict[tuple[str, object, str], list[tuple[str, object]]] = {}
        self.reached: dict[tuple[str, object], set[str]] = {}
        for arm, rows in ARMS.items():
            for state, tok, reach, kind, nxt in rows:
                if allowed is not None and ("supply" if kind == ALONE else kind) not in allowed:
                    continue
                family = kind if kind == ALONE else FAMILY.get(kind, kind)
                self.out.setdefault((arm, state, tok), []).append((reach, family, nxt))
                self.reached.setdefault((arm, nxt), set()).update(reach)
                # Read inward: from `nxt` back to `state` over the flipped token.
                self.back.setdefault((arm, nxt, flip(tok)), []).append((family, state))
        self.ownership = allowed is None or "ownership" in allowed
        self._starts: dict[str, list[State]] = {}
        self._memo: dict[tuple, list[State]] = {}

    def starts(self, kind: str) -> list[State]:
        """Return the states a walk may begin in at a node of this kind: at a pivot, or inside
        an arm wherever the arm reaches such a node, reading it inward (towards its pivot) or
        outward (a path within one arm: a deal and its country). So any part of a connection
        is one, read either way."""
        if kind not in self._starts:
            inside = sorted(((arm, at) for (arm, at), reach in self.reached.items()
                             if kind in reach), key=str)
            self._starts[kind] = ([State("pivot")] + [State("in", arm, at) for arm, at in inside]
                                  + [State("out", arm, at) for arm, at in inside if at != END])
        return self._starts[kind]

    def step(self, state: State, tok: str, kind: str) -> list[State]:
        """Return the states after a hop `tok` onto a node of kind `kind` (none: not allowed)."""
        key = (state, tok, kind)
        if key not in self._memo:  # few distinct (state, token, kind): a search repeats them
            self._memo[key] = self._step(state, tok, kind)
        return self._memo[key]

    def _step(self, state: State, tok: str, kind: str) -> list[State]:
        if state.phase == "in":
            nexts = []
            for family, at in self.back.get((state.arm, state.at, tok), ()):
                used = state.used | ({family} if family != ALONE else set(FAMILY.values()))
                if at == 0:
                    nexts.append(State("pivot", used=used | {FAMILY[state.arm]}))
                elif kind in self.reached.get((state.arm, at), ()):
                    nexts.append(State("in", state.arm, at, used))
            return nexts
        if state.phase == "out":
            return [State("out", state.arm, nxt, state.used)
                    for reach, family, nxt in self.out.get((state.arm, state.at, tok), ())
                    if kind in reach and family not in state.used
                    and not (family == ALONE and state.used)]
        nexts = []
        if self.ownership and kind in ORGS:
            if tok == OWNS and state.owning != "up":
                nexts.append(State("pivot", used=state.used, owning="down"))
            elif tok == OWNED and state.owning != "down":
                nexts.append(State("pivot", used=state.used, owning="up"))
        for arm in ARMS:
            if FAMILY[arm] in state.used:
                continue
            nexts += [State("out", arm, nxt, state.used)
                      for reach, family, nxt in self.out.get((arm, 0, tok), ())
                      if kind in reach and family not in state.used
                      and not (family == ALONE and state.used)]
        return nexts

    @staticmethod
    def meets(a: State, b: State) -> bool:
        """Return whether two walks, one from each end of a path, make one connection where
        they meet (at the same node, in states a and b).

        One reads an arm inward and the other the same arm outward at the same arm state, or
        both are at the pivot; the families each has used are disjoint (an out-arm takes none of
        the in-arm's), and an ownership chain runs one way through both."""
        if a.phase == "pivot" and b.phase == "pivot":
            return not (a.used & b.used) and not (a.owning and a.owning == b.owning)
        if {a.phase, b.phase} != {"in", "out"}:
            return False
        return a.arm == b.arm and a.at == b.at and not (a.used & b.used)

    def accepts(self, tokens: list[str], kinds: list[str]) -> bool:
        """Return whether a path (its hops' tokens, and the kinds of its nodes, one more than
        the tokens) is a connection of this grammar."""
        states = set(self.starts(kinds[0]))
        for tok, kind in zip(tokens, kinds[1:]):
            states = {nxt for state in states for nxt in self.step(state, tok, kind)}
            if not states:
                return False
        return True
