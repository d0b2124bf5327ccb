"""The Elasticsearch backend on a real node: idempotent bulk writes, alias swap under load,
outages and back-pressure (through a fault-injecting proxy), rejected documents."""

from __future__ import annotations

import threading

import pytest

from indexer.documents import Article, SearchQuery
from indexer.elastic.admin import alias_targets, create_index, index_meta, point_alias
from indexer.elastic.backend import ElasticBackend
from indexer.elastic.reindex import rebuild
from indexer.elastic.rejections import RejectionLog
from indexer.errors import IndexUnavailable, IndexWriteError, InvalidQuery
from indexer.store import Store
from indexer.sync import reindex as sync_reindex
from indexer.sync import sync_index
from tests.fixtures_elastic import FaultProxy, make_client

pytestmark = pytest.mark.elasticsearch

REGIONS = ("Тверская область", "Курская область", "Республика Карелия")
TOPICS = ("благоустройство дворов", "молодежная политика", "инициативное бюджетирование")
FAST_BULK = {"initial_backoff": 0.05, "max_backoff": 0.2}


def make_articles(count: int, start: int = 0) -> list[Article]:
    return [
        Article(
            url=f"https://sovet{i % 7}.example.ru/news/{i}",
            source_id=f"sovet{i % 7}",
            source_name=f"Совет муниципальных образований {i % 7}",
            region=REGIONS[i % len(REGIONS)],
            title=f"Новость {i}: {TOPICS[i % len(TOPICS)]}",
            text=f"Текст новости {i} про {TOPICS[i % len(TOPICS)]} в муниципалитетах.",
            published_at=f"20{18 + i % 7}-0{1 + i % 9}-1{i % 10}T12:00:00+03:00",
        )
        for i in range(start, start + count)
    ]


def all_ids(backend: ElasticBackend) -> list[str]:
    """Every indexed id, walking the whole result with the search_after cursor."""
    ids: list[str] = []
    cursor = None
    while True:
        page = backend.search(SearchQuery(limit=97, facets=False, search_after=cursor))
        ids.extend(hit.id for hit in page.hits)
        if page.next_cursor is None:
            return ids
        cursor = page.next_cursor


def fill_store(path, articles: list[Article]) -> Store:
    store = Store(path)
    for article in articles:
        store.upsert(article, commit=False)
    store.commit()
    return store


def test_reindexing_the_same_articles_is_idempotent(es_backend):
    articles = make_articles(40)
    es_backend.index(articles)
    es_backend.index(articles[:10])
    changed = Article(**{**articles[0].to_dict(), "title": "Исправленный заголовок"})
    es_backend.index([changed])
    es_backend.commit()
    assert es_backend.count() == 40
    assert sorted(all_ids(es_backend)) == sorted(a.id for a in articles)
    assert es_backend.get(articles[0].id).title == "Исправленный заголовок"
    assert es_backend.get("0" * 20) is None


def test_alias_swap_on_reindex_while_searches_run(es_backend, tmp_path):
    store = fill_store(tmp_path / "store.sqlite3", make_articles(300))
    es_backend.index(store.iter_articles())
    es_backend.commit()
    stop = threading.Event()
    failures: list[str] = []
    searches = [0]

    def search_forever() -> None:
        while not stop.is_set():
            try:
                page = es_backend.search(SearchQuery(text="благоустройство"))
                if page.total < 100 or not page.hits or not page.facets["region"]:
                    failures.append(f"short result: total={page.total}")
            except Exception as exc:  # noqa: BLE001 - any failure of a search is the finding
                failures.append(repr(exc))
            searches[0] += 1

    readers = [threading.Thread(target=search_forever) for _ in range(2)]
    for reader in readers:
        reader.start()
    try:
        first = rebuild(es_backend, store)
        store.upsert(make_articles(1, start=300)[0])  # the crawl goes on between rebuilds
        second = rebuild(es_backend, store)
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    assert failures == []
    assert searches[0] > 5
    assert alias_targets(es_backend.client, es_backend.alias) == [second.index]
    assert not es_backend.client.indices.exists(index=first.index)
    assert second.previous == [first.index]
    assert es_backend.count() == 301


