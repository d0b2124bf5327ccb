"""Body stages: find the article text in a pruned tree and render it as paragraphs.

trafilatura (Apache-2.0) finds the main-content element; munews prunes the tree before it
(furniture, headed blocks, the learned site template) and filters its output after it
(repeated titles, furniture lines, trailing headline lists), which is where the two differ.
"""

from __future__ import annotations

import functools
import logging
from copy import copy
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml import etree

from crawler.cleaning import rules
from crawler.cleaning.dates import is_date_line
from crawler.cleaning.titleprefix import strip_title_prefix, title_words
from crawler.cleaning.tree import (
    iter_elements,
    link_density,
    node_text,
    normalise,
    squash,
)

if TYPE_CHECKING:
    from trafilatura.settings import Extractor

logger = logging.getLogger(__name__)



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
        if node.tag not in rules.BLOCK_TAGS and node.tag != "div":
            continue
        if any(isinstance(c.tag, str) and c.tag in rules.BLOCK_TAGS + ("div",) for c in node):
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
