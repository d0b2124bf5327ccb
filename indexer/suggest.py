"""«Возможно, вы имели в виду …»: a corrected query from the index's own vocabulary.

When a search finds (almost) nothing, every typed word whose term no article contains is
replaced by the closest indexed term: Damerau–Levenshtein distance at most MAX_EDITS, the same
first letter (typos rarely hit it, and it keeps the dictionary walk short; Elasticsearch's term
suggester has the same default), then the most frequent. The index holds stems («молодежн»), so
the term is turned back into a word a person would type: the form of it that the articles
containing it use, closest to what was typed («малодёжной» → «молодёжной»). The suggestion is
the query text with those words replaced, operators and quotes kept.

The backends only answer three questions about their vocabulary (:class:`Vocabulary`), so they
suggest alike.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, Protocol

from indexer.analysis import is_stopword, normalize_word, term_of, words
from indexer.query import AllOf, AnyOf, Clause, InField, Phrase, Term, parse_query

if TYPE_CHECKING:
    from indexer.documents import SearchPage, SearchQuery

_WORD = re.compile(r"\w+")
# What precedes the first word of a sentence or a title (capitalised whatever it is).
_SENTENCE_START = re.compile(r"[.!?…\n«\"(]\s*$")

__all__ = ["Vocabulary", "edit_distance", "suggest", "wants_suggestion"]

#: Edits a correction may make (Elasticsearch's term suggester allows at most 2, too).
MAX_EDITS = 2
#: Shorter words are not corrected: at two edits, a three-letter word becomes almost any other.
MIN_WORD_CHARS = 4
#: A search with fewer results than this gets a suggestion (when a word is not in the index).
SUGGEST_BELOW = 3
#: Index terms of one first letter considered per field, the most frequent first: a correction
#: rarer than that is no better a guess than the typo.
MAX_CANDIDATES = 5000
#: Articles read to find the written form of a corrected term.
SAMPLE_ARTICLES = 3


class Vocabulary(Protocol):
    """What a backend tells about its index terms (title, body and documents fields)."""

    def frequencies(self, terms: list[str]) -> dict[str, int]:
        """Term -> articles containing it in any text field."""

    def candidates(self, term: str) -> list[str]:
        """Index terms that may be within MAX_EDITS of `term` (same first letter)."""

    def texts(self, term: str) -> list[str]:
        """The titles and texts of a few articles containing `term`."""


def wants_suggestion(query: SearchQuery, page: SearchPage) -> bool:
    """True for the first page of a search with words that found (almost) nothing."""
    return (page.total < SUGGEST_BELOW and query.offset == 0 and query.search_after is None
            and bool(query.text.strip()))


def suggest(text: str, vocabulary: Vocabulary) -> str | None:
    """The query with its unknown words corrected, or None when there is nothing to correct."""
    typed = [(word, term) for word, term in _typed_words(parse_query(text).must)
             if len(normalize_word(word)) >= MIN_WORD_CHARS and not term.isdigit()
             and not is_stopword(term)]
    if not typed:
        return None
    known = vocabulary.frequencies(sorted({term for _, term in typed}))
    corrected = text
    for word, term in typed:
        if known.get(term):
            continue
        better = _closest(term, vocabulary)
        surface = _surface(better, word, vocabulary.texts(better)) if better else None
        if surface and surface != word:
            pattern = r"(?<!\w)" + re.escape(word) + r"(?!\w)"
            corrected = re.sub(pattern, surface.replace("\\", "\\\\"), corrected)
    return corrected if corrected != text else None


def _typed_words(clauses: tuple[Clause, ...]) -> list[tuple[str, str]]:
    """(word as typed, its term) of the positive words; abbreviations with synonyms are known."""
    found: list[tuple[str, str]] = []
    for clause in clauses:
        if isinstance(clause, Term):
            found.append((clause.word, clause.term))
        elif isinstance(clause, Phrase):
            found.extend((w, term_of(w)) for w in words(clause.text) if term_of(w))
        elif isinstance(clause, AnyOf):
            found.extend(_typed_words(clause.clauses))
        elif isinstance(clause, AllOf):
            found.extend(_typed_words(clause.must))
        elif isinstance(clause, InField):
            found.extend(_typed_words((clause.clause,)))
    return found


def _closest(term: str, vocabulary: Vocabulary) -> str | None:
    letters = set(term)
    # An edit changes the set of letters by two at most: a cheap test that skips most terms.
    near = {c: d for c in set(vocabulary.candidates(term))
            if c != term and len(letters ^ set(c)) <= 2 * MAX_EDITS
            and (d := edit_distance(term, c)) <= MAX_EDITS}
    if not near:
        return None
    counts = vocabulary.frequencies(sorted(near))
    ranked = sorted((near[c], -counts.get(c, 0), c) for c in near if counts.get(c, 0) > 0)
    return ranked[0][2] if ranked else None


def _surface(term: str, typed: str, texts: list[str]) -> str | None:
    """The written form of `term` in `texts` closest to `typed` (then the most used)."""
    forms: Counter[str] = Counter()
    names: set[str] = set()  # capitalised inside a sentence: a proper name («Сургут»)
    common: set[str] = set()  # written in lower case somewhere
    for text in texts:
        for match in _WORD.finditer(text):
            word = match.group()
            if term_of(word) != term:
                continue
            form = word.lower()
            forms[form] += 1
            if word == form:
                common.add(form)
            elif match.start() and not _SENTENCE_START.search(text[max(0, match.start() - 4):match.start()]):
                names.add(form)
    if not forms:
        return None
    target = normalize_word(typed)
    best = min(forms, key=lambda form: (edit_distance(normalize_word(form), target, 99),
                                        -forms[form], form))
    if (best in names and best not in common) or typed[:1].isupper():
        return best[:1].upper() + best[1:]
    return best


def edit_distance(left: str, right: str, limit: int = MAX_EDITS) -> int:
    """Damerau–Levenshtein (optimal string alignment) distance; ``limit + 1`` when beyond it.

    Only the diagonal band of width ``2 * limit + 1`` is computed: a cell farther from the
    diagonal costs more than `limit` anyway (it is called on thousands of index terms).
    """
    if abs(len(left) - len(right)) > limit:
        return limit + 1
    beyond = limit + 1
    width = len(right)
    before: list[int] = []
    previous = [j if j <= limit else beyond for j in range(width + 1)]
    for i in range(1, len(left) + 1):
        current = [beyond] * (width + 1)
        if i <= limit:
            current[0] = i
        low, high = max(1, i - limit), min(width, i + limit)
        char = left[i - 1]
        for j in range(low, high + 1):
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != right[j - 1]))
            if i > 1 and j > 1 and char == right[j - 2] and left[i - 2] == right[j - 1]:
                value = min(value, before[j - 2] + 1)
            current[j] = value if value < beyond else beyond
        if min(current[low - 1:high + 1]) >= beyond:
            return beyond
        before, previous = previous, current
    return min(previous[width], beyond)
