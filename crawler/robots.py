"""robots.txt as RFC 9309 says, plus ``Crawl-delay``.

Scrapy's RobotsTxtMiddleware parses whatever answer robots.txt gives: a 500 page or a hung
server becomes "allow everything". RFC 9309 §2.3.1.4: when robots.txt is unreachable because
of server or network errors, the crawler MUST assume complete disallow. Here:

* 2xx: parsed; 4xx: no rules (allow all), as before;
* 5xx, a timeout, a reset connection: nothing of that host is fetched in this crawl (a host
  that refuses connections or does not resolve is left to fail page by page with that cause).
  Its pages fail as ``robots-unavailable``, which is transient: they stay queued and the next
  crawl asks robots.txt again;
* ``Crawl-delay: N`` (Yandex and many Russian hosts still print it) becomes the host's
  minimum delay between requests, up to ``MUNEWS_CRAWL_DELAY_MAX`` seconds; AutoThrottle can
  raise it, never lower it below.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.http import Response

logger = logging.getLogger(__name__)

__all__ = ["RobotsPolicyMiddleware", "UNAVAILABLE"]

#: The message of the IgnoreRequest for pages of a host whose robots.txt cannot be read.
UNAVAILABLE = "robots.txt unavailable: disallowed until it recovers (RFC 9309)"


class _Unavailable:
    """The rules of a host whose robots.txt answered 5xx or nothing: disallow all."""

    def allowed(self, url: str, user_agent: str | bytes) -> bool:
        return False


def _host_down(exc: Exception) -> bool:
    from scrapy import exceptions as scrapy_errors
    from twisted.internet import error as net_errors

    down = (net_errors.ConnectionRefusedError, net_errors.DNSLookupError, ConnectionRefusedError)
    down += tuple(getattr(scrapy_errors, name) for name in ("DownloadConnectionRefusedError", "CannotResolveHostError")
                  if hasattr(scrapy_errors, name))
    return isinstance(exc, down)


class RobotsPolicyMiddleware(RobotsTxtMiddleware):
    """RobotsTxtMiddleware with RFC 9309 error handling and Crawl-delay."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self._crawl_delays: dict[str, float] = {}  # host (netloc) -> seconds

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if response.status >= 500:
            self._stats.inc_value("robotstxt/unavailable")
            logger.warning("robots.txt of %s answered %d: nothing fetched from it in this crawl "
                           "(RFC 9309)", netloc, response.status)
            self._settle(netloc, _Unavailable())
            return
        await super()._parse_robots(response, netloc, request)
        self._note_crawl_delay(netloc)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if isinstance(exc, IgnoreRequest) or _host_down(exc):
            # A host that refuses connections or has no address serves no page either: its
            # pages fail with that cause, which says more than «robots.txt unavailable».
            super()._robots_error(exc, netloc)
            return
        self._stats.inc_value("robotstxt/unavailable")
        logger.warning("robots.txt of %s could not be fetched (%s): nothing fetched from it in this "
                       "crawl (RFC 9309)", netloc, type(exc).__name__)
        self._settle(netloc, _Unavailable())

    def _settle(self, netloc: str, parser: Any) -> None:
        waiting = self._parsers.get(netloc)
        self._parsers[netloc] = parser
        if waiting is not None and hasattr(waiting, "callback"):
            waiting.callback(parser)

    def process_request_2(self, rp: Any, request: Request) -> None:
        if isinstance(rp, _Unavailable):
            self._stats.inc_value("robotstxt/unavailable_skipped")
            raise IgnoreRequest(UNAVAILABLE)
        super().process_request_2(rp, request)
        self._hold_crawl_delay(request)

    def sitemaps_of(self, netloc: str) -> list[str]:
        """The ``Sitemap:`` lines of the robots.txt read for `netloc` (none when not read yet)."""
        protego = getattr(self._parsers.get(netloc), "rp", None)
        return [str(url) for url in getattr(protego, "sitemaps", None) or ()]

    def _note_crawl_delay(self, netloc: str) -> None:
        parser = self._parsers.get(netloc)
        protego = getattr(parser, "rp", None)
        if protego is None or not hasattr(protego, "crawl_delay"):
            return
        agent = self._robotstxt_useragent or self._default_useragent
        try:
            delay = protego.crawl_delay(agent)
        except (TypeError, ValueError):
            return
        if not delay or delay <= 0:
            return
        limit = self.crawler.settings.getfloat("MUNEWS_CRAWL_DELAY_MAX", 30.0)
        if delay > limit:
            logger.warning("robots.txt of %s asks for Crawl-delay %.0f s: using the %.0f s limit",
                           netloc, delay, limit)
        self._crawl_delays[netloc] = min(float(delay), limit)
        self._stats.set_value(f"robotstxt/crawl_delay/{netloc}", self._crawl_delays[netloc])

    def _hold_crawl_delay(self, request: Request) -> None:
        """Keep the host's download slot at least Crawl-delay apart (AutoThrottle may lower
        a slot's delay after each response: re-asserted before each request)."""
        if not self._crawl_delays:
            return
        from scrapy.utils.httpobj import urlparse_cached

        delay = self._crawl_delays.get(urlparse_cached(request).netloc)
        engine = self.crawler.engine
        downloader = getattr(engine, "downloader", None)
        if delay is None or downloader is None:
            return
        # The host's slot exists once its first request (robots.txt itself) was downloaded.
        slot = downloader.slots.get(downloader.get_slot_key(request))
        if slot is not None and slot.delay < delay:
            slot.delay = delay
        if slot is not None and slot.jitter:
            slot.jitter = 0  # a random ±50 % would go below the delay the site asked for
