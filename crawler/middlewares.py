"""Downloader middlewares of the munews crawl.

:class:`CharsetFixMiddleware` makes every HTML response decode to correct Unicode. Russian
municipal sites declare windows-1251 in the header, only in a ``<meta>`` tag, or wrongly
(an old hosting default of ``charset=utf-8`` in front of cp1251 bytes). Scrapy trusts the
header; this middleware checks the declared encoding against the bytes and, when they
disagree, picks one that decodes them: the ``<meta>`` declaration, UTF-8, then a guess by
charset-normalizer. Enabled in ``DOWNLOADER_MIDDLEWARES``; counts ``encoding/fixed``.

:class:`StayOnSiteMiddleware` refuses every request outside the spider's ``allowed_domains``,
redirects included, whatever ``dont_filter`` says (Scrapy's own OffsiteMiddleware lets
``dont_filter`` requests through, and the news spider uses ``dont_filter`` because it keeps
its own seen-sets). Counts ``offsite/filtered``; the request's errback sees ``offsite``.

:class:`RetryAfterMiddleware` is Scrapy's RetryMiddleware that also honours ``Retry-After``
on 429 and 503 (RFC 9110 §10.2.3: seconds or an HTTP-date): the whole site, not only the
refused request, waits that long before its next request. A wait longer than
``MUNEWS_RETRY_AFTER_MAX`` gives up the request (counted ``retry_after/too_long``).
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, TextResponse
from w3lib.encoding import html_body_declared_encoding, resolve_encoding

from crawler.urls import in_domains

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

__all__ = ["CharsetFixMiddleware", "RetryAfterMiddleware", "StayOnSiteMiddleware", "TimeBudgetMiddleware",
           "detect_encoding", "retry_after_seconds"]

# Undecodable bytes tolerated under the declared encoding before we doubt it: real UTF-8
# pages sometimes carry one truncated multi-byte character (a cut-off excerpt), and that
# must not send a correct page to the guesser. One bad sequence per 2,000 bytes is far
# below what a cp1251 page read as UTF-8 produces (nearly every Cyrillic letter fails).
_TOLERATED_ERROR_RATIO = 1 / 2000


def _errors(body: bytes, encoding: str) -> int | None:
    """Number of undecodable sequences in `body`, or None for an unknown codec."""
    try:
        return body.decode(encoding, errors="replace").count("\ufffd")
    except LookupError:
        return None


def _fits(body: bytes, encoding: str | None) -> bool:
    if not encoding:
        return False
    errors = _errors(body, encoding)
    return errors is not None and errors <= max(1, len(body)) * _TOLERATED_ERROR_RATIO


#: Single-byte Cyrillic codepages that decode any bytes without an error, so a wrong one is
#: told only by what the text looks like.
_CYRILLIC_SINGLE_BYTE = ("cp1251", "koi8-r", "cp866", "iso8859-5", "mac-cyrillic")
#: The most frequent letters of Russian text (about 40 % of all letters).
_FREQUENT = frozenset("оеаинтср")


def _russian_likeness(text: str) -> float:
    """How much `text` looks like Russian: lower-case Cyrillic share times frequent-letter share.

    KOI8-R read as windows-1251 (or the reverse) turns lower case into upper case and the
    frequent letters into rare ones; both shares drop far below a real page's.
    """
    letters = [ch for ch in text if "\u0400" <= ch <= "\u04ff"]
    if len(letters) < 50:
        return 0.0
    lower = sum(ch.islower() for ch in letters) / len(letters)
    frequent = sum(ch.lower() in _FREQUENT for ch in letters) / len(letters)
    return lower * frequent


def _best_cyrillic(body: bytes, declared: str) -> str:
    """`declared` unless another single-byte Cyrillic codepage reads the page as far more
    plausible Russian (KOI8-R bytes behind a ``windows-1251`` header)."""
    sample = bytes(b for b in body[:200_000] if b >= 0x80)[:20_000]
    if len(sample) < 60:
        return declared  # too little text to judge
    scores = {codec: _russian_likeness(sample.decode(codec, errors="replace")) for codec in _CYRILLIC_SINGLE_BYTE}
    # Near-ties go to the commoner codepage: mac-cyrillic reads cp1251 lower case alike.
    best = max(_CYRILLIC_SINGLE_BYTE, key=lambda codec: (round(scores[codec], 2), -_CYRILLIC_SINGLE_BYTE.index(codec)))
    own = scores.get(resolve_encoding(declared) or declared, _russian_likeness(sample.decode(declared, "replace")))
    return best if scores[best] > 2 * own + 0.02 else declared


def detect_encoding(body: bytes, declared: str | None) -> str:
    """The encoding that decodes `body` correctly, preferring what the page declared."""
    if _fits(body, declared) and not _looks_mojibake(body, declared):
        assert declared is not None
        if (resolve_encoding(declared) or declared) in _CYRILLIC_SINGLE_BYTE:
            return _best_cyrillic(body, declared)
        return declared
    meta = html_body_declared_encoding(body)
    meta = resolve_encoding(meta) if meta else None
    for candidate in (meta, "utf-8"):
        if candidate and candidate != declared and _fits(body, candidate):
            return candidate
    from charset_normalizer import from_bytes

    best = from_bytes(body[:200_000]).best()
    if best is not None:
        return str(best.encoding)
    return declared or "utf-8"


def _looks_mojibake(body: bytes, encoding: str | None) -> bool:
    """UTF-8 bytes read as a single-byte Cyrillic codepage decode without errors, as garbage."""
    if not encoding or resolve_encoding(encoding) in (None, "utf-8"):
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    # Valid UTF-8 with multi-byte sequences is almost never meant as cp1251/koi8-r.
    return any(byte >= 0x80 for byte in body)


class CharsetFixMiddleware:
    """Re-decode HTML responses whose declared charset does not match their bytes."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CharsetFixMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, TextResponse) or not response.body:
            return response
        if not isinstance(response, HtmlResponse) and b"<html" not in response.body[:2048].lower():
            return response
        declared = response._declared_encoding()  # header, BOM or <meta>, as Scrapy reads it
        declared = resolve_encoding(declared) if declared else None
        encoding = detect_encoding(response.body, declared)
        if encoding == declared:
            return response
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("encoding/fixed")
        logger.info("Charset of %s declared as %s, decoded as %s", response.url, declared, encoding)
        return response.replace(encoding=encoding)


