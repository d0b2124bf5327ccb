"""Tag best-practice publications with transparent weighted rules over Russian word stems.

``is_best_practice(title, text)`` is what the crawl pipeline calls; ``explain(title, text)``
returns every rule that fired, with its weight, where it fired and the words it matched, so a
surprising tag can always be traced to a rule in `crawler/best_practice_rules.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import Stemmer

from crawler.best_practice_rules import PHRASE_GAP, RULES, THRESHOLD, TITLE_BOOST, Rule

__all__ = ["Explanation", "Fired", "explain", "is_best_practice", "score"]

_WORD = re.compile(r"[0-9a-zа-я]+")

#: Only the start of a long article is read: a best-practice publication says what it is
#: early, and the tail of a long text (lists of participants, legal boilerplate) adds noise.
_MAX_BODY_WORDS = 600


@dataclass(frozen=True)
class Fired:
    """One rule that fired: its weight as counted and the words that matched."""

    rule: str
    weight: float
    where: str  # "title" or "text"
    matched: str
    why: str


@dataclass(frozen=True)
class Explanation:
    """The score, the threshold, the verdict and every rule behind it."""

    score: float
    threshold: float
    fired: list[Fired] = field(default_factory=list)

    @property
    def is_best_practice(self) -> bool:
        return self.score >= self.threshold


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("russian")


def _tokens(text: str) -> list[tuple[str, str]]:
    """(raw lowercase word, stem) pairs; «ё» folded to «е» as Russian sites write both."""
    words = _WORD.findall(text.lower().replace("ё", "е"))
    stems = _stemmer().stemWords(words)
    return list(zip(words, stems))


@lru_cache(maxsize=None)
def _compile(phrase: str) -> tuple[tuple[str, bool], ...]:
    """A phrase as (stem or prefix, is_prefix) per word."""
    parts = []
    for word in phrase.lower().replace("ё", "е").split():
        if word.endswith("*"):
            parts.append((word[:-1], True))
        else:
            parts.append((_stemmer().stemWord(word), False))
    return tuple(parts)


def _word_matches(token: tuple[str, str], part: tuple[str, bool]) -> bool:
    raw, stem = token
    value, is_prefix = part
    return raw.startswith(value) if is_prefix else stem == value


def _find(tokens: list[tuple[str, str]], phrase: str) -> str | None:
    """The matched words if `phrase` occurs in order with small gaps, else None."""
    parts = _compile(phrase)
    for start, token in enumerate(tokens):
        if not _word_matches(token, parts[0]):
            continue
        matched, position = [token[0]], start
        for part in parts[1:]:
            window = range(position + 1, min(position + 2 + PHRASE_GAP, len(tokens)))
            position = next((i for i in window if _word_matches(tokens[i], part)), -1)
            if position < 0:
                break
            matched.append(tokens[position][0])
        if position >= 0:
            return " ".join(matched)
    return None


def _fire(rule: Rule, title: list[tuple[str, str]], body: list[tuple[str, str]]) -> Fired | None:
    for phrase in rule.phrases:
        hit = _find(title, phrase)
        if hit is not None:
            return Fired(rule.name, rule.weight * TITLE_BOOST, "title", hit, rule.why)
    for phrase in rule.phrases:
        hit = _find(body, phrase)
        if hit is not None:
            return Fired(rule.name, rule.weight, "text", hit, rule.why)
    return None


def explain(title: str, text: str) -> Explanation:
    """Score an article and list the rules that fired, strongest first."""
    title_tokens = _tokens(title or "")
    body_tokens = _tokens(text or "")[:_MAX_BODY_WORDS]
    fired = [hit for rule in RULES if (hit := _fire(rule, title_tokens, body_tokens))]
    fired.sort(key=lambda hit: -abs(hit.weight))
    total = round(sum(hit.weight for hit in fired), 3)
    return Explanation(score=total, threshold=THRESHOLD, fired=fired)


def score(title: str, text: str) -> float:
    """The summed rule weights of an article (tagged when >= the threshold)."""
    return explain(title, text).score


def is_best_practice(title: str, text: str) -> bool:
    """True when the article describes a practice or project for others to adopt."""
    return explain(title, text).is_best_practice
