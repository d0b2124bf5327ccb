"""Pages that answer 200 but are not an article: soft 404s («Материал не найден») and pages
of links that sit where a story would («Архив новостей за 2012–2022 годы. Выберите год:»).

CMSs (uCoz, DLE, Bitrix, regional portals) answer a removed or mistyped story with status
200 and a page of their template that says it is not there. Stored, such a page becomes a
"news item" titled «Страница не найдена» in every search. The verdict needs a not-found
phrase where a page names itself (its ``<title>``, its first headings, the chosen title) or
a body that is short and says so; a long article that merely quotes the phrase is kept.

A site whose «not found» page says nothing these patterns know («Упс! Здесь ничего нет»,
a bare search form) is caught by comparison: the crawl fetches a URL that cannot exist once
(spiders/not_found.py) and a page that reads like that answer (`NotFoundPage`) is one.

A link hub has a story's URL and template but its substance is links: a line of text over
a list of years or old headlines. Its lists are not body text (they are link texts), so
the body left is a sentence; what gives it away is how much link text surrounds that
sentence inside the article's own container.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass

from lxml import etree

from crawler.cleaning.scan import PageScan
from crawler.cleaning.tree import node_text, normalise

__all__ = ["NotFoundPage", "link_hub_evidence", "load_not_found", "not_found_evidence", "save_not_found"]

_NOT_FOUND = re.compile(
    r"(страниц[аы]|материал|новост[ьи]|запис[ьи]|стать[яи]|документ|раздел|публикаци[яи]|объект)\w*"
    r"\s+(не\s+найден\w*|не\s+существует|удален\w*|недоступн\w*)"
    r"|(запрашиваем\w+|искомая|указанн\w+)\s+(страниц\w+|материал\w*|запис\w+)\s+не\s+(найден\w*|существует)"
    r"|ошибка\s*404|404\s*[-—–:.]?\s*(страница\s+не\s+найдена|not\s+found|ошибка)"
    r"|такой\s+страницы\s+(нет|не\s+существует)|ничего\s+не\s+найдено"
    r"|\bpage\s+not\s+found\b|^\s*not\s+found\s*$|\b404\s+not\s+found\b|\berror\s+404\b"
    r"|the\s+page\s+you\s+(requested|are\s+looking\s+for)\s+(could\s+not\s+be\s+found|does\s+not\s+exist)",
    re.IGNORECASE,
)
#: A body longer than this is an article, whatever its title says.
_SHORT_BODY_CHARS = 700
#: Headings looked at: where a page says what it is.
_HEADINGS = 3
#: A link hub: a body shorter than this, in a container with at least this many page links
#: holding at least this many times the body's characters. Five related links under a
#: two-line notice stay an article; a year list plus old headlines do not.
_HUB_BODY_MAX_CHARS = 400
_HUB_MIN_LINKS = 8
_HUB_LINK_TEXT_RATIO = 2.0
#: Links to files are an article's attachments, not a hub's entries.
_DOCUMENT_HREF = re.compile(r"\.(pdf|docx?|odt|rtf|xlsx?|ods|zip|rar|7z|jpe?g|png)(\?|#|$)", re.IGNORECASE)


def not_found_evidence(page: PageScan, title: str, text: str) -> str | None:
    """Why the page is a soft 404 (a short description of the evidence), or None."""
    if len(text) > _SHORT_BODY_CHARS * 3:
        return None
    places: list[tuple[str, str]] = [("chosen title", title)]
    if page.title is not None:
        places.append(("<title>", node_text(page.title)))
    places += [(f"<{h.tag}>", node_text(h)) for h in _first_headings(page.headings)]
    for place, value in places:
        match = _NOT_FOUND.search(value or "")
        if match and len(value) <= 200:
            return f"{place} says «{match.group(0)}»"
    match = _NOT_FOUND.search(text[:_SHORT_BODY_CHARS])
    if match and len(text) <= _SHORT_BODY_CHARS:
        return f"short body ({len(text)} chars) says «{match.group(0)}»"
    return None


def _first_headings(headings: list[etree._Element]) -> list[etree._Element]:
    return [h for h in headings if h.tag in ("h1", "h2")][:_HEADINGS]


def link_hub_evidence(container: etree._Element | None, text: str) -> str | None:
    """Why the page is a list of links in an article's clothes, or None."""
    if container is None or len(text) >= _HUB_BODY_MAX_CHARS:
        return None
    links = [a for a in container.iter("a") if not _DOCUMENT_HREF.search(a.get("href") or "")]
    linked = sum(len(node_text(a)) for a in links)
    if len(links) >= _HUB_MIN_LINKS and linked >= _HUB_LINK_TEXT_RATIO * max(len(text), 1):
        return f"{len(links)} links ({linked} chars of link text) around {len(text)} chars of text"
    return None


