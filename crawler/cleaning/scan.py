"""One walk over a page's untouched tree, collecting what the later stages look up.

Title, site name, author, date and furniture pruning each used to ask libxml2 its own
question: XPaths with ``contains()`` over every class attribute, ``iter()`` over the meta
tags once per name. Asked one at a time they cost more than this one walk, which reads each
element's tag, class and id once and sorts the element into every list it belongs to.
Lists keep document order, as the XPaths they replace did.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from crawler.cleaning.prune import DROP_TAG_SET
from crawler.cleaning.tree import BOILERPLATE, CONTENT, DATE, NOT_DATE, squash, token_kinds

#: Title candidates by tag (and any element whose class mentions "title").
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "b", "strong"})


@dataclass(slots=True)
class PageScan:
    """What one walk over the page found, each list in document order.

    Body lists hold descendants of <body> (not <body> itself); `furniture` also holds
    DROP_TAGS elements of <head>. Elements are collected before any pruning: a stage that
    runs after a removal must skip elements no longer in the page.
    """

    tree: etree._Element
    furniture: list[etree._Element] = field(default_factory=list)
    #: elements whose class/id name a date («entry-date», «news-date-time») and nothing
    #: that is not the publication date («updated», «comments»)
    dated: list[etree._Element] = field(default_factory=list)
    headings: list[etree._Element] = field(default_factory=list)
    logos: list[etree._Element] = field(default_factory=list)
    home_links: list[etree._Element] = field(default_factory=list)
    author_nodes: list[etree._Element] = field(default_factory=list)
    links: list[etree._Element] = field(default_factory=list)
    times: list[etree._Element] = field(default_factory=list)
    title: etree._Element | None = None
    canonical_href: str | None = None
    #: lower-case meta name/property/itemprop -> (page order, its first non-empty content)
    metas: dict[str, tuple[int, str]] = field(default_factory=dict)
    ld_texts: list[str] = field(default_factory=list)

    def meta(self, *names: str) -> str | None:
        """The first non-empty <meta> content (in page order) named by one of `names`."""
        found = [self.metas[n] for n in (name.lower() for name in names) if n in self.metas]
        return min(found)[1] if found else None

    def meta_values(self) -> dict[str, str]:
        """Lower-case meta name -> its first non-empty content."""
        return {key: value for key, (_, value) in self.metas.items()}

    def json_ld(self) -> list[dict[str, Any]]:
        """JSON-LD objects of the page, @graph flattened; broken blocks are skipped."""
        found: list[dict[str, Any]] = []
        for text in self.ld_texts:
            found.extend(ld_objects(text))
        return found


def scan_page(tree: etree._Element) -> PageScan:
    """Walk the tree once and sort its elements into the lists of `PageScan`."""
    scan = PageScan(tree)
    body = tree.find("body") if tree.tag == "html" else None
    for top in (tree if body is not None else (tree,)):
        if top is body:
            _walk_body(scan, top)
        else:
            for node in top.iter(*_TAG_KIND):
                _by_tag(scan, node, node.tag)
    return scan


def _walk_body(scan: PageScan, body: etree._Element) -> None:
    # The common element (a classless div or span) costs a tag read, a dict lookup and three
    # attribute reads; what a class or id says is worked out once per distinct value.
    class_flags, id_flags, tag_kind = _class_flags, _id_flags, _TAG_KIND
    nodes = body.iter(etree.Element)
    next(nodes)  # <body> itself: the lists hold its descendants
    for node in nodes:
        tag = node.tag
        if tag in tag_kind:
            _by_tag(scan, node, tag)
        cls = node.get("class")
        ident = node.get("id")
        if cls is None and ident is None:
            if tag in HEADING_TAGS:
                scan.headings.append(node)
            elif tag == "a" and (node.get("href") == "/" or node.get("rel") == "home"):
                scan.home_links.append(node)
            if node.get("rel") == "author":
                scan.author_nodes.append(node)
            continue
        flags = (class_flags(cls) if cls is not None else 0) | (id_flags(ident) if ident is not None else 0)
        if tag in HEADING_TAGS or flags & _TITLE:
            scan.headings.append(node)
        if tag == "a" and (node.get("href") == "/" or node.get("rel") == "home"):
            scan.home_links.append(node)
        if flags & _FURNITURE_BITS == BOILERPLATE and tag not in DROP_TAG_SET:
            scan.furniture.append(node)
        if flags & _DATE_BITS == DATE:
            scan.dated.append(node)
        if flags & _LOGO:
            scan.logos.append(node)
        if flags & _AUTHOR or node.get("rel") == "author":
            scan.author_nodes.append(node)


def _by_tag(scan: PageScan, node: etree._Element, tag: str) -> None:
    # What an element is by its tag alone, wherever it sits (the <head> included).
    if tag in DROP_TAG_SET:
        scan.furniture.append(node)
        if tag == "script" and node.text and (node.get("type") or "").lower() == "application/ld+json":
            scan.ld_texts.append(node.text)
    elif tag == "a":
        scan.links.append(node)
    elif tag == "meta":
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").lower()
        content = node.get("content")
        if key not in scan.metas and content and not content.isspace():
            scan.metas[key] = (len(scan.metas), squash(content))
    elif tag == "title":
        if scan.title is None:
            scan.title = node
    elif tag == "link":
        if scan.canonical_href is None and node.get("href") \
                and "canonical" in (node.get("rel") or "").lower().split():
            scan.canonical_href = node.get("href")
    elif tag == "time":
        scan.times.append(node)


#: Tags `_by_tag` has something to do with.
_TAG_KIND = frozenset(DROP_TAG_SET | {"a", "meta", "title", "link", "time"})


# token_kinds() bits (BOILERPLATE, CONTENT, DATE, NOT_DATE), then what the scan adds.
_TITLE, _LOGO, _AUTHOR = 16, 32, 64
_FURNITURE_BITS = BOILERPLATE | CONTENT
_DATE_BITS = DATE | NOT_DATE


@functools.lru_cache(maxsize=4096)
def _class_flags(cls: str) -> int:
    # Cached: a page repeats a few dozen class strings over hundreds of elements.
    flags = _kind_flags(cls)
    if "title" in cls.lower():  # as XPath's translate(., 'TITLE', 'title'): only T, I, L, E fold to these
        flags |= _TITLE
    if "logo" in cls or "site-name" in cls or "sitename" in cls or "site-title" in cls:
        flags |= _LOGO
    if "author" in cls:
        flags |= _AUTHOR
    return flags


def _id_flags(ident: str) -> int:
    # Not cached: ids are unique on a page, a cache would only hold them.
    return _kind_flags(ident) | (_LOGO if "logo" in ident else 0)


def _kind_flags(value: str) -> int:
    return token_kinds(value) if value else 0


@functools.lru_cache(maxsize=32)
def ld_objects(text: str) -> tuple[dict[str, Any], ...]:
    """The objects of one JSON-LD block, @graph flattened; () when it is not JSON."""
    # Cached: title, date and author each read the JSON-LD of the same page (read-only).
    # strict=False: CMSes write raw tabs and line breaks inside strings (a multi-line
    # "description"), which strict JSON refuses; browsers and search engines read them.
    try:
        data = json.loads(text, strict=False)
    except ValueError:
        return ()
    found: list[dict[str, Any]] = []
    for item in data if isinstance(data, list) else [data]:
        if isinstance(item, dict):
            found.append(item)
            graph = item.get("@graph")
            if isinstance(graph, list):
                found.extend(g for g in graph if isinstance(g, dict))
    return tuple(found)
