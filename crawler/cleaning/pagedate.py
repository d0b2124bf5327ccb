"""The publication date of a page, from the most to the least reliable place.

Order: JSON-LD ``datePublished``, meta tags, ``<time>`` elements, a date written next to the
title, the date the listing page showed for the link, a date in the URL. Update and event
dates («Обновлено», «Дата изменения», ``dateModified``) never win over the publication date.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from lxml import etree

from crawler.cleaning.dates import OTHER_LABEL, RelativeDate, date_from_url, find_labelled_date, parse_date
from crawler.cleaning.scan import PageScan, scan_page
from crawler.cleaning.tree import NOT_DATE, node_kinds, node_text, short_text, text_length

logger = logging.getLogger(__name__)

_META_NAMES = (
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
    "publish-date", "dc.date.issued", "dc.date", "dcterms.created", "date", "sailthru.date",
    "parsely-pub-date", "mediator_published_time", "cxenseparse:recs:publishtime",
)
#: A link this long next to a date is a headline: the date belongs to that other article.
_HEADLINE_MIN_CHARS = 20
#: Longest text of a headline-list item (date, headline, a teaser sentence).
_ITEM_MAX_CHARS = 400
#: How far after the title a printed date is looked for (characters of page text). Dates sit
#: right under or above the headline; further down, dates are events inside the story.
_NEAR_TITLE_CHARS = 300
#: Elements that wrap the whole page: what their class says is about the layout.
_WRAPPER_TAGS = frozenset({"html", "body", "main"})
#: An element holding this share of the body's text is a layout wrapper too.
_WRAPPER_SHARE = 0.5
#: A line longer than this is article prose, not a date line («27.02.2023 | Новости | 👁 120»).
_DATE_LINE_MAX_CHARS = 120


def page_date(tree: etree._Element, url: str, *, title_node: etree._Element | None,
              listing_date: str | None, fetched_at: datetime | None, tz: str,
              page: PageScan | None = None) -> tuple[datetime | None, str | None]:
    """(publication datetime, date_source) of a page, or (None, None).

    A date read from a relative form («вчера, 18:40») against `fetched_at` has the source
    ``"<finder>:relative"``. `page`: the scan of the untouched `tree` when the caller has one
    (it is made otherwise).
    """
    scan = page if page is not None else scan_page(tree)
    finders: tuple[tuple[str, Callable[[], datetime | None]], ...] = (
        ("json-ld", lambda: _from_json_ld(scan, fetched_at, tz)),
        ("meta", lambda: _from_meta(scan, fetched_at, tz)),
        ("time-tag", lambda: _from_time_tags(scan, title_node, fetched_at, tz)),
        ("text", lambda: _from_text(scan, title_node, fetched_at, tz)),
        ("listing", lambda: parse_date(listing_date, fetched_at=fetched_at, tz=tz) if listing_date else None),
        ("url", lambda: date_from_url(url, tz=tz)),
    )
    for index, (source, finder) in enumerate(finders):
        found = finder()
        if found is None:
            continue
        if _date_only(found) and source in ("json-ld", "meta", "time-tag"):
            # DLE's <time datetime="2026-03-10"> next to «Вчера, 23:50»: the printed time of
            # the same day completes a machine-readable date that carries none.
            printed = finders[3][1]() if index < 3 else None
            if printed is not None and not _date_only(printed) and printed.date() == found.date():
                found, source = printed, "text"
        return found, f"{source}:relative" if isinstance(found, RelativeDate) else source
    return None, None


def _date_only(value: datetime) -> bool:
    return (value.hour, value.minute, value.second) == (0, 0, 0)


def _from_json_ld(page: PageScan, fetched_at: datetime | None, tz: str) -> datetime | None:
    for obj in page.json_ld():
        value = obj.get("datePublished") or obj.get("dateCreated")
        if isinstance(value, str) and (found := parse_date(value, fetched_at=fetched_at, tz=tz)):
            return found
    return None


def _from_meta(page: PageScan, fetched_at: datetime | None, tz: str) -> datetime | None:
    values = page.meta_values()
    for name in _META_NAMES:
        value = values.get(name)
        if value and (found := parse_date(value, fetched_at=fetched_at, tz=tz)):
            return found
    return None


def _in_furniture(node: etree._Element) -> bool:
    """True inside a block named as no publication date («sidebar», «comments», «related»).

    Not for the page's wrappers: ``<body class="has-sidebar">`` or a layout div holding most
    of the page names the layout, not the block the date sits in.
    """
    return any(node_kinds(ancestor) & NOT_DATE and not _page_wrapper(ancestor)
               for ancestor in node.iterancestors())


def _page_wrapper(node: etree._Element) -> bool:
    if node.tag in _WRAPPER_TAGS:
        return True
    body = next((a for a in node.iterancestors() if a.tag == "body"), None)
    total = text_length(body) if body is not None else 0
    return total > 0 and text_length(node) >= _WRAPPER_SHARE * total


def _beside_headline(node: etree._Element) -> bool:
    """True for the date of an item in a headline list («02.05.2024 <a>Другая новость</a>»)."""
    parent = node.getparent()
    # Only a small item counts: the article container also holds long links in its text.
    if parent is None or short_text(parent, _ITEM_MAX_CHARS) is None:
        return False
    return any(len(" ".join(a.itertext()).strip()) >= _HEADLINE_MIN_CHARS for a in parent.iter("a"))


def _from_time_tags(page: PageScan, title_node: etree._Element | None,
                    fetched_at: datetime | None, tz: str) -> datetime | None:
    """A ``<time>`` marked as the publication date, else the one nearest the title."""
    found_at: list[tuple[etree._Element, datetime]] = []
    for node in page.times:
        if _in_furniture(node) or node_kinds(node) & NOT_DATE or _beside_headline(node):
            continue
        value = node.get("datetime") or node_text(node)
        found = parse_date(value, fetched_at=fetched_at, tz=tz)
        if found is None:
            continue
        if (node.get("itemprop") or "").lower() == "datepublished" or node.get("pubdate") is not None:
            return found
        found_at.append((node, found))
    if not found_at:
        return None
    if title_node is None or len(found_at) == 1:
        return found_at[0][1]
    return _nearest(found_at, title_node)


def _nearest(found_at: list[tuple[etree._Element, datetime]], title_node: etree._Element) -> datetime:
    """The date whose element shares the smallest ancestor with the title (document order
    among equals): the page's other times belong to lists, teasers and the footer."""
    # The list holds the proxies, so the same elements come back from iterancestors().
    ancestors = [title_node, *title_node.iterancestors()]
    level = {element: index for index, element in enumerate(ancestors)}
    best, best_level = found_at[0][1], len(ancestors)
    for node, found in found_at:
        shared = next((level[a] for a in node.iterancestors() if a in level), len(ancestors))
        if shared < best_level:
            best, best_level = found, shared
    return best


