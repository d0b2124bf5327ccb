"""Atom feeds (RFC 4287) of the newest matches of a query.

Built with ElementTree, so every crawled string is escaped by the serializer; control
characters that XML 1.0 forbids are removed first. Entry ids are tag URIs derived from the
article id, so a feed reader recognises an item across polls and across feeds. An article's
attached documents are ``<link rel="enclosure">`` links (http(s) URLs only).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from indexer.attached import document_name
from indexer.russian import plural
from search_api.snippets import http_url, plain_snippet, strip_control

if TYPE_CHECKING:
    from indexer.documents import Attachment, SearchHit

ATOM_NS = "http://www.w3.org/2005/Atom"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
#: Tag URI authority: fixed, so ids survive a change of host name (RFC 4151).
TAG_AUTHORITY = "tag:munews.local,2024"
#: The scheme of practice-topic categories (region categories have none): readers can tell them.
TOPIC_SCHEME = f"{TAG_AUTHORITY}:topic"

#: Media type of an enclosure per document kind.
KIND_TYPES = {
    "pdf": "application/pdf", "doc": "application/msword", "rtf": "application/rtf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}

ET.register_namespace("", ATOM_NS)


def _el(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM_NS}}}{name}", {k: strip_control(v) for k, v in attrs.items()})
    if text is not None:
        element.text = strip_control(text)
    return element


def _rfc3339(value: str | None) -> str | None:
    """An ISO 8601 timestamp as RFC 3339 with an offset (naive ones are taken as UTC)."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.isoformat()


def build_feed(
    hits: list[SearchHit], *, title: str, feed_id: str, self_url: str, html_url: str,
    article_url: str, attachments: dict[str, list[Attachment]] | None = None,
) -> bytes:
    """The Atom document; `article_url` is a format string with `{id}` for the local page;
    `attachments`: article id -> its documents, listed as enclosures."""
    root = ET.Element(f"{{{ATOM_NS}}}feed")
    _el(root, "title", title)
    _el(root, "id", f"{TAG_AUTHORITY}:feed:{feed_id}")
    _el(root, "link", rel="self", type="application/atom+xml", href=self_url)
    _el(root, "link", rel="alternate", type="text/html", href=html_url)
    _el(root, "generator", "munews")
    # RFC 4287 wants an author on the feed unless every entry has one: an empty feed has none.
    _el(_el(root, "author"), "name", "munews")
    stamps = [_rfc3339(hit.published_at) for hit in hits]
    newest = max((s for s in stamps if s), default=None)
    _el(root, "updated", newest or datetime.now(timezone.utc).replace(microsecond=0).isoformat())
    for hit, stamp in zip(hits, stamps):
        entry = _add_entry(root, hit, stamp, article_url.format(id=hit.id))
        for attachment in (attachments or {}).get(hit.id, []):
            _add_enclosure(entry, attachment)
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document


def _add_enclosure(entry: ET.Element, attachment: Attachment) -> None:
    href = http_url(attachment.url)
    if not href:
        return
    extra = {"length": str(attachment.size)} if attachment.size > 0 else {}
    _el(entry, "link", rel="enclosure", href=href,
        type=KIND_TYPES.get(attachment.kind, "application/octet-stream"),
        title=document_name(attachment), **extra)


def _add_entry(root: ET.Element, hit: SearchHit, stamp: str | None, local_url: str) -> ET.Element:
    entry = _el(root, "entry")
    _el(entry, "id", f"{TAG_AUTHORITY}:article:{hit.id}")
    _el(entry, "title", hit.title or hit.url)
    original = http_url(hit.url)
    # Atom needs an alternate link when there is no content: the original, else our page.
    _el(entry, "link", rel="alternate", type="text/html", href=original or local_url)
    if original:
        _el(entry, "link", rel="related", type="text/html", href=local_url)
    # Atom requires <updated>; an undated article gets the epoch rather than a fake "now",
    # which would float it to the top of every reader on every poll.
    _el(entry, "updated", stamp or "1970-01-01T00:00:00+00:00")
    if stamp:
        _el(entry, "published", stamp)
    author = _el(entry, "author")
    _el(author, "name", hit.source_name or hit.source_id)
    if hit.region:
        _el(entry, "category", term=hit.region, label=hit.region)
    for topic in hit.topics:
        _el(entry, "category", term=topic, label=topic, scheme=TOPIC_SCHEME)
    summary = plain_snippet(hit.snippet)
    if hit.matched_document:
        summary = f"Найдено в документе „{hit.matched_document}“: {summary}"
    if hit.story_others:
        summary += f" (эту новость опубликовали ещё {plural(hit.story_others, 'источник', 'источника', 'источников')})"
    _el(entry, "summary", summary, type="text")
    return entry
