"""Issue 18, search and display: municipalities and practice topics are facets and filters on
both backends, in the API, on the page, in the CLI and in the exports; a story republished by
several sites is shown once, its earliest publication at the head, with «ещё N источников»,
and the article page lists the other publications.

Backends are the real tantivy index and, with a node, the real Elasticsearch; the API and page
tests run a real `munews serve` over a real store and index.
"""

from __future__ import annotations

import csv
import io
import json

import httpx
import pytest

from indexer.collapse import search_stories
from indexer.documents import Article, Municipality, SearchQuery
from tests.fixtures_api import Server, add_articles, build_data
from tests.fixtures_elastic import BothBackends

CHAIKOVSKY = Municipality("Чайковский городской округ", "городской округ", "Пермский край")
KUNGUR = Municipality("Кунгур", "город", "Пермский край")
BUDGET, TOS = "Инициативное бюджетирование", "ТОС и старосты"
FORUM_TEXT = ("В Чайковском городском округе прошёл форум инициативного бюджетирования. "
              "Участники обсудили проекты жителей и защитили двенадцать заявок.")


def _article(slug: str, source: str, region: str, day: str, title: str, text: str, *,
             story: str = "", municipalities=(), topics=()) -> Article:
    return Article(
        url=f"https://{source}.example.ru/news/{slug}/", source_id=source, source_name=f"Совет {source}",
        region=region, title=title, text=text, published_at=f"2024-03-{day}T10:00:00+03:00",
        fetched_at="2024-12-01T00:00:00+00:00", municipalities=list(municipalities),
        topics=list(topics), story_id=story)


ORIGINAL = _article("forum", "perm-smo", "Пермский край", "01", "Форум инициативного бюджетирования",
                    FORUM_TEXT, municipalities=[CHAIKOVSKY], topics=[BUDGET])
# Reposts: another title, a trimmed or longer text; the story is the original's.
REPOST_LATE = _article("repost", "okmo", "Москва", "05", "В Прикамье обсудили инициативные проекты",
                       FORUM_TEXT + " Форум провели впервые.", story=ORIGINAL.id,
                       municipalities=[CHAIKOVSKY], topics=[BUDGET])
REPOST_EARLY = _article("copy", "tver-smo", "Тверская область", "03", "Форум инициативного бюджетирования прошёл",
                        FORUM_TEXT, story=ORIGINAL.id, municipalities=[CHAIKOVSKY], topics=[BUDGET])
ELDERS = _article("elders", "perm-smo", "Пермский край", "02", "Старосты Кунгура встретились с главой",
                  "Сельские старосты и активисты ТОС Кунгура обсудили форум старост.",
                  municipalities=[KUNGUR], topics=[TOS])
DRILL = _article("drill", "tver-smo", "Тверская область", "04", "Учения МЧС", "Прошли учения спасателей.")
ARTICLES = [ORIGINAL, REPOST_LATE, REPOST_EARLY, ELDERS, DRILL]


@pytest.fixture(scope="module")
def indexes(request, tmp_path_factory):
    found = BothBackends(request, tmp_path_factory, ARTICLES, "munews-entities")
    yield found
    found.close()


@pytest.fixture(params=["embedded", "elasticsearch"])
def backend(request, indexes):
    if request.param == "elasticsearch":
        request.applymarker(pytest.mark.elasticsearch)
    return indexes.get(request.param)


def test_municipality_and_topic_facets_count_articles(backend):
    facets = backend.search(SearchQuery(limit=0)).facets
    assert facets["municipality"] == {CHAIKOVSKY.name: 3, KUNGUR.name: 1}
    assert facets["topic"] == {BUDGET: 3, TOS: 1}


def test_municipality_and_topic_filters(backend):
    def ids(**options):
        return {hit.id for hit in backend.search(SearchQuery(limit=20, **options)).hits}

    assert ids(municipalities=(KUNGUR.name,)) == {ELDERS.id}
    assert ids(topics=(BUDGET,)) == {ORIGINAL.id, REPOST_LATE.id, REPOST_EARLY.id}
    assert ids(municipalities=(KUNGUR.name, CHAIKOVSKY.name)) == {ORIGINAL.id, REPOST_LATE.id,
                                                                  REPOST_EARLY.id, ELDERS.id}
    assert ids(municipalities=(KUNGUR.name,), topics=(BUDGET,)) == set()
    assert ids(municipalities=("Кунгурский муниципальный округ",)) == set()  # exact names, not words
    stored = backend.get(ORIGINAL.id)
    assert stored.municipalities == [CHAIKOVSKY] and stored.topics == [BUDGET]
    assert stored.story_id == ORIGINAL.id and backend.get(REPOST_LATE.id).story_id == ORIGINAL.id


