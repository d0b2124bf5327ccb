"""Measure the best-practice classifier on a labelled set (used by the benchmark and the tests)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from crawler.best_practice.tagger import is_best_practice

__all__ = ["Labelled", "Metrics", "evaluate", "load_labelled"]


@dataclass(frozen=True)
class Labelled:
    """One hand-labelled article with the reason for its label."""

    id: str
    title: str
    text: str
    label: bool
    reason: str
    split: str  # "dev" (rules are tuned on it) or "test" (only measured)


@dataclass
class Metrics:
    """Confusion counts and the articles that were misclassified."""

    tp: int = 0
    fp: int = 0
    tn: int = 0
    fn: int = 0
    errors: list[Labelled] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_labelled(path: str | Path, split: str | None = None) -> list[Labelled]:
    """Read the JSONL set; `split` keeps only "dev" or "test"."""
    rows = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = Labelled(**json.loads(line))
        except (json.JSONDecodeError, TypeError) as exc:
            raise ValueError(f"{path}:{number}: bad labelled article: {exc}") from exc
        if split is None or row.split == split:
            rows.append(row)
    return rows


def evaluate(
    rows: Iterable[Labelled], classify: Callable[[str, str], bool] = is_best_practice
) -> Metrics:
    """Run `classify` over every row and count agreements with the labels."""
    metrics = Metrics()
    for row in rows:
        predicted = classify(row.title, row.text)
        if predicted and row.label:
            metrics.tp += 1
        elif predicted:
            metrics.fp += 1
            metrics.errors.append(row)
        elif row.label:
            metrics.fn += 1
            metrics.errors.append(row)
        else:
            metrics.tn += 1
    return metrics
