"""Discovery beyond listings: RSS/Atom feeds and XML sitemaps (pure parsing, no Scrapy).

Feeds are found in a page's ``<link rel="alternate" type="application/rss+xml">`` or
declared in the source (``feeds:``); sitemaps in robots.txt ``Sitemap:`` lines or declared
(``sitemaps:``). Sitemap indexes point to more sitemaps; Google News sitemaps add a title
and a publication date per URL, which serve as ``listing_title`` / ``listing_date``.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from lxml import etree

__all__ = ["Entry", "feed_links", "parse_feed", "parse_sitemap", "sitemaps_from_robots"]

_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
# Untrusted XML: no entity expansion, no network, no huge trees.
_PARSER = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
# A sitemap larger than this is cut: the protocol caps files at 50 MB uncompressed.
_MAX_SITEMAP_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Entry:
    """An article URL found in a feed or sitemap, with what that document says about it."""

    url: str
    title: str | None = None
    date: str | None = None
    lastmod: str | None = None


def feed_links(root: Any, base_url: str) -> list[str]:
    """Feed URLs a page advertises with ``<link rel="alternate" type="…rss/atom…">``."""
    found = []
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        if "alternate" in rel and (link.get("type") or "").lower() in _FEED_TYPES and link.get("href"):
            url = urljoin(base_url, link.get("href").strip())
            if url not in found and "comments" not in url.lower():
                found.append(url)
    return found


def _xml(body: bytes) -> Any:
    if body[:2] == b"\x1f\x8b":
        body = gzip.decompress(body)[:_MAX_SITEMAP_BYTES]
    root = etree.fromstring(body.strip() or b"<empty/>", parser=_PARSER)
    return root if root is not None else etree.fromstring(b"<empty/>")


def _local(element: Any) -> str:
    return etree.QName(element).localname.lower() if isinstance(element.tag, str) else ""


def _child_text(element: Any, *names: str) -> str | None:
    for child in element.iter():
        if _local(child) in names and child is not element:
            text = (child.text or "").strip() or (child.get("href") or "").strip()
            if text:
                return text
    return None


def parse_feed(body: bytes, base_url: str) -> list[Entry]:
    """Entries of an RSS 2.0, RSS 1.0 or Atom feed."""
    root = _xml(body)
    entries = []
    for item in root.iter():
        if _local(item) not in ("item", "entry"):
            continue
        link = _entry_link(item)
        if link:
            entries.append(Entry(urljoin(base_url, link), _child_text(item, "title"),
                                 _child_text(item, "pubdate", "published", "date", "updated")))
    return entries


def _entry_link(item: Any) -> str | None:
    for child in item:
        if _local(child) != "link":
            continue
        if child.get("href") and child.get("rel", "alternate") == "alternate":
            return str(child.get("href")).strip()
        if (child.text or "").strip():
            return str(child.text).strip()
    return None


def parse_sitemap(body: bytes, base_url: str) -> tuple[list[str], list[Entry]]:
    """(child sitemaps, page entries) of a sitemap index or URL set, news sitemaps included."""
    root = _xml(body)
    children: list[str] = []
    entries: list[Entry] = []
    for element in root:
        name = _local(element)
        loc = _child_text(element, "loc")
        if not loc:
            continue
        url = urljoin(base_url, loc)
        if name == "sitemap":
            children.append(url)
        elif name == "url":
            entries.append(Entry(url, _child_text(element, "title"),
                                 _child_text(element, "publication_date"),
                                 _child_text(element, "lastmod")))
    return children, entries


def sitemaps_from_robots(text: str, base_url: str) -> list[str]:
    """URLs of the ``Sitemap:`` lines of a robots.txt."""
    urls = []
    for line in text.splitlines():
        match = re.match(r"^\s*sitemap\s*:\s*(\S+)", line, re.IGNORECASE)
        if match:
            urls.append(urljoin(base_url, match.group(1)))
    return urls
