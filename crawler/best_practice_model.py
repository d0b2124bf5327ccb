"""The word model of the best-practice classifier: naive Bayes log-odds over Russian stems.

The rules (`crawler/best_practice_rules.py`) catch the explicit cases; this small model, trained
on the dev split of `tests/data/best_practice/articles.jsonl`, adds the evidence of ordinary
vocabulary (a how-to about «задолженность» and «рассрочка» reads differently from a notice about
«слушания»). It stays transparent: every word's weight is a log-odds ratio readable in
`best_practice_model.json`, and `explain()` lists the words that moved the score most.

Retrain after changing the labelled set (the test pins that the committed file is reproducible)::

    python -m crawler.best_practice_model tests/data/best_practice/articles.jsonl
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import Stemmer

if TYPE_CHECKING:
    from crawler.best_practice_eval import Labelled

__all__ = ["MODEL_PATH", "WordModel", "features", "load_model", "tokens", "train"]

MODEL_PATH = Path(__file__).with_name("best_practice_model.json")

_WORD = re.compile(r"[0-9a-zа-я]+")

#: Only the start of a long article is read: a best-practice publication says what it is
#: early, and the tail of a long text (lists of participants, legal boilerplate) adds noise.
MAX_BODY_WORDS = 600

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
    """Binary features: body stems, and title stems marked «T:» (a title word weighs more)."""
    return {s for _, s in body[:MAX_BODY_WORDS]} | {f"T:{s}" for _, s in title}


@dataclass(frozen=True)
class WordModel:
    """Per-feature log-odds (best practice vs not) and the prior log-odds."""

    bias: float
    weights: dict[str, float]

    def contributions(self, feats: Iterable[str]) -> list[tuple[str, float]]:
        """Known features with their weights, strongest first."""
        found = [(name, self.weights[name]) for name in feats if name in self.weights]
        return sorted(found, key=lambda item: -abs(item[1]))

    def score(self, feats: set[str]) -> float:
        """Scaled, clamped log-odds: what the model adds to the rule score."""
        log_odds = self.bias + sum(weight for _, weight in self.contributions(feats))
        return max(-CLAMP, min(CLAMP, SCALE * log_odds))

    def to_json(self) -> str:
        payload = {"bias": round(self.bias, 6), "scale": SCALE, "clamp": CLAMP,
                   "weights": {k: round(v, 4) for k, v in sorted(self.weights.items())}}
        return json.dumps(payload, ensure_ascii=False, indent=0, sort_keys=True) + "\n"


def train(rows: Iterable[Labelled]) -> WordModel:
    """Naive Bayes over binary features with Laplace smoothing."""
    counts: dict[bool, Counter[str]] = {True: Counter(), False: Counter()}
    totals = {True: 0, False: 0}
    for row in rows:
        totals[row.label] += 1
        counts[row.label].update(features(tokens(row.title), tokens(row.text)))
    if not totals[True] or not totals[False]:
        raise ValueError("training needs labelled articles of both classes")
    weights = {}
    for name in set(counts[True]) | set(counts[False]):
        yes, no = counts[True][name], counts[False][name]
        if yes + no < MIN_COUNT:
            continue
        weights[name] = (math.log((yes + ALPHA) / (totals[True] + 2 * ALPHA))
                         - math.log((no + ALPHA) / (totals[False] + 2 * ALPHA)))
    return WordModel(bias=math.log(totals[True] / totals[False]), weights=weights)


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> WordModel:
    """The committed model (read once)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    return WordModel(bias=float(raw["bias"]), weights={k: float(v) for k, v in raw["weights"].items()})


def main(argv: list[str]) -> int:
    """Train on the dev split of a labelled JSONL file and write MODEL_PATH."""
    from crawler.best_practice_eval import load_labelled

    if len(argv) != 1:
        print("usage: python -m crawler.best_practice_model LABELLED.jsonl", file=sys.stderr)
        return 2
    model = train(load_labelled(argv[0], "dev"))
    MODEL_PATH.write_text(model.to_json(), encoding="utf-8")
    print(f"{MODEL_PATH}: {len(model.weights)} features")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
