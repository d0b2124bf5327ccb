"""The store's crawl-run records (table ``crawl_runs``): one row per crawl of a source.

A mixin of :class:`indexer.store.Store` (it uses the store's connection); kept apart so the
store module holds the articles.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
from datetime import datetime, timezone
from typing import Any

__all__ = ["INTERRUPTED", "RunRecords", "utc_now"]

#: What a run left 'running' by a process that no longer exists is closed as.
INTERRUPTED = "interrupted"


def utc_now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class RunRecords:
    _conn: sqlite3.Connection

    def start_run(self, source_id: str) -> int:
        """Open a run record for this process; first close the source's runs that a dead
        process of this host left 'running' (kill -9, OOM, power loss)."""
        self.close_orphaned_runs(source_id)
        cursor = self._conn.execute(
            "INSERT INTO crawl_runs(source_id, started_at, host, pid) VALUES(?, ?, ?, ?)",
            (source_id, utc_now(), socket.gethostname(), os.getpid()),
        )
        self._conn.commit()
        return int(cursor.lastrowid or 0)

    def close_orphaned_runs(self, source_id: str | None = None) -> int:
        """Mark 'running' rows of this host whose process is gone as interrupted; how many.

        Rows of other hosts are left alone (their processes cannot be seen from here), and
        so are rows of old stores that recorded no pid."""
        query = "SELECT run_id, pid FROM crawl_runs WHERE status = 'running' AND host = ? AND pid > 0"
        args: tuple[Any, ...] = (socket.gethostname(),)
        if source_id is not None:
            query += " AND source_id = ?"
            args += (source_id,)
        dead = [row["run_id"] for row in self._conn.execute(query, args) if not _process_alive(row["pid"])]
        for run_id in dead:
            self._conn.execute(
                "UPDATE crawl_runs SET status = ?, finished_at = ?, message = ? WHERE run_id = ?",
                (INTERRUPTED, utc_now(), "the crawl process ended without closing its run (killed?)", run_id),
            )
        if dead:
            self._conn.commit()
        return len(dead)

    def finish_run(self, run_id: int, *, status: str, pages_fetched: int, new: int, updated: int,
                   unchanged: int, errors: dict[str, int], message: str = "") -> None:
        self._conn.execute(
            "UPDATE crawl_runs SET finished_at = ?, status = ?, pages_fetched = ?, articles_new = ?, "
            "articles_updated = ?, articles_unchanged = ?, errors = ?, message = ? WHERE run_id = ?",
            (utc_now(), status, pages_fetched, new, updated, unchanged,
             json.dumps(errors, sort_keys=True), message, run_id),
        )
        self._conn.commit()

    def runs(self, source_id: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        if source_id is None:
            rows = self._conn.execute(
                "SELECT * FROM crawl_runs ORDER BY run_id DESC LIMIT ?", (limit,)
            ).fetchall()
        else:
            rows = self._conn.execute(
                "SELECT * FROM crawl_runs WHERE source_id = ? ORDER BY run_id DESC LIMIT ?",
                (source_id, limit),
            ).fetchall()
        result = []
        for row in rows:
            data = dict(row)
            data["errors"] = json.loads(data["errors"])
            result.append(data)
        return result


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True
