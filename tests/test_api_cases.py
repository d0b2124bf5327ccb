"""Hostile clients against a real `munews serve` on 127.0.0.1 over the fixture corpus: odd and
abusive queries, path traversal, the security headers on every kind of answer, no endpoint
that takes a URL (no SSRF), and a short concurrent load. Reliability cases 32, 33, 35, 41, 43
(docs/reliability.md); the other API cases are in test_api.py, test_api_security.py,
test_api_hostile.py, test_api_escaping.py and test_api_fuzz.py.
"""

from __future__ import annotations

import http.client
import threading
import time
from urllib.parse import urlsplit

import httpx
import pytest

from tests.fixtures_api import Server, build_data

#: The research run saw no answer over 1 s; a shared two-core CI machine gets some slack.
SLOW_SECONDS = 2.0


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("api-cases") / "data"
    build_data(data_dir)
    running = Server(data_dir).start()
    yield running
    running.stop()


def raw_get(server: Server, target: str, method: str = "GET", body: bytes | None = None,
            headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes, float]:
    """A request with the target sent byte for byte (no client-side normalisation)."""
    parts = urlsplit(server.url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    started = time.monotonic()
    try:
        connection.putrequest(method, target, skip_accept_encoding=True)
        for name, value in {"Content-Length": str(len(body or b"")), **(headers or {})}.items():
            connection.putheader(name, value)
        connection.endheaders(body)
        answer = connection.getresponse()
        payload = answer.read()
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, payload, time.monotonic() - started
    finally:
        connection.close()


HOSTILE_QUERIES = [
    "/api/search?q=%00", "/api/search?q=" + "%D1%8F" * 10_000, "/api/search?q=%F0%9F%98%80%F0%9F%94%A5",
    "/api/search?q=*:*", "/api/search?q=title:(", "/api/search?q=.*%5B(", "/api/search?q=a%7C%7Cb%26%26c",
    "/api/search?q=%27%3B%20DROP%20TABLE%20articles%3B--", "/api/search?q=%22%22%22", "/api/search?q=((((((((((",
    "/api/search?q=-", "/api/search?q=NOT%20OR%20AND", "/api/search?q=%FF%FE%FD", "/api/search?q=%C0%AF",
    "/api/search?page=-1", "/api/search?page=99999999999999999999", "/api/search?size=0", "/api/search?size=10000",
    "/api/search?since=2024-13-45", "/api/search?since=2025-01-01&until=2020-01-01", "/api/search?sort=%3Cx%3E",
    "/api/search?" + "&".join(f"region=r{i}" for i in range(1000)), "/api/search?source=" + "s" * 5000,
    "/" + "a" * 8000, "/api/articles/" + "b" * 5000, "/api/articles/%00", "/?q=%00%FF", "/?page=abc",
    "/api/feed.atom?q=title:(", "/api/subscriptions/%00/feed.atom",
]


@pytest.mark.parametrize("target", HOSTILE_QUERIES, ids=range(len(HOSTILE_QUERIES)))
def test_hostile_queries_never_fail_and_answer_fast(server, target):
    """Reliability case 32: odd ``q`` (NUL, 10k characters, emoji, query syntax, regex, SQL,
    bad UTF-8), bad page/size/dates, 1000 regions, long paths: never a 5xx, never slow.
    (The schema-driven fuzz is tests/test_api_fuzz.py.)"""
    status, _, body, elapsed = raw_get(server, target)
    assert status < 500, (status, body[:300])
    assert status in (200, 303, 400, 404, 413, 414, 422), status
    assert b"Traceback" not in body
    assert elapsed < SLOW_SECONDS, elapsed


@pytest.mark.parametrize("method, target, body", [
    ("POST", "/api/subscriptions", b"\xff\xfe{{{"), ("POST", "/api/subscriptions", b'{"name": ' + b"[" * 5000),
    ("POST", "/api/subscriptions", b'{"name": "x", "region": ' + b'"r",' * 0 + b"123}"),
    ("POST", "/subscriptions", b"name=%FF%00&q=" + b"x" * 1000), ("PUT", "/api/search", b""),
    ("DELETE", "/api/subscriptions/" + "z" * 3000, b""),
])
def test_bad_bodies_and_methods_are_client_errors(server, method, target, body):
    """Reliability case 32: bad bodies and methods are 4xx, never 5xx."""
    status, _, answer, elapsed = raw_get(server, target, method, body, {"Content-Type": "application/json"})
    assert 400 <= status < 500, (status, answer[:300])
    assert elapsed < SLOW_SECONDS


TRAVERSALS = [
    "/static/../app.py", "/static/..%2fapp.py", "/static/%2e%2e/app.py", "/static/%2e%2e%2f%2e%2e%2fpyproject.toml",
    "/static/%252e%252e/app.py", "/static/..%252fapp.py", "/static/....//....//etc/passwd",
    "/static/..%5c..%5capp.py", "/static/%2fetc%2fpasswd", "/static//etc/passwd",
    "/static/..%c0%af..%c0%afetc/passwd", "/api/articles/..%2F..%2Fetc%2Fpasswd", "/api/articles/%2e%2e%2f%2e%2e",
    "/articles/..%2f..%2f..%2fetc%2fpasswd", "/static/style.css/../../app.py",
]


@pytest.mark.parametrize("target", TRAVERSALS, ids=range(len(TRAVERSALS)))
def test_path_traversal_finds_nothing(server, target):
    """Reliability case 33: traversal on ``/static`` and ``/api/articles``, plain, encoded and
    double-encoded: 404, and no file content."""
    status, _, body, _ = raw_get(server, target)
    assert status == 404, (status, body[:300])
    for leaked in (b"root:x:0:0", b"import ", b"[project]", b"create_app"):
        assert leaked not in body


@pytest.mark.parametrize("method, target", [
    ("GET", "/static/style.css"), ("GET", "/api/no-such-route"), ("GET", "/api/search?size=many"),
    ("PUT", "/api/search"), ("GET", "/api/articles/none"), ("GET", "/healthz"), ("GET", "/api/feed.atom"),
])
def test_security_headers_on_every_kind_of_answer(server, method, target):
    """Reliability case 35: CSP, nosniff, X-Frame-Options, Referrer-Policy and COOP on pages,
    errors (404, 405, 422), static files and feeds (the pages themselves: test_api.py)."""
    _, headers, _, _ = raw_get(server, target, method)
    assert "default-src 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] and headers["cross-origin-opener-policy"]


def test_no_endpoint_takes_a_url(server):
    """Reliability case 41: no parameter or body field of any route is a URL the server would
    fetch (no SSRF surface), in the OpenAPI schema and among the routes it leaves out."""
    from search_api import create_app
    from tests.fixtures_api import load_config

    schema = httpx.get(server.url + "/openapi.json", timeout=10).json()
    suspicious = ("url", "uri", "link", "href", "callback", "webhook", "target", "fetch", "proxy")
    models = schema.get("components", {}).get("schemas", {})
    inputs = []
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            inputs += [(path, p["name"], p.get("schema", {})) for p in operation.get("parameters", [])]
            for content in operation.get("requestBody", {}).get("content", {}).values():
                model = models[content["schema"]["$ref"].rsplit("/", 1)[-1]]
                inputs += [(path, name, prop) for name, prop in model.get("properties", {}).items()]
    assert any(path == "/api/subscriptions" for path, _, _ in inputs)  # the body fields are seen
    for path, name, prop in inputs:
        assert not any(word in name.lower() for word in suspicious), (path, name)
        assert prop.get("format") not in ("uri", "url"), (path, name, prop)
    # Hidden routes (include_in_schema=False) take no URL either: their parameters by name.
    app = create_app(load_config(environ={}, dotenv_path=None, data_dir=server.data_dir))
    for route in app.routes:
        for param in getattr(getattr(route, "dependant", None), "query_params", []):
            assert not any(word in param.name.lower() for word in suspicious), (route.path, param.name)


def test_short_concurrent_load_has_no_errors(server):
    """Reliability case 43, scaled down (20 clients × 2 s instead of 50 × 20 s on 3,213
    documents): every answer a 200, none slow."""
    queries = ["совет", "бюджет", "благоустройство дворов", "молодежь", "конкурс практика", "семинар глав"]
    results: list[tuple[int, float]] = []
    lock = threading.Lock()
    stop = time.monotonic() + 2.0

    def client(number: int) -> None:
        with httpx.Client(base_url=server.url, timeout=30) as http:
            i = number
            while time.monotonic() < stop:
                started = time.monotonic()
                status = http.get("/api/search", params={"q": queries[i % len(queries)], "page": 1 + i % 3}).status_code
                with lock:
                    results.append((status, time.monotonic() - started))
                i += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(results) >= 20
    assert {status for status, _ in results} == {200}
    assert max(elapsed for _, elapsed in results) < 10
