"""Abbreviations and synonyms of municipal news, applied to a parsed query (not at index time).

The table is ``indexer/data/synonyms.tsv``: one group of equivalent forms per line («ЖКХ» TAB
«жилищно-коммунальное хозяйство»). Forms are compared by their analysed terms, so any word form
of a phrase finds its abbreviation. A query word or phrase that is a form of a group matches
the form as typed or any other form of its groups (:class:`indexer.query.Synonyms`); the
others are weighed down (:func:`indexer.query.synonym_weight`), so the typed form ranks first.
Unquoted words that spell a form («жилищно-коммунальное хозяйство» typed without quotes) stay
separate words as typed, or the abbreviation. Editing the table needs no reindex.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from indexer.analysis import term_of, words
from indexer.query_tree import AllOf, AnyOf, Clause, InField, Phrase, Synonyms, Term

__all__ = ["alternatives", "expand", "load_table"]

DATA_FILE = "synonyms.tsv"

#: analysed terms of a form -> the other forms of its groups, as (terms, text as written)
Table = dict[tuple[str, ...], tuple[tuple[tuple[str, ...], str], ...]]


def parse_table(text: str) -> Table:
    """The table from TSV text: comment lines start with ``#``; blank lines are skipped."""
    groups: list[list[tuple[tuple[str, ...], str]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        forms = [(_terms(form), form.strip()) for form in line.split("\t") if form.strip()]
        groups.append([form for form in forms if form[0]])
    table: dict[tuple[str, ...], list[tuple[tuple[str, ...], str]]] = {}
    for group in groups:
        for key, _ in group:
            found = table.setdefault(key, [])
            found.extend(form for form in group if form[0] != key and form not in found)
    return {key: tuple(forms) for key, forms in table.items() if forms}


def _terms(text: str) -> tuple[str, ...]:
    return tuple(term for term in (term_of(word) for word in words(text)) if term)


@cache
def load_table() -> Table:
    """The shipped table, read once per process."""
    text = resources.files("indexer").joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    return parse_table(text)


@cache
def _longest() -> int:
    return max((len(key) for key in load_table()), default=1)


def alternatives(terms: tuple[str, ...]) -> tuple[Term | Phrase, ...]:
    """The other forms of the groups `terms` belong to, as query clauses (none: not a form)."""
    found: list[Term | Phrase] = []
    for other, text in load_table().get(terms, ()):
        found.append(Term(other[0], text) if len(other) == 1 else Phrase(other, text))
    return tuple(found)


def _key(clause: Clause) -> tuple[str, ...] | None:
    if isinstance(clause, Term):
        return (clause.term,)
    if isinstance(clause, Phrase):
        return clause.terms
    return None


def expand(clauses: list[Clause], *, windows: bool = True) -> list[Clause]:
    """`clauses` with every form of the table joined by its equivalents; with `windows`,
    consecutive words that together spell a form too (the clauses of one AND)."""
    result: list[Clause] = []
    index = 0
    while index < len(clauses):
        matched = _window(clauses, index) if windows else None
        if matched is not None:
            size, found = matched
            result.append(Synonyms(AllOf(tuple(clauses[index:index + size])), found))
            index += size
            continue
        result.append(_expand_one(clauses[index]))
        index += 1
    return result


def _window(clauses: list[Clause], start: int) -> tuple[int, tuple[Term | Phrase, ...]] | None:
    # Longest first: «органы местного самоуправления» before «местного самоуправления».
    for size in range(min(_longest(), len(clauses) - start), 1, -1):
        keys = [_key(clause) for clause in clauses[start:start + size]]
        if any(key is None for key in keys):
            continue
        joined = tuple(term for key in keys if key is not None for term in key)
        found = alternatives(joined)
        if found:
            return size, found
    return None


def _expand_one(clause: Clause) -> Clause:
    if isinstance(clause, AnyOf):
        return AnyOf(tuple(expand(list(clause.clauses), windows=False)))
    if isinstance(clause, InField):
        return InField(clause.field, _expand_one(clause.clause))
    key = _key(clause)
    found = alternatives(key) if key is not None else ()
    return Synonyms(clause, found) if found else clause
