"""The query language people type, parsed into a small backend-neutral tree.

Syntax (no training needed)::

    лучшие практики молодежь      every word must match (in any form: Russian stemming)
    "инициативное бюджетирование" an exact phrase (word forms still normalised)
    -выборы  NOT выборы  НЕ выборы exclude a word, a phrase or a group
    благоустройство OR озеленение  either word (``OR``, ``ИЛИ`` or ``|``; binds tighter than AND)
    (благоустройство OR озеленение) дворов   parentheses group (nested up to MAX_DEPTH)
    title:школа  заголовок:"отопительный сезон"   only in the title
    практ*                         any word beginning with «практ» (from PREFIX_MIN_CHARS letters)
    ЖКХ                            also «жилищно-коммунальное хозяйство» (:mod:`indexer.synonyms`)

Parsing never raises. What it ignores or reinterprets (an unbalanced quote or parenthesis, a
lone operator, a short prefix, an unknown ``field:``, clauses over MAX_CLAUSES) is said in
:attr:`ParsedQuery.notices`, in Russian, for the person who typed it. Other query-syntax
characters (``[]{}^~\\`` …) are word separators. A hyphenated word («Ханты-Мансийский»,
«Кузбасс-2024») becomes a phrase of its parts, which is how :mod:`indexer.analysis` indexes it.

The tree (:class:`ParsedQuery` of :class:`Term`, :class:`Phrase`, :class:`Prefix`,
:class:`AnyOf`, :class:`AllOf`, :class:`InField`, :class:`Synonyms`) holds analysed terms; the
parser is :mod:`indexer.query_parse`; each backend translates the tree (tantivy in
:mod:`indexer.embedded_query`, the Elasticsearch DSL in :mod:`indexer.elastic.search`) with
the weights below.
"""

from __future__ import annotations

import math
from datetime import datetime, timezone

from indexer.query_parse import parse
from indexer.query_tree import (
    EXPAND_MIN_CHARS,
    MAX_CLAUSES,
    MAX_DEPTH,
    PREFIX_MIN_CHARS,
    SYNONYM_WEIGHT,
    AllOf,
    AnyOf,
    Clause,
    InField,
    Leaf,
    ParsedQuery,
    Phrase,
    Prefix,
    Synonyms,
    Term,
    positive_leaves,
    synonym_weight,
)

__all__ = [
    "DERIVED_WEIGHT", "DOCUMENTS_BOOST", "EXPAND_MIN_CHARS", "MAX_CLAUSES", "MAX_DEPTH",
    "PREFIX_MIN_CHARS", "PREFIX_WEIGHT", "SYNONYM_WEIGHT", "TITLE_BOOST", "AllOf", "AnyOf",
    "Clause", "InField", "Leaf", "ParsedQuery", "Phrase", "Prefix", "Synonyms", "Term",
    "parse_query", "positive_leaves", "recency_multiplier", "synonym_weight",
]

# -- ranking constants shared by every backend ---------------------------------------------------

#: A match in the title counts this many times a match in the body (BM25 per field, summed).
TITLE_BOOST = 2.5
#: A match in an attached document (a decision, a protocol) counts this much of a body match:
#: the article that says it itself should rank above the one whose appendix does.
DOCUMENTS_BOOST = 0.5
#: Weight of a derived word found through :attr:`Term.expand_prefix` or :attr:`Term.related`
#: («молодежь» → «молодежной»): it helps recall, but the typed form should rank first.
DERIVED_WEIGHT = 0.3
#: Constant score of a prefix match (``практ*``): prefix clauses are not scored by BM25 in
#: either engine (they expand to many terms), so they get a fixed, modest weight.
PREFIX_WEIGHT = 1.0
#: Recency: the score is multiplied by exp(age difference / tau); with tau = 10 years an article
#: one year newer gets ×1.105, ten years newer ×2.7. Being exponential, the ratio between two
#: articles does not depend on today's date, so it can be stored at index time.
RECENCY_TAU_DAYS = 3652.5
RECENCY_EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)
#: Dates beyond this many days after the epoch are clipped (keeps 2**multiplier finite).
RECENCY_MAX_DAYS = 50 * 365


def parse_query(text: str) -> ParsedQuery:
    """Parse the query language; never raises (malformed input degrades, with notices)."""
    return parse(text)


# -- recency -------------------------------------------------------------------------------------


def recency_multiplier(published_at: datetime | None) -> float:
    """Factor ≥ 1 a relevance score is multiplied by; undated articles count as of the epoch."""
    if published_at is None:
        return 1.0
    if published_at.tzinfo is None:
        published_at = published_at.replace(tzinfo=timezone.utc)
    days = (published_at - RECENCY_EPOCH).total_seconds() / 86400.0
    days = min(max(days, 0.0), float(RECENCY_MAX_DAYS))
    return math.exp(days / RECENCY_TAU_DAYS)
