"""Documents a search backend refused, kept in the store file so they are reported, not lost.

The article itself stays in the store (the source of truth); this table says which ones the
backend would not take and why (an immense term, a mapping conflict ...). An entry disappears
when the same article is accepted later (after a fix and ``munews reindex``).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS index_rejections (
    backend TEXT NOT NULL,
    article_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    rejected_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (backend, article_id)
);
"""


class RejectionLog:
    """The `index_rejections` table of one backend, in the SQLite store file."""

    def __init__(self, store_path: str | Path, backend: str) -> None:
        self.backend = backend
        self._path = Path(store_path)
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None

    def _db(self) -> sqlite3.Connection:
        # Opened on first use: a backend that never writes (the API) never touches the file.
        if self._conn is None:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self._path, timeout=30.0, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout = 30000")
            conn.executescript(_SCHEMA)
            self._conn = conn
        return self._conn

    def record(self, failed: Iterable[tuple[str, str]]) -> None:
        """Remember (article id, reason) pairs; a repeat bumps the attempt count."""
        now = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
        rows = [(self.backend, article_id, reason, now) for article_id, reason in failed]
        if not rows:
            return
        with self._lock:
            db = self._db()
            db.executemany(
                "INSERT INTO index_rejections(backend, article_id, reason, rejected_at) "
                "VALUES(?, ?, ?, ?) ON CONFLICT(backend, article_id) DO UPDATE SET "
                "reason = excluded.reason, rejected_at = excluded.rejected_at, "
                "attempts = attempts + 1",
                rows,
            )
            db.commit()

    def clear(self, article_ids: Iterable[str]) -> None:
        """Forget ids the backend has now accepted (or that were deleted)."""
        ids = [(self.backend, article_id) for article_id in article_ids]
        if not ids:
            return
        with self._lock:
            db = self._db()
            db.executemany(
                "DELETE FROM index_rejections WHERE backend = ? AND article_id = ?", ids
            )
            db.commit()

    def list(self, limit: int = 100) -> list[tuple[str, str, str, int]]:
        """(article id, reason, rejected_at, attempts), newest first."""
        with self._lock:
            rows = self._db().execute(
                "SELECT article_id, reason, rejected_at, attempts FROM index_rejections "
                "WHERE backend = ? ORDER BY rejected_at DESC, article_id LIMIT ?",
                (self.backend, limit),
            ).fetchall()
        return [(str(r[0]), str(r[1]), str(r[2]), int(r[3])) for r in rows]

    def count(self) -> int:
        with self._lock:
            row = self._db().execute(
                "SELECT COUNT(*) FROM index_rejections WHERE backend = ?", (self.backend,)
            ).fetchone()
        return int(row[0])

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
