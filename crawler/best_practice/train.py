"""Train the best-practice word model on the dev splits of the labelled set and write it.

    python -m crawler.best_practice.train tests/data/best_practice/articles.jsonl

Training reads the labelled set through :mod:`crawler.best_practice.evaluate`; the tagger and
the model never import this module (the arrow points one way).
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from statistics import median

from crawler.best_practice.evaluate import Labelled, load_labelled
from crawler.best_practice.model import (
    ALPHA,
    MIN_COUNT,
    MODEL_PATH,
    TRAIN_SPLITS,
    WordModel,
    features,
    tokens,
)

__all__ = ["main", "train", "training_rows"]


def train(rows: Iterable[Labelled]) -> WordModel:
    """Naive Bayes over binary features with Laplace smoothing."""
    counts: dict[bool, Counter[str]] = {True: Counter(), False: Counter()}
    totals = {True: 0, False: 0}
    examples = []
    for row in rows:
        totals[row.label] += 1
        examples.append(features(tokens(row.title), tokens(row.text)))
        counts[row.label].update(examples[-1])
    if not totals[True] or not totals[False]:
        raise ValueError("training needs labelled articles of both classes")
    weights = {}
    for name in set(counts[True]) | set(counts[False]):
        yes, no = counts[True][name], counts[False][name]
        if yes + no < MIN_COUNT:
            continue
        weights[name] = (math.log((yes + ALPHA) / (totals[True] + 2 * ALPHA))
                         - math.log((no + ALPHA) / (totals[False] + 2 * ALPHA)))
    typical = median(sum(1 for name in feats if name in weights) for feats in examples)
    return WordModel(bias=math.log(totals[True] / totals[False]), weights=weights,
                     typical_features=float(typical))


def training_rows(path: str | Path) -> list[Labelled]:
    """The labelled articles of the training splits."""
    return [row for split in TRAIN_SPLITS for row in load_labelled(path, split)]


def main(argv: list[str]) -> int:
    """Train on the dev splits of a labelled JSONL file and write MODEL_PATH."""
    if len(argv) != 1:
        print("usage: python -m crawler.best_practice.train LABELLED.jsonl", file=sys.stderr)
        return 2
    model = train(training_rows(argv[0]))
    MODEL_PATH.write_text(model.to_json(), encoding="utf-8")
    print(f"{MODEL_PATH}: {len(model.weights)} features")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