_WORD = re.compile(r"[^\W\d_]{3,}")
#: A page is the site's not-found page when its words overlap the probe's this much
#: (Jaccard) or it has the probe's title, and it is not much longer than the probe's text...
_PROBE_SIMILARITY = 0.6
_PROBE_LENGTH_FACTOR = 1.5
_PROBE_LENGTH_SLACK = 300
#: ...and shorter than the site's articles (their median), once this many were seen.
_ARTICLES_FOR_MEDIAN = 5


@dataclass(frozen=True)
class NotFoundPage:
    """What the site answers, with status 200, for a URL that cannot exist."""

    url: str
    title: str  # normalised
    words: frozenset[str]
    chars: int

    @classmethod
    def of(cls, url: str, title: str, text: str) -> NotFoundPage:
        return cls(url, normalise(title), _words(text), len(text))

    def evidence(self, title: str, text: str, article_chars: list[int]) -> str | None:
        """Why (title, text) is this not-found page again, or None."""
        if len(text) > self.chars * _PROBE_LENGTH_FACTOR + _PROBE_LENGTH_SLACK:
            return None
        if len(article_chars) >= _ARTICLES_FOR_MEDIAN and len(text) >= sorted(article_chars)[len(article_chars) // 2]:
            return None  # as long as the site's usual article
        words = _words(text)
        overlap = len(words & self.words) / max(len(words | self.words), 1)
        if overlap >= _PROBE_SIMILARITY:
            return f"reads like the site's answer to {self.url} ({overlap:.0%} of words shared)"
        if self.title and normalise(title) == self.title:
            return f"has the title of the site's answer to {self.url} («{title[:80]}»)"
        return None


_SCHEMA = """
CREATE TABLE IF NOT EXISTS not_found_pages (
    source_id TEXT PRIMARY KEY,
    page TEXT NOT NULL  -- NotFoundPage as JSON
)
"""


def load_not_found(connection: sqlite3.Connection | None, source_id: str) -> NotFoundPage | None:
    """The not-found page learned for a source by an earlier crawl, if any."""
    if connection is None:
        return None
    connection.execute(_SCHEMA)
    row = connection.execute("SELECT page FROM not_found_pages WHERE source_id = ?", (source_id,)).fetchone()
    if row is None:
        return None
    data = json.loads(row[0])
    return NotFoundPage(data["url"], data["title"], frozenset(data["words"]), int(data["chars"]))


def save_not_found(connection: sqlite3.Connection | None, source_id: str, page: NotFoundPage | None) -> None:
    """Keep (or, with None, forget) the source's not-found page."""
    if connection is None:
        return
    connection.execute(_SCHEMA)
    if page is None:
        connection.execute("DELETE FROM not_found_pages WHERE source_id = ?", (source_id,))
    else:
        data = {"url": page.url, "title": page.title, "words": sorted(page.words), "chars": page.chars}
        connection.execute("INSERT INTO not_found_pages (source_id, page) VALUES (?, ?) ON CONFLICT(source_id) "
                           "DO UPDATE SET page = excluded.page", (source_id, json.dumps(data, ensure_ascii=False)))
    connection.commit()


def _words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORD.findall(text))
