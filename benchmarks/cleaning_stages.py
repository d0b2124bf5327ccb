"""Where the cleaning time goes: munews's stages on one dataset, median ms per page.

    python -m benchmarks.cleaning_stages                     # public benchmark, best of 5
    python -m benchmarks.cleaning_stages --dataset ru --repeat 3

Each page is cleaned `--repeat` times and every stage keeps its best time (the least
disturbed by the shared machine). The per-string caches are emptied before each run, as on
the first page of a new site. The timers wrap the stage functions that
`crawler.cleaning.core.extract_from_tree` calls, so the numbers add up to its total (the last row
is what no stage accounts for: freeing the tree, garbage collection, the article object).
"""

from __future__ import annotations

import argparse
import functools
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from benchmarks.extraction import PUBLIC_DIR, Page, load_public, load_russian

#: Stage label -> the name `crawler.cleaning.core` calls it by.
STAGES = {
    "parse": "parse_html",
    "page scan": "scan_page",
    "site names": "site_names",
    "main-text anchor": "main_anchor",
    "title": "choose_title",
    "date": "page_date",
    "author": "choose_author",
    "canonical URL": "canonical_url",
    "pruning": "_prune",
    "prose measure": "prose_chars",
    "trafilatura (body)": "extract_blocks",
    "confine to anchor": "confine_to_anchor",
    "content container": "content_container",
    "lists put back": "restore_lists",
    "split stories joined": "join_split_body",
    "images": "article_images",
    "body check": "_check_body",
}
BODY_FILTER = "body filter"
_FILTER = "BlockFilter"  # a class: its calls are timed through a subclass
REST = "rest (freeing, GC, the result)"


@contextmanager
def _timed_stages(spent: dict[str, float]) -> Iterator[None]:
    """Wrap the stage functions of `crawler.cleaning.core` with timers adding into `spent`."""
    from crawler.cleaning import core as cleaning

    def timer(label: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - start
        return timed

    from crawler.cleaning.body import BlockFilter

    originals = {name: getattr(cleaning, name) for name in (*STAGES.values(), _FILTER)}

    class TimedFilter(BlockFilter):
        def __call__(self, blocks: list[str]) -> list[str]:
            return timer(BODY_FILTER, super().__call__)(blocks)  # type: ignore[no-any-return]

    try:
        for label, name in STAGES.items():
            setattr(cleaning, name, timer(label, originals[name]))
        setattr(cleaning, _FILTER, TimedFilter)
        yield
    finally:
        for name, function in originals.items():
            setattr(cleaning, name, function)


def _clear_caches() -> None:
    # The first page of a new site: none of its class names or link texts seen before.
    from crawler.cleaning import scan as page_scan
    from crawler.cleaning import tree

    for cached in (tree.normalise, tree.token_kinds, page_scan._class_flags, page_scan.ld_objects):
        cached.cache_clear()


def stage_times(pages: list[Page], repeat: int = 5) -> dict[str, float]:
    """Median over the pages of each stage's best ms out of `repeat` runs, and the total."""
    from crawler.cleaning.core import extract_article
    from crawler.items import ExtractionFailed

    per_stage: dict[str, list[float]] = {}
    totals: list[float] = []
    for page in pages:
        best: dict[str, float] = {}
        best_total = float("inf")
        for _ in range(repeat):
            spent: dict[str, float] = {}
            _clear_caches()
            with _timed_stages(spent):
                start = time.perf_counter()
                try:
                    extract_article(page.html, page.url)
                except ExtractionFailed:
                    pass
                total = time.perf_counter() - start
            best_total = min(best_total, total)
            spent[REST] = total - sum(spent.values())
            for label, seconds in spent.items():
                best[label] = min(best.get(label, float("inf")), seconds)
        totals.append(best_total * 1000)
        for label in [*STAGES, BODY_FILTER, REST]:
            per_stage.setdefault(label, []).append(best.get(label, 0.0) * 1000)
    result = {label: statistics.median(values) for label, values in per_stage.items()}
    result["total"] = statistics.median(totals)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", choices=("public", "ru"), default="public")
    parser.add_argument("--repeat", type=int, default=5, help="runs per page; each stage keeps its best")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    args = parser.parse_args(argv)
    pages = load_public(PUBLIC_DIR) if args.dataset == "public" else load_russian()
    pages = pages[: args.limit] if args.limit else pages
    times = stage_times(pages, max(1, args.repeat))
    total = times.pop("total")
    print(f"munews cleaning stages, {args.dataset} ({len(pages)} pages), median ms per page, best of {args.repeat}\n")
    for label, ms in sorted(times.items(), key=lambda item: -item[1]):
        print(f"  {label:32} {ms:7.3f}  {100 * ms / total:5.1f} %")
    print(f"  {'total (median page)':32} {total:7.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
