"""The search backend interface: what the crawl pipeline, the CLI and the API see.

Two implementations: :mod:`indexer.embedded` (tantivy files beside the SQLite store; the
default) and :mod:`indexer.elastic.backend` (Elasticsearch). Both index the tokens produced by
:mod:`indexer.analysis`, so they agree on what matches. Pick one with
:func:`indexer.backends.open_index`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from indexer.documents import Article, SearchPage, SearchQuery


@runtime_checkable
class SearchBackend(Protocol):
    """Index, delete, search with filters and facets, count, get."""

    name: str

    def index(self, articles: Iterable[Article]) -> int:
        """Add or replace articles (by id); returns how many were accepted. Not yet visible."""

    def delete(self, article_ids: Iterable[str]) -> None:
        """Remove articles by id."""

    def commit(self) -> None:
        """Make everything indexed so far visible to searches."""

    def search(self, query: SearchQuery) -> SearchPage:
        """Hits for one page, the total, and facets for the whole result."""

    def count(self, query: SearchQuery | None = None) -> int:
        """How many articles match (all when query is None)."""

    def suggest(self, text: str) -> str | None:
        """The query with words the index does not know replaced by the closest indexed
        words («Возможно, вы имели в виду …»), or None. :meth:`search` fills
        ``SearchPage.suggestion`` with it when a first page finds almost nothing."""

    def get(self, article_id: str) -> Article | None:
        """One indexed article by id, or None."""

    def clear(self) -> None:
        """Remove every document (used by a full reindex)."""

    def close(self) -> None:
        """Release files, locks and connections."""
