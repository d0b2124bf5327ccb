"""`munews sources check [--source ID ...] [--write] [--sources FILE]`: which sources work.

Every selected source (default: the enabled ones) is checked in one Scrapy process by the
``check`` spider (:mod:`spiders.check`, started by name: ``crawler/`` never imports
``spiders/``): robots.txt obeyed, a few requests per source, the sites in parallel and each
one politely. A line per source goes to stderr as it finishes; the table to stdout. Each
verdict is kept in the store (``source_checks``: `munews sources status` shows it);
``--write`` also records it in the registry file as the entry's ``last_check`` (with the
suggested start URL of a moved site), comments and layout kept, entries marked
``verified: true`` left untouched. Exit status 0 when every checked source is ``ok``, 1
otherwise, 2 for a bad registry.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crawler.commands import CommandError

if TYPE_CHECKING:
    from crawler.source_check import CheckResult
    from indexer.config import Config
    from indexer.sources import Source

__all__ = ["add_check_parser", "check_sources", "run_check", "write_verdicts"]

#: the check spider of :mod:`spiders.check`
SPIDER_NAME = "check"


def add_check_parser(actions: Any) -> None:
    """Declare `sources check` under the `sources` actions."""
    check = actions.add_parser("check", help="fetch each source's start page and first story; "
                                             "exit 1 unless every source is ok")
    check.add_argument("--source", action="append", metavar="ID", help="only these sources")
    check.add_argument("--write", action="store_true",
                       help="record the verdicts in the registry file (not in verified entries)")
    # SUPPRESS: given here or before the action (`munews sources --sources F check`), both work.
    check.add_argument("--sources", default=argparse.SUPPRESS, help="registry file")
    check.add_argument("--quiet", action="store_true", help="no progress lines")


def run_check(args: argparse.Namespace, config: Config) -> int:
    from crawler.source_check import render_table
    from indexer.sources import load_sources, select_sources

    path = Path(args.sources or config.sources_file)
    sources = select_sources(load_sources(path), args.source)
    for source in sources:
        if not source.start_urls:  # a Telegram-only source: no site to check
            print(f"[{source.id}] skipped: no start URL", file=sys.stderr)
    sources = [source for source in sources if source.start_urls]
    if not sources:
        raise CommandError("no enabled source with a start URL to check", exit_code=2)
    results = check_sources(sources, config, quiet=args.quiet)
    print(render_table(results))
    _record(results, config)
    if args.write:
        written = write_verdicts(path, results)
        print(f"{path}: recorded {written} verdict(s) as last_check", file=sys.stderr)
    return 0 if all(result.verdict == "ok" for result in results) else 1


def check_sources(sources: list[Source], config: Config, *, quiet: bool = False) -> list[CheckResult]:
    """Check `sources` in one Scrapy process; one result per source, in their order."""
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from crawler.crawl_settings import build_settings
    from crawler.source_check import CheckResult

    settings = Settings(build_settings(config))
    # No store or index: the spider's items are reports. One retry of a 5xx is enough to
    # tell a hiccup from a dead site, and keeps a check of a dead site short.
    settings.set("ITEM_PIPELINES", {})
    settings.set("RETRY_TIMES", 1)
    # munews's own logging setup (crawler.cli) stays; the table says what failed and why, so
    # Scrapy's own lines (tracebacks of a dead site) show only with -v.
    settings.set("LOG_INSTALL_ROOT_HANDLER", False)
    verbose = logging.getLogger().getEffectiveLevel() < logging.WARNING
    level = logging.NOTSET if verbose else logging.CRITICAL
    logging.getLogger("scrapy").setLevel(level)
    banner = [logging.getLogger(name) for name in ("scrapy.utils.log", "scrapy.crawler")]
    for logger in banner:  # the "Scrapy started" lines, logged before a level can be set
        logger.disabled = not verbose
    process = CrawlerProcess(settings)
    logging.getLogger("scrapy").setLevel(level)  # Scrapy pins its loggers when it starts
    for logger in banner:
        logger.disabled = False
    found: dict[str, CheckResult] = {}

    def on_item(item: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(item, CheckResult):
            found[item.source_id] = item
            if not quiet:
                print(f"[{item.source_id}] {item.verdict} ({len(found)}/{len(sources)})"
                      + (f": {item.detail}" if item.detail else ""), file=sys.stderr, flush=True)

    crawler = process.create_crawler(SPIDER_NAME)
    crawler.signals.connect(on_item, signal=signals.item_scraped)
    process.crawl(crawler, sources=sources)
    process.start()
    return [found.get(source.id) or CheckResult(source.id, "unreachable", "the check did not finish")
            for source in sources]


def _record(results: list[CheckResult], config: Config) -> None:
    from indexer.source_checks import SourceCheck, record_check
    from indexer.store import Store

    with Store(config.store_path) as store:
        for result in results:
            detail = result.detail
            if result.suggested_start_urls:
                detail += f"; suggested start_urls: {', '.join(result.suggested_start_urls)}"
            record_check(store.connection, SourceCheck(result.source_id, result.checked_at,
                                                       result.verdict, detail))


def write_verdicts(path: Path, results: list[CheckResult]) -> int:
    """Set ``last_check`` of every checked entry not marked ``verified: true``; the rest of the
    file (comments, order, quoting) is written back as it was. Returns the entries written."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    data = yaml.load(path.read_text(encoding="utf-8"))
    by_id = {result.source_id: result for result in results}
    written = 0
    for entry in data["sources"]:
        result = by_id.get(entry.get("id"))
        if result is None or entry.get("verified") is True:
            continue
        record = CommentedMap([("verdict", result.verdict), ("checked_at", result.checked_at),
                               ("detail", result.detail)])
        if result.suggested_start_urls:
            urls = CommentedSeq(result.suggested_start_urls)
            urls.fa.set_flow_style()
            record["suggested_start_urls"] = urls
        entry["last_check"] = record
        written += 1
    with path.open("w", encoding="utf-8") as out:
        yaml.dump(data, out)
    return written
