"""Log records a person running `munews crawl` does not need twice.

A site that is down makes Scrapy log, per request, "Gave up retrying …" and an
"Error downloading …" with a whole traceback of a DNS or connection error; the spider's
errback already says it in one line (``[source] failed URL: dns``) and the summary table
counts it. Without ``-v`` those Scrapy records are dropped; with ``-v`` everything is shown.
"""

from __future__ import annotations

import logging

__all__ = ["QuietNetworkErrors"]


def _network_errors() -> tuple[type[BaseException], ...]:
    from scrapy import exceptions as scrapy_errors
    from twisted.internet import error as net_errors

    return (net_errors.DNSLookupError, net_errors.ConnectError, net_errors.TimeoutError,
            net_errors.ConnectionLost, scrapy_errors.CannotResolveHostError,
            scrapy_errors.DownloadConnectionRefusedError, scrapy_errors.DownloadTimeoutError,
            scrapy_errors.ResponseDataLossError, TimeoutError, ConnectionError)


class QuietNetworkErrors(logging.Filter):
    """Drop Scrapy's records of network failures the spider reports itself."""

    def __init__(self) -> None:
        super().__init__()
        self.kinds: tuple[type[BaseException], ...] | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith("scrapy"):
            return True
        if record.levelno < logging.WARNING:
            return False  # Scrapy's start-up banner and its per-request debug lines
        if record.name == "scrapy.downloadermiddlewares.retry" and "Gave up retrying" in record.getMessage():
            return False
        if record.exc_info and record.exc_info[1] is not None:
            if self.kinds is None:
                self.kinds = _network_errors()
            return not isinstance(record.exc_info[1], self.kinds)
        return True
