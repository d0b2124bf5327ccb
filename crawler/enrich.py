"""What an article is about, added to it before it is stored: the municipalities it names
(:mod:`crawler.municipalities`), its practice topics (:mod:`crawler.topics`) and its story, the
same news on other sites (:mod:`crawler.stories`, matched against the store).

All three are on by default; ``MUNEWS_ENRICH=false`` turns them off (the benchmark's baseline,
or a deployment that wants none of it). Each is a pure function of the clean text except the
story, which needs the store's signatures of earlier articles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from crawler.municipalities import find_municipalities
from crawler.stories import StoryMatcher
from crawler.topics import tag_topics

if TYPE_CHECKING:
    from indexer.documents import Article
    from indexer.store import Store

__all__ = ["describe", "place_in_story"]


def describe(article: Article) -> Article:
    """The article with its municipalities and topics filled in (in place, and returned)."""
    article.municipalities = find_municipalities(article.title, article.text, article.region)
    article.topics = tag_topics(article.title, article.text)
    return article


def place_in_story(store: Store, article: Article) -> None:
    """Set the article's story from the store's signatures, inside the caller's transaction.

    A re-crawled article whose body did not change keeps its story without a new signature
    (most of a re-crawl, and the cheap path of the benchmark's second run).
    """
    stored = store.stored_story(article.id)
    if stored is not None and stored[0] == article.content_hash and stored[1]:
        article.story_id = stored[1]
        return
    article.story_id = StoryMatcher(store).assign(article.id, article.text, article.published_at, commit=False)
