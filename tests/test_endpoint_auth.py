"""Endpoints that want credentials: HTTP Basic and Digest (MD5, SHA-256) answered from the
environment or netrc, a challenge answered once, one line for a 401 or a 403, and the password
never in any output. Against tiny loopback servers that check the answers themselves."""
from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
from pathlib import Path

import pytest
from remote_support import TinyServer, build_fixture, read_request, run

from kg.sparql import auth

USER, PASSWORD = "reader", "s3cret-Pa55"


@pytest.fixture(autouse=True)
def no_credentials(monkeypatch, tmp_path):
    """No credentials but those a test gives: none from the environment or a real ~/.netrc."""
    monkeypatch.delenv(auth.USER_ENV, raising=False)
    monkeypatch.delenv(auth.PASSWORD_ENV, raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))
    auth.forget()
    yield
    auth.forget()


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Path:
    return build_fixture(tmp_path_factory.mktemp("auth"))


def triples(build: Path) -> int:
    return sum(1 for line in (build / "survkg.nt").read_bytes().splitlines() if line.strip())


def fields(value: str) -> dict[str, str]:
    """The name=value fields of an Authorization: Digest value (parsed here, not by kg)."""
    return {k: v.strip('"') for k, v in re.findall(r'(\w+)=("[^"]*"|[^\s,]+)', value)}


def guarded(scheme: str, held: int, algorithm: str = "MD5", forbid: bool = False):
    """A server wanting `scheme` credentials USER/PASSWORD: 401 with a challenge until they
    come, then 204 to a PUT, a count of `held` triples to a query (403 to all if `forbid`).
    It keeps each request's method and whether it was answered 401 in server.log."""
    nonce = secrets.token_hex(16)

    def valid(value: str, method: str, target: str) -> bool:
        if scheme == "Basic":
            import base64
            return value == "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        if not value.startswith("Digest "):
            return False
        f = fields(value[7:])
        h = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}[algorithm]

        def hx(text: str) -> str:
            return h(text.encode()).hexdigest()
        ha1, ha2 = hx(f"{USER}:survkg-test:{PASSWORD}"), hx(f"{method}:{target}")
        expected = hx(f"{ha1}:{nonce}:{f.get('nc')}:{f.get('cnonce')}:auth:{ha2}")
        return (f.get("username") == USER and f.get("uri") == target and f.get("nonce") == nonce
                and f.get("response") == expected and f.get("algorithm") == algorithm)

    def handle(conn, server):
        request = read_request(conn)
        head = request.partition(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
        method, target = head[0].split(" ")[:2]
        value = next((line.split(":", 1)[1].strip() for line in head[1:]
                      if line.lower().startswith("authorization:")), "")
        server.log = getattr(server, "log", [])
        server.seen = getattr(server, "seen", []) + [value]
        if not valid(value, method, target):
            challenge = ('Basic realm="survkg-test"' if scheme == "Basic" else
                         f'Digest realm="survkg-test", nonce="{nonce}", qop="auth", '
                         f'algorithm={algorithm}, opaque="xyz"')
            server.log.append((method, 401))
            conn.sendall(f"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: {challenge}\r\n"
                         f"Content-Length: 0\r\nConnection: close\r\n\r\n".encode())
            return
        server.log.append((method, 403 if forbid else 200))
        if forbid:
            conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n"
                         b"Connection: close\r\n\r\n")
        elif method == "PUT":
            conn.sendall(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n"
                         b"Connection: close\r\n\r\n")
        else:
            body = json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {
                "type": "literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer",
                "value": str(held)}}]}})
            conn.sendall(f"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json"
                         f"\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n{body}"
                         .encode())
    return handle


def push(build: Path, url: str):
    return run("--build-dir", str(build), "push", "--endpoint", url)


@pytest.mark.parametrize("scheme, algorithm", [("Basic", "MD5"), ("Digest", "MD5"),
                                               ("Digest", "SHA-256")])