def test_a_story_is_one_hit_headed_by_its_earliest_publication(backend):
    query = SearchQuery(text="форум", limit=10)
    assert backend.search(query).total == 4  # three copies of the forum story and the elders
    page = search_stories(backend, query)
    assert page.total == 4 and page.stories == 2
    forum = next(hit for hit in page.hits if hit.story_id == ORIGINAL.id)
    assert forum.id == ORIGINAL.id and forum.story_others == 2
    assert len({hit.story_id for hit in page.hits}) == len(page.hits)
    # Filtered to where the original is not, the earliest of the others heads the story.
    elsewhere = search_stories(backend, SearchQuery(text="форум", regions=("Москва", "Тверская область")))
    assert [(hit.id, hit.story_others) for hit in elsewhere.hits] == [(REPOST_EARLY.id, 1)]


def test_story_pages_count_stories_and_the_store_counts_the_others(backend):
    heads = [search_stories(backend, SearchQuery(sort="date", limit=1, offset=n)).hits[0].id
             for n in range(3)]
    # By date: the drill (04), the forum story at the place of its newest copy (05) first.
    assert heads == [ORIGINAL.id, DRILL.id, ELDERS.id]
    assert search_stories(backend, SearchQuery(sort="date", limit=5, offset=3)).hits == []
    sizes = search_stories(backend, SearchQuery(text="бюджетирования"), lambda ids: {ORIGINAL.id: 7})
    assert sizes.hits[0].story_others == 6


# -- the API, the page, the CLI and the exports ---------------------------------------------------

@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("entities") / "data"
    config = build_data(data_dir)
    add_articles(config, ARTICLES)
    running = Server(data_dir).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.url, timeout=10.0) as http:
        yield http


def test_api_search_folds_the_story_and_filters_by_municipality_and_topic(client):
    body = client.get("/api/search", params={"q": "инициативного бюджетирования"}).json()
    forum = [hit for hit in body["hits"] if hit["story_id"] == ORIGINAL.id]
    assert [(h["id"], h["story_others"], h["topics"]) for h in forum] == [(ORIGINAL.id, 2, [BUDGET])]
    every = client.get("/api/search", params={"q": "инициативного бюджетирования", "collapse": "false"}).json()
    assert {ORIGINAL.id, REPOST_LATE.id, REPOST_EARLY.id} <= {h["id"] for h in every["hits"]}
    only = client.get("/api/search", params={"municipality": KUNGUR.name}).json()
    assert [h["id"] for h in only["hits"]] == [ELDERS.id]
    assert body["facets"]["topic"][BUDGET] == 3
    topic = client.get("/api/search", params={"topic": [TOS, BUDGET], "sort": "date"}).json()
    assert {h["id"] for h in topic["hits"]} == {ORIGINAL.id, ELDERS.id}


def test_api_article_has_municipalities_topics_and_the_other_publications(client):
    body = client.get(f"/api/articles/{ORIGINAL.id}").json()
    assert body["municipalities"] == [CHAIKOVSKY.to_dict()] and body["topics"] == [BUDGET]
    assert [m["id"] for m in body["story"]] == [REPOST_EARLY.id, REPOST_LATE.id]  # earliest first
    assert body["story"][0]["source"] == "tver-smo"
    assert client.get(f"/api/articles/{DRILL.id}").json()["story"] == []


