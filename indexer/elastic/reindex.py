"""Zero-downtime rebuild of the Elasticsearch index from the store: new index, fill, swap alias.

Searches keep using the old index through the alias until the new one is complete; the swap
is one atomic ``_aliases`` request, and only then is the old index dropped. Articles the crawl
stores while the rebuild runs are caught up from the store's change log (``seq``) before and
after the swap, so nothing written meanwhile is missed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from elasticsearch import ApiError, TransportError

from indexer.elastic import admin
from indexer.errors import IndexUnavailable, IndexWriteError
from indexer.sync import SyncReport, pending_changes, seq_key

if TYPE_CHECKING:
    from indexer.documents import Article
    from indexer.elastic.backend import ElasticBackend
    from indexer.store import Store

logger = logging.getLogger(__name__)

#: Changes read from the store per catch-up round.
REPLAY_BATCH = 500


@dataclass
class ReindexReport:
    """What a rebuild did."""

    index: str
    previous: list[str] = field(default_factory=list)
    indexed: int = 0
    deleted: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    last_seq: int = 0


def rebuild(backend: ElasticBackend, store: Store, *, batch: int = REPLAY_BATCH) -> ReindexReport:
    """Fill a fresh versioned index from the store and swap the alias onto it."""
    started = time.monotonic()
    backend.ensure_index()
    client, alias = backend.client, backend.alias
    start_seq = store.max_seq()
    started_ms = int(time.time() * 1000)
    report = ReindexReport(
        index=admin.create_index(client, alias, shards=backend.shards, bulk_load=True))
    try:
        _write(backend, report.index, store.iter_articles(), report)
        report.last_seq = replay(backend, report.index, store, start_seq, report, batch)
        admin.finish_bulk_load(client, report.index)
        report.previous = admin.alias_targets(client, alias)
        admin.point_alias(client, alias, report.index, report.previous)
    except BaseException:
        admin.drop_indexes(client, [report.index])
        raise
    # Writes that reached the old index between the catch-up and the swap are in the store too.
    report.last_seq = replay(backend, alias, store, report.last_seq, report, batch)
    client.indices.refresh(index=alias)
    admin.drop_indexes(client, [name for name in report.previous if name != report.index])
    # A rebuild killed before its swap left its index behind; nothing points at it.
    admin.drop_indexes(client, admin.leftover_indexes(client, alias, started_ms))
    report.seconds = time.monotonic() - started
    logger.info("reindexed %d articles into %s in %.1fs (%d rejected)",
                report.indexed, report.index, report.seconds, len(report.rejected))
    return report


def replay(backend: ElasticBackend, target: str, store: Store, seq: int,
           report: ReindexReport, batch: int = REPLAY_BATCH) -> int:
    """Apply the store's changes after `seq` to `target`; returns the last seq applied."""
    while True:
        changes = store.changes_since(seq, limit=batch)
        if not changes:
            return seq
        live = [article for _, article, deleted in changes if not deleted]
        gone = [article.id for _, article, deleted in changes if deleted]
        _write(backend, target, live, report)
        if gone:
            backend.delete_from(target, gone)
            report.deleted += len(gone)
        seq = changes[-1][0]


def _write(backend: ElasticBackend, target: str, articles: Iterable[Article],
           report: ReindexReport) -> None:
    try:
        report.indexed += backend.index_into(target, articles)
    except IndexWriteError as error:
        # Refused documents are already in the rejection log; the rest went in.
        report.indexed += int(getattr(error, "accepted", 0))
        report.rejected.extend(error.failed)


def reindex(store: Store, backend: ElasticBackend, *, batch: int = REPLAY_BATCH) -> SyncReport:
    """`munews reindex --backend elasticsearch`: rebuild, then record the seq for the sync."""
    report = SyncReport()
    try:
        done = rebuild(backend, store, batch=batch)
    except (IndexUnavailable, TransportError, ApiError) as exc:
        logger.warning("Elasticsearch index not rebuilt: %s", exc)
        report.error = str(exc)
    else:
        store.set_meta(seq_key(backend), str(done.last_seq))
        report.indexed, report.deleted = done.indexed, done.deleted
    report.pending = pending_changes(store, backend)
    return report
