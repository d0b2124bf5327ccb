"""Storage and search: the SQLite store, Russian analysis and the search backends."""

from indexer.base import SearchBackend
from indexer.config import Config, ConfigError, load_config
from indexer.documents import Article, SearchHit, SearchPage, SearchQuery
from indexer.errors import IndexerError, IndexUnavailable, IndexWriteError, InvalidQuery
from indexer.store import Store

__all__ = [
    "Article",
    "Config",
    "ConfigError",
    "IndexUnavailable",
    "IndexWriteError",
    "IndexerError",
    "InvalidQuery",
    "SearchBackend",
    "SearchHit",
    "SearchPage",
    "SearchQuery",
    "Store",
    "load_config",
]
