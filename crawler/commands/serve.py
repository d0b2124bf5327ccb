"""`munews serve`: the HTTP API and the web page (the server itself is :mod:`search_api.server`)."""

from __future__ import annotations

import argparse
import socket
import sys
from typing import TYPE_CHECKING

from crawler.commands import CommandError

if TYPE_CHECKING:
    from indexer.config import Config


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=int, default=8000, help="TCP port (default: 8000)")
    parser.add_argument("--workers", type=int, default=1,
                        help="worker processes (default: 1; one per CPU core for heavy use)")
    parser.add_argument("--log-level", default="warning",
                        choices=["critical", "error", "warning", "info", "debug"],
                        help="uvicorn log level (default: warning)")


def run(args: argparse.Namespace, config: Config) -> int:
    from search_api.server import serve, serve_shared_socket, serve_workers

    if not 0 <= args.port <= 65535 or args.workers < 1:
        raise CommandError("port must be 0-65535 and workers at least 1", exit_code=2)
    if not config.store_path.exists():
        # Served anyway (the page says so too): a first start before any crawl is normal.
        print(f"munews serve: warning: no articles in {config.data_dir} yet (a mistyped MUNEWS_DATA_DIR? "
              "run `munews crawl` or `munews demo --serve`)", file=sys.stderr)
    if args.workers == 1:
        return serve(config, args.host, args.port, args.log_level)
    if hasattr(socket, "SO_REUSEPORT") and args.port != 0:
        return serve_workers(config, args.host, args.port, args.workers, args.log_level)
    return serve_shared_socket(args.env_file, args.host, args.port, args.workers, args.log_level)
