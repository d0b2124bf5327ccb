"""What issue 18's enrichment costs per article: municipalities, topics, story matching.

    python -m benchmarks.enrich_cost [--pages 1000] [--rounds 3]

Two whole crawls of the same archive (`python -m benchmarks.crawl --enrich-off`) differ by
±15 % on a shared machine, more than the cost being measured. This one times, in one process
and over the crawl benchmark's real-sized archive pages (25–60 KB, menus, sidebars), the
per-article work of the pipeline without Scrapy (cleaning, best-practice tag, store upsert in
its transaction) and beside it what enrichment adds (`crawler.enrich.describe` and
`place_in_story` against the growing store), alternating rounds. The share it prints is an
upper bound of the crawl's: the crawl also spends CPU in Scrapy, the network and the index,
which enrichment does not touch. It also prints the story step's cost in the first and the
last fifth of the archive, to show whether it grows with the store.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.archive_site import article_page
from crawler.best_practice.tagger import is_best_practice
from crawler.cleaning import core
from crawler.enrich import describe, place_in_story
from crawler.items import ExtractionFailed
from indexer.documents import Article
from indexer.store import Store


def _articles(count: int) -> list[Article]:
    found = []
    for number in range(count):
        url = f"http://archive.example/news/{number}/"
        try:
            cleaned = core.extract_article(article_page(number, count), url)
        except ExtractionFailed:
            continue
        found.append(Article(url=url, source_id="archive", source_name="Архив", region="Пермский край",
                             title=cleaned.title, text=cleaned.text, published_at=cleaned.published_at,
                             fetched_at="2026-12-01T00:00:00+00:00"))
    return found


def _round(pages: list[str], articles: list[Article], folder: Path, enrich: bool) -> tuple[float, float, list[float]]:
    """(pipeline s, enrichment s, story s per article in order) of one pass into a new store."""
    base = extra = 0.0
    stories: list[float] = []
    with Store(folder / f"store-{enrich}-{time.monotonic_ns()}.sqlite3") as store:
        for number, (page, article) in enumerate(zip(pages, articles)):
            started = time.process_time()
            cleaned = core.extract_article(page, article.url)
            article.best_practice = is_best_practice(cleaned.title, cleaned.text)
            middle = time.process_time()
            if enrich:
                describe(article)
                placed = time.process_time()
                place_in_story(store, article)
                stories.append(time.process_time() - placed)
            after = time.process_time()
            store.upsert(article, commit=number % 100 == 99)
            base += (middle - started) + (time.process_time() - after)
            extra += after - middle
        store.commit()
    return base, extra, stories


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--crawl-ms", type=float, default=None,
                        help="CPU ms per article of `benchmarks.crawl` with enrichment off, to print the share of it")
    args = parser.parse_args(argv)
    articles = _articles(args.pages)
    pages = [article_page(int(a.url.rstrip("/").rsplit("/", 1)[1]), args.pages) for a in articles]
    bases, extras, story_runs = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.rounds):
            for enrich in (False, True):
                base, extra, stories = _round(pages, articles, Path(tmp), enrich)
                if enrich:
                    extras.append(extra)
                    story_runs.append(stories)
                bases.append(base)
    n = len(articles)
    base_ms, extra_ms = min(bases) * 1000 / n, min(extras) * 1000 / n
    fifth = max(n // 5, 1)
    best = min(story_runs, key=sum)
    print(f"{n} archive articles, best of {args.rounds} rounds")
    print(f"pipeline without Scrapy (clean, tag, store): {base_ms:.2f} ms/article")
    print(f"enrichment (municipalities, topics, story):  {extra_ms:.2f} ms/article = "
          f"{extra_ms / base_ms:.1%} of the pipeline (an upper bound of its share of the crawl)")
    if args.crawl_ms:
        print(f"of a crawl costing {args.crawl_ms:.1f} ms/article without it: +{extra_ms / args.crawl_ms:.1%}")
    print(f"story step: first fifth {sum(best[:fifth]) * 1000 / fifth:.2f} ms/article, "
          f"last fifth {sum(best[-fifth:]) * 1000 / fifth:.2f} ms/article")
    return 0


if __name__ == "__main__":
    sys.exit(main())
