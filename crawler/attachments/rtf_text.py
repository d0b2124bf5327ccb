"""RTF by striprtf: \\par paragraphs, \\cell/\\row tables; the title from the {\\info{\\title}} group.

RTF is 7-bit text carrying its characters as \\uN and \\'xx escapes in the document's code page
(\\ansicpg, a font's \\fcharset); a file without either is read as cp1251, the code page of the
Russian documents this crawler meets.
"""

from __future__ import annotations

import re

from crawler.attachments.limits import Budget
from crawler.attachments.result import NO_TEXT, DocumentError, Extracted
from crawler.attachments.text import TextBuilder, clean_title, inline, row_line

_TITLE = re.compile(rb"\{\\title\s?((?:[^{}\\]|\\[^{}]|\\[{}])*)\}")
_CODEPAGE = re.compile(rb"\\ansicpg(\d{3,5})")


def extract_rtf(data: bytes, budget: Budget) -> Extracted:
    if data.rstrip().rstrip(b"\x00")[-1:] != b"}":
        raise DocumentError("truncated")
    source = _decode(data)
    plain = _to_text(source)
    builder = TextBuilder(budget)
    table: list[str] = []
    for line in plain.split("\n"):
        if not builder.open:
            break
        if "|" in line and line.rstrip().endswith("|"):  # a table row: cells end with \cell
            table.append(row_line(line.split("|")))
            continue
        if table:
            builder.add_lines(table)
            table = []
        builder.add(inline(line))
    builder.add_lines(table)
    text = builder.text()
    return Extracted(text, title=_title(data), status="ok" if text else NO_TEXT, truncated=builder.truncated)


def _to_text(source: str) -> str:
    from striprtf.striprtf import rtf_to_text  # imported in the worker only

    return str(rtf_to_text(source, encoding="cp1251", errors="replace"))  # type: ignore[no-untyped-call]


def _decode(data: bytes) -> str:
    """RTF should be ASCII; raw 8-bit bytes some writers put in are taken as UTF-8 or cp1251."""
    try:
        return data.decode("ascii")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace")


def _title(data: bytes) -> str | None:
    match = _TITLE.search(data[:200_000])
    if match is None:
        return None
    codepage = _CODEPAGE.search(data[:2000])
    header = b"{\\rtf1\\ansi\\ansicpg" + (codepage.group(1) if codepage else b"1251") + b" "
    try:
        return clean_title(_to_text(_decode(header + match.group(1) + b"}")))
    except Exception:
        return None
