"""ODT and ODS by odfpy: headings, paragraphs and tables in body order; the title from meta.xml.

A spreadsheet's "repeat this row 1,048,000 times" (every empty tail of an ODS sheet) is never
expanded: empty rows and cells are skipped, a repeated non-empty one is written at most
MAX_REPEAT times.
"""

from __future__ import annotations

import io
from typing import Any

from crawler.attachments.limits import Budget
from crawler.attachments.result import NO_TEXT, Extracted
from crawler.attachments.text import TextBuilder, clean_title, inline, row_line

TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
DC_NS = "http://purl.org/dc/elements/1.1/"
MAX_REPEAT = 20

_PARAGRAPHS = {(TEXT_NS, "p"), (TEXT_NS, "h")}
_TABLE = (TABLE_NS, "table")
_SKIPPED = {(TEXT_NS, "tracked-changes"), (OFFICE_NS, "annotation"), (OFFICE_NS, "forms"),
            (TEXT_NS, "sequence-decls"), (TABLE_NS, "named-expressions")}
_ROWS = {(TABLE_NS, "table-row")}
_ROW_GROUPS = {(TABLE_NS, "table-rows"), (TABLE_NS, "table-header-rows"), (TABLE_NS, "table-row-group")}
_CELLS = {(TABLE_NS, "table-cell"), (TABLE_NS, "covered-table-cell")}


def extract_odf(data: bytes, budget: Budget) -> Extracted:
    from odf.opendocument import load  # imported in the worker only

    document = load(io.BytesIO(data))
    builder = TextBuilder(budget)
    _walk(document.body, builder)
    text = builder.text()
    title = _title(document)
    return Extracted(text, title=title, status="ok" if text else NO_TEXT, truncated=builder.truncated)


def _walk(node: Any, builder: TextBuilder) -> None:
    for child in node.childNodes:
        if not builder.open:
            return
        qname = getattr(child, "qname", None)
        if qname is None or qname in _SKIPPED:
            continue
        if qname in _PARAGRAPHS:
            builder.add(inline(_text(child)))
        elif qname == _TABLE:
            builder.add_lines(table_rows(child, builder))
        else:
            _walk(child, builder)


def table_rows(table: Any, builder: TextBuilder) -> list[str]:
    """The table's rows as lines; empty repeated rows cost nothing."""
    lines: list[str] = []
    size = 0
    for row in _rows(table):
        line = row_line(_cells(row))
        if not line:
            continue
        for _ in range(min(_repeat(row, "number-rows-repeated"), MAX_REPEAT)):
            lines.append(line)
            size += len(line) + 1
        if size > builder.room() or builder.clock.expired():
            builder.truncated = True
            break
    return lines


def _rows(node: Any) -> Any:
    for child in node.childNodes:
        qname = getattr(child, "qname", None)
        if qname in _ROWS:
            yield child
        elif qname in _ROW_GROUPS:
            yield from _rows(child)


def _cells(row: Any) -> list[str]:
    cells: list[str] = []
    for cell in row.childNodes:
        if getattr(cell, "qname", None) not in _CELLS:
            continue
        text = " ".join(_text(p) for p in cell.childNodes if getattr(p, "qname", None) in _PARAGRAPHS)
        if text.strip():
            cells.extend([text] * min(_repeat(cell, "number-columns-repeated"), MAX_REPEAT))
    return cells


def _repeat(element: Any, attribute: str) -> int:
    try:
        return max(1, int(element.attributes.get((TABLE_NS, attribute)) or 1))
    except (TypeError, ValueError):
        return 1


def _text(element: Any) -> str:
    from odf import teletype

    return str(teletype.extractText(element))


def _title(document: Any) -> str | None:
    for child in getattr(document.meta, "childNodes", []):
        if getattr(child, "qname", None) == (DC_NS, "title"):
            return clean_title(_text(child))
    return None
