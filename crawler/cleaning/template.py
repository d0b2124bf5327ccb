"""Site-template learning: what recurs on many pages of one source is the site, not the article.

Every block of a page gets two fingerprints: its DOM path (tags and class names from the root,
digits dropped) with its normalised text, and its DOM path alone. Over the pages of a source:

* a block whose *path and text* recur on most pages is template (menus, slogans, footers,
  the «Последние новости» heading) and is removed from every page of that source;
* a *path* present on most pages whose blocks are mostly links is a rotating template
  container (a «Последние новости» list whose headlines change from page to page) and is
  removed where it again holds links.

Deciding by path *and* text means an article that quotes a footer sentence keeps it: the
quote sits at the article's path, not the footer's. Counts decay exponentially, so a
redesign is learned within a few dozen pages. The state is kept per source in the store
file (table ``site_templates``); a new source has no state and gets page-level cleaning only.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone

from lxml import etree

from crawler.cleaning.blocks import (
    HEADLINE_MIN_CHARS,
    ITEM_MAX_CHARS,
    LINKY_DENSITY,
    element_segment,
    page_blocks,
)
from crawler.cleaning.prune import INLINE_TAGS, protected
from crawler.cleaning.tree import link_density, node_text, normalise, remove, short_text

logger = logging.getLogger(__name__)

#: Pages of a source seen before the template is applied. Three pages already separate a
#: recurring block (3 of 3) from an article's own text (1 of 3) on every fixture family,
#: and a crawl sees hundreds; fewer than 3 would call two similar articles a template.
MIN_PAGES = 3
#: Share of pages a block must appear on to be template. 0.6 tolerates sections that show a
#: block on most but not all pages (a banner missing on galleries), while an article's own
#: paragraph appears on one page only.
MIN_SHARE = 0.6
#: Share of a path's blocks that must be link-dense for it to be a rotating headline list.
LINKY_SHARE = 0.8
#: Each observed page multiplies old counts by this: the last ~50 pages dominate, so a
#: redesign replaces the old template instead of piling on it.
DECAY = 0.98
#: URLs remembered as already observed (a crawl's worth of pages per source).
MAX_SEEN = 5000
#: Counts below this are forgotten when saved, which keeps the stored state small.
FORGET_BELOW = 0.3
# Counts are kept in growing units (a global decay applied lazily, see SiteTemplate): once the
# unit passes RENORMALISE_AT they are rescaled to 1 in one pass, far from float overflow.
RENORMALISE_AT = 1e50
# The learned dicts are compacted (forgotten blocks dropped) whenever they double past this
# size, so a long crawl costs the same per page and holds a bounded number of keys.
COMPACT_MIN_KEYS = 4096
#: Blocks with less text than this are not fingerprinted (empty wrappers, icons).
MIN_TEXT = 2

_DIGITS = re.compile(r"\d+")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS site_templates (
    source_id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    pages REAL NOT NULL,
    updated_at TEXT NOT NULL
)
"""


def walk(tree: etree._Element) -> Iterator[tuple[etree._Element, str]]:
    """(element, DOM path) for every element below <body>, in document order.

    The per-element definition; the learning itself reads `blocks.page_blocks` (one pass).
    """
    stack: list[tuple[etree._Element, str]] = [(tree, "")]
    while stack:
        node, prefix = stack.pop()
        for child in reversed([c for c in node if isinstance(c.tag, str)]):
            path = f"{prefix}/{element_segment(child)}"
            stack.append((child, path))
        if node is not tree:
            yield node, prefix


def in_running_text(node: etree._Element) -> bool:
    """True for an inline element with text of its parent's sentence right before or after it.

    Every story of a site may link the association's name in its first sentence, at the same
    place of the page: the same text at the same path, which is what a template block looks
    like. Removing it would leave «Ассоциация «» провела…».
    """
    if node.tag not in INLINE_TAGS:
        return False
    if node.tail and node.tail.strip():
        return True
    previous = node.getprevious()
    before = previous.tail if previous is not None else node.getparent().text
    return bool(before and before.strip())