class StayOnSiteMiddleware:
    """Drop any request whose host is not one of the spider's allowed domains."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StayOnSiteMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        spider = self.crawler.spider
        domains = list(getattr(spider, "allowed_origins", None) or getattr(spider, "allowed_domains", None) or [])
        if not domains or in_domains(request.url, domains):
            return
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("offsite/filtered")
        raise IgnoreRequest(f"Filtered offsite request to {request.url}")


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait that a ``Retry-After`` header asks for, or None when absent or unreadable."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


class RetryAfterMiddleware(RetryMiddleware):
    """Retry like Scrapy, pausing the site first for as long as its ``Retry-After`` asks."""

    def process_response(self, request: Request, response: Response,
                         spider: object = None) -> Request | Response:
        if response.status in (429, 503) and not request.meta.get("dont_retry", False):
            raw = response.headers.get(b"Retry-After")
            wait = retry_after_seconds(raw.decode("latin-1") if raw else None,
                                       _response_date(response))
            if wait is not None:
                limit = self.crawler.settings.getfloat("MUNEWS_RETRY_AFTER_MAX", 120.0)
                if wait > limit:
                    self._count("retry_after/too_long")
                    logger.warning("%s asks to retry after %.0f s (limit %.0f s): giving up",
                                   request.url, wait, limit)
                    return response
                self._count("retry_after/honoured")
                self._pause_site(request, wait)
        return super().process_response(request, response)

    def _pause_site(self, request: Request, wait: float) -> None:
        """Hold back the site's download slot: its next request leaves after `wait` seconds.

        Scrapy's downloader delays a slot's queue by ``delay - (now - lastseen)``; moving
        ``lastseen`` into the future (with a non-zero delay) postpones every request of the
        site, the retried one included.
        """
        engine = self.crawler.engine
        downloader = getattr(engine, "downloader", None)
        if downloader is None:
            return
        slot = downloader.slots.get(downloader.get_slot_key(request))
        if slot is None:
            return
        slot.delay = max(slot.delay, 0.001)
        slot.lastseen = max(slot.lastseen, time.monotonic() + wait)

    def _count(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)


class TimeBudgetMiddleware:
    """Give no request more time than the source has left.

    A source's time limit (``CLOSESPIDER_TIMEOUT``) closes its spider, but Scrapy lets the
    downloads in flight run to their own timeout (30 s by default, for each of them). Each
    request's ``download_timeout`` is cut to the time left before the source's or the whole
    crawl's deadline (``MUNEWS_CRAWL_DEADLINE``, a Unix time) plus a moment, so a source ends
    within seconds of its limit however slow its server; past the deadline nothing is sent.
    """

    #: Seconds a request may run past the deadline: the close itself needs a moment.
    GRACE = 3.0

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.started = time.time()
        limit = crawler.settings.getfloat("CLOSESPIDER_TIMEOUT", 0)
        deadlines = [self.started + limit] if limit else []
        crawl_deadline = crawler.settings.getfloat("MUNEWS_CRAWL_DEADLINE", 0)
        if crawl_deadline:
            deadlines.append(crawl_deadline)
        self.deadline = min(deadlines) if deadlines else None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TimeBudgetMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if self.deadline is None:
            return
        left = self.deadline - time.time()
        if left <= 0:
            raise IgnoreRequest("time limit reached")
        default = self.crawler.settings.getfloat("DOWNLOAD_TIMEOUT", 180)
        request.meta["download_timeout"] = min(float(request.meta.get("download_timeout", default)),
                                               left + self.GRACE)


def _response_date(response: Response) -> datetime | None:
    # An HTTP-date Retry-After is read against the server's clock when it sent one.
    raw = response.headers.get(b"Date")
    try:
        return parsedate_to_datetime(raw.decode("latin-1")) if raw else None
    except (TypeError, ValueError, IndexError):
        return None
