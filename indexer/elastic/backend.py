"""The Elasticsearch search backend: the same behaviour as the embedded one, on a cluster.

Enable it in ``.env``::

    MUNEWS_BACKEND=elasticsearch
    ELASTICSEARCH_URL=https://es.example.org:9200
    ELASTICSEARCH_API_KEY=...            # or ELASTICSEARCH_USERNAME / ELASTICSEARCH_PASSWORD
    ELASTICSEARCH_CA_CERT=/etc/munews/ca.pem

Documents carry munews's own analysed terms (:mod:`indexer.elastic.mapping`), queries are the
same parsed tree as the embedded backend's (:mod:`indexer.elastic.search`), and writes are bulk
requests with retries and back-pressure (:mod:`indexer.elastic.bulk`). Documents the cluster
refuses are recorded in the store's ``index_rejections`` table; an unreachable cluster raises
:class:`IndexUnavailable`, and the caller replays from the store later (:mod:`indexer.sync`).
Connecting is lazy: opening the backend never fails, the first request does.
"""

from __future__ import annotations

import base64
import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError

from indexer.documents import Article
from indexer.elastic import admin
from indexer.elastic.bulk import run_bulk
from indexer.elastic.mapping import to_document
from indexer.elastic.rejections import RejectionLog
from indexer.elastic.search import build_count, build_search, read_page
from indexer.elastic.suggest import ElasticVocabulary
from indexer.errors import IndexUnavailable, IndexWriteError, InvalidQuery
from indexer.suggest import suggest, wants_suggestion

if TYPE_CHECKING:
    from indexer.config import Config
    from indexer.documents import SearchPage, SearchQuery

logger = logging.getLogger(__name__)

#: Seconds per request; bulk requests of ~5 MB take well under this on a healthy cluster.
REQUEST_TIMEOUT = 30.0
#: Transport-level retries of one request (connection reset, timeout) before giving up.
TRANSPORT_RETRIES = 2


def connect(config: Config, request_timeout: float | None = None) -> Elasticsearch:
    """An Elasticsearch client from the settings (URL, API key or basic auth, CA certificate).

    `request_timeout`: a crawl's short budget per request; a request that runs out of it is
    not retried (a hung cluster would cost three timeouts per call).
    """
    if not config.elasticsearch_url:
        raise IndexUnavailable("Config 'ELASTICSEARCH_URL' is missing, and has no default.")
    options: dict[str, Any] = {
        "request_timeout": request_timeout or REQUEST_TIMEOUT,
        "max_retries": TRANSPORT_RETRIES,
        "retry_on_timeout": request_timeout is None,
    }
    if config.elasticsearch_api_key:
        options["api_key"] = config.elasticsearch_api_key
    elif config.elasticsearch_username:
        # Encoded here as UTF-8: the client encodes basic auth as ASCII and fails on a
        # Cyrillic password; Elasticsearch decodes the header as UTF-8.
        pair = f"{config.elasticsearch_username}:{config.elasticsearch_password or ''}"
        token = base64.b64encode(pair.encode("utf-8")).decode("ascii")
        options["headers"] = {"authorization": f"Basic {token}"}
    if config.elasticsearch_ca_cert:
        options["ca_certs"] = config.elasticsearch_ca_cert
    return Elasticsearch(config.elasticsearch_url, **options)


