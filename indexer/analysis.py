"""Russian text analysis shared by every search backend: the same tokens at index and query time.

The pipeline, in order:

1. tokenise: maximal runs of letters and digits; stress marks (U+0301, U+0300) and soft hyphens
   inside a word are kept in the token and removed in step 2, so «моло́дежь» is one word;
   hyphens, punctuation and query syntax split words («Ханты-Мансийский» → «Ханты»,
   «Мансийский»; the query parser turns a hyphenated query word into a phrase of its parts, so
   the compound still matches as a unit);
2. normalise: lower-case, «ё» → «е», drop stress marks and soft hyphens, and in a word that
   mixes scripts map Latin look-alikes to Cyrillic («Мoсква» typed with a Latin «o»);
3. stem: a Cyrillic word is lemmatised with pymorphy3 (its most probable parse, no context)
   and the lemma stemmed with Snowball Russian; Latin words get Snowball English; numbers stay
   as they are. Lemmatising first fixes what suffix stripping cannot: fleeting vowels and
   stem alternations («свалка»/«свалок», «отец»/«отца»); stemming the lemma keeps the wider
   conflation of Snowball («молодёжной» → «молодежн», one step from «молодеж»). Measured on
   the relevance fixture (``python -m benchmarks.relevance [--analysis snowball]``):
   Snowball alone MRR 0.974, recall@10 0.824; lemma + Snowball 1.000 / 0.850.

Every backend indexes these tokens verbatim (tantivy with its ``whitespace`` tokenizer over
:func:`analyzed_text`; Elasticsearch with a whitespace analyzer over the same string), which is
why they agree on what matches. Bump :data:`ANALYZER_VERSION` on any change: indexes built
with another version must be rebuilt (`munews reindex`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any

import Stemmer

#: Part of every index's metadata; a mismatch means the index must be rebuilt. Includes the
#: morphological dictionary's version: another dictionary may lemmatise a word differently.
ANALYZER_VERSION = f"2+dicts-{version('pymorphy3-dicts-ru')}"

# A word starts with a letter or digit and may contain stress marks and soft hyphens.
_WORD = re.compile(r"[^\W_]+(?:[\u0300\u0301\u00ad]+[^\W_]*)*")
# The common case, no underscores or invisible marks in the text: plain \w+ is twice as fast.
_PLAIN_WORD = re.compile(r"\w+")
_SLOW_PATH_CHARS = ("_", "\u0300", "\u0301", "\u00ad")
_INVISIBLE = re.compile(r"[\u0300\u0301\u00ad]")
_CYRILLIC = re.compile(r"[а-яё]")
_LATIN = re.compile(r"[a-z]")
# Latin letters that look like Cyrillic ones; only applied inside mixed-script words.
_HOMOGLYPHS = str.maketrans("aceopxyktmhb", "асеорхуктмнв")

#: Longer "words" are hashes, base64 or glued garbage: they only bloat the term dictionary.
MAX_TOKEN_CHARS = 40

_RU = Stemmer.Stemmer("russian")
_EN = Stemmer.Stemmer("english")

#: Function words; the query parser drops them from "all words must match" (they are indexed,
#: so phrases containing them still work).
STOPWORDS = frozenset(
    "и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее "  # noqa: SIM905
    "мне было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть "
    "был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть "
    "надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда "
    "кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее были "
    "куда зачем всех никогда можно при наконец два об другой хоть после над больше тот через "
    "эти нас про всего них какая много разве три эту моя впрочем свою этой перед иногда "
    "чуть том нельзя такой им более всегда конечно всю между также the a an of "
    "and or to in on for is are".split()
)


@dataclass(frozen=True)
class Token:
    """One analysed token and where its word sits in the original text (character offsets)."""

    term: str
    start: int
    end: int
    position: int


def normalize_word(word: str) -> str:
    """Lower-case, «ё» → «е», no stress marks; Latin look-alikes → Cyrillic in mixed words."""
    lowered = _INVISIBLE.sub("", word).lower().replace("ё", "е")
    if _CYRILLIC.search(lowered) and _LATIN.search(lowered):
        lowered = lowered.translate(_HOMOGLYPHS)
    return lowered


_MORPH: Any = None


def _lemma(normalized: str) -> str:
    global _MORPH
    if _MORPH is None:  # loading the dictionaries takes a moment: only when first needed
        import pymorphy3

        _MORPH = pymorphy3.MorphAnalyzer()
    parses = _MORPH.parse(normalized)
    return parses[0].normal_form.replace("ё", "е") if parses else normalized


def _stem(normalized: str) -> str:
    if normalized.isdigit():
        return normalized
    if _CYRILLIC.search(normalized):
        lemma = _lemma(normalized)
        stem: str = _RU.stemWord(lemma)
        # Snowball strips «-ыт» as a participle ending: «опыт» → «оп», «закрыт» → «закр».
        # Lemmas ending so are nouns or short forms: keep them whole.
        if lemma.endswith("ыт") and stem == lemma[:-2]:
            return lemma
        return stem
    if _LATIN.search(normalized):
        return str(_EN.stemWord(normalized))
    return normalized


#: word as written -> term. Text follows Zipf's law, so a bounded cache of surface forms
#: answers almost every word with one dict lookup: analysis is the hot path of indexing.
_TERMS: dict[str, str] = {}
_CACHE_LIMIT = 500_000


def term_of(word: str) -> str:
    """The index term of one word (normalised and stemmed); '' for a word that is dropped."""
    term = _TERMS.get(word)
    if term is None:
        normalized = normalize_word(word)
        term = _stem(normalized) if 0 < len(normalized) <= MAX_TOKEN_CHARS else ""
        if len(_TERMS) >= _CACHE_LIMIT:
            _TERMS.clear()
        _TERMS[word] = term
    return term


def words(text: str) -> list[str]:
    """The words of a text as written (no normalisation)."""
    return _WORD.findall(text)


def analyze(text: str) -> list[str]:
    """The index terms of a text, in order."""
    plain = not any(char in text for char in _SLOW_PATH_CHARS)
    found = (_PLAIN_WORD if plain else _WORD).findall(text)
    # map() over the cache's get runs in C; only words never seen before take the slow path.
    terms = list(map(_TERMS.get, found))
    if None in terms:
        terms = [term_of(word) if term is None else term for word, term in zip(found, terms)]
    return [term for term in terms if term]


def analyze_with_offsets(text: str) -> list[Token]:
    """Terms with the character offsets of their words in `text` (for highlighting)."""
    tokens: list[Token] = []
    for match in _WORD.finditer(text):
        term = term_of(match.group())
        if term:
            tokens.append(Token(term, match.start(), match.end(), len(tokens)))
    return tokens


def analyzed_text(text: str) -> str:
    """Terms joined by single spaces: what backends index with a whitespace tokenizer."""
    return " ".join(analyze(text))


def is_stopword(term: str) -> bool:
    """True for the term of a function word («и», «в», «на» …)."""
    return term in _STOP_TERMS


_STOP_TERMS = frozenset(term_of(word) for word in STOPWORDS)
