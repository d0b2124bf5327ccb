"""The best-practice digest as data: new best-practice publications of a period, by region.

"New" means first seen by the crawler in the period (``articles.first_seen_at``), not published
in it: an old article discovered today has not been shown to anyone yet. A story republished by
several associations is listed once, as its earliest publication, with the count of the other
copies. Shared by ``munews digest`` (:mod:`crawler.ops.digest`, which renders text, Markdown and
e-mail) and the web page's «Лучшие практики» (:mod:`search_api.web_digest`). Only http(s) links
are ever kept, whatever the store holds.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite3

__all__ = ["LEAD_CHARS", "NO_REGION", "Digest", "DigestItem", "best_practice_since", "build_digest",
           "digest_regions", "shorten"]

NO_REGION = "Регион не указан"

#: A lead longer than this is cut: the digest is a list to scan, the article is one click away.
LEAD_CHARS = 300


@dataclass(frozen=True)
class DigestItem:
    """One publication as listed in the digest."""

    title: str
    url: str
    source_name: str
    published_at: str | None
    first_seen_at: str
    lead: str
    topics: tuple[str, ...] = ()
    others: int = 0  # other publications of the same story in the digest (reposts)
    id: str = ""  # the article's id in the store (its page on the web: /articles/<id>)


@dataclass
class Digest:
    """The publications first seen since `since`, by region (regions sorted by name)."""

    since: datetime
    until: datetime
    regions: dict[str, list[DigestItem]] = field(default_factory=dict)
    public_url: str = ""

    @property
    def total(self) -> int:
        return sum(len(items) for items in self.regions.values())


def shorten(text: str, limit: int = LEAD_CHARS) -> str:
    """Whitespace collapsed, cut at a word before `limit` characters with «…»."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def best_practice_since(connection: sqlite3.Connection, since: str) -> list[sqlite3.Row]:
    """Live best-practice articles first seen at or after ``since`` (ISO UTC), by region, newest
    first (columns: title, url, source_name, region, published_at, first_seen_at, lead, text,
    story_id, topics as JSON, id)."""
    return connection.execute(
        "SELECT title, url, source_name, region, published_at, first_seen_at, lead, text, story_id, topics, id "
        "FROM articles WHERE best_practice = 1 AND deleted = 0 AND first_seen_at >= ? "
        "ORDER BY region, COALESCE(published_at, first_seen_at) DESC", (since,)
    ).fetchall()


def build_digest(connection: sqlite3.Connection | None, since: datetime, *,
                 regions: list[str] | None = None, public_url: str = "",
                 now: datetime | None = None) -> Digest:
    """Query the store for best-practice articles first seen since `since`."""
    digest = Digest(since=since, until=now or datetime.now(timezone.utc), public_url=public_url)
    if connection is None:
        return digest
    wanted = {region.casefold() for region in regions or []}
    rows = [row for row in best_practice_since(connection, _utc_text(since))
            if not wanted or (row[3] or NO_REGION).casefold() in wanted]
    # never emit a javascript: or data: link, whatever the store holds
    rows = [row for row in rows if re.match(r"https?://", row[1])]
    for row, others in _one_per_story(rows):
        item = DigestItem(title=row[0], url=row[1], source_name=row[2] or "",
                          published_at=row[4], first_seen_at=row[5],
                          lead=shorten(row[6] or row[7] or ""),
                          topics=tuple(json.loads(row[9] or "[]")), others=others, id=row[10])
        digest.regions.setdefault(row[3] or NO_REGION, []).append(item)
    digest.regions = dict(sorted(digest.regions.items()))
    return digest


def digest_regions(connection: sqlite3.Connection | None, since: datetime) -> list[str]:
    """The regions that have new best-practice publications since `since`, sorted (a region
    filter offers these)."""
    if connection is None:
        return []
    rows = connection.execute(
        "SELECT DISTINCT COALESCE(NULLIF(region, ''), ?) FROM articles "
        "WHERE best_practice = 1 AND deleted = 0 AND first_seen_at >= ?",
        (NO_REGION, _utc_text(since))).fetchall()
    return sorted(str(row[0]) for row in rows)


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def _one_per_story(rows: list[Any]) -> list[tuple[Any, int]]:
    """Each story once, as its earliest publication, with how many other copies it has here:
    a story republished by five associations is one line of the digest, not five."""
    stories: dict[str, list[Any]] = {}
    for row in rows:
        stories.setdefault(row[8] or row[1], []).append(row)
    kept = []
    for copies in stories.values():
        dated = sorted((c for c in copies if c[4]), key=lambda c: _instant(c[4]))
        head = (dated or copies)[0]
        kept.append((head, len(copies) - 1))
    order = {id(row): n for n, row in enumerate(rows)}
    return sorted(kept, key=lambda pair: order[id(pair[0])])


def _instant(value: str) -> float:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return float("inf")
