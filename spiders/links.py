"""Tell an article URL from a listing, archive, tag, calendar, search, login or document URL.

Pure functions on URLs (no Scrapy). The heuristics hold across the CMS families municipal
associations use: WordPress (``/2023/02/27/slug/``, ``/tag/…``, ``/page/2/``), 1C-Bitrix
(``/news/501/``, ``detail.php?ID=…``, ``?PAGEN_1=2``), Joomla (``/novosti/121-slug.html``,
``?start=10``, ``/component/…``), DLE (``/1234-slug.html``) and hand-made PHP
(``news_view.php?id=17``). A source's regex hints override them (see :class:`LinkRules`).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from indexer.sources import Source

__all__ = ["Kind", "LinkRules", "classify_url", "is_year_like", "is_zero_based", "listing_base", "next_page",
           "next_pages", "page_key", "page_number"]


class Kind(str, enum.Enum):
    ARTICLE = "article"
    PAGINATION = "pagination"
    DOCUMENT = "document"
    SKIP = "skip"  # tag, category, archive, calendar, search, login, feed, print, media
    OTHER = "other"  # same-site page of unknown kind (menus: «О Совете», «Контакты»)


_DOCUMENT = re.compile(
    r"\.(pdf|docx?|xlsx?|pptx?|rtf|odt|ods|zip|rar|7z|gz|jpe?g|png|gif|webp|svg|mp3|mp4|avi|"
    r"mov|wmv|flv|txt|csv|xml|rss|atom|exe|msi|djvu|tiff?)$",
    re.IGNORECASE,
)
# Path segments that mark a page of links or a service page, never an article.
_SKIP_SEGMENTS = re.compile(
    r"^(tag|tags|category|categories|rubric|rubrika|author|authors|archive|archives|arkhiv|"
    r"calendar|kalendar|search|poisk|login|logout|auth|register|registration|signup|signin|"
    r"user|users|profile|cabinet|lk|cart|basket|feed|rss|atom|sitemap|print|printable|"
    r"wp-admin|wp-login\.php|wp-json|xmlrpc\.php|administrator|bitrix|cgi-bin|comments?|"
    r"attachment|upload|uploads|wp-content|files|media|images|img|download|downloads|"
    r"share|sharer|sharer\.php|share\.php|component|taxonomy|print\.php|engine|"
    r"print:.*)$",
    re.IGNORECASE,
)
# Query keys of searches, logins, filters and calendars.
_SKIP_PARAMS = re.compile(
    r"^(s|q|query|search|searchword|text|login|logout|register|auth|action|do|replytocom|"
    r"date|day|month|year|m|tag|tags|cat|category|filter|arrfilter.*|sort|order|by|"
    r"special_version|template|format|feed|set_filter|del_filter)$",
    re.IGNORECASE,
)
# key=value pairs that make a page a list, a feed or a service page even when an id is present
# (Joomla ``view=category&id=8``, ``format=feed``, ``option=com_users``).
_HARD_SKIP = re.compile(
    r"^(format=(feed|rss|atom|raw|json|pdf)|view=(category|categories|featured|search|tags?|"
    r"archive|form|login|registration|reset|remind|profile)|option=com_(users|search|finder|tags|"
    r"contact|mailto|ajax))$",
    re.IGNORECASE,
)
# Query keys that select one item (article) on non-SEF CMSs.
_ID_PARAMS = re.compile(
    r"^(id|element_id|news_id|newsid|nid|article|article_id|item|item_id|itemid|p|post|"
    r"post_id|code|element_code|doc|material|mid|n|record)$",
    re.IGNORECASE,
)
# Query keys of pagination: Bitrix PAGEN_1, Joomla start/limitstart, generic page/p.
_PAGE_PARAMS = re.compile(
    r"^(pagen_\d+|page|pg|paged|start|limitstart|offset|from|p|pagenum|curpage|cur_page|"
    r"page_num|list_page|str|stranitsa|part)$",
    re.IGNORECASE,
)
_PAGE_PATH = re.compile(r"/(page|p|stranitsa|str|list)[/\-_]?(\d{1,5})/?$", re.IGNORECASE)
_DATE_PATH = re.compile(r"/(19|20)\d{2}/(0?[1-9]|1[0-2])(/(0?[1-9]|[12]\d|3[01]))?(/|$)")
_DATE_VALUE = re.compile(r"^(19|20)\d{2}([-./]\d{1,2}){0,2}$|^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$")
_NUMERIC_ID = re.compile(r"(^|[-_])\d{2,}([-_]|$)|^\d{2,}")
_SLUG_WORD = re.compile(r"[a-zа-яё0-9]+", re.IGNORECASE)


@dataclass(frozen=True)
class LinkRules:
    """A source's regex hints; each one, when set and matching, decides alone."""

    article: re.Pattern[str] | None = None
    listing: re.Pattern[str] | None = None
    exclude: re.Pattern[str] | None = None

    @classmethod
    def for_source(cls, source: Source) -> LinkRules:
        return cls(source.pattern("article_url_pattern"), source.pattern("listing_url_pattern"),
                   source.pattern("exclude_url_pattern"))


