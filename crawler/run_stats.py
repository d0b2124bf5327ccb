"""A crawl's run record from Scrapy's stats: its status, pages fetched and errors by kind."""

from __future__ import annotations

from typing import Any

from crawler.storage_errors import REASON as STORAGE_REASON

__all__ = ["TIMEOUT_REASONS", "pages_fetched", "run_errors", "run_status"]

#: Close reasons of a spider stopped by a time limit (its own, or the whole crawl's).
TIMEOUT_REASONS = ("closespider_timeout", "crawl_timeout")


def run_status(reason: str, pages: int) -> str:
    """The run record's status: ``ok``, ``timeout``, ``failed`` (nothing fetched, or the
    store could not be written) or the close reason."""
    if reason == STORAGE_REASON:
        return "failed"
    if reason in TIMEOUT_REASONS:
        return "timeout"
    return "ok" if pages and reason == "finished" else "failed" if not pages else reason


def pages_fetched(stats: dict[str, Any]) -> int:
    """Responses received for the site's own pages (robots.txt and the not-found probe do not count)."""
    robots = int(stats.get("robotstxt/response_count", 0)) + int(stats.get("munews/robots_fetched", 0))
    return int(stats.get("response_received_count", 0)) - robots - int(stats.get("munews/not_found_probe", 0))


def run_errors(stats: dict[str, Any]) -> dict[str, int]:
    """Errors of a crawl by kind, from Scrapy stats: ``{"http/503": 2, "cleaning/no-body": 1}``."""
    errors: dict[str, int] = {}
    for key, value in stats.items():
        if key.startswith("errors/"):
            errors[key[len("errors/"):]] = int(value)
        elif key.startswith("cleaning/dropped/"):
            errors["cleaning/" + key[len("cleaning/dropped/"):]] = int(value)
    return errors
