"""Read a listing page: its article links (with what the listing says about them) and its pages.

Pure functions on an lxml tree. Each link is canonicalised, checked against the source's
domains and classified by :func:`spiders.links.classify_url`. Two listing-level signals
complete the URL heuristics:

* the repeated block: links of unknown kind that sit in the same repeated markup
  (same ancestor tags and classes) as at least ``_MIN_BLOCK`` other such links, all in one
  directory below the listing, with headline-length anchors, are the listing's articles even
  when their URLs carry no id, date or long slug (``/news/vstrecha-glav/``);
* navigation words: «Следующая», «След.», «Вперёд», «»», «→» and bare page numbers mark
  pagination whatever parameter the site pages with.

For each article the anchor text (or the heading of its item when the anchor says only
«Подробнее») becomes ``listing_title`` and a date written next to it ``listing_date``.
«Показать ещё» endpoints (:mod:`spiders.loader`) count as further pages; a JSON answer of
one is read by :func:`read_json_listing`. A pager whose «2» asks for ``?page=1`` is
zero-based (Drupal), which the spider must know to tell the first page from the second.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

from crawler.urls import canonicalize, in_domains
from spiders.links import Kind, LinkRules, classify_url, is_year_like, is_zero_based
from spiders.loader import advance, find_loaders, json_listing_parts

__all__ = ["LinkInfo", "ListingLinks", "read_json_listing", "read_listing"]

#: Links read per listing page: a hostile page of 100,000 links costs a bounded time, while
#: the longest real one-page archives (a few thousand stories) are read whole.
MAX_LINKS_PER_PAGE = 20_000
_PAGE_NUMBER = re.compile(r"\[?\d{1,4}\]?")
# Three links of one shape make a list; two could be a "previous / next article" pair.
_MIN_BLOCK = 3
# Headlines run to several words; menu entries («О Совете», «Контакты») to one or two.
_HEADLINE_WORDS = 4
_NEXT_WORDS = re.compile(
    r"^(следующая|след\.?|вперед|вперёд|дальше|»|›|→|>|>>|»»|next|older|следующие|"
    r"следующая страница|предыдущие записи|более ранние записи|еще новости|ещё новости|"
    r"показать еще|показать ещё)\s*[»›→>]*$",
    re.IGNORECASE,
)
_GENERIC_ANCHORS = re.compile(
    r"^(подробнее|читать|читать далее|читать полностью|далее|далее\.\.\.|ещё|еще|more|read more|"
    r"версия для печати|печать|print|поделиться.*|комментари.*|\d+ комментари.*|→|»|\.\.\.|…)"
    r"[.…»→ ]*$",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"\d{1,2}\.\d{1,2}\.\d{2,4}(?:[,\s]+\d{1,2}:\d{2})?"
    r"|\d{1,2}\s+(?:января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|"
    r"декабря)\s+\d{4}(?:\s*г(?:ода|\.)?)?(?:[,\s]+\d{1,2}:\d{2})?"
    r"|\d{4}-\d{2}-\d{2}(?:[T\s]\d{2}:\d{2})?",
    re.IGNORECASE,
)


@dataclass
class LinkInfo:
    """An article link as the listing presents it."""

    url: str
    listing_title: str | None = None
    listing_date: str | None = None


@dataclass
class ListingLinks:
    articles: dict[str, LinkInfo] = field(default_factory=dict)
    pages: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    loaders: list[str] = field(default_factory=list)  # «Показать ещё» endpoints (also in pages)
    zero_based: bool = False  # the pager counts from zero (``?page=1`` is the second page)


@dataclass
class _Anchor:
    element: Any
    url: str
    text: str
    kind: Kind


def read_listing(root: Any, page_url: str, domains: tuple[str, ...],
                 rules: LinkRules | None = None, listing_url: str | None = None) -> ListingLinks:
    """Article links and further pages of the listing page `root` (an lxml tree) at `page_url`.

    `listing_url`: the listing a «Показать ещё» answer at `page_url` belongs to (links are
    judged against the listing's directory, not the endpoint's ``/api/…``).
    """
    result = ListingLinks()
    context = listing_url or page_url
    anchors = _anchors(root, page_url, domains, rules, result.counts, context)
    _promote_repeated_blocks(anchors, context)
    _promote_numeric_siblings(anchors)
    for anchor in anchors:
        if anchor.kind is Kind.PAGINATION and anchor.url not in result.pages:
            result.pages.append(anchor.url)
        if anchor.kind is Kind.PAGINATION and is_zero_based(anchor.text, anchor.url):
            result.zero_based = True
    stories = [anchor for anchor in anchors if anchor.kind is Kind.ARTICLE]
    holders = _story_holders(stories)
    for anchor in stories:
        info = result.articles.setdefault(anchor.url, LinkInfo(anchor.url))
        _describe(info, anchor, holders)
    for url in find_loaders(root, page_url):
        url = canonicalize(url)
        if in_domains(url, domains) and url not in result.pages:
            result.loaders.append(url)
            result.pages.append(url)
    return result


def read_json_listing(text: str, page_url: str, domains: tuple[str, ...],
                      rules: LinkRules | None = None, listing_url: str | None = None) -> ListingLinks:
    """Article links and next batches of a «Показать ещё» endpoint's JSON answer."""
    answer = json_listing_parts(text, page_url)
    result = ListingLinks()
    context = listing_url or page_url
    for fragment in answer.fragments:
        try:
            root = lxml_html.fragment_fromstring(fragment, create_parent="div")
        except (ValueError, TypeError, SyntaxError):
            result.counts["bad-fragment"] += 1
            continue
        _merge(result, read_listing(root, page_url, domains, rules, context))
    for url, title, date in answer.items:
        url = canonicalize(url)
        if not in_domains(url, domains):
            result.counts["offsite"] += 1
            continue
        # A JSON item list is a list of stories: only URLs of a kind that is never one are refused.
        if classify_url(url, context, rules) in (Kind.SKIP, Kind.DOCUMENT, Kind.PAGINATION):
            result.counts["skip"] += 1
            continue
        result.counts["article"] += 1
        info = result.articles.setdefault(url, LinkInfo(url))
        info.listing_title = info.listing_title or title
        info.listing_date = info.listing_date or date
    nexts = [canonicalize(url) for url in answer.nexts]
    if answer.more and not nexts:
        nexts = [url for url in [advance(page_url, len(result.articles))] if url]
    for url in nexts:
        if in_domains(url, domains) and url not in result.pages:
            result.loaders.append(url)
            result.pages.append(url)
    return result