def classify_url(url: str, listing_url: str, rules: LinkRules | None = None) -> Kind:
    """The kind of `url` as linked from the listing page at `listing_url`."""
    rules = rules or LinkRules()
    if rules.exclude is not None and rules.exclude.search(url):
        return Kind.SKIP
    if rules.article is not None and rules.article.search(url):
        return Kind.ARTICLE
    if rules.listing is not None and rules.listing.search(url):
        return Kind.PAGINATION
    parts = urlsplit(url)
    if _DOCUMENT.search(parts.path):
        return Kind.DOCUMENT
    if is_pagination(url, listing_url):
        return Kind.PAGINATION
    segments = [s for s in parts.path.split("/") if s]
    if any(_SKIP_SEGMENTS.match(segment) for segment in segments):
        return Kind.SKIP
    params = parse_qsl(parts.query, keep_blank_values=True)
    if any(_HARD_SKIP.match(f"{key}={value}") for key, value in params):
        return Kind.SKIP
    # Joomla's non-SEF ids carry a slug: ``id=122:grant-glavy``.
    if (any(_SKIP_PARAMS.match(key) or _DATE_VALUE.match(value) for key, value in params)
            and not any(_ID_PARAMS.match(key) and re.match(r"\d+(:|$)", value) for key, value in params)):
        return Kind.SKIP
    if is_archive_path(parts.path):
        return Kind.SKIP
    if is_year_like(parts.path):
        return Kind.OTHER  # an id or a year: the listing's other story links decide
    return Kind.ARTICLE if article_score(url, listing_url) >= 2 else Kind.OTHER


def is_archive_path(path: str) -> bool:
    """A path with the shape of a date archive: ``/2023/`` at the root, or a year and a month
    (``/2023/02/``, ``/news/2023/02/27/``), a WordPress-style archive; a last segment that is
    a date alone (uCoz ``/news/2025-11``, ``/news/2025-11-14``); a last segment of bare
    numbers and dashes (uCoz module pages ``/news/1-0-2``, ``/news/0-0-1-0-16-1``), except
    uCoz's own story form ``/news/<slug>/2025-11-14-123`` (a date, then the id).

    A lone 4-digit segment under a section (``/news/2045/``, ``/node/2010``) is not enough: on
    Bitrix and Drupal it is an article id as often as a year (see :func:`is_year_like`).
    """
    stripped = path.rstrip("/")
    if re.fullmatch(r"/(19|20)\d{2}", stripped):
        return True
    last = stripped.rsplit("/", 1)[-1]
    if re.fullmatch(r"(19|20)\d{2}-[01]\d(-[0-3]\d)?", last):
        return True
    if re.fullmatch(r"\d+(-\d+){2,}", last) and not re.fullmatch(r"(19|20)\d{2}-[01]\d-[0-3]\d-\d+", last):
        return True
    return bool(re.fullmatch(r"(/[a-z-]+)?/(19|20)\d{2}/(0?[1-9]|1[0-2])(/\d{1,2})?", stripped,
                             re.IGNORECASE))


def is_year_like(path: str) -> bool:
    """A section followed by a lone number that could be a year: ``/news/2019/``, ``/node/2010``.

    Ambiguous by itself: a year archive on one site, article 2019 on another. The listing
    decides (:mod:`spiders.listing`): story links of one listing share a pattern.
    """
    return bool(re.fullmatch(r"(/[a-z_-]+)+/(19|20)\d{2}", path.rstrip("/"), re.IGNORECASE))


