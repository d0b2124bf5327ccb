"""The SQLite store: the source of truth for articles and crawl runs.

Search indexes are derived from it and can always be rebuilt from it (`munews reindex`).
WAL mode lets readers (the API) work while the crawl writes; one connection per
:class:`Store` object, and one writing process at a time (SQLite's own lock, waited for up to
``busy_timeout``). Other modules keep their own tables in the same file through
:meth:`Store.connection` and ``CREATE TABLE IF NOT EXISTS``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from indexer.documents import EXPORT_FIELDS, Article
from indexer.store_documents import DocumentRecords, document_texts
from indexer.store_runs import RunRecords, utc_now
from indexer.store_stories import STORY_SCHEMA, StoryRecords

UpsertResult = Literal["new", "updated", "unchanged"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    source_id TEXT NOT NULL,
    source_name TEXT NOT NULL DEFAULT '',
    region TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    published_at TEXT,
    date_source TEXT,
    author TEXT,
    lead TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    images TEXT NOT NULL DEFAULT '[]',
    attachments TEXT NOT NULL DEFAULT '[]',  -- Attachment records without text (see documents)
    fetched_at TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    best_practice INTEGER NOT NULL DEFAULT 0,
    municipalities TEXT NOT NULL DEFAULT '[]',  -- [{name, type, region}]
    topics TEXT NOT NULL DEFAULT '[]',
    story_id TEXT NOT NULL DEFAULT '',  -- the id of its story's first article
    first_seen_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    -- monotonic change number: backends remember the last seq they indexed and replay the rest
    seq INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS articles_source ON articles(source_id);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published_at);
CREATE INDEX IF NOT EXISTS articles_seq ON articles(seq);
CREATE TABLE IF NOT EXISTS crawl_runs (
    run_id INTEGER PRIMARY KEY AUTOINCREMENT,
    source_id TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL DEFAULT 'running',
    pages_fetched INTEGER NOT NULL DEFAULT 0,
    articles_new INTEGER NOT NULL DEFAULT 0,
    articles_updated INTEGER NOT NULL DEFAULT 0,
    articles_unchanged INTEGER NOT NULL DEFAULT 0,
    errors TEXT NOT NULL DEFAULT '{}',
    message TEXT NOT NULL DEFAULT '',
    -- the crawl process (host, pid): a row left 'running' by a dead one is closed later
    host TEXT NOT NULL DEFAULT '',
    pid INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS crawl_runs_source ON crawl_runs(source_id, started_at);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- the text of attached documents, once per file however many articles link it
CREATE TABLE IF NOT EXISTS documents (sha256 TEXT PRIMARY KEY, text TEXT NOT NULL);
-- what a document URL gave when it was read (an Attachment record without text), so a
-- re-crawl or another article linking it does not fetch it again
CREATE TABLE IF NOT EXISTS document_urls (url TEXT PRIMARY KEY, record TEXT NOT NULL);
"""


#: Article fields kept as JSON lists (of objects or names).
_JSON_LISTS = ("municipalities", "topics")

#: Columns added after the first release, per table, with their declarations.
_ADDED_COLUMNS = {
    "crawl_runs": {"host": "TEXT NOT NULL DEFAULT ''", "pid": "INTEGER NOT NULL DEFAULT 0"},
    "articles": {"attachments": "TEXT NOT NULL DEFAULT '[]'", "municipalities": "TEXT NOT NULL DEFAULT '[]'",
                 "topics": "TEXT NOT NULL DEFAULT '[]'", "story_id": "TEXT NOT NULL DEFAULT ''"},
}


