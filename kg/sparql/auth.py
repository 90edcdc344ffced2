"""Credentials for an endpoint that asks for them (HTTP 401): where they come from, and the
`Authorization` header that answers a server's challenge.

Credentials never come from the command line (where `ps` and shell history would show them):
$KG_ENDPOINT_USER and $KG_ENDPOINT_PASSWORD, else the entry for the endpoint's host in the
netrc file ($NETRC, else ~/.netrc; read with the standard library's `netrc`). They are sent
only when a server has challenged (a 401 with WWW-Authenticate), and then answered once: the
challenge is kept per server so that the next requests of the same command (a push's batches)
carry the answer at once instead of sending each body twice.

Schemes: HTTP Basic (RFC 7617) and Digest (RFC 7616: MD5, SHA-256 and their -sess variants,
qop=auth or none), written with hashlib after the model of urllib.request's
AbstractDigestAuthHandler (which cannot be used here: it lives in urllib's opener machinery, and
our client is http.client with its own deadline). Virtuoso's /sparql-auth and
/sparql-graph-crud-auth ask for Digest MD5 with qop=auth. No message ever holds a password.
"""
from __future__ import annotations

import base64
import hashlib
import netrc
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from kg.errors import KGError

USER_ENV, PASSWORD_ENV = "KG_ENDPOINT_USER", "KG_ENDPOINT_PASSWORD"
_HASHES = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}
# One challenge per server (scheme, host, port), answered again for each later request.
_CHALLENGES: dict[tuple, _Challenge] = {}
_LOCK = threading.Lock()
# A challenge is a scheme (a token not followed by "=") then its name=value parameters.
_PART = re.compile(r'\s*,?\s*([!#$%&\'*+.^_`|~0-9A-Za-z-]+)(?:\s*=\s*("(?:[^"\\]|\\.)*"|[^\s,]*))?')


@dataclass(frozen=True)
class Credentials:
    """A user name and password, and where they were found (said in messages; the password
    never is, nor in this object's repr)."""

    user: str
    password: str = field(repr=False)
    origin: str


def netrc_path() -> Path:
    """Return the netrc file read: $NETRC, else ~/.netrc."""
    return Path(os.environ.get("NETRC") or Path.home() / ".netrc")


def credentials(url: str) -> Credentials | None:
    """Return the credentials for `url`'s host: from the environment, else from netrc; None
    when there are none. A half-set environment or an unreadable netrc is a KGError."""
    user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
    if user or password:
        if not (user and password):
            have, lack = (USER_ENV, PASSWORD_ENV) if user else (PASSWORD_ENV, USER_ENV)
            raise KGError(f"{have} is set but {lack} is not: set both (or neither, and use "
                          f"a netrc entry for the host)")
        return Credentials(user, password, f"{USER_ENV}/{PASSWORD_ENV}")
    path, host = netrc_path(), urlsplit(url).hostname or ""
    if not path.is_file():
        return None
    try:
        entry = netrc.netrc(str(path)).authenticators(host)
    except netrc.NetrcParseError as exc:
        raise KGError(f"not a valid netrc file: {exc.msg}", exc.filename, exc.lineno) from None
    except OSError as exc:
        raise KGError(f"cannot read the netrc file: {exc.strerror}", str(path)) from None
    if entry is None or not entry[0] or entry[2] is None:
        return None
    return Credentials(entry[0], entry[2], str(path))


def challenges(header: str) -> list[tuple[str, dict[str, str]]]:
    """Return the challenges of a WWW-Authenticate value: (scheme in lower case, parameters).

    >>> challenges('Digest realm="SPARQL", qop="auth", algorithm="MD5", Basic realm="a, b"')
    [('digest', {'realm': 'SPARQL', 'qop': 'auth', 'algorithm': 'MD5'}), ('basic', {'realm': 'a, b'})]
    """
    found: list[tuple[str, dict[str, str]]] = []
    for match in _PART.finditer(header):
        name, value = match.group(1), match.group(2)
        if value is None:
            found.append((name.lower(), {}))
        elif found:
            if value.startswith('"'):
                value = re.sub(r"\\(.)", r"\1", value[1:-1])
            found[-1][1][name.lower()] = value
    return found


@dataclass
class _Challenge:
    scheme: str  # "basic" or "digest"
    params: dict[str, str]
    credentials: Credentials
    count: int = 0  # the nonce count: requests answered with this nonce so far


