"""Write token, rate limit and CORS, on a server started with those settings."""

from __future__ import annotations

import httpx
import pytest

from search_api.security import RateLimiter
from tests.fixtures_api import Server, build_data

TOKEN = "s3cret-token"
ALLOWED_ORIGIN = "https://intranet.example"
#: Low enough to hit within one test, high enough for the other tests in this module.
PER_MINUTE = 40


@pytest.fixture(scope="module")
def strict(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("strict") / "data"
    build_data(data_dir)
    running = Server(data_dir, env={
        "MUNEWS_API_TOKEN": TOKEN, "MUNEWS_RATE_LIMIT": str(PER_MINUTE),
        "MUNEWS_CORS_ORIGINS": ALLOWED_ORIGIN,
    }).start()
    yield running
    running.stop()


@pytest.fixture
def client(strict):
    with httpx.Client(base_url=strict.url, timeout=10.0) as http:
        yield http


SUB = {"name": "Бюджет", "q": "бюджет"}


# Reliability case 37 (docs/reliability.md).
@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"},
                                     {"Authorization": TOKEN}, {"Authorization": f"Basic {TOKEN}"}])
def test_writes_without_the_token_are_401(client, headers):
    response = client.post("/api/subscriptions", json=SUB, headers=headers)
    assert response.status_code == 401
    assert response.json()["ok"] is False
    assert response.headers["www-authenticate"] == "Bearer"


# Reliability case 37 (docs/reliability.md).
def test_writes_with_the_token_succeed_and_reads_stay_public(client):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    created = client.post("/api/subscriptions", json=SUB, headers=auth)
    assert created.status_code == 201
    sub_id = created.json()["id"]
    assert client.get(f"/api/subscriptions/{sub_id}").status_code == 200
    assert client.get(f"/api/subscriptions/{sub_id}/feed.atom").status_code == 200
    assert client.post(f"/api/subscriptions/{sub_id}/visit").status_code == 401
    assert client.post(f"/api/subscriptions/{sub_id}/visit", headers=auth).status_code == 200
    assert client.delete(f"/api/subscriptions/{sub_id}").status_code == 401
    assert client.delete(f"/api/subscriptions/{sub_id}", headers=auth).status_code == 204


# Reliability case 37 (docs/reliability.md).
def test_web_form_needs_the_token_field(client):
    form = {"name": "Форма", "q": "собрание"}
    assert client.post("/subscriptions", data=form).status_code == 401
    made = client.post("/subscriptions", data={**form, "token": TOKEN})
    assert made.status_code == 303 and made.headers["location"].startswith("/subscriptions/")


# Reliability case 36 (docs/reliability.md).
def test_cors_allows_only_the_configured_origin(client):
    allowed = client.get("/api/search", headers={"Origin": ALLOWED_ORIGIN})
    assert allowed.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    other = client.get("/api/search", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


# Reliability case 42 (docs/reliability.md).
def test_rate_limit_answers_429_then_health_still_works(client):
    statuses = []
    # Until the bucket is empty: more than PER_MINUTE requests, however slow the machine is
    # (a slow one refills a few tokens meanwhile), but never endlessly.
    while 429 not in statuses and len(statuses) < 10 * PER_MINUTE:
        statuses.append(client.get("/api/search", params={"q": "совет"}).status_code)
    assert 429 in statuses and set(statuses[:-1]) == {200}
    limited = client.get("/api/search")
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) >= 1
    assert limited.json()["status"] == 429
    assert "unsafe-inline" not in limited.headers["content-security-policy"]
    page = client.get("/")
    assert page.status_code == 429 and page.headers["content-type"].startswith("text/html")
    assert client.get("/healthz").status_code == 200


def test_token_bucket_refills_with_time():
    now = [0.0]
    limiter = RateLimiter(60, clock=lambda: now[0])
    assert all(limiter.allow("a")[0] for _ in range(60))
    allowed, wait = limiter.allow("a")
    assert not allowed and 0.9 < wait <= 1.0
    assert limiter.allow("b")[0]  # another client has its own bucket
    now[0] += 1.0
    assert limiter.allow("a")[0] and not limiter.allow("a")[0]
