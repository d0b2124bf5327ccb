"""Discovery beyond listings: RSS/Atom feeds and XML sitemaps (pure parsing, no Scrapy).

Feeds are found in a page's ``<link rel="alternate" type="application/rss+xml">`` or
declared in the source (``feeds:``); sitemaps in robots.txt ``Sitemap:`` lines or declared
(``sitemaps:``). Sitemap indexes point to more sitemaps; Google News sitemaps add a title
and a publication date per URL, which serve as ``listing_title`` / ``listing_date``.
"""

from __future__ import annotations

import gzip
import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from lxml import etree

__all__ = ["Entry", "feed_links", "parse_feed", "parse_sitemap", "sitemaps_from_robots"]

_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
# A sitemap larger than this is cut: the protocol caps files at 50 MB uncompressed.
_MAX_SITEMAP_BYTES = 50 * 1024 * 1024
# Entries read per file: the protocol's 50,000 URLs per sitemap.
_MAX_ENTRIES = 50_000


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


class _Capped(io.RawIOBase):
    """A stream of at most `limit` bytes of `source`: a gzip bomb is read only that far."""

    def __init__(self, source: Any, limit: int) -> None:
        self.source, self.left = source, limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.left <= 0:
            return 0
        data = self.source.read(min(len(buffer), self.left))
        buffer[: len(data)] = data
        self.left -= len(data)
        return len(data)


def _elements(body: bytes, names: tuple[str, ...]) -> Iterator[Any]:
    """Elements named `names` (local names, any namespace) of an XML document, gzipped or
    not, streamed: decompressed and parsed as they are read, each dropped once seen, at most
    ``_MAX_SITEMAP_BYTES`` of XML and ``_MAX_ENTRIES`` elements. A gzip bomb (1 MB unpacking
    to 1 GiB) costs its first 50 MB of reading and no tree; a cut or broken file gives the
    elements read before the break. Untrusted XML: no entities, no network, no huge trees.
    """
    raw = io.BytesIO(body.lstrip())
    source = gzip.GzipFile(fileobj=raw) if body[:2] == b"\x1f\x8b" else raw
    stream = io.BufferedReader(_Capped(source, _MAX_SITEMAP_BYTES))
    found = inside = 0
    try:
        for event, element in etree.iterparse(stream, events=("start", "end"), recover=True,
                                              resolve_entities=False, no_network=True, huge_tree=False):
            wanted = _local(element) in names
            if event == "start":
                inside += wanted
                continue
            if wanted:
                inside -= 1
                yield element
                found += 1
                if found >= _MAX_ENTRIES:
                    return
            elif inside:
                continue  # a part of an entry: kept until the entry is read
            # Read (or of no interest): dropped, so the tree never grows with the file.
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
    except (etree.XMLSyntaxError, OSError, EOFError, zlib.error):
        return  # empty, cut or not XML at all: what was read stands


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
    entries = []
    for item in _elements(body, ("item", "entry")):
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
    children: list[str] = []
    entries: list[Entry] = []
    for element in _elements(body, ("url", "sitemap")):
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
