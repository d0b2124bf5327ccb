"""Cleaning stage: article page HTML -> CleanedArticle.

Stages, each a pure function on an lxml tree (trafilatura style):

1. parse (``clean_html.parse_html``; not HTML -> ``ExtractionFailed("not-html")``);
2. metadata on the untouched tree: title, date, author, canonical URL (``clean_meta``,
   ``clean_pagedate``);
3. prune: the learned site template (``site_template``), furniture by tag and class, blocks
   opened by furniture headings (``clean_html``);
4. body: main content found by trafilatura, rendered and filtered by munews (``clean_body``).

Reasons raised: ``not-html``, ``no-body`` (no article text), ``not-article`` (a page of
links, e.g. a listing reached by mistake).
"""

from __future__ import annotations

import logging
import sqlite3
from collections import deque
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from lxml import etree

from crawler.cleaning import rules
from crawler.cleaning.body import BlockFilter, BodyOptions, extract_blocks, make_lead
from crawler.cleaning.dates import to_iso
from crawler.cleaning.doclinks import document_links
from crawler.cleaning.meta import article_images, canonical_url, choose_author, site_names
from crawler.cleaning.pagedate import page_date
from crawler.cleaning.pagekind import (
    NotFoundPage,
    link_hub_evidence,
    load_not_found,
    not_found_evidence,
    save_not_found,
)
from crawler.cleaning.prune import (
    cut_headed_blocks,
    drop_captions,
    main_anchor,
    paragraphs_at_double_breaks,
    prose_chars,
    protected,
    prune_furniture,
    unwrap_layout_tables,
)
from crawler.cleaning.recover import (
    confine_to_anchor,
    content_container,
    join_split_body,
    restore_lead,
    restore_lists,
)
from crawler.cleaning.scan import scan_page
from crawler.cleaning.title import choose_title
from crawler.cleaning.tree import link_density, normalise, parse_html
from crawler.items import CleanedArticle, ExtractionFailed

if TYPE_CHECKING:
    from crawler.cleaning.template import SiteTemplate

logger = logging.getLogger(__name__)


class TreePruner(Protocol):
    """What `extract_article(template=...)` accepts: removes a site's template from a tree."""

    def prune(self, tree: etree._Element, keep: set[etree._Element] | None = None) -> int: ...


def extract_article(
    html: str,
    url: str,
    *,
    listing_title: str | None = None,
    listing_date: str | None = None,
    fetched_at: datetime | None = None,
    timezone: str = "Europe/Moscow",
    template: TreePruner | None = None,
    options: BodyOptions | None = None,
) -> CleanedArticle:
    """Extract the article of one page, or raise ExtractionFailed(reason)."""
    tree = parse_html(html)
    return extract_from_tree(tree, url, listing_title=listing_title, listing_date=listing_date,
                             fetched_at=fetched_at, timezone=timezone, template=template,
                             options=options or BodyOptions())


def extract_from_tree(tree: etree._Element, url: str, *, listing_title: str | None,
                      listing_date: str | None, fetched_at: datetime | None, timezone: str,
                      template: TreePruner | None, options: BodyOptions,
                      clock: str = "fetch-time") -> CleanedArticle:
    """The stages after parsing; `tree` is modified (pruned) in place."""
    page = scan_page(tree)
    names = site_names(page)
    anchor = main_anchor(tree)
    title, title_node = choose_title(page, listing_title, names, anchor)
    published, date_source = page_date(tree, url, title_node=title_node, listing_date=listing_date,
                                       fetched_at=fetched_at, tz=timezone, page=page)
    if date_source and date_source.endswith(":relative"):
        date_source += f"-to-{clock}"  # which clock «сегодня» was read against
    author = choose_author(page, names)
    canonical = canonical_url(page, url)
    _prune(tree, page.furniture, options, template, anchor)
    link_texts = {normalise(a.text_content() if len(a) else a.text or "") for a in tree.iter("a")}
    expected = prose_chars(tree)
    keep_body = BlockFilter(title, link_texts)
    blocks = keep_body(extract_blocks(tree, url, options, expected))
    blocks = keep_body(confine_to_anchor(tree, blocks, anchor, link_texts))
    container = content_container(tree, blocks)
    blocks = keep_body(join_split_body(tree, restore_lists(container, blocks), container))
    blocks = restore_lead(container, blocks, page.meta("description", "og:description"))
    text = "\n\n".join(blocks)
    not_found = not_found_evidence(page, title, text)
    if not_found:
        raise ExtractionFailed("soft-404", f"{url}: {not_found}")
    hub = link_hub_evidence(container, text)
    if hub:
        raise ExtractionFailed("not-article", f"{url}: a page of links: {hub}")
    _check_body(tree, blocks, link_texts, url)
    if not title:
        title = blocks[0][: rules.TITLE_MAX_CHARS] if blocks else ""
    return CleanedArticle(
        title=title, text=text, published_at=to_iso(published) if published else None,
        date_source=date_source, author=author, lead=make_lead(blocks),
        images=article_images(container, page, url), canonical_url=canonical,
        evidence=_evidence(blocks, link_texts, date_source), documents=document_links(container, url),
    )


