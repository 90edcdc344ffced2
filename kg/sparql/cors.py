"""CORS for `kg serve`: which web pages on other origins may read its answers (none by default).

A browser query editor (YASGUI and the like) served from another origin can read an answer only
when the response names its origin in Access-Control-Allow-Origin, and sends a preflight OPTIONS
first for a POST of application/sparql-query or an Accept it does not consider simple. Without
`--cors` no response carries a CORS header, so no other origin's page reads anything; `--cors *`
lets every origin read (the graph is public and no credentials are ever accepted).

>>> cors = Cors.parse(["https://yasgui.example"])
>>> cors.headers("https://yasgui.example", preflight=False)
[('Vary', 'Origin'), ('Access-Control-Allow-Origin', 'https://yasgui.example')]
>>> cors.headers("https://evil.example", preflight=True)
[('Vary', 'Origin')]
>>> Cors().headers("https://yasgui.example", preflight=True)
[]
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.errors import KGError

METHODS = "GET, POST, HEAD, OPTIONS"
ALLOWED_HEADERS = "Content-Type, Accept"
MAX_AGE = 600  # seconds a browser may keep a preflight's answer (Chromium keeps at most 7,200)
# An origin as browsers send it: scheme, host and optional port, no path.
_ORIGIN = re.compile(r"https?://(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?")


@dataclass(frozen=True)
class Cors:
    """The origins (exact, lower-case; `*` for any) whose pages may read the answers."""

    origins: tuple[str, ...] = ()

    @classmethod
    def parse(cls, values) -> "Cors":
        """Return the policy for `--cors` values, each an origin or `*`."""
        origins = []
        for value in values:
            origin = value.strip().lower().rstrip("/")
            if origin != "*" and not _ORIGIN.fullmatch(origin):
                raise KGError(f"--cors {value}: give an origin such as https://yasgui.example "
                              "(scheme, host, optional port; no path) or *")
            origins.append(origin)
        return cls(tuple(dict.fromkeys(origins)))

    def allows(self, origin: str | None) -> bool:
        """True when a page from origin may read the answers."""
        return "*" in self.origins or (origin or "").lower() in self.origins

    def headers(self, origin: str | None, preflight: bool,
                private_network: bool = False) -> list[tuple[str, str]]:
        """Return the CORS headers of a response to a request from origin (none when off).

        preflight: the request is an OPTIONS with Access-Control-Request-Method.
        private_network: it asked, as Chromium does for a public page calling a loopback or
        private address, whether this server accepts that (Private Network Access).
        """
        if not self.origins:
            return []
        # The answer depends on Origin unless every origin gets the same: caches must know.
        headers = [] if self.origins == ("*",) else [("Vary", "Origin")]
        if not self.allows(origin):
            return headers
        headers.append(("Access-Control-Allow-Origin", "*" if "*" in self.origins else
                        origin.lower()))
        if preflight:
            headers += [("Access-Control-Allow-Methods", METHODS),
                        ("Access-Control-Allow-Headers", ALLOWED_HEADERS),
                        ("Access-Control-Max-Age", str(MAX_AGE))]
            if private_network:
                headers.append(("Access-Control-Allow-Private-Network", "true"))
        return headers
