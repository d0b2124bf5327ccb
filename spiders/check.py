"""The check spider of `munews sources check`: is each source's start page still there, and
does munews find stories on it?

One spider for all the sources checked, so Scrapy's per-host download slots keep each site
polite while the sites are checked in parallel. Per source, at most :data:`MAX_REQUESTS`
requests, robots.txt included: its start URL(s), redirects followed by hand (a redirect to
another host is the ``moved`` verdict, and the new place is looked at too when the budget
allows), and one or two story pages, read by the cleaning stage as the crawl would store
them. robots.txt is obeyed through the crawl's own middleware, whose ``Sitemap:`` lines are
reported. One :class:`~crawler.source_check.CheckResult` item per source, yielded when its
last request is answered.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.http import HtmlResponse

from crawler.source_check import BLOCKED_STATUSES, PERMANENT_REDIRECTS, CheckResult, StartPage, decide
from crawler.urls import canonicalize, in_domains
from indexer.sources import Source, source_timezone
from spiders.cms import detect_family
from spiders.discovery import feed_links
from spiders.links import LinkRules
from spiders.listing import LinkInfo, read_listing

if TYPE_CHECKING:
    from scrapy.http import Response
    from twisted.python.failure import Failure

    from indexer.config import Config

logger = logging.getLogger(__name__)

__all__ = ["MAX_REQUESTS", "SourceCheckSpider"]

#: Requests per source, robots.txt of the start host included.
MAX_REQUESTS = 5
#: Start URLs looked at per source (the first ones of the registry entry).
MAX_START_URLS = 2
#: Story pages tried when the first one does not read as an article.
MAX_STORIES = 2


@dataclass
class _Check:
    """What is known so far of one source."""

    source: Source
    result: CheckResult
    pages: list[StartPage] = field(default_factory=list)
    left: int = MAX_REQUESTS
    pending: int = 0
    stories: dict[str, LinkInfo] = field(default_factory=dict)
    stories_tried: int = 0
    story_pending: bool = False
    story_ok: bool = False
    hosts: set[str] = field(default_factory=set)  # robots.txt counted once per host


class SourceCheckSpider(scrapy.Spider):
    """Fetch each source's start page(s) and first story; one CheckResult per source."""

    name = "check"

    def __init__(self, *args: Any, sources: list[Source] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.checks = {source.id: _Check(source, CheckResult(source.id)) for source in sources or []}

    @property
    def config(self) -> Config | None:
        config: Config | None = self.crawler.settings.get("MUNEWS_CONFIG")
        return config

    async def start(self) -> AsyncIterator[Any]:
        for check in self.checks.values():
            for url in check.source.start_urls[:MAX_START_URLS]:
                page = StartPage(url)
                check.pages.append(page)
                request = self._request(check, url, self.parse_start, {"check_page": page})
                if request is not None:
                    yield request
            if not check.pending:  # nothing could be asked: report at once
                yield self._finish(check)

    def _request(self, check: _Check, url: str, callback: Any, meta: dict[str, Any]) -> scrapy.Request | None:
        host = urlsplit(url).netloc
        cost = 1 + (host not in check.hosts)  # a host's first request costs its robots.txt too
        if check.left < cost:
            return None
        check.hosts.add(host)
        check.left -= cost
        check.pending += 1
        check.result.requests += cost
        meta = {**meta, "check_source": check.source.id, "dont_redirect": True,
                "handle_httpstatus_all": True}
        return scrapy.Request(url, callback=callback, errback=self.on_error, meta=meta, dont_filter=True)

    def _done(self, check: _Check) -> Iterator[Any]:
        check.pending -= 1
        if check.pending <= 0:
            yield self._finish(check)

    def parse_start(self, response: Response) -> Iterator[Any]:
        check = self.checks[response.meta["check_source"]]
        page: StartPage = response.meta["check_page"]
        page.status, page.final_url = response.status, response.url
        if 300 <= response.status < 400 and response.headers.get(b"Location"):
            yield from self._redirect(check, page, response)
        elif response.status in BLOCKED_STATUSES:
            page.blocked = f"{response.url} answers HTTP {response.status}"
        elif response.status < 300 and isinstance(response, HtmlResponse):
            self._read_start(check, page, response)
            yield from self._next_story(check)
        yield from self._done(check)

    def _redirect(self, check: _Check, page: StartPage, response: Response) -> Iterator[Any]:
        location = (response.headers.get(b"Location") or b"").decode("latin-1").strip()
        target = urljoin(response.url, location)
        page.redirects.append(f"{response.status} {target}")
        if not page.moved_to and not in_domains(target, check.source.domains):
            page.moved_to, page.moved_permanently = target, response.status in PERMANENT_REDIRECTS
        if len(page.redirects) > 5:
            page.error = "too many redirects"
            return
        request = self._request(check, target, self.parse_start, {"check_page": page})
        if request is not None:
            check.story_pending = True
            yield request

    def _read_start(self, check: _Check, page: StartPage, response: HtmlResponse) -> None:
        page.html = True
        root = response.selector.root
        domains = check.source.domains
        if page.moved_to:  # the new place is read as the site it now is
            domains = (*domains, urlsplit(response.url).netloc)
        links = read_listing(root, response.url, domains, LinkRules.for_source(check.source))
        page.story_links = len(links.articles)
        result = check.result
        if result.family is None:
            result.family, result.family_evidence = detect_family(response.url, response.text)
        for url in feed_links(root, response.url):
            if url not in result.feeds:
                result.feeds.append(url)
        for url in self._sitemaps(response.url):
            if url not in result.sitemaps:
                result.sitemaps.append(url)
        for url, info in links.articles.items():
            check.stories.setdefault(url, info)

    def _sitemaps(self, url: str) -> list[str]:
        engine = self.crawler.engine
        downloader = getattr(engine, "downloader", None)
        for middleware in getattr(getattr(downloader, "middleware", None), "middlewares", ()):
            if hasattr(middleware, "sitemaps_of"):
                return list(middleware.sitemaps_of(urlsplit(url).netloc))
        return []

    def _next_story(self, check: _Check) -> Iterator[Any]:
        """A request for the next story to read, while none was read and tries are left."""
        if check.story_ok or check.story_pending or check.stories_tried >= min(MAX_STORIES, len(check.stories)):
            return
        info = list(check.stories.values())[check.stories_tried]
        check.stories_tried += 1
        request = self._request(check, info.url, self.parse_story, {"check_story": info})
        if request is not None:
            yield request

    def parse_story(self, response: Response) -> Iterator[Any]:
        check = self.checks[response.meta["check_source"]]
        info: LinkInfo = response.meta["check_story"]
        check.story_pending = False
        if response.status == 200 and isinstance(response, HtmlResponse):
            self._read_story(check, info, response)
        else:
            check.result.story_error = f"{info.url} answers HTTP {response.status}"
        if not check.story_ok:
            yield from self._next_story(check)
        yield from self._done(check)

    def _read_story(self, check: _Check, info: LinkInfo, response: HtmlResponse) -> None:
        from crawler.cleaning.core import extract_article
        from crawler.items import ExtractionFailed, PageItem
        from crawler.pipelines import reference_clock

        item = PageItem(url=canonicalize(response.url), source_id=check.source.id, html=response.text,
                        fetched_at=datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
                        server_date=(response.headers.get(b"Date") or b"").decode("latin-1") or None)
        clock, _ = reference_clock(item)
        zone = source_timezone(check.source, self.config.timezone if self.config else "Europe/Moscow")
        try:
            cleaned = extract_article(response.text, item.url, listing_title=info.listing_title,
                                      listing_date=info.listing_date, fetched_at=clock, timezone=zone)
        except ExtractionFailed as exc:
            check.result.story_error = f"{info.url}: {exc}"
            return
        check.story_ok = True
        result = check.result
        result.story_url, result.story_title = item.url, cleaned.title
        result.story_date, result.story_error = cleaned.published_at or "", ""

    def on_error(self, failure: Failure) -> Iterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        check = self.checks[request.meta["check_source"]]
        message = str(failure.value) or type(failure.value).__name__
        page: StartPage | None = request.meta.get("check_page")
        if page is not None:
            page.final_url = request.url
            if "robots.txt" in message:
                page.blocked = f"robots.txt of {urlsplit(request.url).netloc}: {message} ({request.url})"
            else:
                page.error = f"{type(failure.value).__name__}: {message}"[:300]
        else:
            check.story_pending = False
            check.result.story_error = f"{request.url}: {message}"[:300]
            yield from self._next_story(check)
        yield from self._done(check)

    def _finish(self, check: _Check) -> CheckResult:
        result = check.result
        pages = check.pages
        result.verdict, result.detail = decide(pages, story_ok=check.story_ok, story_error=result.story_error)
        result.story_links = sum(page.story_links for page in pages)
        first = next((page for page in pages if page.moved_to), pages[0] if pages else None)
        if first is not None:
            result.status, result.final_url, result.redirects = first.status, first.final_url, first.redirects
            if first.moved_to and first.moved_permanently:
                result.suggested_start_urls = [first.final_url if first.html else first.moved_to]
        result.checked_at = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
        return result
