"""Cleaning stage: article page HTML -> CleanedArticle. (Initial naive version; replaced.)"""

from __future__ import annotations

from datetime import datetime

from bs4 import BeautifulSoup

from crawler.items import CleanedArticle, ExtractionFailed


def extract_article(
    html: str,
    url: str,
    *,
    listing_title: str | None = None,
    listing_date: str | None = None,
    fetched_at: datetime | None = None,
    timezone: str = "Europe/Moscow",
    template: object | None = None,
) -> CleanedArticle:
    """Extract the article of one page, or raise ExtractionFailed(reason)."""
    soup = BeautifulSoup(html, "lxml")
    heading = soup.find("h1")
    title = heading.get_text(" ", strip=True) if heading else (listing_title or "")
    paragraphs = [p.get_text(" ", strip=True) for p in soup.find_all("p")]
    paragraphs = [p for p in paragraphs if len(p) > 40]
    if not title:
        raise ExtractionFailed("no-title", url)
    if not paragraphs:
        raise ExtractionFailed("no-body", url)
    return CleanedArticle(title=title, text="\n\n".join(paragraphs), lead=paragraphs[0][:300])


class SourceCleaner:
    """Per-source cleaner that learns the site's template from the pages it sees.

    (Initial version: no learning yet.) `connection` is the store's SQLite connection, where
    what was learned is kept with the source; `close()` persists it.
    """

    def __init__(self, source_id: str, connection: object | None = None,
                 timezone: str = "Europe/Moscow") -> None:
        self.source_id = source_id
        self.timezone = timezone

    def clean(self, html: str, url: str, *, listing_title: str | None = None,
              listing_date: str | None = None, fetched_at: datetime | None = None) -> CleanedArticle:
        return extract_article(html, url, listing_title=listing_title, listing_date=listing_date,
                               fetched_at=fetched_at, timezone=self.timezone)

    def close(self) -> None:
        pass
