"""«Скачать CSV» and «Скачать XLSX» on the results page: the current search as a spreadsheet.

``GET /export.csv`` and ``GET /export.xlsx`` take the parameters of the search page (the same
``search_params`` validation) and answer every result, up to :data:`EXPORT_MAX_ROWS`, in the
order of the page, a story once unless ``collapse=false`` (as on the page). The columns are
:data:`indexer.export_rows.STAFF_COLUMNS`: title, date in ``MUNEWS_TIMEZONE``, region, source,
municipalities, topics, link and the beginning of the text (no snippet markup).

The CSV opens in a Russian Excel by double-click (UTF-8 with BOM, ``;``) and is streamed; the
XLSX is built in memory (write-only openpyxl, ~1 MB per 10,000 rows). Crawled text is
untrusted: formula-like cells get a leading apostrophe (:func:`indexer.export_rows.neutralise`).
A result cut at the cap says so in the ``X-Export-Truncated`` header.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter
from fastapi.responses import Response, StreamingResponse

from indexer.collapse import fold_stories
from indexer.documents import Article, SearchHit
from indexer.export_rows import EXCEL_BOM, EXCEL_DELIMITER, STAFF_COLUMNS, articles_by_id, staff_row
from search_api.queries import Params, Service
from search_api.schemas import SearchParams
from search_api.service import SearchService

router = APIRouter(include_in_schema=False)

#: Most publications one export reads: the deepest window both backends serve (10,000), and
#: more rows than anyone scans in Excel; narrow the search for the rest.
EXPORT_MAX_ROWS = 10_000
#: Hits asked of the backend at a time, and stored records read per store query.
_BATCH = 500
#: CSV rows written between two chunks of the streamed body.
_CHUNK_ROWS = 200

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_hits(service: SearchService, params: SearchParams,
                cap: int | None = None) -> tuple[list[SearchHit], bool]:
    """The hits of the search in the page's order, up to `cap` (:data:`EXPORT_MAX_ROWS`)
    publications read, one per story when ``params.collapse``; and whether the result was cut."""
    cap = EXPORT_MAX_ROWS if cap is None else cap
    flat = replace(params, collapse=False, size=_BATCH)
    hits: list[SearchHit] = []
    total = 0
    while len(hits) < cap:
        page = service.search(replace(flat, page=len(hits) // _BATCH + 1), facets=False)
        total = page.total
        hits += page.hits[:cap - len(hits)]
        if len(page.hits) < _BATCH or len(hits) >= total:
            break
    truncated = total > len(hits)
    return (fold_stories(hits) if params.collapse else hits), truncated


def _stored(service: SearchService, hits: list[SearchHit]) -> Iterator[Article]:
    """The full record of each hit from the store (the hit itself when the store lacks it)."""
    for start in range(0, len(hits), _BATCH):
        chunk = hits[start:start + _BATCH]
        with service.store_lock:
            found = articles_by_id(service.store.connection, [hit.id for hit in chunk])
        for hit in chunk:
            yield found.get(hit.id) or Article(
                url=hit.url, source_id=hit.source_id, title=hit.title, text="", id=hit.id,
                source_name=hit.source_name, region=hit.region, published_at=hit.published_at,
                topics=list(hit.topics))


def _rows(service: SearchService, hits: list[SearchHit]) -> Iterator[list[Any]]:
    timezone = service.config.timezone
    for article in _stored(service, hits):
        yield staff_row(article, timezone)


def csv_chunks(rows: Iterator[list[Any]]) -> Iterator[bytes]:
    """The CSV body for Excel, chunk by chunk: BOM, header, rows; dates as DD.MM.YYYY HH:MM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=EXCEL_DELIMITER)
    buffer.write(EXCEL_BOM)
    writer.writerow(STAFF_COLUMNS)
    for count, row in enumerate(rows, 1):
        when = row[1]
        writer.writerow([row[0], when.text() if when else "", *row[2:]])
        if count % _CHUNK_ROWS == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows: Iterator[list[Any]]) -> bytes:
    """The XLSX workbook: one sheet, a bold header, real dates formatted for a Russian reader."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Результаты")
    for letter, width in zip("ABCDEFGH", (60, 17, 28, 40, 36, 30, 50, 80)):
        sheet.column_dimensions[letter].width = width
    bold = Font(bold=True)
    header = []
    for name in STAFF_COLUMNS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        when = row[1]
        date = WriteOnlyCell(sheet, value=when.moment if when else None)
        date.number_format = "DD.MM.YYYY" if when is None or when.date_only else "DD.MM.YYYY HH:MM"
        # Control characters are not allowed in XML cells: a crawled one would break the file.
        texts = [ILLEGAL_CHARACTERS_RE.sub("", value) for value in (row[0], *row[2:])]
        sheet.append([texts[0], date, *texts[1:]])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _headers(service: SearchService, extension: str, truncated: bool) -> dict[str, str]:
    today = datetime.now(ZoneInfo(service.config.timezone)).date().isoformat()
    headers = {"Content-Disposition": f'attachment; filename="munews-{today}.{extension}"',
               "Cache-Control": "no-store"}
    if truncated:
        headers["X-Export-Truncated"] = f"first {EXPORT_MAX_ROWS} publications"
    return headers


@router.get("/export.csv")
def export_csv(params: Params, service: Service) -> StreamingResponse:
    """The current search as CSV for Excel (streamed)."""
    hits, truncated = export_hits(service, params)
    return StreamingResponse(csv_chunks(_rows(service, hits)), media_type="text/csv; charset=utf-8",
                             headers=_headers(service, "csv", truncated))


@router.get("/export.xlsx")
def export_xlsx(params: Params, service: Service) -> Response:
    """The current search as an XLSX workbook."""
    hits, truncated = export_hits(service, params)
    return Response(xlsx_bytes(_rows(service, hits)), media_type=XLSX_TYPE,
                    headers=_headers(service, "xlsx", truncated))