def test_the_page_shows_a_story_once_and_offers_the_new_facets(client):
    page = client.get("/", params={"q": "инициативного бюджетирования"}).text
    assert page.count(f'href="/articles/{ORIGINAL.id}"') == 1
    assert f'href="/articles/{REPOST_LATE.id}"' not in page
    assert "ещё 2 источника с этой новостью" in page
    assert ">Муниципалитет</h2>" in page and ">Тема</h2>" in page
    assert "municipality=%D0%A7%D0%B0%D0%B9" in page  # the facet link filters by the name
    filtered = client.get("/", params={"municipality": KUNGUR.name}).text
    assert "Старосты Кунгура" in filtered and "Форум инициативного" not in filtered
    assert f'<input type="hidden" name="municipality" value="{KUNGUR.name}">' in filtered
    article = client.get(f"/articles/{ORIGINAL.id}").text
    assert "Эта новость в других источниках" in article
    assert f'href="/articles/{REPOST_EARLY.id}"' in article and "Совет tver-smo" in article


def test_cli_search_folds_and_filters(tmp_path, capsys, monkeypatch):
    from crawler.cli import main

    data_dir = tmp_path / "data"
    add_articles(build_data(data_dir), ARTICLES)
    monkeypatch.setenv("MUNEWS_DATA_DIR", str(data_dir))
    assert main(["search", "бюджетирования"]) == 0
    folded = capsys.readouterr().out
    assert main(["search", "бюджетирования", "--all-publications"]) == 0
    every = capsys.readouterr().out
    assert main(["search", "--municipality", KUNGUR.name, "--json"]) == 0
    only = json.loads(capsys.readouterr().out)
    assert "ещё 2 источника с этой новостью" in folded and folded.count("Форум") < every.count("Форум")
    assert [hit["id"] for hit in only["hits"]] == [ELDERS.id]


def test_exports_carry_municipalities_topics_and_story(config):
    from crawler.commands.export import write_articles
    from indexer.store import Store

    with Store(config.store_path) as store:
        for article in ARTICLES:
            store.upsert(article)
        lines, table = io.StringIO(), io.StringIO()
        write_articles(store, lines, "jsonl", [None])
        write_articles(store, table, "csv", [None])
    records = {r["url"]: r for r in map(json.loads, lines.getvalue().splitlines())}
    assert records[ORIGINAL.url]["municipalities"] == [CHAIKOVSKY.to_dict()]
    assert records[REPOST_LATE.url]["story_id"] == ORIGINAL.id and records[ELDERS.url]["topics"] == [TOS]
    rows = {row["url"]: row for row in csv.DictReader(io.StringIO(table.getvalue()))}
    assert rows[ELDERS.url]["municipalities"] == "Кунгур" and rows[ELDERS.url]["topics"] == TOS
    assert rows[DRILL.url]["municipalities"] == "" and rows[DRILL.url]["story_id"] == DRILL.id


def test_the_feed_counts_a_story_once_and_carries_its_topics(client):
    import xml.etree.ElementTree as ET

    from search_api.feed import TOPIC_SCHEME

    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.fromstring(client.get("/api/feed.atom", params={"topic": BUDGET}).content)
    entries = root.findall("a:entry", ns)
    assert [e.find("a:id", ns).text.rsplit(":", 1)[-1] for e in entries] == [ORIGINAL.id]
    topics = [c.attrib for c in entries[0].findall("a:category", ns) if c.get("scheme") == TOPIC_SCHEME]
    assert topics == [{"term": BUDGET, "label": BUDGET, "scheme": TOPIC_SCHEME}]
    assert "ещё 2 источника" in entries[0].find("a:summary", ns).text


def test_the_digest_lists_a_story_once_with_its_topics(config):
    from dataclasses import replace
    from datetime import datetime, timezone

    from crawler.ops.digest import build_digest, render
    from indexer.store import Store

    with Store(config.store_path) as store:
        for article in ARTICLES:
            store.upsert(replace(article, best_practice=article.story_id == ORIGINAL.id or article is ELDERS))
        digest = build_digest(store.connection, datetime(2020, 1, 1, tzinfo=timezone.utc))
    items = [item for region in digest.regions.values() for item in region]
    assert sorted(item.url for item in items) == sorted([ORIGINAL.url, ELDERS.url])
    forum = next(item for item in items if item.url == ORIGINAL.url)
    assert forum.others == 2 and forum.topics == (BUDGET,)
    text = render(digest, "text")
    assert "(и ещё 2 источника)" in text and f"Темы: {BUDGET}" in text
