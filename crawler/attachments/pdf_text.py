"""PDF: the text layer of each page by pypdf, lines joined into paragraphs.

A PDF without `%%EOF` near its end was cut off in transfer ("truncated"); one encrypted with a
user password is "encrypted" (an owner-password-only file opens with the empty password, as
most locked municipal PDFs do). Pages past the budget's page cap stay unread, and a document
whose pages average fewer than MIN_LETTERS_PER_PAGE letters is a scan: "no-text", never garbage.
"""

from __future__ import annotations

import io
import logging
import re
from statistics import median

from crawler.attachments.limits import Budget
from crawler.attachments.result import NO_TEXT, DocumentError, Extracted
from crawler.attachments.text import TextBuilder, clean, clean_title, letters, repair_mojibake

MIN_LETTERS_PER_PAGE = 20
_TAIL = 4096  # %%EOF must be this close to the end; writers append at most a few bytes after it
_SENTENCE_END = (".", "!", "?", ":", ";", "…", "»", '"')
_LIST_ITEM = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*[.)]\s|[•·▪●◦–—-]\s|[а-яa-z]\)\s|[IVX]{1,5}\.\s|№\s?\d)")
_LOWER_HYPHEN_END = re.compile(r"[a-zа-яё][-\u00ad]$")

logging.getLogger("pypdf").setLevel(logging.ERROR)  # a malformed file warns per object


def extract_pdf(data: bytes, budget: Budget) -> Extracted:
    from pypdf import PdfReader  # imported in the worker only

    if b"%%EOF" not in data[-_TAIL:]:
        raise DocumentError("truncated")
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except Exception as error:  # an unsupported algorithm, a missing crypto library
            raise DocumentError("encrypted") from error
        if not opened:
            raise DocumentError("encrypted")
    pages = len(reader.pages)
    builder = TextBuilder(budget)
    read = found = 0
    for number in range(min(pages, budget.max_pages)):
        if not builder.open:
            break
        try:
            raw = reader.pages[number].extract_text()
        except (RecursionError, MemoryError):
            raise
        except Exception:
            raw = ""  # one broken page (a bad content stream) does not lose the others
        read += 1
        paragraphs = page_paragraphs(raw)
        found += sum(letters(p) for p in paragraphs)
        for paragraph in paragraphs:
            if not builder.add(paragraph):
                break
    title = _title(reader)
    if read == 0 or found / read < MIN_LETTERS_PER_PAGE:
        return Extracted("", title=title, pages=pages, status=NO_TEXT)
    truncated = builder.truncated or pages > budget.max_pages
    return Extracted(builder.text(), title=title, pages=pages, truncated=truncated)


def _title(reader: object) -> str | None:
    try:
        metadata = reader.metadata  # type: ignore[attr-defined]
        return clean_title(metadata.title) if metadata is not None else None
    except Exception:
        return None


def page_paragraphs(raw: str) -> list[str]:
    """The paragraphs of one page's extracted text: a paragraph ends at a blank line, at a short
    line closing a sentence, or before a list item; words broken by a hyphen are joined back."""
    text = repair_mojibake(clean(raw))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    widths = [len(line) for line in lines if line]
    if not widths:
        return []
    full = max(median(widths), 0.75 * max(widths))
    paragraphs: list[str] = []
    current = previous = ""
    for line in lines:
        if current and (not line or _breaks(previous, line, full)):
            paragraphs.append(current.replace("\u00ad", ""))
            current = ""
        if line:
            current = _join(current, line) if current else line
        previous = line
    if current:
        paragraphs.append(current.replace("\u00ad", ""))
    return paragraphs


def _breaks(previous: str, line: str, full: float) -> bool:
    """Does `line` open a new paragraph after the line `previous`?"""
    if _LIST_ITEM.match(line):
        return True
    return previous.endswith(_SENTENCE_END) and len(previous) < 0.85 * full and line[:1].isupper()


def _join(previous: str, line: str) -> str:
    """Two lines of one paragraph; "бюд-" + "жета" is "бюджета" (lower-case on both sides only)."""
    if _LOWER_HYPHEN_END.search(previous) and line[:1].islower():
        return previous[:-1] + line
    return previous + " " + line
