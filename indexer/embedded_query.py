"""Translate a :class:`~indexer.query.ParsedQuery` and the filters into tantivy queries."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import tantivy
from tantivy import Occur, Query

from indexer.errors import InvalidQuery
from indexer.query import (
    DERIVED_WEIGHT,
    PREFIX_WEIGHT,
    TITLE_BOOST,
    AnyOf,
    Clause,
    ParsedQuery,
    Phrase,
    Prefix,
    Term,
)

if TYPE_CHECKING:
    from indexer.documents import SearchQuery

TEXT_FIELDS = ("title", "body")


def text_query(schema: tantivy.Schema, parsed: ParsedQuery) -> Query:
    """The scored part: every `must` clause over title and body, minus `must_not`."""
    subqueries: list[tuple[Occur, Query]] = []
    if parsed.matches_all:
        subqueries.append((Occur.Must, Query.all_query()))
    for clause in parsed.must:
        subqueries.append((Occur.Must, clause_query(schema, clause)))
    for clause in parsed.must_not:
        subqueries.append((Occur.MustNot, clause_query(schema, clause)))
    return Query.boolean_query(subqueries)


def clause_query(schema: tantivy.Schema, clause: Clause) -> Query:
    """One clause, matched in the title (boosted) or the body."""
    if isinstance(clause, AnyOf):
        return Query.boolean_query([(Occur.Should, clause_query(schema, c)) for c in clause.clauses])
    should: list[Query] = []
    for field in TEXT_FIELDS:
        boost = TITLE_BOOST if field == "title" else 1.0
        should.extend(_field_queries(schema, field, clause, boost))
    return Query.boolean_query([(Occur.Should, q) for q in should])


def _field_queries(schema: tantivy.Schema, field: str, clause: Term | Phrase | Prefix,
                   boost: float) -> list[Query]:
    if isinstance(clause, Term):
        queries = [_boost(Query.term_query(schema, field, clause.term), boost)]
        queries.extend(_boost(Query.term_query(schema, field, related), boost * DERIVED_WEIGHT)
                       for related in clause.related)
        if clause.expand_prefix:
            # Constant-scored, like Elasticsearch's prefix query: only a small bonus.
            queries.append(_boost(_prefix(schema, field, clause.term), boost * DERIVED_WEIGHT))
        return queries
    if isinstance(clause, Phrase):
        return [_boost(Query.phrase_query(schema, field, list(clause.terms)), boost)]
    return [_boost(_prefix(schema, field, clause.prefix), boost * PREFIX_WEIGHT)]


def _prefix(schema: tantivy.Schema, field: str, prefix: str) -> Query:
    # Terms hold letters and digits only (indexer.analysis), so no regex metacharacter can
    # reach this pattern; escape anyway in case the analysis ever changes.
    escaped = "".join(ch if ch.isalnum() else "\\" + ch for ch in prefix)
    return Query.regex_query(schema, field, escaped + ".*")


def _boost(query: Query, boost: float) -> Query:
    return query if boost == 1.0 else Query.boost_query(query, boost)


def filter_queries(schema: tantivy.Schema, search: SearchQuery, timezone: str) -> list[Query]:
    """Unscored filters: regions, sources, date range, best practice."""
    filters: list[Query] = []
    if search.regions:
        filters.append(Query.term_set_query(schema, "region", list(search.regions)))
    if search.sources:
        filters.append(Query.term_set_query(schema, "source", list(search.sources)))
    if search.since is not None or search.until is not None:
        filters.append(_date_range(schema, search.since, search.until, timezone))
    if search.best_practice is not None:
        filters.append(Query.term_query(schema, "best_practice", int(search.best_practice)))
    return [Query.const_score_query(f, 0.0) for f in filters]


def _date_range(schema: tantivy.Schema, since: date | None, until: date | None,
                timezone: str) -> Query:
    if since is not None and until is not None and since > until:
        raise InvalidQuery(f"the date range is empty: since {since} is after until {until}")
    zone = ZoneInfo(timezone)
    # Days are the reader's days: «since 1 March» starts at midnight in the configured zone.
    # Undated articles are stored with published = 0: a date filter never matches them.
    lower = int(datetime.combine(since, time.min, zone).timestamp()) if since else 1
    upper = (int(datetime.combine(until + timedelta(days=1), time.min, zone).timestamp()) - 1
             if until else None)
    return Query.range_query(schema, "published", tantivy.FieldType.Integer, lower, upper)


def combined_query(schema: tantivy.Schema, parsed: ParsedQuery, search: SearchQuery,
                   timezone: str) -> Query:
    """Text query and filters together."""
    filters = filter_queries(schema, search, timezone)
    main = text_query(schema, parsed)
    if not filters:
        return main
    return Query.boolean_query([(Occur.Must, main)] + [(Occur.Must, f) for f in filters])