def article_score(url: str, listing_url: str) -> int:
    """Evidence that `url` is one article: an id, a date, a slug, depth below the listing."""
    parts, listing = urlsplit(url), urlsplit(listing_url)
    segments = [s for s in parts.path.split("/") if s]
    last = re.sub(r"\.(s?html?|php|aspx?)$", "", segments[-1], flags=re.IGNORECASE) if segments else ""
    score = 0
    if any(_ID_PARAMS.match(key) and value.strip() for key, value in parse_qsl(parts.query)):
        score += 2
    if _NUMERIC_ID.search(last):
        score += 2
    if _DATE_PATH.search(parts.path) and last and not last.isdigit():
        score += 2
    # A slug of three words or more (``klub-masterskaya-praktik``) names one item.
    if len(_SLUG_WORD.findall(last)) >= 3 and re.search(r"[-_]", last):
        score += 1
    listing_dir = listing.path if listing.path.endswith("/") else listing.path.rsplit("/", 1)[0] + "/"
    if parts.path.startswith(listing_dir) and len(parts.path) > len(listing_dir) and parts.path != listing.path:
        score += 1
    return score


def listing_base(url: str) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """The listing a page of results belongs to: its URL without the page number."""
    parts = urlsplit(url)
    path = _PAGE_PATH.sub("/", parts.path)
    path = re.sub(r"/index\.(php|html?)$", "/", path)
    path = path if path.endswith("/") or "." in path.rsplit("/", 1)[-1] else path + "/"
    query = tuple(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                         if not _PAGE_PARAMS.match(k) and not re.fullmatch(r"page\d{1,5}", k, re.IGNORECASE)))
    return parts.netloc, path, query


def page_number(url: str) -> int | None:
    """The page number a URL asks for, if it carries one."""
    parts = urlsplit(url)
    match = _PAGE_PATH.search(parts.path)
    if match:
        return int(match.group(2))
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if _PAGE_PARAMS.match(key) and value.isdigit():
            return int(value)
        # uCoz pages its lists as ``/news/?page2`` (a bare key).
        bare = re.fullmatch(r"page(\d{1,5})", key, re.IGNORECASE)
        if bare and not value:
            return int(bare.group(1))
    return None


def is_pagination(url: str, listing_url: str) -> bool:
    """`url` is another page of the same listing: same base, a page number in the URL."""
    if url == listing_url:
        return False
    same_base = listing_base(url) == listing_base(listing_url)
    return same_base and (page_number(url) is not None or page_number(listing_url) is not None)


def page_key(url: str, zero_based: bool = False) -> str:
    """One key per page of a listing: ``?PAGEN_1=1``, ``?start=0`` and ``/page/1/`` are page 1.

    On a zero-based pager (Drupal's ``?page=1`` is the second page) only ``?page=0`` is the
    first page.
    """
    number = page_number(url)
    if number is None or number <= (0 if zero_based else 1):
        return repr(listing_base(url))
    return url


def is_zero_based(anchor_text: str, url: str) -> bool:
    """A pager link reading «2» (or «Страница 2», Drupal's hidden label) that asks for page 1,
    or «1» asking for page 0: the pager counts from zero."""
    match = re.search(r"(\d{1,4})\]?\s*$", anchor_text)
    if match is None or not re.fullmatch(r"[^\W\d]*\s*\[?\d{1,4}\]?", anchor_text.strip()):
        return False
    shown = int(match.group(1))
    return shown >= 1 and page_number(url) == shown - 1


def next_pages(current: str, pages: list[str], seen: set[str], count: int = 1,
               zero_based: bool = False) -> list[str]:
    """Up to ``count`` unseen pages after `current`, nearest first (see :func:`next_page`)."""
    here = page_number(current) or 0
    numbered = sorted((number, url) for url in pages
                      if (number := page_number(url)) is not None and number > here
                      and page_key(url, zero_based) not in seen)
    found: list[str] = []
    for _, url in numbered:
        if url not in found:
            found.append(url)
    if not found:
        following = next_page(current, pages, seen, zero_based)
        return [following] if following else []
    return found[:count]


def next_page(current: str, pages: list[str], seen: set[str], zero_based: bool = False) -> str | None:
    """The page after `current`: the lowest page number above its own, else the first unseen."""
    here = page_number(current) or 0
    # Unseen only: templates that link page 1 as ``?PAGEN_1=1`` must not stop the walk there.
    numbered = [(page_number(url), url) for url in pages
                if page_number(url) is not None and page_key(url, zero_based) not in seen]
    later = sorted((number, url) for number, url in numbered if number is not None and number > here)
    if later:
        return later[0][1]
    unnumbered = [url for url in pages if page_number(url) is None and page_key(url, zero_based) not in seen]
    return unnumbered[0] if unnumbered else None
