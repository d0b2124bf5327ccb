"""Saved searches («подписки»): a name, a query with filters, a stable feed URL, a last visit.

Kept in the store's SQLite file in a table of their own. The id doubles as the feed URL's
secret part: it is random, so feeds of one install cannot be enumerated.

«New since the last visit» is decided by when the store first saw an article, not by its
publication date (a crawl often finds items published days ago). A visit records the time
(to the second, like ``first_seen_at``) and the store's change number at that moment, so an
article first seen within the same second as the visit is told apart by its ``seq``.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
from dataclasses import dataclass
from datetime import date
from typing import Any

from indexer.store import max_seq
from indexer.store_runs import utc_now
from search_api.schemas import SearchParams, build_params

_SCHEMA = """
CREATE TABLE IF NOT EXISTS api_subscriptions (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    filters TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_visit_at TEXT NOT NULL,
    last_visit_seq INTEGER NOT NULL DEFAULT 0
);
"""


@dataclass(frozen=True)
class Subscription:
    """One saved search."""

    id: str
    name: str
    filters: dict[str, Any]
    created_at: str
    last_visit_at: str
    last_visit_seq: int

    def params(self, *, page: int = 1, size: int = 20) -> SearchParams:
        """The saved query as search parameters, newest first."""
        f = self.filters
        return build_params(
            f.get("q") or "", f.get("region") or [], f.get("source") or [],
            date.fromisoformat(f["since"]) if f.get("since") else None,
            date.fromisoformat(f["until"]) if f.get("until") else None,
            "date", page, size, f.get("best_practice"), f.get("with_documents"),
            municipality=f.get("municipality") or [], topic=f.get("topic") or [],
        )

    def is_new(self, first_seen_at: str, seq: int) -> bool:
        """Was an article first seen after this subscription's last visit?"""
        if first_seen_at != self.last_visit_at:
            return first_seen_at > self.last_visit_at
        return seq > self.last_visit_seq


class SubscriptionStore:
    """CRUD over the subscriptions table; every call takes the shared connection lock."""

    def __init__(self, connection: sqlite3.Connection, lock: threading.Lock) -> None:
        self._conn = connection
        self._lock = lock
        with self._lock:
            self._conn.executescript(_SCHEMA)
            self._conn.commit()

    def create(self, name: str, params: SearchParams) -> Subscription:
        """Save a query; the visit clock starts now, so only later arrivals count as new."""
        sub_id = secrets.token_urlsafe(12)
        with self._lock:
            seq = self._max_seq()
            now = utc_now()
            self._conn.execute(
                "INSERT INTO api_subscriptions(id, name, filters, created_at, last_visit_at, "
                "last_visit_seq) VALUES(?, ?, ?, ?, ?, ?)",
                (sub_id, name, json.dumps(params.filters(), ensure_ascii=False), now, now, seq),
            )
            self._conn.commit()
        found = self.get(sub_id)
        assert found is not None
        return found

    def count(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT COUNT(*) FROM api_subscriptions").fetchone()[0])

    def list(self) -> list[Subscription]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT * FROM api_subscriptions ORDER BY created_at, name"
            ).fetchall()
        return [_row(row) for row in rows]

    def get(self, sub_id: str) -> Subscription | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT * FROM api_subscriptions WHERE id = ?", (sub_id,)
            ).fetchone()
        return _row(row) if row else None

    def mark_visited(self, sub_id: str) -> bool:
        """Move the visit clock to now; False when there is no such subscription."""
        with self._lock:
            cursor = self._conn.execute(
                "UPDATE api_subscriptions SET last_visit_at = ?, last_visit_seq = ? WHERE id = ?",
                (utc_now(), self._max_seq(), sub_id),
            )
            self._conn.commit()
        return cursor.rowcount > 0

    def delete(self, sub_id: str) -> bool:
        with self._lock:
            cursor = self._conn.execute("DELETE FROM api_subscriptions WHERE id = ?", (sub_id,))
            self._conn.commit()
        return cursor.rowcount > 0

    def _max_seq(self) -> int:
        return max_seq(self._conn)


def _row(row: sqlite3.Row) -> Subscription:
    return Subscription(
        id=row["id"], name=row["name"], filters=json.loads(row["filters"]),
        created_at=row["created_at"], last_visit_at=row["last_visit_at"],
        last_visit_seq=int(row["last_visit_seq"]),
    )
