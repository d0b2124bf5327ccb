"""The one news spider: any association site, driven by a :class:`~spiders.sources.Source`.

``scrapy crawl news -a source=belgorod-smo [-a max_pages=200] [-a sources=FILE]``

Strategy: start at the source's listing pages, read each with
:func:`spiders.listing.read_listing`, follow the listing's own pagination and request every
article once (by canonical URL). Article pages are not mined for more links: sidebars and
"related" blocks lead to tags, calendars and other sections, and every article of the
section is reachable from the listing anyway. Paging stops at a page that brings no article
not seen before (the guard against pagination that never ends, e.g. Bitrix serving page 1
for ``?PAGEN_1=99``), at ``max_depth`` listing hops, and at the request budget.

Stats (``munews/…`` and ``errors/…``) feed the run record: see :mod:`crawler.pipelines`.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, AsyncIterator, Iterator

import scrapy
from scrapy.exceptions import CloseSpider, IgnoreRequest
from scrapy.http import HtmlResponse, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError

from crawler.items import PageItem
from crawler.urls import canonicalize, in_domains
from spiders.links import LinkRules, listing_base, page_number
from spiders.listing import read_listing
from spiders.params import SpiderArgumentError, SpiderParams, parse_params

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from twisted.python.failure import Failure

    from indexer.config import Config

logger = logging.getLogger(__name__)

__all__ = ["MunicipalNewsSpider", "SpiderArgumentError", "failure_kind"]


class MunicipalNewsSpider(scrapy.Spider):
    """Collect the article pages of one source's news section."""

    name = "news"
    params: SpiderParams

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> MunicipalNewsSpider:
        config: Config | None = crawler.settings.get("MUNEWS_CONFIG")
        if config is None:
            from indexer.config import load_config

            config = load_config()
        params = parse_params(kwargs, config)
        spider = super().from_crawler(crawler, *args, **{"source_id": params.source.id})
        spider.params = params
        spider.allowed_domains = list(params.source.domains)
        return spider

    def __init__(self, *args: Any, source_id: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.source_id = source_id
        self.requested = 0
        self.seen_pages: set[str] = set()
        self.seen_articles: set[str] = set()
        self.emitted: set[str] = set()

    @property
    def source(self):  # type: ignore[no-untyped-def]
        return self.params.source

    @property
    def rules(self) -> LinkRules:
        return LinkRules.for_source(self.params.source)

    def _stat(self, key: str, count: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key, count)

    def _budget_left(self) -> bool:
        if self.requested < self.params.max_pages:
            return True
        self._stat("munews/budget_reached")
        return False

    def _request(self, url: str, callback: Any, meta: dict[str, Any]) -> scrapy.Request:
        self.requested += 1
        return scrapy.Request(url, callback=callback, errback=self.on_error, meta=meta)

    async def start(self) -> AsyncIterator[Any]:
        for url in self.source.start_urls:
            url = canonicalize(url)
            if _page_key(url) not in self.seen_pages:
                self.seen_pages.add(_page_key(url))
                yield self._request(url, self.parse_listing, {"munews_depth": 0, "munews_start": True})

    def parse(self, response: TextResponse, **kwargs: Any) -> Any:
        return self.parse_listing(response)

    def parse_listing(self, response: TextResponse) -> Iterator[scrapy.Request]:
        """Queue the listing's new articles and, while it brings new ones, its next pages."""
        if not self._usable(response, "listing"):
            if response.meta.get("munews_start") and len(self.source.start_urls) == 1:
                raise CloseSpider(f"start page {response.url} is unusable")
            return
        links = read_listing(response.selector.root, response.url, self.source.domains, self.rules)
        for kind, count in links.counts.items():
            self._stat(f"munews/links/{kind}", count)
        new = 0
        for url, info in links.articles.items():
            if url in self.seen_articles or not self._budget_left():
                continue
            self.seen_articles.add(url)
            new += 1
            meta = {"munews_listing_title": info.listing_title, "munews_listing_date": info.listing_date}
            yield self._request(url, self.parse_article, meta)
        self._stat("munews/listing_pages")
        depth = int(response.meta.get("munews_depth", 0))
        if new == 0 and not response.meta.get("munews_start"):
            self._stat("munews/paging_stopped_no_new")
            return
        if depth >= self.params.max_depth:
            return
        for url in links.pages:
            key = _page_key(url)
            if key not in self.seen_pages and self._budget_left():
                self.seen_pages.add(key)
                yield self._request(url, self.parse_listing, {"munews_depth": depth + 1})

    def parse_article(self, response: TextResponse) -> Iterator[PageItem]:
        """Yield the page as a PageItem under its canonical URL, once."""
        if not self._usable(response, "article"):
            return
        url = self._canonical_url(response)
        if url in self.emitted:
            self._stat("munews/duplicate_article")
            return
        self.emitted.add(url)
        headers = response.headers
        yield PageItem(
            url=url, source_id=self.source.id, html=response.text,
            fetched_at=datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
            response_url=response.url,
            listing_title=response.meta.get("munews_listing_title"),
            listing_date=response.meta.get("munews_listing_date"),
            etag=_header(headers, b"ETag"), last_modified=_header(headers, b"Last-Modified"),
        )

    def _usable(self, response: TextResponse, what: str) -> bool:
        if not in_domains(response.url, self.source.domains):
            # A redirect led off the source's sites: never read or follow such a page.
            self._stat("errors/offsite-redirect")
            logger.warning("[%s] %s redirected off-site to %s", self.source.id,
                           response.request.url if response.request else "?", response.url)
            return False
        content_type = (_header(response.headers, b"Content-Type") or "").lower()
        # The header decides when present: Scrapy guesses HtmlResponse from a ".html" URL
        # even when the server says the bytes are an archive.
        declared_html = "html" in content_type if content_type else True
        if not isinstance(response, HtmlResponse) or not declared_html:
            content_type = content_type or "unknown"
            self._stat("errors/not-html")
            logger.warning("[%s] skipped %s page %s: not HTML (Content-Type %s)",
                           self.source.id, what, response.url, content_type)
            return False
        return True

    def _canonical_url(self, response: TextResponse) -> str:
        """The page's rel=canonical when it points into the source, else its own URL."""
        for href in response.xpath("//link[@rel='canonical']/@href").getall()[:1]:
            candidate = canonicalize(response.urljoin(href.strip()))
            if in_domains(candidate, self.source.domains):
                return candidate
            self._stat("munews/canonical_offsite_ignored")
        return canonicalize(response.url)

    def on_error(self, failure: Failure) -> None:
        """Count a request that failed for good (after retries), by kind."""
        kind = failure_kind(failure)
        self._stat(f"errors/{kind}")
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        if kind == "oversize":
            logger.warning("[%s] dropped %s: response larger than the %d MB cap", self.source.id,
                           url, self.crawler.settings.getint("DOWNLOAD_MAXSIZE") // (1024 * 1024))
        else:
            logger.warning("[%s] failed %s: %s", self.source.id, url, kind)
        if request is not None and request.meta.get("munews_start") and self._nothing_fetched():
            self._stat("munews/start_failed")

    def _nothing_fetched(self) -> bool:
        stats = self.crawler.stats
        return stats is None or not stats.get_value("response_received_count")

    def closed(self, reason: str) -> None:
        logger.info("[%s] closed (%s): %d requests, %d articles", self.source.id, reason,
                    self.requested, len(self.emitted))


def _page_key(url: str) -> str:
    """One key per page of a listing: ``?PAGEN_1=1``, ``?start=0`` and ``/page/1/`` are page 1."""
    number = page_number(url)
    if number is None or number <= 1:
        return repr(listing_base(url))
    return url


def _header(headers: Any, name: bytes) -> str | None:
    value = headers.get(name)
    return value.decode("latin-1") if value else None


def failure_kind(failure: Failure) -> str:
    """A short slug for why a request failed: ``http/503``, ``timeout``, ``dns``, …"""
    from scrapy import exceptions as scrapy_errors
    from twisted.internet import error as net_errors

    value = failure.value
    if isinstance(value, HttpError):
        return f"http/{value.response.status}"
    kinds: tuple[tuple[tuple[type[BaseException], ...], str], ...] = (
        ((scrapy_errors.DownloadCancelledError,), "oversize"),
        ((scrapy_errors.DownloadTimeoutError, net_errors.TimeoutError, TimeoutError), "timeout"),
        ((scrapy_errors.CannotResolveHostError, net_errors.DNSLookupError), "dns"),
        ((scrapy_errors.DownloadConnectionRefusedError, net_errors.ConnectionRefusedError,
          ConnectionRefusedError), "connection-refused"),
        ((scrapy_errors.ResponseDataLossError,), "data-loss"),
    )
    if isinstance(value, IgnoreRequest):
        message = str(value).lower()
        return "robots" if "robots" in message else "offsite" if "offsite" in message else "ignored"
    for types, kind in kinds:
        if isinstance(value, types):
            return kind
    return f"other/{type(value).__name__}"

