"""`extract_document`: the bytes of one fetched document to a `DocumentText`; never raises.

The checks that need no library run here, in the caller's process: the size, the kind by magic
bytes, a zip's declared sizes, the .doc tool. The library work runs in a worker process of the
shared pool (worker.py) under the time limit and the memory cap; `close()` ends the pool (it
also ends at exit) and the next call starts a new one.
"""

from __future__ import annotations

import atexit
import hashlib
import threading

from crawler.attachments import worker
from crawler.attachments.doc_text import doc_command
from crawler.attachments.formats import run_job
from crawler.attachments.limits import MAX_BYTES, MAX_CHARS, MAX_PAGES, SOFT_TIME_SHARE, TIME_LIMIT, Budget, check_zip
from crawler.attachments.result import ERROR, NOT_EXTRACTED, ZIP_KINDS, DocumentText, Extracted, one_line
from crawler.attachments.sniff import OLE2_MAGIC, hinted_kind, not_a_document, sniff_kind

_pool: worker.WorkerPool | None = None
_pool_lock = threading.Lock()
POOL_SIZE = 1  # one worker: the crawl fetches more than it parses; a caller may pass its own pool


def default_pool() -> worker.WorkerPool:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = worker.WorkerPool(POOL_SIZE, preload="crawler.attachments.formats:preload")
        return _pool


def close() -> None:
    """Stop the shared pool's workers (a later extraction starts a new pool)."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.close()


atexit.register(close)


def extract_document(data: bytes, url: str, content_type: str | None = None, *,
                     max_bytes: int = MAX_BYTES, time_limit: float = TIME_LIMIT, max_chars: int = MAX_CHARS,
                     max_pages: int = MAX_PAGES, pool: worker.WorkerPool | None = None) -> DocumentText:
    """The text of one document (see DocumentText for the statuses and reasons)."""
    size, sha256 = len(data), hashlib.sha256(data).hexdigest()
    try:
        return _extract(data, url, content_type, size, sha256, max_bytes, time_limit,
                        Budget(max_chars=max_chars, max_pages=max_pages, soft_seconds=time_limit * SOFT_TIME_SHARE),
                        pool)
    except Exception as error:  # a check of this module failed on bytes nobody foresaw
        reason = one_line(f"internal: {type(error).__name__}: {error}")
        return DocumentText(hinted_kind(url, content_type) or "unknown", "", None, None, ERROR, reason, sha256, size)


def _extract(data: bytes, url: str, content_type: str | None, size: int, sha256: str, max_bytes: int,
             time_limit: float, budget: Budget, pool: worker.WorkerPool | None) -> DocumentText:

    def result(kind: str, extracted: Extracted | str) -> DocumentText:
        if isinstance(extracted, str):
            return DocumentText(kind, "", None, None, ERROR, one_line(extracted), sha256, size)
        return DocumentText(kind, extracted.text, extracted.title, extracted.pages, extracted.status, None,
                            sha256, size, extracted.truncated)

    if size > max_bytes:
        return result(sniff_kind(data[:65536], url, content_type) or hinted_kind(url, content_type) or "unknown",
                      "too-large")
    kind = sniff_kind(data, url, content_type)
    if kind is None:
        return result(hinted_kind(url, content_type) or "unknown", not_a_document(data))
    problem = _before_opening(kind, data)
    if problem is not None:
        return result(kind, problem)
    if kind == "doc" and doc_command() is None:
        return result(kind, Extracted("", status=NOT_EXTRACTED))
    return result(kind, _run(pool, kind, data, budget, time_limit))


def _before_opening(kind: str, data: bytes) -> str | None:
    """A reason not to hand the bytes to a library at all."""
    if kind in ZIP_KINDS:
        if data.startswith(OLE2_MAGIC):
            return "encrypted"  # an encrypted DOCX/XLSX is an OLE2 file around the zip
        return check_zip(data)
    return None


def _run(pool: worker.WorkerPool | None, kind: str, data: bytes, budget: Budget, time_limit: float) -> Extracted | str:
    try:
        answer: Extracted | str = (pool or default_pool()).call(run_job, kind, data, budget, timeout=time_limit)
        return answer
    except worker.WorkerTimeout:
        return "timeout"
    except worker.WorkerOutOfMemory:
        return "out-of-memory"
    except worker.WorkerCrashed as error:
        return f"worker-crashed: {error}"
    except Exception as error:  # the worker itself failed (could not start, a pickling problem)
        return f"internal: {type(error).__name__}: {error}"
