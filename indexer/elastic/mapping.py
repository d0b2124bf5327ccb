"""The Elasticsearch index template and mapping owned by munews, versioned, behind an alias.

Concrete indexes are named ``<alias>-v<MAPPING_VERSION>-<timestamp>``; searches and writes go
through the alias (``ELASTICSEARCH_INDEX``), so a mapping change is a new index filled from the
store and an atomic alias swap (:mod:`indexer.elastic.reindex`). Bump :data:`MAPPING_VERSION`
on any change below.

Text is analysed by munews itself (:mod:`indexer.analysis`): the ``*_terms`` fields hold the
stems joined by spaces and are indexed with the built-in ``whitespace`` analyzer, which exists
on every distribution (the Maven integration-test zip has no analysis-common module and no
``russian`` analyzer). The original article sits in the non-indexed ``article`` object, for
results and snippets; beside it ``document_texts`` (not indexed either) holds the beginnings of
the attached documents' text, from which a hit found only in a document takes its snippet.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from indexer.analysis import ANALYZER_VERSION, analyzed_text
from indexer.attached import has_documents, indexed_text, stored_article, stored_texts
from indexer.query import recency_multiplier

if TYPE_CHECKING:
    from indexer.documents import Article

#: 2: documents_terms, has_documents, document_texts (issue 17); 3: municipality, topic, story_id (18)
MAPPING_VERSION = 3

#: Title words weigh more than body words; the same weight as the embedded backend's.
TITLE_FIELD = "title_terms"
BODY_FIELD = "body_terms"
#: The attached documents' text, weighed indexer.query.DOCUMENTS_BOOST.
DOCUMENTS_FIELD = "documents_terms"


def _terms_field() -> dict[str, Any]:
    # Positions are kept for phrase queries; norms for BM25 length normalisation (as tantivy).
    return {"type": "text", "analyzer": "whitespace", "index_options": "positions"}


def _keyword() -> dict[str, Any]:
    return {"type": "keyword"}


MAPPINGS: dict[str, Any] = {
    # strict: a field typo in munews is a loud rejection, not a silently dynamic-mapped field.
    "dynamic": "strict",
    "_meta": {"mapping_version": MAPPING_VERSION, "analyzer_version": ANALYZER_VERSION},
    # The analysed terms are derived data (rebuilt from the store, never read back): keeping
    # them out of _source halves the stored size and the bytes of every fetched hit.
    "_source": {"excludes": [TITLE_FIELD, BODY_FIELD, DOCUMENTS_FIELD]},
    "properties": {
        TITLE_FIELD: _terms_field(),
        BODY_FIELD: _terms_field(),
        DOCUMENTS_FIELD: _terms_field(),
        # The id again as a field: _id has no doc values, and search_after needs a tie-breaker.
        "id": _keyword(),
        "url": {"type": "keyword", "doc_values": False},
        "source_id": _keyword(),
        "source_name": _keyword(),
        "region": _keyword(),
        "municipality": _keyword(),  # names in the nominative, one per municipality mentioned
        "topic": _keyword(),
        "story_id": _keyword(),
        "year": _keyword(),
        "month": _keyword(),  # "2024-03" in the reader's zone: the histogram above the results
        "published_at": {"type": "date"},
        # indexer.query.recency_multiplier of the publication date, multiplied into the score.
        "recency": {"type": "float"},
        "best_practice": {"type": "boolean"},
        # At least one attached document with extracted text (the with_documents filter).
        "has_documents": {"type": "boolean"},
        "content_hash": {"type": "keyword", "index": False},
        # The article as stored: returned by get() and used for snippets, never indexed.
        "article": {"type": "object", "enabled": False},
        # [{name, text}]: each document's beginning, for snippets (indexer.attached).
        "document_texts": {"type": "object", "enabled": False},
    },
}


def index_settings(shards: int) -> dict[str, Any]:
    """Settings of every concrete index."""
    return {
        # One shard by default: BM25 statistics are then exact, as in the embedded index, and a
        # shard holds tens of millions of short articles; raise it for bigger deployments.
        "number_of_shards": shards,
        # 0 replicas on a single node (no yellow health), 1 as soon as a second node exists.
        "auto_expand_replicas": "0-1",
        # Fresh crawl results should show up quickly, but bulk loads set their own interval.
        "refresh_interval": "1s",
        # DEFLATE for stored fields: measured on 20,000 generated articles, 18.5 MB instead of
        # 50.4 MB after a force-merge, with no loss of indexing speed; only the 20 hits of a
        # page are decompressed per search.
        "codec": "best_compression",
    }


def template_name(alias: str) -> str:
    return f"{alias}-template"


def index_pattern(alias: str) -> str:
    return f"{alias}-v*"


def new_index_name(alias: str, now: datetime | None = None) -> str:
    """A fresh concrete index name: the mapping version plus a timestamp (unique per rebuild)."""
    moment = now or datetime.now(timezone.utc)
    return f"{alias}-v{MAPPING_VERSION}-{moment.strftime('%Y%m%d%H%M%S%f')}"


def template_body(alias: str, shards: int) -> dict[str, Any]:
    """The composable index template that gives every `<alias>-v*` index our mapping."""
    return {
        "index_patterns": [index_pattern(alias)],
        # Above the built-in templates' priorities (<= 100) so ours wins on the same pattern.
        "priority": 500,
        "version": MAPPING_VERSION,
        "_meta": {"managed_by": "munews"},
        "template": {"settings": index_settings(shards), "mappings": MAPPINGS},
    }


def _parse(published_at: str | None) -> datetime | None:
    if not published_at:
        return None
    try:
        return datetime.fromisoformat(published_at.replace("Z", "+00:00"))
    except ValueError:
        return None


def body_text(article: Article) -> str:
    """The text indexed as the body; the embedded backend's rule, so BM25 lengths agree."""
    # The lead is usually the first paragraph again: it counts only when it says more.
    return article.text if article.lead in article.text else f"{article.lead}\n{article.text}"


def to_document(article: Article, zone: str = "Europe/Moscow") -> dict[str, Any]:
    """The Elasticsearch document of one article: analysed terms plus the stored original."""
    published = _parse(article.published_at)
    # The year facet counts the reader's years (MUNEWS_TIMEZONE), as the embedded backend does.
    local = published.astimezone(ZoneInfo(zone)) if published else None
    year = str(local.year) if local else None
    month = f"{local.year:04d}-{local.month:02d}" if local else None
    documents = indexed_text(article)
    return {
        TITLE_FIELD: analyzed_text(article.title),
        BODY_FIELD: analyzed_text(body_text(article)),
        DOCUMENTS_FIELD: analyzed_text(documents) if documents else None,
        "id": article.id,
        "url": article.url,
        "source_id": article.source_id,
        "source_name": article.source_name,
        "region": article.region or None,  # no empty bucket in the region facet
        "municipality": sorted({m.name for m in article.municipalities}),
        "topic": list(article.topics),
        "story_id": article.story_id,
        "year": year,
        "month": month,
        # Unparsable dates are indexed as undated (the embedded backend does the same).
        "published_at": published.isoformat() if published else None,
        "recency": recency_multiplier(published),
        "best_practice": article.best_practice,
        "has_documents": has_documents(article),
        "content_hash": article.content_hash,
        # Attachments without their text (the store keeps it): a hit reads no megabytes.
        "article": stored_article(article),
        "document_texts": stored_texts(article),
    }
