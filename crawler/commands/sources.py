"""`munews sources validate | list | status [--json] | check`: the registry and per-source health."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from crawler.ops.health import SourceHealth
    from indexer.config import Config
    from indexer.sources import Source

_STATUS_ORDER = {"broken": 0, "failing": 1, "never-crawled": 2, "ok": 3}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the `sources` actions."""
    parser.add_argument("--sources", help="registry file (default: MUNEWS_SOURCES)")
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.add_parser("validate", help="check the registry; exit 2 naming every bad entry")
    actions.add_parser("list", help="print the sources: id, region, interval, start URLs")
    status = actions.add_parser("status", help="per-source health from the crawl history")
    status.add_argument("--json", action="store_true", help="print JSON instead of a table")
    status.add_argument("--source", action="append", metavar="ID", help="only these sources")
    status.add_argument("--fail-on-broken", action="store_true",
                        help="exit 1 when a source is broken (for cron/monitoring)")
    from crawler.commands.sources_check import add_check_parser

    add_check_parser(actions)


def run(args: argparse.Namespace, config: Config) -> int:
    """Dispatch the action; `status` is the default."""
    from indexer.sources import load_sources

    action = args.action or "status"
    if action == "check":
        from crawler.commands.sources_check import run_check

        return run_check(args, config)
    sources = load_sources(args.sources or config.sources_file)
    if action == "validate":
        enabled = sum(source.enabled for source in sources)
        print(f"{args.sources or config.sources_file}: {len(sources)} sources ({enabled} enabled), OK")
        return 0
    if action == "list":
        _print_list(sources, config)
        return 0
    return _status(args, config, sources)


def _print_list(sources: list[Source], config: Config) -> None:
    from indexer.config import format_duration

    for source in sources:
        flags = [] if source.enabled else ["disabled"]
        flags += [] if source.verified else ["unverified"]
        interval = source.interval or f"{format_duration(config.schedule_interval)} (default)"
        print(f"{source.id}\t{source.region}\tevery {interval}\t{' '.join(source.start_urls)}"
              + (f"\t[{', '.join(flags)}]" if flags else ""))


def _status(args: argparse.Namespace, config: Config, sources: list[Source]) -> int:
    from crawler.ops.health import source_health
    from crawler.ops.scheduler import next_due_times
    from indexer.sources import select_sources
    from indexer.store import Store

    chosen = select_sources(sources, getattr(args, "source", None)) if args.source else sources
    store = Store(config.store_path, readonly=True) if config.store_path.exists() else None
    try:
        due = next_due_times(config.data_dir)
        report = [source_health(source, store, next_due=due.get(source.id)) for source in chosen]
    finally:
        if store is not None:
            store.close()
    if args.json:
        json.dump([health.to_dict() for health in report], sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(render_table(report, config.timezone))
    broken = any(health.status == "broken" for health in report)
    return 1 if args.fail_on_broken and broken else 0


def _when(value: str | None, zone: str = "UTC") -> str:
    """A stored UTC moment in the configured zone, labelled: ``2026-12-07 20:05 MSK``."""
    if not value:
        return "-"
    from datetime import datetime
    from zoneinfo import ZoneInfo

    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if moment.tzinfo is None:
        return value[:16].replace("T", " ")
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M %Z")


def render_table(report: list[SourceHealth], zone: str = "UTC") -> str:
    """A plain-text table, worst sources first, with the reason on its own line; times in `zone`."""
    header = ("SOURCE", "STATUS", "LAST ATTEMPT", "LAST SUCCESS", "PAGES", "NEW", "TOTAL",
              "ERRORS", "DAYS SINCE NEW", "NEXT CRAWL", "LAST CHECK")
    rows = []
    for health in sorted(report, key=lambda h: (_STATUS_ORDER.get(h.status, 9), h.source_id)):
        errors = ", ".join(f"{kind}:{count}" for kind, count in sorted(health.errors.items()))
        days = "-" if health.days_since_new_article is None else f"{health.days_since_new_article:g}"
        status = health.status + (" (running)" if health.running else "")
        rows.append(((health.source_id, status, _when(health.last_attempt, zone),
                      _when(health.last_success, zone), str(health.pages_fetched),
                      str(health.articles_new), str(health.articles_total), errors or "-", days,
                      _when(health.next_crawl_at, zone), _check(health)),
                     health))
    widths = [max(len(header[i]), *(len(row[i]) for row, _ in rows)) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(header, widths)).rstrip()]
    for row, health in rows:
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
        if health.reason and row[1] != "ok":
            lines.append(f"    reason: {health.reason}")
        if health.last_check not in (None, "ok") and health.last_check_detail:
            lines.append(f"    check: {health.last_check_detail}")
    return "\n".join(lines)


def _check(health: SourceHealth) -> str:
    """The last check's verdict and day (``moved 2026-12-07``), or ``-``."""
    return f"{health.last_check} {health.last_check_at[:10]}" if health.last_check and health.last_check_at else "-"
