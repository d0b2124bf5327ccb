"""Atom feeds: valid (parsed back with feedparser), filtered, stable, and fresh after a crawl."""

from __future__ import annotations

import time

import feedparser
import httpx
import pytest

from indexer.documents import Article, SearchHit
from search_api.feed import build_feed
from tests.fixtures_api import SOURCES, Server, add_articles, build_data

OMSK = SOURCES[2]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("feed") / "data"
    config = build_data(data_dir)
    running = Server(data_dir).start()
    yield running, config
    running.stop()


@pytest.fixture
def client(served):
    with httpx.Client(base_url=served[0].url, timeout=10.0) as http:
        yield http


def parse(response):
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    return feed


def test_feed_is_valid_atom_with_ids_dates_and_links(client, served):
    feed = parse(client.get("/api/feed.atom", params={"q": "благоустройство"}))
    assert feed.feed.title == "munews: благоустройство"
    assert feed.feed.id.startswith("tag:")
    assert any(link.rel == "self" for link in feed.feed.links)
    total = client.get("/api/search", params={"q": "благоустройство"}).json()["total"]
    assert len(feed.entries) == total == 24
    ids = [entry.id for entry in feed.entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("tag:") for i in ids)
    stamps = [entry.updated_parsed for entry in feed.entries]
    assert all(stamps) and stamps == sorted(stamps, reverse=True)
    for entry in feed.entries:
        assert entry.link.startswith("https://") and entry.title and entry.published_parsed
        assert any(link.href.startswith(served[0].url + "/articles/") for link in entry.links)


def test_feed_applies_filters(client):
    feed = parse(client.get("/api/feed.atom", params={"region": OMSK[2], "since": "2024-01-01"}))
    assert feed.entries
    assert {entry.tags[0].term for entry in feed.entries} == {OMSK[2]}
    assert all(entry.published[:4] == "2024" for entry in feed.entries)


def test_saved_best_practice_search_feeds_only_best_practice(client):
    sub = client.post("/api/subscriptions", json={"name": "Практики", "best_practice": True})
    assert sub.status_code == 201 and sub.json()["best_practice"] is True
    feed = parse(client.get(sub.json()["feed_url"]))
    assert len(feed.entries) == 11
    assert all("Конкурс" in entry.title for entry in feed.entries)


# Reliability case 34 (docs/reliability.md).
def test_feed_of_the_xss_article_is_escaped_text(client):
    raw = client.get("/api/feed.atom", params={"q": "водоснабжение"}).text
    assert "<script>" not in raw and "<img" not in raw
    entry = parse(client.get("/api/feed.atom", params={"q": "водоснабжение"})).entries[0]
    assert "<script>" in entry.title  # shown as text, exactly as crawled


def test_new_crawl_shows_up_in_the_feed_and_the_subscription(client, served):
    _, config = served
    sub = client.post("/api/subscriptions", json={"name": "Омск", "region": [OMSK[2]]}).json()
    feed_url = sub["feed_url"]
    first = client.get(feed_url)
    before, etag = parse(first), first.headers["etag"]
    assert client.get(feed_url, headers={"If-None-Match": etag}).status_code == 304
    fresh = Article(url="https://omsk-smo.example.ru/news/fresh/", source_id=OMSK[0],
                    source_name=OMSK[1], region=OMSK[2], title="Свежая новость о водоотведении",
                    text="Новая публикация после повторного обхода.",
                    published_at="2025-01-20T09:00:00+06:00")
    time.sleep(1.1)  # first_seen_at has one-second resolution
    add_articles(config, [fresh])
    after = parse(client.get(feed_url, headers={"If-None-Match": etag}))  # changed: a full body
    assert after.feed.id == before.feed.id
    assert after.entries[0].title == fresh.title
    assert after.entries[0].id not in {entry.id for entry in before.entries}
    state = client.get(f"/api/subscriptions/{sub['id']}").json()
    assert state["new_count"] == 1 and state["new_hits"][0]["id"] == fresh.id
    client.post(f"/api/subscriptions/{sub['id']}/visit")
    assert client.get(f"/api/subscriptions/{sub['id']}").json()["new_count"] == 0
    query_feed = parse(client.get("/api/feed.atom", params={"q": "водоотведение"}))
    assert [entry.title for entry in query_feed.entries] == [fresh.title]


def test_feed_builder_strips_control_characters_and_dates_undated_items():
    hit = SearchHit(id="x1", url="https://a.example/1", title="Bad\x00\x0b title", source_id="s",
                    source_name="S", region="", published_at=None, snippet="a\x1b <mark>b</mark>")
    feed = feedparser.parse(build_feed([hit], title="t", feed_id="f", self_url="http://h/f",
                                       html_url="http://h/", article_url="http://h/a/{id}"))
    assert not feed.bozo
    assert feed.entries[0].title == "Bad title" and feed.entries[0].summary == "a b"
    assert feed.entries[0].updated.startswith("1970")


def test_feed_without_matches_is_still_valid(client):
    feed = parse(client.get("/api/feed.atom", params={"q": "несуществующееслово"}))
    assert feed.entries == [] and feed.feed.author == "munews" and feed.feed.updated
