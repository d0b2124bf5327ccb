"""Hostile and crowded clients against real `munews serve` processes on 127.0.0.1: huge request
bodies, subscription ids listed to strangers, a forged Host header, and the rate limit for a
team behind one address, a reverse proxy and a flooding script.

Each group reproduces a fault found by fault injection (see docs/api.md, «Limits and trust»).
"""

from __future__ import annotations

import asyncio
import re
import select
import socket
from concurrent.futures import ThreadPoolExecutor
from ipaddress import ip_network
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from indexer.backends import open_backend
from indexer.config import SETTINGS, load_config
from indexer.store import Store
from search_api import create_app
from search_api.security import RateLimiter, forwarded_client
from tests.fixtures_api import Server, build_data

TOKEN = "hostile-s3cret"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
PUBLIC_URL = "https://news.example.org/munews"
DEFAULTS = {s.env: s.default for s in SETTINGS}
MB = 1 << 20


def _server(tmp_path_factory, name: str, **env: str) -> Server:
    data_dir = tmp_path_factory.mktemp(name) / "data"
    build_data(data_dir)
    return Server(data_dir, env=env).start()


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    """A shared install: a token, default body limit, no public URL."""
    running = _server(tmp_path_factory, "guarded", MUNEWS_API_TOKEN=TOKEN)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def single_user(tmp_path_factory):
    """A single-user install: no token, no public URL, the default rate limit."""
    running = _server(tmp_path_factory, "single",
                      MUNEWS_RATE_LIMIT=DEFAULTS["MUNEWS_RATE_LIMIT"])
    yield running
    running.stop()


def http(server: Server, source: str = "127.0.0.1") -> httpx.Client:
    """A client connecting from `source` (any 127.x address reaches the server on Linux)."""
    transport = httpx.HTTPTransport(local_address=source)
    return httpx.Client(base_url=server.url, timeout=30.0, transport=transport)


