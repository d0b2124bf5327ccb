"""`munews serve`: the HTTP API and the web page on uvicorn."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from indexer.config import Config

logger = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=int, default=8000, help="TCP port (default: 8000)")
    parser.add_argument("--log-level", default="warning",
                        choices=["critical", "error", "warning", "info", "debug"],
                        help="uvicorn log level (default: warning)")


def run(args: argparse.Namespace, config: Config) -> int:
    import uvicorn

    from indexer.errors import IndexerError
    from search_api import create_app

    if not 0 <= args.port <= 65535:
        print(f"munews serve: error: port {args.port} is out of range", file=sys.stderr)
        return 2
    app = create_app(config)
    server = uvicorn.Server(uvicorn.Config(
        app, host=args.host, port=args.port, log_level=args.log_level, proxy_headers=False,
        server_header=False, lifespan="on",
    ))
    print(f"munews: serving http://{args.host}:{args.port}/ (API docs at /docs)", flush=True)
    try:
        server.run()
    except IndexerError as exc:
        print(f"munews serve: error: {exc}", file=sys.stderr)
        return 1
    # uvicorn reports a failed startup (port taken, lifespan error) by not starting at all.
    return 0 if server.started else 1
