"""Prune stages of the cleaning: the main anchor, furniture, headed blocks, layout tables, captions.

Pure functions on lxml trees (trafilatura ``htmlprocessing.py`` style): no Scrapy, no I/O.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import TypeAlias

from lxml import etree

from crawler.cleaning import rules
from crawler.cleaning.tree import (
    LONG_TEXTS,
    NONBLANK_TEXTS,
    link_density,
    longer_than,
    node_text,
    remove,
    short_text,
    text_length,
)

logger = logging.getLogger(__name__)

_TEXT_LEVEL_TAGS = frozenset({"p", "span", "a", "b", "strong", "em", "i", "u", "font", "small",
                              "big", "sup", "sub", "q", "cite", "abbr", "mark", "blockquote"})


_NO_TEXT_TAGS = frozenset({"script", "style", "noscript", "template", "textarea", "select", "option"})


def _long_text_runs(tree: etree._Element) -> Iterator[tuple[etree._ElementUnicodeResult, etree._Element, int]]:
    """(text node, its parent, stripped length) of the body's runs long enough to be sentences."""
    for text in LONG_TEXTS(tree, size=rules.ANCHOR_CHUNK_CHARS):
        size = len(text.strip())
        if size < rules.ANCHOR_CHUNK_CHARS:
            continue
        owner = text.getparent()
        if owner is None or owner.tag in _NO_TEXT_TAGS:
            continue
        yield text, owner, size


def main_anchor(tree: etree._Element) -> etree._Element | None:
    """The element whose own paragraphs hold the most text: a guard, never pruned with its ancestors.

    Class names lie ("widget", "header-style-2" wrap whole pages of some themes); the place
    where the long paragraphs sit does not.
    """
    scores: dict[etree._Element, int] = {}
    # Every long run of text votes for the block that holds it: <p>s vote for their parent,
    # text between <br>s (Blogger, hand-made pages) for its own container.
    for text, owner, size in _long_text_runs(tree):
        if text.is_text and (owner.tag == "a" or owner.getparent() is not None and owner.getparent().tag == "a"):
            continue  # headlines of other articles are link text; a story is not
        if rules.BOILERPLATE_LINES.match(text):
            continue  # «© 2008–2023 … Все права защищены»: a footer outvoted short notices
        if text.is_tail:
            owner = owner.getparent()
        while owner is not None and owner.tag in _TEXT_LEVEL_TAGS:
            owner = owner.getparent()
        if owner is not None:
            scores[owner] = scores.get(owner, 0) + size
    return max(scores, key=scores.__getitem__) if scores else None


def prose_chars(tree: etree._Element) -> int:
    """Characters of the page's prose: text runs long enough to be sentences, outside links."""
    # A run that is a link's own text is a headline of another page.
    return sum(size for text, owner, size in _long_text_runs(tree) if not (text.is_text and owner.tag == "a"))


def protected(tree: etree._Element, anchor: etree._Element | None = None) -> set[etree._Element]:
    """The main anchor and its ancestors: elements no pruning stage may remove."""
    anchor = main_anchor(tree) if anchor is None else anchor
    if anchor is None:
        return set()
    return {anchor, *anchor.iterancestors()}


def prune_furniture(tree: etree._Element, candidates: Iterable[etree._Element], keep_share: float = 0.5,
                    keep: set[etree._Element] | None = None) -> int:
    """Drop furniture elements (by tag and by class/id) unless they hold most of the page text.

    `candidates`: DROP_TAGS elements and elements whose class/id say furniture, in document
    order (``scan.PageScan.furniture``), so that a removed block's descendants are
    recognised. Those an earlier stage already removed are skipped.
    `keep_share`: an element holding more than this share of the page's text is a wrapper
    whose class happens to mention e.g. "comments-open", never furniture to drop.
    """
    limit = int(keep_share * max(1, text_length(tree)))
    # Elements, not id()s: a freed lxml proxy's id() can be reused by another element's proxy.
    gone: set[etree._Element] = set()
    for node in candidates:
        tag = node.tag  # each .tag read builds a new string: read once per node
        if tag in ("html", "body") or node.getparent() is None:
            continue
        if (keep and node in keep) or _inside_removed(node, tree, gone):
            continue
        # Counted by libxml2 (the same characters itertext() yields): three times as fast as
        # reading the pieces in Python, even though it cannot stop early on a big wrapper.
        if tag not in ("script", "style") and text_length(node) > limit:
            continue
        gone.add(node)
        remove(node)
    return len(gone)


def _inside_removed(node: etree._Element, tree: etree._Element, gone: set[etree._Element]) -> bool:
    if tree.tag == "html":  # a whole document: a node under a removed block lost its <html>
        return next(node.iterancestors("html"), None) is None
    return any(a in gone for a in node.iterancestors())


DROP_TAG_SET = frozenset(rules.DROP_TAGS)


