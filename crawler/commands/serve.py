"""`munews serve`: the HTTP API and the web page on uvicorn."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from indexer.config import Config

logger = logging.getLogger(__name__)


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
    import uvicorn

    from search_api.app import ENV_FILE_HANDOFF, create_app

    if not 0 <= args.port <= 65535 or args.workers < 1:
        print("munews serve: error: port must be 0-65535 and workers at least 1", file=sys.stderr)
        return 2
    options: dict[str, Any] = dict(
        host=args.host, port=args.port, log_level=args.log_level, proxy_headers=False,
        server_header=False, lifespan="on",
    )
    print(f"munews: serving http://{args.host}:{args.port}/ (API docs at /docs)", flush=True)
    if args.workers > 1:
        # Worker processes import the app by name and load the same configuration themselves.
        os.environ[ENV_FILE_HANDOFF] = os.path.abspath(args.env_file)
        uvicorn.run("search_api.app:app_from_environment", factory=True, workers=args.workers,
                    **options)
        return 0
    server = uvicorn.Server(uvicorn.Config(create_app(config), **options))
    server.run()
    # uvicorn reports a failed startup (port taken, index unusable) by not starting at all.
    return 0 if server.started else 1
