"""What the routes ask of the data: searches, articles, sources, health.

One object per app, shared by the JSON API, the feed and the web page. The SQLite connection
is used from FastAPI's worker threads, always under ``store_lock`` (a sqlite3 connection may
cross threads but must not be used by two at once). The search backend is called without a
lock: both backends serve concurrent reads (tantivy searchers, the ES client's pool).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from indexer.collapse import search_stories
from indexer.documents import Article, Attachment, SearchHit, SearchPage
from indexer.source_checks import latest_checks
from indexer.story_queries import StoryMember, story_members, story_sizes
from search_api.snippets import safe_snippet

if TYPE_CHECKING:
    from indexer.base import SearchBackend
    from indexer.config import Config
    from indexer.store import Store
    from search_api.schemas import SearchParams

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SourceInfo:
    """A source as shown on the sources page: registry entry, article count, last crawl."""

    id: str
    name: str
    region: str
    enabled: bool
    articles: int
    last_crawl: dict[str, Any] | None
    last_check: Any = None  # indexer.source_checks.SourceCheck of `munews sources check`, if any


class SearchService:
    """Searches, articles and sources for the routes; owns nothing it did not open."""

    def __init__(self, config: Config, backend: SearchBackend, store: Store) -> None:
        self.config = config
        self.backend = backend
        self.store = store
        self.store_lock = threading.Lock()
        self._registry: tuple[float, list[Any]] | None = None

    def search(self, params: SearchParams, *, facets: bool = True) -> SearchPage:
        """One page of hits with snippets made safe (see :mod:`search_api.snippets`); a story
        republished by several sites is one hit unless ``params.collapse`` is off."""
        query = params.to_query(facets=facets)
        if query.regions:
            query = replace(query, regions=self.canonical_regions(query.regions))
        page = (search_stories(self.backend, query, self.story_sizes) if params.collapse
                else self.backend.search(query))
        for hit in page.hits:
            hit.snippet = safe_snippet(hit.snippet)
            hit.title_html = safe_snippet(hit.title_html)
        return page

    def article(self, article_id: str) -> Article | None:
        """The stored article (full clean text), else what the backend holds."""
        with self.store_lock:
            found = self.store.get(article_id)
        return found if found is not None else self.backend.get(article_id)

    def canonical_regions(self, regions: tuple[str, ...]) -> tuple[str, ...]:
        """Regions as the registry spells them: «курская область» finds «Курская область»
        (the index keeps exact values, people type as they like); unknown ones pass as given."""
        with self.store_lock:
            known = {source.region.casefold(): source.region for source in self._load_registry()
                     if source.region}
        return tuple(dict.fromkeys(known.get(" ".join(r.split()).casefold(), r) for r in regions))

    def region_names(self) -> list[str]:
        """Every region of the registry, sorted: the choices of the subscription form."""
        with self.store_lock:
            return sorted({source.region for source in self._load_registry() if source.region})

    def story_sizes(self, story_ids: list[str]) -> dict[str, int]:
        """Live publications of each story, from the store."""
        with self.store_lock:
            return story_sizes(self.store.connection, story_ids)

    def article_with_story(self, article_id: str) -> tuple[Article, list[StoryMember]] | None:
        """The article and the other publications of its story (None: no such article)."""
        article = self.article(article_id)
        return None if article is None else (article, self.story(article))

    def story(self, article: Article) -> list[StoryMember]:
        """The other publications of an article's story, earliest first."""
        with self.store_lock:
            members = story_members(self.store.connection, article.story_id)
        return [member for member in members if member.id != article.id]

    def attachments(self, article_ids: list[str]) -> dict[str, list[Attachment]]:
        """The attached documents (without text) of stored articles that have any: for feeds."""
        if not article_ids:
            return {}
        with self.store_lock:
            found = self.store.attachments_of(article_ids)
        return {article_id: records for article_id, records in found.items() if records}

    def first_seen(self, article_ids: list[str]) -> dict[str, tuple[str, int]]:
        """(first_seen_at, seq) of each stored article: the clock of «new since the last visit»."""
        with self.store_lock:
            return self.store.first_seen_and_seq(article_ids)

    def article_count(self) -> int:
        with self.store_lock:
            return self.store.count()

    def sources(self) -> list[SourceInfo]:
        """Every registered source, plus sources only the store knows (e.g. removed ones)."""
        with self.store_lock:
            counts = self.store.source_counts()
            registry = self._load_registry()
            known = {source.id for source in registry}
            extra = sorted(set(counts) - known)
            last = {sid: self._last_run(sid) for sid in [*known, *extra]}
            checks = latest_checks(self.store.connection)
        infos = [
            SourceInfo(s.id, s.name, s.region, s.enabled, counts.get(s.id, 0), last[s.id], checks.get(s.id))
            for s in registry
        ]
        infos += [SourceInfo(sid, sid, "", False, counts[sid], last[sid]) for sid in extra]
        return sorted(infos, key=lambda info: (info.region, info.name))

    def source_names(self) -> dict[str, str]:
        """Source id -> display name from the registry (facets show names, filter by id)."""
        with self.store_lock:
            return {source.id: source.name for source in self._load_registry()}

    def _last_run(self, source_id: str) -> dict[str, Any] | None:
        runs = self.store.runs(source_id, limit=1)
        return runs[0] if runs else None

    def _load_registry(self) -> list[Any]:
        """The sources registry, re-read when the file changes; [] when it is unusable."""
        from indexer.sources import SourcesError, load_sources

        path = Path(self.config.sources_file)
        try:
            mtime = path.stat().st_mtime
        except OSError:
            return []
        if self._registry is None or self._registry[0] != mtime:
            try:
                self._registry = (mtime, load_sources(path))
            except (SourcesError, OSError) as exc:
                # The page still lists what the store knows; `munews sources` shows the problems.
                logger.warning("sources registry %s unusable: %s", path, exc)
                self._registry = (mtime, [])
        return self._registry[1]


