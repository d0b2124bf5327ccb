"""Crawl-state plumbing of the news spider: requests, resume, re-checks, errors.

Every request the spider makes is first written to ``crawl_pages`` as ``queued`` (see
:mod:`spiders.crawl_state`) and marked ``done`` once handled; for an article, "handled"
means the item passed the pipelines (stored or dropped with a reason), which the
pipelines report through :meth:`IncrementalMixin.item_handled`. So after a SIGKILL the next crawl
requests exactly the pages that were in flight, and nothing stored is fetched twice.

Known articles are re-checked when due (``MUNEWS_RECHECK_AFTER``, stretched with age) with
``If-None-Match`` / ``If-Modified-Since``: 304 costs no body, 200 re-runs the pipelines (an
edited article becomes ``updated``), 404/410 tombstones the article in the store.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import scrapy
from scrapy import signals

from crawler.fetch_errors import failure_kind
from indexer.documents import article_id
from spiders.crawl_state import CrawlState
from spiders.discovery_mixin import DiscoveryMixin
from spiders.links import page_key

if TYPE_CHECKING:
    from scrapy.http import Response
    from twisted.python.failure import Failure

    from indexer.config import Config
    from spiders.params import SpiderParams

logger = logging.getLogger(__name__)

__all__ = ["IncrementalMixin", "failure_kind", "header", "utc_now"]

_CALLBACKS = {"listing": "parse_listing", "article": "parse_article", "feed": "parse_feed",
              "sitemap": "parse_sitemap", "robots": "parse_robots", "channel": "parse_channel"}
# Failures that will not heal by themselves: remember the page as handled so that it does
# not count as "new" on every crawl (which would defeat the stop-paging rule).
_PERMANENT = ("robots", "offsite", "oversize", "http/404", "http/410", "http/403", "ignored")
# Failures of one kind logged individually per crawl; the rest are counted only.
_LOGGED_PER_KIND = 5
# Re-checks are queued after new work: new articles matter more than confirming old ones.
_RECHECK_PRIORITY = -10


def utc_now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


class IncrementalMixin(DiscoveryMixin):
    """Requests through the crawl state; resume; conditional re-checks; error accounting."""

    params: SpiderParams
    state: CrawlState
    requested: int
    seen_pages: set[str]
    seen_articles: set[str]

    def open_state(self, config: Config) -> None:
        self.recheck_after = config.recheck_after
        self.store_path = config.store_path
        config.store_path.parent.mkdir(parents=True, exist_ok=True)
        self.state = CrawlState(config.store_path, self.params.source.id)
        # A first crawl walks the whole listing: there is no stored article to stop at.
        self.first_crawl = not self.state.has_handled_articles()
        self._expected: dict[str, tuple[str, dict[str, Any], str]] = {}
        crawler = self.crawler  # type: ignore[attr-defined]
        # Fallbacks: the pipelines call item_handled() right after storing or dropping.
        crawler.signals.connect(self._item_signal, signal=signals.item_scraped)
        crawler.signals.connect(self._item_signal, signal=signals.item_dropped)
        crawler.signals.connect(self._close_state, signal=signals.spider_closed)

    def stat(self, key: str, count: int = 1) -> None:
        stats = self.crawler.stats  # type: ignore[attr-defined]
        if stats is not None:
            stats.inc_value(key, count)

    def budget_left(self) -> bool:
        if self.requested < self.params.max_pages:
            return True
        self.stat("munews/budget_reached")
        return False

    def make_request(self, url: str, kind: str, *, conditional: bool = False, via: str = "listing",
                     meta: dict[str, Any] | None = None, priority: int = 0) -> scrapy.Request:
        """A request for `url`, remembered as queued in the crawl state first."""
        meta = {**(meta or {}), "munews_key": url, "munews_kind": kind, "munews_via": via}
        if kind == "robots":
            meta["handle_httpstatus_all"] = True  # a missing robots.txt is not an error
        else:
            self.state.queue(url, kind, listing_title=meta.get("munews_listing_title"),
                             listing_date=meta.get("munews_listing_date"), via=via)
        headers = {}
        known = self.state.get(url) if conditional else None
        if known is not None and known.last_checked is not None:
            if known.etag:
                headers["If-None-Match"] = known.etag
            elif known.last_modified:
                headers["If-Modified-Since"] = known.last_modified
            meta["handle_httpstatus_list"] = [304, 404, 410] if kind == "article" else [304]
        self.requested += 1
        return scrapy.Request(url, callback=getattr(self, _CALLBACKS[kind]), errback=self.on_error,
                              meta=meta, headers=headers, priority=priority, dont_filter=True)

    def request_key(self, response: Response) -> str:
        return str(response.meta.get("munews_key") or response.url)

    def validators(self, response: Response) -> dict[str, Any]:
        return {"etag": header(response, b"ETag"), "last_modified": header(response, b"Last-Modified")}

    def defer(self, url: str, kind: str, listing_title: str | None = None,
              listing_date: str | None = None, via: str = "listing") -> None:
        """Leave `url` queued for the next crawl: this one has used its request budget.

        Without this, a listing deeper than one crawl's budget would never be finished:
        the next crawl stops paging at the first page that holds only known articles.
        """
        self.state.queue(url, kind, listing_title=listing_title, listing_date=listing_date, via=via)
        self.stat("munews/deferred")

    def resume_requests(self) -> Iterator[scrapy.Request]:
        """Requests of pages a previous crawl queued but did not handle (killed, or deferred)."""
        for page in self.state.queued():
            if not self.budget_left():
                return
            if page.kind == "article":
                self.seen_articles.add(page.url)
            else:
                self.seen_pages.add(page_key(page.url) if page.kind == "listing" else page.url)
            self.stat("munews/resumed")
            meta = {"munews_listing_title": page.listing_title, "munews_listing_date": page.listing_date}
            yield self.make_request(page.url, page.kind, via=page.via, meta=meta, conditional=True)

    def recheck_requests(self) -> Iterator[scrapy.Request]:
        """Conditional requests for known articles whose re-check is due."""
        for page in self.state.due_articles(self.recheck_after):
            if page.url in self.seen_articles or not self.budget_left():
                continue
            self.seen_articles.add(page.url)
            self.stat("munews/rechecks")
            meta = {"munews_recheck": True, "munews_listing_title": page.listing_title,
                    "munews_listing_date": page.listing_date}
            yield self.make_request(page.url, "article", conditional=True, via=page.via, meta=meta,
                                    priority=_RECHECK_PRIORITY)

    def handle_recheck_status(self, response: Response) -> bool:
        """Handle 304 (unchanged) and 404/410 (deleted) of a conditional request."""
        key = self.request_key(response)
        if response.status == 304:
            self.stat("munews/not_modified")
            self.state.done(key, **self.validators(response))
            return True
        if response.status in (404, 410):
            self._delete_article(key)
            return True
        return False

    def _delete_article(self, url: str) -> None:
        from indexer.store import Store

        with Store(self.store_path) as store:
            deleted = store.mark_deleted([article_id(url)])
        self.state.gone(url)
        self.stat("store/deleted", deleted)
        logger.info("[%s] %s is gone from the site: marked deleted", self.params.source.id, url)

    def expect_item(self, url: str, key: str, validators: dict[str, Any], kind: str = "article") -> None:
        """The item of `url` (fetched as `key`) is on its way; mark it done when it is stored.
        `kind` "message" (a Telegram post) is never re-checked like an article page."""
        self._expected[url] = (key, validators, kind)

    def _item_signal(self, item: Any, *args: Any, **kwargs: Any) -> None:
        self.item_handled(getattr(item, "url", None))

    def item_handled(self, url: str | None, connection: sqlite3.Connection | None = None) -> None:
        """The item of `url` is stored or dropped: its page is done. The store pipeline passes
        its connection before committing, so the article and this mark commit together."""
        if url is None or url not in self._expected:
            return
        key, validators, kind = self._expected.pop(url)
        self.state.done(url, kind=kind, connection=connection, **validators)
        if key != url:
            self.state.done(key, kind="alias", connection=connection)
        logger.debug("[%s] handled %s", self.params.source.id, url)

    def _close_state(self, *args: Any, **kwargs: Any) -> None:
        self.state.close()

    def on_error(self, failure: Failure) -> None:
        """Count a request that failed for good (after retries), by kind."""
        kind = failure_kind(failure)
        self.stat(f"errors/{kind}")
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        source_id = self.params.source.id
        # A broken site fails hundreds of requests alike: the first few are logged, the rest
        # only counted (the run record and the summary table show the totals).
        stats = self.crawler.stats  # type: ignore[attr-defined]
        level = logging.WARNING if (stats.get_value(f"errors/{kind}") or 0) <= _LOGGED_PER_KIND else logging.DEBUG
        if kind == "oversize":
            max_mb = self.crawler.settings.getint("DOWNLOAD_MAXSIZE") // (1024 * 1024)  # type: ignore[attr-defined]
            logger.log(level, "[%s] dropped %s: response larger than the %d MB cap", source_id, url, max_mb)
        else:
            logger.log(level, "[%s] failed %s: %s", source_id, url, kind)
        if request is None or request.meta.get("munews_kind") == "robots":
            return
        key = request.meta.get("munews_key", url)
        if kind in _PERMANENT or request.meta.get("munews_recheck"):
            self.state.done(key)
        # Otherwise (5xx, timeout, connection) the row stays queued: the next crawl retries
        # it first. Forgetting it would lose it: the listing, holding only known articles by
        # then, stops the walk before reaching it again.
