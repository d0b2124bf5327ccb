"""Measure the topic tagger on a labelled set (used by the benchmark, the tests and training)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from crawler.topics.rules import TOPICS
from crawler.topics.tagger import tag_topics

__all__ = ["Labelled", "Metrics", "evaluate", "load_labelled"]

Tagger = Callable[[str, str], list[str]]


@dataclass(frozen=True)
class Labelled:
    """One hand-labelled article: the topics it is about (none, one or several)."""

    id: str
    title: str
    text: str
    topics: list[str]
    #: "train" (rules tuned, the model trained on it), "test" (dev: looked at twice, then tuned
    #: on), "blind" (the first blind split, tuned on since its one measurement) or "blind2"
    #: (written before the rules it measures; the acceptance split).
    split: str


@dataclass
class Metrics:
    """Per-topic confusion counts, the confused pairs and the articles tagged wrongly."""

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    #: (labelled topic or "—", predicted topic or "—"): how often one was taken for the other.
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    errors: list[tuple[Labelled, list[str]]] = field(default_factory=list)

    def precision(self, topic: str | None = None) -> float:
        tp, fp = self._count(self.tp, topic), self._count(self.fp, topic)
        return tp / (tp + fp) if tp + fp else 0.0

    def recall(self, topic: str | None = None) -> float:
        tp, fn = self._count(self.tp, topic), self._count(self.fn, topic)
        return tp / (tp + fn) if tp + fn else 0.0

    def f1(self, topic: str | None = None) -> float:
        """Micro-averaged over all topics when `topic` is None."""
        p, r = self.precision(topic), self.recall(topic)
        return 2 * p * r / (p + r) if p + r else 0.0

    @staticmethod
    def _count(counts: Counter[str], topic: str | None) -> int:
        return sum(counts.values()) if topic is None else counts[topic]


def load_labelled(path: str | Path, split: str | None = None) -> list[Labelled]:
    """Read the JSONL set; `split` keeps only "train", "test" (dev), "blind" or "blind2"."""
    rows = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = Labelled(**json.loads(line))
        except (json.JSONDecodeError, TypeError) as exc:
            raise ValueError(f"{path}:{number}: bad labelled article: {exc}") from exc
        unknown = set(row.topics) - set(TOPICS)
        if unknown:
            raise ValueError(f"{path}:{number}: unknown topics {sorted(unknown)}")
        if split is None or row.split == split:
            rows.append(row)
    return rows


def evaluate(rows: Iterable[Labelled], tag: Tagger = tag_topics) -> Metrics:
    """Run `tag` over every row and count agreements with the labels, topic by topic."""
    metrics = Metrics()
    for row in rows:
        predicted, gold = set(tag(row.title, row.text)), set(row.topics)
        for topic in predicted & gold:
            metrics.tp[topic] += 1
        extra, missed = sorted(predicted - gold, key=TOPICS.index), sorted(gold - predicted, key=TOPICS.index)
        metrics.fp.update(extra)
        metrics.fn.update(missed)
        for topic in extra:
            metrics.confusions.update((label, topic) for label in (missed or sorted(gold) or ["—"]))
        for topic in missed:
            if not extra:
                metrics.confusions[(topic, "—")] += 1
        if extra or missed:
            metrics.errors.append((row, sorted(predicted, key=TOPICS.index)))
    return metrics
