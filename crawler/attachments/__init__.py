"""Documents attached to the news (issue 17): the bytes of one PDF, DOCX, DOC, ODT, RTF, XLSX or
ODS to its plain text, title and page count (docs/attachments.md, «Text extraction»).

Pure: no Scrapy, no store. `sniff_kind` and `document_kind_of_link` are cheap and run in the
caller; `extract_document` runs the libraries in a reused worker process under a time limit and
a memory cap, and never raises for bad input.
"""

from crawler.attachments.extract import close, default_pool, extract_document
from crawler.attachments.result import KINDS, STATUSES, DocumentText
from crawler.attachments.sniff import document_kind_of_link, sniff_kind
from crawler.attachments.worker import WorkerPool

__all__ = [
    "KINDS", "STATUSES", "DocumentText", "WorkerPool", "close", "default_pool", "document_kind_of_link",
    "extract_document", "sniff_kind",
]
