"""The documents an article links: decisions, protocols, regulations (PDF, DOCX, ODT…).

An article's documents sit in its text («утверждено решением (PDF)») or in a «Документы» /
«Файлы» block right after it, inside the same article wrapper; the site's menus and
footers (already pruned) link the charter and the privacy policy, which are not the
article's. So the links are taken from the body's container and its wrappers up to
`LEVELS` above it, in page order, one per URL.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml import etree

from crawler.attachments import document_kind_of_link
from crawler.cleaning.tree import node_text

__all__ = ["document_links"]

#: Wrappers above the body's container searched for a «Документы» block.
LEVELS = 2
#: The cheap test on the raw href first: most links are pages, and urljoin costs.
_DOCUMENT_HREF = re.compile(r"\.(?:pdf|docx?|odt|rtf|xlsx|ods)(?:[?#]|$)", re.IGNORECASE)
#: A page listing more documents than this is a documents section, not an article's files.
MAX_LINKS = 50


def document_links(container: etree._Element | None, page_url: str) -> list[tuple[str, str]]:
    """(absolute URL, link text) of the documents the article links, in page order."""
    if container is None:
        return []
    scope = container
    for _ in range(LEVELS):
        parent = scope.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        scope = parent
    found: dict[str, str] = {}
    for link in scope.iter("a"):
        href = (link.get("href") or "").strip()
        if not href or not _DOCUMENT_HREF.search(href) or href.startswith(("#", "javascript:", "mailto:")):
            continue
        url = urljoin(page_url, href)
        if urlsplit(url).scheme not in ("http", "https") or document_kind_of_link(url) is None:
            continue
        found.setdefault(url.split("#", 1)[0], node_text(link))
        if len(found) > MAX_LINKS:
            return []
    return list(found.items())
