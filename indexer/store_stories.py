"""The store's story records (tables ``story_signatures`` and ``story_bands``): each article's
story signature and story id, and its LSH band keys to find its copies (crawler/stories).

A mixin of :class:`indexer.store.Store` (it uses the store's connection). The signature is an
opaque blob here; crawler.stories makes and reads it.
"""

from __future__ import annotations

import sqlite3
from array import array
from typing import NamedTuple

__all__ = ["STORY_SCHEMA", "StoryCandidate", "StoryRecords"]

STORY_SCHEMA = """
-- one row per article with a story signature; story_id is the id of the story's first article
CREATE TABLE IF NOT EXISTS story_signatures (
    article_id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL,
    published_at TEXT,
    signature BLOB NOT NULL,
    bands BLOB NOT NULL  -- the band keys as int64, so forgetting an article needs no crawler code
);
CREATE INDEX IF NOT EXISTS story_signatures_story ON story_signatures(story_id);
CREATE TABLE IF NOT EXISTS story_bands (band_key INTEGER NOT NULL, article_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS story_bands_key ON story_bands(band_key);
"""

# SQLite's bound-parameter limit is 999 on old builds; an article has 53 band keys.
_CHUNK = 900


class StoryCandidate(NamedTuple):
    """A stored article sharing a band: its story and signature."""

    article_id: str
    story_id: str
    published_at: str | None
    signature: bytes
    bands_shared: int


class StoryRecords:
    _conn: sqlite3.Connection

    def save_story(self, article_id: str, story_id: str, signature: bytes, band_keys: list[int],
                   published_at: str | None, *, commit: bool = True) -> None:
        """Keep (or replace) an article's signature, bands and story."""
        self._drop_story_bands(article_id)
        self._conn.execute(
            "INSERT INTO story_signatures(article_id, story_id, published_at, signature, bands) "
            "VALUES(?, ?, ?, ?, ?) ON CONFLICT(article_id) DO UPDATE SET story_id = excluded.story_id, "
            "published_at = excluded.published_at, signature = excluded.signature, bands = excluded.bands",
            (article_id, story_id, published_at, signature, array("q", band_keys).tobytes()))
        self._conn.executemany("INSERT INTO story_bands(band_key, article_id) VALUES(?, ?)",
                               [(key, article_id) for key in band_keys])
        if commit:
            self._conn.commit()

    def story_candidates(self, band_keys: list[int], *, exclude: str = "", limit: int = 20,
                         min_shared: int = 1) -> list[StoryCandidate]:
        """Articles sharing at least `min_shared` band keys, those sharing most first (at most `limit`)."""
        keys = band_keys[:_CHUNK]
        if not keys:
            return []
        marks = ", ".join("?" * len(keys))
        # Counted and cut in SQLite: a template's common bands can hit thousands of rows.
        rows = self._conn.execute(
            "SELECT s.article_id, s.story_id, s.published_at, s.signature, b.shared FROM "
            f"(SELECT article_id, COUNT(*) AS shared FROM story_bands WHERE band_key IN ({marks}) "
            "AND article_id != ? GROUP BY article_id HAVING shared >= ? ORDER BY shared DESC, article_id LIMIT ?) AS b "
            "JOIN story_signatures AS s ON s.article_id = b.article_id ORDER BY b.shared DESC, s.article_id",
            [*keys, exclude, min_shared, limit]).fetchall()
        return [StoryCandidate(r[0], r[1], r[2], bytes(r[3]), r[4]) for r in rows]

    def story_of(self, article_id: str) -> str | None:
        row = self._conn.execute("SELECT story_id FROM story_signatures WHERE article_id = ?",
                                 (article_id,)).fetchone()
        return None if row is None else str(row[0])

    def story_members(self, story_id: str) -> list[str]:
        """The story's articles, the earliest published first (undated ones last)."""
        rows = self._conn.execute(
            "SELECT article_id FROM story_signatures WHERE story_id = ? "
            "ORDER BY published_at IS NULL, published_at, article_id", (story_id,))
        return [row[0] for row in rows]

    def forget_story(self, article_id: str, *, commit: bool = True) -> bool:
        """Drop a (deleted) article from its story; whether it had one."""
        self._drop_story_bands(article_id)
        gone = self._conn.execute("DELETE FROM story_signatures WHERE article_id = ?", (article_id,)).rowcount
        if commit:
            self._conn.commit()
        return gone > 0

    def _drop_story_bands(self, article_id: str) -> None:
        row = self._conn.execute("SELECT bands FROM story_signatures WHERE article_id = ?", (article_id,)).fetchone()
        if row is None:
            return
        keys = array("q")
        keys.frombytes(bytes(row[0]))
        for start in range(0, len(keys), _CHUNK):
            chunk = list(keys[start:start + _CHUNK])
            marks = ", ".join("?" * len(chunk))
            self._conn.execute(f"DELETE FROM story_bands WHERE article_id = ? AND band_key IN ({marks})",
                               [article_id, *chunk])