def hit_dict(hit: SearchHit) -> dict[str, Any]:
    """A hit in the API's JSON shape."""
    return {
        "id": hit.id, "title": hit.title, "url": hit.url, "source": hit.source_id,
        "source_name": hit.source_name, "region": hit.region, "published_at": hit.published_at,
        "snippet": hit.snippet, "title_html": hit.title_html, "best_practice": hit.best_practice,
        "matched_document": hit.matched_document, "story_id": hit.story_id,
        "story_others": hit.story_others, "topics": list(hit.topics),
    }


def article_dict(article: Article) -> dict[str, Any]:
    """An article in the API's JSON shape."""
    return {
        "id": article.id, "url": article.url, "title": article.title, "text": article.text,
        "lead": article.lead, "source": article.source_id, "source_name": article.source_name,
        "region": article.region, "published_at": article.published_at, "author": article.author,
        "images": list(article.images), "fetched_at": article.fetched_at,
        "best_practice": article.best_practice,
        "attachments": [attachment_dict(a) for a in article.attachments],
        "municipalities": [m.to_dict() for m in article.municipalities], "topics": list(article.topics),
        "story_id": article.story_id,
    }


def story_member_dict(member: StoryMember) -> dict[str, Any]:
    """Another publication of a story in the API's JSON shape."""
    return {"id": member.id, "url": member.url, "title": member.title, "source": member.source_id,
            "source_name": member.source_name, "region": member.region,
            "published_at": member.published_at}


def attachment_dict(attachment: Attachment) -> dict[str, Any]:
    """An attached document in the API's JSON shape: what it is, not what it says."""
    return {
        "url": attachment.url, "title": attachment.title, "kind": attachment.kind,
        "status": attachment.status, "error": attachment.error, "size": attachment.size,
        "pages": attachment.pages, "text_chars": len(attachment.text),
    }
