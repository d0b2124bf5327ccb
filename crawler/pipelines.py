"""Item pipelines: PageItem -> clean Article -> SQLite store -> search index.

Enable them in ``ITEM_PIPELINES`` (``crawler/crawl_settings.py`` does). Each one needs
``MUNEWS_CONFIG`` (a :class:`~indexer.config.Config`) in the settings and raises
``NotConfigured`` without it.

* :class:`CleaningPipeline` runs the source's :class:`~crawler.cleaning.core.SourceCleaner`;
  a page that holds no article is dropped with its reason, counted as
  ``cleaning/dropped/<reason>`` (``no-body``, ``no-title``…). Pages cleaned before the
  source's site template was learned (the first pages of a first crawl) are cleaned again
  when the spider closes, counted as ``cleaning/recleaned``.
* :class:`StorePipeline` upserts into the store (the source of truth), counts
  ``store/new|updated|unchanged`` and writes the run record (``crawl_runs``) when the
  spider closes: pages fetched, articles, and errors by kind.
* :class:`IndexPipeline` replays store changes into the search backend every
  ``INDEX_EVERY`` items and at close. An unavailable index never fails the crawl: the
  store keeps everything, and the run reports how many changes are still ``pending``.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import DropItem, NotConfigured

from crawler.attachments_pipeline import found_attachments
from crawler.enrich import describe, place_in_story
from crawler.items import ExtractionFailed, PageItem
from crawler.run_stats import pages_fetched, run_errors, run_status
from crawler.storage_errors import storage_failed, storage_message
from indexer.documents import Article, article_id
from indexer.sources import source_timezone
from indexer.store import Store

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler

    from crawler.cleaning.core import SourceCleaner
    from indexer.config import Config

logger = logging.getLogger(__name__)

__all__ = ["CleaningPipeline", "IndexPipeline", "StorePipeline", "pages_fetched", "run_errors"]

# Replay into the index this often: search sees a long crawl's articles early, and one
# batch of ~200 documents is a cheap tantivy commit.
INDEX_EVERY = 200
# How long a sync waits for another process's index write lock (the scheduler runs several
# crawls at once). Mid-crawl the wait blocks downloads, so it is short: the close-time sync
# (or the next crawl) catches up; at close a longer wait costs only the end of the run.
LOCK_WAIT_MID_CRAWL = 5.0
LOCK_WAIT_AT_CLOSE = 60.0
# Pages of a source cleaned before its template was trusted are kept in memory and cleaned
# again at close. The template needs a handful of pages (crawler/cleaning/template.py MIN_PAGES),
# so this bound is never reached by a healthy site; it caps memory for one that never
# yields a template (every page different), at a few MB of HTML.
RECLEAN_MAX_PAGES = 30


def _config(crawler: Crawler) -> Config:
    config = crawler.settings.get("MUNEWS_CONFIG")
    if config is None:
        raise NotConfigured("MUNEWS_CONFIG is not set")
    return config  # type: ignore[no-any-return]


def _source(crawler: Crawler) -> Any:
    return crawler.spider.params.source  # type: ignore[union-attr]


def _handled(crawler: Crawler, url: str, connection: sqlite3.Connection | None = None) -> None:
    """Tell the spider's crawl state that the page of `url` needs no fetch on resume."""
    handler = getattr(crawler.spider, "item_handled", None)
    if handler is not None:
        handler(url, connection)