def test_rebuild_catches_up_with_the_crawl_writing_meanwhile(es_backend, tmp_path):
    path = tmp_path / "store.sqlite3"
    store = fill_store(path, make_articles(50))
    crawl = Store(path)  # the crawl process's own connection
    late = make_articles(5, start=50)
    first_id = min(a.id for a in make_articles(50))
    real_iter = store.iter_articles

    def iter_while_the_crawl_writes(*args, **kwargs):
        for number, article in enumerate(real_iter(*args, **kwargs)):
            if number == 10:  # the first batch was read already: these changes come too late
                for article_late in late:
                    crawl.upsert(article_late)
                crawl.mark_deleted([first_id])
            yield article

    store.iter_articles = iter_while_the_crawl_writes  # type: ignore[method-assign]
    report = rebuild(es_backend, store)
    crawl.close()
    assert es_backend.get(first_id) is None
    assert all(es_backend.get(a.id) is not None for a in late)
    assert es_backend.count() == 54
    assert report.last_seq == store.max_seq()


def test_a_mapping_change_is_detected_and_fixed_by_a_rebuild(es_backend, tmp_path):
    client, alias = es_backend.client, es_backend.alias
    es_backend.ensure_index()
    old = alias_targets(client, alias)
    # An index from an older munews: same alias, older mapping version in its _meta.
    legacy = create_index(client, alias)
    client.indices.put_mapping(index=legacy, meta={"mapping_version": 0, "analyzer_version": "0"})
    point_alias(client, alias, legacy, old)
    assert es_backend.needs_rebuild()
    store = fill_store(tmp_path / "store.sqlite3", make_articles(20))
    report = rebuild(es_backend, store)
    assert not es_backend.needs_rebuild()
    assert index_meta(client, report.index)["mapping_version"] != 0
    assert not client.indices.exists(index=legacy)
    assert es_backend.count() == 20


def _oversized(article: Article) -> Article:
    # A keyword above Lucene's 32766-byte term limit: Elasticsearch refuses the document.
    return Article(**{**article.to_dict(), "source_name": "Я" * 20_000})


def test_a_rejected_document_is_reported_not_lost(es_backend, tmp_path):
    articles = make_articles(10)
    bad = _oversized(articles[3])
    articles[3] = bad
    store = fill_store(tmp_path / "store.sqlite3", articles)
    report = sync_index(store, es_backend)
    assert report.error is None and report.pending == 0
    es_backend.commit()
    assert es_backend.count() == 9
    assert es_backend.get(bad.id) is None
    assert store.get(bad.id) is not None  # still in the store
    [(rejected_id, reason, _, attempts)] = es_backend.rejections.list()
    assert rejected_id == bad.id and attempts == 1
    assert "source_name" in reason and "immense term" in reason
    # Fixed at the source and re-crawled: the article goes in and leaves the rejection log.
    fixed = Article(**{**bad.to_dict(), "source_name": "Совет", "title": bad.title + "!",
                       "content_hash": ""})
    store.upsert(fixed)
    assert sync_index(store, es_backend).pending == 0
    assert es_backend.get(bad.id) is not None
    assert es_backend.rejections.count() == 0


def test_without_a_rejection_log_a_refused_document_raises(es_url, es_alias):
    backend = ElasticBackend(make_client(es_url), es_alias)
    articles = make_articles(3)
    with pytest.raises(IndexWriteError) as caught:
        backend.index([articles[0], _oversized(articles[1]), articles[2]])
    assert [doc_id for doc_id, _ in caught.value.failed] == [articles[1].id]
    backend.commit()
    assert backend.count() == 2
    backend.close()


def test_back_pressure_429_is_retried_with_backoff(es_url, es_alias, tmp_path):
    proxy = FaultProxy(es_url)
    backend = ElasticBackend(make_client(proxy.url), es_alias, bulk_options=FAST_BULK,
                             rejections=RejectionLog(tmp_path / "s.sqlite3", "elasticsearch"))
    try:
        backend.ensure_index()
        proxy.throttle_bulk = 2
        assert backend.index(make_articles(120)) == 120
        backend.commit()
        assert proxy.throttled == 2 and proxy.bulk_requests >= 3
        assert backend.count() == 120
        # A node that stays saturated: the batch is given up as "unavailable", not rejected.
        proxy.throttle_bulk = 100
        with pytest.raises(IndexUnavailable):
            backend.index(make_articles(5, start=500))
        assert backend.rejections.count() == 0
    finally:
        backend.close()
        proxy.down()


