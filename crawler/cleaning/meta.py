"""Metadata stages: title, author, canonical URL, JSON-LD and the article's own images."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any
from urllib.parse import urljoin

from lxml import etree

from crawler.cleaning import rules
from crawler.cleaning.scan import PageScan
from crawler.cleaning.tree import node_text, normalise, short_text, squash

logger = logging.getLogger(__name__)

_LAZY_SRC = ("data-src", "data-lazy-src", "data-original", "src")


def _ld_articles(objects: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    kinds = ("article", "newsarticle", "blogposting", "reportagenewsarticle", "webpage")
    result = []
    for obj in objects:
        kind = obj.get("@type")
        kind_list = kind if isinstance(kind, list) else [kind]
        if any(isinstance(k, str) and k.lower() in kinds for k in kind_list):
            result.append(obj)
    return result


def site_names(page: PageScan) -> set[str]:
    """Normalised names the page gives its site (og:site_name, application-name, logo text)."""
    names = {page.meta("og:site_name"), page.meta("application-name")}
    for node in page.logos:
        # The logo block often holds the name and a slogan: each child is a candidate name.
        for part in (node, *node.iterchildren(etree.Element)):
            text = short_text(part, 200)
            if text:
                names.add(text)
    for link in page.home_links:
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


def choose_author(page: PageScan, names: set[str]) -> str | None:
    """The author's name when the page states one (meta, JSON-LD, rel=author, a labelled line)."""
    candidates: list[str | None] = [page.meta("author", "article:author")]
    for obj in _ld_articles(page.json_ld()):
        author = obj.get("author")
        author = author[0] if isinstance(author, list) and author else author
        candidates.append(author.get("name") if isinstance(author, dict) else author
                          if isinstance(author, str) else None)
    for node in page.author_nodes:
        if node.get("rel") == "author" or "author" in (node.get("class") or "").lower().split():
            candidates.append(node_text(node))
    for candidate in candidates:
        if candidate and 2 < len(candidate) <= 80 and "://" not in candidate \
                and normalise(candidate) not in names:
            return squash(candidate)
    return None


def canonical_url(page: PageScan, url: str) -> str | None:
    """rel=canonical (or og:url) made absolute against the page URL."""
    if page.canonical_href:
        return urljoin(url, page.canonical_href.strip())
    og = page.meta("og:url")
    return urljoin(url, og) if og else None


def article_images(container: etree._Element | None, page: PageScan, url: str) -> list[str]:
    """Absolute URLs of the article's own images: inside its container, furniture skipped."""
    images: list[str] = []
    if container is not None:
        for node in container.iter("img"):
            src = next((node.get(a) for a in _LAZY_SRC if node.get(a)), None)
            if src and not rules.IMAGE_SKIP.search(src):
                images.append(urljoin(url, src.strip()))
    og = page.meta("og:image")
    if not images and og and not rules.IMAGE_SKIP.search(og):
        images.append(urljoin(url, og))
    return list(dict.fromkeys(images))
