"""The query language people type, parsed into a small backend-neutral tree.

Syntax (no training needed)::

    лучшие практики молодежь      every word must match (in any form: Russian stemming)
    "инициативное бюджетирование" an exact phrase (word forms still normalised)
    -выборы  -"главы района"       exclude a word or a phrase
    благоустройство OR озеленение  either word (``OR``, ``ИЛИ`` or ``|``; binds tighter than AND)
    практ*                         any word beginning with «практ»

Parsing never raises. Unbalanced quotes are dropped, lone operators ignored, and query-syntax
characters (``:()[]{}^~\\`` …) are word separators, so ``title:школа`` searches the words
«title» and «школа». A hyphenated word («Ханты-Мансийский», «Кузбасс-2024») becomes a phrase
of its parts, which is how :mod:`indexer.analysis` indexes it.

The tree (:class:`ParsedQuery` of :class:`Term`, :class:`Phrase`, :class:`Prefix`,
:class:`AnyOf`) holds analysed terms; each backend translates it (tantivy in
:mod:`indexer.embedded`, the Elasticsearch DSL in :mod:`indexer.elastic.backend`) with the weights below.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TypeAlias

from indexer.analysis import is_stopword, normalize_word, term_of, words

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
#: Only stems at least this long are expanded to their derived words: shorter stems («мер»,
#: «сел») begin too many unrelated words.
EXPAND_MIN_CHARS = 5
#: A user prefix shorter than this matches too much of the dictionary: it is searched as a word.
PREFIX_MIN_CHARS = 3
#: More clauses than this are ignored: a pasted paragraph would otherwise build a huge query.
MAX_CLAUSES = 24
#: Recency: the score is multiplied by exp(age difference / tau); with tau = 10 years an article
#: one year newer gets ×1.105, ten years newer ×2.7. Being exponential, the ratio between two
#: articles does not depend on today's date, so it can be stored at index time.
RECENCY_TAU_DAYS = 3652.5
RECENCY_EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)
#: Dates beyond this many days after the epoch are clipped (keeps 2**multiplier finite).
RECENCY_MAX_DAYS = 50 * 365


@dataclass(frozen=True)
class Term:
    """One word: matches its analysed term (title boosted over body)."""

    term: str
    word: str
    #: also match index terms that begin with `term` and are longer (derived words: regexp
    #: ``term.+``), constant-scored at DERIVED_WEIGHT; the term itself is not part of this set
    expand_prefix: bool = False
    #: further exact terms matched at DERIVED_WEIGHT («молодежн» → «молодеж»)
    related: tuple[str, ...] = ()


@dataclass(frozen=True)
class Phrase:
    """Consecutive terms, in order."""

    terms: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Prefix:
    """Any term beginning with `prefix` (already normalised), scored PREFIX_WEIGHT."""

    prefix: str
    word: str


@dataclass(frozen=True)
class AnyOf:
    """At least one of the clauses."""

    clauses: tuple[Term | Phrase | Prefix, ...]


Clause: TypeAlias = Term | Phrase | Prefix | AnyOf


@dataclass(frozen=True)
class ParsedQuery:
    """All of `must`, none of `must_not`; an empty `must` matches every article."""

    must: tuple[Clause, ...] = ()
    must_not: tuple[Clause, ...] = ()

    @property
    def matches_all(self) -> bool:
        return not self.must

    def highlight_terms(self) -> tuple[frozenset[str], tuple[str, ...]]:
        """(exact terms, term prefixes) whose words a snippet marks."""
        exact: set[str] = set()
        prefixes: list[str] = []
        for clause in _flatten(self.must):
            if isinstance(clause, Term):
                exact.add(clause.term)
                exact.update(clause.related)
                if clause.expand_prefix:
                    prefixes.append(clause.term)
            elif isinstance(clause, Phrase):
                exact.update(clause.terms)
            else:
                prefixes.append(clause.prefix)
        return frozenset(exact), tuple(prefixes)


    def highlight_hints(self) -> tuple[str, ...]:
        """The positive words as typed: they help a snippet find irregular forms."""
        hints: list[str] = []
        for clause in _flatten(self.must):
            hints.extend(words(clause.text) if isinstance(clause, Phrase) else (clause.word,))
        return tuple(hints)


def _flatten(clauses: tuple[Clause, ...]) -> list[Term | Phrase | Prefix]:
    flat: list[Term | Phrase | Prefix] = []
    for clause in clauses:
        flat.extend(clause.clauses if isinstance(clause, AnyOf) else (clause,))
    return flat


# -- parsing -------------------------------------------------------------------------------------

_QUOTES = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"'})
_CHUNK = re.compile(r'(-?)"([^"]*)"|(\S+)')
_OR_WORDS = frozenset({"OR", "ИЛИ", "|", "||"})
# Everything that is not part of a word, a hyphen inside a word or a trailing star separates.
_SEPARATORS = re.compile(r"[^\w\-\u2010\u2011*\u0300\u0301\u00ad]+|_+")


def parse_query(text: str) -> ParsedQuery:
    """Parse the query language; never raises (malformed input degrades to plain words)."""
    text = (text or "").translate(_QUOTES)
    if text.count('"') % 2:
        # An unbalanced quote: the last one is a typo, not the start of a phrase.
        cut = text.rfind('"')
        text = text[:cut] + " " + text[cut + 1:]
    items: list[tuple[Clause, bool] | None] = []  # None marks an OR
    for match in _CHUNK.finditer(text):
        negated, quoted, bare = match.groups()
        if quoted is not None:
            clause = _phrase_clause(quoted)
            if clause is not None:
                items.append((clause, bool(negated)))
        elif bare in _OR_WORDS:
            items.append(None)
        else:
            items.extend(_bare_clauses(bare))
    return _assemble(items)


def _phrase_clause(text: str) -> Term | Phrase | None:
    terms = tuple(t for t in (term_of(w) for w in words(text)) if t)
    if not terms:
        return None
    if len(terms) == 1:
        return Term(terms[0], text.strip())
    return Phrase(terms, text.strip())


def _bare_clauses(chunk: str) -> list[tuple[Clause, bool]]:
    negated = chunk.startswith("-") and len(chunk) > 1
    pieces = [p for p in _SEPARATORS.split(chunk.lstrip("-+")) if p.strip("-*\u2010\u2011")]
    clauses: list[tuple[Clause, bool]] = []
    for piece in pieces:
        clause = _piece_clause(piece)
        if clause is not None:
            clauses.append((clause, negated))
    return clauses


def _piece_clause(piece: str) -> Term | Phrase | Prefix | None:
    is_prefix = piece.endswith("*")
    found = words(piece.replace("*", " "))
    if len(found) > 1:
        return _phrase_clause(" ".join(found))
    if not found:
        return None
    word = found[0]
    if is_prefix and len(normalize_word(word)) >= PREFIX_MIN_CHARS:
        return Prefix(_prefix_of(word), word)
    return _term_clause(word)


def _prefix_of(word: str) -> str:
    normalized = normalize_word(word)
    stem = term_of(word)
    # «практики*» should also find «практикум»: search from the stem when it is a prefix.
    return stem if stem and normalized.startswith(stem) else normalized


def _term_clause(word: str) -> Term | None:
    term = term_of(word)
    if not term:
        return None
    related: tuple[str, ...] = ()
    # An adjective stem ending in -н usually derives from a noun: «молодежн» ← «молодеж»,
    # «районн» ← «район». Matching the noun too costs little precision.
    if term.endswith("н") and len(term) > EXPAND_MIN_CHARS:
        related = (term[:-1],)
    return Term(term, word, expand_prefix=len(term) >= EXPAND_MIN_CHARS, related=related)


def _assemble(items: list[tuple[Clause, bool] | None]) -> ParsedQuery:
    must: list[Clause] = []
    must_not: list[Clause] = []
    or_pending = False
    last_positive = False  # was the previous item a positive clause that an OR may extend?
    for item in items:
        if item is None:
            or_pending = last_positive
            continue
        clause, negated = item
        if negated:
            must_not.append(clause)
            last_positive = or_pending = False
            continue
        if or_pending and must:
            previous = must.pop()
            merged = previous.clauses if isinstance(previous, AnyOf) else (previous,)
            extra = clause.clauses if isinstance(clause, AnyOf) else (clause,)
            must.append(AnyOf(merged + extra))
        else:
            must.append(clause)
        last_positive, or_pending = True, False
    return ParsedQuery(_dedupe(_drop_stopwords(must))[:MAX_CLAUSES], _dedupe(must_not)[:MAX_CLAUSES])


def _drop_stopwords(must: list[Clause]) -> list[Clause]:
    kept = [c for c in must if not (isinstance(c, Term) and is_stopword(c.term))]
    # A query made only of function words («и или») still searches them.
    return kept if kept else must


def _dedupe(clauses: list[Clause]) -> tuple[Clause, ...]:
    seen: set[Clause] = set()
    unique: list[Clause] = []
    for clause in clauses:
        if clause not in seen:
            seen.add(clause)
            unique.append(clause)
    return tuple(unique)


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
