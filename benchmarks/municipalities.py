"""Precision, recall and cost of the municipality mentions (`crawler.municipalities`).

    python -m benchmarks.municipalities [--errors] [--rounds 5]

Quality on benchmarks/data/municipalities/labelled.jsonl: "test" (54 articles written before
any code and never tuned on) and "dev" (the rules were shaped on it). A found mention matches
an expected one when name and type agree after normalisation (case, «ё», quotes); the region
is scored apart, over the matched mentions.

Cost: the CPU per article of `find_municipalities`, warm (the morphological dictionary loaded,
as in a crawl), against two baselines on the same texts: the cleaning stage's
`extract_article` on the ru_corpus pages (whose extracted title and body are then searched
for municipalities), and the index's own `indexer.analysis.analyzed_text` of the body.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from crawler.cleaning.core import extract_article
from crawler.items import ExtractionFailed
from crawler.municipalities import find_municipalities
from crawler.municipalities.text import normal_key
from indexer.analysis import analyzed_text

DATA = Path(__file__).resolve().parent / "data" / "municipalities" / "labelled.jsonl"


def load(path: Path = DATA) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _key(item: dict[str, str]) -> tuple[str, str]:
    return normal_key(item["name"]), item["type"]


def score(items: list[dict[str, Any]]) -> dict[str, Any]:
    """Micro precision/recall/F1 over mentions, region accuracy, and the mistakes."""
    found_total = expected_total = hits = region_right = 0
    misses: list[str] = []
    false: list[str] = []
    for item in items:
        got = {_key(m.to_dict()): m.region for m in
               find_municipalities(item["title"], item["text"], item["source_region"])}
        want = {_key(e): e["region"] for e in item["expected"]}
        found_total, expected_total = found_total + len(got), expected_total + len(want)
        for key, region in want.items():
            if key in got:
                hits += 1
                region_right += got[key] == region
            else:
                misses.append(f"{item['id']}: {key[0]} ({key[1]})")
        false += [f"{item['id']}: {key[0]} ({key[1]})" for key in got if key not in want]
    precision = hits / found_total if found_total else 1.0
    recall = hits / expected_total if expected_total else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "expected": expected_total,
            "found": found_total, "region": region_right / hits if hits else 1.0,
            "misses": misses, "false": false}


def _cpu(call: Callable[[], object], rounds: int) -> float:
    """Best-of-`rounds` CPU seconds of `call` (process time: the machine is shared)."""
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        call()
        best = min(best, time.process_time() - started)
    return best


def _corpus_articles() -> list[tuple[str, str, str]]:
    """(html, cleaned title, cleaned body) of every ru_corpus page the cleaning stage keeps."""
    from benchmarks.ru_corpus import load_cases

    pages = []
    for case in load_cases():
        try:
            article = extract_article(case.html, case.url)
        except ExtractionFailed:
            continue
        pages.append((case.html, article.title, article.text))
    return pages


def cost(items: list[dict[str, Any]], rounds: int) -> None:
    pages = _corpus_articles()
    for _, title, text in pages:  # warm: dictionary loaded, word cache as after a few pages
        find_municipalities(title, text, "Пермский край")
    n = len(pages)
    cleaning = _cpu(lambda: [extract_article(html, "http://example.ru/news/1") for html, _, _ in pages], rounds)
    finding = _cpu(lambda: [find_municipalities(t, b, "Пермский край") for _, t, b in pages], rounds)
    analysis = _cpu(lambda: [analyzed_text(b) for _, _, b in pages], rounds)
    size = sum(len(b) for _, _, b in pages) / n
    print(f"\ncost on {n} ru_corpus articles (body {size / 1000:.1f} KB on average), CPU best of {rounds}:")
    print(f"  cleaning (extract_article)   {cleaning * 1000 / n:7.3f} ms/article")
    print(f"  index analysis of the body   {analysis * 1000 / n:7.3f} ms/article")
    print(f"  find_municipalities          {finding * 1000 / n:7.3f} ms/article = "
          f"{finding / cleaning:.1%} of cleaning, {finding / analysis:.1%} of the analysis")
    long = [(t, "\n\n".join([b] * max(1, round(3000 / max(len(b), 1))))) for _, t, b in pages]
    size_long = sum(len(b) for _, b in long) / n
    finding_long = _cpu(lambda: [find_municipalities(t, b, "Пермский край") for t, b in long], rounds)
    print(f"  the same bodies repeated to {size_long / 1000:.1f} KB {finding_long * 1000 / n:7.3f} ms/article")
    labelled = _cpu(lambda: [find_municipalities(i["title"], i["text"], i["source_region"]) for i in items], rounds)
    print(f"  on the labelled set          {labelled * 1000 / len(items):7.3f} ms/article")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list every miss and false positive on dev")
    parser.add_argument("--test-errors", action="store_true",
                        help="list them on test too (look only once the rules are frozen)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-cost", action="store_true")
    args = parser.parse_args(argv)
    items = load()
    for split in ("dev", "test", "all"):
        chosen = [i for i in items if split in ("all", i["split"])]
        result = score(chosen)
        print(f"{split:4} {len(chosen):3} articles, {result['expected']:3} mentions: precision "
              f"{result['precision']:.3f}  recall {result['recall']:.3f}  F1 {result['f1']:.3f}  "
              f"region right {result['region']:.3f}")
        if (split == "dev" and args.errors) or (split == "test" and args.test_errors):
            for line in result["misses"]:
                print(f"     miss  {line}")
            for line in result["false"]:
                print(f"     false {line}")
    if not args.no_cost:
        cost(items, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
