"""`python -m indexer create | reindex | stats`: index maintenance without the crawler's CLI."""

from __future__ import annotations

import argparse
import json
import sys

from indexer.backends import open_backend
from indexer.config import Config, ConfigError, load_config
from indexer.errors import IndexerError
from indexer.rebuild import rebuild_index
from indexer.store import Store
from indexer.sync import indexed_seq, pending_changes


def _stats(config: Config) -> int:
    backend = open_backend(config, readonly=True)
    try:
        stats: dict[str, object] = {"backend": backend.name, "indexed": backend.count()}
        if config.store_path.exists():
            with Store(config.store_path) as store:
                stats.update(stored=store.count(), indexed_seq=indexed_seq(store, backend),
                             pending=pending_changes(store, backend))
    finally:
        backend.close()
    if config.backend == "embedded":
        stats["index_bytes"] = sum(f.stat().st_size for f in config.index_dir.rglob("*") if f.is_file())
    print(json.dumps(stats, ensure_ascii=False, indent=2))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m indexer", description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["create", "reindex", "stats"])
    parser.add_argument("--env-file", default=".env", help="dotenv file to read (default: .env)")
    args = parser.parse_args(argv)
    try:
        config = load_config(dotenv_path=args.env_file)
        if args.action == "stats":
            return _stats(config)
        if args.action == "create":
            open_backend(config).close()
            print(f"{config.backend} index ready")
            return 0
        report = rebuild_index(config)
        if report.error:
            print(f"error: {report.error}", file=sys.stderr)
            return 1
        print(f"indexed {report.indexed} articles")
        return 0
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except IndexerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
