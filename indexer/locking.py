"""An inter-process write lock on a file: a second writer waits for the first, then proceeds."""

from __future__ import annotations

import fcntl
import logging
import os
import time
from pathlib import Path

from indexer.errors import IndexUnavailable

logger = logging.getLogger(__name__)

#: Poll interval while waiting: short enough that a waiting writer starts soon after the
#: holder commits, long enough not to spin a core.
POLL_SECONDS = 0.05


class WriteLock:
    """`flock` on a lock file; held by one process (one object) at a time."""

    def __init__(self, path: Path, timeout: float) -> None:
        self.path = path
        self.timeout = timeout
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock, waiting up to `timeout` seconds; IndexUnavailable after that."""
        if self._fd is not None:
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.timeout
        waited = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise IndexUnavailable(
                        f"another process is writing the index ({self.path}); "
                        f"gave up after {self.timeout:.0f} s"
                    ) from None
                if not waited:
                    logger.info("waiting for the index write lock %s", self.path)
                    waited = True
                time.sleep(POLL_SECONDS)
        self._fd = fd

    def release(self) -> None:
        """Let the next writer in."""
        if self._fd is None:
            return
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None
