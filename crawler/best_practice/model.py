"""The word model of the best-practice classifier: naive Bayes log-odds over Russian stems.

The rules (`crawler/best_practice/rules.py`) catch the explicit cases; this small model, trained
on the dev splits (``TRAIN_SPLITS``) of `tests/data/best_practice/articles.jsonl`, adds the evidence of ordinary
vocabulary (a how-to about «задолженность» and «рассрочка» reads differently from a notice about
«слушания»). It stays transparent: every word's weight is a log-odds ratio readable in
`model.json`, and `explain()` lists the words that moved the score most.

Retrain after changing the labelled set (the test pins that the committed file is reproducible)::

    python -m crawler.best_practice.train tests/data/best_practice/articles.jsonl
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import Stemmer

from indexer.analysis import STOPWORDS

__all__ = ["MODEL_PATH", "TRAIN_SPLITS", "WordModel", "features", "load_model", "tokens"]

MODEL_PATH = Path(__file__).with_name("model.json")

#: The labelled splits the model learns from; "test", "blind" and "external-test" stay unseen.
TRAIN_SPLITS = ("dev", "external-dev")

_WORD = re.compile(r"[0-9a-zа-я]+")

#: Only the start of a long article is read: a best-practice publication says what it is
#: early, and the tail of a long text (lists of participants, legal boilerplate) adds noise.
MAX_BODY_WORDS = 200

#: Laplace smoothing: a word seen in one class only still gets a finite weight.
ALPHA = 1.0

#: Words seen in fewer labelled articles are dropped: a single occurrence is an accident of
#: the example (a village name), not evidence about the kind of publication.
MIN_COUNT = 2

#: The model's log-odds are scaled by this and clamped to ±CLAMP before joining the rule score:
#: the rules stay primary (one explicit rule outweighs the model), and the model can tip a
#: borderline article but never tag one on its own. Picked by 5-fold cross-validation on dev.
SCALE = 0.2
CLAMP = 2.0


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("russian")


def stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


def tokens(text: str) -> list[tuple[str, str]]:
    """(raw lowercase word, stem) pairs; «ё» folded to «е» as Russian sites write both."""
    words = _WORD.findall(text.lower().replace("ё", "е"))
    return list(zip(words, _stemmer().stemWords(words)))


def features(title: list[tuple[str, str]], body: list[tuple[str, str]]) -> set[str]:
    """Binary features: body stems, and title stems marked «T:» (a title word weighs more).

    Function words are left out: every long article has them, so in short training texts
    they only pick up accidents of style («а», «как»).
    """
    body_stems = {s for raw, s in body[:MAX_BODY_WORDS] if raw not in STOPWORDS}
    return body_stems | {f"T:{s}" for raw, s in title if raw not in STOPWORDS}


@dataclass(frozen=True)
class WordModel:
    """Per-feature log-odds (best practice vs not) and the prior log-odds."""

    bias: float
    weights: dict[str, float]
    typical_features: float  # median count of known features in a training article

    def contributions(self, feats: Iterable[str]) -> list[tuple[str, float]]:
        """Known features with their weights, strongest first."""
        found = [(name, self.weights[name]) for name in feats if name in self.weights]
        return sorted(found, key=lambda item: -abs(item[1]))

    def score(self, feats: set[str]) -> float:
        """Scaled, clamped log-odds: what the model adds to the rule score.

        The summed weights are rescaled to a training-sized article (mean weight × typical
        count): naive Bayes sums grow with length, and real articles are longer than the
        labelled examples, which would otherwise push every long text to the clamp.
        """
        found = self.contributions(feats)
        if not found:
            return max(-CLAMP, min(CLAMP, SCALE * self.bias))
        mean = sum(weight for _, weight in found) / len(found)
        log_odds = self.bias + mean * min(len(found), self.typical_features)
        return max(-CLAMP, min(CLAMP, SCALE * log_odds))

    def to_json(self) -> str:
        payload = {"bias": round(self.bias, 6), "scale": SCALE, "clamp": CLAMP,
                   "typical_features": self.typical_features,
                   "weights": {k: round(v, 4) for k, v in sorted(self.weights.items())}}
        return json.dumps(payload, ensure_ascii=False, indent=0, sort_keys=True) + "\n"


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> WordModel:
    """The committed model (read once)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    return WordModel(bias=float(raw["bias"]), weights={k: float(v) for k, v in raw["weights"].items()},
                     typical_features=float(raw["typical_features"]))
