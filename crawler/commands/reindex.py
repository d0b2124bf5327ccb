"""`munews reindex`: rebuild a search index from the store (clear + full replay, one commit)."""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING

from crawler.commands import CommandError
from indexer.backends import BACKENDS

if TYPE_CHECKING:
    from indexer.config import Config


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--backend", choices=BACKENDS, default=None,
                        help="index to rebuild (default: MUNEWS_BACKEND); "
                             "`--backend elasticsearch` also copies an embedded store into it")
    parser.add_argument("--batch", type=int, default=500, help="articles per batch (default: 500)")


def run(args: argparse.Namespace, config: Config) -> int:
    from indexer.errors import IndexerError
    from indexer.rebuild import rebuild_index

    name = args.backend or config.backend
    started = time.monotonic()
    try:
        report = rebuild_index(config, name, batch=args.batch)
    except IndexerError as exc:
        raise CommandError(str(exc)) from None
    if report.error:
        raise CommandError(f"{report.error} ({report.pending} changes pending)")
    print(f"Indexed {report.indexed} articles into the {name} index "
          f"in {time.monotonic() - started:.1f} s.")
    _report_rejections(config, name)
    return 0


def _report_rejections(config: Config, name: str) -> None:
    """Documents the backend refused stay in the store; say which, so they are not lost."""
    from indexer.elastic.rejections import RejectionLog

    log = RejectionLog(config.store_path, name)
    try:
        for article_id, reason, _, _ in log.list(limit=20):
            print(f"munews reindex: warning: {name} rejected article {article_id}: {reason}",
                  file=sys.stderr)
        if log.count() > 20:
            print(f"munews reindex: warning: {log.count()} articles rejected in all "
                  "(table index_rejections)", file=sys.stderr)
    finally:
        log.close()
