"""Rebuild a search index from the store: the one path behind `munews reindex` and
`python -m indexer reindex`.

The embedded index is cleared and replayed in one commit (an index built by another analyzer
or schema version is recreated: a rebuild is what was asked for). Elasticsearch gets a new
versioned index filled from the store and an atomic alias swap, so searches never see a
half-built index.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from indexer.backends import open_backend
from indexer.errors import IndexerError, IndexUnavailable
from indexer.store import Store
from indexer.sync import SyncReport

if TYPE_CHECKING:
    from indexer.base import SearchBackend
    from indexer.config import Config

__all__ = ["NoStore", "rebuild_index"]


class NoStore(IndexerError):
    """There is no store to rebuild from."""


def _open(config: Config, name: str, store: Store) -> SearchBackend:
    try:
        return open_backend(config, name=name, store=store)
    except IndexUnavailable:
        if name != "embedded":
            raise
        return open_backend(config, name=name, store=store, recreate=True)


def rebuild_index(config: Config, name: str | None = None, *, batch: int = 500) -> SyncReport:
    """Rebuild backend ``name`` (default: the configured one); IndexerError if it cannot open."""
    name = name or config.backend
    if not config.store_path.exists():
        raise NoStore(f"no store at {config.store_path}; run `munews crawl` first")
    if name == "elasticsearch":
        from indexer.elastic.reindex import reindex
    else:
        from indexer.sync import reindex
    with Store(config.store_path) as store:
        backend = _open(config, name, store)
        try:
            return reindex(store, backend, batch=max(batch, 1))  # type: ignore[arg-type]
        finally:
            backend.close()
