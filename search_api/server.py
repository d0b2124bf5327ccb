"""Run the HTTP API and the web page on uvicorn: one process, or N with SO_REUSEPORT sockets."""

from __future__ import annotations

import logging
import os
import socket
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from indexer.config import Config

__all__ = ["serve", "serve_shared_socket", "serve_workers"]

logger = logging.getLogger(__name__)


def _options(host: str, port: int, log_level: str) -> dict[str, Any]:
    # timeout_keep_alive: uvicorn's default of 5 s races with busy clients that reuse an idle
    # connection just as the server closes it (seen as a "server disconnected" error under
    # the load benchmark); 30 s is what feed readers and integrations expect of an API.
    return {"host": host, "port": port, "log_level": log_level, "proxy_headers": False,
            "server_header": False, "lifespan": "on", "timeout_keep_alive": 30}


def serve(config: Config, host: str = "127.0.0.1", port: int = 8000,
          log_level: str = "warning", label: str = "munews", *, reuse_port: bool = False) -> int:
    """Serve the page and the API in this process until interrupted; prints the address.

    The socket is bound before the address is printed, so port 0 prints the real port and a
    port already in use fails here with a clear message. Also used by `munews demo`, and by
    each worker process of `--workers N` (with `reuse_port`, quietly).
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
        sock = socket.create_server((host, port), reuse_port=reuse_port)
    except OSError as exc:
        print(f"{label}: error: cannot listen on {host}:{port}: {exc.strerror}", file=sys.stderr)
        return 1
    bound = sock.getsockname()[1]
    if not reuse_port:
        print(f"{label}: web page at http://{host}:{bound}/ (API docs at /docs); Ctrl-C stops",
              flush=True)
    server = uvicorn.Server(uvicorn.Config(create_app(config), **_options(host, bound, log_level)))
    server.run(sockets=[sock])
    # uvicorn reports a failed startup (e.g. an unusable index) by not starting at all.
    return 0 if server.started else 1


def serve_shared_socket(config_env_file: str, host: str, port: int, workers: int,
                        log_level: str) -> int:
    """uvicorn's own workers on one shared socket (where SO_REUSEPORT is missing or port is 0)."""
    import uvicorn

    from search_api.app import ENV_FILE_HANDOFF

    print(f"munews: web page at http://{host}:{port}/ (API docs at /docs)", flush=True)
    # Worker processes import the app by name and load the same configuration themselves.
    os.environ[ENV_FILE_HANDOFF] = os.path.abspath(config_env_file)
    uvicorn.run("search_api.app:app_from_environment", factory=True, workers=workers,
                **_options(host, port, log_level))
    return 0


def serve_workers(config: Config, host: str, port: int, workers: int, log_level: str) -> int:
    """`workers` processes, each listening on its own SO_REUSEPORT socket, until interrupted.

    Why not uvicorn's workers: they accept from one shared socket, and whichever process is
    awake takes the connections, so 50 keep-alive clients arriving at once were seen split
    45/5 between two workers (one core overloaded, the other idle: p99 ~500 ms). With one
    socket per process the kernel spreads connections evenly by their addresses.
    """
    import multiprocessing
    import signal
    from multiprocessing.connection import wait

    from indexer.backends import open_backend
    from indexer.errors import IndexerError

    try:  # one clear line here rather than one traceback per worker
        open_backend(config, readonly=True).close()
    except IndexerError as exc:
        print(f"munews: error: the search index cannot be opened: {exc}", file=sys.stderr)
        return 1
    context = multiprocessing.get_context("spawn")  # no inherited threads or open files
    processes = [context.Process(target=_worker, args=(config, host, port, log_level))
                 for _ in range(workers)]
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)  # stop the workers with us
    try:
        for process in processes:
            process.start()
        print(f"munews: web page at http://{host}:{port}/ (API docs at /docs), {workers} "
              "worker processes; Ctrl-C stops", flush=True)
        wait([process.sentinel for process in processes])  # a worker ended: stop them all
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        _stop(processes)


def _worker(config: Config, host: str, port: int, log_level: str) -> None:
    sys.exit(serve(config, host, port, log_level, reuse_port=True))


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _stop(processes: list[Any]) -> None:
    for process in processes:
        if process.is_alive():
            process.terminate()  # uvicorn finishes its open requests on SIGTERM
    for process in processes:
        process.join(10)
        if process.is_alive():
            process.kill()
            process.join()