def rss_kb(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
    assert match is not None
    return int(match.group(1))


def _read_response(sock: socket.socket, timeout: float = 30.0) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of one HTTP/1.1 response (Content-Length framed or until close)."""
    sock.settimeout(timeout)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    length = int(headers.get("content-length", "-1"))
    while length < 0 or len(body) < length:
        try:
            chunk = sock.recv(65536)
        except OSError:
            break
        if not chunk:
            break
        body += chunk
    return status, headers, body


def post_streamed(url: str, path: str, total: int, *, chunk: int = MB,
                  length: int | None = None, headers: str = "") -> tuple[int, dict[str, str], bytes, int]:
    """POST `total` bytes in `chunk`-sized pieces: chunked (no Content-Length) unless `length`
    is given; stops sending as soon as the server answers. (status, headers, body, bytes sent)."""
    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=30)
    framing = f"Content-Length: {length}" if length is not None else "Transfer-Encoding: chunked"
    sock.sendall((f"POST {path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
                  f"Content-Type: application/json\r\n{headers}{framing}\r\n\r\n").encode())
    piece = b'{"name": "' + b"x" * (chunk - 10)
    sent = 0
    try:
        while sent < total:
            if select.select([sock], [], [], 0)[0]:
                break  # the server has answered: send no more
            frame = piece if length is not None else b"%x\r\n%s\r\n" % (len(piece), piece)
            sock.sendall(frame)
            sent += len(piece)
        else:
            if length is None:
                sock.sendall(b"0\r\n\r\n")
    except OSError:
        pass  # the server closed the connection on us: its answer is still there to read
    try:
        status, answer_headers, body = _read_response(sock)
    finally:
        sock.close()
    return status, answer_headers, body, sent


# 1. Request bodies have a size limit ------------------------------------------------------

# Reliability case 39 (docs/reliability.md).
@pytest.mark.parametrize("path, expected", [
    ("/api/subscriptions", 413),  # JSON body read by FastAPI: cut off at the limit
    ("/subscriptions", 413),  # the web form's own smaller cap answers first
    ("/api/subscriptions/abc/visit", 401),  # a route that reads no body answers at once
])
def test_streamed_body_without_length_is_cut_off_at_the_limit(guarded, path, expected):
    """60 MB in chunks without Content-Length to a writing route: answered long before the end
    (and the connection closed, so no more is read), the server's memory does not grow with
    the body (it was read whole before the 401: RSS 99 → 465 MB for 200 MB)."""
    with http(guarded) as client:  # warm the route up, so its first use does not count as growth
        assert client.post(path, json={"name": "x"}).status_code in (401, 404)
    pid = guarded.process.pid
    before = rss_kb(pid)
    status, headers, body, sent = post_streamed(guarded.url, path, 60 * MB)
    grown_mb = (rss_kb(pid) - before) / 1024
    assert status == expected, body[:300]
    if path.startswith("/api/"):
        assert body.startswith(b"{") and f'"status":{expected}'.encode() in body.replace(b" ", b"")
    assert headers.get("connection") == "close"
    assert sent < 30 * MB, f"the server let {sent / MB:.0f} MB in before answering"
    assert grown_mb < 30, f"server RSS grew by {grown_mb:.0f} MB"
    with http(guarded) as client:  # and it still serves
        assert client.get("/healthz").status_code == 200


# Reliability case 39 (docs/reliability.md).
def test_declared_length_over_the_limit_is_refused_before_the_body(guarded):
    pid = guarded.process.pid
    before = rss_kb(pid)
    status, headers, body, sent = post_streamed(
        guarded.url, "/api/subscriptions", 200 * MB, chunk=64 * 1024, length=200 * MB,
        headers=f"Authorization: Bearer {TOKEN}\r\n")
    assert status == 413 and b"too large" in body
    assert sent < 30 * MB and (rss_kb(pid) - before) / 1024 < 30


class InProcess:
    """The app in this process over ASGI (httpx's ASGITransport: a streamed body arrives in
    several messages), on a real store and index opened once."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        async def go() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with self.app.router.lifespan_context(self.app), httpx.AsyncClient(
                    transport=transport, base_url="http://127.0.0.1") as client:
                return await client.request(method, path, **kwargs)

        return asyncio.run(go())

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", path, **kwargs)


@pytest.fixture(scope="module")
def in_process(tmp_path_factory):
    """A body limit of 1 KB, so the edges are cheap to reach."""
    data_dir = tmp_path_factory.mktemp("inproc") / "data"
    built = build_data(data_dir)
    config = load_config(environ={"MUNEWS_MAX_BODY_KB": "1", "MUNEWS_RATE_LIMIT": "0"},
                         dotenv_path=None, data_dir=data_dir, sources_file=built.sources_file)
    store = Store(config.store_path)
    backend = open_backend(config, store=store, readonly=True)
    yield InProcess(create_app(config, backend=backend, store=store))
    backend.close()
    store.close()


def _json_of_size(size: int) -> bytes:
    head = b'{"name": "'
    return head + b"a" * (size - len(head) - 2) + b'"}'


# Reliability case 39 (docs/reliability.md).
def test_body_at_the_limit_passes_one_byte_more_is_413(in_process):
    at_limit = _json_of_size(1024)
    answer = in_process.post("/api/subscriptions", content=at_limit,
                             headers={"Content-Type": "application/json"})
    assert answer.status_code == 422  # read and validated (the name is too long), not refused
    over = in_process.post("/api/subscriptions", content=at_limit + b" ",
                           headers={"Content-Type": "application/json"})
    assert over.status_code == 413
    assert over.json() == {"ok": False, "error": "request body too large (limit 1 KB)",
                           "errors": ["request body too large (limit 1 KB)"], "status": 413}


def test_chunked_body_over_the_limit_is_413(in_process):
    async def pieces():
        for _ in range(8):
            yield b"x" * 512

    answer = in_process.post("/api/subscriptions", content=pieces(),
                             headers={"Content-Type": "application/json"})
    assert "content-length" not in answer.request.headers
    assert answer.status_code == 413 and answer.json()["status"] == 413
    assert answer.headers["connection"] == "close"


