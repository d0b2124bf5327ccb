"""The word model of the topic tagger: one naive Bayes log-odds table per topic, over stems.

The rules (`crawler/topics/rules.py`) catch the explicit names of a topic; this model, trained
on the train split of `tests/data/topics/articles.jsonl`, adds the evidence of ordinary
vocabulary around them. Features are the best-practice model's (`crawler.best_practice.model.
features`: body stems, title stems marked «T:»), so every weight is a readable log-odds ratio
in `model.json` and `explain()` can list the words that moved a topic.

Retrain after changing the labelled set (a test pins that the committed file is reproducible)::

    python -m crawler.topics.train tests/data/topics/articles.jsonl
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["ALPHA", "CLAMP", "MIN_COUNT", "MIN_WEIGHT", "MODEL_PATH", "SCALE", "TopicModel", "load_model"]

MODEL_PATH = Path(__file__).with_name("model.json")

#: Laplace smoothing: a word seen with one label only still gets a finite weight.
ALPHA = 1.0
#: Words seen in fewer labelled articles are accidents of an example (a village name).
MIN_COUNT = 2
#: Weights closer to zero than this say nothing about the topic; dropping them keeps the file
#: small and `explain()` readable.
MIN_WEIGHT = 0.5
#: The log-odds are scaled by this and clamped to ±CLAMP before joining the rule score: the
#: model can tip a borderline topic (one weak rule plus the right vocabulary) but never tag on
#: its own (CLAMP < THRESHOLD), and it can veto only a rule that is weak. Picked on train folds.
SCALE = 0.25
CLAMP = 2.0


@dataclass(frozen=True)
class TopicModel:
    """Per topic: the prior log-odds and per-feature log-odds (topic vs not)."""

    biases: dict[str, float]
    weights: dict[str, dict[str, float]]
    typical_features: dict[str, float]  # per topic: median count of its features in a training article

    def contributions(self, topic: str, feats: Iterable[str]) -> list[tuple[str, float]]:
        """Known features of `topic` with their weights, strongest first."""
        table = self.weights.get(topic, {})
        found = [(name, table[name]) for name in feats if name in table]
        return sorted(found, key=lambda item: -abs(item[1]))

    def score(self, topic: str, feats: set[str]) -> float:
        """Scaled, clamped log-odds of `topic`: what the model adds to its rule score.

        Summed weights are rescaled to a training-sized article (mean weight × typical count):
        naive Bayes sums grow with length, and crawled articles are longer than the examples.
        """
        table = self.weights.get(topic, {})
        found = [table[name] for name in feats if name in table]
        log_odds = self.biases.get(topic, 0.0)
        if found:
            log_odds += sum(found) / len(found) * max(1.0, min(len(found), self.typical_features[topic]))
        return max(-CLAMP, min(CLAMP, SCALE * log_odds))

    def to_json(self) -> str:
        payload = {"scale": SCALE, "clamp": CLAMP,
                   "topics": {topic: {"bias": round(self.biases[topic], 6),
                                      "typical_features": self.typical_features[topic],
                                      "weights": {k: round(v, 4) for k, v in sorted(table.items())}}
                              for topic, table in self.weights.items()}}
        return json.dumps(payload, ensure_ascii=False, indent=0, sort_keys=True) + "\n"


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> TopicModel:
    """The committed model (read once)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    topics = raw["topics"]
    return TopicModel(biases={t: float(v["bias"]) for t, v in topics.items()},
                      weights={t: {k: float(w) for k, w in v["weights"].items()} for t, v in topics.items()},
                      typical_features={t: float(v["typical_features"]) for t, v in topics.items()})
