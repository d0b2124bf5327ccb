"""Public Telegram channels as sources: the web preview ``https://t.me/s/NAME``.

The preview page lists a channel's latest messages (about twenty), oldest first, each a
``div.tgme_widget_message`` with ``data-post="NAME/ID"``, its text in
``div.tgme_widget_message_text`` and its moment in ``<time datetime>`` (with offset); a
``a.tme_messages_more`` link (``?before=ID``) leads to older ones. No JavaScript is needed.

Each message becomes an article: its first line (or sentence) is the title, its text the
body, its links kept, its attached files listed (they are downloaded only in Telegram), its
post URL ``https://t.me/NAME/ID`` the canonical URL. A crawl walks older pages only while a
page held nothing it knew, so a re-crawl reads the newest page alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from lxml import etree
from lxml import html as lxml_html
from scrapy.http import TextResponse

from crawler.best_practice.tagger import is_best_practice
from indexer.documents import Article, Attachment

__all__ = ["ChannelMessage", "TelegramMixin", "read_channel"]

#: A title is the first line, cut to its first sentence when longer than this.
TITLE_MAX_CHARS = 150
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[«\"A-ZА-ЯЁ0-9])")
_POST = re.compile(r"^([A-Za-z][A-Za-z0-9_]{3,31})/(\d+)$")


@dataclass
class ChannelMessage:
    post_id: int
    url: str  # the post's own URL: origin/NAME/ID
    published_at: str | None  # ISO 8601 with the offset Telegram gives
    paragraphs: list[str]
    links: list[tuple[str, str]] = field(default_factory=list)  # (URL, text) in the text
    files: list[str] = field(default_factory=list)  # titles of attached documents

    @property
    def title(self) -> str:
        first = self.paragraphs[0]
        if len(first) <= TITLE_MAX_CHARS:
            return first
        sentence = _SENTENCE_END.split(first, 1)[0]
        return sentence if len(sentence) <= TITLE_MAX_CHARS else first[: TITLE_MAX_CHARS - 1].rstrip() + "…"


def read_channel(html: str, page_url: str) -> tuple[list[ChannelMessage], str | None]:
    """The messages of one preview page, newest first, and the URL of the older page."""
    root = lxml_html.document_fromstring(html)
    parts = urlsplit(page_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    messages = []
    for node in root.xpath('//div[contains(concat(" ", @class, " "), " tgme_widget_message ")][@data-post]'):
        message = _message(node, origin, page_url)
        if message is not None:
            messages.append(message)
    more = root.xpath('//a[contains(@class, "tme_messages_more")][@href]')
    older = urljoin(page_url, more[0].get("href")) if more and "before=" in more[0].get("href", "") else None
    return sorted(messages, key=lambda m: m.post_id, reverse=True), older


def _message(node: etree._Element, origin: str, page_url: str) -> ChannelMessage | None:
    post = _POST.match(node.get("data-post", ""))
    if post is None:
        return None
    texts = node.xpath('.//div[contains(concat(" ", @class, " "), " tgme_widget_message_text ")]')
    if not texts:
        return None  # a photo or a poll without words: nothing to search
    text = texts[-1]  # a reply quotes the replied message's text first
    for br in text.iter("br"):
        br.tail = "\n" + (br.tail or "")
    paragraphs = [" ".join(line.split()) for line in text.text_content().split("\n")]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        return None
    links = [(urljoin(page_url, a.get("href")), " ".join(a.text_content().split()))
             for a in text.iter("a") if a.get("href", "").startswith(("http://", "https://", "/"))]
    files = [" ".join(t.text_content().split()) for t in
             node.xpath('.//div[contains(@class, "tgme_widget_message_document_title")]')]
    moments = node.xpath('.//a[contains(@class, "tgme_widget_message_date")]//time[@datetime]')
    published = _iso(moments[0].get("datetime")) if moments else None
    name, post_id = post.group(1), int(post.group(2))
    return ChannelMessage(post_id, f"{origin}/{name}/{post_id}", published, paragraphs, links, files)


def _iso(value: str | None) -> str | None:
    try:
        return datetime.fromisoformat(value or "").isoformat() if value else None
    except ValueError:
        return None


class TelegramMixin:
    """The spider's side: the channel's requests and its pages turned into articles."""

    source: Any  # indexer.sources.Source, provided by the spider
    state: Any  # spiders.crawl_state.CrawlState, provided by IncrementalMixin

    def telegram_requests(self) -> Iterator[scrapy.Request]:
        if self.source.telegram_url:
            yield self.make_request(self.source.telegram_url, "channel")  # type: ignore[attr-defined]

    def parse_channel(self, response: TextResponse) -> Iterator[Article | scrapy.Request]:
        key = self.request_key(response)  # type: ignore[attr-defined]
        messages, older = read_channel(response.text, response.url)
        self.stat("munews/telegram_pages")  # type: ignore[attr-defined]
        known = 0
        for message in messages:
            if self.state.known(message.url) or message.url in self.emitted:  # type: ignore[attr-defined]
                known += 1
                continue
            self.emitted.add(message.url)  # type: ignore[attr-defined]
            self.expect_item(message.url, message.url, {}, kind="message")  # type: ignore[attr-defined]
            yield self._article(message)
        self.state.done(key, kind="channel")
        # A page that held a known message reached what earlier crawls read: stop there.
        if older and messages and not known:
            if self.budget_left():  # type: ignore[attr-defined]
                yield self.make_request(older, "channel")  # type: ignore[attr-defined]
            else:
                self.defer(older, "channel")  # type: ignore[attr-defined]

    def _article(self, message: ChannelMessage) -> Article:
        text = "\n\n".join(message.paragraphs)
        files = [Attachment(url=message.url, title=title, kind=_kind_of(title), status="not-fetched",
                            error="a Telegram file: downloadable in Telegram only") for title in message.files]
        from crawler.attachments_pipeline import found_attachments

        documents = [(url, label) for url, label in message.links if _kind_of(url) != "unknown"]
        return Article(
            url=message.url, source_id=self.source.id, source_name=self.source.name, region=self.source.region,
            title=message.title, text=text, published_at=message.published_at, date_source="telegram",
            lead=message.paragraphs[0][:300], fetched_at=_now(), best_practice=is_best_practice(message.title, text),
            attachments=[*found_attachments(documents), *files],
        )


def _kind_of(name: str) -> str:
    from crawler.attachments import document_kind_of_link

    return document_kind_of_link(name if "/" in name else f"/{name}") or "unknown"


def _now() -> str:
    from spiders.incremental import utc_now

    return utc_now()
