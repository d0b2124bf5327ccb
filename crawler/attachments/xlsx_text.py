"""XLSX: each sheet's rows by openpyxl (read-only, values not formulas), cells joined by " | "."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable
from typing import Any

from crawler.attachments.limits import Budget
from crawler.attachments.result import NO_TEXT, Extracted
from crawler.attachments.text import TextBuilder, clean_title, inline, row_line

_DEFAULT_SHEET = re.compile(r"^(?:лист|sheet|таблица)\s*\d*$", re.IGNORECASE)
_CHECK_EVERY = 256  # rows between looks at the clock


def extract_xlsx(data: bytes, budget: Budget) -> Extracted:
    from openpyxl import load_workbook  # imported in the worker only

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        builder = TextBuilder(budget)
        named = len(workbook.worksheets) > 1
        for sheet in workbook.worksheets:
            if not builder.open:
                break
            lines = sheet_lines(sheet.iter_rows(values_only=True), builder)
            if lines and named and not _DEFAULT_SHEET.match(sheet.title.strip()):
                builder.add(inline(sheet.title))
            builder.add_lines(lines)
        title = clean_title(workbook.properties.title)
    finally:
        workbook.close()
    text = builder.text()
    return Extracted(text, title=title, status="ok" if text else NO_TEXT, truncated=builder.truncated)


def sheet_lines(rows: Iterable[tuple[Any, ...]], builder: TextBuilder) -> list[str]:
    """The non-empty rows of a sheet as lines, stopping at the builder's room or deadline."""
    lines: list[str] = []
    size = 0
    for number, row in enumerate(rows):
        line = row_line([cell_text(value) for value in row if value is not None])
        if line:
            lines.append(line)
            size += len(line) + 1
            if size > builder.room():
                builder.truncated = True
                break
        if number % _CHECK_EVERY == 0 and builder.clock.expired():
            builder.truncated = True
            break
    return lines


def cell_text(value: object) -> str:
    """A cell's value as a reader sees it: 14.0 is "14", a date is 2025-03-01."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)
