"""Why a request failed, as the short slug counted in crawl stats and run records.

Shared by the spider's errback and by pipelines that download on their own (documents).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from twisted.python.failure import Failure

__all__ = ["failure_kind"]


def failure_kind(failure: Failure | BaseException) -> str:
    """A short slug for why a request failed: ``http/503``, ``timeout``, ``dns``, …"""
    from scrapy import exceptions as scrapy_errors
    from scrapy.exceptions import IgnoreRequest
    from scrapy.spidermiddlewares.httperror import HttpError
    from twisted.internet import error as net_errors
    from twisted.python.failure import Failure as TwistedFailure

    # A Failure is itself a BaseException in recent Twisted: unwrap it first.
    value = failure.value if isinstance(failure, TwistedFailure) else failure
    if isinstance(value, HttpError):
        return f"http/{value.response.status}"
    if isinstance(value, IgnoreRequest):
        message = str(value).lower()
        if "robots.txt unavailable" in message:
            return "robots-unavailable"  # transient: robots.txt answered 5xx or nothing
        return "robots" if "robots" in message else "offsite" if "offsite" in message else "ignored"
    kinds: tuple[tuple[tuple[type[BaseException], ...], str], ...] = (
        ((scrapy_errors.DownloadCancelledError,), "oversize"),
        ((scrapy_errors.DownloadTimeoutError, net_errors.TimeoutError, TimeoutError), "timeout"),
        ((scrapy_errors.CannotResolveHostError, net_errors.DNSLookupError), "dns"),
        ((scrapy_errors.DownloadConnectionRefusedError, net_errors.ConnectionRefusedError,
          ConnectionRefusedError), "connection-refused"),
        ((scrapy_errors.ResponseDataLossError,), "data-loss"),
    )
    for types, kind in kinds:
        if isinstance(value, types):
            return kind
    return f"other/{type(value).__name__}"
