"""Translate a :class:`SearchQuery` into the Elasticsearch query DSL, and read the answer back.

The query text is parsed by :func:`indexer.query.parse_query`, the same tree the embedded
backend translates to tantivy, with the same weights: per field BM25 summed (title boosted),
derived words and prefixes at a fixed weight, multiplied by the stored recency factor. Only
core query types are used (no scripts: the integration-test distribution has no painless).
Snippets are built in Python by :func:`indexer.snippets.make_snippet` from the stored text, so
both backends mark the same words in the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from indexer.attached import hit_snippet
from indexer.documents import SORTS, Article, SearchHit, SearchPage
from indexer.elastic.mapping import BODY_FIELD, DOCUMENTS_FIELD, TITLE_FIELD
from indexer.errors import InvalidQuery
from indexer.query import (
    DERIVED_WEIGHT,
    DOCUMENTS_BOOST,
    PREFIX_WEIGHT,
    TITLE_BOOST,
    AllOf,
    AnyOf,
    Clause,
    InField,
    ParsedQuery,
    Phrase,
    Prefix,
    Synonyms,
    Term,
    parse_query,
    synonym_weight,
)
from indexer.snippets import highlighter

if TYPE_CHECKING:
    from indexer.documents import SearchQuery

#: Facet name -> indexed field, and how many values each returns. The sizes cover every Russian
#: region (89) and a generous number of sources; one shard makes the counts exact.
FACETS: dict[str, tuple[str, int]] = {
    "region": ("region", 200),
    "source": ("source_id", 1000),
    "year": ("year", 100),
    "municipality": ("municipality", 200),  # the embedded backend's FACET_SIZE
    "topic": ("topic", 200),
    "month": ("month", 240),  # the embedded backend's MONTH_BUCKETS
}
#: from+size beyond this is refused, as by the embedded backend (its MAX_RESULT_WINDOW, and
#: Elasticsearch's default max_result_window); deeper pages follow the search_after cursor.
MAX_WINDOW = 10_000


@dataclass(frozen=True)
class SearchRequest:
    """A search body plus what reading the answer needs."""

    body: dict[str, Any]
    parsed: ParsedQuery


def _term(field: str, value: str, boost: float) -> dict[str, Any]:
    return {"term": {field: {"value": value, "boost": boost}}}


def _derived(field: str, value: str, boost: float) -> dict[str, Any]:
    # Terms that begin with `value` and are longer (the word itself is scored by its own
    # term clause): a constant-scored regexp, as the embedded backend's term set.
    pattern = "".join(ch if ch.isalnum() else "\\" + ch for ch in value) + ".+"
    return {"regexp": {field: {"value": pattern, "boost": boost}}}


def _prefix(field: str, value: str, boost: float) -> dict[str, Any]:
    # The default constant-score rewrite: a prefix match scores its boost, like tantivy's
    # automaton queries, whatever the number of expanded terms.
    return {"prefix": {field: {"value": value, "boost": boost}}}


#: The text fields of the parsed tree (``InField.field``) -> indexed field and its weight,
#: as in the embedded backend.
TEXT_FIELDS: dict[str, tuple[str, float]] = {
    "title": (TITLE_FIELD, TITLE_BOOST), "body": (BODY_FIELD, 1.0),
    "documents": (DOCUMENTS_FIELD, DOCUMENTS_BOOST),
}
ALL_FIELDS = tuple(TEXT_FIELDS)


def _both_fields(make: Any, value: Any, weight: float,
                 fields: tuple[str, ...] = ALL_FIELDS) -> list[dict[str, Any]]:
    # Title, body and attached documents (or those of a ``title:``), weighed alike.
    return [make(TEXT_FIELDS[name][0], value, weight * TEXT_FIELDS[name][1]) for name in fields]


def _phrase(field: str, terms: tuple[str, ...], boost: float) -> dict[str, Any]:
    return {"match_phrase": {field: {"query": " ".join(terms), "boost": boost}}}


def _should(clauses: list[dict[str, Any]]) -> dict[str, Any]:
    return {"bool": {"should": clauses, "minimum_should_match": 1}}


def clause_dsl(clause: Clause, fields: tuple[str, ...] = ALL_FIELDS) -> dict[str, Any]:
    """One node of the parsed query as a DSL query (in `fields`: ``title:`` narrows them)."""
    if isinstance(clause, Term):
        parts = _both_fields(_term, clause.term, 1.0, fields)
        for related in clause.related:
            parts += _both_fields(_term, related, DERIVED_WEIGHT, fields)
        if clause.expand_prefix:
            parts += _both_fields(_derived, clause.term, DERIVED_WEIGHT, fields)
        return _should(parts)
    if isinstance(clause, Phrase):
        return _should(_both_fields(_phrase, clause.terms, 1.0, fields))
    if isinstance(clause, Prefix):
        return _should(_both_fields(_prefix, clause.prefix, PREFIX_WEIGHT, fields))
    if isinstance(clause, AnyOf):
        return _should([clause_dsl(inner, fields) for inner in clause.clauses])
    if isinstance(clause, AllOf):
        return {"bool": {"must": [clause_dsl(c, fields) for c in clause.must] or [{"match_all": {}}],
                         "must_not": [clause_dsl(c, fields) for c in clause.must_not]}}
    if isinstance(clause, InField):
        inner = tuple(name for name in fields if name == clause.field)
        return clause_dsl(clause.clause, inner) if inner else {"match_none": {}}
    if isinstance(clause, Synonyms):
        alternatives = [{"bool": {"should": [clause_dsl(alt, fields)], "boost": synonym_weight(alt)}}
                        for alt in clause.alternatives]
        return _should([clause_dsl(clause.original, fields), *alternatives])
    raise TypeError(f"unknown query clause {clause!r}")


def filters_dsl(query: SearchQuery, timezone: str) -> list[dict[str, Any]]:
    """Region, source, date, best-practice and attached-documents filters (no scoring)."""
    found: list[dict[str, Any]] = []
    if query.regions:
        found.append({"terms": {"region": list(query.regions)}})
    if query.sources:
        found.append({"terms": {"source_id": list(query.sources)}})
    if query.since is not None or query.until is not None:
        found.append({"range": {"published_at": _day_bounds(query.since, query.until, timezone)}})
    if query.best_practice is not None:
        found.append({"term": {"best_practice": query.best_practice}})
    if query.with_documents is not None:
        found.append({"term": {"has_documents": query.with_documents}})
    if query.municipalities:
        found.append({"terms": {"municipality": list(query.municipalities)}})
    if query.topics:
        found.append({"terms": {"topic": list(query.topics)}})
    return found


def _day_bounds(since: date | None, until: date | None, timezone: str) -> dict[str, str]:
    if since is not None and until is not None and since > until:
        raise InvalidQuery(f"the date range is empty: since {since} is after until {until}")
    zone = ZoneInfo(timezone)
    # Days are the reader's days (MUNEWS_TIMEZONE), as in the embedded backend: «since 1 March»
    # starts at midnight there, and «until 31 March» ends before midnight of 1 April.
    bounds: dict[str, str] = {}
    if since is not None:
        bounds["gte"] = datetime.combine(since, time.min, zone).isoformat()
    if until is not None:
        bounds["lt"] = datetime.combine(until + timedelta(days=1), time.min, zone).isoformat()
    return bounds


def query_dsl(parsed: ParsedQuery, query: SearchQuery, timezone: str) -> dict[str, Any]:
    """The scored query: all `must` clauses, none of `must_not`, filters, recency factor."""
    boolean: dict[str, Any] = {
        "must": [clause_dsl(c) for c in parsed.must] or [{"match_all": {}}],
        "filter": filters_dsl(query, timezone),
    }
    if parsed.must_not:
        boolean["must_not"] = [clause_dsl(c) for c in parsed.must_not]
    scored: dict[str, Any] = {"bool": boolean}
    if parsed.matches_all:
        return scored
    return {"function_score": {
        "query": scored,
        "functions": [{"field_value_factor": {"field": "recency", "missing": 1.0}}],
        "boost_mode": "multiply",
    }}


def _sort(query: SearchQuery, parsed: ParsedQuery) -> list[Any]:
    if query.sort not in SORTS:
        raise InvalidQuery(f"sort must be one of {', '.join(SORTS)}, not {query.sort!r}")
    # Without words every score is equal: newest first is the only useful order. The id
    # breaks ties, so search_after cursors are exact.
    if query.sort == "date" or parsed.matches_all:
        return [{"published_at": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]
    return [{"_score": "desc"}, {"id": "asc"}]


def _check_page(query: SearchQuery) -> None:
    if query.offset < 0 or query.limit < 0:
        raise InvalidQuery("offset and limit must not be negative")
    if query.search_after is None and query.offset + query.limit > MAX_WINDOW:
        raise InvalidQuery(f"results beyond the first {MAX_WINDOW} are not served by offset: "
                           "follow next_cursor (search_after), narrow the query or sort by date")


def build_search(query: SearchQuery, timezone: str) -> SearchRequest:
    """The body of one search request."""
    _check_page(query)
    parsed = parse_query(query.text)
    body: dict[str, Any] = {
        "query": query_dsl(parsed, query, timezone),
        "sort": _sort(query, parsed),
        "size": query.limit,
        "track_total_hits": True,
        "_source": ["article", "document_texts"],
    }
    if query.search_after is not None:
        body["search_after"] = list(query.search_after)
    else:
        body["from"] = query.offset
    if query.facets:
        body["aggs"] = {
            name: {"terms": {"field": field, "size": size}} for name, (field, size) in FACETS.items()
        }
    return SearchRequest(body, parsed)


def build_count(query: SearchQuery | None, timezone: str) -> dict[str, Any]:
    """The body of a count request."""
    if query is None:
        return {"query": {"match_all": {}}}
    parsed = parse_query(query.text)
    return {"query": {"bool": {
        "must": [clause_dsl(c) for c in parsed.must] or [{"match_all": {}}],
        "must_not": [clause_dsl(c) for c in parsed.must_not],
        "filter": filters_dsl(query, timezone),
    }}}


def read_page(response: dict[str, Any], query: SearchQuery, request: SearchRequest) -> SearchPage:
    """A SearchPage from the raw response: hits with snippets, total, facets, next cursor."""
    exact, prefixes = request.parsed.highlight_terms()
    hints = request.parsed.highlight_hints()
    hits = [_hit(raw, exact, prefixes, hints) for raw in response["hits"]["hits"]]
    total = int(response["hits"]["total"]["value"])
    facets = {
        name: {str(b["key"]): int(b["doc_count"]) for b in agg["buckets"]}
        for name, agg in response.get("aggregations", {}).items()
    }
    cursor = None
    raw_hits = response["hits"]["hits"]
    if raw_hits and len(raw_hits) == query.limit:
        cursor = tuple(raw_hits[-1]["sort"])
    return SearchPage(total=total, hits=hits, facets=facets, next_cursor=cursor,
                      notices=request.parsed.notices)


def _hit(raw: dict[str, Any], exact: frozenset[str], prefixes: tuple[str, ...],
         hints: tuple[str, ...]) -> SearchHit:
    article = Article.from_dict(raw["_source"]["article"])
    # The embedded backend's choice of text, for equal snippets.
    marker = highlighter(exact, prefixes, hints)
    snippet, document = hit_snippet(marker, article, raw["_source"].get("document_texts") or [])
    return SearchHit(
        id=article.id, url=article.url, title=article.title, source_id=article.source_id,
        source_name=article.source_name, region=article.region,
        published_at=article.published_at, snippet=snippet,
        score=float(raw.get("_score") or 0.0), best_practice=article.best_practice,
        matched_document=document, story_id=article.story_id, title_html=marker.mark(article.title),
        topics=article.topics,
    )
