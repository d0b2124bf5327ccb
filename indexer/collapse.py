"""Show a story once: hits of articles that are copies of one story fold into one hit.

Neither tantivy nor a search over two backends alike offers field collapsing with exact
totals, so the fold happens above the backends: ask for more hits than the page shows, keep
the first hit of each story in ranking order (its place in the results), show in that place
the story's earliest matching publication (the original, usually), and count the story's other
publications from the store («ещё N источников»). A page deep in the results needs every
story before it: the window grows until the page is full or the results end.

``total`` stays the number of matching articles (facets count articles too); ``stories`` is
the number of distinct stories when the whole result was seen, else None.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from indexer.base import SearchBackend
from indexer.documents import SearchHit, SearchPage, SearchQuery

__all__ = ["fold_stories", "search_stories"]

#: Deepest hit asked for (both backends refuse beyond 10,000).
_MAX_WINDOW = 10_000
#: Extra hits fetched beyond the page: most results hold few reposts, so one round is usual.
_SLACK = 10

StorySizes = Callable[[list[str]], dict[str, int]]


def search_stories(backend: SearchBackend, query: SearchQuery,
                   sizes: StorySizes | None = None) -> SearchPage:
    """One page of stories for `query` (offset and limit count stories, not articles)."""
    if query.search_after is not None:
        return backend.search(query)  # cursor paging walks articles (exports, deep reads)
    wanted = query.offset + query.limit
    window = min(_MAX_WINDOW, wanted + max(_SLACK, query.limit // 2))
    while True:
        page = backend.search(replace(query, offset=0, limit=window))
        folded = fold_stories(page.hits)
        seen_all = len(page.hits) >= page.total
        if len(folded) >= wanted or seen_all or window >= _MAX_WINDOW:
            break
        window = min(_MAX_WINDOW, window * 2)
    shown = folded[query.offset:wanted]
    _count_others(shown, sizes)
    return SearchPage(total=page.total, hits=shown, facets=page.facets,
                      next_cursor=None, stories=len(folded) if seen_all else None,
                      notices=page.notices, suggestion=page.suggestion)


def fold_stories(hits: list[SearchHit]) -> list[SearchHit]:
    """Hits in ranking order, one per story: at the story's best place its earliest hit."""
    groups: dict[str, list[SearchHit]] = {}
    for hit in hits:
        groups.setdefault(hit.story_id or hit.id, []).append(hit)
    folded = []
    for members in groups.values():
        head = min(members, key=_publication_order)
        head.story_others = len(members) - 1  # the store's count replaces it when known
        folded.append(head)
    return folded


def _publication_order(hit: SearchHit) -> tuple[bool, float]:
    # Undated copies never head a story that has a dated one; ties keep ranking order (min is stable).
    if not hit.published_at:
        return (True, 0.0)
    try:
        return (False, datetime.fromisoformat(hit.published_at.replace("Z", "+00:00")).timestamp())
    except (ValueError, TypeError, OverflowError):
        return (True, 0.0)


def _count_others(hits: list[SearchHit], sizes: StorySizes | None) -> None:
    if sizes is None or not hits:
        return
    counted = sizes([hit.story_id or hit.id for hit in hits])
    for hit in hits:
        size = counted.get(hit.story_id or hit.id)
        if size is not None:
            hit.story_others = max(size - 1, hit.story_others)
