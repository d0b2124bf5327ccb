"""What the spider yields and what the cleaning stage returns."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class PageItem:
    """A fetched article page, before cleaning: yielded by the spider, consumed by pipelines."""

    url: str  # canonical URL (after rel=canonical and URL canonicalisation)
    source_id: str
    html: str  # decoded Unicode text of the page
    fetched_at: str  # ISO 8601, UTC
    response_url: str = ""  # the URL actually fetched (before canonicalisation)
    listing_title: str | None = None  # what the listing page said about the link
    listing_date: str | None = None  # raw date text next to the link on the listing page
    etag: str | None = None
    last_modified: str | None = None
    discovered_via: str = "listing"  # listing, feed, sitemap
    server_date: str | None = None  # the response's Date header: the clock «сегодня» means


@dataclass
class CleanedArticle:
    """The cleaning stage's output: the article alone, without the page around it."""

    title: str
    text: str  # paragraphs separated by blank lines
    published_at: str | None = None  # ISO 8601 with offset
    date_source: str | None = None  # json-ld, meta, time-tag, text, listing, url
    author: str | None = None
    lead: str = ""
    images: list[str] = field(default_factory=list)
    canonical_url: str | None = None
    evidence: dict[str, object] = field(default_factory=dict)  # why it was taken for an article
    documents: list[tuple[str, str]] = field(default_factory=list)  # (URL, link text) of its documents


class ExtractionFailed(Exception):
    """The page holds no article; `reason` is a short slug counted in crawl stats."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