def _from_text(page: PageScan, title_node: etree._Element | None,
               fetched_at: datetime | None, tz: str) -> datetime | None:
    for node in page.dated:
        if not _in_furniture(node) and not _beside_headline(node):
            text = node_text(node)
            if 0 < len(text) <= 200 and (found := find_labelled_date(text, fetched_at=fetched_at, tz=tz)):
                return found
    if title_node is not None:
        return find_labelled_date(_text_around(title_node), fetched_at=fetched_at, tz=tz)
    return None


def _text_around(title_node: etree._Element) -> str:
    """Short lines right above and below the title: where pages print their date."""
    anchor = title_node
    # <div class="title"><h1>…</h1></div>: the date is a sibling of the wrapper, not of <h1>.
    for _ in range(2):
        parent = anchor.getparent()
        has_siblings = any(isinstance(s.tag, str) for s in anchor.itersiblings()) or \
            any(isinstance(s.tag, str) for s in anchor.itersiblings(preceding=True))
        if has_siblings or parent is None or parent.tag == "body":
            break
        anchor = parent
    lines: list[str] = []
    previous = anchor.getprevious()
    if previous is not None and len(node_text(previous)) <= _DATE_LINE_MAX_CHARS:
        lines.append(node_text(previous))
    size = 0
    for node in anchor.itersiblings():
        if not isinstance(node.tag, str):
            continue
        text = node_text(node)
        if len(text) > _DATE_LINE_MAX_CHARS and not OTHER_LABEL.match(text):
            break  # prose started: its dates are events of the story, not the publication
        lines.append(text)
        size += len(text)
        if size > _NEAR_TITLE_CHARS:
            break
    if anchor.tail and anchor.tail.strip():
        lines.insert(0, anchor.tail.strip()[:_DATE_LINE_MAX_CHARS])
    return "\n".join(lines)