class ElasticBackend:
    """SearchBackend on an Elasticsearch alias (``ELASTICSEARCH_INDEX``)."""

    name = "elasticsearch"

    def __init__(
        self, client: Elasticsearch, alias: str, *, shards: int = 1,
        rejections: RejectionLog | None = None, timezone: str = "Europe/Moscow",
        bulk_options: dict[str, Any] | None = None,
    ) -> None:
        self.client = client
        #: run_bulk keyword arguments (batch sizes, retries, backoff): tests shorten the backoff
        self.bulk_options = dict(bulk_options or {})
        self.alias = alias
        self.timezone = timezone
        self.shards = shards
        self.rejections = rejections
        self._ready = False
        self._lock = threading.Lock()
        #: set by clear(): the fresh index that writes go to until commit() swaps it in
        self._staging: str | None = None

    @classmethod
    def from_config(cls, config: Config, *, store_path: Path | None = None,
                    request_timeout: float | None = None) -> ElasticBackend:
        """The backend of a configuration; rejections go to the store file."""
        path = store_path or config.store_path
        return cls(connect(config, request_timeout), config.elasticsearch_index, shards=config.elasticsearch_shards,
                   rejections=RejectionLog(path, cls.name), timezone=config.timezone)

    # -- index administration ----------------------------------------------------------------

    def ensure_index(self) -> None:
        """Install the template and create the first index behind the alias, once."""
        if self._ready:
            return
        with self._lock, _unavailable("prepare the index"):
            if self._ready:
                return
            # Only reads when the alias exists: a search-only API key can open the backend.
            targets = admin.alias_targets(self.client, self.alias)
            if not targets:
                if self.client.indices.exists(index=self.alias):
                    raise IndexUnavailable(
                        f"{self.alias!r} is a concrete index, not an alias: delete it or set "
                        "ELASTICSEARCH_INDEX to another name"
                    )
                admin.create_first_index(self.client, self.alias, shards=self.shards)
            elif not admin.is_current(admin.index_meta(self.client, targets[0])):
                logger.warning(
                    "Elasticsearch index %s was built with another mapping or analysis version: "
                    "run `munews reindex --backend elasticsearch`", targets[0],
                )
            self._ready = True

    def needs_rebuild(self) -> bool:
        """True when the index behind the alias predates this code's mapping or analysis."""
        self.ensure_index()
        with _unavailable("read the mapping"):
            targets = admin.alias_targets(self.client, self.alias)
            current = bool(targets) and admin.is_current(admin.index_meta(self.client, targets[0]))
        return not current

    # -- SearchBackend -------------------------------------------------------------------------

    def index(self, articles: Iterable[Article]) -> int:
        """Bulk upsert by id; refused documents go to the rejection log (see index_into)."""
        self.ensure_index()
        return self.index_into(self._staging or self.alias, articles)

    def index_into(self, index: str, articles: Iterable[Article]) -> int:
        """Bulk upsert into an index or alias; returns how many documents were accepted.

        Refused documents are recorded in the rejection log and logged, and the call returns:
        raising would make the sync replay the same refused batch forever. Without a log to
        report them in, IndexWriteError is raised instead (with the rest already indexed).
        """
        sent: list[str] = []

        def actions() -> Iterable[dict[str, Any]]:
            for article in articles:
                sent.append(article.id)
                yield {"_op_type": "index", "_index": index, "_id": article.id,
                       "_source": to_document(article, self.timezone)}

        result = run_bulk(self.client, actions(), **self.bulk_options)
        self._note_verdicts(sent, result.rejected)
        if result.rejected and self.rejections is None:
            error = IndexWriteError(
                f"Elasticsearch rejected {len(result.rejected)} of {len(sent)} documents "
                f"(first: {result.rejected[0][1]})", result.rejected,
            )
            error.accepted = result.succeeded  # type: ignore[attr-defined]
            raise error
        return result.succeeded

    def _note_verdicts(self, sent: list[str], rejected: list[tuple[str, str]]) -> None:
        if self.rejections is None:
            return
        self.rejections.record(rejected)
        refused = {doc_id for doc_id, _ in rejected}
        if self.rejections.count():
            self.rejections.clear(doc_id for doc_id in sent if doc_id not in refused)

    def delete(self, article_ids: Iterable[str]) -> None:
        self.ensure_index()
        self.delete_from(self._staging or self.alias, article_ids)

    def delete_from(self, index: str, article_ids: Iterable[str]) -> None:
        """Delete by id from a given index or alias (missing ids are fine)."""
        ids = list(article_ids)
        run_bulk(self.client, ({"_op_type": "delete", "_index": index, "_id": i} for i in ids),
                 **self.bulk_options)
        if self.rejections is not None:
            self.rejections.clear(ids)

    def commit(self) -> None:
        """Make writes searchable; after clear(), swap the rebuilt index in atomically."""
        self.ensure_index()
        with _unavailable("commit"):
            if self._staging is None:
                self.client.indices.refresh(index=self.alias)
                return
            staging, self._staging = self._staging, None
            admin.finish_bulk_load(self.client, staging)
            old = admin.alias_targets(self.client, self.alias)
            admin.point_alias(self.client, self.alias, staging, old)
            admin.drop_indexes(self.client, [name for name in old if name != staging])

    def search(self, query: SearchQuery) -> SearchPage:
        self.ensure_index()
        request = build_search(query, self.timezone)
        with _unavailable("search"):
            response = self.client.search(index=self.alias, **request.body)
        page = read_page(response.body, query, request)
        if wants_suggestion(query, page):
            page.suggestion = self.suggest(query.text)
        return page

    def suggest(self, text: str) -> str | None:
        """`text` with the words the index does not know corrected, or None."""
        self.ensure_index()
        with _unavailable("suggest"):
            return suggest(text, ElasticVocabulary(self.client, self.alias))

    def count(self, query: SearchQuery | None = None) -> int:
        self.ensure_index()
        with _unavailable("count"):
            response = self.client.count(index=self.alias, **build_count(query, self.timezone))
        return int(response["count"])

    def get(self, article_id: str) -> Article | None:
        self.ensure_index()
        with _unavailable("get"):
            try:
                found = self.client.get(index=self.alias, id=article_id)
            except NotFoundError:
                return None
        return Article.from_dict(found["_source"]["article"])

    def clear(self) -> None:
        """Start an empty index that replaces the current one at commit().

        Until then searches see the old articles, as with the embedded backend (and the
        integration-test distribution has no delete-by-query anyway).
        """
        self.ensure_index()
        with _unavailable("clear"):
            self._drop_staging()
            self._staging = admin.create_index(self.client, self.alias, shards=self.shards,
                                               bulk_load=True)

    def _drop_staging(self) -> None:
        if self._staging is not None:
            admin.drop_indexes(self.client, [self._staging])
            self._staging = None

    def close(self) -> None:
        """Abandon an uncommitted rebuild (like uncommitted tantivy writes) and disconnect."""
        try:
            self._drop_staging()
        except (TransportError, ApiError) as exc:
            logger.warning("could not drop the unfinished index %s: %s", self._staging, exc)
        self.client.close()
        if self.rejections is not None:
            self.rejections.close()


@contextmanager
def _unavailable(action: str) -> Iterator[None]:
    """Turn transport failures into IndexUnavailable and bad requests into InvalidQuery."""
    try:
        yield
    except ApiError as exc:
        if exc.meta.status == 400:
            raise InvalidQuery(f"Elasticsearch refused to {action}: {exc}") from exc
        raise IndexUnavailable(f"Elasticsearch could not {action}: {exc}") from exc
    except TransportError as exc:
        raise IndexUnavailable(f"Elasticsearch could not {action}: {exc}") from exc
