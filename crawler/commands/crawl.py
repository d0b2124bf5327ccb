"""`munews crawl [--sources FILE] [--source ID ...]`: crawl sources into the store and index.

All selected sources run in one Scrapy process, one spider per source, so a dead or broken
site only ends its own spider. Progress goes to stderr: on a terminal (or with --progress) a
live line per source (`crawler.progress`), else a plain line every PROGRESS_EVERY pages and
one when a source is done; the per-source summary table goes to stdout. Exit status: 0 when
at least one source could be crawled, 1 when none could, 2 for an invalid registry or
configuration.
"""

from __future__ import annotations

import argparse
import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from crawler.commands import CommandError

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from indexer.config import Config
    from indexer.sources import Source

logger = logging.getLogger(__name__)

# A progress line every this many fetched pages per source: a few lines per minute at the
# polite default delay, without flooding a terminal on a fast local crawl.
PROGRESS_EVERY = 25


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sources", type=Path, default=None,
                        help="sources registry (default: MUNEWS_SOURCES, sources.yaml)")
    parser.add_argument("--source", dest="source_ids", action="append", default=[], metavar="ID",
                        help="crawl only this source (repeatable); default: every enabled source")
    parser.add_argument("--max-pages", type=int, default=None, metavar="N",
                        help="request budget per source for this run (default: per source)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    parser.add_argument("--progress", action="store_true",
                        help="live progress lines even when stderr is not a terminal (not with --quiet)")


@dataclass
class SourceProgress:
    """What one source's spider has done so far."""

    source: Source
    crawler: Crawler | None = None
    pages: int = 0
    items: int = 0
    quiet: bool = False
    stats: dict[str, Any] = field(default_factory=dict)
    reason: str = ""

    def on_response(self, response: Any, *args: Any, **kwargs: Any) -> None:
        if response.url.endswith("/robots.txt"):
            return  # the summary's "pages" are the site's own pages
        self.pages += 1
        if not self.quiet and self.pages % PROGRESS_EVERY == 0:
            print(f"[{self.source.id}] {self.pages} pages, {self.items} articles",
                  file=sys.stderr, flush=True)

    def on_item(self, *args: Any, **kwargs: Any) -> None:
        self.items += 1

    def on_closed(self, spider: Any, reason: str) -> None:
        self.reason = reason
        if self.crawler is not None and self.crawler.stats is not None:
            self.stats = dict(self.crawler.stats.get_stats())
        if not self.quiet:
            from crawler.run_stats import pages_fetched, run_status

            # The run's status as the table will say it (a dead site "finished" is failed).
            pages = pages_fetched(self.stats)  # the table's count (no robots.txt, no probe)
            outcome = run_status(reason, pages)
            print(f"[{self.source.id}] done ({outcome}): {pages} pages, {self.items} articles",
                  file=sys.stderr, flush=True)


def run(args: argparse.Namespace, config: Config) -> int:
    from crawler.run_stats import pages_fetched
    from crawler.storage_errors import storage_message
    from indexer.sources import load_sources, select_sources

    if args.max_pages is not None and args.max_pages < 1:
        raise CommandError("--max-pages must be positive", exit_code=2)
    sources = select_sources(load_sources(args.sources or config.sources_file), args.source_ids)
    if not sources:
        raise CommandError("no enabled source to crawl", exit_code=2)
    from crawler.progress import progress_wanted

    live = progress_wanted(forced=args.progress, quiet=args.quiet)
    progress = crawl_sources(sources, config, max_pages=args.max_pages, quiet=args.quiet or live,
                             live=live, force_terminal=args.progress)
    print(summary_table(progress))
    broken = [(p.source.id, message) for p in progress if (message := storage_message(p.stats))]
    if broken:
        raise CommandError("storage error: " + "; ".join(f"{sid}: {message}" for sid, message in broken))
    crawled = [p for p in progress if pages_fetched(p.stats)]
    if not crawled:
        raise CommandError("no source could be crawled")
    return 0


def crawl_sources(sources: list[Source], config: Config, *, max_pages: int | None = None,
                  quiet: bool = False, live: bool = False,
                  force_terminal: bool = False) -> list[SourceProgress]:
    """Run one spider per source in one Scrapy process; return each source's outcome.
    `live`: draw `crawler.progress` lines on stderr (`quiet` is then for the plain lines)."""
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from crawler.crawl_settings import build_settings

    settings = Settings(build_settings(config))
    if config.crawl_time_limit:
        import time

        settings.set("MUNEWS_CRAWL_DEADLINE", time.time() + config.crawl_time_limit)
    # munews's own logging setup (crawler.cli) decides verbosity; Scrapy must not add a
    # second root handler.
    settings.set("LOG_INSTALL_ROOT_HANDLER", False)
    process = CrawlerProcess(settings)
    # Scrapy pins its own loggers to DEBUG; let them follow munews's -v choice instead.
    logging.getLogger("scrapy").setLevel(logging.NOTSET)
    progress = []
    display = None
    if live:
        from crawler.progress import CrawlProgress

        display = CrawlProgress(force_terminal=force_terminal)
    for source in sources:
        # By name through SPIDER_MODULES: the crawler package never imports spiders/.
        crawler = process.create_crawler(SPIDER_NAME)
        item = SourceProgress(source, crawler, quiet=quiet)
        crawler.signals.connect(item.on_response, signal=signals.response_received)
        crawler.signals.connect(item.on_item, signal=signals.item_scraped)
        crawler.signals.connect(item.on_closed, signal=signals.spider_closed)
        kwargs: dict[str, Any] = {"source": source}
        if max_pages is not None:
            kwargs["max_pages"] = max_pages
        if display is not None:
            display.track(source.id, crawler)
        process.crawl(crawler, **kwargs)
        progress.append(item)
    if config.crawl_time_limit:
        _stop_after(config.crawl_time_limit, progress)
    if display is None:
        process.start()
        return progress
    display.start()
    try:
        process.start()
    finally:
        display.stop()
    return progress


def _stop_after(seconds: float, progress: list[SourceProgress]) -> None:
    """Close every spider still running after `seconds` (reason ``crawl_timeout``)."""
    from scrapy.utils.defer import deferred_from_coro
    from twisted.internet import reactor

    def stop() -> None:
        for item in progress:
            crawler = item.crawler
            if crawler is not None and crawler.crawling and crawler.engine is not None:
                logger.warning("[%s] crawl time limit reached: stopping the source", item.source.id)
                deferred_from_coro(crawler.engine.close_spider_async(reason="crawl_timeout"))

    cast(Any, reactor).callLater(seconds, stop)


#: the generic spider of :mod:`spiders.municipal`
SPIDER_NAME = "news"


def summary_table(progress: list[SourceProgress]) -> str:
    """One line per source: pages, new / updated / unchanged articles, errors, pending index."""
    from crawler.run_stats import pages_fetched, run_errors, run_status

    header = ("source", "status", "pages", "new", "updated", "unchanged", "pending", "errors")
    rows = [header]
    for item in progress:
        stats = item.stats
        errors = run_errors(stats)
        pages = pages_fetched(stats)
        # Any other close reason is a slug (e.g. start-page-unusable).
        status = run_status(item.reason, pages)
        status = "FAILED" if status == "failed" else status
        rows.append((
            item.source.id, status, str(pages),
            str(stats.get("store/new", 0)), str(stats.get("store/updated", 0)),
            str(stats.get("store/unchanged", 0)), str(stats.get("index/pending", "-")),
            ", ".join(f"{kind}: {count}" for kind, count in sorted(errors.items())) or "-",
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header) - 1)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[-1]
             for row in rows]
    return "\n".join(lines)
