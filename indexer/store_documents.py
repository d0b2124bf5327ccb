"""The store's documents (tables ``documents`` and ``document_urls``): the text of each
attached file once per SHA-256, and what each document URL gave when it was read.

A mixin of :class:`indexer.store.Store` (it uses the store's connection).
"""

from __future__ import annotations

import json
import sqlite3

from indexer.documents import Article, Attachment

__all__ = ["DocumentRecords", "document_texts"]


class DocumentRecords:
    _conn: sqlite3.Connection

    def _keep_documents(self, article: Article) -> None:
        for attachment in article.attachments:
            if attachment.sha256 and attachment.text:
                self._conn.execute("INSERT OR IGNORE INTO documents(sha256, text) VALUES(?, ?)",
                                   (attachment.sha256, attachment.text))
            if attachment.settled:
                self._conn.execute(
                    "INSERT INTO document_urls(url, record) VALUES(?, ?) "
                    "ON CONFLICT(url) DO UPDATE SET record = excluded.record",
                    (attachment.url, json.dumps(attachment.without_text(), ensure_ascii=False)))

    def known_document(self, url: str) -> Attachment | None:
        """What reading the document at `url` gave before (with its text), or None."""
        row = self._conn.execute("SELECT record FROM document_urls WHERE url = ?", (url,)).fetchone()
        if row is None:
            return None
        record = json.loads(row[0])
        text = self._conn.execute("SELECT text FROM documents WHERE sha256 = ?",
                                  (record.get("sha256") or "",)).fetchone()
        return Attachment.from_dict({**record, "text": text[0] if text else ""})

    def attachments_of(self, article_ids: list[str]) -> dict[str, list[Attachment]]:
        """Article id -> its attachment records, without their text (feeds, lists)."""
        found: dict[str, list[Attachment]] = {}
        for start in range(0, len(article_ids), 500):  # SQLite's bound-parameter limit
            chunk = article_ids[start:start + 500]
            marks = ", ".join("?" * len(chunk))
            for article_id, records in self._conn.execute(
                    f"SELECT id, attachments FROM articles WHERE id IN ({marks}) AND deleted = 0", chunk):
                found[article_id] = [Attachment.from_dict(r) for r in json.loads(records or "[]")]
        return found


def document_texts(connection: sqlite3.Connection, rows: list[sqlite3.Row]) -> dict[str, str]:
    """sha256 -> text of the documents the rows' articles link (one query per batch)."""
    hashes = sorted({a["sha256"] for row in rows for a in json.loads(row["attachments"] or "[]") if a.get("sha256")})
    found: dict[str, str] = {}
    for start in range(0, len(hashes), 500):  # SQLite's bound-parameter limit
        chunk = hashes[start:start + 500]
        marks = ", ".join("?" * len(chunk))
        found.update(connection.execute(f"SELECT sha256, text FROM documents WHERE sha256 IN ({marks})", chunk))
    return found
