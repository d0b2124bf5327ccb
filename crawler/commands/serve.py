"""`munews serve`: the HTTP API and the web page on uvicorn."""

from __future__ import annotations

import argparse
import logging
import os
import socket
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


def _options(host: str, port: int, log_level: str) -> dict[str, Any]:
    # timeout_keep_alive: uvicorn's default of 5 s races with busy clients that reuse an idle
    # connection just as the server closes it (seen as a "server disconnected" error under
    # the load benchmark); 30 s is what feed readers and integrations expect of an API.
    return {"host": host, "port": port, "log_level": log_level, "proxy_headers": False,
            "server_header": False, "lifespan": "on", "timeout_keep_alive": 30}


def serve(config: Config, host: str = "127.0.0.1", port: int = 8000,
          log_level: str = "warning", label: str = "munews") -> int:
    """Serve the page and the API in this process until interrupted; prints the address.

    The socket is bound before the address is printed, so port 0 prints the real port and a
    port already in use fails here with a clear message. Also used by `munews demo`.
    """
    import uvicorn

    from indexer.backends import open_backend
    from indexer.errors import IndexerError
    from search_api.app import create_app

    try:  # fail here with one clear line rather than in uvicorn's startup with a traceback
        open_backend(config, readonly=True).close()
    except IndexerError as exc:
        print(f"{label}: error: the search index cannot be opened: {exc}", file=sys.stderr)
        return 1
    try:
        sock = socket.create_server((host, port))
    except OSError as exc:
        print(f"{label}: error: cannot listen on {host}:{port}: {exc.strerror}", file=sys.stderr)
        return 1
    bound = sock.getsockname()[1]
    print(f"{label}: web page at http://{host}:{bound}/ (API docs at /docs); Ctrl-C stops",
          flush=True)
    server = uvicorn.Server(uvicorn.Config(create_app(config), **_options(host, bound, log_level)))
    server.run(sockets=[sock])
    # uvicorn reports a failed startup (e.g. an unusable index) by not starting at all.
    return 0 if server.started else 1


def run(args: argparse.Namespace, config: Config) -> int:
    if not 0 <= args.port <= 65535 or args.workers < 1:
        print("munews serve: error: port must be 0-65535 and workers at least 1", file=sys.stderr)
        return 2
    if args.workers == 1:
        return serve(config, args.host, args.port, args.log_level)
    import uvicorn

    from search_api.app import ENV_FILE_HANDOFF

    print(f"munews: web page at http://{args.host}:{args.port}/ (API docs at /docs)", flush=True)
    # Worker processes import the app by name and load the same configuration themselves.
    os.environ[ENV_FILE_HANDOFF] = os.path.abspath(args.env_file)
    uvicorn.run("search_api.app:app_from_environment", factory=True, workers=args.workers,
                **_options(args.host, args.port, args.log_level))
    return 0
