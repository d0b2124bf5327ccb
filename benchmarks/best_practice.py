"""Precision, recall and F1 of the best-practice classifier on the labelled fixture set.

    python benchmarks/best_practice.py              # every split: classifier, rules alone, baseline
    python benchmarks/best_practice.py --errors blind   # explain every mistake on a split

Splits: "dev" (rules written and the word model trained on it), "test" (held out from the word
model, but visible while the rules were written), "blind" (written after the rules and the
model were frozen, never tuned on), "external-dev" / "external-test" (realistic, longer
association news written by another author for benchmarks/data/ru_corpus and labelled here;
the dev half shaped the lead/focus rule, the test half is the most realistic number).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.best_practice.evaluate import Metrics, evaluate, load_labelled
from crawler.best_practice.rules import THRESHOLD
from crawler.best_practice.tagger import explain

DATA = ROOT / "tests" / "data" / "best_practice" / "articles.jsonl"
SPLITS = ("dev", "test", "blind", "external-dev", "external-test")


def keyword_baseline(title: str, text: str) -> bool:
    """The naive rule the classifier must beat: any mention of practice/experience/project."""
    lowered = f"{title} {text}".lower()
    return any(word in lowered for word in ("практик", "опыт", "проект"))


def rules_only(title: str, text: str) -> bool:
    """The classifier without its word model, to show what the model adds."""
    result = explain(title, text)
    return sum(h.weight for h in result.fired if h.rule != "word-model") >= THRESHOLD


def _line(name: str, metrics: Metrics) -> str:
    return (f"{name:<22} P={metrics.precision:.3f} R={metrics.recall:.3f} F1={metrics.f1:.3f}  "
            f"tp={metrics.tp} fp={metrics.fp} fn={metrics.fn} tn={metrics.tn}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--errors", choices=SPLITS,
                        help="explain mistakes on a split")
    args = parser.parse_args()
    for split in (*SPLITS, None):
        rows = load_labelled(args.data, split)
        name = split or "all"
        print(f"{name} (n={len(rows)})")
        print(_line("  classifier", evaluate(rows)))
        print(_line("  rules only", evaluate(rows, rules_only)))
        print(_line("  keyword baseline", evaluate(rows, keyword_baseline)))
    if args.errors:
        for row in evaluate(load_labelled(args.data, args.errors)).errors:
            result = explain(row.title, row.text)
            print(f"\n[{'FN' if row.label else 'FP'}] {row.title}  score={result.score}")
            for hit in result.fired:
                print(f"    {hit.weight:+.2f} {hit.rule:<22} {hit.where:<5} «{hit.matched}»")
    return 0


if __name__ == "__main__":
    sys.exit(main())