class CleaningPipeline:
    """Turn a fetched page into an Article, or drop it with the cleaning stage's reason."""

    def __init__(self, crawler: Crawler, config: Config) -> None:
        self.crawler = crawler
        self.config = config
        self.store: Store | None = None
        self.cleaner: SourceCleaner | None = None
        self.early_pages: list[PageItem] = []
        self.not_found_learned = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CleaningPipeline:
        return cls(crawler, _config(crawler))

    def open_spider(self, spider: Spider | None = None) -> None:
        from crawler.cleaning.core import SourceCleaner

        source = _source(self.crawler)
        # The cleaner keeps what it learns about the site's template in the store file.
        self.store = Store(self.config.store_path)
        self.cleaner = SourceCleaner(source.id, self.store.connection, source_timezone(source, self.config.timezone))

    def close_spider(self, spider: Spider | None = None) -> None:
        if self.cleaner is not None:
            self._learn_not_found()  # a crawl that brought no article still updates it
            if self.early_pages and self.cleaner.template.ready and self._reclean():
                # The index pipeline closed first (Scrapy closes pipelines in reverse order).
                sync_pending(self.config)
            try:
                self.cleaner.close()
            except sqlite3.Error as exc:  # the template is relearned next time: nothing lost
                logger.error("[%s] site template not saved: %s", _source(self.crawler).id, exc)
        if self.store is not None:
            self.store.close()

    def _reclean(self) -> int:
        """Clean the early pages again with the learned template; how many articles changed."""
        assert self.store is not None
        changed = 0
        for item in self.early_pages:
            try:
                article = self._article(item)
            except ExtractionFailed:
                continue
            try:
                if self.config.enrich:
                    describe(article)
                    place_in_story(self.store, article)
                if self.store.upsert(article) != "unchanged":
                    changed += 1
            except sqlite3.Error as exc:  # disk full, read-only: the first cleaning stays stored
                _rollback(self.store.connection)
                logger.error("[%s] pages not cleaned again: %s", _source(self.crawler).id, exc)
                break
        self.crawler.stats.set_value("cleaning/recleaned", changed)
        self.early_pages.clear()
        return changed

    def _learn_not_found(self) -> None:
        # The spider's probe of a URL that cannot exist (spiders/not_found.py), once answered.
        assert self.cleaner is not None
        probe = getattr(self.crawler.spider, "not_found_page", None)
        if probe is not None and not self.not_found_learned:
            self.not_found_learned = True
            learned = self.cleaner.learn_not_found(*probe)
            self.crawler.stats.set_value("cleaning/not_found_page", "learned" if learned else "none")

    async def process_item(self, item: PageItem | Article) -> Article:
        assert self.cleaner is not None
        if isinstance(item, Article):
            # already clean: a Telegram message (spiders/telegram.py)
            return describe(item) if self.config.enrich else item
        if not self.cleaner.template.ready and len(self.early_pages) < RECLEAN_MAX_PAGES:
            self.early_pages.append(item)
        try:
            article = self._article(item)
        except ExtractionFailed as exc:
            self.crawler.stats.inc_value(f"cleaning/dropped/{exc.reason}")
            if exc.reason == "soft-404" and self.store is not None:
                # A stored article whose page now says «не найдена» is gone, like a 404.
                gone = self.store.mark_deleted([article_id(item.url)])
                self.crawler.stats.inc_value("store/deleted", gone)
            _handled(self.crawler, item.url)
            source_id = _source(self.crawler).id
            raise DropItem(f"[{source_id}] {item.url}: no article ({exc})") from None
        return describe(article) if self.config.enrich else article

    def _article(self, item: PageItem) -> Article:
        """The clean Article of one page; raises ExtractionFailed."""
        assert self.cleaner is not None
        self._learn_not_found()
        source = _source(self.crawler)
        reference, clock = reference_clock(item)
        cleaned = self.cleaner.clean(
            item.html, item.url, listing_title=item.listing_title,
            listing_date=item.listing_date, fetched_at=reference, clock=clock,
        )
        from crawler.best_practice.tagger import is_best_practice

        return Article(
            url=item.url, source_id=source.id, source_name=source.name, region=source.region,
            title=cleaned.title, text=cleaned.text, published_at=cleaned.published_at,
            date_source=cleaned.date_source, author=cleaned.author, lead=cleaned.lead,
            images=list(cleaned.images), fetched_at=item.fetched_at,
            best_practice=is_best_practice(cleaned.title, cleaned.text),
            attachments=found_attachments(cleaned.documents),  # read by AttachmentsPipeline
        )


#: A server clock further ahead of ours than this is wrong, not a time zone.
_SERVER_CLOCK_AHEAD_MAX = timedelta(days=1)


def reference_clock(item: PageItem) -> tuple[datetime, str]:
    """(clock, name) that relative dates of the page («Сегодня, 10:15») are read against.

    The server's ``Date`` header when it sent a sane one: the page said «сегодня» on the
    server's day, which is not the crawler's day when the page sat in a cache or the crawl
    runs near midnight in another zone. Otherwise the fetch time.
    """
    fetched = datetime.fromisoformat(item.fetched_at)
    if item.server_date:
        try:
            served = parsedate_to_datetime(item.server_date)
        except (TypeError, ValueError, IndexError):
            served = None
        if served is not None and served.tzinfo is not None and served - fetched <= _SERVER_CLOCK_AHEAD_MAX:
            return served, "server-date"
    return fetched, "fetch-time"


def _rollback(connection: sqlite3.Connection) -> None:
    try:
        connection.rollback()
    except sqlite3.Error:
        pass  # the connection is already unusable: the spider is closing anyway


