"""Every element of a page body with its DOM path, text and link text, in one pass.

Site-template learning looks at every element of every page (a heavy page has over a
thousand): asking each element for its text walks its subtree again, so the cost grew with
the page's depth times its size. One `iterwalk` collects the text pieces in document order
instead; an element's text is the run of pieces between its start and its end, joined in C.
The results are those of `tree.node_text`, `tree.link_density` and `template.is_linky`
element by element (a test holds them equal on every fixture page).

Trees come from `tree.parse_html`, which drops comments and processing instructions
(`iterwalk` does not report them, so their tails would be missed).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from lxml import etree

from crawler.cleaning.tree import squash

_DIGITS = re.compile(r"\d+")
#: A link this long at the start of a block is a headline, not «Главная» or «Подробнее».
HEADLINE_MIN_CHARS = 20
#: Longest headline item (headline, date and a teaser sentence).
ITEM_MAX_CHARS = 400
#: Link density above which a block is a list of links (menus, headline lists).
LINKY_DENSITY = 0.5


@functools.lru_cache(maxsize=8192)
def segment(tag: str, classes: str | None, ident: str | None) -> str:
    """One step of a DOM path: tag, first three class names (sorted) and id, digits dropped."""
    names = " ".join(sorted((classes or "").split())[:3])
    return _DIGITS.sub("", f"{tag}.{names}#{ident or ''}")


def element_segment(node: etree._Element) -> str:
    return segment(node.tag, node.get("class"), node.get("id"))


@dataclass(slots=True)
class Block:
    """One element below <body>: where it sits, what it says, how much of it is links."""

    element: etree._Element
    path: str
    text: str
    linked: int  # characters of text inside links (nested links counted again, as link_density does)
    headline: str | None  # text of the first link inside (the element itself, if a link)
    end: int = 0  # index, in the page's block list, just past this element's descendants

    @property
    def linky(self) -> bool:
        """A link list or a headline item (`template.is_linky`)."""
        size = len(self.text)
        if size and min(1.0, self.linked / size) > LINKY_DENSITY:
            return True
        if not self.text or size > ITEM_MAX_CHARS or self.headline is None:
            return False
        return len(self.headline) >= HEADLINE_MIN_CHARS and self.text.startswith(self.headline)


def page_blocks(body: etree._Element) -> list[Block]:
    """Blocks of every element below `body`, in document order (pre-order)."""
    blocks: list[Block] = []
    pieces: list[str] = []  # non-empty text pieces in document order
    links: list[str | None] = []  # texts of the links met so far, in start order
    # Per open element: (block index, first piece, non-blank pieces before, linked chars before, links before)
    stack: list[tuple[int, int, int, int, int]] = []
    paths = [""]
    nonblank = 0
    linked_total = 0
    walker = etree.iterwalk(body, events=("start", "end"))
    next(walker)  # the body's own start: it is not a block, and paths begin below it
    for event, node in walker:
        if node is body:
            break
        if event == "start":
            path = paths[-1] + "/" + segment(node.tag, node.get("class"), node.get("id"))
            paths.append(path)
            stack.append((len(blocks), len(pieces), nonblank, linked_total, len(links)))
            if node.tag == "a":
                links.append(None)
            blocks.append(Block(node, path, "", 0, None))
            text = node.text
            if text:
                pieces.append(text)
                nonblank += not text.isspace()
            continue
        index, first, nonblank_before, linked_before, links_before = stack.pop()
        paths.pop()
        block = blocks[index]
        if nonblank > nonblank_before:
            block.text = squash(" ".join(pieces[first:]))
        if node.tag == "a":
            links[links_before] = block.text
            linked_total += len(block.text)
        block.linked = linked_total - linked_before
        if len(links) > links_before:
            block.headline = links[links_before]
        block.end = len(blocks)
        tail = node.tail
        if tail:
            pieces.append(tail)
            nonblank += not tail.isspace()
    return blocks
