"""Body stages: find the article text in a pruned tree and render it as paragraphs.

trafilatura (Apache-2.0) finds the main-content element; munews prunes the tree before it
(furniture, headed blocks, the learned site template) and filters its output after it
(repeated titles, furniture lines, trailing headline lists), which is where the two differ.
"""

from __future__ import annotations

import functools
import logging
import re
from copy import copy
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml import etree

from crawler.cleaning import rules
from crawler.cleaning.dates import is_date_line
from crawler.cleaning.prune import LAYOUT_CELL_MARK
from crawler.cleaning.titleprefix import strip_title_prefix, title_words
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
    from trafilatura.settings import Extractor

logger = logging.getLogger(__name__)

_BLOCK_TAGS = ("p", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "td", "pre", "dd")


@dataclass(frozen=True)
class BodyOptions:
    """How the body is extracted; `captions` keeps figure captions, off by default.

    `fast` (default) runs trafilatura without its fallback comparison (readability/jusText)
    and escalates to the full run only when the result looks short against the page's
    prose (see `extract_blocks`): the fallbacks cost about a third of the cleaning time and
    change the output only on such pages. `fast=False` always runs the fallbacks.
    """

    captions: bool = False
    tables: bool = True
    fast: bool = True
    favor_precision: bool = True


def extract_blocks(tree: etree._Element, url: str, options: BodyOptions,
                   expected_chars: int = 0) -> list[str]:
    """Text blocks (paragraphs, list lines, table rows) of the main content of a pruned tree.

    `options.fast` runs trafilatura without its fallbacks and escalates to the full run only
    when the result holds less than ESCALATE_SHARE of `expected_chars` (the page's prose,
    `clean_html.prose_chars`): the fallbacks cost a third of the time and help only there.
    """
    # trafilatura is asked for the body only, never metadata: without <head> (a quarter of a
    # pruned page's elements) it copies and searches less. The head goes back afterwards.
    head = tree.find("head")
    if head is not None:
        tree.remove(head)
    try:
        blocks = _trafilatura_blocks(tree, url, options, fast=options.fast)
        if options.fast and sum(map(len, blocks)) < rules.ESCALATE_SHARE * expected_chars:
            blocks = _trafilatura_blocks(tree, url, options, fast=False) or blocks
    finally:
        if head is not None:
            tree.insert(0, head)
    return blocks or fallback_blocks(tree)


def _trafilatura_blocks(tree: etree._Element, url: str, options: BodyOptions, *, fast: bool) -> list[str]:
    from trafilatura import bare_extraction  # heavy import, only where the body is needed

    settings = copy(_extractor(fast, options.favor_precision, options.tables))
    settings.url = url
    settings.source = url and url.encode("utf-8", "replace").decode("utf-8")  # as Extractor() does
    try:
        document = bare_extraction(tree, options=settings)
    except (ValueError, TypeError, etree.LxmlError) as exc:  # trafilatura's own failures
        logger.debug("trafilatura failed on %s: %s", url, exc)
        document = None
    body = getattr(document, "body", None) if document is not None else None
    return render(body) if body is not None else []


@functools.lru_cache(maxsize=8)
def _extractor(fast: bool, precision: bool, tables: bool) -> Extractor:
    # Built once per option set and copied per page: Extractor() reads its config file
    # settings on every construction.
    from trafilatura.settings import Extractor

    return Extractor(fast=fast, precision=precision, comments=False, tables=tables, images=False,
                     with_metadata=False)


def render(body: etree._Element) -> list[str]:
    """trafilatura's XML body as blocks: paragraphs, lists (a line per item), tables (per row)."""
    blocks: list[str] = []
    for node in body:
        if not isinstance(node.tag, str):
            continue
        if node.tag == "list":  # a list is one block, one line per item
            items = (squash(" ".join(item.itertext())) for item in node.iter("item"))
            blocks.append("\n".join(i for i in items if i))
        elif node.tag == "table":  # a table is one block, one line per row
            blocks.append("\n".join(r for r in map(_row_text, node.iter("row")) if r))
        elif node.tag != "graphic":
            blocks.append(squash(" ".join(node.itertext())))
        if node.tail and node.tail.strip():
            blocks.append(squash(node.tail))
    return [b for b in blocks if b]


def _row_text(row: etree._Element) -> str:
    cells = [squash(" ".join(cell.itertext())) for cell in row.iter("cell")]
    return " | ".join(c for c in cells if c)