class StorePipeline:
    """Upsert articles by canonical URL and record the crawl run."""

    def __init__(self, crawler: Crawler, config: Config) -> None:
        self.crawler = crawler
        self.config = config
        self.store: Store | None = None
        self.run_id = 0
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler, _config(crawler))

    def open_spider(self, spider: Spider | None = None) -> None:
        self.store = Store(self.config.store_path)
        self.run_id = self.store.start_run(_source(self.crawler).id)

    async def process_item(self, item: Article) -> Article:
        assert self.store is not None
        # One transaction for the article and its crawl-state mark: a SIGKILL between two
        # commits would otherwise re-fetch (harmless) or, worse, forget a stored page.
        try:
            if self.config.enrich:
                place_in_story(self.store, item)
            result = self.store.upsert(item, commit=False)
            _handled(self.crawler, item.url, self.store.connection)
            self.store.commit()
        except sqlite3.Error as exc:  # disk full, read-only, locked beyond the busy timeout
            _rollback(self.store.connection)
            storage_failed(self.crawler, exc)
            raise DropItem(f"not stored ({exc})") from None
        self.crawler.stats.inc_value(f"store/{result}")
        return item

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.store is None:
            return
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        pages = pages_fetched(stats)
        status = run_status(reason, pages)
        failure = storage_message(stats)
        try:
            self.store.finish_run(
                self.run_id, status="failed" if failure else status, pages_fetched=pages,
                new=int(stats.get("store/new", 0)), updated=int(stats.get("store/updated", 0)),
                unchanged=int(stats.get("store/unchanged", 0)), errors=run_errors(stats),
                message=f"storage error: {failure}" if failure else reason,
            )
        except sqlite3.Error as exc:
            logger.error("[%s] the run record could not be written: %s", _source(self.crawler).id, exc)
        self.store.close()
        self.store = None


class IndexPipeline:
    """Replay store changes into the search backend; never fail the crawl over the index."""

    def __init__(self, crawler: Crawler, config: Config) -> None:
        self.crawler = crawler
        self.config = config
        self.since_sync = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IndexPipeline:
        return cls(crawler, _config(crawler))

    async def process_item(self, item: Article) -> Article:
        self.since_sync += 1
        if self.since_sync >= INDEX_EVERY:
            self.since_sync = 0
            self.sync(LOCK_WAIT_MID_CRAWL)
        return item

    def close_spider(self, spider: Spider | None = None) -> None:
        self.sync(LOCK_WAIT_AT_CLOSE)

    def sync(self, lock_wait: float) -> int:
        """Bring the index up to date; return how many store changes are still not indexed.

        An index that failed or hung recently is skipped (the breaker is open): the crawl
        goes on, the store keeps every article, and the next sync after the cool-down (or
        the next crawl, or `munews reindex`) indexes the pending ones.
        """
        stats = self.crawler.stats
        if not INDEX_BREAKER.closed():
            if stats is not None:
                stats.inc_value("index/skipped")
            return int(stats.get_value("index/pending", -1)) if stats is not None else -1
        pending, failed = _sync(self.config, lock_wait, self.config.index_timeout)
        if failed and self.config.backend != "embedded":
            # A server that hangs costs a timeout per call; local index files do not hang
            # (a busy lock already waits only `lock_wait`).
            INDEX_BREAKER.trip()
        if stats is not None:
            stats.set_value("index/pending", pending)
        return pending


class CircuitBreaker:
    """Open for `cooldown` seconds after a failure: calls in that time are skipped.

    One per process, shared by every source's spider: a hung cluster costs one timeout
    per cool-down, not one per source and sync.
    """

    def __init__(self, cooldown: float) -> None:
        self.cooldown = cooldown
        self.open_until = 0.0

    def closed(self) -> bool:
        return time.monotonic() >= self.open_until

    def trip(self) -> None:
        self.open_until = time.monotonic() + self.cooldown
        logger.warning("Search index unavailable: crawls go on without it for %.0f s; pending "
                       "articles are indexed after that", self.cooldown)


#: The index breaker of this process (see :class:`CircuitBreaker`).
INDEX_BREAKER = CircuitBreaker(cooldown=300.0)


def sync_pending(config: Config, lock_wait: float = LOCK_WAIT_AT_CLOSE) -> int:
    """Sync the configured backend from the store; the number of changes left unindexed."""
    return _sync(config, lock_wait)[0]


def _sync(config: Config, lock_wait: float, request_timeout: float | None = None) -> tuple[int, bool]:
    """(changes left unindexed, whether the backend failed) after syncing it from the store."""
    store = Store(config.store_path)
    try:
        try:
            from indexer.backends import open_backend
            from indexer.sync import sync_index
        except ImportError as exc:
            logger.warning("Search index not updated (%s); the store keeps every article", exc)
            return store.max_seq(), False
        try:
            options: dict[str, Any] = ({"lock_timeout": lock_wait} if config.backend == "embedded"
                                       else {"request_timeout": request_timeout})
            backend = open_backend(config, store=store, **options)
        except Exception as exc:  # noqa: BLE001 - optional stage; the store stays the truth
            logger.warning("Search index not opened (%s: %s); run `munews reindex` later",
                           type(exc).__name__, exc)
            return _unindexed(store), True
        try:
            return int(sync_index(store, backend).pending), False
        except Exception as exc:  # noqa: BLE001 - same: an index failure never fails a crawl
            logger.warning("Search index not updated (%s: %s); run `munews reindex` later",
                           type(exc).__name__, exc)
            return _unindexed(store), True
        finally:
            backend.close()
    finally:
        store.close()


def _unindexed(store: Store) -> int:
    """Changes since the most advanced backend's last commit (the backend could not open)."""
    done = max((int(value) for value in store.meta_values("indexed_seq:").values()), default=0)
    return store.changes_after(done)
