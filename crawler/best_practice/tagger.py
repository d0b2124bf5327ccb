"""Tag best-practice publications: weighted rules over Russian stems plus a small word model.

score = sum of the rules that fired (`crawler/best_practice/rules.py`)
      + the word model's bounded log-odds (`crawler/best_practice/model.py`, at most ±2);
tagged when score >= THRESHOLD. ``is_best_practice(title, text)`` is what the crawl pipeline
calls; ``explain(title, text)`` returns every rule that fired, with its weight, where it fired
and the words it matched, and the model's contribution with its strongest words, so a
surprising tag can always be traced back.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache

from crawler.best_practice.model import MAX_BODY_WORDS, features, load_model, stem, tokens
from crawler.best_practice.rules import (
    CORE_RULES,
    LEAD_WORDS,
    PHRASE_GAP,
    REST_WEIGHT,
    RULES,
    SHORT_WORDS,
    STRONG_CORE_RULES,
    STRONG_SCORE,
    THRESHOLD,
    TITLE_BOOST,
    Rule,
)

__all__ = ["Explanation", "Fired", "explain", "is_best_practice", "score"]

#: How many of the model's words `explain()` shows: enough to see why it leaned one way.
_SHOWN_WORDS = 6


@dataclass(frozen=True)
class Fired:
    """One rule that fired: its weight as counted and the words that matched."""

    rule: str
    weight: float
    where: str  # "title", "lead" (first words of the text), "rest" or "both" (word model)
    matched: str
    why: str


@dataclass(frozen=True)
class Explanation:
    """The score, the threshold, the verdict and every rule behind it."""

    score: float
    threshold: float
    fired: list[Fired] = field(default_factory=list)
    words: int = 0  # length of the text, in words

    @property
    def focused(self) -> bool:
        """A core rule fired in the title or the lead: the article is about a practice."""
        return any(hit.rule in CORE_RULES and hit.weight > 0 and hit.where in ("title", "lead")
                   for hit in self.fired)

    @property
    def is_best_practice(self) -> bool:
        if self.score < self.threshold:
            return False
        if self.focused or self.words <= SHORT_WORDS:
            return True
        core = {hit.rule for hit in self.fired if hit.rule in CORE_RULES and hit.weight > 0}
        return len(core) >= STRONG_CORE_RULES and self.score >= STRONG_SCORE


_Slot = tuple[tuple[str, bool], ...]  # alternatives: (stem or raw prefix, is_prefix)


@cache
def _compile(phrase: str) -> tuple[bool, tuple[_Slot, ...]]:
    """(anchored at the start?, one slot of alternatives per word) for a rule phrase."""
    text = phrase.lower().replace("ё", "е").strip()
    anchored = text.startswith("^")
    slots = []
    for word in text.lstrip("^").split():
        slots.append(tuple((alt[:-1], True) if alt.endswith("*")
                           else (stem(alt), False) for alt in word.split("|")))
    return anchored, tuple(slots)


class _Text:
    """A tokenised title or body with the positions of every stem and word, for fast lookups."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.words = [raw for raw, _ in pairs]
        self.by_stem: dict[str, set[int]] = {}
        self.by_word: dict[str, set[int]] = {}
        for position, (raw, stem_) in enumerate(pairs):
            self.by_stem.setdefault(stem_, set()).add(position)
            self.by_word.setdefault(raw, set()).add(position)
        self.sorted_words = sorted(self.by_word)
        self._cache: dict[_Slot, set[int]] = {}

    def positions(self, slot: _Slot) -> set[int]:
        """Where any alternative of `slot` occurs (a prefix is a range of the sorted words)."""
        found = self._cache.get(slot)
        if found is None:
            found = set()
            for value, is_prefix in slot:
                if not is_prefix:
                    found |= self.by_stem.get(value, set())
                    continue
                index = bisect_left(self.sorted_words, value)
                while index < len(self.sorted_words) and self.sorted_words[index].startswith(value):
                    found |= self.by_word[self.sorted_words[index]]
                    index += 1
            self._cache[slot] = found
        return found


def _find(text: _Text, phrase: str) -> str | None:
    """The matched words if `phrase` occurs in order with small gaps, else None."""
    anchored, slots = _compile(phrase)
    starts = text.positions(slots[0])
    for start in ([0] if 0 in starts else []) if anchored else sorted(starts):
        matched, position = [start], start
        for slot in slots[1:]:
            where = text.positions(slot)
            window = range(position + 1, position + 2 + PHRASE_GAP)
            position = next((i for i in window if i in where), -1)
            if position < 0:
                break
            matched.append(position)
        if position >= 0:
            return " ".join(text.words[i] for i in matched)
    return None


def _fire(rule: Rule, parts: list[tuple[str, _Text, float]]) -> Fired | None:
    """The rule's first hit, looking in the title, then the lead, then the rest of the text."""
    for where, text, factor in parts:
        for phrase in rule.phrases:
            if phrase.startswith("@") and where != "title":
                continue
            hit = _find(text, phrase.lstrip("@"))
            if hit is not None:
                return Fired(rule.name, rule.weight * factor, where, hit, rule.why)
    return None


def _model_hit(feats: set[str]) -> Fired:
    model = load_model()
    strongest = model.contributions(feats)[:_SHOWN_WORDS]
    words = ", ".join(f"{name}{weight:+.1f}" for name, weight in strongest)
    return Fired("word-model", round(model.score(feats), 3), "both", words,
                 "naive Bayes log-odds of the article's words (scaled, at most ±2)")


def explain(title: str, text: str) -> Explanation:
    """Score an article and list the rules that fired, strongest first."""
    title_tokens = tokens(title or "")
    body_tokens = tokens(text or "")[:MAX_BODY_WORDS]
    parts = [("title", _Text(title_tokens), TITLE_BOOST),
             ("lead", _Text(body_tokens[:LEAD_WORDS]), 1.0),
             ("rest", _Text(body_tokens[LEAD_WORDS:]), REST_WEIGHT)]
    fired = [hit for rule in RULES if (hit := _fire(rule, parts))]
    fired.append(_model_hit(features(title_tokens, body_tokens)))
    fired.sort(key=lambda hit: -abs(hit.weight))
    total = round(sum(hit.weight for hit in fired), 3)
    return Explanation(score=total, threshold=THRESHOLD, fired=fired, words=len(text.split()))


def score(title: str, text: str) -> float:
    """The summed rule weights of an article (tagged when >= the threshold)."""
    return explain(title, text).score


def is_best_practice(title: str, text: str) -> bool:
    """True when the article describes a practice or project for others to adopt."""
    return explain(title, text).is_best_practice
