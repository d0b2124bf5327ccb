"""The ground of the cleaning: parse a page, read node text, tell node kinds by class and id.

Pure functions on lxml trees (trafilatura ``htmlprocessing.py`` style): no Scrapy, no I/O.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections.abc import Iterator

from lxml import etree
from lxml import html as lxml_html

from crawler.cleaning import rules
from crawler.items import ExtractionFailed

logger = logging.getLogger(__name__)

_NOT_HTML = re.compile(rb"^\s*(%PDF-|PK\x03\x04|\x89PNG|GIF8|\xff\xd8\xff|\{|\[)")
#: Comments dropped at parse time: text after an inline ``<!-- -->`` (React pages put them
#: inside sentences) is a comment's tail, which main-content finders lose.
_PARSER = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False, huge_tree=True)
# Every element becomes an HtmlElement (what trafilatura expects) through lxml's C-level
# default lookup: lxml.html's own lookup is a Python call per element proxy, which cost
# about a tenth of the cleaning time since every stage walks the tree.
_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(element=lxml_html.HtmlElement))
_NOT_HTML_TEXT = re.compile(r"\s*(%PDF-|\{|\[)")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_HAS_TAG = re.compile(r"<\s*(html|head|body|div|p|h[1-6]|article|table|span|title)\b", re.IGNORECASE)


#: What no text of the cleaning keeps: control characters (XML refuses them: lxml raises
#: ValueError when a stage writes text that holds one), the soft hyphen, zero-width space,
#: word joiner and BOM, and the non-characters U+FFFE/U+FFFF. Zero-width (non-)joiners stay:
#: they shape words in Persian and emoji.
_INVISIBLE_CHARS = "".join(map(chr, (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0xAD,
                                     0x200B, 0x2060, 0xFEFF, 0xFFFE, 0xFFFF)))
_INVISIBLE = re.compile(f"[{re.escape(_INVISIBLE_CHARS)}]")
#: The same spelled as references (libxml2 decodes ``&#7;`` into the character itself).
_INVISIBLE_REFS = re.compile(
    r"&(?:shy|ZeroWidthSpace|NoBreak);"
    r"|&#0*(?:[0-8]|1[124-9]|2\d|3[01]|127|173|8203|8288|65279|6553[45])(?!\d);?"
    r"|&#[xX]0*(?:[0-8bBcCeEfF]|1[0-9a-fA-F]|7[fF]|[aA][dD]|200[bB]|2060|[fF][eE][fF][fF]|[fF]{3}[eEfF])"
    r"(?![0-9a-fA-F]);?"
)


def clean_page_text(page: str) -> str:
    """The page without `_INVISIBLE_CHARS` (as characters or references), in Unicode NFC: the
    one place where text is made uniform, before parsing, so that title, body, author and
    dates all come out clean."""
    # One `in` per character is a C-level scan: a third of the time of a regex over the page,
    # and nearly every page holds none of them.
    if any(char in page for char in _INVISIBLE_CHARS):
        page = _INVISIBLE.sub("", page)
    if "&" in page:
        page = _INVISIBLE_REFS.sub("", page)
    return page if unicodedata.is_normalized("NFC", page) else unicodedata.normalize("NFC", page)


def parse_html(page: str | bytes) -> lxml_html.HtmlElement:
    """Parse a page into an lxml tree, or raise ExtractionFailed("not-html")."""
    if isinstance(page, bytes):
        if _NOT_HTML.match(page[:16]) or b"\x00" in page[:1024]:
            raise ExtractionFailed("not-html", "binary or non-HTML content")
        page = page.decode("utf-8", errors="replace")
    # Anchored and bounded tests: no copies of the whole page (pages run to megabytes).
    if page.isspace() or not page or not _HAS_TAG.search(page, 0, 200_000):
        raise ExtractionFailed("not-html", "no HTML markup")
    if _NOT_HTML_TEXT.match(page) or "\x00" in page[:1024]:
        raise ExtractionFailed("not-html", "binary or non-HTML content")
    # lxml refuses str input that carries an XML encoding declaration.
    page = clean_page_text(_XML_DECLARATION.sub("", page, count=1))
    try:
        tree = lxml_html.document_fromstring(page, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionFailed("not-html", str(exc)) from exc
    return tree


_QUOTES = re.compile("[«»\"“”„'`]")


@functools.lru_cache(maxsize=2048)
def normalise(text: str) -> str:
    """Text reduced for comparisons: lower case, ё→е, quotes and edge punctuation dropped."""
    # Cached: link texts and blocks are compared many times per page (menus repeat on every
    # page). 2048 entries hold a page's links and blocks; more would keep long blocks in memory.
    # (str.translate with a table of non-ASCII characters is a Python-level lookup per
    # character: three times as slow as this on a page's short link texts.)
    text = _QUOTES.sub("", text.lower().replace("ё", "е"))
    return " ".join(text.split()).strip(" .:;,!?-–—\u00a0")


def squash(text: str) -> str:
    """Collapse runs of whitespace (incl. NBSP) into one space."""
    # str.split() splits on what the regex \s matches (Unicode whitespace, NBSP included)
    # and is several times as fast on the short texts this is called for.
    return " ".join(text.split())


def node_text(node: etree._Element) -> str:
    """All text of an element, whitespace collapsed ("" for comments and processing instructions)."""
    if not isinstance(node.tag, str):
        return ""
    if not len(node):  # no children (most links, cells, paragraphs): its own text is all of it
        return squash(node.text or "")
    return squash(" ".join(node.itertext()))


#: Bits of `token_kinds`: what the tokens of one class or id value say about the element.
BOILERPLATE, CONTENT, DATE, NOT_DATE = 1, 2, 4, 8
_KIND_TOKENS = ((BOILERPLATE, rules.BOILERPLATE_TOKENS), (CONTENT, rules.CONTENT_TOKENS),
                (DATE, rules.DATE_TOKENS), (NOT_DATE, rules.NOT_DATE_TOKENS))


@functools.lru_cache(maxsize=4096)
def token_kinds(raw: str) -> int:
    """Bit set of what one class or id value says (BOILERPLATE, CONTENT, DATE, NOT_DATE).

    Tokens are whole words and their parts split on - and _, lower-cased.
    Class and id are tested apart (the tokens of "class id" are the union of both): classes
    repeat over a page while ids are unique, so a combined key would miss the cache on every
    element with an id.
    """
    raw = raw.lower()
    words = raw.split()
    pieces = raw.replace("-", " ").replace("_", " ").split()
    kinds = 0
    for bit, tokens in _KIND_TOKENS:
        if not (tokens.isdisjoint(words) and tokens.isdisjoint(pieces)):
            kinds |= bit
    return kinds


def node_kinds(node: etree._Element) -> int:
    """`token_kinds` of an element's class and id together."""
    cls, ident = node.get("class"), node.get("id")
    return (token_kinds(cls) if cls else 0) | (token_kinds(ident) if ident else 0)


