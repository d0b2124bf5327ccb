"""Articles as spreadsheet rows: shared by `munews export` and the web page's «Скачать CSV/XLSX».

Two shapes. :func:`csv_cells` is the full record, one cell per ``EXPORT_FIELDS`` column (the
CLI's CSV). :data:`STAFF_COLUMNS` / :func:`staff_row` are the columns staff read in Excel:
title, local date, region, source, municipalities, topics, link, the beginning of the text.

Excel in a Russian locale reads a CSV as UTF-8 only after a BOM and splits columns at ``;``
(its list separator), not at ``,``: :data:`EXCEL_BOM`, :data:`EXCEL_DELIMITER`. Crawled text
is untrusted: a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a
formula to Excel and LibreOffice (CSV injection), so :func:`neutralise` puts an apostrophe
before it, as OWASP advises.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from indexer.attached import document_name
from indexer.digest_query import shorten
from indexer.documents import Article
from indexer.store import _row_to_article

__all__ = [
    "EXCEL_BOM",
    "EXCEL_DELIMITER",
    "STAFF_COLUMNS",
    "LocalTime",
    "attachments_cell",
    "csv_cells",
    "articles_by_id",
    "local_time",
    "neutralise",
    "staff_row",
]

EXCEL_BOM = "\ufeff"
EXCEL_DELIMITER = ";"

#: Headings of the staff columns, in order (the values are :func:`staff_row`'s).
STAFF_COLUMNS: tuple[str, ...] = (
    "Заголовок", "Дата", "Регион", "Источник", "Муниципалитеты", "Темы", "Ссылка", "Начало текста")

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: SQLite's default limit of bound parameters is 999 (older builds): stay below it.
_CHUNK = 500


def neutralise(value: str) -> str:
    """The cell text, with a leading apostrophe when a spreadsheet would read it as a formula."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def attachments_cell(article: Article) -> str:
    """The CSV cell of an article's documents: ``title <url>`` joined by ``; ``."""
    # One line, no separators inside a name: the cell opens as one readable line in Excel.
    return "; ".join(
        f"{document_name(a).replace(';', ',')} <{a.url}>" for a in article.attachments)


def _names(article: Article) -> str:
    # Names only, one readable cell; the JSONL export keeps type and region.
    return "; ".join(m.name for m in article.municipalities)


def csv_cells(article: Article) -> dict[str, Any]:
    """The full record as one CSV row: ``images`` a JSON list, ``best_practice`` ``true``/
    ``false``, documents, municipalities and topics one readable cell each."""
    row = article.to_dict()
    row["images"] = json.dumps(row["images"], ensure_ascii=False)
    row["best_practice"] = "true" if row["best_practice"] else "false"
    row["attachments"] = attachments_cell(article)
    row["municipalities"] = _names(article)
    row["topics"] = "; ".join(article.topics)
    return row


@dataclass(frozen=True)
class LocalTime:
    """A publication time in the reader's zone; `date_only` when only the day is known."""

    moment: datetime  # naive, local: what a spreadsheet cell holds
    date_only: bool

    def text(self) -> str:
        return f"{self.moment:%d.%m.%Y}" if self.date_only else f"{self.moment:%d.%m.%Y %H:%M}"


def local_time(value: str | None, tz: str) -> LocalTime | None:
    """An ISO timestamp in zone `tz`; None when absent or unparsable."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if parsed.tzinfo is not None:
            parsed = parsed.astimezone(ZoneInfo(tz))
    except (ValueError, KeyError):
        return None
    # Midnight to the second is how a date-only publication is stored: no made-up «00:00».
    date_only = (parsed.hour, parsed.minute, parsed.second) == (0, 0, 0)
    return LocalTime(parsed.replace(tzinfo=None, microsecond=0), date_only)


def staff_row(article: Article, tz: str) -> list[Any]:
    """The :data:`STAFF_COLUMNS` of an article, text cells neutralised; the date a
    :class:`LocalTime` (or None) for the writer to format."""
    url = article.url if article.url.lower().startswith(("http://", "https://")) else ""
    texts = [article.title, article.region, article.source_name or article.source_id, _names(article),
             "; ".join(article.topics), url, shorten(article.lead or article.text)]
    cells: list[Any] = [neutralise(text) for text in texts]
    cells.insert(1, local_time(article.published_at, tz))
    return cells


def articles_by_id(connection: sqlite3.Connection, ids: list[str]) -> dict[str, Article]:
    """The live stored articles of `ids` (without their documents' text), by id."""
    found: dict[str, Article] = {}
    unique = sorted(set(ids))
    for start in range(0, len(unique), _CHUNK):
        chunk = unique[start:start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        rows = connection.execute(
            f"SELECT * FROM articles WHERE deleted = 0 AND id IN ({marks})", chunk).fetchall()
        for row in rows:
            article = _row_to_article(row)
            found[article.id] = article
    return found