class Store(RunRecords, DocumentRecords, StoryRecords):
    """Articles and crawl runs in one SQLite file."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        if not readonly:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        uri = f"file:{self.path}?mode=ro" if readonly else f"file:{self.path}"
        # check_same_thread=False: the API hands the connection between worker threads,
        # always under its own lock (see search_api); Scrapy uses it from the reactor thread only.
        self._conn = sqlite3.connect(uri, uri=True, timeout=30.0, check_same_thread=False)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA busy_timeout = 30000")
        if not readonly:
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = NORMAL")
            self._conn.executescript(_SCHEMA)
            self._conn.executescript(STORY_SCHEMA)
            self._add_missing_columns()
            # After the columns: a store of an older version gets story_id only just above.
            self._conn.execute("CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id)")
            self._conn.commit()

    def _add_missing_columns(self) -> None:
        # Stores made by older versions lack the newer columns; CREATE TABLE IF NOT EXISTS
        # does not add them.
        for table, columns in _ADDED_COLUMNS.items():
            have = {row[1] for row in self._conn.execute(f"PRAGMA table_info({table})")}
            for column, decl in columns.items():
                if column not in have:
                    self._conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")

    @property
    def connection(self) -> sqlite3.Connection:
        return self._conn

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- articles -------------------------------------------------------------------------

    def _begin_write(self) -> None:
        """Take the write lock before reading MAX(seq): two crawls writing at once (what
        `munews schedule` runs) would otherwise both read the same maximum and hand out one
        change number twice. Joins a transaction already open (the crawl's article + state)."""
        if not self._conn.in_transaction:
            self._conn.execute("BEGIN IMMEDIATE")

    def _next_seq(self) -> int:
        row = self._conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM articles").fetchone()
        return int(row[0])

    def upsert(self, article: Article, *, commit: bool = True) -> UpsertResult:
        """Insert or update by canonical URL; body hash, title and date decide whether it changed."""
        self._begin_write()
        row = self._conn.execute(
            "SELECT content_hash, title, published_at, deleted, best_practice, attachments, municipalities, "
            "topics, story_id FROM articles "
            "WHERE id = ?", (article.id,)
        ).fetchone()
        now = utc_now()
        values = article.to_dict()
        values["images"] = json.dumps(article.images, ensure_ascii=False)
        values["best_practice"] = int(article.best_practice)
        values["attachments"] = json.dumps([a.without_text() for a in article.attachments], ensure_ascii=False)
        for name in _JSON_LISTS:
            values[name] = json.dumps(values[name], ensure_ascii=False)
        self._keep_documents(article)
        if row is None:
            result: UpsertResult = "new"
            columns = ", ".join(EXPORT_FIELDS)
            marks = ", ".join(f":{name}" for name in EXPORT_FIELDS)
            self._conn.execute(
                f"INSERT INTO articles ({columns}, first_seen_at, updated_at, seq) "
                f"VALUES ({marks}, :now, :now, :seq)",
                {**values, "now": now, "seq": self._next_seq()},
            )
        elif (
            row["content_hash"] == article.content_hash
            and row["title"] == article.title
            and row["published_at"] == article.published_at
            and not row["deleted"]
            and row["best_practice"] == values["best_practice"]
            and all(row[name] == values[name] for name in ("attachments", "story_id", *_JSON_LISTS))
        ):
            result = "unchanged"
            self._conn.execute(
                "UPDATE articles SET fetched_at = ? WHERE id = ?", (article.fetched_at, article.id)
            )
        else:
            result = "updated"
            assignments = ", ".join(f"{name} = :{name}" for name in EXPORT_FIELDS if name != "id")
            self._conn.execute(
                f"UPDATE articles SET {assignments}, updated_at = :now, deleted = 0, seq = :seq "
                "WHERE id = :id",
                {**values, "now": now, "seq": self._next_seq()},
            )
        if commit:
            self._conn.commit()
        return result

    def mark_deleted(self, article_ids: list[str]) -> int:
        """Tombstone articles that vanished from their site; backends drop them on replay."""
        self._begin_write()
        changed = 0
        for article_id in article_ids:
            cursor = self._conn.execute(
                "UPDATE articles SET deleted = 1, updated_at = ?, seq = ? WHERE id = ? AND deleted = 0",
                (utc_now(), self._next_seq(), article_id),
            )
            changed += cursor.rowcount
            self.forget_story(article_id, commit=False)  # a gone page is no copy to match
        self._conn.commit()
        return changed

    def commit(self) -> None:
        self._conn.commit()

    def get(self, article_id: str) -> Article | None:
        row = self._conn.execute(
            "SELECT * FROM articles WHERE id = ? AND deleted = 0", (article_id,)
        ).fetchone()
        return _row_to_article(row, document_texts(self._conn, [row])) if row else None

    def stored_story(self, article_id: str) -> tuple[str, str] | None:
        """(content_hash, story_id) of a stored article: an unchanged body keeps its story."""
        row = self._conn.execute("SELECT content_hash, story_id FROM articles WHERE id = ?",
                                 (article_id,)).fetchone()
        return (row[0], row[1]) if row else None

    def get_by_url(self, url: str) -> Article | None:
        row = self._conn.execute(
            "SELECT * FROM articles WHERE url = ? AND deleted = 0", (url,)
        ).fetchone()
        return _row_to_article(row, document_texts(self._conn, [row])) if row else None

    def count(self, source_id: str | None = None) -> int:
        if source_id is None:
            row = self._conn.execute("SELECT COUNT(*) FROM articles WHERE deleted = 0").fetchone()
        else:
            row = self._conn.execute(
                "SELECT COUNT(*) FROM articles WHERE deleted = 0 AND source_id = ?", (source_id,)
            ).fetchone()
        return int(row[0])

    def iter_articles(
        self, source_id: str | None = None, *, batch: int = 500
    ) -> Iterator[Article]:
        """Every live article, oldest id first, streamed in batches (constant memory)."""
        last = ""
        while True:
            if source_id is None:
                rows = self._conn.execute(
                    "SELECT * FROM articles WHERE deleted = 0 AND id > ? ORDER BY id LIMIT ?",
                    (last, batch),
                ).fetchall()
            else:
                rows = self._conn.execute(
                    "SELECT * FROM articles WHERE deleted = 0 AND source_id = ? AND id > ? "
                    "ORDER BY id LIMIT ?",
                    (source_id, last, batch),
                ).fetchall()
            if not rows:
                return
            texts = document_texts(self._conn, rows)
            for row in rows:
                yield _row_to_article(row, texts)
            last = rows[-1]["id"]

    def changes_since(self, seq: int, *, limit: int = 500) -> list[tuple[int, Article, bool]]:
        """(seq, article, deleted) changed after `seq`, in order: the replay log of backends."""
        rows = self._conn.execute(
            "SELECT * FROM articles WHERE seq > ? ORDER BY seq LIMIT ?", (seq, limit)
        ).fetchall()
        texts = document_texts(self._conn, rows)
        return [(int(row["seq"]), _row_to_article(row, texts), bool(row["deleted"])) for row in rows]

    def max_seq(self) -> int:
        return max_seq(self._conn)

    def changes_after(self, seq: int) -> int:
        """How many changes (article versions) carry a seq above ``seq``."""
        row = self._conn.execute("SELECT COUNT(*) FROM articles WHERE seq > ?", (seq,)).fetchone()
        return int(row[0])

    def meta_values(self, prefix: str) -> dict[str, str]:
        """Meta entries whose key starts with ``prefix`` (e.g. every backend's indexed seq)."""
        rows = self._conn.execute("SELECT key, value FROM meta WHERE substr(key, 1, ?) = ?",
                                  (len(prefix), prefix)).fetchall()
        return {row[0]: row[1] for row in rows}

    def first_seen_and_seq(self, article_ids: list[str]) -> dict[str, tuple[str, int]]:
        """Article id -> (first_seen_at, seq) for the given ids that exist."""
        if not article_ids:
            return {}
        marks = ",".join("?" * len(article_ids))
        rows = self._conn.execute(
            f"SELECT id, first_seen_at, seq FROM articles WHERE id IN ({marks})", article_ids
        ).fetchall()
        return {row[0]: (row[1], int(row[2])) for row in rows}

    def source_counts(self) -> dict[str, int]:
        rows = self._conn.execute(
            "SELECT source_id, COUNT(*) FROM articles WHERE deleted = 0 GROUP BY source_id"
        ).fetchall()
        return {row[0]: int(row[1]) for row in rows}

    # -- meta key/value (e.g. the last seq an index has seen) ----------------------------------

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        self._conn.execute(
            "INSERT INTO meta(key, value) VALUES(?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
        self._conn.commit()


# -- read-only queries on a plain connection (reports that open the file read-only) ----------

def max_seq(connection: sqlite3.Connection) -> int:
    """The newest change number in the store (0 when empty)."""
    return int(connection.execute("SELECT COALESCE(MAX(seq), 0) FROM articles").fetchone()[0])


def source_article_stats(connection: sqlite3.Connection, source_id: str,
                         recent: int = 20) -> tuple[int, str | None, list[str]]:
    """(live articles, newest first_seen_at, the newest ``recent`` publication dates)."""
    row = connection.execute(
        "SELECT COUNT(*), MAX(first_seen_at) FROM articles WHERE source_id = ? AND deleted = 0",
        (source_id,),
    ).fetchone()
    dates = [r[0] for r in connection.execute(
        "SELECT published_at FROM articles WHERE source_id = ? AND deleted = 0 "
        "AND published_at IS NOT NULL ORDER BY published_at DESC LIMIT ?", (source_id, recent))]
    return int(row[0]), row[1], dates


def _row_to_article(row: sqlite3.Row, texts: dict[str, str] | None = None) -> Article:
    """An article of a row; `texts` (sha256 -> text) fills in its documents' text."""
    data = {key: row[key] for key in EXPORT_FIELDS}
    data["images"] = json.loads(data["images"] or "[]")
    data["best_practice"] = bool(data["best_practice"])
    attachments = json.loads(data["attachments"] or "[]")
    for attachment in attachments:
        attachment["text"] = (texts or {}).get(attachment.get("sha256") or "", "")
    data["attachments"] = attachments
    for name in _JSON_LISTS:
        data[name] = json.loads(data[name] or "[]")
    return Article.from_dict(data)
