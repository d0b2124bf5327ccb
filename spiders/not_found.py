"""The site's own «not found» answer, asked for once per crawl.

Many CMSs answer a removed or mistyped story with status 200 and a page of their template
(a soft 404). Patterns catch the ones that say so in words munews knows; the others are
caught by comparison: at the start of each crawl the spider asks for a URL that cannot
exist, next to the start page, and a 200 answer is handed to the cleaning stage
(`SourceCleaner.learn_not_found`), which refuses story pages that read like it and keeps
it with the source. A 404/410 answer means the site says what it means: what was learned
before is forgotten. The answer is asked again after `PROBE_EVERY`, so a re-crawl of an
unchanged site still costs one listing request.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy.http import Response, TextResponse

__all__ = ["NotFoundProbeMixin", "probe_url"]

#: Asked before the listing's stories: their verdict needs it.
PROBE_PRIORITY = 10
#: How long an answer is trusted before it is asked again (sites change CMS rarely).
PROBE_EVERY = 7 * 86400.0
#: The probe's row in the crawl state (not a URL: the probe's URL is new each time).
PROBE_KEY = "munews:not-found-probe"


def probe_url(start_url: str, token: str) -> str:
    """A URL in the start page's directory that no site has: ``/news/munews-<token>/``."""
    parts = urlsplit(start_url)
    directory = parts.path if parts.path.endswith("/") else parts.path.rsplit("/", 1)[0] + "/"
    return urlunsplit((parts.scheme, parts.netloc, f"{directory}munews-{token}/", "", ""))


class NotFoundProbeMixin:
    """`not_found_probe()` is the request; `not_found_page` is (html, url) of its answer,
    html None for a real 404 (the cleaning stage forgets what it learned)."""

    not_found_page: tuple[str | None, str] | None = None
    state: Any  # spiders.crawl_state.CrawlState, provided by IncrementalMixin

    def not_found_probe(self, start_urls: list[str]) -> Iterator[scrapy.Request]:
        if not start_urls:
            return
        asked = self.state.get(PROBE_KEY)
        if asked is not None and asked.last_checked is not None and time.time() - asked.last_checked < PROBE_EVERY:
            return
        # Never retried nor redirected (a redirect to the home page teaches nothing), and a
        # 404 is the expected answer, not an error of the run.
        yield scrapy.Request(
            probe_url(start_urls[0], secrets.token_hex(6)), callback=self.learn_not_found,
            priority=PROBE_PRIORITY, dont_filter=True,
            meta={"munews_kind": "probe", "handle_httpstatus_all": True, "dont_retry": True},
        )

    def learn_not_found(self, response: Response) -> Iterator[Any]:
        self.stat("munews/not_found_probe")
        if response.status == 200 and isinstance(response, TextResponse) and response.text.strip():
            self.not_found_page = (response.text, response.url)
            self.stat("munews/not_found_probe/soft")
        elif response.status in (404, 410):
            self.not_found_page = (None, response.url)
        # Other answers (5xx, a redirect) say nothing: asked again next crawl.
        if self.not_found_page is not None:
            self.state.done(PROBE_KEY, kind="probe")
        return iter(())

    def stat(self, key: str, count: int = 1) -> None:  # provided by IncrementalMixin
        raise NotImplementedError
