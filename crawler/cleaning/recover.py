"""Repairs of the extracted blocks against the tree: lists, split bodies, the main anchor.

The main-content finder returns text blocks; these stages compare them with the pruned tree
to put back what it flattened or lost and to drop what lies outside the article.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from lxml import etree

from crawler.cleaning import rules
from crawler.cleaning.prune import LAYOUT_CELL_MARK
from crawler.cleaning.tree import (
    LONG_TEXTS,
    iter_elements,
    link_density,
    longer_than,
    node_text,
    normalise,
    squash,
)

if TYPE_CHECKING:
    pass

logger = logging.getLogger(__name__)



def restore_lead(container: etree._Element | None, blocks: list[str], description: str | None) -> list[str]:
    """Put back a lead printed just above the body's container, which the meta description names.

    Tilda feed posts, Drupal lead fields and Bitrix preview texts print the announce as its
    own element before the text; main-content finders start at the text. The page's meta
    description, when it repeats an element next to the body word for word, says that
    element is the lead (a generic site description matches nothing there).
    """
    if container is None or not blocks or not description:
        return blocks
    wanted = normalise(description).rstrip(".…").strip()
    if len(wanted) < rules.LEAD_MIN_CHARS or any(normalise(b).startswith(wanted) for b in blocks):
        return blocks
    for level, element in enumerate((container, *container.iterancestors())):
        if level > rules.LEAD_MAX_LEVELS or element.tag in ("body", "html"):
            break
        for sibling in element.itersiblings(preceding=True):
            for node in sibling.iter():
                if not isinstance(node.tag, str) or node.tag in rules.HEADING_TAGS:
                    continue
                text = node_text(node)
                if len(text) <= rules.LEAD_MAX_CHARS * 4 and normalise(text).startswith(wanted) \
                        and link_density(node) <= rules.LINK_DENSITY_MAX:
                    return [text, *blocks]
    return blocks


def restore_lists(container: etree._Element | None, blocks: list[str]) -> list[str]:
    """Put back prose lists the main-content finder dropped, right after the paragraph before them.

    trafilatura drops <ul>/<ol> when the article sits in a container it does not recognise
    (e.g. Bitrix ``div.news-detail``); lists of projects and decisions are article text there.
    """
    if container is None:
        return blocks
    index = {normalise(b): i for i, b in enumerate(blocks)}
    inserts: list[tuple[int, str]] = []
    for lst in container.iter("ul", "ol"):
        if next(lst.iterancestors("ul", "ol", "li"), None) is not None:
            continue
        items = [node_text(li) for li in lst if isinstance(li.tag, str) and li.tag == "li"]
        items = [i for i in items if i]
        if not items or link_density(lst) > rules.LIST_LINK_DENSITY_MAX:
            continue
        if any(normalise(i) in index or any(normalise(i) in k for k in index) for i in items[:1]):
            continue  # already in the output
        anchor = _anchor(lst, index)
        if anchor is not None:
            inserts.append((anchor, "\n".join(items)))
    for position, block in sorted(inserts, reverse=True):
        blocks = blocks[: position + 1] + [block] + blocks[position + 1:]
    return blocks


def _anchor(node: etree._Element, index: dict[str, int]) -> int | None:
    # The nearest preceding sibling that is in the output; a few siblings at most, since
    # a list far from any kept paragraph is more likely a menu than part of the story.
    for sibling in list(node.itersiblings(preceding=True))[:3]:
        if isinstance(sibling.tag, str):
            key = normalise(node_text(sibling))
            if key in index:
                return index[key]
    return None


def _text_holders(tree: etree._Element) -> dict[str, etree._Element]:
    """Start of each run of text (first 30 characters) -> the element that holds it."""
    holders: dict[str, etree._Element] = {}
    for text in LONG_TEXTS(tree, size=10):
        key = squash(text)[:30]
        if len(key) < 10:
            continue
        owner = text.getparent()
        if text.is_tail and owner is not None:
            owner = owner.getparent()
        if owner is not None:
            holders.setdefault(key, owner)
    return holders


def _mostly_link(block: str, link_texts: set[str]) -> bool:
    norm = normalise(block)
    return any(len(link) >= 20 and link in norm and 2 * len(link) >= len(norm) for link in link_texts)


def confine_to_anchor(tree: etree._Element, blocks: list[str], anchor: etree._Element | None,
                      link_texts: set[str]) -> list[str]:
    """Drop blocks printed outside the main text's container (header slogans, side columns).

    Only when the body carries headlines of other pages (link texts), the sign that the
    main-content finder took a side column too. The scope is the anchor's parent, so a lead
    printed in a sibling block stays; a cut that would take most of the text is not made.
    """
    if anchor is None or anchor.getparent() is None or not blocks:
        return blocks
    if sum(_mostly_link(b, link_texts) for b in blocks) < rules.CONFINE_MIN_HEADLINES:
        return blocks
    parent = anchor.getparent()
    # The parent widens the scope to a lead printed next to the story, but not to a table
    # row or a page wrapper that also holds the side column.
    wide = parent.tag not in ("body", "html") and not anchor.get(LAYOUT_CELL_MARK) and not longer_than(
        parent, int(rules.CONFINE_PARENT_GROWTH * sum(len(t) for t in anchor.itertext())))
    scope = parent if wide else anchor
    # The finder took a side column, so it may also have missed parts of the story (text
    # between <br>s in a <font>): read the container directly, without its link-only lines.
    own = [b for b in render_element(scope) if normalise(b) not in link_texts]
    if sum(map(len, own)) >= rules.MIN_BODY_CHARS:
        return own
    holders = _text_holders(tree)
    kept = []
    for block in blocks:
        flat = squash(block)
        # A block may join several text runs («21.01.2023» + a headline): its first run decides.
        owner = next((holders[flat[:n]] for n in range(30, 9, -1) if flat[:n] in holders), None)
        if owner is None or owner is scope or any(a is scope for a in owner.iterancestors()):
            kept.append(block)
    if sum(map(len, kept)) < rules.CONFINE_MIN_KEPT * sum(map(len, blocks)):
        return blocks
    return kept


_BREAKING = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table", "ul", "ol",
                       "blockquote", "section", "article", "dd", "dt", "pre"})


def render_element(element: etree._Element) -> list[str]:
    """Paragraphs of an element read directly: blocks at block tags and at double <br>."""
    pieces: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.tag in _BREAKING:
            pieces.append("\n\n")
        elif node.tag == "br":
            pieces.append("\n")
        if node.text and node.tag not in ("script", "style"):
            pieces.append(node.text)
        for child in node.iterchildren(etree.Element):
            walk(child)
        if node.tag in _BREAKING:
            pieces.append("\n\n")
        if node is not element and node.tail:
            pieces.append(node.tail)

    walk(element)
    text = "".join(pieces)
    return [squash(b) for b in re.split(r"\n\s*\n", text) if squash(b)]


def content_container(tree: etree._Element, blocks: list[str]) -> etree._Element | None:
    """The smallest element holding the first and the last body block (for images)."""
    if not blocks:
        return None
    # Probe with the start of a block: it begins in some element's own .text, which is
    # cheap to test (node_text on every element would be quadratic in depth).
    probes = [blocks[0][:30], blocks[-1][:30]]
    holders: list[etree._Element | None] = [None, None]
    for node in iter_elements(tree):
        if not node.text:
            continue
        own = squash(node.text)
        if not own:
            continue
        for i, probe in enumerate(probes):
            if holders[i] is None and own.startswith(probe[: len(own)]) and probe.startswith(own[:30]):
                holders[i] = node
    if holders[0] is None or holders[1] is None:
        return holders[0] if holders[0] is not None else holders[1]
    # The set holds the element proxies themselves, not id()s: lxml builds a proxy per access
    # and frees it when unreferenced, so an id() can come back for another element.
    ancestors = {*holders[0].iterancestors(), holders[0]}
    node = holders[1]
    while node is not None and node not in ancestors:
        node = node.getparent()
    # A one-paragraph story: its images sit next to the paragraph, in the same parent.
    if node is not None and node.tag in rules.BLOCK_TAGS and node.getparent() is not None:
        node = node.getparent()
    return node


_PARA_TAGS = ("p", "h2", "h3", "h4", "li", "blockquote")


def _chunk_paragraphs(chunk: etree._Element) -> list[str]:
    found = []
    for node in chunk.iter(*_PARA_TAGS):
        if next(node.iterancestors(*_PARA_TAGS), None) is not None:
            continue  # inside another paragraph-level element, read with it
        text = node_text(node)
        if text and link_density(node) <= rules.LINK_DENSITY_MAX:
            found.append(text)
    return found


def join_split_body(tree: etree._Element, blocks: list[str], container: etree._Element | None) -> list[str]:
    """Add the other chunks of a story split into same-class sections (ads between them).

    Magazine templates print one story as several ``div.body-chunk`` blocks; a main-content
    finder takes the first. The chunks share the container's tag and class, which nothing
    else on the page does.
    """
    if container is None or not container.get("class"):
        return blocks
    for level, element in enumerate((container, *container.iterancestors())):
        if level > rules.SPLIT_BODY_MAX_LEVELS or element.tag in ("body", "html") or not element.get("class"):
            break
        parent = element.getparent()
        if parent is None:
            break
        # Sibling sections only: same-class blocks elsewhere are widgets, quotes or captions.
        chunks = [c for c in parent.iterchildren(element.tag) if c.get("class") == element.get("class")]
        if len(chunks) < 2 or any(c is not element and element in c.iterancestors() for c in chunks):
            continue
        seen = {normalise(b) for b in blocks}
        result: list[str] = []
        added = 0
        for chunk in chunks:
            if chunk is element:
                result.extend(blocks)
                continue
            if link_density(chunk) > rules.SPLIT_CHUNK_LINK_DENSITY:
                continue  # a teaser item of another story: its headline is a link
            new = [t for t in _chunk_paragraphs(chunk) if normalise(t) not in seen]
            if not any(len(t) >= rules.ANCHOR_PARAGRAPH_CHARS for t in new):
                continue  # prose chunks have real paragraphs; bylines and dates do not
            added += sum(map(len, new))
            result.extend(new)
        # Chunks of a story carry prose; repeated widgets with that class carry a line or two.
        return result if added >= rules.SPLIT_BODY_MIN_CHARS else blocks
    return blocks
