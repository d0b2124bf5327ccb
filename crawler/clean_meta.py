"""Metadata stages: title, author, canonical URL, JSON-LD and the article's own images."""

from __future__ import annotations

import json
import logging
from typing import Any, Iterable
from urllib.parse import urljoin

from lxml import etree

from crawler import cleaning_rules as rules
from crawler.clean_html import iter_elements, node_text, normalise, short_text, squash

logger = logging.getLogger(__name__)

_LOGO_XPATH = ("//body//*[contains(@class, 'logo') or contains(@id, 'logo') or "
               "contains(@class, 'site-name') or contains(@class, 'sitename') or "
               "contains(@class, 'site-title')]")
_LAZY_SRC = ("data-src", "data-lazy-src", "data-original", "src")


def meta_content(tree: etree._Element, *names: str) -> str | None:
    """The first non-empty <meta> content whose name/property/itemprop is one of `names`."""
    wanted = {n.lower() for n in names}
    for node in tree.iter("meta"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").lower()
        if key in wanted and (node.get("content") or "").strip():
            return squash(node.get("content", ""))
    return None


def json_ld(tree: etree._Element) -> list[dict[str, Any]]:
    """JSON-LD objects of the page, @graph flattened; broken blocks are skipped."""
    found: list[dict[str, Any]] = []
    for node in tree.iter("script"):
        if (node.get("type") or "").lower() != "application/ld+json" or not node.text:
            continue
        try:
            data = json.loads(node.text)
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        for item in stack:
            if isinstance(item, dict):
                found.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    found.extend(g for g in graph if isinstance(g, dict))
    return found


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
    for node in tree.xpath(_LOGO_XPATH):
        text = short_text(node, 200)
        if text:
            names.add(text)
    return {normalise(n) for n in names if n}


def _title_refs(tree: etree._Element, objects: list[dict[str, Any]]) -> list[str]:
    refs = [meta_content(tree, "og:title"), meta_content(tree, "twitter:title")]
    refs += [obj.get("headline") for obj in _ld_articles(objects) if isinstance(obj.get("headline"), str)]
    title_node = tree.find(".//title")
    if title_node is not None:
        full = node_text(title_node)
        refs.append(full)
        refs.extend(title_parts(full))
    return [squash(r) for r in refs if r and squash(r)]


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


def _agreement(candidate: str, refs: list[str]) -> int:
    norm = normalise(candidate)
    if not norm:
        return 0
    score = 0
    for ref in refs:
        other = normalise(ref)
        if other == norm:
            score += 3
        elif len(norm) >= 15 and (other.startswith(norm) or other.endswith(norm) or norm in other):
            score += 1
    return score


def heading_candidates(tree: etree._Element) -> list[tuple[str, etree._Element]]:
    """(text, element) of h1..h3 headings in document order, furniture-length texts skipped."""
    found = []
    for node in iter_elements(tree):
        if node.tag in ("h1", "h2", "h3"):
            text = node_text(node)
            if 3 <= len(text) <= rules.TITLE_MAX_CHARS:
                found.append((text, node))
    return found


def choose_title(tree: etree._Element, listing_title: str | None = None,
                 names: set[str] | None = None) -> tuple[str, etree._Element | None]:
    """The article's own title and its element: the heading most candidates agree on."""
    objects = json_ld(tree)
    refs = _title_refs(tree, objects)
    if listing_title:
        refs.append(listing_title)
    names = site_names(tree) if names is None else names
    headings = [(t, n) for t, n in heading_candidates(tree) if normalise(t) not in names]
    level = {"h1": 0, "h2": 1, "h3": 2}
    ranked = sorted(enumerate(headings), key=lambda p: (-_agreement(p[1][0], refs),
                                                        level[p[1][1].tag], p[0]))
    if ranked and _agreement(ranked[0][1][0], refs) > 0:
        return ranked[0][1]
    h1s = [(t, n) for t, n in headings if n.tag == "h1"]
    if len(h1s) == 1:
        return h1s[0]
    emphasised = _emphasised_title(tree, refs, names)
    if emphasised is not None:
        return emphasised
    for ref in refs:  # og:title / JSON-LD first, then <title> and its parts
        if normalise(ref) not in names and normalise(ref) and not _is_site_title(ref, names):
            return _strip_site_name(ref, names), None
    if listing_title:
        return squash(listing_title), None
    return (h1s[0] if h1s else ("", None))


_EMPHASIS_TAGS = ("b", "strong", "font", "span", "div", "p", "td", "big")


def _emphasised_title(tree: etree._Element, refs: list[str], names: set[str]
                      ) -> tuple[str, etree._Element] | None:
    """A bold/large element whose text is a part of <title> (old table layouts have no <h1>).

    When several parts of <title> appear, the one printed last wins: the site name is printed
    in the page header, above the article's title, on every layout seen.
    """
    wanted = {normalise(r) for r in refs if len(normalise(r)) >= 8} - names
    found: tuple[str, etree._Element] | None = None
    for node in tree.iter(*_EMPHASIS_TAGS):
        if _in_page_chrome(node):
            continue
        text = node_text(node)
        if len(text) <= rules.TITLE_MAX_CHARS and normalise(text) in wanted:
            if found is None or normalise(found[0]) != normalise(text):
                found = (text, node)
    return found


def _in_page_chrome(node: etree._Element) -> bool:
    return any(a.tag in ("header", "footer", "nav", "a") for a in node.iterancestors())


def _is_site_title(text: str, names: set[str]) -> bool:
    norm = normalise(text)
    return any(norm == n or (len(n) > 10 and norm in n) for n in names)


def _strip_site_name(title: str, names: set[str]) -> str:
    parts = title_parts(title)
    if len(parts) < 2:
        return squash(title)
    kept = [p for p in parts if not _is_site_title(p, names)] or parts
    # Without a known site name, the longest part is the article's: site names are short.
    return squash(max(kept, key=len))


def choose_author(tree: etree._Element, names: set[str]) -> str | None:
    """The author's name when the page states one (meta, JSON-LD, rel=author, a labelled line)."""
    candidates: list[str | None] = [meta_content(tree, "author", "article:author")]
    for obj in _ld_articles(json_ld(tree)):
        author = obj.get("author")
        author = author[0] if isinstance(author, list) and author else author
        candidates.append(author.get("name") if isinstance(author, dict) else author
                          if isinstance(author, str) else None)
    for node in tree.xpath("//body//*[@rel='author' or contains(@class, 'author')]"):
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
            return urljoin(url, node.get("href", "").strip())
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
