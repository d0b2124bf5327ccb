"""What extracting one document gives: `DocumentText` to the caller, `Extracted` from a format.

A format module (pdf_text, docx_text, ...) returns an `Extracted` (text, title, pages, status)
or raises `DocumentError(reason)` for a known bad document; `extract.py` adds what belongs to
the bytes (kind, sha256, size) and makes the `DocumentText`.
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("pdf", "docx", "doc", "odt", "rtf", "xlsx", "ods")
ZIP_KINDS = frozenset({"docx", "xlsx", "odt", "ods"})

OK = "ok"
NO_TEXT = "no-text"  # a document without a text layer (a scanned PDF), or with nothing in it
NOT_EXTRACTED = "not-extracted"  # a format this machine cannot read (.doc without antiword/catdoc)
ERROR = "error"
STATUSES = (OK, NO_TEXT, NOT_EXTRACTED, ERROR)


@dataclass(frozen=True)
class DocumentText:
    kind: str  # one of KINDS; for a body that is no document, the kind its link or type promised, else "unknown"
    text: str  # paragraphs separated by blank lines; rows of a table one a line, cells by " | "
    title: str | None  # from the document's own metadata
    pages: int | None  # PDF pages (all of them, also when the text stops at the page cap)
    status: str  # one of STATUSES
    error: str | None  # one-line reason when status == "error"
    sha256: str
    size: int
    truncated: bool = False  # the text stopped at max_chars, the page cap or the soft time limit


@dataclass(frozen=True)
class Extracted:
    text: str
    title: str | None = None
    pages: int | None = None
    status: str = OK
    truncated: bool = False


class DocumentError(Exception):
    """A document this layer recognises as bad; `reason` is DocumentText.error."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def one_line(message: str, limit: int = 120) -> str:
    """A reason fit for DocumentText.error: one line, short."""
    line = " ".join(message.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
