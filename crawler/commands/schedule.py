"""`munews schedule`: re-crawl every enabled source on its interval until SIGTERM/SIGINT."""

from __future__ import annotations

import argparse
import logging
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from crawler.commands import CommandError

if TYPE_CHECKING:
    from indexer.config import Config
    from indexer.sources import Source


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the scheduler's options (defaults come from the configuration)."""
    parser.add_argument("--sources", help="registry file (default: MUNEWS_SOURCES)")
    parser.add_argument("--source", action="append", metavar="ID",
                        help="schedule only these sources (repeatable)")
    parser.add_argument("--concurrency", type=int,
                        help="crawls at once (default: MUNEWS_SCHEDULE_CONCURRENCY)")
    parser.add_argument("--interval",
                        help="interval of sources without their own (default: "
                             "MUNEWS_SCHEDULE_INTERVAL), e.g. 30m, 6h, 1d")
    parser.add_argument("--grace", type=float, default=60.0,
                        help="seconds running crawls get to finish after SIGTERM (default: 60)")
    parser.add_argument("--max-crawl-time", default="12h", metavar="DURATION",
                        help="terminate a crawl running longer than this (default: 12h; 0 = never)")
    parser.add_argument("--crawl-command", metavar="TEMPLATE",
                        help="run this instead of `munews crawl --source ID` (placeholders: "
                             "{source}, {sources_file}); e.g. to wrap the crawl in nice/timeout")


def _command(args: argparse.Namespace, sources_file: Path) -> Callable[[Source], list[str]]:
    if args.crawl_command:
        template = args.crawl_command

        def custom(source: Source) -> list[str]:
            return [part.format(source=source.id, sources_file=sources_file)
                    for part in shlex.split(template)]

        return custom

    def crawl(source: Source) -> list[str]:
        return [sys.executable, "-m", "crawler.cli", "--env-file", args.env_file, "crawl",
                "--sources", str(sources_file), "--source", source.id]

    return crawl


def run(args: argparse.Namespace, config: Config) -> int:
    """Run the scheduler in the foreground; exit 0 after a clean stop."""
    from crawler.ops.scheduler import Scheduler, SchedulerBusy, parse_interval
    from indexer.sources import load_sources, select_sources

    if args.verbose == 0:
        # A long-running service's log is its user interface: show INFO lines by default.
        logging.getLogger("crawler.ops.scheduler").setLevel(logging.INFO)
    sources_file = Path(args.sources or config.sources_file).resolve()
    sources = select_sources(load_sources(sources_file), args.source)
    try:
        interval = parse_interval(args.interval) if args.interval else config.schedule_interval
    except ValueError as exc:
        raise CommandError(str(exc), exit_code=2) from None
    try:
        max_crawl_time = None if args.max_crawl_time == "0" else parse_interval(args.max_crawl_time)
    except ValueError as exc:
        raise CommandError(f"--max-crawl-time: {exc}", exit_code=2) from None
    concurrency = args.concurrency or config.schedule_concurrency
    if not sources or concurrency < 1:
        raise CommandError("nothing to schedule (no enabled source, or concurrency < 1)", exit_code=2)
    config.data_dir.mkdir(parents=True, exist_ok=True)
    scheduler = Scheduler(sources, command=_command(args, sources_file),
                          state_dir=config.data_dir, default_interval=interval,
                          concurrency=concurrency, grace=args.grace,
                          max_crawl_time=max_crawl_time)
    scheduler.install_signal_handlers()
    try:
        scheduler.run()
    except SchedulerBusy as exc:
        raise CommandError(str(exc)) from None
    return 0
