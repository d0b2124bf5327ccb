"""The article's own title: never the site name, never a section name («Новости»).

Candidates are headings (h1–h4 and elements whose class says "title"). A candidate wins by
agreeing with what the page says about itself elsewhere — og:title, JSON-LD headline and the
listing's link text weigh more than <title>, whose parts mix the article and the site. With no
agreement, the heading printed nearest before the main text wins; then the page's only <h1>.
"""

from __future__ import annotations

import logging
from typing import Any

from lxml import etree

from crawler.cleaning import rules
from crawler.cleaning.meta import _ld_articles, title_parts
from crawler.cleaning.scan import PageScan
from crawler.cleaning.tree import normalise, short_text, squash

logger = logging.getLogger(__name__)

#: Bold text shorter than this is a label («Новости:», «Задачи проекта:»), not a title.
_BOLD_MIN_CHARS = 15
_LEVEL = {"h1": 0, "h2": 1, "h3": 2, "h4": 3}
#: Weights of the places that name the article: article-specific metadata beats <title>.
_W_META, _W_FULL_TITLE, _W_TITLE_PART, _W_PARTIAL = 4, 3, 2, 1
#: Menu and breadcrumb link texts up to this length are section names, not titles.
_SECTION_MAX_CHARS = 40


def title_refs(page: PageScan, listing_title: str | None) -> list[tuple[str, int]]:
    """(normalised text, weight) of every place that names the article."""
    objects: list[dict[str, Any]] = page.json_ld()
    refs = [(page.meta("og:title"), _W_META), (page.meta("twitter:title"), _W_META),
            (listing_title, _W_META)]
    refs += [(o["headline"], _W_META) for o in _ld_articles(objects) if isinstance(o.get("headline"), str)]
    node = page.title
    if node is not None:
        full = squash(" ".join(node.itertext()))
        refs.append((full, _W_FULL_TITLE))
        refs += [(part, _W_TITLE_PART) for part in title_parts(full)]
    return [(normalise(text), weight) for text, weight in refs if text and normalise(text)]


def section_names(page: PageScan) -> set[str]:
    """Normalised texts of short links (menus, breadcrumbs): a heading equal to one is a section."""
    names = set()
    limit = _SECTION_MAX_CHARS
    for link in page.links:
        if len(link):
            text = short_text(link, limit)
        else:  # most links: their own text is all of it (short_text's test, inlined for speed)
            text = link.text
            if not text or len(text) > 2 * limit and len(text.strip()) > 2 * limit:
                continue
            text = " ".join(text.split())
            if len(text) > limit:
                continue
        if text:
            names.add(normalise(text))
    return names


def candidates(page: PageScan, exclude: set[str]) -> list[tuple[str, etree._Element]]:
    """Headings and title-classed elements, in document order, site and section names left out."""
    found = []
    for node in page.headings:
        if node.tag != "h1" and next(node.iterancestors("a", "li", "nav", "footer"), None) is not None:
            continue  # a headline in a list of links, not this page's title
        text = short_text(node, rules.TITLE_MAX_CHARS)
        if not text or len(text) < 3 or normalise(text) in exclude:
            continue
        if node.tag in ("b", "strong") and not _standalone_bold(node, text):
            continue
        found.append((text, node))
    return found


def _standalone_bold(node: etree._Element, text: str) -> bool:
    # Old table layouts print the title as <font><b>…</b></font>; bold words inside a
    # sentence of the story are not titles.
    if len(text) < _BOLD_MIN_CHARS:
        return False
    block = next((a for a in node.iterancestors() if a.tag not in _INLINE), None)
    if block is None:
        return False
    return short_text(block, len(text) + 5) is not None or block.tag in ("td", "div", "body")


_INLINE = frozenset({"font", "span", "a", "i", "em", "u", "big", "small", "center"})


def agreement(text: str, refs: list[tuple[str, int]]) -> int:
    """How strongly the page's metadata agrees with a candidate title.

    Exact matches add their weights; containment counts once, and only without an exact
    match, since the site name is contained in every cut of a <title>.
    """
    norm = normalise(text)
    exact = sum(weight for ref, weight in refs if ref == norm)
    if exact:
        return exact
    return _W_PARTIAL if len(norm) >= 15 and any(norm in ref for ref, _ in refs) else 0


def nearest_before(tree: etree._Element, found: list[tuple[str, etree._Element]],
                   anchor: etree._Element | None) -> tuple[str, etree._Element] | None:
    """The candidate printed last before the main text starts."""
    if anchor is None or not found:
        return None
    by_node = {node: (text, node) for text, node in found}
    last = None
    for node in tree.iter(etree.Element):
        if node in by_node:
            last = by_node[node]
        elif (node is anchor or node.getparent() is anchor) \
                and len(squash(node.text or "")) >= rules.ANCHOR_CHUNK_CHARS:
            break
    return last


def choose_title(page: PageScan, listing_title: str | None, names: set[str],
                 anchor: etree._Element | None = None) -> tuple[str, etree._Element | None]:
    """The article's own title and its element (None when it came from metadata only)."""
    tree = page.tree
    refs = title_refs(page, listing_title)
    found = candidates(page, names | section_names(page))
    scored = sorted(((agreement(t, refs), -_LEVEL.get(n.tag, 4), -i, (t, n))
                     for i, (t, n) in enumerate(found)), key=lambda s: s[:3], reverse=True)
    near_all = nearest_before(tree, found, anchor)
    if scored and scored[0][0] >= _W_TITLE_PART:
        best = scored[0][0]
        # Only <title> agrees (no og:title, no listing): on old sites <title> is the bare
        # site name, printed in bold in the header; a real heading right above the story wins.
        if best < _W_META and near_all is not None and near_all[1].tag in _LEVEL \
                and agreement(near_all[0], refs) < best:
            return near_all
        tied = [s[3] for s in scored if s[0] == best]
        # «Site :: Title» and both printed in bold: the one nearest the story is the title.
        near = nearest_before(tree, sorted(tied, key=lambda c: found.index(c)), anchor) if len(tied) > 1 else None
        return near or scored[0][3]
    if near_all is not None:
        return near_all
    h1s = [(t, n) for t, n in found if n.tag == "h1"]
    if len(h1s) == 1:
        return h1s[0]
    return _from_metadata(page, listing_title, names), None


def _from_metadata(page: PageScan, listing_title: str | None, names: set[str]) -> str:
    for name in ("og:title", "twitter:title"):
        value = page.meta(name)
        if value and normalise(value) not in names:
            return _strip_site_name(value, names)
    if listing_title:
        return squash(listing_title)
    node = page.title
    return _strip_site_name(squash(" ".join(node.itertext())), names) if node is not None else ""


def _strip_site_name(title: str, names: set[str]) -> str:
    parts = title_parts(title)
    if len(parts) < 2:
        return squash(title)
    kept = [p for p in parts if normalise(p) not in names] or parts
    # Without a known site name, the longest part is the article's: site names are short.
    return squash(max(kept, key=len))