def _supported(scheme: str, params: dict[str, str]) -> int:
    """Return how much a challenge is preferred (0: not spoken): Digest SHA-256, Digest MD5,
    then Basic."""
    if scheme == "basic":
        return 1
    if scheme != "digest" or "nonce" not in params:
        return 0
    qops = [q.strip() for q in params.get("qop", "auth").split(",")]
    if "qop" in params and "auth" not in qops:
        return 0  # auth-int only: the body's hash, not spoken
    algorithm = params.get("algorithm", "MD5").upper().removesuffix("-SESS")
    return {"SHA-256": 3, "MD5": 2}.get(algorithm, 0)


def _server(url: str) -> tuple:
    parts = urlsplit(url)
    return parts.scheme, parts.hostname, parts.port


def answer(url: str, method: str, header: str) -> str | None:
    """Return the Authorization value answering a 401's WWW-Authenticate `header` for a
    request (`method` to `url`), and keep the challenge for the server's next requests;
    None when there are no credentials or no challenge kg speaks."""
    options = [(s, p) for s, p in challenges(header) if _supported(s, p)]
    found = credentials(url) if options else None
    if found is None:
        return None
    scheme, params = max(options, key=lambda option: _supported(*option))
    challenge = _Challenge(scheme, params, found)
    with _LOCK:
        _CHALLENGES[_server(url)] = challenge
    return _authorization(challenge, method, url)


def known(url: str, method: str) -> str | None:
    """Return an Authorization value for `url` from the server's last challenge (sent before
    the server asks, so that a large body goes once), or None if it has not challenged."""
    with _LOCK:
        challenge = _CHALLENGES.get(_server(url))
    return None if challenge is None else _authorization(challenge, method, url)


def forget() -> None:
    """Forget every challenge kept (tests start afresh)."""
    with _LOCK:
        _CHALLENGES.clear()


def _authorization(challenge: _Challenge, method: str, url: str) -> str:
    user, password = challenge.credentials.user, challenge.credentials.password
    if challenge.scheme == "basic":
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        return f"Basic {token}"
    params = challenge.params
    with _LOCK:
        challenge.count += 1
        nc = f"{challenge.count:08x}"
    parts = urlsplit(url)
    uri = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return digest(params, user, password, method, uri, nc, os.urandom(8).hex())


def digest(params: dict[str, str], user: str, password: str, method: str, uri: str, nc: str,
           cnonce: str) -> str:
    """Return the Digest Authorization value (RFC 7616) for one request.

    RFC 2617's example (section 3.5: Mufasa, "Circle Of Life"):
    >>> value = digest({"realm": "testrealm@host.com", "qop": "auth,auth-int",
    ...                 "nonce": "dcd98b7102dd2f0e8b11d0f600bfb0c093",
    ...                 "opaque": "5ccc069c403ebaf9f0171e9517f40e41"}, "Mufasa",
    ...                "Circle Of Life", "GET", "/dir/index.html", "00000001", "0a4f113b")
    >>> re.search(r'response="([0-9a-f]+)"', value).group(1)
    '6629fae49393a05397450978507c4ef1'
    """
    algorithm = params.get("algorithm", "MD5")
    base = algorithm.upper().removesuffix("-SESS")

    def h(text: str) -> str:
        return _HASHES[base](text.encode("utf-8")).hexdigest()

    realm, nonce = params.get("realm", ""), params["nonce"]
    ha1 = h(f"{user}:{realm}:{password}")
    if algorithm.upper().endswith("-SESS"):
        ha1 = h(f"{ha1}:{nonce}:{cnonce}")
    ha2 = h(f"{method}:{uri}")
    qop = "auth" if "qop" in params else None
    response = (h(f"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}") if qop
                else h(f"{ha1}:{nonce}:{ha2}"))

    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    fields = [f"username={quoted(user)}", f"realm={quoted(realm)}", f"nonce={quoted(nonce)}",
              f"uri={quoted(uri)}", f"algorithm={algorithm}", f"response={quoted(response)}"]
    if qop:
        fields += [f"qop={qop}", f"nc={nc}", f"cnonce={quoted(cnonce)}"]
    if "opaque" in params:
        fields.append(f"opaque={quoted(params['opaque'])}")
    return "Digest " + ", ".join(fields)


def unauthorized(url: str) -> str:
    """Return what a 401 means for `url`: no credentials were found, or those found were
    refused (named by user and origin, never by password)."""
    host = urlsplit(url).hostname or url
    try:
        found = credentials(url)
    except KGError:
        found = None
    if found is None:
        return (f"the endpoint wants credentials: set {USER_ENV} and {PASSWORD_ENV} "
                f"or a ~/.netrc entry for {host}")
    return (f"the endpoint refused the credentials of user {found.user!r} (from {found.origin}), "
            f"or asks for a kind of authentication kg does not speak (Basic and Digest only)")
