"""Keeping the index in step with the store: upserts, deletions, reindex, locking, readers."""

from __future__ import annotations

import dataclasses
import threading
import time

import pytest

from indexer.documents import Article, SearchQuery
from indexer.embedded import EmbeddedBackend
from indexer.errors import IndexUnavailable
from indexer.sync import indexed_seq, reindex, sync_index


def all_ids(backend):
    page = backend.search(SearchQuery(text="", limit=1000, facets=False))
    return sorted(hit.id for hit in page.hits)


def test_upsert_replaces_instead_of_duplicating(indexed, corpus):
    store, backend = indexed
    edited = dataclasses.replace(corpus["school"], title="Школы и детские сады готовы",
                                 content_hash="")
    edited.__post_init__()
    assert store.upsert(edited) == "updated"
    assert store.upsert(corpus["parks"]) == "unchanged"
    report = sync_index(store, backend)
    assert (report.indexed, report.pending) == (1, 0)
    assert backend.count() == len(corpus)
    assert [h.title for h in backend.search(SearchQuery(text="детские сады")).hits] == [edited.title]
    assert sync_index(store, backend).indexed == 0  # idempotent: nothing new to replay


def test_deleted_articles_leave_the_index(indexed, corpus):
    store, backend = indexed
    store.mark_deleted([corpus["green"].id])
    report = sync_index(store, backend)
    assert report.deleted == 1
    assert backend.get(corpus["green"].id) is None
    assert backend.count() == len(corpus) - 1


def test_reindex_equals_incremental_index(indexed, corpus, config):
    store, backend = indexed
    store.mark_deleted([corpus["school"].id])
    store.upsert(Article(url="https://tver.example.ru/news/late", source_id="tver",
                         title="Поздняя новость о молодежи", text="Молодежь района.",
                         region="Тверская область", published_at="2024-10-01T10:00:00+03:00"))
    sync_index(store, backend)
    queries = ["молодежь", "практика OR бюджет", "", "практ*"]
    incremental = [backend.search(SearchQuery(text=q, limit=100)) for q in queries]
    rebuilt_backend = EmbeddedBackend(config.data_dir / "rebuilt", timezone=config.timezone)
    report = reindex(store, rebuilt_backend)
    assert report.error is None and report.indexed == len(corpus)
    rebuilt = [rebuilt_backend.search(SearchQuery(text=q, limit=100)) for q in queries]
    for a, b in zip(incremental, rebuilt):
        assert [h.id for h in a.hits] == [h.id for h in b.hits]
        assert a.facets == b.facets and a.total == b.total
    rebuilt_backend.close()


class FlakyBackend:
    """A real embedded backend whose commit fails once, like Elasticsearch going down."""

    def __init__(self, inner, fail_on_commit):
        self.inner, self.name, self.fail_on_commit, self.commits = inner, inner.name, fail_on_commit, 0

    def __getattr__(self, attr):
        return getattr(self.inner, attr)

    def commit(self):
        self.commits += 1
        if self.commits == self.fail_on_commit:
            self.inner.close()  # drop the uncommitted batch, as a failed bulk request would
            raise IndexUnavailable("backend went away")
        self.inner.commit()


def test_a_failure_midway_loses_nothing(config, store, corpus):
    for article in corpus.values():
        store.upsert(article)
    inner = EmbeddedBackend.from_config(config)
    flaky = FlakyBackend(inner, fail_on_commit=2)
    report = sync_index(store, flaky, batch=4)
    assert report.error and report.indexed == 4 and report.pending == len(corpus) - 4
    assert indexed_seq(store, flaky) == 4 and inner.count() == 4
    report = sync_index(store, flaky, batch=4)
    assert report.error is None and report.pending == 0
    assert inner.count() == len(corpus)
    inner.close()


def test_a_second_writer_waits_for_the_first(config, corpus):
    first = EmbeddedBackend.from_config(config)
    second = EmbeddedBackend.from_config(config, lock_timeout=10.0)
    first.index([corpus["budget"]])  # holds the write lock until commit
    done = threading.Event()

    def write_second():
        second.index([corpus["parks"]])
        second.commit()
        done.set()

    thread = threading.Thread(target=write_second)
    thread.start()
    time.sleep(0.5)
    assert not done.is_set()  # still waiting for the lock
    first.commit()
    thread.join(timeout=10)
    assert done.is_set()
    assert first.count() == 2
    first.close()
    second.close()


def test_a_writer_gives_up_after_its_timeout(config, corpus):
    first = EmbeddedBackend.from_config(config)
    impatient = EmbeddedBackend.from_config(config, lock_timeout=0.2)
    first.index([corpus["budget"]])
    with pytest.raises(IndexUnavailable, match="another process is writing"):
        impatient.index([corpus["parks"]])
    first.commit()
    impatient.index([corpus["parks"]])  # free again
    impatient.commit()
    first.close()
    impatient.close()


def test_a_reader_sees_a_commit_without_reopening(config, corpus):
    writer = EmbeddedBackend.from_config(config)
    writer.index([corpus["budget"]])
    writer.commit()
    reader = EmbeddedBackend.from_config(config, readonly=True)
    assert reader.count() == 1
    writer.index([corpus["parks"], corpus["green"]])
    assert reader.count() == 1  # not committed yet
    writer.commit()
    assert reader.count() == 3
    assert reader.search(SearchQuery(text="озеленение")).total == 1
    writer.close()
    reader.close()


def test_an_index_of_another_analyzer_version_must_be_rebuilt(config):
    EmbeddedBackend.from_config(config).close()
    (config.index_dir / "munews-index.json").write_text('{"analyzer": "0", "schema": "1"}')
    with pytest.raises(IndexUnavailable, match="munews reindex"):
        EmbeddedBackend.from_config(config)
    EmbeddedBackend.from_config(config, recreate=True).close()


_HOLDER = """
import sys, time
from indexer.documents import Article
from indexer.embedded import EmbeddedBackend
backend = EmbeddedBackend(sys.argv[1])
backend.index([Article(url="https://x.example/held", source_id="x", title="Удержание", text="Текст")])
print("locked", flush=True)
time.sleep(1.5)
backend.commit()
print("committed", flush=True)
"""


def test_a_second_process_waits_for_the_writer_and_nothing_is_lost(config, corpus):
    import subprocess
    import sys

    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(config.index_dir)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    waiter = EmbeddedBackend.from_config(config, lock_timeout=30.0)
    waiter.index([corpus["parks"]])  # blocks until the other process has committed
    assert waiter.count() == 1  # so its document is already visible
    waiter.commit()
    assert holder.stdout.readline().strip() == "committed"
    assert holder.wait(timeout=30) == 0
    assert waiter.count() == 2
    assert waiter.search(SearchQuery(text="удержание")).total == 1
    waiter.close()
