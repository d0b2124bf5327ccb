"""The embedded search backend: a tantivy index in ``<data dir>/index``, derived from the store.

Text fields hold the terms of :mod:`indexer.analysis` joined by spaces and are indexed with
tantivy's ``whitespace`` tokenizer, so the embedded and the Elasticsearch backends index the
very same tokens. Ranking is BM25 per field (title boosted, :data:`indexer.query.TITLE_BOOST`;
attached documents weighed down, :data:`indexer.query.DOCUMENTS_BOOST`) multiplied by a
recency factor: the ``recency`` fast field stores ``2**m - 2`` where ``m`` is
:func:`indexer.query.recency_multiplier`, because tantivy's ``weight_by_field`` multiplies the
score by ``log2(2 + value)``. Snippets are built in Python (:mod:`indexer.snippets`) from the
stored original text, or from a document's stored beginning (:mod:`indexer.attached`).

One writer at a time: the first write takes an ``flock`` on ``index/write.lock`` (a second
process waits up to ``lock_timeout`` seconds, then gets :class:`IndexUnavailable`), and
:meth:`EmbeddedBackend.commit` releases it. Readers reload the searcher when ``meta.json``
changes, so they see a commit without restarting.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import tantivy

from indexer.analysis import ANALYZER_VERSION, analyzed_text
from indexer.attached import has_documents, hit_snippet, indexed_text, stored_article, stored_texts
from indexer.documents import SORTS, Article, SearchHit, SearchPage, SearchQuery
from indexer.embedded_query import SearcherVocabulary, combined_query, searcher_expander
from indexer.errors import IndexUnavailable, IndexWriteError, InvalidQuery
from indexer.locking import WriteLock
from indexer.query import parse_query, recency_multiplier
from indexer.snippets import Highlighter, highlighter
from indexer.suggest import suggest, wants_suggestion

if TYPE_CHECKING:
    from indexer.config import Config

logger = logging.getLogger(__name__)

#: Bump when the fields below change; with ANALYZER_VERSION it is checked on open.
SCHEMA_VERSION = "3"  # 2: documents, has_documents, doc_texts (17); 3: municipality, topic, story (18)
_VERSION_FILE = "munews-index.json"
#: Facet buckets returned: more regions than Russia has, more sources than a page can show.
FACET_SIZE = 200
#: Months of the histogram above the results: twenty years of an archive.
MONTH_BUCKETS = 240
#: Facet name -> the field it counts, and how many buckets.
FACET_FIELDS = (("region", "region", FACET_SIZE), ("source", "source", FACET_SIZE), ("year", "year", FACET_SIZE),
                ("municipality", "municipality", FACET_SIZE), ("topic", "topic", FACET_SIZE),
                ("month", "month", MONTH_BUCKETS))
#: Deepest page served: the collector allocates offset + limit slots, and Elasticsearch's
#: default max_result_window is the same, so both backends refuse alike.
MAX_RESULT_WINDOW = 10_000
#: Writer memory: tantivy flushes a segment when it is full; 128 MB keeps segments few.
WRITER_HEAP_BYTES = 128_000_000


def build_schema() -> tantivy.Schema:
    """Fields: analysed title/body/documents, raw facet fields, numeric filters, the stored
    article and the beginnings of its documents' text (for snippets)."""
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", tokenizer_name="raw")
    builder.add_text_field("title", tokenizer_name="whitespace")
    builder.add_text_field("body", tokenizer_name="whitespace")
    builder.add_text_field("documents", tokenizer_name="whitespace")  # attached documents' text
    builder.add_text_field("region", tokenizer_name="raw", fast=True)
    builder.add_text_field("source", tokenizer_name="raw", fast=True)
    builder.add_text_field("municipality", tokenizer_name="raw", fast=True)  # one value per mention
    builder.add_text_field("topic", tokenizer_name="raw", fast=True)
    builder.add_text_field("story", tokenizer_name="raw", fast=True)
    builder.add_text_field("month", tokenizer_name="raw", fast=True)  # "2024-03", the reader's month
    builder.add_integer_field("published", indexed=True, fast=True)  # epoch seconds, 0 = undated
    builder.add_integer_field("year", indexed=True, fast=True)
    builder.add_integer_field("best_practice", indexed=True, fast=True)
    builder.add_integer_field("has_documents", indexed=True, fast=True)
    builder.add_float_field("recency", fast=True)
    builder.add_bytes_field("doc", stored=True)  # the Article as JSON, for hits and get()
    builder.add_bytes_field("doc_texts", stored=True)  # indexer.attached.stored_texts as JSON
    return builder.build()


