"""Translate a :class:`~indexer.query.ParsedQuery` and the filters into tantivy queries."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import tantivy
from tantivy import Occur, Query

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
    synonym_weight,
)
from indexer.suggest import MAX_CANDIDATES, MAX_EDITS, SAMPLE_ARTICLES

if TYPE_CHECKING:
    from indexer.documents import SearchQuery

TEXT_FIELDS = ("title", "body", "documents")
#: Field -> weight of its BM25 score: title over body over attached documents.
FIELD_BOOSTS = {"title": TITLE_BOOST, "body": 1.0, "documents": DOCUMENTS_BOOST}
#: At most this many index terms per prefix, the most frequent first: a three-letter prefix
#: can begin tens of thousands of terms in a big index, and the rare ones add nothing a
#: person would miss on the first pages.
MAX_PREFIX_TERMS = 2000

#: (field, prefix) -> the index terms beginning with prefix
Expander = Callable[[str, str], list[str]]


def searcher_expander(searcher: tantivy.Searcher) -> Expander:
    """Prefix expansion through the term dictionary (far cheaper than building a RegexQuery)."""

    def expand(field: str, prefix: str) -> list[str]:
        return [term for term, _ in searcher.terms_with_prefix(field, prefix, limit=MAX_PREFIX_TERMS)]

    return expand


class SearcherVocabulary:
    """The index terms of one searcher, for :func:`indexer.suggest.suggest`."""

    def __init__(self, schema: tantivy.Schema, searcher: tantivy.Searcher) -> None:
        self.schema, self.searcher = schema, searcher

    def _any_field(self, term: str, fields: tuple[str, ...] = TEXT_FIELDS) -> Query:
        return Query.boolean_query([(Occur.Should, Query.term_query(self.schema, f, term))
                                    for f in fields])

    def frequencies(self, terms: list[str]) -> dict[str, int]:
        return {term: int(getattr(self.searcher.search(self._any_field(term), 1, count=True),
                                  "count", 0) or 0) for term in terms}

    def candidates(self, term: str) -> list[str]:
        found: set[str] = set()
        for field in ("title", "body"):  # attached documents hold OCR noise: not a dictionary
            found.update(t for t, _ in self.searcher.terms_with_prefix(
                field, term[:1], limit=MAX_CANDIDATES) if abs(len(t) - len(term)) <= MAX_EDITS)
        return sorted(found)

    def texts(self, term: str) -> list[str]:
        result = self.searcher.search(self._any_field(term, ("title", "body")), SAMPLE_ARTICLES)
        docs = [json.loads(self.searcher.doc(address).get_first("doc") or "{}")
                for _, address in result.hits]
        return [f"{doc.get('title', '')}\n{doc.get('text', '')}" for doc in docs]


def text_query(schema: tantivy.Schema, parsed: ParsedQuery, expand: Expander) -> Query:
    """The scored part: every `must` clause over title and body, minus `must_not`."""
    subqueries: list[tuple[Occur, Query]] = []
    if parsed.matches_all:
        subqueries.append((Occur.Must, Query.all_query()))
    for clause in parsed.must:
        subqueries.append((Occur.Must, clause_query(schema, clause, expand)))
    for clause in parsed.must_not:
        subqueries.append((Occur.MustNot, clause_query(schema, clause, expand)))
    return Query.boolean_query(subqueries)


def clause_query(schema: tantivy.Schema, clause: Clause, expand: Expander,
                 fields: tuple[str, ...] = TEXT_FIELDS) -> Query:
    """One clause, matched in the title (boosted), the body or the documents (weighed less);
    `fields` narrows that (``title:``)."""
    if isinstance(clause, AnyOf):
        return Query.boolean_query([(Occur.Should, clause_query(schema, c, expand, fields))
                                    for c in clause.clauses])
    if isinstance(clause, AllOf):
        subqueries = [(Occur.Must, clause_query(schema, c, expand, fields)) for c in clause.must]
        subqueries += [(Occur.MustNot, clause_query(schema, c, expand, fields))
                       for c in clause.must_not]
        if not clause.must:  # a group of exclusions only: everything else
            subqueries.append((Occur.Must, Query.all_query()))
        return Query.boolean_query(subqueries)
    if isinstance(clause, InField):
        inner = tuple(f for f in fields if f == clause.field)
        return clause_query(schema, clause.clause, expand, inner) if inner else Query.empty_query()
    if isinstance(clause, Synonyms):
        should = [clause_query(schema, clause.original, expand, fields)]
        should += [_boost(clause_query(schema, alt, expand, fields), synonym_weight(alt))
                   for alt in clause.alternatives]
        return Query.boolean_query([(Occur.Should, q) for q in should])
    leaves: list[Query] = []
    for field in fields:
        leaves.extend(_field_queries(schema, field, clause, FIELD_BOOSTS[field], expand))
    return Query.boolean_query([(Occur.Should, q) for q in leaves])


def _field_queries(schema: tantivy.Schema, field: str, clause: Term | Phrase | Prefix,
                   boost: float, expand: Expander) -> list[Query]:
    if isinstance(clause, Term):
        queries = [_boost(Query.term_query(schema, field, clause.term), boost)]
        queries.extend(_boost(Query.term_query(schema, field, related), boost * DERIVED_WEIGHT)
                       for related in clause.related)
        if clause.expand_prefix:
            # Derived words only: the term itself is scored above. Leaving it out of the set
            # halves the cost of a query on common words (p95 29 → 16 ms at 1M documents).
            derived = [t for t in expand(field, clause.term) if t != clause.term]
            if derived:
                queries.append(_boost(Query.term_set_query(schema, field, derived),
                                      boost * DERIVED_WEIGHT))
        return queries
    if isinstance(clause, Phrase):
        return [_boost(Query.phrase_query(schema, field, list(clause.terms)), boost)]
    return [_boost(_prefix(schema, field, clause.prefix, expand), boost * PREFIX_WEIGHT)]


def _prefix(schema: tantivy.Schema, field: str, prefix: str, expand: Expander) -> Query:
    terms = expand(field, prefix)
    if not terms:
        return Query.empty_query()
    # A term set scores every match alike (1.0 before the boost), as a prefix query does in
    # Elasticsearch: the backends rank prefix matches the same way.
    return Query.term_set_query(schema, field, terms)


def _boost(query: Query, boost: float) -> Query:
    return query if boost == 1.0 else Query.boost_query(query, boost)


def filter_queries(schema: tantivy.Schema, search: SearchQuery, timezone: str) -> list[Query]:
    """Unscored filters: regions, sources, date range, best practice, attached documents,
    municipalities and topics (any of the given values)."""
    filters: list[Query] = []
    if search.regions:
        filters.append(Query.term_set_query(schema, "region", list(search.regions)))
    if search.sources:
        filters.append(Query.term_set_query(schema, "source", list(search.sources)))
    if search.since is not None or search.until is not None:
        filters.append(_date_range(schema, search.since, search.until, timezone))
    if search.best_practice is not None:
        filters.append(Query.term_query(schema, "best_practice", int(search.best_practice)))
    if search.with_documents is not None:
        filters.append(Query.term_query(schema, "has_documents", int(search.with_documents)))
    if search.municipalities:
        filters.append(Query.term_set_query(schema, "municipality", list(search.municipalities)))
    if search.topics:
        filters.append(Query.term_set_query(schema, "topic", list(search.topics)))
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
                   timezone: str, expand: Expander) -> Query:
    """Text query and filters together."""
    filters = filter_queries(schema, search, timezone)
    main = text_query(schema, parsed, expand)
    if not filters:
        return main
    return Query.boolean_query([(Occur.Must, main)] + [(Occur.Must, f) for f in filters])