def heading_like(node: etree._Element) -> bool:
    """A short element that reads like a block heading («Последние новости», «Комментарии (0)»)."""
    if node.tag not in ("h1", "h2", "h3", "h4", "h5", "h6", "div", "p", "span", "strong", "b",
                        "section", "header", "li", "td", "th", "a"):
        return False
    text = short_text(node, rules.HEADING_MAX_CHARS)
    return bool(text) and bool(rules.BLOCK_HEADINGS.match(text or ""))


#: First characters of text nodes -> whether a block heading can open with them (filled as met).
_HEADING_FIRST_LETTERS: dict[str, bool] = {}


def _heading_nodes(tree: etree._Element) -> list[etree._Element]:
    """Elements whose whole text is a furniture heading, found from the text nodes (fast)."""
    found: list[etree._Element] = []
    opens_heading = _HEADING_FIRST_LETTERS
    for text in NONBLANK_TEXTS(tree):
        stripped = text.strip()
        if not stripped or len(stripped) > rules.HEADING_MAX_CHARS:
            continue
        # The first letter decides for most texts: a dict lookup instead of a regex match.
        first = stripped[0]
        opens = opens_heading.get(first)
        if opens is None:
            opens = opens_heading[first] = rules.BLOCK_HEADING_FIRST.match(first) is not None
        if not opens or not rules.BLOCK_HEADING_START.match(stripped):
            continue
        node = text.getparent()
        # «Комментарии <span>(0)</span>»: the heading is the parent whose whole text matches.
        matched = False
        for _ in range(3):
            if node is None or (matched := heading_like(node)):
                break
            node = node.getparent()
        else:  # three levels up without a match: the last parent is still to be tested
            matched = node is not None and heading_like(node)
        if matched and (not found or found[-1] is not node):
            found.append(node)
    return found


def cut_headed_blocks(tree: etree._Element, keep: set[etree._Element] | None = None) -> int:
    """Remove blocks opened by a furniture heading: the heading and what follows it in its parent.

    Related-news lists, comment threads and comment forms sit after the article; their heading
    is the reliable signal, whatever the CMS calls the container.
    """
    cut = 0
    headings = _heading_nodes(tree)
    page_len = max(1, text_length(tree)) if headings else 1
    for node in headings:
        if node.getparent() is None or not any(True for _ in node.iterancestors("body")):
            continue  # already removed with an earlier block
        target = _climb_single_child(node)
        parent = target.getparent()
        if parent is None:
            continue
        keep = keep or set()
        following = [s for s in target.itersiblings() if s not in keep]
        following_len = sum(len(node_text(s)) for s in following if isinstance(s.tag, str))
        # A heading above most of the page's text is a sidebar heading placed before the
        # article in the same container: then only link lists after it go, never prose.
        if following_len > rules.HEADED_BLOCK_MAX_SHARE * page_len:
            following = [s for s in following if isinstance(s.tag, str)
                         and link_density(s) > rules.LINK_DENSITY_MAX][:1]
        for sibling in following:
            remove(sibling)
        remove(target)
        cut += 1
    return cut


def _climb_single_child(node: etree._Element) -> etree._Element:
    # <div class="title"><h3>Последние новости</h3></div>: climb to the wrapper so that the
    # list that follows the wrapper goes too.
    while True:
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html"):
            return node
        if node_text(parent) != node_text(node):
            return node
        node = parent


LAYOUT_CELL_MARK = "data-munews-cell"


def _is_layout_table(table: etree._Element) -> bool:
    if table.find(".//table") is not None:
        return True
    for cell in table.iter("td", "th"):
        blocks = sum(1 for c in cell if isinstance(c.tag, str) and c.tag in rules.LAYOUT_BLOCK_TAGS)
        if blocks >= rules.LAYOUT_CELL_BLOCKS or len(node_text(cell)) > rules.LAYOUT_CELL_CHARS:
            return True
    return False


def unwrap_layout_tables(tree: etree._Element) -> int:
    """Turn tables used for page layout into divs, so that they are not read as data tables.

    Hand-made municipal sites of the 2000s lay out the whole page (header, menu column,
    article column, footer) in nested tables; a main-content finder then sees one big table.
    """
    count = 0
    for table in list(tree.iter("table")):
        if not _is_layout_table(table):
            continue
        # Only this table's own rows and cells: a nested data table is judged on its own.
        own = [n for n in table.iter("tbody", "thead", "tfoot", "tr", "td", "th")
               if next(n.iterancestors("table"), None) is table]
        for node in [table, *own]:
            if node.tag in ("td", "th"):
                node.set(LAYOUT_CELL_MARK, "1")  # a page column: its row is not one block
            node.tag = "div"
        count += 1
    return count


_CAPTION_INLINE = frozenset({"em", "i", "small", "span", "b", "strong"})