@pytest.mark.parametrize("method, path", [
    ("GET", "/api/search"), ("POST", "/api/subscriptions/abc/visit"), ("POST", "/subscriptions"),
    ("GET", "/"), ("POST", "/healthz"),
])
def test_every_route_refuses_a_declared_body_over_the_limit(in_process, method, path):
    answer = in_process.request(method, path, content=b"q=" + b"x" * 4096,
                                headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 413
    if path.startswith("/api/") or path == "/healthz":
        assert answer.json()["status"] == 413
    else:
        assert answer.headers["content-type"].startswith("text/html")


# 2. Subscription ids are listed only to the token ----------------------------------------

def _make_subscription(client: httpx.Client, headers: dict[str, str] | None = None) -> str:
    made = client.post("/api/subscriptions", json={"name": "Бюджет", "q": "бюджет"}, headers=headers)
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


# Reliability case 38 (docs/reliability.md).
@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}])
def test_api_list_needs_the_token(guarded, headers):
    with http(guarded) as client:
        sub_id = _make_subscription(client, AUTH)
        listed = client.get("/api/subscriptions", headers=headers)
        assert listed.status_code == 401 and sub_id not in listed.text
        assert listed.headers["www-authenticate"] == "Bearer"
        assert listed.json()["status"] == 401
        with_token = client.get("/api/subscriptions", headers=AUTH)
        assert with_token.status_code == 200
        assert sub_id in {sub["id"] for sub in with_token.json()}
        # the id itself still opens the saved search and its feed (it is the secret)
        assert client.get(f"/api/subscriptions/{sub_id}").status_code == 200
        assert client.get(f"/api/subscriptions/{sub_id}/feed.atom").status_code == 200


# Reliability case 38 (docs/reliability.md).
def test_web_list_shows_no_ids_without_the_token(guarded):
    with http(guarded) as client:
        sub_id = _make_subscription(client, AUTH)
        page = client.get("/subscriptions")
        assert page.status_code == 200 and sub_id not in page.text
        assert "Бюджет" not in page.text  # nor the names (they tell what the team watches)
        assert "токен" in page.text.lower()
        assert "Список подписок виден только с токеном доступа" in page.text
        with_header = client.get("/subscriptions", headers=AUTH)
        assert sub_id in with_header.text
        by_form = client.post("/subscriptions/list", data={"token": TOKEN})
        assert by_form.status_code == 200 and sub_id in by_form.text
        wrong = client.post("/subscriptions/list", data={"token": "wrong"})
        assert wrong.status_code == 401 and sub_id not in wrong.text


# Reliability case 38 (docs/reliability.md).
def test_single_user_install_lists_without_a_token(single_user):
    with http(single_user) as client:
        sub_id = _make_subscription(client)
        assert sub_id in {sub["id"] for sub in client.get("/api/subscriptions").json()}
        page = client.get("/subscriptions")
        assert f'href="/subscriptions/{sub_id}"' in page.text
        assert "только с токеном" not in page.text


# 3. The Host header never reaches a link -------------------------------------------------

EVIL = "evil.example"
FORGED_HOSTS = [EVIL, f"{EVIL}:8000", f"localhost@{EVIL}", f"localhost:1@{EVIL}",
                f"localhost.{EVIL}", f"{EVIL}#localhost", f"127.0.0.1.{EVIL}"]


# Reliability case 40 (docs/reliability.md).
@pytest.mark.parametrize("host", FORGED_HOSTS)
def test_feed_never_echoes_a_forged_host(single_user, host):
    with http(single_user) as client:
        feed = client.get("/api/feed.atom", params={"q": "совет"}, headers={"Host": host})
        assert feed.status_code == 200
        assert EVIL not in feed.text
        links = re.findall(r'href="([^"]*)"', feed.text)
        assert links and all(link.startswith(("/", "https://")) for link in links), links
        assert 'href="/api/feed.atom?q=' in feed.text  # relative to where the reader got it


