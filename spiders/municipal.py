"""The one news spider: any association site, driven by a :class:`~indexer.sources.Source`.

``scrapy crawl news -a source=belgorod-smo [-a max_pages=200] [-a sources=FILE]``

Strategy: start at the source's listing pages, read each with
:func:`spiders.listing.read_listing`, request every article once (by canonical URL) and go
on to the listing's next pages. A first crawl (nothing stored yet) walks the whole listing,
several pages in flight; a re-crawl stops at the first page that holds only stored articles,
so it costs one request when nothing is new. Pages in a row without a story new to this
crawl end pagination that never ends (Bitrix serves page 1 for ``?PAGEN_1=99``). Feeds and
sitemaps add articles the listing misses (:mod:`spiders.discovery`); known articles are
re-checked with conditional requests when due, and a crawl killed midway resumes its queue
(:mod:`spiders.incremental`). «Показать ещё» endpoints are walked like pages, HTML fragments
and JSON alike (:mod:`spiders.loader`). Article pages are mined only for links with the shape
of the listings' own stories (:mod:`spiders.story_shapes`): «Другие новости» and prev/next
links find stories a capped or loader-only listing no longer shows, while sidebars' tags,
calendars and other sections are left alone.

Stats (``munews/…`` and ``errors/…``) feed the run record: see :mod:`crawler.pipelines`.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

import scrapy
from scrapy.exceptions import CloseSpider
from scrapy.http import HtmlResponse, TextResponse

from crawler.items import PageItem
from crawler.urls import canonicalize, hosts_of, in_domains
from spiders.discovery import feed_links
from spiders.incremental import IncrementalMixin, header, utc_now
from spiders.links import Kind, LinkRules, classify_url, next_pages, page_key
from spiders.listing import LinkInfo, ListingLinks, read_json_listing, read_listing
from spiders.not_found import NotFoundProbeMixin
from spiders.params import SpiderArgumentError, parse_params
from spiders.story_shapes import StoryShapes
from spiders.telegram import TelegramMixin

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response

    from indexer.config import Config

logger = logging.getLogger(__name__)

#: Listing pages in a row that bring no story new to this crawl before the walk gives up: a
#: page of skipped kinds or a repeated page is not the end, three in a row are a loop.
EMPTY_PAGES_LIMIT = 3
#: Pages of a first crawl's listing requested at once: a deep archive is not walked one
#: page at a time (Scrapy's per-domain concurrency still bounds what hits the site).
PAGES_AHEAD = 4

__all__ = ["MunicipalNewsSpider", "SpiderArgumentError"]


class MunicipalNewsSpider(IncrementalMixin, NotFoundProbeMixin, TelegramMixin, scrapy.Spider):
    """Collect the article pages of one source's news section."""

    name = "news"
    allowed_domains: list[str] = []
    allowed_origins: list[str] = []  # allowed_domains with ports: ``127.0.0.1:8080``

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> MunicipalNewsSpider:
        config: Config | None = crawler.settings.get("MUNEWS_CONFIG")
        if config is None:
            from indexer.config import load_config

            config = load_config()
        params = parse_params(kwargs, config)
        spider = super().from_crawler(crawler, *args, source_id=params.source.id)
        spider.params = params
        # Scrapy takes bare hosts; the ports of the source's origins are checked by
        # StayOnSiteMiddleware and in_domains against `allowed_origins`.
        spider.allowed_domains = hosts_of(params.source.domains)
        spider.allowed_origins = list(params.source.domains)
        spider.open_state(config)
        return spider

    def __init__(self, *args: Any, source_id: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.source_id = source_id
        self.requested = 0
        self.seen_pages: set[str] = set()
        self.seen_articles: set[str] = set()
        self.emitted: set[str] = set()
        self.empty_pages = 0  # listing pages in a row without a story new to this crawl
        self.feeds_seen: set[str] = set()
        self.story_shapes = StoryShapes()
        self.zero_based = False  # the listing's pager counts from zero (Drupal ``?page=1``)

    @property
    def source(self):  # type: ignore[no-untyped-def]
        return self.params.source

    @property
    def rules(self) -> LinkRules:
        return LinkRules.for_source(self.params.source)

    async def start(self) -> AsyncIterator[Any]:
        for request in self.resume_requests():
            yield request
        for url in self.source.start_urls:
            if self._new_page(canonicalize(url)):
                # Never conditional: the start page is what tells a redesign (no article links,
                # see crawler/ops/health.py), and CMSs often send a stale Last-Modified for listings.
                yield self.make_request(canonicalize(url), "listing",
                                        meta={"munews_start": True})
        for request in self.not_found_probe(self.source.start_urls):
            yield request
        for request in self.telegram_requests():
            yield request
        for request in self.discovery_requests():
            yield request
        for request in self.recheck_requests():
            yield request

    def parse(self, response: Response, *args: Any, **kwargs: Any) -> Any:
        return self.parse_listing(response)  # type: ignore[arg-type]

    def _new_page(self, url: str) -> bool:
        key = page_key(url, self.zero_based)
        if key in self.seen_pages:
            return False
        self.seen_pages.add(key)
        return True

    def parse_listing(self, response: TextResponse) -> Iterator[scrapy.Request]:
        """Queue the listing's unknown articles, and its next page while there were some."""
        key = self.request_key(response)
        if response.status == 304:
            self.stat("munews/not_modified")
            self.state.done(key, kind="listing", **self.validators(response))
            return
        if not self._usable(response, "listing"):
            self.state.done(key, kind="listing")
            if response.meta.get("munews_start") and len(self.source.start_urls) == 1:
                logger.error("[%s] start page %s is unusable: the source cannot be crawled",
                             self.source.id, response.url)
                raise CloseSpider("start-page-unusable")
            return
        links = self._read_links(response)
        for kind, count in links.counts.items():
            self.stat(f"munews/links/{kind}", count)
        if links.loaders:
            self.stat("munews/loaders", len(links.loaders))
        self.zero_based = self.zero_based or links.zero_based
        for url in links.articles:
            self.story_shapes.learn(url)
        if response.meta.get("munews_start"):
            yield from self.feed_requests(feed_links(response.selector.root, response.url))
            if not links.articles:
                # The usual sign of a redesign: the page is there, its articles are not found.
                self.stat("errors/listing-no-articles")
                logger.warning("[%s] no article links found on start page %s: has the site "
                               "changed? (hints: article_url_pattern)", self.source.id, response.url)
        seen = {"new": 0, "known": 0, "repeat": 0}
        for url, info in links.articles.items():
            request, status = self.article_request(url, info, "listing")
            seen[status] += 1
            if request is not None:
                yield request
        self.stat("munews/listing_pages")
        self.state.done(key, kind="listing", **self.validators(response))
        loader_meta = {"munews_listing_url": response.meta.get("munews_listing_url", response.url)}
        yield from self._follow_pages(response.url, links.pages, seen,
                                      {url: loader_meta for url in links.loaders})

    def _follow_pages(self, url: str, pages: list[str], seen: dict[str, int],
                      metas: dict[str, dict[str, Any]]) -> Iterator[scrapy.Request]:
        """The listing's next page(s), unless this page says the walk is over.

        The walk stops where stored articles are met (a re-crawl: older pages hold older,
        known ones), or after ``EMPTY_PAGES_LIMIT`` pages in a row that brought no story new to
        this crawl (a loop, or endless pagination serving page 1 again). A page whose story
        links were all of skipped kinds does not stop a first crawl. On a first crawl the
        pager's further pages are requested together (several in flight), not one at a time.
        """
        if seen["known"] and not seen["new"]:
            self.stat("munews/paging_stopped")
            return
        self.empty_pages = 0 if seen["new"] else self.empty_pages + 1
        if self.empty_pages >= EMPTY_PAGES_LIMIT or (not self.first_crawl and not seen["new"]
                                                     and seen["repeat"]):
            self.stat("munews/paging_stopped")
            return
        ahead = PAGES_AHEAD if self.first_crawl else 1
        for next_url in next_pages(url, pages, self.seen_pages, ahead, self.zero_based):
            if not self._new_page(next_url):
                continue
            if self.budget_left():
                yield self.make_request(next_url, "listing", meta=metas.get(next_url))
            else:
                self.defer(next_url, "listing")

    def article_request(self, url: str, info: LinkInfo, via: str) -> tuple[scrapy.Request | None, str]:
        """(request or None, status) for an article link: ``new`` (never handled), ``known``
        (handled by an earlier crawl) or ``repeat`` (met earlier in this crawl).

        Known articles and those seen earlier in this crawl need no request. Past the budget,
        an unknown article is deferred: queued in the crawl state for the next crawl.
        """
        if url in self.seen_articles or url in self.emitted:
            return None, "repeat"
        self.seen_articles.add(url)
        if self.state.known(url):
            return None, "known"
        if not self.budget_left():
            self.defer(url, "article", info.listing_title, info.listing_date, via)
            return None, "new"
        return self.make_request(url, "article", via=via, meta={
            "munews_listing_title": info.listing_title, "munews_listing_date": info.listing_date}), "new"

    def parse_article(self, response: TextResponse) -> Iterator[PageItem | scrapy.Request]:
        """Yield the page as a PageItem under its canonical URL, once."""
        if self.handle_recheck_status(response):
            return
        key = self.request_key(response)
        if not self._usable(response, "article"):
            self.state.done(key, **self.validators(response))
            return
        url = self._canonical_url(response)
        if url in self.emitted:
            self.stat("munews/duplicate_article")
            self.state.done(key, kind="alias")
            return
        self.emitted.add(url)
        yield from self._story_links(response)
        self.expect_item(url, key, self.validators(response))
        yield PageItem(
            url=url, source_id=self.source.id, html=response.text, fetched_at=utc_now(),
            response_url=response.url,
            listing_title=response.meta.get("munews_listing_title"),
            listing_date=response.meta.get("munews_listing_date"),
            etag=header(response, b"ETag"), last_modified=header(response, b"Last-Modified"),
            discovered_via=response.meta.get("munews_via", "listing"),
            server_date=header(response, b"Date"),
        )

    def _read_links(self, response: TextResponse) -> ListingLinks:
        listing = response.meta.get("munews_listing_url")  # set on «Показать ещё» requests
        if _is_json(response):
            return read_json_listing(response.text, response.url, self.source.domains, self.rules, listing)
        return read_listing(response.selector.root, response.url, self.source.domains, self.rules, listing)

    def _story_links(self, response: TextResponse) -> Iterator[scrapy.Request]:
        """Requests for unknown stories an article page links («Другие новости», prev/next).

        Only links with the shape of the listings' own stories count; the same budget, dedup
        and deferral as listing links apply. The shape test runs on the raw link first, so
        the page's many menu links cost a split each, not a canonicalisation.
        """
        if not self.story_shapes:
            return
        found = 0
        for element in response.selector.root.iter("a"):
            href = (element.get("href") or "").strip()
            if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
                continue
            raw = response.urljoin(href)
            if not self.story_shapes.matches(raw):
                continue
            url = canonicalize(raw)
            if url in self.seen_articles or url in self.emitted or not in_domains(url, self.source.domains):
                continue
            if classify_url(url, response.url, self.rules) not in (Kind.ARTICLE, Kind.OTHER):
                continue
            request, status = self.article_request(url, LinkInfo(url), "article-page")
            found += status == "new"
            if request is not None:
                yield request
        if found:
            self.stat("munews/links/from_article_pages", found)

    def _usable(self, response: TextResponse, what: str) -> bool:
        if not in_domains(response.url, self.source.domains):
            # A redirect led off the source's sites: never read or follow such a page.
            self.stat("errors/offsite-redirect")
            logger.warning("[%s] %s redirected off-site to %s", self.source.id,
                           response.request.url if response.request else "?", response.url)
            return False
        content_type = (header(response, b"Content-Type") or "").lower()
        # The header decides when present: Scrapy guesses HtmlResponse from a ".html" URL
        # even when the server says the bytes are an archive.
        declared_html = "html" in content_type if content_type else True
        if what == "listing" and _is_json(response):
            return True  # a «Показать ещё» endpoint's JSON answer
        if not isinstance(response, HtmlResponse) or not declared_html:
            self.stat("errors/not-html")
            logger.warning("[%s] skipped %s page %s: not HTML (Content-Type %s)",
                           self.source.id, what, response.url, content_type or "unknown")
            return False
        return True

    def _canonical_url(self, response: TextResponse) -> str:
        """The page's rel=canonical when it points into the source, else its own URL."""
        for href in response.xpath("//link[@rel='canonical']/@href").getall()[:1]:
            candidate = canonicalize(response.urljoin(href.strip()))
            if in_domains(candidate, self.source.domains):
                return candidate
            self.stat("munews/canonical_offsite_ignored")
        return canonicalize(response.url)


def _is_json(response: Response) -> bool:
    content_type = (header(response, b"Content-Type") or "").lower()
    return isinstance(response, TextResponse) and "json" in content_type
