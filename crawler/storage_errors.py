"""A full disk, a read-only or locked store: end the source's crawl as failed, in one line.

SQLite answers a full disk with ``database or disk is full`` on every write; without this,
each article and each queued request failed on its own (a traceback per page, the crawl
summary «ok», exit 0, the run record left ``running``). Here the first storage error of a
source closes its spider with reason ``storage-error`` and keeps the one-line cause for the
run record and the summary; the `munews crawl` exit status is then 1.

Also the log formatter: Scrapy prints the whole item (a 250 KB page) with every dropped or
failed item; munews prints its URL only.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from scrapy.logformatter import LogFormatter, LogFormatterResult

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

__all__ = ["QuietItemsLogFormatter", "REASON", "StorageErrorMiddleware", "storage_failed"]

#: The close reason of a spider stopped by a storage error.
REASON = "storage-error"
_STAT = "munews/storage_error"


def storage_failed(crawler: Crawler, exc: BaseException) -> None:
    """Record the first storage error of a crawl and close the spider (once)."""
    stats = crawler.stats
    if stats is None or stats.get_value(_STAT):
        return
    message = " ".join(str(exc).split())[:200] or type(exc).__name__
    stats.set_value(_STAT, message)
    stats.inc_value("errors/storage")
    spider = crawler.spider
    logger.error("[%s] storage error, stopping this source: %s", getattr(spider, "source_id", "?"), message)
    if crawler.engine is not None:
        from scrapy.utils.defer import deferred_from_coro

        deferred_from_coro(crawler.engine.close_spider_async(reason=REASON))


def storage_message(stats: dict[str, Any]) -> str | None:
    """The one-line cause of a storage error recorded in a crawl's stats, if any."""
    value = stats.get(_STAT)
    return str(value) if value else None


class StorageErrorMiddleware:
    """Spider middleware: a storage error raised in a callback (the crawl state writes each
    queued request) stops the source instead of failing each page with a traceback."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorageErrorMiddleware:
        return cls(crawler)

    def process_spider_exception(self, response: Response, exception: Exception) -> Iterable[Any] | None:
        if isinstance(exception, (sqlite3.OperationalError, sqlite3.DatabaseError, OSError)):
            storage_failed(self.crawler, exception)
            return []
        return None


def _url_of(item: Any) -> str:
    return str(getattr(item, "url", None) or getattr(item, "get", lambda *_: None)("url") or type(item).__name__)


class QuietItemsLogFormatter(LogFormatter):
    """Scrapy's log lines without the item bodies."""

    def dropped(self, item: Any, exception: BaseException, response: Any, spider: Any = None) -> LogFormatterResult:
        entry = super().dropped(item, exception, response, spider)
        entry["msg"], entry["args"] = "Dropped: %(exception)s", {"exception": exception}
        return entry

    def item_error(self, item: Any, exception: BaseException, response: Any,
                   spider: Any = None) -> LogFormatterResult:
        entry = super().item_error(item, exception, response, spider)
        entry["msg"], entry["args"] = "Error processing %(url)s", {"url": _url_of(item)}
        return entry

    def scraped(self, item: Any, response: Any, spider: Any = None) -> LogFormatterResult:
        entry = super().scraped(item, response, spider)
        entry["msg"], entry["args"] = "Scraped %(url)s", {"url": _url_of(item)}
        return entry
