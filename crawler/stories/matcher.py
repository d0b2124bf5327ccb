"""Give each new article its story: the story of its best verified copy in the store, else its own.

Incremental by construction: each article is compared, as it arrives, with the signatures
already stored (those of earlier crawls and of other processes), never re-clustered. A story
is not merged with another when a later article resembles both: the article joins the one
it overlaps most, and earlier assignments stay as they were.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from crawler.stories.signature import Signature, band_keys, signature
from crawler.stories.verify import Overlap, same_story

__all__ = ["StoryMatcher", "StoryStore", "assign_story"]

#: Candidates verified per article, those sharing most bands first. Copies share most of their
#: 53 bands; the cap bounds the cost when a template fills the store with partial matches.
MAX_CANDIDATES = 20
#: Band keys a candidate must share. Every dev repost shares at least 5 of the 53; an unrelated
#: article that collides by chance shares one.
MIN_SHARED_BANDS = 2


class _Candidate(Protocol):
    @property
    def story_id(self) -> str: ...

    @property
    def signature(self) -> bytes: ...


class StoryStore(Protocol):
    """What the matcher needs of the store (indexer.store_stories.StoryRecords)."""

    def save_story(self, article_id: str, story_id: str, signature: bytes, band_keys: list[int],
                   published_at: str | None, *, commit: bool = True) -> None: ...

    def story_candidates(self, band_keys: list[int], *, exclude: str = "",
                         limit: int = 20, min_shared: int = 1) -> Sequence[_Candidate]: ...

    def story_of(self, article_id: str) -> str | None: ...


class StoryMatcher:
    """Assigns story ids against one store."""

    def __init__(self, store: StoryStore, *, max_candidates: int = MAX_CANDIDATES) -> None:
        self.store = store
        self.max_candidates = max_candidates

    def best_match(self, article_id: str, sig: Signature, keys: list[int]) -> tuple[str, Overlap] | None:
        """The story of the verified candidate with the largest overlap, if any."""
        best: tuple[str, Overlap] | None = None
        for candidate in self.store.story_candidates(keys, exclude=article_id, limit=self.max_candidates,
                                                    min_shared=MIN_SHARED_BANDS):
            found = same_story(sig, Signature.from_bytes(candidate.signature))
            if found is not None and (best is None or (found.containment, found.jaccard) >
                                      (best[1].containment, best[1].jaccard)):
                best = (candidate.story_id, found)
        return best

    def assign(self, article_id: str, text: str, published_at: str | None = None, *,
               commit: bool = True) -> str:
        """Store the article's signature and return its story id."""
        sig = signature(text)
        keys = band_keys(sig)
        match = self.best_match(article_id, sig, keys)
        # An update that no longer matches anything keeps its story if it started one: the
        # articles that joined it still carry that id.
        story_id = match[0] if match is not None else self.store.story_of(article_id) or article_id
        self.store.save_story(article_id, story_id, sig.to_bytes(), keys, published_at, commit=commit)
        return story_id


def assign_story(store: StoryStore, article_id: str, text: str, published_at: str | None = None) -> str:
    """The story id of a new or updated article, kept in the store."""
    return StoryMatcher(store).assign(article_id, text, published_at)
