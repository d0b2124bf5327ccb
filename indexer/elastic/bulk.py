"""Bulk writes to Elasticsearch: batching, retries with backoff, back-pressure, per-item verdicts.

Batches are bounded by count and by bytes (a few very long articles must not build a request
above ``http.max_content_length``). A batch answered with 429 (the node's write queue is full:
back-pressure) is retried with exponential backoff by the client's bulk helper; network errors
are retried by the transport. What still fails is sorted in two kinds:

* transient (429 after every retry, 5xx, the node unreachable) -> :class:`IndexUnavailable`:
  the caller keeps the items in the store and replays them later;
* permanent (400 mapping errors, an immense term ...) -> listed in
  :attr:`BulkResult.rejected` with the reason, so they can be reported instead of lost.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from elasticsearch import ApiError, TransportError, helpers

from indexer.errors import IndexUnavailable

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

logger = logging.getLogger(__name__)

#: Documents per bulk request: Elastic's guidance is 5-15 MB per request; 500 articles of
#: ~10 KB (text plus analysed terms) is about 5 MB.
CHUNK_DOCS = 500
#: Hard cap on one request's bytes, well under the default 100 MB http.max_content_length.
CHUNK_BYTES = 10 * 1024 * 1024
#: Retries of a batch rejected with 429; backoff doubles from INITIAL_BACKOFF up to MAX_BACKOFF
#: (1+2+4+8+16+30 s: about a minute of a saturated node before we give up and replay later).
MAX_RETRIES = 6
INITIAL_BACKOFF = 1.0
MAX_BACKOFF = 30.0

# Item statuses that say "try again later" rather than "this document is wrong".
_TRANSIENT = {408, 429, 500, 502, 503, 504}


@dataclass
class BulkResult:
    """What one bulk run did."""

    succeeded: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)
    transient: list[tuple[str, str]] = field(default_factory=list)


#: Characters kept of each part of a refusal reason (Elasticsearch quotes the whole value).
REASON_CHARS = 300


def _reason(info: dict[str, Any]) -> str:
    parts: list[str] = []
    error = info.get("error")
    while isinstance(error, dict) and len(parts) < 3:
        parts.append(f"{error.get('type', 'error')}: {str(error.get('reason', ''))[:REASON_CHARS]}")
        error = error.get("caused_by")
    if not parts:
        return str(error or f"status {info.get('status')}")[:REASON_CHARS]
    return " <- ".join(parts)


def run_bulk(
    client: Elasticsearch,
    actions: Iterable[dict[str, Any]],
    *,
    chunk_docs: int = CHUNK_DOCS,
    chunk_bytes: int = CHUNK_BYTES,
    max_retries: int = MAX_RETRIES,
    initial_backoff: float = INITIAL_BACKOFF,
    max_backoff: float = MAX_BACKOFF,
) -> BulkResult:
    """Send actions in batches; raise IndexUnavailable when the cluster cannot take them now."""
    result = BulkResult()
    try:
        for ok, item in helpers.streaming_bulk(
            client, actions, chunk_size=chunk_docs, max_chunk_bytes=chunk_bytes,
            raise_on_error=False, raise_on_exception=True, max_retries=max_retries,
            initial_backoff=initial_backoff, max_backoff=max_backoff, yield_ok=True,
        ):
            _tally(result, ok, item)
    except (TransportError, ApiError) as exc:
        # Connection refused, timeouts, or a whole request refused (429 after retries, 5xx).
        raise IndexUnavailable(f"Elasticsearch bulk request failed: {exc}") from exc
    if result.transient:
        raise IndexUnavailable(
            f"Elasticsearch could not take {len(result.transient)} documents now "
            f"(first: {result.transient[0][1]})"
        )
    return result


def _tally(result: BulkResult, ok: bool, item: dict[str, Any]) -> None:
    op, info = next(iter(item.items()))
    if ok:
        result.succeeded += 1
        return
    status = int(info.get("status", 0))
    doc_id = str(info.get("_id", ""))
    if op == "delete" and status == 404:
        result.succeeded += 1  # already gone: deleting is idempotent
    elif status in _TRANSIENT:
        result.transient.append((doc_id, _reason(info)))
    else:
        logger.warning("Elasticsearch rejected document %s: %s", doc_id, _reason(info))
        result.rejected.append((doc_id, _reason(info)))
