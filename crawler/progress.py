"""The live progress of `munews crawl`: one line per source on stderr, redrawn in place.

    ⠹ belgorod-smo  120 pages  14 new  2 updated  1 errors  0:01:07  crawling
    ✓ kursk-smo      37 pages   5 new  0 updated  0 errors  0:00:21  ok

Shown when stderr is a terminal, or forced with ``--progress``; never with ``--quiet``. The
numbers come from each crawler's Scrapy stats, read in the reactor thread by a Twisted
``LoopingCall`` (so no other thread ever reads a dict Scrapy is writing), and are the ones the
summary table prints: pages fetched (`crawler.run_stats.pages_fetched`), articles stored new
and updated (``store/new``, ``store/updated``), errors of every kind (`run_errors`). Drawn with
rich (`rich.progress`); while it runs, log records (warnings by default, Scrapy's own with
``-v``) are printed above the lines instead of through them.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from crawler.run_stats import pages_fetched, run_errors, run_status

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID
    from scrapy.crawler import Crawler
    from twisted.internet.task import LoopingCall

__all__ = ["Counts", "CrawlProgress", "progress_wanted"]

#: Seconds between redraws: a terminal line that moves four times a second reads as live,
#: and reading a few stats dicts that often costs the crawl nothing measurable.
REFRESH_SECONDS = 0.25


def progress_wanted(*, forced: bool, quiet: bool, stream: IO[str] | None = None) -> bool:
    """The live lines are drawn for a person at a terminal (or when asked), never in a log
    file, a pipe or a cron mail, and never with ``--quiet``."""
    if quiet:
        return False
    stream = sys.stderr if stream is None else stream
    return forced or bool(getattr(stream, "isatty", lambda: False)())


@dataclass(frozen=True)
class Counts:
    """What one source's crawl has done so far, as the summary table will count it."""

    pages: int = 0
    new: int = 0
    updated: int = 0
    errors: int = 0

    @classmethod
    def of(cls, stats: dict[str, Any]) -> Counts:
        return cls(max(0, pages_fetched(stats)), int(stats.get("store/new", 0)),
                   int(stats.get("store/updated", 0)), sum(run_errors(stats).values()))

    def fields(self) -> dict[str, Any]:
        return {"pages": self.pages, "new": self.new, "updated": self.updated, "errors": self.errors}


class CrawlProgress:
    """Live lines for the crawlers of one `CrawlerProcess`: `track` each, `start` once the
    process (and so its reactor) exists, `stop` after the process returns."""

    def __init__(self, stream: IO[str] | None = None, *, force_terminal: bool = False) -> None:
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.stream = sys.stderr if stream is None else stream
        console = Console(file=self.stream, force_terminal=force_terminal or None, highlight=False)
        self.progress: Progress = Progress(
            SpinnerColumn(finished_text="[green]✓"),
            TextColumn("[bold]{task.description}"),
            # One grid: each column is as wide as its widest cell, so the lines align.
            TextColumn("{task.fields[pages]} pages", justify="right"),
            TextColumn("{task.fields[new]} new", justify="right"),
            TextColumn("{task.fields[updated]} updated", justify="right"),
            TextColumn("{task.fields[errors]} errors", justify="right"),
            TimeElapsedColumn(),
            TextColumn("{task.fields[status]}"),
            console=console, auto_refresh=False, redirect_stdout=False, redirect_stderr=True,
        )
        self.crawlers: dict[TaskID, Crawler] = {}
        self.loop: LoopingCall | None = None
        self._streams: list[tuple[logging.StreamHandler[Any], Any]] = []

    def track(self, source_id: str, crawler: Crawler) -> None:
        """A line for `source_id`, fed by `crawler`'s stats and signals."""
        from scrapy import signals

        task = self.progress.add_task(source_id, start=False, total=1, status="waiting",
                                      **Counts().fields())
        self.crawlers[task] = crawler

        def opened(*args: Any, **kwargs: Any) -> None:
            self.progress.start_task(task)
            self.progress.update(task, status="crawling")

        def closed(spider: Any, reason: str) -> None:
            counts = self._counts(task)
            self.progress.update(task, completed=1, status=run_status(reason, counts.pages),
                                 **counts.fields())
            self.progress.stop_task(task)
            self.progress.refresh()

        crawler.signals.connect(opened, signal=signals.spider_opened, weak=False)
        crawler.signals.connect(closed, signal=signals.spider_closed, weak=False)

    def start(self) -> None:
        """Draw the lines and redraw them every `REFRESH_SECONDS` from the reactor; log
        records go above them meanwhile."""
        from twisted.internet.task import LoopingCall

        self.progress.start()  # on a terminal, replaces sys.stderr with rich's proxy
        proxy = sys.stderr
        for handler in logging.getLogger().handlers:
            if proxy is not self.stream and isinstance(handler, logging.StreamHandler) \
                    and handler.stream is self.stream:
                handler.setStream(proxy)
                self._streams.append((handler, self.stream))
        self.loop = LoopingCall(self.refresh)
        self.loop.start(REFRESH_SECONDS, now=True)

    def refresh(self) -> None:
        for task in self.progress.tasks:
            if not task.finished:
                self.progress.update(task.id, **self._counts(task.id).fields())
        self.progress.refresh()

    def stop(self) -> None:
        """The last drawing stays on screen, with every source's final numbers."""
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        for task in self.progress.tasks:
            if not task.finished:  # its spider never opened, or never closed (the crawl broke)
                self.progress.update(task.id, status="stopped")
        self.refresh()
        self.progress.stop()
        for handler, stream in self._streams:
            handler.setStream(stream)
        self._streams.clear()

    def _counts(self, task: TaskID) -> Counts:
        stats = self.crawlers[task].stats
        return Counts.of(stats.get_stats() if stats is not None else {})
