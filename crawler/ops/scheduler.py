"""`munews schedule`: re-crawl every source on its interval, one subprocess per crawl.

Each crawl is a ``munews crawl --source ID`` subprocess: Twisted's reactor cannot be restarted
inside one process, and a crashing or leaking crawl must not take the scheduler down with it.
Guarantees:

- at most one crawl per source at a time, at most ``concurrency`` crawls overall;
- a source is due ``interval`` (± jitter) after its previous crawl *started*; a crawl that took
  longer than its interval is followed by the next one as soon as it ends, never overlapped;
- the next due time of every source is saved (``schedule-state.json`` in the data directory),
  so a restart continues the rhythm instead of re-crawling everything at once;
- SIGTERM/SIGINT: stop launching, give running crawls ``grace`` seconds to finish, then
  terminate them (their whole process group: no orphans), and return normally (exit 0);
- one scheduler per data directory (an exclusive lock file), so two cannot double-crawl.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import random
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from indexer.config import parse_duration

if TYPE_CHECKING:
    from indexer.sources import Source

__all__ = ["Scheduler", "SchedulerBusy", "next_due_times", "parse_interval"]

logger = logging.getLogger(__name__)


#: ±10% of the interval: enough to spread sources that share an interval (and to avoid hitting a
#: site at the same minute every time), small enough that "every 6 hours" still means that.
JITTER = 0.1

#: How often the loop checks for finished crawls when nothing is due sooner: a finished crawl's
#: slot is reused within this delay, which is negligible next to crawls lasting minutes.
POLL_SECONDS = 0.5

#: A crawl log larger than this is rotated (one old generation kept) before the next crawl:
#: months of unattended crawls must not fill the disk, and the last crawls are what one reads.
LOG_MAX_BYTES = 5 * 1024 * 1024

#: After terminating a crawl at shutdown, how long it gets to close its store before SIGKILL.
KILL_AFTER_SECONDS = 10.0


def next_due_times(state_dir: Path) -> dict[str, float]:
    """Source id -> next due time (epoch) saved by the scheduler; empty if it never ran."""
    try:
        raw = json.loads((state_dir / "schedule-state.json").read_text(encoding="utf-8"))
        return {key: float(value["next_due"]) for key, value in raw["sources"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


class SchedulerBusy(RuntimeError):
    """Another scheduler already holds the lock of this data directory."""


def parse_interval(value: str) -> float:
    """'90s', '30m', '6h', '1d' -> seconds (the config's one duration parser, zero refused)."""
    return parse_duration(value, positive=True)


@dataclass
class SourceState:
    """What is remembered about one source between scheduler restarts."""

    next_due: float = 0.0  # epoch seconds
    last_started: float | None = None
    last_finished: float | None = None
    last_exit: int | None = None
    crawls: int = 0


@dataclass
class _Running:
    source: Source
    process: subprocess.Popen[bytes]
    started: float
    log: IO[bytes]
    terminated_at: float | None = None


class Scheduler:
    """The long-running loop; `run()` returns after a stop signal once crawls are settled."""

    def __init__(self, sources: list[Source], *, command: Callable[[Source], list[str]],
                 state_dir: Path, default_interval: float, concurrency: int,
                 grace: float = 60.0, jitter: float = JITTER, log_dir: Path | None = None,
                 max_crawl_time: float | None = None) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.sources = {source.id: source for source in sources}
        self.command = command
        self.state_path = state_dir / "schedule-state.json"
        self.lock_path = state_dir / "schedule.lock"
        self.log_dir = log_dir or state_dir / "logs"
        self.default_interval = default_interval
        self.concurrency = concurrency
        self.grace = grace
        self.jitter = jitter
        self.max_crawl_time = max_crawl_time
        self.running: dict[str, _Running] = {}
        self.state: dict[str, SourceState] = {}
        self._stop = threading.Event()
        self._hurry = threading.Event()  # a second signal: do not wait for the grace period
        self._lock_file: IO[str] | None = None

    # -- state ------------------------------------------------------------------------------

    def interval_of(self, source: Source) -> float:
        return parse_interval(source.interval) if source.interval else self.default_interval

    def load_state(self) -> None:
        """Read saved due times; a missing or corrupt file means every source is due now."""
        try:
            raw = json.loads(self.state_path.read_text(encoding="utf-8"))
            saved = {key: SourceState(**value) for key, value in raw["sources"].items()}
        except FileNotFoundError:
            saved = {}
        except (ValueError, KeyError, TypeError) as exc:
            logger.warning("ignoring unreadable schedule state %s: %s", self.state_path, exc)
            saved = {}
        self.state = {source_id: saved.get(source_id, SourceState()) for source_id in self.sources}
        for source_id, state in self.state.items():
            if state.last_started is not None:
                # An interval shortened in sources.yaml since the last run applies at once.
                latest = state.last_started + self.interval_of(self.sources[source_id]) * (
                    1 + self.jitter)
                state.next_due = min(state.next_due, latest)

    def save_state(self) -> None:
        """Write atomically (temp file + rename): a kill mid-write keeps the previous state."""
        payload = {"sources": {key: asdict(value) for key, value in self.state.items()}}
        temporary = self.state_path.with_suffix(".tmp")
        temporary.write_text(json.dumps(payload, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(temporary, self.state_path)

    # -- lifecycle --------------------------------------------------------------------------

    def stop(self, *_: object) -> None:
        """Ask the loop to stop launching crawls and shut down (signal-handler safe)."""
        if self._stop.is_set():
            self._hurry.set()
        self._stop.set()

    def install_signal_handlers(self) -> None:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)

    def _acquire_lock(self) -> None:
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        # Held open for the scheduler's lifetime: the flock lives as long as the handle.
        handle = open(self.lock_path, "a+", encoding="utf-8")  # noqa: SIM115
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            owner = handle.read().strip() or "?"
            handle.close()
            raise SchedulerBusy(f"another scheduler (pid {owner}) is running on "
                                f"{self.lock_path.parent}") from None
        handle.truncate(0)
        handle.write(str(os.getpid()))
        handle.flush()
        self._lock_file = handle

    def run(self) -> None:
        """Loop until stopped; then wait for, or terminate, the running crawls."""
        self._acquire_lock()
        try:
            self.load_state()
            self.save_state()
            self._log_plan()
            while not self._stop.is_set():
                self._enforce_time_limit()
                self._reap()
                self._launch_due()
                self._stop.wait(self._sleep_time())
            self._shutdown()
        finally:
            if self._lock_file is not None:
                self._lock_file.close()

    def _log_plan(self) -> None:
        now = time.time()
        for source_id, state in sorted(self.state.items(), key=lambda item: item[1].next_due):
            wait = max(0.0, state.next_due - now)
            logger.info("%s: every %s, next crawl in %s", source_id,
                        _human(self.interval_of(self.sources[source_id])), _human(wait))

    def _sleep_time(self) -> float:
        if len(self.running) >= self.concurrency:
            return POLL_SECONDS
        waiting = [state.next_due for key, state in self.state.items() if key not in self.running]
        until_due = min(waiting, default=time.time() + 60) - time.time()
        return max(0.05, min(POLL_SECONDS, until_due))

    # -- launching and reaping ----------------------------------------------------------------

    def due(self, now: float) -> list[str]:
        """Sources whose time has come and that are not crawling, most overdue first."""
        ready = [key for key, state in self.state.items()
                 if state.next_due <= now and key not in self.running]
        return sorted(ready, key=lambda key: self.state[key].next_due)

    def _launch_due(self) -> None:
        for source_id in self.due(time.time()):
            if len(self.running) >= self.concurrency or self._stop.is_set():
                return
            self._launch(self.sources[source_id])

    def _launch(self, source: Source) -> None:
        argv = self.command(source)
        log_path = _rotated(self.log_dir / f"{source.id}.log")
        # Handed to the child and closed when it is reaped, not at the end of this block.
        log = open(log_path, "ab")  # noqa: SIM115
        started = time.time()
        log.write(f"\n=== {time.strftime('%Y-%m-%d %H:%M:%S')} {' '.join(argv)}\n".encode())
        log.flush()
        try:
            # A session of its own: Ctrl-C in the terminal reaches only the scheduler, which
            # decides when to stop the crawl, and the crawl's process group can be killed whole.
            process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT,
                                       stdin=subprocess.DEVNULL, start_new_session=True)
        except OSError as exc:
            log.close()
            logger.error("%s: cannot start the crawl (%s): %s", source.id, argv[0], exc)
            self._finished(source, started, exit_code=-1)
            return
        self.running[source.id] = _Running(source, process, started, log)
        state = self.state[source.id]
        state.last_started, state.crawls = started, state.crawls + 1
        self.save_state()
        logger.info("%s: crawl started (pid %d, %d running)", source.id, process.pid,
                    len(self.running))

    def _enforce_time_limit(self) -> None:
        """Terminate a crawl that hangs: otherwise its source would never be crawled again."""
        if not self.max_crawl_time:
            return
        now = time.time()
        for job in self.running.values():
            if job.process.poll() is not None:
                continue
            if job.terminated_at is None and now - job.started > self.max_crawl_time:
                logger.warning("%s: crawl exceeded %s, terminating it (pid %d)", job.source.id,
                               _human(self.max_crawl_time), job.process.pid)
                _signal_group(job.process, signal.SIGTERM)
                job.terminated_at = now
            elif job.terminated_at is not None and now - job.terminated_at > KILL_AFTER_SECONDS:
                _signal_group(job.process, signal.SIGKILL)

    def _reap(self) -> None:
        for source_id, job in list(self.running.items()):
            code = job.process.poll()
            if code is None:
                continue
            del self.running[source_id]
            job.log.close()
            self._finished(job.source, job.started, code)

    def _finished(self, source: Source, started: float, exit_code: int) -> None:
        now = time.time()
        interval = self.interval_of(source)
        spread = interval * self.jitter
        state = self.state[source.id]
        state.last_finished, state.last_exit = now, exit_code
        # Due one interval after the start; if the crawl outlasted it, right after it ended.
        state.next_due = max(now, started + interval + random.uniform(-spread, spread))
        self.save_state()
        level = logging.INFO if exit_code == 0 else logging.WARNING
        outcome = "finished" if exit_code == 0 else f"FAILED with exit code {exit_code}"
        logger.log(level, "%s: crawl %s after %s; next in %s (log: %s)", source.id, outcome,
                   _human(now - started), _human(state.next_due - now),
                   self.log_dir / f"{source.id}.log")

    # -- shutdown -------------------------------------------------------------------------------

    def _shutdown(self) -> None:
        if not self.running:
            logger.info("stopped; no crawl was running")
            return
        logger.info("stopping: waiting up to %s for %d running crawl(s): %s", _human(self.grace),
                    len(self.running), ", ".join(sorted(self.running)))
        deadline = time.time() + self.grace
        while self.running and time.time() < deadline and not self._hurry.is_set():
            time.sleep(min(POLL_SECONDS, max(0.0, deadline - time.time())))
            self._reap()
        for job in self.running.values():
            logger.warning("%s: terminating the crawl (pid %d) after the grace period",
                           job.source.id, job.process.pid)
            _signal_group(job.process, signal.SIGTERM)
        self._wait_or_kill(time.time() + KILL_AFTER_SECONDS)
        logger.info("stopped")

    def _wait_or_kill(self, deadline: float) -> None:
        while self.running and time.time() < deadline:
            time.sleep(0.1)
            self._reap()
        for job in list(self.running.values()):
            logger.error("%s: killing the crawl (pid %d)", job.source.id, job.process.pid)
            _signal_group(job.process, signal.SIGKILL)
            job.process.wait()
        self._reap()


def _rotated(path: Path) -> Path:
    """`path`, after moving it to `<name>.1` if it grew past LOG_MAX_BYTES."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.stat().st_size > LOG_MAX_BYTES:
        os.replace(path, path.with_name(path.name + ".1"))
    return path


def _signal_group(process: subprocess.Popen[bytes], signum: int) -> None:
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:
        pass


def _human(seconds: float) -> str:
    seconds = max(0.0, seconds)
    if seconds < 90:
        return f"{seconds:.0f}s" if seconds >= 10 else f"{seconds:.1f}s"
    if seconds < 5400:
        return f"{seconds / 60:.0f}m"
    if seconds < 172800:
        return f"{seconds / 3600:.1f}h"
    return f"{seconds / 86400:.1f}d"
