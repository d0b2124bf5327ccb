"""Train the topic word model on the train split of the labelled set and write it.

    python -m crawler.topics.train tests/data/topics/articles.jsonl

Training reads the labelled set through :mod:`crawler.topics.evaluate`; the tagger and the model
never import this module (the arrow points one way).
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from statistics import median

from crawler.best_practice.model import features, tokens
from crawler.topics.evaluate import Labelled, load_labelled
from crawler.topics.model import ALPHA, MIN_COUNT, MIN_WEIGHT, MODEL_PATH, TopicModel
from crawler.topics.rules import TOPICS

__all__ = ["TRAIN_SPLIT", "main", "train", "training_rows"]

#: The split the model learns from; "test" (dev) tunes the rules, "blind" measures them.
TRAIN_SPLIT = "train"


def _log_odds(yes: int, no: int, positives: int, negatives: int) -> float:
    return (math.log((yes + ALPHA) / (positives + 2 * ALPHA))
            - math.log((no + ALPHA) / (negatives + 2 * ALPHA)))


def train(rows: Iterable[Labelled]) -> TopicModel:
    """One-vs-rest naive Bayes over binary features with Laplace smoothing."""
    examples = [(features(tokens(row.title), tokens(row.text)), set(row.topics)) for row in rows]
    seen: Counter[str] = Counter(name for feats, _ in examples for name in feats)
    kept = {name for name, count in seen.items() if count >= MIN_COUNT}
    biases, weights, typical = {}, {}, {}
    for topic in TOPICS:
        positives = sum(1 for _, labels in examples if topic in labels)
        negatives = len(examples) - positives
        if not positives or not negatives:
            raise ValueError(f"training needs articles with and without «{topic}»")
        yes: Counter[str] = Counter(n for feats, labels in examples if topic in labels for n in feats)
        table = {}
        for name in kept:
            weight = _log_odds(yes[name], seen[name] - yes[name], positives, negatives)
            # A word of no positive example gets a positive weight from smoothing alone when the
            # topic is rare; only words seen with the topic may speak for it.
            if weight <= -MIN_WEIGHT or (weight >= MIN_WEIGHT and yes[name] >= MIN_COUNT):
                table[name] = weight
        biases[topic], weights[topic] = math.log(positives / negatives), table
        typical[topic] = float(median(sum(1 for name in feats if name in table) for feats, _ in examples))
    return TopicModel(biases=biases, weights=weights, typical_features=typical)


def training_rows(path: str | Path) -> list[Labelled]:
    """The labelled articles of the train split."""
    return load_labelled(path, TRAIN_SPLIT)


def main(argv: list[str]) -> int:
    """Train on the train split of a labelled JSONL file and write MODEL_PATH."""
    if len(argv) != 1:
        print("usage: python -m crawler.topics.train LABELLED.jsonl", file=sys.stderr)
        return 2
    model = train(training_rows(argv[0]))
    MODEL_PATH.write_text(model.to_json(), encoding="utf-8")
    print(f"{MODEL_PATH}: {sum(len(table) for table in model.weights.values())} weights")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