def is_linky(node: etree._Element, text: str | None = None) -> bool:
    """A link list or a headline item: mostly link text, or text that opens with a headline link.

    «Other news» items often are a headline link plus a teaser sentence, which keeps their
    link density low; the headline link at the start is what gives them away. `text`: the
    element's `node_text` when the caller has it already.
    """
    if link_density(node, None if text is None else len(text)) > LINKY_DENSITY:
        return True
    item = short_text(node, ITEM_MAX_CHARS)
    if not item:
        return False  # a page wrapper that merely opens with the logo link
    for link in node.iter("a"):
        headline = node_text(link)
        return len(headline) >= HEADLINE_MIN_CHARS and item.startswith(headline)
    return False


def _text_key(path: str, text: str) -> str:
    digest = hashlib.sha1(_DIGITS.sub("0", normalise(text)).encode("utf-8")).hexdigest()[:16]
    return f"{path}|{digest}"


@dataclass
class SiteTemplate:
    """The learned template of one source; `observe` pages, then `prune` them."""

    source_id: str
    pages: float = 0.0
    texts: dict[str, float] = field(default_factory=dict)
    paths: dict[str, list[float]] = field(default_factory=dict)  # path -> [pages seen, linky share sum]
    seen: list[str] = field(default_factory=list)  # digests of the URLs observed, oldest first
    # `texts` and `paths` hold counts times `unit`: decaying every count by DECAY per page is
    # done by growing the unit instead (O(1) per page, not O(keys)); true count = stored / unit.
    unit: float = 1.0
    _compact_at: int = COMPACT_MIN_KEYS

    @classmethod
    def load(cls, connection: sqlite3.Connection | None, source_id: str) -> SiteTemplate:
        """The stored template of a source, or an empty one."""
        if connection is None:
            return cls(source_id)
        connection.execute(_SCHEMA)
        row = connection.execute("SELECT state, pages FROM site_templates WHERE source_id = ?",
                                 (source_id,)).fetchone()
        if row is None:
            return cls(source_id)
        state = json.loads(row[0])
        return cls(source_id, pages=float(row[1]), texts=state.get("texts", {}),
                   paths=state.get("paths", {}), seen=state.get("seen", []))

    def save(self, connection: sqlite3.Connection) -> None:
        """Store the template with its source (forgotten blocks dropped)."""
        connection.execute(_SCHEMA)
        self._renormalise()
        texts = {k: round(v, 3) for k, v in self.texts.items() if v >= FORGET_BELOW}
        paths = {k: [round(v[0], 3), round(v[1], 3)] for k, v in self.paths.items() if v[0] >= FORGET_BELOW}
        connection.execute(
            "INSERT INTO site_templates (source_id, state, pages, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(source_id) DO UPDATE SET state = excluded.state, pages = excluded.pages, "
            "updated_at = excluded.updated_at",
            (self.source_id, json.dumps({"texts": texts, "paths": paths, "seen": self.seen[-MAX_SEEN:]}),
             self.pages,
             datetime.now(timezone.utc).isoformat(timespec="seconds")),
        )
        connection.commit()

    @property
    def ready(self) -> bool:
        """True once enough pages were seen for the template to be trusted."""
        return self.pages >= MIN_PAGES

    def observe(self, tree: etree._Element, url: str | None = None) -> None:
        """Count the blocks of one page of this source (a URL already counted is skipped)."""
        body = tree.find(".//body")
        if body is None:
            return
        if url is not None:
            # Re-crawls fetch the same articles again; counting them twice would make an
            # article of a small site look like its template.
            digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:12]
            if digest in self._seen_set():
                return
            self.seen.append(digest)
            self._seen_set().add(digest)
        page_texts: set[str] = set()
        page_paths: dict[str, list[int]] = {}
        for block in page_blocks(body):
            if len(block.text) < MIN_TEXT:
                continue
            path = block.path
            page_texts.add(_text_key(path, block.text))
            counts = page_paths.setdefault(path, [0, 0])
            counts[0] += 1
            counts[1] += block.linky
        self._decay()
        self.pages += 1
        unit = self.unit
        for key in page_texts:
            self.texts[key] = self.texts.get(key, 0.0) + unit
        for path, (total, linky) in page_paths.items():
            entry = self.paths.setdefault(path, [0.0, 0.0])
            entry[0] += unit
            entry[1] += unit * linky / total
        if len(self.texts) + len(self.paths) >= self._compact_at:
            self._compact()

    def _seen_set(self) -> set[str]:
        cache: set[str] | None = getattr(self, "_seen_cache", None)
        if cache is None:
            cache = set(self.seen[-MAX_SEEN:])
            self._seen_cache: set[str] | None = cache
        return cache

    def _decay(self) -> None:
        self.pages *= DECAY
        self.unit /= DECAY
        if self.unit >= RENORMALISE_AT:
            self._renormalise()

    def _renormalise(self) -> None:
        """Back to true counts (unit 1), dropping what is forgotten."""
        scale = 1.0 / self.unit
        self.texts = {k: v * scale for k, v in self.texts.items() if v * scale >= FORGET_BELOW}
        self.paths = {k: [v[0] * scale, v[1] * scale] for k, v in self.paths.items()
                      if v[0] * scale >= FORGET_BELOW}
        self.unit = 1.0

    def _compact(self) -> None:
        """Forget blocks whose decayed count fell below FORGET_BELOW; amortised O(1) per key."""
        floor = FORGET_BELOW * self.unit
        self.texts = {k: v for k, v in self.texts.items() if v >= floor}
        self.paths = {k: v for k, v in self.paths.items() if v[0] >= floor}
        self._compact_at = max(COMPACT_MIN_KEYS, 2 * (len(self.texts) + len(self.paths)))

    def is_template(self, node: etree._Element, path: str) -> bool:
        """True when this block, at this path, is part of the site's template."""
        text = node_text(node)
        return len(text) >= MIN_TEXT and (
            self._recurring_text(path, text) or (self._rotating_path(path) and is_linky(node, text)))

    def _threshold(self) -> float:
        return MIN_SHARE * self.pages * self.unit  # in the stored counts' unit

    def _recurring_text(self, path: str, text: str) -> bool:
        """This text at this path is on most pages (a menu, a slogan, a footer)."""
        return self.texts.get(_text_key(path, text), 0.0) >= self._threshold()

    def _rotating_path(self, path: str) -> bool:
        """This path is on most pages and mostly holds links (a «Последние новости» list)."""
        entry = self.paths.get(path)
        return entry is not None and entry[0] >= self._threshold() and entry[1] >= LINKY_SHARE * entry[0]

    def prune(self, tree: etree._Element, keep: set[etree._Element] | None = None) -> int:
        """Remove the template's blocks from a page; returns how many were removed."""
        body = tree.find(".//body")
        if body is None or not self.ready:
            return 0
        doomed: list[etree._Element] = []
        # The story's container and its ancestors are never template.
        keep = protected(tree) if keep is None else keep
        # Document order, skipping the descendants of a removed block (they go with it).
        blocks = page_blocks(body)
        index = 0
        while index < len(blocks):
            block = blocks[index]
            node = block.element
            if in_running_text(node):
                index = block.end  # a word of a sentence, however often the site links it
            elif node not in keep and len(block.text) >= MIN_TEXT and (
                    self._recurring_text(block.path, block.text)
                    or (self._rotating_path(block.path) and block.linky)):
                doomed.append(node)
                index = block.end
            else:
                index += 1
        for node in doomed:
            remove(node)
        logger.debug("site template of %s removed %d blocks", self.source_id, len(doomed))
        return len(doomed)
