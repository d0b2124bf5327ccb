"""One job of the worker: the bytes of a sniffed document to an `Extracted`, or a reason.

`run_job` never raises for a bad document: a library's exception is "corrupt: <its name>", a
known bad document is its `DocumentError` reason. MemoryError is left to the worker, which
reports "out-of-memory" and retires.
"""

from __future__ import annotations

from collections.abc import Callable

from crawler.attachments.doc_text import extract_doc
from crawler.attachments.docx_text import extract_docx
from crawler.attachments.limits import Budget
from crawler.attachments.odf_text import extract_odf
from crawler.attachments.pdf_text import extract_pdf
from crawler.attachments.result import DocumentError, Extracted, one_line
from crawler.attachments.rtf_text import extract_rtf
from crawler.attachments.xlsx_text import extract_xlsx

EXTRACTORS: dict[str, Callable[[bytes, Budget], Extracted]] = {
    "pdf": extract_pdf,
    "docx": extract_docx,
    "xlsx": extract_xlsx,
    "odt": extract_odf,
    "ods": extract_odf,
    "rtf": extract_rtf,
    "doc": extract_doc,
}


def run_job(kind: str, data: bytes, budget: Budget) -> Extracted | str:
    """The document's text, or the one-line reason it has none (DocumentText.error)."""
    try:
        return EXTRACTORS[kind](data, budget.started())
    except DocumentError as error:
        return error.reason
    except MemoryError:
        raise
    except RecursionError:
        return "corrupt: nested too deep"
    except Exception as error:
        return one_line(f"corrupt: {_reason(error)}")


def _reason(error: Exception) -> str:
    name = type(error).__name__
    message = str(error).lower()
    if "eof" in message or "truncat" in message or "unexpected end" in message:
        return f"{name} (truncated?)"
    return name


def preload() -> None:
    """Import every format library now, so a worker's first job does not pay for it."""
    import docx  # noqa: F401
    import odf.opendocument  # noqa: F401
    import openpyxl  # noqa: F401
    import pypdf  # noqa: F401
    import striprtf.striprtf  # noqa: F401