# Reliability case 40 (docs/reliability.md).
def test_subscription_feed_and_feed_url_never_echo_a_forged_host(single_user):
    with http(single_user) as client:
        sub_id = _make_subscription(client)
        forged = {"Host": EVIL}
        state = client.get(f"/api/subscriptions/{sub_id}", headers=forged)
        assert state.json()["feed_url"] == f"/api/subscriptions/{sub_id}/feed.atom"
        assert EVIL not in client.get("/api/subscriptions", headers=forged).text
        feed = client.get(f"/api/subscriptions/{sub_id}/feed.atom", headers=forged)
        assert feed.status_code == 200 and EVIL not in feed.text


# Reliability case 40 (docs/reliability.md).
def test_redirects_never_echo_a_forged_host(single_user):
    with http(single_user) as client:
        moved = client.get("/new/", headers={"Host": EVIL})
        assert moved.status_code in (301, 302, 307, 308)
        assert EVIL not in moved.headers["location"]
        assert moved.headers["location"] == "/new"


def test_trusted_host_still_gets_absolute_links(single_user):
    port = urlsplit(single_user.url).port
    with http(single_user) as client:
        for host in (f"localhost:{port}", f"127.0.0.1:{port}", f"LOCALHOST:{port}"):
            feed = client.get("/api/feed.atom", headers={"Host": host})
            assert f'href="http://{host.lower()}/api/feed.atom"' in feed.text


@pytest.fixture(scope="module")
def public(tmp_path_factory):
    running = _server(tmp_path_factory, "public", MUNEWS_PUBLIC_URL=PUBLIC_URL + "/")
    yield running
    running.stop()


def test_public_url_beats_any_host(public):
    with http(public) as client:
        for host in (EVIL, "localhost"):
            feed = client.get("/api/feed.atom", params={"q": "совет"}, headers={"Host": host})
            assert EVIL not in feed.text
            assert f'href="{PUBLIC_URL}/api/feed.atom?q=' in feed.text
            assert f'href="{PUBLIC_URL}/articles/' in feed.text
        moved = client.get("/new/", headers={"Host": EVIL})
        assert EVIL not in moved.headers["location"]


def test_forms_still_work_under_an_untrusted_host_name(single_user):
    """A LAN install reached as http://server.lan:8000/ without any setting: links are
    relative, and the page's own form posts (Origin = that name) are not refused as CSRF."""
    port = urlsplit(single_user.url).port
    host = f"server.lan:{port}"
    with http(single_user) as client:
        made = client.post("/subscriptions", data={"name": "ЛВС", "q": "совет"},
                           headers={"Host": host, "Origin": f"http://{host}"})
        assert made.status_code == 303 and made.headers["location"].startswith("/subscriptions/")


# 4. The rate limit: a team behind one address, a proxy, a token, a flood ---------------

LIMIT = 30


@pytest.fixture(scope="module")
def limited(tmp_path_factory):
    running = _server(tmp_path_factory, "limited", MUNEWS_API_TOKEN=TOKEN,
                      MUNEWS_RATE_LIMIT=str(LIMIT), MUNEWS_TRUSTED_PROXIES="127.0.0.1")
    yield running
    running.stop()


def drain(client: httpx.Client, headers: dict[str, str] | None = None) -> httpx.Response:
    """Requests until one is refused (never more than 10 × the limit); that response."""
    for _ in range(10 * LIMIT):
        answer = client.get("/api/search", params={"q": "совет"}, headers=headers)
        if answer.status_code == 429:
            return answer
        assert answer.status_code == 200, answer.text
    raise AssertionError("the rate limit never answered 429")


def test_team_behind_one_address_is_not_limited(single_user):
    """50 people behind one NAT, each running a search and loading a page within seconds,
    under the default budget: not one 429."""
    def person(i: int) -> list[int]:
        with http(single_user) as client:
            return [client.get("/api/search", params={"q": "совет", "page": 1 + i % 3}).status_code,
                    client.get("/", params={"q": "благоустройство"}).status_code]

    with ThreadPoolExecutor(max_workers=50) as pool:
        statuses = [code for pair in pool.map(person, range(50)) for code in pair]
    assert statuses.count(429) == 0 and set(statuses) == {200}


