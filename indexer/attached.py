"""What both search backends index, store and show of an article's attached documents.

The documents' text is indexed in a field of its own (``documents``: the same Russian
analysis as the body, weighed :data:`indexer.query.DOCUMENTS_BOOST`), so a query that only a
decision or a protocol answers still finds its article. The stored article keeps its
attachments without their text (the store holds it, once per file); for snippets each
document's beginning (what :mod:`indexer.snippets` scans anyway) is stored beside it.

When neither the title nor the body holds a matched word but a document does, the hit's
snippet is cut from that document and :attr:`SearchHit.matched_document` names it.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from indexer.documents import EXPORT_FIELDS
from indexer.snippets import MAX_SCAN_CHARS, Highlighter

if TYPE_CHECKING:
    from indexer.documents import Article, Attachment

#: Characters of documents' text indexed per article: a 2,000-page budget would otherwise make
#: one article weigh as much as a thousand others (and exceed a bulk request's size).
MAX_INDEXED_CHARS = 1_000_000
#: Characters of documents' text stored per article for snippets (each document's first
#: MAX_SCAN_CHARS, as far as this goes).
MAX_STORED_CHARS = 200_000


def searchable(attachment: Attachment) -> bool:
    """A document whose text was extracted: what search matches and `has_documents` counts."""
    return attachment.status == "ok" and bool(attachment.text.strip())


def has_documents(article: Article) -> bool:
    """The `with_documents` filter's flag."""
    return any(searchable(a) for a in article.attachments)


def indexed_text(article: Article) -> str:
    """The documents' text as indexed (capped at MAX_INDEXED_CHARS)."""
    text = "\n\n".join(a.text for a in article.attachments if searchable(a))
    return text[:MAX_INDEXED_CHARS]


def document_name(attachment: Attachment) -> str:
    """How a document is named to a reader: its title, else its file name, else its kind."""
    if attachment.title.strip():
        return " ".join(attachment.title.split())
    name = posixpath.basename(unquote(urlsplit(attachment.url).path))
    return name or attachment.kind.upper() or "документ"


def stored_texts(article: Article) -> list[dict[str, str]]:
    """Per searchable document its name and the beginning of its text, for snippets."""
    found: list[dict[str, str]] = []
    budget = MAX_STORED_CHARS
    for attachment in article.attachments:
        if not searchable(attachment) or budget <= 0:
            continue
        text = attachment.text[:min(MAX_SCAN_CHARS, budget)]
        budget -= len(text)
        found.append({"name": document_name(attachment), "text": text})
    return found


def stored_article(article: Article) -> dict[str, Any]:
    """The article as a backend stores it: every export field, attachments without text."""
    # Not Article.to_dict(): dataclasses.asdict deep-copies, a third of the indexing time.
    stored = {name: getattr(article, name) for name in EXPORT_FIELDS}
    stored["attachments"] = [a.without_text() for a in article.attachments]
    stored["municipalities"] = [m.to_dict() for m in article.municipalities]
    return stored


def hit_snippet(marker: Highlighter, article: Article,
                documents: list[dict[str, str]]) -> tuple[str, str | None]:
    """(snippet, matched document): the body's snippet unless only a document matched."""
    body = article.text or article.lead
    matches = marker.find(body)
    if matches or not documents or not marker.active or marker.find(article.title):
        return marker.cut(body, matches), None
    for document in documents:
        found = marker.find(document["text"])
        if found:
            return marker.cut(document["text"], found), document["name"]
    # The match lies beyond the documents' stored beginnings: which one is unknown.
    return marker.cut(body, matches), None