def test_credentials_from_the_environment_answer_the_challenge_once(
        build, monkeypatch, scheme, algorithm):
    monkeypatch.setenv(auth.USER_ENV, USER)
    monkeypatch.setenv(auth.PASSWORD_ENV, PASSWORD)
    with TinyServer(guarded(scheme, triples(build), algorithm)) as server:
        result = push(build, server.url)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"pushed {triples(build):,} triples to the default graph")
    # One 401 in all: the first request's; the PUT and the count carried the answer at once.
    assert [status for _, status in server.log].count(401) == 1
    assert [m for m, s in server.log if s == 200] == ["GET", "PUT", "POST"]
    assert PASSWORD not in result.output


def test_credentials_from_netrc(build, monkeypatch, tmp_path):
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine elsewhere.example login other password nope\n"
                     f"machine 127.0.0.1 login {USER} password {PASSWORD}\n")
    os.chmod(netrc, 0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    with TinyServer(guarded("Digest", triples(build))) as server:
        result = push(build, server.url)
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output


def test_reading_commands_answer_the_challenge_too(build, monkeypatch):
    monkeypatch.setenv(auth.USER_ENV, USER)
    monkeypatch.setenv(auth.PASSWORD_ENV, PASSWORD)
    with TinyServer(guarded("Digest", 7)) as server:
        result = run("--endpoint", server.url, "query", "--format", "csv", "-e",
                     "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert result.exit_code == 0, result.output
    assert result.output.split()[:2] == ["n", "7"]
    assert [status for _, status in server.log].count(401) == 1


def test_a_401_without_credentials_says_how_to_give_them(build):
    with TinyServer(guarded("Digest", 1)) as server:
        result = push(build, server.url)
    assert (result.exit_code, result.output) == (
        1, (f"Error: endpoint {server.url}: HTTP 401: the endpoint wants credentials: set "
            f"KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD or a ~/.netrc entry for 127.0.0.1\n"))
    assert all(value == "" for value in server.seen)  # nothing was sent


@pytest.mark.parametrize("scheme", ["Basic", "Digest"])
def test_a_401_with_wrong_credentials_says_they_were_refused(build, monkeypatch, scheme):
    monkeypatch.setenv(auth.USER_ENV, USER)
    monkeypatch.setenv(auth.PASSWORD_ENV, "wrong-" + PASSWORD)
    with TinyServer(guarded(scheme, 1)) as server:
        result = push(build, server.url)
    assert (result.exit_code, result.output) == (
        1, (f"Error: endpoint {server.url}: HTTP 401: the endpoint refused the credentials of "
            f"user '{USER}' (from KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD), or asks for a kind of "
            f"authentication kg does not speak (Basic and Digest only)\n"))
    assert PASSWORD not in result.output
    # each request: at most one answer to a challenge (the probe and the PUT, two tries each)
    assert len(server.log) <= 4


def test_a_403_is_one_line(build, monkeypatch):
    monkeypatch.setenv(auth.USER_ENV, USER)
    monkeypatch.setenv(auth.PASSWORD_ENV, PASSWORD)
    with TinyServer(guarded("Basic", 1, forbid=True)) as server:
        result = push(build, server.url)
    assert (result.exit_code, result.output) == (
        1, f"Error: endpoint {server.url}: HTTP 403: Forbidden\n")


def test_half_set_credentials_are_an_error(build, monkeypatch):
    monkeypatch.setenv(auth.USER_ENV, USER)
    with TinyServer(guarded("Basic", 1)) as server:
        result = push(build, server.url)
    assert (result.exit_code, result.output) == (
        1, ("Error: KG_ENDPOINT_USER is set but KG_ENDPOINT_PASSWORD is not: set both (or "
            "neither, and use a netrc entry for the host)\n"))


def test_a_broken_netrc_is_named_by_its_line(build, monkeypatch, tmp_path):
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login {USER} password {PASSWORD}\nbogus line\n")
    monkeypatch.setenv("NETRC", str(netrc))
    with TinyServer(guarded("Basic", 1)) as server:
        result = push(build, server.url)
    assert result.exit_code == 1
    assert re.fullmatch(rf"Error: {re.escape(str(netrc))}:2: not a valid netrc file: .*\n",
                        result.output), result.output
    assert PASSWORD not in result.output


def test_credentials_never_show_in_their_repr():
    found = auth.Credentials(USER, PASSWORD, "env")
    assert PASSWORD not in repr(found) and PASSWORD not in str(found)


def challenge_before_the_upload(held: int):
    """A server open to GET; any other request without credentials it answers 401 as soon as
    its headers are in, closing without reading the body (as servers do to a large
    unauthorised upload); with Basic credentials it reads the body and answers 204, or a
    count of `held` to a query. The method of each request goes in server.heads."""
    import base64
    token = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()

    def handle(conn, server):
        conn.settimeout(10)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return
            data += chunk
        head = data.partition(b"\r\n\r\n")[0].decode("latin-1")
        server.heads.append(head.split(" ")[0])
        if head.startswith("GET "):  # reading is open to all
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json"
                         b"\r\nContent-Length: 16\r\nConnection: close\r\n\r\n{\"boolean\": true}")
            return
        if f"Authorization: {token}" not in head:
            conn.sendall(b'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm="t"\r\n'
                         b"Content-Length: 0\r\nConnection: close\r\n\r\n")
            return  # closing with the upload unread: the client's send breaks
        guarded("Basic", held)(Replay(data, conn), server)
    return handle


class Replay:
    """A connection whose first bytes were already read: they are read again first."""

    def __init__(self, first: bytes, conn):
        self.first, self.conn = first, conn

    def settimeout(self, seconds):
        self.conn.settimeout(seconds)

    def recv(self, size: int) -> bytes:
        if self.first:
            data, self.first = self.first, b""
            return data
        return self.conn.recv(size)

    def sendall(self, data: bytes) -> None:
        self.conn.sendall(data)


def test_a_401_cutting_a_large_upload_is_answered_not_a_broken_pipe(monkeypatch, tmp_path):
    """A 16 MB PUT refused 401 before the server reads it: the 401 is heard, and the PUT sent
    again with credentials (once), not reported as a broken pipe."""
    line = b'<urn:x:s> <urn:x:p> "' + b"y" * 60 + b'" .\n'
    (tmp_path / "survkg.nt").write_bytes(line * 200_000)
    monkeypatch.setenv(auth.USER_ENV, USER)
    monkeypatch.setenv(auth.PASSWORD_ENV, PASSWORD)
    with TinyServer(challenge_before_the_upload(200_000)) as server:
        server.heads = []
        result = push(tmp_path, server.url)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("pushed 200,000 triples to the default graph")
    # the probe (open), the PUT cut off by the 401, the PUT again with credentials, the count
    assert server.heads == ["GET", "PUT", "PUT", "POST"]


def test_a_password_in_the_endpoint_url_is_refused_unsaid(build):
    result = push(build, f"http://{USER}:{PASSWORD}@127.0.0.1:9/query")
    assert (result.exit_code, result.output) == (
        1, ("Error: --endpoint: give the password in KG_ENDPOINT_PASSWORD (and the user in "
            "KG_ENDPOINT_USER) or ~/.netrc, not in the URL\n"))



@pytest.mark.parametrize("args", [["stats"], ["ask", "who supplies Uganda"], ["query", "-e",
                                                                              "ASK {}"]])
def test_a_password_in_the_endpoint_url_is_refused_unsaid_by_readers_too(args):
    result = run("--endpoint", f"http://{USER}:{PASSWORD}@127.0.0.1:9/query", *args)
    assert result.exit_code == 1
    assert result.output.startswith("Error: --endpoint: give the password in "
                                    "KG_ENDPOINT_PASSWORD")
    assert PASSWORD not in result.output and len(result.output.splitlines()) == 1
