"""The same API, unchanged, on the Elasticsearch backend: a `munews serve` process configured
with MUNEWS_BACKEND=elasticsearch over a real node (ELASTICSEARCH_TEST_URL). Skipped without a
node, a failure with MUNEWS_REQUIRE_ELASTICSEARCH=1 (CI)."""

from __future__ import annotations

import re
import uuid

import feedparser
import httpx
import pytest

from tests.fixtures_api import SOURCES, XSS_TITLE, Server, build_data
from tests.fixtures_elastic import drop_alias_family

pytestmark = pytest.mark.elasticsearch


@pytest.fixture(scope="module")
def client(es_url, tmp_path_factory):  # noqa: F811 - the imported fixture
    alias = f"munews-test-api-{uuid.uuid4().hex[:8]}"
    data_dir = tmp_path_factory.mktemp("api-es") / "data"
    build_data(data_dir, backend="elasticsearch", elasticsearch_url=es_url,
               elasticsearch_index=alias)
    server = Server(data_dir, env={"MUNEWS_BACKEND": "elasticsearch",
                                   "ELASTICSEARCH_URL": es_url,
                                   "ELASTICSEARCH_INDEX": alias}).start()
    try:
        with httpx.Client(base_url=server.url, timeout=30.0) as http:
            yield http
    finally:
        server.stop()
        drop_alias_family(es_url, alias)


def test_health_names_the_backend(client):
    assert client.get("/healthz").json() == {"ok": True, "backend": "elasticsearch",
                                             "articles": 60}


def test_search_filters_facets_and_paging_match_the_embedded_backend(client):
    body = client.get("/api/search", params={"q": "молодежь"}).json()
    assert body["total"] == 12  # the embedded backend finds the same 12 (tests/test_api.py)
    assert sum(body["facets"]["region"].values()) == 12
    tver = SOURCES[1][2]
    filtered = client.get("/api/search", params={"region": tver, "size": 100}).json()
    assert filtered["total"] == 16 and {h["region"] for h in filtered["hits"]} == {tver}
    pages = [client.get("/api/search", params={"sort": "date", "size": 25, "page": n}).json()
             for n in (1, 2, 3)]
    assert len({h["id"] for page in pages for h in page["hits"]}) == 60


def test_snippets_and_pages_stay_escaped(client):
    hit = client.get("/api/search", params={"q": "водоснабжение"}).json()["hits"][0]
    assert hit["title"] == XSS_TITLE
    assert set(re.findall(r"</?([a-zA-Z]+)", hit["snippet"])) <= {"mark"}
    page = client.get(f"/articles/{hit['id']}").text
    assert "<script>" not in page and "&lt;img src=x onerror=" in page


def test_feed_is_valid_atom(client):
    feed = feedparser.parse(client.get("/api/feed.atom", params={"q": "семинар"}).content)
    assert not feed.bozo and len(feed.entries) == 12
