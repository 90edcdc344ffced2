"""Records that contain themselves: a deal part of itself, an owner that owns itself, in a loop.

Each is a chain of references of one kind (part-of links, ownerships, organisations' `part_of`)
that comes back to where it started; a walk up such a chain (the whole a tranche belongs to, a
group's parent) would never end, and the graph would say that a thing is a part of itself.

>>> edges = [("a", "b", ("f.yaml", 3)), ("b", "a", ("f.yaml", 9))]
>>> [str(e) for e in find_cycles(edges, "is part of")]
["f.yaml:3: 'a' is part of 'b', which is part of 'a': a loop"]
"""
from __future__ import annotations

from kg.errors import KGError
from kg.records.models import Link, Organization, Ownership


def check_cycles(dataset) -> list[KGError]:
    """Return one KGError per loop of part-of links, ownerships or organisations' part_of."""
    parts = [(c, link.target, dataset.origin[link.id])
             for link in dataset.records.get(Link.KIND, []) if link.relation == "part-of"
             for c in link.claims]
    owns = [(o.owned, o.owner, dataset.origin[o.id])
            for o in dataset.records.get(Ownership.KIND, [])]
    units = [(o.id, o.part_of, dataset.origin[o.id])
             for o in dataset.records.get(Organization.KIND, []) if o.part_of]
    return (find_cycles(parts, "is part of") + find_cycles(owns, "is owned by")
            + find_cycles(units, "is part of"))


def find_cycles(edges: list[tuple[str, str, tuple[str, int]]], verb: str) -> list[KGError]:
    """Return one KGError per loop among edges (child, parent, (path, line)), at its first edge."""
    up: dict[str, list[tuple[str, tuple[str, int]]]] = {}
    for child, parent, origin in edges:
        up.setdefault(child, []).append((parent, origin))
    errors, seen = [], set()
    for start in sorted(up):
        # Depth-first with an explicit stack: a chain of 100,000 records must not recurse.
        stack, path, on_path = [(start, iter(up[start]))], [start], {start}
        origins: list[tuple[str, int]] = []
        while stack:
            node, parents = stack[-1]
            step = next(parents, None)
            if step is None:
                stack.pop()
                on_path.discard(path.pop())
                if origins:
                    origins.pop()
                seen.add(node)
                continue
            parent, origin = step
            if parent in on_path:
                loop = path[path.index(parent):] + [parent]
                key = frozenset(loop)
                if key not in seen:
                    seen.add(key)
                    where = (origins + [origin])[path.index(parent)]
                    errors.append(KGError(_say(loop, verb), *where))
                continue
            if parent in seen or parent not in up:
                continue
            stack.append((parent, iter(up[parent])))
            path.append(parent)
            on_path.add(parent)
            origins.append(origin)
    return errors


def _say(loop: list[str], verb: str) -> str:
    if len(loop) == 2:
        return f"'{loop[0]}' {verb} itself"
    chain = f"'{loop[0]}' {verb} '{loop[1]}'" + "".join(f", which {verb} '{n}'" for n in loop[2:])
    return f"{chain}: a loop"