def furniture_attrs(cls: str | None, ident: str | None) -> bool:
    kinds = (token_kinds(cls) if cls else 0) | (token_kinds(ident) if ident else 0)
    return kinds & (BOILERPLATE | CONTENT) == BOILERPLATE


def is_furniture(node: etree._Element) -> bool:
    """True when class/id say the element is page furniture and nothing says it is content."""
    return furniture_attrs(node.get("class"), node.get("id"))


def link_density(node: etree._Element, total: int | None = None) -> float:
    """Share of an element's text that sits inside links (`total`: its text length, if known)."""
    total = len(node_text(node)) if total is None else total
    if not total:
        return 0.0
    linked = sum(len(node_text(a)) for a in node.iter("a"))
    return min(1.0, linked / total)


#: (``//body/descendant::x`` selects what ``//body//x`` does, without libxml2 visiting every
#: node twice.)
#: Text nodes of the body with at least `size` raw characters, and those that are not blank:
#: libxml2 skips the whitespace between tags (most text nodes of a page) before Python sees them.
LONG_TEXTS = etree.XPath("//body/descendant::text()[string-length(.) >= $size]")
NONBLANK_TEXTS = etree.XPath("//body/descendant::text()[normalize-space(.)]")


_STRING_LENGTH = etree.XPath("string-length(string(.))")


def text_length(node: etree._Element) -> int:
    """Characters of all text inside an element (counted by libxml2, without Python strings)."""
    return int(_STRING_LENGTH(node))


def iter_elements(tree: etree._Element) -> Iterator[etree._Element]:
    """Element nodes only (lxml also yields comments and processing instructions)."""
    return tree.iter(etree.Element)  # type: ignore[no-any-return]


def short_text(node: etree._Element, limit: int) -> str | None:
    """The element's text if it has at most `limit` characters, else None (stops reading early)."""
    if not isinstance(node.tag, str):
        return ""
    if not len(node):  # no children: the same test on its own text, without the iterator
        own = node.text or ""
        if len(own.strip()) > limit * 2:
            return None
        own = squash(own)
        return own if len(own) <= limit else None
    size = 0
    parts = []
    for piece in node.itertext():
        size += len(piece.strip())
        if size > limit * 2:  # raw pieces carry spacing; squash decides exactly below
            return None
        parts.append(piece)
    text = squash(" ".join(parts))
    return text if len(text) <= limit else None


def longer_than(node: etree._Element, limit: int) -> bool:
    """True when the element holds more than `limit` characters of text (stops reading early)."""
    size = 0
    for piece in node.itertext():
        size += len(piece)
        if size > limit:
            return True
    return False


def remove(node: etree._Element) -> None:
    """Remove an element but keep its tail text in the document."""
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail
    if tail and tail.strip():
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(node)