def drop_captions(tree: etree._Element) -> int:
    """Remove captions: <figcaption>, and a lone italic line right under a picture.

    Editors of municipal sites write captions as ``<p><img></p><p><em>Участники…</em></p>``.
    """
    removed = 0
    for node in list(tree.iter(*rules.CAPTION_TAGS)):
        remove(node)
        removed += 1
    # <p>/<div> with exactly one child element: the only shape of a lone caption line. (lxml's
    # tag filter and len() in Python: twice as fast as XPath's count(*) = 1.)
    for para in [n for n in tree.iter("p", "div") if len(n) == 1]:
        children = list(para.iterchildren(etree.Element))
        if len(children) != 1 or children[0].tag not in _CAPTION_INLINE or (para.text or "").strip():
            continue
        if (children[0].tail or "").strip() or short_text(para, rules.CAPTION_MAX_CHARS) in (None, ""):
            continue
        previous = para.getprevious()
        if previous is not None and (previous.tag == "img" or previous.find(".//img") is not None) \
                and not longer_than(previous, 0):
            remove(para)
            removed += 1
    return removed


#: Elements that stand inside a sentence (phrasing content): a paragraph of text between
#: <br>s is made of them, and the site template never takes one out of its sentence.
INLINE_TAGS = frozenset({"a", "abbr", "b", "big", "br", "cite", "code", "em", "font", "i", "img", "mark",
                          "q", "s", "small", "span", "strike", "strong", "sub", "sup", "time", "u", "wbr"})


def paragraphs_at_double_breaks(tree: etree._Element) -> int:
    """Wrap text runs that ``<br><br>`` separates into <p>s (readability's replaceBrs, widened).

    Hand-made and old CMS pages write a story as loose text in one <div>/<td>/<font> with
    ``<br><br>`` between paragraphs; main-content finders then see one block, or drop it. In
    such a container every run of text and inline elements between double breaks and block
    elements becomes a <p>; blocks stay where they are. Returns how many <p>s were made there.
    """
    made = 0
    for parent in list(dict.fromkeys(br.getparent() for br in tree.iter("br"))):
        if parent is None or parent.tag in ("pre", "textarea", "script", "style") or \
                next(parent.iterancestors("pre"), None) is not None:
            continue
        runs, doubled = _runs(parent)
        if doubled:
            made += _rebuild(parent, runs)
            _text_divs_to_paragraphs(parent)
    return made


def _text_divs_to_paragraphs(rebuilt: etree._Element) -> int:
    # Sibling text-only <div>s of a container just split into <p>s become <p>s too: once a
    # page has enough <p> text, trafilatura reads only <p>s, and the story's other chunks
    # (Tilda's `t-redactor__text` before a sub-heading) would vanish.
    parent = rebuilt.getparent()
    if parent is None:
        return 0
    made = 0
    for sibling in parent.iterchildren("div"):
        if sibling is not rebuilt and sibling.text_content().strip() and \
                all(isinstance(c.tag, str) and c.tag in INLINE_TAGS for c in sibling):
            sibling.tag = "p"
            made += 1
    return made


_Piece: TypeAlias = "str | etree._Element"  # a text run or an element of a parent's content


def _break_or_blank(piece: _Piece) -> bool:
    return not piece.strip() if isinstance(piece, str) else piece.tag == "br"


def _runs(parent: etree._Element) -> tuple[list[list[_Piece]], bool]:
    # The parent's content ([text or element, ...]) cut at runs of 2+ <br>s and around
    # block elements (a block is a run of its own); True when a double break was found.
    items: list[_Piece] = [parent.text] if parent.text else []
    for child in parent:
        items.append(child)
        if child.tail:
            items.append(child.tail)
    runs: list[list[_Piece]] = [[]]
    doubled = False
    index = 0
    while index < len(items):
        item = items[index]
        if not isinstance(item, str) and item.tag == "br":
            end, brs = index, 0
            while end < len(items) and _break_or_blank(items[end]):
                brs += not isinstance(items[end], str)
                end += 1
            if brs >= 2:
                doubled = True
                runs.append([])
                index = end
                continue
        if not isinstance(item, str) and not (isinstance(item.tag, str) and item.tag in INLINE_TAGS):
            runs.extend([[item], []])
        else:
            runs[-1].append(item)
        index += 1
    return [r for r in runs if r], doubled


def _rebuild(parent: etree._Element, runs: list[list[_Piece]]) -> int:
    for child in list(parent):
        child.tail = None
        parent.remove(child)
    parent.text = None
    if parent.tag == "p":
        parent.tag = "div"  # a paragraph cannot hold the paragraphs made below
    made = 0
    last: etree._Element | None = None
    for run in runs:
        block = len(run) == 1 and not isinstance(run[0], str) and run[0].tag not in INLINE_TAGS
        blank = all(isinstance(i, str) and not i.strip() or not isinstance(i, str) and i.tag == "br" for i in run)
        if block or blank:  # a block, or blank text and lone <br>s: kept as they were
            for item in run:
                last = _put(parent, item, last)
            continue
        para = etree.SubElement(parent, "p")
        inner: etree._Element | None = None
        for item in run:
            inner = _put(para, item, inner)
        last = para
        made += 1
    return made


def _put(container: etree._Element, piece: _Piece, last: etree._Element | None) -> etree._Element | None:
    # Append a text run or an element to `container` after `last`; the new last element.
    if not isinstance(piece, str):
        container.append(piece)
        return piece
    if last is None:
        container.text = (container.text or "") + piece
    else:
        last.tail = (last.tail or "") + piece
    return last
