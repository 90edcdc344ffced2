"""Which federated calls (SERVICE) a `kg serve` query makes, and whether the server allows them.

Read on the query's text before any engine sees it, so that a refused call is never attempted.
By default every SERVICE is refused. `kg serve --allow-federation HOST` lets through a query only
when every SERVICE names, as a full `<http(s)://...>` IRI, a host on the list: compared exactly,
lower-cased, with no DNS lookup (`localhost` does not allow `127.0.0.1`, nor a name whose address
is listed), and with the port too when the entry gives one (`HOST:PORT`). A SERVICE whose IRI is
a variable, a prefixed name or a relative IRI is refused: the engine would choose the address
after the check. Oxigraph follows no redirect on a SERVICE call (measured: a 302 is its error
"too many redirects (1)"), so an allowed host cannot send it elsewhere.

>>> allowed = Federation.parse(["dbpedia.org", "Query.Wikidata.org:443"])
>>> allowed.refusal("SELECT * { SERVICE <https://dbpedia.org/sparql> { ?s ?p ?o } }") is None
True
>>> allowed.refusal("SELECT * { SERVICE ?where { ?s ?p ?o } }")
'SERVICE must name its endpoint as a full <http://...> IRI, not ?where'
>>> print(allowed.refusal("SELECT * { SERVICE <http://127.0.0.1:7878/> {} }"))
... # doctest: +NORMALIZE_WHITESPACE
SERVICE <http://127.0.0.1:7878/>: host 127.0.0.1:7878 is not allowed
(kg serve --allow-federation dbpedia.org, query.wikidata.org:443)
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from kg.errors import KGError
from kg.graph.sparql_text import OPAQUE

NO_FEDERATION = "federated queries are off: SERVICE is refused (this endpoint fetches nothing)"

# SERVICE as a word of its own: not a variable (?service), a language tag (@service), nor part of
# a prefixed name (service:x, x:service) or of a longer word. Anything else counts, so a name
# that merely looks like the keyword is refused rather than a real SERVICE let through.
_SERVICE = re.compile(r"(?<![\w?$@:])service(?![\w:])", re.I)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# After SERVICE: blanks and comments, an optional SILENT, then the endpoint's token.
_GAP = r"(?:\s|#[^\n\r]*)*"
_TARGET = re.compile(_GAP + r"(?:silent(?![\w:])" + _GAP + r")?"
                     r"(<[^<>\"{}|^`\\\x00-\x20]*>|\S{0,60})", re.I)
_HOST = re.compile(r"(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?")


def _decoded(query: str) -> str:
    def decode(match):
        try:
            return chr(int(match.group(1) or match.group(2), 16))
        except (ValueError, OverflowError):
            return match.group(0)

    return _CODEPOINT.sub(decode, query)


def _readings(query: str) -> tuple[str, str]:
    # SPARQL lets an engine decode \u escapes before parsing: neither reading may hide a SERVICE.
    return query, _decoded(query)


def uses_service(query: str) -> bool:
    r"""True when a SPARQL query may name SERVICE (a federated call) as a keyword.

    Read on the tokens, not the raw text: the word inside IRIs, strings and comments is not the
    keyword. The query is read both as sent and with its \u escapes decoded (SPARQL lets an
    engine decode them before parsing), so neither reading can hide one.
    """
    return any(_SERVICE.search(OPAQUE.sub(" ", text)) for text in _readings(query))


def service_targets(query: str) -> list[str]:
    """Return the token after each SERVICE keyword (and SILENT) in both readings of the query:
    an `<IRI>`, or whatever else stands there."""
    targets = []
    for text in _readings(query):
        # Opaque parts blanked to the same length, so positions still match the text.
        blanked = OPAQUE.sub(lambda m: " " * len(m.group(0)), text)
        for keyword in _SERVICE.finditer(blanked):
            target = _TARGET.match(text, keyword.end())
            targets.append(target.group(1) if target else "")
    return targets


@dataclass(frozen=True)
class Federation:
    """The hosts (lower-case, each with or without a port) SERVICE may call; none by default."""

    hosts: tuple[tuple[str, int | None], ...] = ()

    @classmethod
    def parse(cls, values) -> "Federation":
        """Return the allowance for `--allow-federation` values (each HOST[:PORT][,...])."""
        hosts = []
        for value in values:
            for item in value.split(","):
                item = item.strip().lower()
                match = _HOST.fullmatch(item)
                if not item or match is None or "://" in item:
                    raise KGError(f"--allow-federation {value}: give host names or addresses "
                                  "(HOST or HOST:PORT, comma-separated), not URLs")
                port = int(match.group(2)) if match.group(2) else None
                if port is not None and not 0 < port < 65536:
                    raise KGError(f"--allow-federation {value}: port {port} out of range")
                hosts.append((match.group(1).strip("[]"), port))
        return cls(tuple(dict.fromkeys(hosts)))

    def __bool__(self) -> bool:
        return bool(self.hosts)

    def __str__(self) -> str:
        shown = (f"[{host}]" if ":" in host else host for host, _ in self.hosts)
        return ", ".join(name if port is None else f"{name}:{port}"
                         for name, (_, port) in zip(shown, self.hosts))

    def allows(self, iri: str) -> str | None:
        """Return None when SERVICE may call iri, else why not."""
        parts = urlsplit(iri)
        try:
            host, port = (parts.hostname or "").lower(), parts.port
        except ValueError:
            return f"SERVICE <{iri}>: not a valid http(s) address"
        if parts.scheme.lower() not in ("http", "https") or not host:
            return f"SERVICE <{iri}>: only a full http:// or https:// IRI may be called"
        port = port or (443 if parts.scheme.lower() == "https" else 80)
        if any(host == h and p in (None, port) for h, p in self.hosts):
            return None
        where = host if parts.port is None else f"{host}:{port}"
        return (f"SERVICE <{iri}>: host {where} is not allowed (kg serve --allow-federation "
                f"{self or 'not given'})")

    def refusal(self, query: str) -> str | None:
        """Return None when every SERVICE of query calls an allowed host, else a one-line why."""
        if not self:
            return NO_FEDERATION if uses_service(query) else None
        for target in service_targets(query):
            if not (target.startswith("<") and target.endswith(">")):
                shown = target.encode("ascii", "backslashreplace").decode() or "nothing"
                return f"SERVICE must name its endpoint as a full <http://...> IRI, not {shown}"
            why = self.allows(target[1:-1])
            if why:
                return why
        return None
