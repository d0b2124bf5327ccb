"""Feed and sitemap callbacks of the news spider (parsing itself is in :mod:`spiders.discovery`).

An article found through a listing, a feed and a sitemap is one request and one item: every
path goes through ``article_request``, which checks the crawl's seen set and the crawl
state by canonical URL.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from crawler.urls import canonicalize, in_domains
from spiders.discovery import Entry, parse_feed, parse_sitemap, sitemaps_from_robots
from spiders.links import Kind, classify_url
from spiders.listing import LinkInfo

if TYPE_CHECKING:
    import scrapy
    from scrapy.http import Response

logger = logging.getLogger(__name__)

__all__ = ["DiscoveryMixin"]

# Sitemap indexes of big sites list hundreds of files (one per month or section); past
# this many per crawl the listing and the request budget take over.
MAX_SITEMAPS = 50


class DiscoveryMixin:
    """Request declared and discovered feeds and sitemaps; turn their entries into articles."""

    feeds_seen: set[str]
    seen_pages: set[str]
    sitemaps_requested: int = 0

    # Provided by the spider and IncrementalMixin.
    source: Any
    rules: Any
    state: Any
    make_request: Any
    article_request: Any
    budget_left: Any
    stat: Any
    request_key: Any
    validators: Any

    def discovery_requests(self) -> Iterator[scrapy.Request]:
        """Declared feeds and sitemaps, and robots.txt of each start host (for ``Sitemap:``)."""
        yield from self.feed_requests(self.source.feeds)
        yield from self._sitemap_requests(self.source.sitemaps)
        origins = []
        for url in self.source.start_urls:
            parts = urlsplit(url)
            origin = urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))
            if origin not in origins:
                origins.append(origin)
        for robots in origins:
            if robots not in self.seen_pages and self.budget_left():
                self.seen_pages.add(robots)
                yield self.make_request(robots, "robots")

    def feed_requests(self, urls: Iterable[str]) -> Iterator[scrapy.Request]:
        for url in urls:
            url = canonicalize(url)
            if url in self.feeds_seen or not in_domains(url, self.source.domains):
                continue
            self.feeds_seen.add(url)
            if self.budget_left():
                yield self.make_request(url, "feed", conditional=True)

    def _sitemap_requests(self, urls: Iterable[str]) -> Iterator[scrapy.Request]:
        for url in urls:
            url = canonicalize(url)
            if url in self.seen_pages or not in_domains(url, self.source.domains):
                continue
            if self.sitemaps_requested >= MAX_SITEMAPS:
                self.stat("munews/sitemaps_capped")
                return
            self.seen_pages.add(url)
            if self.budget_left():
                self.sitemaps_requested += 1
                yield self.make_request(url, "sitemap", conditional=True)

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        self.stat("munews/robots_fetched")
        if response.status == 200:
            text = response.body.decode("utf-8", errors="replace")
            yield from self._sitemap_requests(sitemaps_from_robots(text, response.url))

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        """Articles of an RSS/Atom feed, with the feed's title and date as listing hints."""
        yield from self._entries(response, "feed", lambda body: ([], parse_feed(body, response.url)))

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        """More sitemaps from an index; article URLs (by the usual heuristics) from a URL set."""
        yield from self._entries(response, "sitemap", lambda body: parse_sitemap(body, response.url))

    def _entries(self, response: Response, kind: str, parse: Any) -> Iterator[scrapy.Request]:
        key = self.request_key(response)
        self.state.done(key, kind=kind, **self.validators(response))
        if response.status == 304:
            self.stat("munews/not_modified")
            return
        try:
            children, entries = parse(response.body)
        except Exception as exc:  # noqa: BLE001 - lxml/gzip errors on a broken file: skip it
            self.stat(f"errors/bad-{kind}")
            logger.warning("[%s] unreadable %s %s: %s", self.source.id, kind, response.url, exc)
            return
        yield from self._sitemap_requests(children)
        found = 0
        for entry in entries:
            request = self._entry_request(entry, kind)
            if request is not None:
                found += 1
                yield request
        self.stat(f"munews/{kind}_articles", found)

    def _entry_request(self, entry: Entry, kind: str) -> scrapy.Request | None:
        url = canonicalize(entry.url)
        if not in_domains(url, self.source.domains):
            return None
        # Feeds list articles by definition; sitemaps list every page of a site.
        listing = canonicalize(self.source.start_urls[0])
        verdict = classify_url(url, listing, self.rules)
        if verdict in (Kind.DOCUMENT, Kind.SKIP, Kind.PAGINATION):
            return None
        if kind == "sitemap" and verdict is not Kind.ARTICLE:
            return None
        request, _ = self.article_request(url, LinkInfo(url, entry.title, entry.date), kind)
        return request  # type: ignore[no-any-return]
