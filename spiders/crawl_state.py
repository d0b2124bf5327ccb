"""Per-URL crawl state in the store file: what is known, what is queued, how to re-check it.

Table ``crawl_pages`` (one row per source and canonical URL):

* ``state``: ``queued`` (requested, outcome not yet recorded), ``done`` (fetched and handled:
  stored, dropped by cleaning, not HTML…), ``gone`` (404/410 on a re-check);
* ``etag`` / ``last_modified``: validators for conditional re-fetches;
* ``first_seen`` / ``last_checked``: when a known article is due again (see :func:`is_due`).

Every write commits at once, so a crawl killed with SIGKILL leaves at most the page in flight
undecided: its row is still ``queued`` and the next crawl requests it first (resume), while
``done`` pages are not fetched again until due. Articles themselves live in ``articles``
(:mod:`indexer.store`); this table only steers the crawler.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CrawlState", "PageState", "is_due"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS crawl_pages (
    source_id TEXT NOT NULL,
    url TEXT NOT NULL,
    kind TEXT NOT NULL,                -- article | listing | feed | sitemap
    state TEXT NOT NULL,               -- queued | done | gone
    etag TEXT,
    last_modified TEXT,
    first_seen REAL NOT NULL,
    last_checked REAL,
    listing_title TEXT,
    listing_date TEXT,
    via TEXT NOT NULL DEFAULT 'listing',
    PRIMARY KEY (source_id, url)
);
CREATE INDEX IF NOT EXISTS crawl_pages_state ON crawl_pages(source_id, state);
"""

# A known article is re-checked no more often than RECHECK_AFTER, and less often as it ages
# (half its age): a week-old article is looked at every few days, a year-old one monthly.
_MAX_INTERVAL = 30 * 86400.0
def is_due(first_seen: float, last_checked: float | None, now: float, recheck_after: float) -> bool:
    """Whether a known page should be re-checked now."""
    if last_checked is None:
        return True
    interval = max(recheck_after, min(_MAX_INTERVAL, (now - first_seen) / 2))
    if recheck_after == 0:
        interval = 0.0
    return now - last_checked >= interval


@dataclass(frozen=True)
class PageState:
    url: str
    kind: str
    state: str
    etag: str | None
    last_modified: str | None
    first_seen: float
    last_checked: float | None
    listing_title: str | None
    listing_date: str | None
    via: str


class CrawlState:
    """The crawl_pages table of one store file, for one source."""

    def __init__(self, store_path: str | Path, source_id: str) -> None:
        self.source_id = source_id
        self._conn = sqlite3.connect(str(store_path), timeout=30.0, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA busy_timeout = 30000")
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.executescript(_SCHEMA)

    def close(self) -> None:
        self._conn.close()

    def get(self, url: str) -> PageState | None:
        row = self._conn.execute("SELECT * FROM crawl_pages WHERE source_id = ? AND url = ?",
                                 (self.source_id, url)).fetchone()
        return _page(row) if row else None

    def known(self, url: str) -> bool:
        """Fetched and handled in an earlier crawl (or earlier in this one)."""
        page = self.get(url)
        # last_checked: handled at least once, even if now queued again for a re-check.
        return page is not None and (page.state != "queued" or page.last_checked is not None)

    def has_handled_articles(self) -> bool:
        """Whether an earlier crawl of this source handled any article (i.e. not a first crawl)."""
        row = self._conn.execute(
            "SELECT 1 FROM crawl_pages WHERE source_id = ? AND kind = 'article' "
            "AND (state != 'queued' OR last_checked IS NOT NULL) LIMIT 1", (self.source_id,)).fetchone()
        return row is not None

    def queue(self, url: str, kind: str, *, listing_title: str | None = None,
              listing_date: str | None = None, via: str = "listing") -> None:
        """Remember that `url` is requested; a crash leaves it queued for the next crawl."""
        self._conn.execute(
            "INSERT INTO crawl_pages(source_id, url, kind, state, first_seen, listing_title, "
            "listing_date, via) VALUES(?, ?, ?, 'queued', ?, ?, ?, ?) "
            "ON CONFLICT(source_id, url) DO UPDATE SET state = 'queued', "
            "listing_title = COALESCE(excluded.listing_title, listing_title), "
            "listing_date = COALESCE(excluded.listing_date, listing_date)",
            (self.source_id, url, kind, time.time(), listing_title, listing_date, via),
        )

    def done(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
             kind: str = "article", connection: sqlite3.Connection | None = None) -> None:
        """`url` was fetched and handled; keep its validators for the next conditional GET.

        With `connection` (the store's), the write joins that connection's open transaction,
        so an article and its "done" mark are committed together or not at all.
        """
        now = time.time()
        (connection or self._conn).execute(
            "INSERT INTO crawl_pages(source_id, url, kind, state, etag, last_modified, first_seen, "
            "last_checked) VALUES(?, ?, ?, 'done', ?, ?, ?, ?) "
            "ON CONFLICT(source_id, url) DO UPDATE SET state = 'done', last_checked = ?, kind = excluded.kind, "
            "etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified)",
            (self.source_id, url, kind, etag, last_modified, now, now, now, etag, last_modified),
        )

    def gone(self, url: str) -> None:
        self._conn.execute(
            "UPDATE crawl_pages SET state = 'gone', last_checked = ? WHERE source_id = ? AND url = ?",
            (time.time(), self.source_id, url),
        )

    def forget(self, url: str) -> None:
        """Drop a queued URL that failed for good: the listing will offer it again."""
        self._conn.execute("DELETE FROM crawl_pages WHERE source_id = ? AND url = ? AND state = 'queued'",
                           (self.source_id, url))

    def queued(self) -> list[PageState]:
        """Pages requested by a crawl that ended before handling them (resume these first)."""
        rows = self._conn.execute(
            "SELECT * FROM crawl_pages WHERE source_id = ? AND state = 'queued' ORDER BY first_seen",
            (self.source_id,)).fetchall()
        return [_page(row) for row in rows]

    def due_articles(self, recheck_after: float, now: float | None = None) -> list[PageState]:
        """Known articles whose re-check is due, least recently checked first."""
        now = time.time() if now is None else now
        rows = self._conn.execute(
            "SELECT * FROM crawl_pages WHERE source_id = ? AND kind = 'article' AND state = 'done' "
            "ORDER BY last_checked", (self.source_id,)).fetchall()
        return [_page(row) for row in rows
                if is_due(row["first_seen"], row["last_checked"], now, recheck_after)]


def _page(row: sqlite3.Row) -> PageState:
    return PageState(row["url"], row["kind"], row["state"], row["etag"], row["last_modified"],
                     row["first_seen"], row["last_checked"], row["listing_title"],
                     row["listing_date"], row["via"])
