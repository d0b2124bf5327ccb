"""The ``source_checks`` table: the last verdict of `munews sources check` per source.

Written by the check command (one row per source, replaced at each check), read by the
health report (`munews sources status`) and the web's sources page. Kept in the store's file
through its connection, like the other modules' tables.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

__all__ = ["SourceCheck", "latest_check", "latest_checks", "record_check"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS source_checks (
    source_id TEXT PRIMARY KEY,
    checked_at TEXT NOT NULL,
    verdict TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
)
"""


@dataclass(frozen=True)
class SourceCheck:
    """A source's last check: ``ok``, ``moved``, ``no-articles``, ``unreachable`` or ``blocked``."""

    source_id: str
    checked_at: str  # ISO 8601, UTC
    verdict: str
    detail: str = ""


def record_check(connection: sqlite3.Connection, check: SourceCheck) -> None:
    """Store `check` as its source's last one (and commit)."""
    connection.execute(_SCHEMA)
    connection.execute(
        "INSERT INTO source_checks (source_id, checked_at, verdict, detail) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(source_id) DO UPDATE SET checked_at = excluded.checked_at, "
        "verdict = excluded.verdict, detail = excluded.detail",
        (check.source_id, check.checked_at, check.verdict, check.detail))
    connection.commit()


def latest_checks(connection: sqlite3.Connection) -> dict[str, SourceCheck]:
    """Every source's last check by source id; empty when no check ever ran (or a read-only
    store of an older version lacks the table)."""
    try:
        rows = connection.execute(
            "SELECT source_id, checked_at, verdict, detail FROM source_checks").fetchall()
    except sqlite3.OperationalError:
        return {}
    return {row[0]: SourceCheck(*row) for row in rows}


def latest_check(connection: sqlite3.Connection, source_id: str) -> SourceCheck | None:
    """The last check of one source, or None."""
    try:
        row = connection.execute("SELECT source_id, checked_at, verdict, detail FROM source_checks "
                                 "WHERE source_id = ?", (source_id,)).fetchone()
    except sqlite3.OperationalError:
        return None
    return SourceCheck(*row) if row else None