def fallback_blocks(tree: etree._Element) -> list[str]:
    """Leaf text blocks with little link text, for pages trafilatura finds nothing in."""
    blocks: list[str] = []
    for node in iter_elements(tree):
        if node.tag not in _BLOCK_TAGS and node.tag != "div":
            continue
        if any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS + ("div",) for c in node):
            continue  # not a leaf block: its children are visited on their own
        text = node_text(node)
        if len(text) >= rules.LINK_DENSITY_MIN_CHARS and link_density(node) <= rules.LINK_DENSITY_MAX:
            blocks.append(text)
    return blocks


def is_boilerplate_line(text: str) -> bool:
    """A whole paragraph that is furniture wherever it appears (BOILERPLATE_LINES, CREDIT_LINE)."""
    # "buted": what every match of CREDIT_LINE holds in any case folding.
    return bool(rules.BOILERPLATE_LINES.match(text)) or (
        "buted" in text.lower() and bool(rules.CREDIT_LINE.match(text)))


class BlockFilter:
    """Drops repeated titles, furniture lines and duplicates; cuts at a trailing furniture heading.

    One filter per page: the body is filtered after each stage that may add blocks, and what
    was worked out for a block (title prefix cut, normal form, furniture line) is kept for
    the next pass instead of matching the patterns again.
    """

    def __init__(self, title: str, link_texts: frozenset[str] | set[str] = frozenset()) -> None:
        self.title_norm = normalise(title)
        self.title_at_start = title_words(title)
        self.link_texts = link_texts
        self._seen: dict[str, tuple[str, str, bool]] = {}

    def _judge(self, block: str) -> tuple[str, str, bool]:
        # (block without a leading title, its normal form, True when it is never body text:
        # furniture and date lines, rows of links, separators whose links the finder dropped)
        judged = self._seen.get(block)
        if judged is None:
            text = strip_title_prefix(block, self.title_at_start) if self.title_at_start is not None else block
            norm = normalise(text)
            junk = not norm or norm == self.title_norm or is_boilerplate_line(text) or is_date_line(text) \
                or self._link_row(text) or bool(rules.LINK_ROW_LEFTOVER.fullmatch(text))
            judged = self._seen[block] = (text, norm, junk)
        return judged

    def _link_row(self, text: str) -> bool:
        # «<< Назад | Версия для печати»: two or more link texts and separators, nothing else.
        if len(text) > rules.LINK_ROW_MAX_CHARS or "\n" in text:
            return False
        parts = [p for p in rules.LINK_ROW_SEPARATOR.split(text) if p]
        return len(parts) >= 2 and all(normalise(p) in self.link_texts for p in parts) \
            and not rules.DOCUMENT_LINK.search(text)

    def __call__(self, blocks: list[str]) -> list[str]:
        link_texts = self.link_texts
        kept: list[str] = []
        seen: set[str] = set()
        prose = False  # a paragraph of the story kept: what precedes it is the article's header
        for raw in blocks:
            block, norm, junk = self._judge(raw)
            if junk:
                continue
            if not kept and len(block) <= rules.SECTION_MAX_CHARS and norm in link_texts:
                continue  # «Новости» printed above the story: the section, not the article
            if not prose and len(block) <= rules.LEADING_META_MAX_CHARS and not block.endswith((".", "!", "?", "»")) \
                    and rules.LEADING_META.search(block):
                continue  # a byline/date line above the story (a sentence would end with a stop)
            lines = block.split("\n")
            if len(lines) >= 2 and all(normalise(line) in link_texts for line in lines) \
                    and not rules.DOCUMENT_LINK.search(block):
                continue  # a list of links inside the story: related headlines, not its text
            if kept and len(block) <= 60 and rules.BLOCK_HEADINGS.match(block):
                break  # «Последние новости», «Комментарии (0)»: the rest is not the article
            if norm in seen:
                continue  # a lead printed twice (teaser + body), a title repeated in a gallery
            seen.add(norm)
            kept.append(block)
            prose = prose or len(block) > rules.SECTION_MAX_CHARS
        return kept


def make_lead(blocks: list[str]) -> str:
    """The first paragraph, cut at a sentence end to at most LEAD_MAX_CHARS characters."""
    if not blocks:
        return ""
    first = blocks[0]
    if len(first) <= rules.LEAD_MAX_CHARS:
        return first
    cut = first[: rules.LEAD_MAX_CHARS]
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    if end > rules.LEAD_MAX_CHARS // 3:
        return cut[: end + 1]
    return cut.rsplit(" ", 1)[0] + "…"


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
    if node is not None and node.tag in _BLOCK_TAGS and node.getparent() is not None:
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
