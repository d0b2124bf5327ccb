"""Worker processes that run extraction jobs under a hard time limit and a memory cap.

A hostile document can make a library loop for minutes or allocate gigabytes; inside the
crawler's own process neither could be stopped. A job therefore runs in a worker: a child
Python (`python -c ...`, started with subprocess, so it depends on neither the caller's
__main__ nor multiprocessing's start method) that talks over a socket pair and whose address
space is capped by RLIMIT_AS. The caller waits `timeout` seconds for the answer and kills the
worker when none came. Workers are kept and reused, so a small document costs one round trip
through the socket, not a new Python.

`WorkerPool.call(function, *args, timeout=...)` returns the function's value (function and
value travel by pickle) or raises WorkerTimeout, WorkerOutOfMemory or WorkerCrashed; a pool
is closed by `close()` or `with`.
"""

from __future__ import annotations

import importlib
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from crawler.attachments.limits import MEMORY_LIMIT

START_TIMEOUT = 60.0  # a loaded machine takes seconds to start a Python and import the libraries
MAX_JOBS = 500  # a worker retires after this many jobs, giving back what the libraries kept
_MAIN = "import sys; from crawler.attachments.worker import main; main(sys.argv[1:])"


class WorkerError(Exception):
    pass


class WorkerTimeout(WorkerError):
    pass


class WorkerOutOfMemory(WorkerError):
    pass


class WorkerCrashed(WorkerError):
    pass


def main(argv: list[str]) -> None:
    """The worker: argv is the socket's descriptor, the memory limit, a "module:function" to
    call first (or "-"). Jobs (function, args) come in; ("ok", value), ("raised", message) or
    ("oom", None) go out; None or a closed socket ends it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the crawler's to handle, not ours
    conn = Connection(int(argv[0]))
    memory_limit = int(argv[1])
    if memory_limit:
        import resource

        try:
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
        except (ValueError, OSError):
            pass
    if argv[2] != "-":
        module, _, name = argv[2].partition(":")
        getattr(importlib.import_module(module), name)()
    conn.send("ready")
    _serve(conn)


def _serve(conn: Connection) -> None:
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        function, args = job
        try:
            answer: tuple[str, Any] = ("ok", function(*args))
        except MemoryError:
            answer = ("oom", None)
        except BaseException as error:
            answer = ("raised", f"{type(error).__name__}: {error}")
        del job, args
        conn.send(answer)
        if answer[0] == "oom":
            return  # a heap that hit its cap is not one to trust with the next job


def _child_environment() -> dict[str, str]:
    """The caller's environment, with its sys.path, so the worker imports the same modules."""
    paths = [path or os.getcwd() for path in sys.path]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


class _Worker:
    def __init__(self, memory_limit: int | None, preload: str | None) -> None:
        mine, theirs = socket.socketpair()
        with theirs:
            argv = [str(theirs.fileno()), str(memory_limit or 0), preload or "-"]
            self.process = subprocess.Popen([sys.executable, "-c", _MAIN, *argv], pass_fds=(theirs.fileno(),),
                                            stdin=subprocess.DEVNULL, env=_child_environment())
        self.conn = Connection(mine.detach())
        self.jobs = 0
        self.alive = True
        if not self.conn.poll(START_TIMEOUT):
            self.kill()
            raise WorkerCrashed("the worker did not start")
        try:
            self.conn.recv()
        except (EOFError, OSError) as error:
            self.kill()
            raise WorkerCrashed("the worker died while starting") from error

    def call(self, function: Callable[..., Any], args: tuple[Any, ...], timeout: float) -> Any:
        self.jobs += 1
        try:
            self.conn.send((function, args))
        except (OSError, ValueError) as error:
            self.kill()
            raise WorkerCrashed("the worker was gone") from error
        if not self.conn.poll(timeout):
            self.kill()
            raise WorkerTimeout(f"no answer in {timeout:g} s")
        try:
            status, value = self.conn.recv()
        except (EOFError, OSError) as error:
            self.kill()
            raise WorkerCrashed(f"the worker died (exit code {self.process.poll()})") from error
        if status == "oom":
            self.kill()
            raise WorkerOutOfMemory("the job hit the worker's memory limit")
        if status == "raised":
            raise WorkerError(value)
        return value

    def kill(self) -> None:
        self.alive = False
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            pass
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
            self.process.wait(2)
        except (OSError, ValueError, subprocess.TimeoutExpired):
            pass
        self.kill()


class WorkerPool:
    """Up to `size` workers; `call` blocks while all are busy (threads may share a pool)."""

    def __init__(self, size: int = 1, *, memory_limit: int | None = MEMORY_LIMIT,
                 preload: str | None = None, max_jobs: int = MAX_JOBS) -> None:
        """`preload`: "module:function" each worker calls before its first job (imports, say)."""
        self._memory_limit = memory_limit
        self._preload = preload
        self._max_jobs = max_jobs
        self._slots = threading.BoundedSemaphore(size)
        self._lock = threading.Lock()
        self._idle: list[_Worker] = []
        self._closed = False

    def call(self, function: Callable[..., Any], *args: Any, timeout: float) -> Any:
        with self._slots:
            worker = self._take()
            try:
                return worker.call(function, args, timeout)
            finally:
                self._give(worker)

    def _take(self) -> _Worker:
        with self._lock:
            if self._closed:
                raise RuntimeError("the worker pool is closed")
            if self._idle:
                return self._idle.pop()
        return _Worker(self._memory_limit, self._preload)

    def _give(self, worker: _Worker) -> None:
        if worker.alive and worker.jobs < self._max_jobs:
            with self._lock:
                if not self._closed:
                    self._idle.append(worker)
                    return
        if worker.alive:
            worker.stop()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.stop()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
