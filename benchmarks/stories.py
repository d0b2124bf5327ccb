"""Story clustering: pair precision/recall on the labelled pairs, and its CPU per article.

    python -m benchmarks.stories [--sizes 1000,5000,20000] [--probe 300] [--pages 200]

Quality: benchmarks/data/stories/pairs.jsonl (built by benchmarks/data/stories/build.py). A pair
counts as joined when the two bodies share an LSH band *and* pass the verification
(crawler.stories.verify), exactly what the crawl does. The sweep tables are read on the dev
split only; the threshold is chosen there and the test split is reported as it falls.

Cost: a store is filled with N generated articles (benchmarks.corpus_gen: sentences recombined
from one small vocabulary, so far more shared wording than real news and so more band
candidates), then `--probe` further articles are timed: signature + band lookup + verification
+ saving (rolled back, so N stays N). The baseline in the same run is the cleaning stage
(`extract_article`) on the archive benchmark's real-sized pages, as benchmarks/attachments_cost.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.archive_site import article_page
from benchmarks.corpus_gen import generate
from crawler.cleaning import core
from crawler.items import ExtractionFailed
from crawler.stories import Signature, StoryMatcher, band_keys, same_story, signature
from crawler.stories.matcher import MIN_SHARED_BANDS
from crawler.stories.text import normalised_words, number_hashes, shingle_hashes
from crawler.stories.verify import MIN_CONTAINMENT, MIN_SHINGLES
from indexer.store_stories import STORY_SCHEMA, StoryRecords

PAIRS = Path(__file__).parent / "data" / "stories" / "pairs.jsonl"
SWEEP = (0.6, 0.65, 0.7, 0.72, 0.74, 0.76, 0.78, 0.8, 0.85, 0.9)


def load_pairs(path: Path = PAIRS) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def joined(a: Signature, b: Signature, **checks: object) -> bool:
    """What the matcher decides for a pair: a shared band, then the verification."""
    return len(set(band_keys(a)) & set(band_keys(b))) >= MIN_SHARED_BANDS and same_story(a, b, **checks) is not None  # type: ignore[arg-type]


def scores(pairs: list[dict], decide) -> tuple[float, float, int, int]:  # type: ignore[no-untyped-def,type-arg]
    """Pair precision, recall, false positives, false negatives."""
    tp = fp = fn = 0
    for pair in pairs:
        said = decide(pair)
        tp += said and pair["label"]
        fp += said and not pair["label"]
        fn += (not said) and pair["label"]
    return tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0, fp, fn


def quality(pairs: list[dict]) -> None:  # type: ignore[type-arg]
    sigs = {p["id"]: (signature(p["a"]["text"]), signature(p["b"]["text"])) for p in pairs}
    split = {name: [p for p in pairs if p["split"] == name] for name in ("dev", "test")}
    print(f"pairs: {len(pairs)} (dev {len(split['dev'])}, test {len(split['test'])}); "
          f"positives {sum(p['label'] for p in pairs)}")
    print("\nsweep on dev: min containment of the shorter body, with and without the number check")
    print("threshold | numbers: P     R     FP FN | no numbers: P     R     FP FN")
    for threshold in SWEEP:
        row = []
        for numbers in (True, False):
            p, r, fp, fn = scores(split["dev"], lambda q, t=threshold, n=numbers: joined(
                *sigs[q["id"]], min_containment=t, check_numbers=n))
            row.append(f"{p:.3f} {r:.3f} {fp:2d} {fn:2d}")
        mark = " <- chosen" if threshold == MIN_CONTAINMENT else ""
        print(f"  {threshold:.2f}    |          {row[0]} |             {row[1]}{mark}")
    print(f"\nchosen: min containment {MIN_CONTAINMENT}, number check on, min shingles {MIN_SHINGLES}")
    for name, chosen in (("dev", split["dev"]), ("test", split["test"]), ("all", pairs)):
        p, r, fp, fn = scores(chosen, lambda q: joined(*sigs[q["id"]]))
        missed = sorted({q["kind"] for q in chosen if q["label"] != joined(*sigs[q["id"]])})
        print(f"  {name:4s}: precision {p:.3f} recall {r:.3f} (FP {fp}, FN {fn}) wrong kinds: {missed or '-'}")
    banded = [p for p in pairs if p["label"] and len(set(band_keys(sigs[p["id"]][0])) & set(band_keys(sigs[p["id"]][1])))
              >= MIN_SHARED_BANDS]
    print(f"  positives sharing a band (LSH recall): {len(banded)}/{sum(p['label'] for p in pairs)}")


def shingle_sweep(pairs: list[dict]) -> None:  # type: ignore[type-arg]
    """Exact sets per shingle size on dev: the gap the containment threshold has to fall in."""
    print("\nshingle size on dev (exact sets, number check on): lowest repost containment vs highest "
          "different-news containment")
    dev = [p for p in pairs if p["split"] == "dev"]
    for size in (1, 2, 3, 4, 5):
        pos, neg = [], []
        for pair in dev:
            wa, wb = normalised_words(pair["a"]["text"]), normalised_words(pair["b"]["text"])
            a, b = set(shingle_hashes(wa, size).tolist()), set(shingle_hashes(wb, size).tolist())
            na, nb = number_hashes(pair["a"]["text"]), number_hashes(pair["b"]["text"])
            if min(len(na), len(nb)) - len(na & nb) > 0 or min(len(a), len(b)) < MIN_SHINGLES:
                continue
            (pos if pair["label"] else neg).append(len(a & b) / min(len(a), len(b)))
        low = sorted(pos)[:3]
        high = sorted(neg, reverse=True)[:3]
        print(f"  {size} words: reposts lowest {', '.join(f'{c:.2f}' for c in low)}; "
              f"different news highest {', '.join(f'{c:.2f}' for c in high)}")


class _BenchStore(StoryRecords):
    def __init__(self, path: Path) -> None:
        self._conn = sqlite3.connect(path)
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.executescript(STORY_SCHEMA)


def cleaning_ms(pages: int) -> float:
    """The baseline: cleaning one real-sized archive page."""
    html = [article_page(i, pages) for i in range(pages)]
    started = time.process_time()
    for number, page in enumerate(html):
        try:
            core.extract_article(page, f"http://archive.example/news/{number}/")
        except ExtractionFailed:
            pass
    return (time.process_time() - started) * 1000 / pages


def cost(sizes: list[int], probe: int, baseline: float) -> None:
    articles = [g.article for g in generate(max(sizes) + probe, seed=7)]
    probes = articles[-probe:]
    print(f"\ncost per article (CPU), {probe} new articles against a store of N; baseline cleaning "
          f"{baseline:.2f} ms/page")
    print("       N | signature | lookup+verify | save  | total ms | / cleaning | candidates | joined")
    with tempfile.TemporaryDirectory() as tmp:
        store = _BenchStore(Path(tmp) / "stories.db")
        matcher = StoryMatcher(store)
        filled = joins = 0
        for size in sorted(sizes):
            for article in articles[filled:size]:
                joins += matcher.assign(article.id, article.text, article.published_at, commit=False) != article.id
            filled = size
            store._conn.commit()
            spent = [0.0, 0.0, 0.0]
            candidates = 0
            for article in probes:
                t0 = time.process_time()
                sig = signature(article.text)
                keys = band_keys(sig)
                t1 = time.process_time()
                match = matcher.best_match(article.id, sig, keys)
                t2 = time.process_time()
                store.save_story(article.id, match[0] if match else article.id, sig.to_bytes(), keys,
                                 article.published_at, commit=False)
                t3 = time.process_time()
                candidates += len(store.story_candidates(keys, exclude=article.id, min_shared=MIN_SHARED_BANDS))
                for i, took in enumerate((t1 - t0, t2 - t1, t3 - t2)):
                    spent[i] += took
            store._conn.rollback()
            ms = [s * 1000 / probe for s in spent]
            print(f"  {size:6d} | {ms[0]:9.3f} | {ms[1]:13.3f} | {ms[2]:.3f} | {sum(ms):8.3f} | "
                  f"{sum(ms) / baseline:10.1%} | {candidates / probe:10.1f} | {joins}/{size}")
        store._conn.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--probe", type=int, default=300)
    parser.add_argument("--pages", type=int, default=200, help="archive pages for the cleaning baseline")
    parser.add_argument("--quality-only", action="store_true")
    args = parser.parse_args(argv)
    pairs = load_pairs()
    quality(pairs)
    shingle_sweep(pairs)
    if not args.quality_only:
        cost([int(s) for s in args.sizes.split(",")], args.probe, cleaning_ms(args.pages))
    return 0


if __name__ == "__main__":
    sys.exit(main())