def _merge(into: ListingLinks, other: ListingLinks) -> None:
    for url, info in other.articles.items():
        into.articles.setdefault(url, info)
    into.pages += [url for url in other.pages if url not in into.pages]
    into.loaders += [url for url in other.loaders if url not in into.loaders]
    for kind, count in other.counts.items():
        into.counts[kind] += count


def _anchors(root: Any, page_url: str, domains: tuple[str, ...], rules: LinkRules | None,
             counts: dict[str, int], context: str) -> list[_Anchor]:
    base = _base_href(root, page_url)
    anchors: list[_Anchor] = []
    numbers: dict[Any, bool] = {}  # parent element -> whether it holds a run of page numbers
    for element in root.iter("a", "area"):
        if len(anchors) >= MAX_LINKS_PER_PAGE:
            counts["ignored-over-cap"] += 1
            continue
        href = (element.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        url = canonicalize(urljoin(base, href))
        if urlsplit(url).scheme not in ("http", "https"):
            continue
        if not in_domains(url, domains):
            counts["offsite"] += 1
            continue
        text = _text(element)
        kind = classify_url(url, context, rules)
        if kind not in (Kind.SKIP, Kind.DOCUMENT) and _is_next_link(element, text, url, page_url, numbers):
            kind = Kind.PAGINATION
        counts[kind.value] += 1
        anchors.append(_Anchor(element, url, text, kind))
    return anchors


def _base_href(root: Any, page_url: str) -> str:
    for base in root.iter("base"):
        if base.get("href"):
            return urljoin(page_url, str(base.get("href")))
    return page_url


def _text(element: Any) -> str:
    text = " ".join("".join(element.itertext()).split())
    return str(text or (element.get("title") or "").strip())


def _is_next_link(element: Any, text: str, url: str, page_url: str, numbers: dict[Any, bool]) -> bool:
    if url == canonicalize(page_url):
        return False
    if "next" in (element.get("rel") or "").lower().split():
        return True
    if _NEXT_WORDS.match(text):
        return True
    # A bare page number («2», «[3]») in a run of such links is pagination on any CMS.
    return bool(_PAGE_NUMBER.fullmatch(text)) and _in_number_run(element, numbers)


def _in_number_run(element: Any, numbers: dict[Any, bool]) -> bool:
    """Whether one of the three ancestors of `element` holds two page-number links or is a
    pager by class; answers per ancestor are kept in `numbers`, so a page of 100,000 number
    links costs one look at each ancestor, not one per link."""
    parent = element.getparent()
    for _ in range(3):
        if parent is None:
            return False
        if parent not in numbers:
            run = 0
            for a in parent.iter("a"):
                run += bool(_PAGE_NUMBER.fullmatch(_text(a)))
                if run >= 2:
                    break
            numbers[parent] = run >= 2 or "pag" in (parent.get("class") or "").lower()
        if numbers[parent]:
            return True
        parent = parent.getparent()
    return False


def _signature(element: Any) -> tuple[str, ...]:
    parts = []
    node = element.getparent()
    for _ in range(4):
        if node is None or not isinstance(node.tag, str):
            break
        parts.append(f"{node.tag}.{' '.join(sorted((node.get('class') or '').split()))}")
        node = node.getparent()
    return tuple(parts)


def _directory(url: str) -> str:
    path = urlsplit(url).path
    return path.rsplit("/", 2 if path.endswith("/") else 1)[0] + "/"


def _promote_repeated_blocks(anchors: list[_Anchor], page_url: str) -> None:
    listing_dir = _directory(page_url) if not urlsplit(page_url).path.endswith("/") else urlsplit(page_url).path
    groups: dict[tuple[tuple[str, ...], str], list[_Anchor]] = defaultdict(list)
    for anchor in anchors:
        if anchor.kind is Kind.OTHER:
            groups[(_signature(anchor.element), _directory(anchor.url))].append(anchor)
    for (_, directory), members in groups.items():
        urls = {member.url for member in members}
        words = [len(member.text.split()) for member in members]
        if (len(urls) >= _MIN_BLOCK and directory.startswith(listing_dir)
                and sum(words) / len(words) >= _HEADLINE_WORDS):
            for member in members:
                member.kind = Kind.ARTICLE


def _id_shape(url: str) -> tuple[str, bool] | None:
    """(directory, ends with a slash) of a URL whose last segment is a bare number, else None."""
    path = urlsplit(url).path
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return (_directory(url), path.endswith("/")) if last.isdigit() else None


def _promote_numeric_siblings(anchors: list[_Anchor]) -> None:
    """Year-like links (``/news/2019/``) are articles when the listing's story links are
    numbered in the same directory: a headline anchor, or siblings already known as articles
    (``/news/2187/``, ``/news/1873/``). A year archive link reads «2019» or «2019 год».
    """
    story_shapes = {_id_shape(a.url) for a in anchors if a.kind is Kind.ARTICLE} - {None}
    for anchor in anchors:
        if anchor.kind is not Kind.OTHER or not is_year_like(urlsplit(anchor.url).path):
            continue
        headline = len(anchor.text.split()) >= _HEADLINE_WORDS
        if headline or _id_shape(anchor.url) in story_shapes:
            anchor.kind = Kind.ARTICLE


def _describe(info: LinkInfo, anchor: _Anchor, holders: dict[Any, set[str]]) -> None:
    item = _item_container(anchor.element, anchor.url, holders)
    text = anchor.text if not _GENERIC_ANCHORS.match(anchor.text) else ""
    if not text and item is not None:
        text = _heading_text(item)
    if text and (info.listing_title is None or len(text) > len(info.listing_title)):
        info.listing_title = text
    if info.listing_date is None and item is not None:
        info.listing_date = _date_near(item)


def _story_holders(stories: list[_Anchor]) -> dict[Any, set[str]]:
    """Element -> up to two distinct story URLs linked inside it, for every ancestor of every
    story link: one walk up per link (linear in links times depth), where asking each
    ancestor for its links again would be quadratic on a page of thousands of stories."""
    holders: dict[Any, set[str]] = {}
    for anchor in stories:
        node = anchor.element.getparent()
        while node is not None:
            held = holders.setdefault(node, set())
            if len(held) < 2:
                held.add(anchor.url)
            node = node.getparent()
    return holders


def _item_container(element: Any, url: str, holders: dict[Any, set[str]]) -> Any:
    """The largest ancestor of the link (six levels at most) that links no other story."""
    node, best = element, None
    for _ in range(6):
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        if holders.get(parent, set()) - {url}:
            break
        best = node = parent
    return best


def _heading_text(item: Any) -> str:
    for tag in ("h1", "h2", "h3", "h4", "h5", "b", "strong"):
        for heading in item.iter(tag):
            text = _text(heading)
            if text and not _GENERIC_ANCHORS.match(text):
                return text
    return ""


def _date_near(item: Any) -> str | None:
    for time_tag in item.iter("time"):
        value = time_tag.get("datetime") or _text(time_tag)
        if value:
            return value
    match = _DATE.search(" ".join(" ".join(item.itertext()).split()))
    return match.group(0) if match else None
