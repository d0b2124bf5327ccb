"""Tag the practice topics of an article: weighted rules over Russian stems plus a word model.

For each topic of `TOPICS`:
score = the rules of that topic that fired (`crawler/topics/rules.py`)
      + the genre penalty (greetings, sport, accidents in the title or lead)
      + the context penalty (the title names another topic and none of this one's rules)
      + the word model's bounded log-odds (`crawler/topics/model.py`, at most ±2);
the topic is tagged when its score >= THRESHOLD. ``tag_topics(title, text)`` is what the crawl
calls; ``explain(title, text)`` returns every topic's score with the rules behind it, where they
fired, the words they matched and the model's strongest words, so a tag can be traced back.

The phrase matching and the tokens are the best-practice tagger's (same phrase language, same
cached stemmer), so the two taggers agree on what a word is.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache

from crawler.best_practice.model import features, tokens
from crawler.best_practice.tagger import _compile, _find, _Text
from crawler.topics.model import load_model
from crawler.topics.rules import (
    CONTEXT_PENALTY,
    GENRE_PENALTY,
    GENRE_PHRASES,
    LEAD_WORDS,
    MAX_BODY_WORDS,
    REST_WEIGHT,
    RULES,
    THRESHOLD,
    TITLE_BOOST,
    TOPICS,
    Rule,
)

__all__ = ["Explanation", "Fired", "TopicScore", "explain", "tag_topics"]

#: How many of the model's words `explain()` shows per topic.
_SHOWN_WORDS = 5

_Parts = list[tuple[str, _Text, float]]


@dataclass(frozen=True)
class Fired:
    """One rule that fired for a topic: its weight as counted and the words that matched."""

    rule: str
    weight: float
    where: str  # "title", "lead" (first words of the text), "rest" or "both" (word model)
    matched: str
    why: str


@dataclass(frozen=True)
class TopicScore:
    """One topic's score, the threshold and every rule behind it, strongest first."""

    topic: str
    score: float
    threshold: float
    fired: list[Fired] = field(default_factory=list)

    @property
    def tagged(self) -> bool:
        return self.score >= self.threshold


@dataclass(frozen=True)
class Explanation:
    """Every topic's score, in `TOPICS` order."""

    scores: list[TopicScore]

    @property
    def topics(self) -> list[str]:
        """The tagged topics, in `TOPICS` order."""
        return [item.topic for item in self.scores if item.tagged]


_GENRE = Rule("", "genre", GENRE_PENALTY, GENRE_PHRASES, "greetings, sport, weather and accidents are about no topic")
_Index = tuple[dict[str, set[str]], dict[str, set[str]]]


@cache
def _first_words() -> _Index:
    """Every phrase by the stems and prefixes its first word may take: (by stem, by prefix)."""
    by_stem: dict[str, set[str]] = {}
    by_prefix: dict[str, set[str]] = {}
    for rule in (*RULES, _GENRE):
        for phrase in rule.phrases:
            for value, is_prefix in _compile(phrase.lstrip("@"))[1][0]:
                (by_prefix if is_prefix else by_stem).setdefault(value, set()).add(phrase)
    return by_stem, by_prefix


def _candidates(text: _Text) -> set[str]:
    """The phrases whose first word occurs in `text`: the only ones worth matching.

    About 1,000 phrase lookups per article cost more than the stemming; looking each distinct
    word of the text up once (its stem, then each of its prefixes) leaves a few dozen.
    """
    by_stem, by_prefix = _first_words()
    found: set[str] = set()
    for value in text.by_stem:
        found |= by_stem.get(value, set())
    for word in text.by_word:
        for end in range(1, len(word) + 1):
            found |= by_prefix.get(word[:end], set())
    return found


def _fire(rule: Rule, parts: _Parts, candidates: list[set[str]]) -> Fired | None:
    """The rule's first hit, looking in the title, then the lead, then the rest of the text."""
    for (where, text, factor), possible in zip(parts, candidates):
        for phrase in rule.phrases:
            if phrase not in possible or (phrase.startswith("@") and where != "title"):
                continue
            hit = _find(text, phrase.lstrip("@"))
            if hit is not None:
                return Fired(rule.name, round(rule.weight * factor, 3), where, hit, rule.why)
    return None


def _model_hit(topic: str, feats: set[str], with_words: bool = True) -> Fired:
    model = load_model()
    # The strongest words are for a person reading explain(); tagging needs the score alone.
    strongest = model.contributions(topic, feats)[:_SHOWN_WORDS] if with_words else []
    words = ", ".join(f"{name}{weight:+.1f}" for name, weight in strongest)
    return Fired("word-model", round(model.score(topic, feats), 3), "both", words,
                 "naive Bayes log-odds of the article's words (scaled, at most ±2)")


def _parts(title: str, text: str) -> tuple[_Parts, set[str]]:
    """The title, lead and rest of an article, and the word model's features."""
    title_tokens = tokens(title or "")
    body_tokens = tokens(text or "")[:MAX_BODY_WORDS]
    parts = [("title", _Text(title_tokens), TITLE_BOOST),
             ("lead", _Text(body_tokens[:LEAD_WORDS]), 1.0),
             ("rest", _Text(body_tokens[LEAD_WORDS:]), REST_WEIGHT)]
    return parts, features(title_tokens, body_tokens)


def _add_context(fired: dict[str, list[Fired]]) -> None:
    """Add CONTEXT_PENALTY to each topic with rules but no strong title hit when the title names another.

    A weak title hit («контроль», «котельных») does not make a topic the subject: only a hit worth
    THRESHOLD there (a name, or a strong signal) exempts it.
    """
    named = {topic for topic, hits in fired.items()
             if any(hit.where == "title" and hit.rule.endswith("-name") and hit.weight > 0 for hit in hits)}
    for topic, hits in fired.items():
        if named - {topic} and hits and not any(hit.where == "title" and hit.weight >= THRESHOLD for hit in hits):
            hits.append(Fired("context", CONTEXT_PENALTY, "title", ", ".join(sorted(named - {topic})),
                              "the title names another topic and nothing of this one"))


def explain(title: str, text: str, *, with_words: bool = True) -> Explanation:
    """Score every topic of an article and list the rules that fired, strongest first
    (`with_words`: name the word model's strongest words too)."""
    parts, feats = _parts(title, text)
    candidates = [_candidates(part) for _, part, _ in parts]
    # Only the title and the lead say what kind of article it is; the penalty is not scaled.
    genre = _fire(_GENRE, parts[:2], candidates[:2])
    if genre is not None:
        genre = replace(genre, weight=GENRE_PENALTY)
    fired: dict[str, list[Fired]] = {topic: [] for topic in TOPICS}
    for rule in RULES:
        hit = _fire(rule, parts, candidates)
        if hit is not None:
            fired[rule.topic].append(hit)
    _add_context(fired)
    scores = []
    for topic in TOPICS:
        hits = fired[topic]
        if hits and genre is not None:
            hits.append(genre)
        hits.append(_model_hit(topic, feats, with_words))
        hits.sort(key=lambda hit: -abs(hit.weight))
        scores.append(TopicScore(topic, round(sum(hit.weight for hit in hits), 3), THRESHOLD, hits))
    return Explanation(scores)


def tag_topics(title: str, text: str) -> list[str]:
    """The practice topics an article is about, in `TOPICS` order (none, one or several)."""
    return explain(title, text, with_words=False).topics