# Reliability case 42 (docs/reliability.md).
def test_flood_from_one_address_gets_429_with_retry_after(limited):
    with http(limited, "127.0.0.5") as client:
        refused = drain(client)
        assert int(refused.headers["retry-after"]) >= 1
        assert refused.json()["status"] == 429


def test_spoofed_forwarded_for_from_an_untrusted_peer_gets_no_fresh_budget(limited):
    with http(limited, "127.0.0.2") as client:
        drain(client)
        for spoof in ("203.0.113.9", "198.51.100.1, 203.0.113.10", "garbage"):
            assert client.get("/api/search", headers={"X-Forwarded-For": spoof}).status_code == 429


def test_forwarded_for_from_a_trusted_proxy_names_the_client(limited):
    # 127.0.0.1 is the configured proxy: each address it forwards for has its own budget.
    with http(limited, "127.0.0.1") as proxy:
        refused = drain(proxy, {"X-Forwarded-For": "198.51.100.7"})
        assert int(refused.headers["retry-after"]) >= 1
        fresh = proxy.get("/api/search", headers={"X-Forwarded-For": "198.51.100.8"})
        assert fresh.status_code == 200
        # A client that prepends a forged hop is still known by the address the proxy saw.
        forged = proxy.get("/api/search", headers={"X-Forwarded-For": "203.0.113.1, 198.51.100.7"})
        assert forged.status_code == 429


def test_the_token_has_its_own_budget_a_wrong_one_does_not(limited):
    with http(limited, "127.0.0.3") as client:
        drain(client)
        assert client.get("/api/search", headers={"Authorization": "Bearer guessed"}).status_code == 429
        assert client.get("/api/search", headers=AUTH).status_code == 200


# Reliability case 42 (docs/reliability.md).
def test_default_budget_fits_a_team_and_stops_a_script():
    """The default token bucket on a simulated clock: a team of 50 doing five rounds of a search
    and a page load within 10 s passes; a script at 3,000 requests a minute is refused most of
    its requests within the minute, and a client at the sustained rate never is."""
    per_minute = int(DEFAULTS["MUNEWS_RATE_LIMIT"])
    now = [0.0]
    team = RateLimiter(per_minute, clock=lambda: now[0])
    for round_no in range(5):
        now[0] = round_no * 2.0
        assert all(team.allow("nat")[0] for _ in range(100))
    now[0] = 0.0
    script = RateLimiter(per_minute, clock=lambda: now[0])
    refused = 0
    for i in range(3000):
        now[0] = i * 0.02
        refused += not script.allow("script")[0]
    assert refused > 1500  # most of the 3,000
    steady = RateLimiter(per_minute, clock=lambda: now[0])
    for i in range(2 * per_minute):
        now[0] = 1000.0 + i * 60.0 / per_minute
        assert steady.allow("steady")[0]


def test_forwarded_for_walks_only_through_trusted_proxies():
    proxies = (ip_network("10.0.0.0/8"), ip_network("::1/128"))
    assert forwarded_client("10.0.0.2", ["198.51.100.1, 10.0.0.3"], proxies) == "198.51.100.1"
    assert forwarded_client("10.0.0.2", ["203.0.113.5, 198.51.100.1"], proxies) == "198.51.100.1"
    assert forwarded_client("10.0.0.2", ["203.0.113.5", "198.51.100.1"], proxies) == "198.51.100.1"
    assert forwarded_client("192.0.2.1", ["198.51.100.1"], proxies) == "192.0.2.1"
    assert forwarded_client("10.0.0.2", ["198.51.100.1, not-an-ip"], proxies) == "10.0.0.2"
    assert forwarded_client("::1", ["2001:db8::1"], proxies) == "2001:db8::1"
    assert forwarded_client("10.0.0.2", ["10.0.0.9"], proxies) == "10.0.0.9"