def _evidence(blocks: list[str], link_texts: set[str], date_source: str | None) -> dict[str, object]:
    """Why the page was taken for an article: what `munews extract` shows to debug a verdict."""
    linked = sum(normalise(b) in link_texts for b in blocks)
    return {"kind": "article", "body_chars": sum(map(len, blocks)), "blocks": len(blocks),
            "linked_blocks": linked, "date_source": date_source}


def _prune(tree: etree._Element, furniture: list[etree._Element], options: BodyOptions,
           template: TreePruner | None = None, anchor: etree._Element | None = None) -> None:
    # Page-level cuts first: a headed block keeps its heading only until the template
    # removes it. Layout tables are unwrapped last, since the template knows the raw paths.
    if not options.captions:
        drop_captions(tree)
    keep = protected(tree, anchor)
    cut_headed_blocks(tree, keep)
    prune_furniture(tree, furniture, keep=keep)
    if template is not None:
        template.prune(tree, keep)
    unwrap_layout_tables(tree)
    paragraphs_at_double_breaks(tree)


def _check_body(tree: etree._Element, blocks: list[str], link_texts: set[str], url: str) -> None:
    text = "\n\n".join(blocks)
    linked = sum(normalise(b) in link_texts for b in blocks)
    # A "body" made of link texts is a listing or a tag page reached by mistake.
    if len(blocks) >= rules.LISTING_MIN_BLOCKS and linked >= rules.LISTING_LINKED_SHARE * len(blocks):
        raise ExtractionFailed("not-article", f"{url}: a list: {linked} of {len(blocks)} blocks are link texts")
    if len(text) < rules.MIN_BODY_CHARS:
        body = tree.find(".//body")
        if body is not None and (density := link_density(body)) > rules.LINK_DENSITY_MAX:
            raise ExtractionFailed("not-article", f"{url}: {len(text)} chars of body, link density {density:.2f}")
        raise ExtractionFailed("no-body", f"{url}: {len(text)} chars of body")


#: Articles whose body lengths tell the site's usual length.
_RECENT_ARTICLES = 51


class SourceCleaner:
    """Per-source cleaner that learns the site's template from the pages it sees.

    `connection` is the store's SQLite connection: what was learned is kept there with the
    source (table ``site_templates``) and reloaded on the next crawl; `close()` persists it.
    Without a connection the template lives only as long as the object.
    """

    def __init__(self, source_id: str, connection: sqlite3.Connection | None = None,
                 timezone: str = "Europe/Moscow") -> None:
        from crawler.cleaning.template import SiteTemplate

        self.source_id = source_id
        self.timezone = timezone
        self.connection = connection
        self.template: SiteTemplate = SiteTemplate.load(connection, source_id)
        self.not_found: NotFoundPage | None = load_not_found(connection, source_id)
        #: body lengths of the articles cleaned so far (the recent ones): how long this site writes
        self.article_chars: deque[int] = deque(maxlen=_RECENT_ARTICLES)

    def clean(self, html: str, url: str, *, listing_title: str | None = None,
              listing_date: str | None = None, fetched_at: datetime | None = None,
              clock: str = "fetch-time") -> CleanedArticle:
        """Clean one page of this source, learning from it first.

        `fetched_at` is the clock relative dates are read against; `clock` names it
        (``server-date``: the response's ``Date`` header; ``fetch-time``: the crawler's).
        """
        tree = parse_html(html)
        self.template.observe(tree, url)
        cleaned = extract_from_tree(tree, url, listing_title=listing_title, listing_date=listing_date,
                                    fetched_at=fetched_at, timezone=self.timezone,
                                    template=self.template, options=BodyOptions(), clock=clock)
        if self.not_found is not None:
            why = self.not_found.evidence(cleaned.title, cleaned.text, list(self.article_chars))
            if why:
                raise ExtractionFailed("soft-404", f"{url}: {why}")
        self.article_chars.append(len(cleaned.text))
        return cleaned

    def learn_not_found(self, html: str | None, url: str) -> NotFoundPage | None:
        """Remember the site's answer to a URL that cannot exist, to know it again under a
        story's URL; kept with the source for later crawls. `html` None: the site answered
        with a real 404, and what was learned before is forgotten. Not observed by the
        template: it is not an article page. A page the patterns already call a soft 404,
        or with no body, needs no comparison."""
        self.not_found = None
        if html is not None:
            try:
                probe = extract_article(html, url, timezone=self.timezone,
                                        template=self.template if self.template.ready else None)
            except ExtractionFailed:
                pass
            else:
                self.not_found = NotFoundPage.of(url, probe.title, probe.text)
        save_not_found(self.connection, self.source_id, self.not_found)
        return self.not_found

    def close(self) -> None:
        """Persist what was learned about the source."""
        if self.connection is not None:
            self.template.save(self.connection)
