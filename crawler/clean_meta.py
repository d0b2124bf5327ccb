"""Metadata stages: title, author, canonical URL, JSON-LD and the article's own images."""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Iterable
from typing import Any
from urllib.parse import urljoin

from lxml import etree

from crawler import cleaning_rules as rules
from crawler.clean_html import node_text, normalise, short_text, squash

logger = logging.getLogger(__name__)

# Attribute-first XPaths: libxml2 tests the class attributes there are instead of every
# element (about twice as fast; same elements in the same order).
_LOGO_XPATH = etree.XPath("//body/descendant::*/@class[contains(., 'logo') or "
                          "contains(., 'site-name') or contains(., 'sitename') or contains(., 'site-title')]/.. | "
                          "//body/descendant::*/@id[contains(., 'logo')]/..")
_HOME_LINKS = etree.XPath("//body/descendant::a[@href='/' or @rel='home']")
_AUTHOR_XPATH = etree.XPath("//body/descendant::*/@rel[.='author']/.. | "
                            "//body/descendant::*/@class[contains(., 'author')]/..")
_LAZY_SRC = ("data-src", "data-lazy-src", "data-original", "src")


def meta_content(tree: etree._Element, *names: str) -> str | None:
    """The first non-empty <meta> content whose name/property/itemprop is one of `names`."""
    wanted = {n.lower() for n in names}
    for node in tree.iter("meta"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").lower()
        if key in wanted and (node.get("content") or "").strip():
            return squash(node.get("content", ""))
    return None


def meta_values(tree: etree._Element) -> dict[str, str]:
    """Lower-case meta name/property/itemprop -> its first non-empty content (as meta_content)."""
    values: dict[str, str] = {}
    for node in tree.iter("meta"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").lower()
        if key not in values and (node.get("content") or "").strip():
            values[key] = squash(node.get("content", ""))
    return values


def json_ld(tree: etree._Element) -> list[dict[str, Any]]:
    """JSON-LD objects of the page, @graph flattened; broken blocks are skipped."""
    found: list[dict[str, Any]] = []
    for node in tree.iter("script"):
        if (node.get("type") or "").lower() == "application/ld+json" and node.text:
            found.extend(_ld_objects(node.text))
    return found


@functools.lru_cache(maxsize=32)
def _ld_objects(text: str) -> tuple[dict[str, Any], ...]:
    # Cached: title, date and author each read the JSON-LD of the same page (read-only).
    try:
        data = json.loads(text)
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


def _ld_articles(objects: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    kinds = ("article", "newsarticle", "blogposting", "reportagenewsarticle", "webpage")
    result = []
    for obj in objects:
        kind = obj.get("@type")
        kind_list = kind if isinstance(kind, list) else [kind]
        if any(isinstance(k, str) and k.lower() in kinds for k in kind_list):
            result.append(obj)
    return result


def site_names(tree: etree._Element) -> set[str]:
    """Normalised names the page gives its site (og:site_name, application-name, logo text)."""
    names = {meta_content(tree, "og:site_name"), meta_content(tree, "application-name")}
    for node in _LOGO_XPATH(tree):
        # The logo block often holds the name and a slogan: each child is a candidate name.
        for part in (node, *node.iterchildren(etree.Element)):
            text = short_text(part, 200)
            if text:
                names.add(text)
    for link in _HOME_LINKS(tree):
        text = short_text(link, 200)
        if text and len(text) > 10:
            names.add(text)
    return {normalise(n) for n in names if n}


def title_parts(full: str) -> list[str]:
    """Site-name-free candidates of a <title>: cut at its first or at its last separator.

    Only the outer separators split: «Совет МО :: В Уфе прошёл форум «Муниципалитеты –
    территории роста»» keeps the dash inside the article's own title.
    """
    matches = list(rules.TITLE_SEPARATORS.finditer(full))
    if not matches:
        return []
    first, last = matches[0], matches[-1]
    parts = [full[: first.start()], full[first.end():], full[: last.start()], full[last.end():]]
    return [squash(p) for p in dict.fromkeys(parts) if p.strip()]


def choose_author(tree: etree._Element, names: set[str]) -> str | None:
    """The author's name when the page states one (meta, JSON-LD, rel=author, a labelled line)."""
    candidates: list[str | None] = [meta_content(tree, "author", "article:author")]
    for obj in _ld_articles(json_ld(tree)):
        author = obj.get("author")
        author = author[0] if isinstance(author, list) and author else author
        candidates.append(author.get("name") if isinstance(author, dict) else author
                          if isinstance(author, str) else None)
    for node in _AUTHOR_XPATH(tree):
        if node.get("rel") == "author" or "author" in (node.get("class") or "").lower().split():
            candidates.append(node_text(node))
    for candidate in candidates:
        if candidate and 2 < len(candidate) <= 80 and "://" not in candidate \
                and normalise(candidate) not in names:
            return squash(candidate)
    return None


def canonical_url(tree: etree._Element, url: str) -> str | None:
    """rel=canonical (or og:url) made absolute against the page URL."""
    for node in tree.iter("link"):
        if "canonical" in (node.get("rel") or "").lower().split() and node.get("href"):
            return urljoin(url, str(node.get("href", "")).strip())
    og = meta_content(tree, "og:url")
    return urljoin(url, og) if og else None


def article_images(container: etree._Element | None, tree: etree._Element, url: str) -> list[str]:
    """Absolute URLs of the article's own images: inside its container, furniture skipped."""
    images: list[str] = []
    if container is not None:
        for node in container.iter("img"):
            src = next((node.get(a) for a in _LAZY_SRC if node.get(a)), None)
            if src and not rules.IMAGE_SKIP.search(src):
                images.append(urljoin(url, src.strip()))
    og = meta_content(tree, "og:image")
    if not images and og and not rules.IMAGE_SKIP.search(og):
        images.append(urljoin(url, og))
    return list(dict.fromkeys(images))
