"""Bring a search backend up to date with the store by replaying its change log.

Every change in the store bumps a monotonic ``seq``; each backend remembers the last seq it
has *committed* in the store's meta table (``indexed_seq:<backend name>``). Replaying from
there is idempotent (documents are keyed by article id), and the remembered seq moves only
after a successful commit, so a backend that fails midway (Elasticsearch down) loses
nothing: the next sync starts again from the last committed batch.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from indexer.errors import IndexUnavailable, IndexWriteError

if TYPE_CHECKING:
    from indexer.base import SearchBackend
    from indexer.store import Store

logger = logging.getLogger(__name__)


@dataclass
class SyncReport:
    """What one sync did; `pending` changes are still to be indexed (after an error)."""

    indexed: int = 0
    deleted: int = 0
    pending: int = 0
    error: str | None = None


def seq_key(backend: SearchBackend) -> str:
    """The meta key holding the last seq this backend committed."""
    return f"indexed_seq:{backend.name}"


def indexed_seq(store: Store, backend: SearchBackend) -> int:
    return int(store.get_meta(seq_key(backend), "0") or 0)


def pending_changes(store: Store, backend: SearchBackend) -> int:
    """Changes in the store that this backend has not committed yet."""
    return store.changes_after(indexed_seq(store, backend))


def sync_index(store: Store, backend: SearchBackend, *, batch: int = 500) -> SyncReport:
    """Replay the store's changes since the backend's last commit; never raises IndexerError
    for an unreachable backend: the report says what is pending instead."""
    report = SyncReport()
    last = indexed_seq(store, backend)
    try:
        while True:
            changes = store.changes_since(last, limit=batch)
            if not changes:
                break
            live = [article for _, article, deleted in changes if not deleted]
            gone = [article.id for _, article, deleted in changes if deleted]
            if live:
                backend.index(live)
            if gone:
                backend.delete(gone)
            backend.commit()
            last = changes[-1][0]
            store.set_meta(seq_key(backend), str(last))
            report.indexed += len(live)
            report.deleted += len(gone)
    except (IndexUnavailable, IndexWriteError) as exc:
        logger.warning("search index %s not updated: %s", backend.name, exc)
        report.error = str(exc)
    report.pending = pending_changes(store, backend)
    return report


def reindex(store: Store, backend: SearchBackend, *, batch: int = 500) -> SyncReport:
    """Rebuild from scratch in one commit: readers see the old index until the new one is whole."""
    report = SyncReport()
    last = 0
    try:
        backend.clear()
        while True:
            changes = store.changes_since(last, limit=batch)
            if not changes:
                break
            live = [article for _, article, deleted in changes if not deleted]
            report.indexed += backend.index(live) if live else 0
            last = changes[-1][0]
        backend.commit()
        store.set_meta(seq_key(backend), str(last))
    except (IndexUnavailable, IndexWriteError) as exc:
        logger.warning("search index %s not rebuilt: %s", backend.name, exc)
        report.error = str(exc)
        report.indexed = 0
    report.pending = pending_changes(store, backend)
    return report
