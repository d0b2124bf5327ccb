"""Item pipeline: fetch and read the documents a clean article links (docs/attachments.md).

The cleaning stage lists the article's document links (`CleanedArticle.documents`); they
arrive here as ``pending`` attachments. Each is fetched through Scrapy's own downloader
(`engine.download_async`), so robots.txt, the per-site slot and delay, retries and the size
cap apply as to pages; each fetch counts against the source's request budget. Its bytes are
read by `crawler.attachments.extract_document` in a worker process, off the reactor thread,
under a time limit. A URL read before (in this crawl or an earlier one, see
`Store.known_document`) is not fetched again. Whatever goes wrong with a document is
recorded on it (``status``/``error``) and counted as ``attachments/<status>``; the article
is stored either way.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import scrapy
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred
from twisted.internet.threads import deferToThread

from crawler.attachments import document_kind_of_link, extract_document
from crawler.fetch_errors import failure_kind
from crawler.urls import in_domains
from indexer.documents import Article, Attachment
from indexer.store import Store

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler

    from indexer.config import Config
    from indexer.sources import Source

logger = logging.getLogger(__name__)

__all__ = ["PENDING", "AttachmentsPipeline", "found_attachments"]

PENDING = "pending"
NOT_FETCHED = "not-fetched"


def found_attachments(documents: list[tuple[str, str]], status: str = PENDING) -> list[Attachment]:
    """Attachment records of the (URL, link text) pairs the cleaning stage found."""
    return [Attachment(url=url, title=text or _file_name(url), kind=document_kind_of_link(url) or "unknown",
                       status=status) for url, text in documents]


def _file_name(url: str) -> str:
    return unquote(urlsplit(url).path.rsplit("/", 1)[-1])


class AttachmentsPipeline:
    def __init__(self, crawler: Crawler, config: Config) -> None:
        self.crawler = crawler
        self.config = config
        self.store: Store | None = None
        self.read: dict[str, Attachment] = {}  # URL -> result, this crawl
        self.in_flight: dict[str, list[Deferred[Attachment]]] = {}  # URL -> articles waiting for it
        self.enabled = config.attachments

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AttachmentsPipeline:
        config = crawler.settings.get("MUNEWS_CONFIG")
        if config is None:
            raise NotConfigured("MUNEWS_CONFIG is not set")
        return cls(crawler, config)

    def open_spider(self, spider: Spider | None = None) -> None:
        self.store = Store(self.config.store_path)
        self.enabled = self.config.attachments and self._source.attachments

    def close_spider(self, spider: Spider | None = None) -> None:
        if self.store is not None:
            self.store.close()

    @property
    def _source(self) -> Source:
        return self.crawler.spider.params.source  # type: ignore[union-attr,no-any-return]

    async def process_item(self, item: Article) -> Article:
        if not any(a.status == PENDING for a in item.attachments):
            return item
        results = []
        for number, attachment in enumerate(item.attachments):
            if attachment.status != PENDING:
                results.append(attachment)
            elif not self.enabled:
                results.append(replace(attachment, status=NOT_FETCHED, error="documents off"))
            elif number >= self.config.attachments_per_article:
                results.append(replace(attachment, status=NOT_FETCHED, error="over the per-article limit"))
            else:
                results.append(await self._read(attachment))
            self.crawler.stats.inc_value(f"attachments/{results[-1].status}")
        item.attachments = results
        return item

    async def _read(self, attachment: Attachment) -> Attachment:
        assert self.store is not None
        known = self.read.get(attachment.url) or self.store.known_document(attachment.url)
        if known is not None:
            return replace(known, title=attachment.title or known.title)
        if not in_domains(attachment.url, self._source.domains):
            return replace(attachment, status="error", error="offsite (not fetched)")
        spider: Any = self.crawler.spider
        if not spider.budget_left():
            return replace(attachment, status=NOT_FETCHED, error="request budget spent")
        waiting = self.in_flight.get(attachment.url)
        if waiting is not None:  # another article's link to the same file, being read now
            waiter: Deferred[Attachment] = Deferred()
            waiting.append(waiter)
            shared = await maybe_deferred_to_future(waiter)
            return replace(shared, title=attachment.title or shared.title)
        self.in_flight[attachment.url] = []
        spider.requested += 1
        result = replace(attachment, status="error", error="internal: not read")
        try:
            result = await self._fetch_and_read(attachment)
        finally:
            if result.settled:
                self.read[attachment.url] = result
            for waiter in self.in_flight.pop(attachment.url):
                waiter.callback(result)
        return result

    async def _fetch_and_read(self, attachment: Attachment) -> Attachment:
        max_bytes = self.config.attachment_max_mb * 1024 * 1024
        request = scrapy.Request(attachment.url, dont_filter=True,
                                 meta={"munews_kind": "document", "download_maxsize": max_bytes})
        try:
            response = await self.crawler.engine.download_async(request)
        except Exception as error:  # noqa: BLE001 - every download failure is recorded on the document
            kind = failure_kind(error)
            return replace(attachment, status="error", error="too-large" if kind == "oversize" else kind)
        if response.status != 200:
            return replace(attachment, status="error", error=f"http/{response.status}")
        content_type = response.headers.get(b"Content-Type")
        text = await maybe_deferred_to_future(deferToThread(
            extract_document, response.body, response.url,
            content_type.decode("latin-1") if content_type else None,
            max_bytes=max_bytes, time_limit=self.config.attachment_time_limit))
        if text.status == "error":
            logger.info("[%s] document %s: %s", self._source.id, attachment.url, text.error)
        return replace(attachment, kind=text.kind, status=text.status, error=text.error, size=text.size,
                       pages=text.pages, sha256=text.sha256, text=text.text,
                       title=attachment.title or text.title or attachment.title)