class EmbeddedBackend:
    """tantivy index implementing :class:`indexer.base.SearchBackend`."""

    name = "embedded"

    def __init__(self, index_dir: str | Path, *, timezone: str = "Europe/Moscow",
                 readonly: bool = False, lock_timeout: float = 120.0,
                 recreate: bool = False, writer_threads: int = 1) -> None:
        self.index_dir = Path(index_dir)
        self.timezone = timezone
        self.readonly = readonly
        self.writer_threads = writer_threads
        self.schema = build_schema()
        self._lock_timeout = lock_timeout
        self._lock = WriteLock(self.index_dir / "write.lock", lock_timeout) if not readonly else None
        self._open(recreate)
        self._writer: Any = None
        self._cleared = False  # clear() was called in the current write session
        self._meta_mtime = self._read_meta_mtime()

    @classmethod
    def from_config(cls, config: Config, **options: Any) -> EmbeddedBackend:
        """The index of a configured data directory."""
        return cls(config.index_dir, timezone=config.timezone, **options)

    def _open(self, recreate: bool) -> None:
        if recreate and self.index_dir.exists():
            self._with_lock(lambda: shutil.rmtree(self.index_dir))
        self.index_dir.mkdir(parents=True, exist_ok=True)
        if (self.index_dir / "meta.json").exists():
            self._open_existing()
        else:
            # Two processes starting on a fresh data directory must not both create the index.
            self._with_lock(self._open_existing)

    def _open_existing(self) -> None:
        version = {"analyzer": ANALYZER_VERSION, "schema": SCHEMA_VERSION}
        version_file = self.index_dir / _VERSION_FILE
        if version_file.exists():
            found = json.loads(version_file.read_text(encoding="utf-8"))
            if found != version:
                raise IndexUnavailable(
                    f"the index in {self.index_dir} was built by another version ({found}, "
                    f"expected {version}); rebuild it with `munews reindex`"
                )
        try:
            self._index = tantivy.Index(self.schema, path=str(self.index_dir), reuse=True)
        except ValueError as exc:
            raise IndexUnavailable(f"cannot open the index in {self.index_dir}: {exc}") from exc
        if not version_file.exists():
            version_file.write_text(json.dumps(version), encoding="utf-8")

    def _with_lock(self, action: Any) -> None:
        lock = WriteLock(self.index_dir / "write.lock", self._lock_timeout)
        lock.acquire()
        try:
            action()
        finally:
            lock.release()

    # -- writing ---------------------------------------------------------------------------------

    def _writer_or_open(self) -> Any:
        if self._lock is None:
            raise IndexWriteError("the index was opened read-only")
        if self._writer is None:
            self._lock.acquire()
            try:
                self._writer = self._index.writer(WRITER_HEAP_BYTES, self.writer_threads)
            except ValueError as exc:
                self._lock.release()
                raise IndexUnavailable(f"cannot write the index in {self.index_dir}: {exc}") from exc
        return self._writer

    def index(self, articles: Iterable[Article]) -> int:
        """Add or replace articles by id; visible after :meth:`commit`."""
        writer = self._writer_or_open()
        accepted = 0
        for article in articles:
            if not self._cleared:  # after clear() nothing is left to replace
                writer.delete_documents_by_term("id", article.id)
            writer.add_document(self._document(article))
            accepted += 1
        return accepted

    def _document(self, article: Article) -> tantivy.Document:
        published = _parse_datetime(article.published_at)
        doc = tantivy.Document()
        doc.add_text("id", article.id)
        doc.add_text("title", analyzed_text(article.title))
        # The lead is usually the first paragraph again: index it only when it says more.
        body = article.text if article.lead in article.text else f"{article.lead}\n{article.text}"
        doc.add_text("body", analyzed_text(body))
        documents = indexed_text(article)
        if documents:
            doc.add_text("documents", analyzed_text(documents))
        if article.region:
            doc.add_text("region", article.region)
        doc.add_text("source", article.source_id)
        for name in {m.name for m in article.municipalities}:
            doc.add_text("municipality", name)
        for topic in article.topics:
            doc.add_text("topic", topic)
        doc.add_text("story", article.story_id)
        doc.add_integer("published", int(published.timestamp()) if published else 0)
        if published is not None:
            local = published.astimezone(ZoneInfo(self.timezone))
            doc.add_integer("year", local.year)
            doc.add_text("month", f"{local.year:04d}-{local.month:02d}")
        doc.add_integer("best_practice", int(article.best_practice))
        doc.add_integer("has_documents", int(has_documents(article)))
        # tantivy multiplies the score by log2(2 + recency): store 2**m - 2 to get exactly m.
        doc.add_float("recency", 2.0 ** recency_multiplier(published) - 2.0)
        doc.add_bytes("doc", json.dumps(stored_article(article), ensure_ascii=False).encode("utf-8"))
        texts = stored_texts(article)
        if texts:
            doc.add_bytes("doc_texts", json.dumps(texts, ensure_ascii=False).encode("utf-8"))
        return doc

    def delete(self, article_ids: Iterable[str]) -> None:
        """Remove articles by id; visible after :meth:`commit`."""
        writer = self._writer_or_open()
        for article_id in article_ids:
            writer.delete_documents_by_term("id", article_id)

    def commit(self) -> None:
        """Make the writes visible and let the next writer in."""
        if self._writer is None:
            return
        try:
            self._writer.commit()
            self._writer.wait_merging_threads()
        finally:
            self._writer = None
            self._cleared = False
            if self._lock is not None:
                self._lock.release()
        self._index.reload()
        self._meta_mtime = self._read_meta_mtime()

    def clear(self) -> None:
        """Delete every document (visible after commit, so readers never see an empty index)."""
        self._writer_or_open().delete_all_documents()
        self._cleared = True

    def close(self) -> None:
        """Drop uncommitted writes and release the lock."""
        if self._writer is not None:
            self._writer.rollback()
            self._writer = None
            self._cleared = False
        if self._lock is not None:
            self._lock.release()

    # -- reading ---------------------------------------------------------------------------------

    def _read_meta_mtime(self) -> tuple[int, int]:
        try:
            stat = (self.index_dir / "meta.json").stat()
        except FileNotFoundError:
            return (0, 0)
        return (stat.st_mtime_ns, stat.st_size)

    def _searcher(self) -> tantivy.Searcher:
        mtime = self._read_meta_mtime()
        if mtime != self._meta_mtime:  # another process committed: pick up its segments
            self._index.reload()
            self._meta_mtime = mtime
        return self._index.searcher()

    def search(self, query: SearchQuery) -> SearchPage:
        """One page of hits, the total and the facets of the whole result."""
        _validate(query)
        parsed = parse_query(query.text)
        searcher = self._searcher()
        tantivy_query = combined_query(self.schema, parsed, query, self.timezone,
                                       searcher_expander(searcher))
        # Without words every score is equal: newest first is the only useful order.
        by_date = query.sort == "date" or parsed.matches_all
        options: dict[str, Any] = {"order_by_field": "published"} if by_date else {
            "weight_by_field": "recency"}
        result = searcher.search(tantivy_query, max(query.limit, 1), count=True,
                                 offset=query.offset, **options)
        marker = highlighter(*parsed.highlight_terms(), parsed.highlight_hints())
        hits = [self._hit(searcher, key, address, marker, by_date)
                for key, address in result.hits[:query.limit]]
        facets = self._facets(searcher, tantivy_query) if query.facets else {}
        page = SearchPage(total=_total(result), hits=hits, facets=facets, notices=parsed.notices)
        if wants_suggestion(query, page):
            page.suggestion = suggest(query.text, SearcherVocabulary(self.schema, searcher))
        return page

    def suggest(self, text: str) -> str | None:
        """`text` with the words the index does not know corrected, or None."""
        return suggest(text, SearcherVocabulary(self.schema, self._searcher()))

    def _hit(self, searcher: tantivy.Searcher, key: Any, address: Any, marker: Highlighter,
             by_date: bool) -> SearchHit:
        doc = searcher.doc(address)
        article = _stored_article(doc)
        texts = doc.get_first("doc_texts")
        snippet, document = hit_snippet(marker, article, json.loads(texts) if texts else [])
        return SearchHit(
            id=article.id, url=article.url, title=article.title, source_id=article.source_id,
            source_name=article.source_name, region=article.region,
            published_at=article.published_at, snippet=snippet,
            score=0.0 if by_date else float(key), best_practice=article.best_practice,
            matched_document=document, story_id=article.story_id, title_html=marker.mark(article.title),
            topics=article.topics,
        )

    def _facets(self, searcher: tantivy.Searcher, query: tantivy.Query) -> dict[str, dict[str, int]]:
        spec = {name: {"terms": {"field": field, "size": size}} for name, field, size in FACET_FIELDS}
        result = searcher.aggregate(query, spec)
        return {name: {str(b["key"]): int(b["doc_count"]) for b in result[name]["buckets"]}
                for name in spec}

    def count(self, query: SearchQuery | None = None) -> int:
        """Articles matching `query` (all when None)."""
        searcher = self._searcher()
        if query is None:
            return int(searcher.num_docs)
        tantivy_query = combined_query(self.schema, parse_query(query.text), query, self.timezone,
                                       searcher_expander(searcher))
        return _total(searcher.search(tantivy_query, 1, count=True))

    def get(self, article_id: str) -> Article | None:
        """The indexed article with this id, or None."""
        searcher = self._searcher()
        result = searcher.search(tantivy.Query.term_query(self.schema, "id", article_id), 1)
        if not result.hits:
            return None
        return _stored_article(searcher.doc(result.hits[0][1]))


def _validate(query: SearchQuery) -> None:
    if query.sort not in SORTS:
        raise InvalidQuery(f"sort must be one of {', '.join(SORTS)}, not {query.sort!r}")
    if query.offset < 0 or query.limit < 0:
        raise InvalidQuery("offset and limit must not be negative")
    if query.offset + query.limit > MAX_RESULT_WINDOW:
        raise InvalidQuery(f"results beyond the first {MAX_RESULT_WINDOW} are not served: "
                           "narrow the query with filters or sort by date")


def _total(result: tantivy.SearchResult) -> int:
    return int(getattr(result, "count", 0) or 0)  # the type stubs omit `count`


def _stored_article(doc: tantivy.Document) -> Article:
    stored = doc.get_first("doc")
    if stored is None:
        raise IndexUnavailable("an indexed document has no stored article: run `munews reindex`")
    return Article.from_dict(json.loads(stored))  # bytes: json detects the UTF-8 itself


def _parse_datetime(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        logger.warning("unparsable published_at %r: indexed as undated", value)
        return None
