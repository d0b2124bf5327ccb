"""«Показать ещё» loaders: the endpoints a listing loads its older items from, and their answers.

Many portals (Gosweb-like regional platforms, Bitrix with AJAX pagination, sites on htmx or a
JS framework) show the newest items and a button that fetches the next batch. No JavaScript
runs here; the endpoint is read from the page, where such buttons announce it:

* an attribute on the button or link: ``data-url``, ``data-href``, ``data-next``,
  ``data-next-url``, ``data-ajax-url``, ``data-load-url``, ``data-endpoint``, ``hx-get``;
  the element must read like a loader («Показать ещё», «Загрузить ещё», «Ещё новости», «Load
  more») or be classed as one (``load-more``, ``show-more``, ``js-more``…);
* ``data-page="2"`` on such a button with no URL: the page itself with ``?page=2``;
* an inline script building the URL: ``fetch('/news/?ajax=Y&PAGEN_1=' + page)``;
* a ``<script type="application/json">`` configuration holding a loader URL.

An endpoint answers an HTML fragment (read like any listing page, its own button giving the
next endpoint) or JSON: item objects with a URL and a title, or an ``html`` string of item
markup, and a ``next`` URL or a ``has_more`` flag (then the page or offset parameter of the
current URL is advanced). Not covered: endpoints reached only by POST, signed or
session-bound tokens, infinite scroll that computes its URL in bundled JavaScript.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

__all__ = ["JsonListing", "advance", "find_loaders", "json_listing_parts", "next_by_parameter"]

_URL_ATTRIBUTES = ("data-url", "data-href", "data-next", "data-next-url", "data-next-page-url",
                   "data-ajax-url", "data-load-url", "data-endpoint", "data-source", "hx-get")
_MORE_TEXT = re.compile(r"(показать|загрузить|подгрузить|смотреть|ещ[её])\s+(ещ[её]|больше|новост|"
                        r"материал|запис|публикац)|^\s*ещ[её]\s*$|load\s+more|show\s+more|more\s+news",
                        re.IGNORECASE)
_MORE_CLASS = re.compile(r"(load|show|js)[-_]?more|more[-_]?(btn|button|link|news)|lazy[-_]?load|"
                         r"ajax[-_]?(pager|more|load)", re.IGNORECASE)
_SCRIPT_URL = re.compile(
    r"""['"](?P<url>(?:https?://[^'"\s]+|/[^'"\s]*|\?[^'"\s]*)[?&](?P<key>page|pagen_\d+|p|offset|start|from)=)['"]"""
    r"""\s*\+""", re.IGNORECASE)
_PAGE_KEYS = re.compile(r"^(page|pagen_\d+|p|pg|paged|page_num|pagenum)$", re.IGNORECASE)
_OFFSET_KEYS = re.compile(r"^(offset|start|from|skip|limitstart)$", re.IGNORECASE)
_JSON_URL_KEYS = ("url", "link", "href", "detail_url", "detailUrl", "detail_page_url", "path",
                  "permalink", "canonical")
_JSON_TITLE_KEYS = ("title", "name", "headline", "caption", "heading")
_JSON_DATE_KEYS = ("date", "published", "pubDate", "date_published", "datePublished", "published_at",
                   "publishedAt", "created", "created_at", "datetime", "time", "active_from", "dateActiveFrom")
_JSON_NEXT_KEYS = ("next", "next_url", "nextUrl", "next_page_url", "nextPageUrl", "more_url",
                   "load_more_url", "loadMoreUrl", "next_link")
_JSON_MORE_FLAGS = ("has_more", "hasMore", "more", "has_next", "hasNext", "show_more")
_JSON_HTML_KEYS = ("html", "content", "markup", "items_html", "itemsHtml", "rendered", "data", "result")
#: JSON nodes visited per answer: a hostile endpoint must not keep the walk busy.
_MAX_NODES = 20_000


def _element_text(element: Any) -> str:
    return " ".join("".join(element.itertext()).split()) if len(element) or element.text else ""


def _reads_like_loader(element: Any) -> bool:
    label = " ".join(filter(None, (_element_text(element), element.get("title"), element.get("aria-label"),
                                   element.get("value"))))
    classes = " ".join(filter(None, (element.get("class"), element.get("id"))))
    return bool(_MORE_TEXT.search(label) or _MORE_CLASS.search(classes))


