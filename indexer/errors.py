"""Errors raised by the indexer package.

    IndexerError
    ├── IndexUnavailable   the backend cannot be reached or opened (ES down, index locked)
    ├── IndexWriteError    documents were rejected; `.failed` holds (id, reason) pairs
    └── InvalidQuery       a filter value is malformed (query *text* never raises: it degrades)
"""

from __future__ import annotations


class IndexerError(Exception):
    """Base of every indexer error."""


class IndexUnavailable(IndexerError):
    """The search backend cannot be reached or opened."""


class IndexWriteError(IndexerError):
    """Some documents were rejected by the backend."""

    def __init__(self, message: str, failed: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.failed = failed or []


class InvalidQuery(IndexerError):
    """A filter value (date, sort, page) is malformed."""
