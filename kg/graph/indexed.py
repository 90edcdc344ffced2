"""A graph held in Python by predicate, cut from its N-Triples lines: what the build checks
against the SHACL shapes (kg.graph.shacl) and projects (kg.analysis.projection).

The build has its graph as sorted, duplicate-free N-Triples lines (kg.graph.rdf.to_nt). Both
read it predicate by predicate: every subject of a class, every (subject, object) of a property.
They read it from an in-memory Oxigraph store, loaded from the same lines: at 1M triples the
load took 2.2 s of CPU (0.3 s more to free it), reading the rows back as TSV 0.6-1 s, and SHACL's
queries, which look each focus node up again per constraint, 2.3 s. Cutting the lines into rows
here takes 0.45 s, and looking up a Python set costs less than a join in the store.

A row is (subject, object) as the lines hold them: `<iri>`, `_:label`, or a literal in
N-Triples syntax. `cells` gives objects as Oxigraph's SPARQL TSV writes them instead
(kg.graph.rows: what the projection reads from any store), so that both ways read the same.
"""
from __future__ import annotations

from collections.abc import Iterable
from operator import itemgetter

import pyoxigraph as ox

from kg.graph.rows import select_cells

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
SUBCLASS_OF = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"


class IndexedGraph:
    """The triples of N-Triples lines (one triple per line, `s p o .`, no duplicates, as
    kg.graph.rdf.to_nt and kg.graph.serialize.nt_lines give them), by predicate."""

    def __init__(self, lines: Iterable[str]):
        by: dict[str, list[tuple[str, str]]] = {}
        count = 0
        for line in lines:
            # Subjects and predicates hold no space (IRIs, blank nodes); the object is the
            # rest, less its " .".
            s, p, o = line.split(" ", 2)
            rows = by.get(p)
            if rows is None:
                rows = by[p] = []
            rows.append((s, o[:-2]))
            count += 1
        self._by = by
        self._count = count
        self._subjects: dict[str, set[str]] = {}
        self._repeated: dict[str, set[str]] = {}
        self._typed: dict[str, list[str]] | None = None
        self._below: dict[str, list[str]] | None = None
        self._instances: dict[str, set[str]] = {}

    def __len__(self) -> int:
        return self._count

    def rows(self, predicate: str) -> list[tuple[str, str]]:
        """(subject, object) of every triple with this predicate (an `<iri>` cell)."""
        return self._by.get(predicate, [])

    def subjects(self, predicate: str) -> set[str]:
        """The subjects with at least one value of the predicate."""
        found = self._subjects.get(predicate)
        if found is None:
            found = self._subjects[predicate] = {s for s, _ in self.rows(predicate)}
        return found

    def repeated(self, predicate: str) -> set[str]:
        """The subjects with two values or more of the predicate (the lines are distinct)."""
        found = self._repeated.get(predicate)
        if found is None:
            seen: set[str] = set()
            found = set()
            for s, _ in self.rows(predicate):
                if s in seen:
                    found.add(s)
                else:
                    seen.add(s)
            self._repeated[predicate] = found
        return found

    def of_type(self, cls: str) -> list[str]:
        """The subjects typed with this class (an `<iri>` cell), not its subclasses."""
        if self._typed is None:
            typed: dict[str, list[str]] = {}
            for s, o in self.rows(RDF_TYPE):
                members = typed.get(o)
                if members is None:
                    typed[o] = [s]
                else:
                    members.append(s)
            self._typed = typed
        return self._typed.get(cls, [])

    def subclasses(self, cls: str) -> set[str]:
        """The class and every class under it by rdfs:subClassOf, as SPARQL's
        `?c rdfs:subClassOf* cls` finds them."""
        if self._below is None:
            self._below = {}
            for s, o in self.rows(SUBCLASS_OF):
                self._below.setdefault(o, []).append(s)
        below = self._below
        found, todo = {cls}, [cls]
        while todo:
            for sub in below.get(todo.pop(), ()):
                if sub not in found:
                    found.add(sub)
                    todo.append(sub)
        return found

    def instances(self, cls: str) -> set[str]:
        """The subjects typed with the class or one of its subclasses."""
        found = self._instances.get(cls)
        if found is None:
            found = self._instances[cls] = {s for c in self.subclasses(cls)
                                            for s in self.of_type(c)}
        return found

    def cells(self, predicate: str) -> list[tuple[str, str]]:
        """`rows`, each object as Oxigraph's SPARQL TSV writes the term (kg.graph.rows)."""
        rows = self.rows(predicate)
        # Nearly every object is written alike both ways (IRIs, plain strings without an
        # escape): one look at all of them, in C, says whether any may not be.
        text = "\n".join(map(itemgetter(1), rows))
        if '"^^<' not in text and '"@' not in text and "\\" not in text:
            return rows
        # Typed or language-tagged literals (Oxigraph writes a number's or a boolean's
        # canonical form, bare where it can: "10.0"^^xsd:decimal as "10"^^xsd:decimal,
        # "2"^^xsd:integer as 2) and ones with escapes (a tab as \\t): Oxigraph itself says
        # what it writes, from a store of these alone, a few thousand of a million.
        cells = Terms({o for _, o in rows if o[0] == '"' and (o[-1] != '"' or "\\" in o)}).cells()
        changed = {term: cell for term, cell in cells.items() if cell != term}
        if not changed:
            return rows
        return [(s, changed.get(o, o)) for s, o in rows]


class Terms:
    """N-Triples terms in a store of their own, each the object of one triple
    `<urn:x:i> <urn:x:v> term`, for Oxigraph to say what it makes of them: `cells`, the TSV cell
    it writes for each; `where`, those for which a SPARQL condition on ?v holds. Used on a
    property's distinct values, few beside the triples (1M triples: 20,000 dates of 150,000
    date triples, 3 evidence kinds for 72,000 evidence nodes)."""

    def __init__(self, terms: set[str]):
        self.terms = sorted(terms)
        self.store = ox.Store()
        if self.terms:
            text = "".join(f"<urn:x:{i}> <urn:x:v> {t} .\n" for i, t in enumerate(self.terms))
            self.store.load(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, lenient=True)

    def cells(self) -> dict[str, str]:
        """{term: the cell Oxigraph's SPARQL TSV writes for it}."""
        return {self.terms[int(s[7:-1])]: o
                for s, o in select_cells(self.store, "SELECT ?s ?o WHERE { ?s <urn:x:v> ?o }")}

    def where(self, condition: str) -> set[str]:
        """The terms for which the SPARQL condition on ?v holds."""
        query = f"SELECT ?s WHERE {{ ?s <urn:x:v> ?v FILTER ({condition}) }}"
        return {self.terms[int(s[7:-1])] for (s,) in select_cells(self.store, query)}