def find_loaders(root: Any, page_url: str) -> list[str]:
    """Absolute URLs of the «Показать ещё» endpoints the page at `page_url` announces."""
    found: list[str] = []

    def add(url: str) -> None:
        absolute = urljoin(page_url, url.strip())
        if urlsplit(absolute).scheme in ("http", "https") and absolute not in found and absolute != page_url:
            found.append(absolute)

    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style"):
            continue
        urls = [element.get(name) for name in _URL_ATTRIBUTES if element.get(name)]
        page = element.get("data-page") or element.get("data-next-page")
        if not urls and not page:
            continue
        if not _reads_like_loader(element):
            continue
        for url in urls:
            if not url.strip().startswith(("#", "javascript:")):
                add(url)
        if not urls and page and page.strip().isdigit():
            add(next_by_parameter(page_url, "page", int(page)))
    for script in root.iter("script"):
        text = script.text or ""
        if (script.get("type") or "").lower() == "application/json":
            for url in _json_config_urls(text):
                add(url)
        elif len(text) < 200_000:
            for match in _SCRIPT_URL.finditer(text):
                add(_first_request(match["url"], match["key"]))
    return found


def _first_request(prefix: str, key: str) -> str:
    # «'/news/?PAGEN_1=' + page»: the next batch of the first page is page 2 (or offset 0 +
    # a batch, unknown here: the endpoint's own answer tells the size from then on).
    return prefix + ("2" if _PAGE_KEYS.match(key) else "0")


def _json_config_urls(text: str) -> Iterator[str]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return
    for key, value in _walk(data):
        if isinstance(value, str) and key and re.search(r"(url|endpoint|next|more|ajax)", key, re.IGNORECASE) \
                and re.search(r"[?&](page|pagen_\d+|offset|start)=", value, re.IGNORECASE):
            yield re.sub(r"\{\{?\s*page\s*\}?\}|%page%|:page", "2", value)


def _walk(data: Any) -> Iterator[tuple[str | None, Any]]:
    """(key, value) of every node of a JSON document, depth first, at most ``_MAX_NODES``."""
    stack: list[tuple[str | None, Any]] = [(None, data)]
    visited = 0
    while stack and visited < _MAX_NODES:
        key, value = stack.pop()
        visited += 1
        yield key, value
        if isinstance(value, dict):
            stack.extend(reversed([(str(k), v) for k, v in value.items()]))
        elif isinstance(value, list):
            stack.extend(reversed([(key, v) for v in value]))


def next_by_parameter(url: str, key: str, value: int) -> str:
    """`url` with the query parameter `key` set to `value` (added when missing)."""
    parts = urlsplit(url)
    params = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() != key.lower()]
    existing = next((k for k, _ in parse_qsl(parts.query) if k.lower() == key.lower()), key)
    params.append((existing, str(value)))
    return urlunsplit(parts._replace(query=urlencode(params)))


@dataclass
class JsonListing:
    """What a JSON loader answer holds."""

    items: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # url, title, date
    fragments: list[str] = field(default_factory=list)  # item markup under html-like keys
    nexts: list[str] = field(default_factory=list)  # next-batch URLs the answer names
    more: bool = False  # the answer says there is more, without naming where


def json_listing_parts(text: str, page_url: str) -> JsonListing:
    """Read a JSON loader answer: items are objects with a URL key and a title key; fragments
    strings of markup under ``html``-like keys; next URLs ``next``-like keys or ``next_page``.
    """
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: hostile nesting
        return JsonListing()
    found = JsonListing()
    items, fragments, nexts = found.items, found.fragments, found.nexts
    for key, value in _walk(data):
        if isinstance(value, dict):
            url = next((value[k] for k in _JSON_URL_KEYS if isinstance(value.get(k), str)), None)
            title = next((value[k] for k in _JSON_TITLE_KEYS if isinstance(value.get(k), str)), None)
            if url and title:
                date = next((str(value[k]) for k in _JSON_DATE_KEYS if isinstance(value.get(k), (str, int))), None)
                items.append((urljoin(page_url, url), " ".join(title.split()), date))
        elif isinstance(value, str):
            if key in _JSON_HTML_KEYS and "<a" in value:
                fragments.append(value)
            elif key in _JSON_NEXT_KEYS and value.strip():
                nexts.append(urljoin(page_url, value.strip()))
        elif isinstance(value, bool) and key in _JSON_MORE_FLAGS:
            found.more = found.more or value
        elif isinstance(value, int) and not isinstance(value, bool) and key in ("next_page", "nextPage"):
            nexts.append(next_by_parameter(page_url, _page_key(page_url) or "page", value))
    return found


def _page_key(url: str) -> str | None:
    return next((k for k, _ in parse_qsl(urlsplit(url).query) if _PAGE_KEYS.match(k)), None)


def advance(url: str, batch: int) -> str | None:
    """The next batch's URL: page number + 1, or offset + the batch size."""
    for key, value in parse_qsl(urlsplit(url).query):
        if not value.isdigit():
            continue
        if _PAGE_KEYS.match(key):
            return next_by_parameter(url, key, int(value) + 1)
        if _OFFSET_KEYS.match(key) and batch:
            return next_by_parameter(url, key, int(value) + batch)
    return None