def test_node_down_mid_crawl_then_back_every_article_indexed_once(es_url, es_alias, tmp_path):
    proxy = FaultProxy(es_url)
    backend = ElasticBackend(make_client(proxy.url), es_alias, bulk_options=FAST_BULK,
                             rejections=RejectionLog(tmp_path / "s.sqlite3", "elasticsearch"))
    store = Store(tmp_path / "s.sqlite3")
    batches = [make_articles(40, start=40 * n) for n in range(6)]
    try:
        for number, batch in enumerate(batches):
            if number == 2:
                proxy.down()
            if number == 5:
                proxy.up()
            for article in batch:
                store.upsert(article)
            report = sync_index(store, backend)  # what the crawl's indexing stage does
            if 2 <= number < 5:
                assert report.error and report.pending >= 40 * (number - 1)
                with pytest.raises(IndexUnavailable):
                    backend.search(SearchQuery(text="новость"))
            else:
                assert report.error is None and report.pending == 0
        ids = all_ids(backend)
        assert len(ids) == len(set(ids)) == 240
        assert set(ids) == {a.id for batch in batches for a in batch}
        assert backend.search(SearchQuery(text="новость", limit=1)).total == 240
    finally:
        backend.close()
        store.close()
        proxy.down()


@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_the_cursor_pages_past_the_result_window(es_backend, sort):
    es_backend.index(make_articles(100))
    es_backend.commit()
    # The cluster's 10,000-result window, scaled down to this corpus: from+size > 30 now fails.
    es_backend.client.indices.put_settings(index=es_backend.alias,
                                           settings={"index.max_result_window": 30})
    text = "новость OR благоустройство"
    with pytest.raises(InvalidQuery):
        es_backend.search(SearchQuery(text=text, sort=sort, offset=25, limit=10))
    ids, cursor, pages = [], None, 0
    while True:
        page = es_backend.search(SearchQuery(text=text, sort=sort, limit=25, search_after=cursor))
        assert page.total == 100 and sum(page.facets["region"].values()) == 100
        ids += [hit.id for hit in page.hits]
        pages += 1
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert len(ids) == len(set(ids)) == 100
    assert pages == 5  # four full pages, then an empty one that ends the walk


def test_clear_keeps_serving_the_old_index_until_commit(es_url, es_backend, tmp_path):
    old = make_articles(30)
    es_backend.index(old)
    es_backend.commit()
    before = alias_targets(es_backend.client, es_backend.alias)
    es_backend.clear()
    new = make_articles(20, start=100)
    es_backend.index(new)
    assert es_backend.count() == 30  # readers never see an empty or half-built index
    assert es_backend.get(old[0].id) is not None
    es_backend.commit()
    assert es_backend.count() == 20
    assert es_backend.get(old[0].id) is None and es_backend.get(new[0].id) is not None
    after = alias_targets(es_backend.client, es_backend.alias)
    assert len(after) == 1 and after != before
    assert not es_backend.client.indices.exists(index=before[0])
    # The whole-store rebuild of indexer.sync goes the same way.
    store = fill_store(tmp_path / "store.sqlite3", make_articles(12, start=200))
    assert sync_reindex(store, es_backend).indexed == 12
    assert es_backend.count() == 12
    # A rebuild abandoned before its commit leaves nothing behind.
    es_backend.clear()
    es_backend.index(make_articles(3, start=300))
    staging = es_backend._staging
    es_backend.close()
    client = make_client(es_url)
    assert not client.indices.exists(index=staging)
    assert client.count(index=es_backend.alias)["count"] == 12
    client.close()


def test_processes_opening_a_fresh_cluster_at_once_share_one_index(es_url, es_alias):
    backends = [ElasticBackend(make_client(es_url), es_alias) for _ in range(4)]
    threads = [threading.Thread(target=backend.ensure_index) for backend in backends]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(alias_targets(backends[0].client, es_alias)) == 1
    backends[0].index(make_articles(3))
    backends[0].commit()
    assert all(backend.count() == 3 for backend in backends)
    for backend in backends:
        backend.close()
