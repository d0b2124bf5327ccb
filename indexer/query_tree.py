"""The nodes of a parsed query (:mod:`indexer.query` describes the language, and re-exports
them), and the constants the parser needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeAlias

from indexer.analysis import words

#: Only stems at least this long are expanded to their derived words: shorter stems («мер»,
#: «сел») begin too many unrelated words.
EXPAND_MIN_CHARS = 5
#: A user prefix shorter than this matches too much of the dictionary: it is searched as a word.
PREFIX_MIN_CHARS = 3
#: More clauses than this are ignored: a pasted paragraph would otherwise build a huge query.
MAX_CLAUSES = 24
#: Parentheses nested deeper than this are ignored (a query is typed, not generated).
MAX_DEPTH = 4
#: Weight of an equivalent form (an abbreviation's expansion and back) next to the typed one.
SYNONYM_WEIGHT = 0.8


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


Leaf: TypeAlias = Term | Phrase | Prefix


@dataclass(frozen=True)
class AnyOf:
    """At least one of the clauses."""

    clauses: tuple[Clause, ...]


@dataclass(frozen=True)
class AllOf:
    """A parenthesised group: all of `must` (every article when empty), none of `must_not`."""

    must: tuple[Clause, ...]
    must_not: tuple[Clause, ...] = ()


@dataclass(frozen=True)
class InField:
    """`clause` matched in one text field only (``title:``)."""

    field: str
    clause: Clause


@dataclass(frozen=True)
class Synonyms:
    """`original` as typed, or any of its equivalents from :mod:`indexer.synonyms`, each
    weighed :func:`synonym_weight` so the typed form ranks first."""

    original: Clause
    alternatives: tuple[Term | Phrase, ...]


Clause: TypeAlias = Term | Phrase | Prefix | AnyOf | AllOf | InField | Synonyms


def synonym_weight(alternative: Term | Phrase) -> float:
    """Weight of an equivalent form: a phrase sums the BM25 of its words, so it is divided by
    their number, or «жилищно-коммунальное хозяйство» would outrank the «ЖКХ» typed."""
    return SYNONYM_WEIGHT / (len(alternative.terms) if isinstance(alternative, Phrase) else 1)


@dataclass(frozen=True)
class ParsedQuery:
    """All of `must`, none of `must_not`; an empty `must` matches every article."""

    must: tuple[Clause, ...] = ()
    must_not: tuple[Clause, ...] = ()
    #: What was ignored or reinterpreted, in Russian, for the person who typed the query
    #: (not part of equality: two queries that search alike are equal).
    notices: tuple[str, ...] = field(default=(), compare=False)

    @property
    def matches_all(self) -> bool:
        return not self.must

    def highlight_terms(self) -> tuple[frozenset[str], tuple[str, ...]]:
        """(exact terms, term prefixes) whose words a snippet marks."""
        exact: set[str] = set()
        prefixes: list[str] = []
        for clause in positive_leaves(self.must):
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
        for clause in positive_leaves(self.must):
            hints.extend(words(clause.text) if isinstance(clause, Phrase) else (clause.word,))
        return tuple(hints)


def positive_leaves(clauses: tuple[Clause, ...]) -> list[Leaf]:
    """The words, phrases and prefixes a match may contain (not those it must not)."""
    flat: list[Leaf] = []
    for clause in clauses:
        if isinstance(clause, AnyOf):
            flat.extend(positive_leaves(clause.clauses))
        elif isinstance(clause, AllOf):
            flat.extend(positive_leaves(clause.must))
        elif isinstance(clause, InField):
            flat.extend(positive_leaves((clause.clause,)))
        elif isinstance(clause, Synonyms):
            flat.extend(positive_leaves((clause.original, *clause.alternatives)))
        else:
            flat.append(clause)
    return flat
