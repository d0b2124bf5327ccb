"""Reads of stories on the store: who else published a story, and how many did.

A story is the set of live articles sharing ``articles.story_id`` (set by the crawl's story
matcher, :mod:`crawler.stories`). Plain functions on a connection, like the report queries of
:mod:`indexer.store`, so read-only openers (the API, digests) use them too.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

__all__ = ["StoryMember", "story_members", "story_sizes"]

#: SQLite's default limit of bound parameters is 999 (older builds): stay below it.
_CHUNK = 500


@dataclass(frozen=True)
class StoryMember:
    """One publication of a story, as the article page lists the others."""

    id: str
    url: str
    title: str
    source_id: str
    source_name: str
    region: str
    published_at: str | None


def story_members(connection: sqlite3.Connection, story_id: str) -> list[StoryMember]:
    """Every live article of a story, the earliest first (undated ones last)."""
    rows = connection.execute(
        "SELECT id, url, title, source_id, source_name, region, published_at FROM articles "
        "WHERE story_id = ? AND deleted = 0 "
        "ORDER BY published_at IS NULL, published_at, first_seen_at", (story_id,)).fetchall()
    return [StoryMember(*row) for row in rows]


def story_sizes(connection: sqlite3.Connection, story_ids: list[str]) -> dict[str, int]:
    """story_id -> live articles in it, for the given ids (absent: none live)."""
    unique = sorted(set(story_ids))
    sizes: dict[str, int] = {}
    for start in range(0, len(unique), _CHUNK):
        chunk = unique[start:start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for story_id, size in connection.execute(
                f"SELECT story_id, COUNT(*) FROM articles WHERE deleted = 0 AND story_id IN ({marks}) "
                "GROUP BY story_id", chunk):
            sizes[story_id] = int(size)
    return sizes
