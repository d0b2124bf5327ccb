"""`munews reindex`: rebuild a search index from the store (clear + full replay, one commit)."""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING

from indexer.backends import BACKENDS

if TYPE_CHECKING:
    from indexer.base import SearchBackend
    from indexer.config import Config


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--backend", choices=BACKENDS, default=None,
                        help="index to rebuild (default: MUNEWS_BACKEND); "
                             "`--backend elasticsearch` also copies an embedded store into it")
    parser.add_argument("--batch", type=int, default=500, help="articles per batch (default: 500)")


def _open(config: Config, name: str) -> SearchBackend:
    from indexer.backends import open_backend
    from indexer.errors import IndexUnavailable

    try:
        return open_backend(config, name=name)
    except IndexUnavailable:
        if name != "embedded":
            raise
        # Built by another analyzer or schema version: a rebuild is exactly what was asked for.
        return open_backend(config, name=name, recreate=True)


def run(args: argparse.Namespace, config: Config) -> int:
    from indexer.errors import IndexerError
    from indexer.store import Store
    from indexer.sync import reindex

    name = args.backend or config.backend
    if name == "elasticsearch":
        # Zero downtime: a new versioned index filled from the store, then an atomic alias swap.
        from indexer.elastic.reindex import reindex  # type: ignore[assignment]
    if not config.store_path.exists():
        print(f"munews reindex: error: no store at {config.store_path}; run `munews crawl` first",
              file=sys.stderr)
        return 1
    started = time.monotonic()
    with Store(config.store_path) as store:
        try:
            backend = _open(config, name)
        except IndexerError as exc:
            print(f"munews reindex: error: {exc}", file=sys.stderr)
            return 1
        try:
            report = reindex(store, backend, batch=max(args.batch, 1))
        finally:
            backend.close()
    if report.error:
        print(f"munews reindex: error: {report.error} ({report.pending} changes pending)",
              file=sys.stderr)
        return 1
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
