"""DOCX: paragraphs and tables in body order by python-docx; the title from the core properties."""

from __future__ import annotations

import io
from typing import Any

from crawler.attachments.limits import Budget
from crawler.attachments.result import NO_TEXT, Extracted
from crawler.attachments.text import TextBuilder, clean_title, inline, row_line


def extract_docx(data: bytes, budget: Budget) -> Extracted:
    from docx import Document  # imported in the worker only
    from docx.table import Table

    document = Document(io.BytesIO(data))
    builder = TextBuilder(budget)
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            builder.add_lines(table_rows(block, builder))
        else:
            builder.add(inline(block.text))
        if not builder.open:
            break
    title = clean_title(document.core_properties.title)
    text = builder.text()
    return Extracted(text, title=title, status="ok" if text else NO_TEXT, truncated=builder.truncated)


def table_rows(table: Any, builder: TextBuilder) -> list[str]:
    """One line per row; a merged cell (python-docx repeats it under each grid column) once."""
    rows: list[str] = []
    size = 0
    for row in table.rows:
        seen: list[object] = []
        cells: list[str] = []
        for cell in row.cells:
            if any(cell._tc is other for other in seen):
                continue
            seen.append(cell._tc)
            cells.append(_cell_text(cell))
        line = row_line(cells)
        if line:
            rows.append(line)
            size += len(line) + 1
            if size > builder.room() or builder.clock.expired():
                builder.truncated = True
                break
    return rows


def _cell_text(cell: Any) -> str:
    """A cell's paragraphs and the rows of a table nested in it, on one line."""
    parts = [paragraph.text for paragraph in cell.paragraphs]
    for nested in cell.tables:
        parts.extend(" ".join(c.text for c in row.cells) for row in nested.rows)
    return " ".join(parts)
