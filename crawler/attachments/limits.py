"""The bounds of one extraction, and the zip check every DOCX/XLSX/ODT/ODS passes first.

A zip's central directory declares each entry's sizes; `check_zip` reads only that directory,
before any library opens the file: more than MAX_UNCOMPRESSED in all, an entry inflating more
than MAX_RATIO times, or more than MAX_ENTRIES entries is a zip bomb. Python's zipfile then
holds every entry to its declared size while the library reads it, so the declaration binds.
"""

from __future__ import annotations

import io
import time
import zipfile
from dataclasses import dataclass, replace

MAX_BYTES = 20 * 2**20
TIME_LIMIT = 20.0
MAX_CHARS = 2_000_000
MAX_PAGES = 2_000  # PDF pages read; the rest of a 10,000-page document is left unread
MEMORY_LIMIT = 2**30  # address space of a worker process (RLIMIT_AS)
SOFT_TIME_SHARE = 0.75  # a format stops adding text after this share of the time limit

MAX_UNCOMPRESSED = 100 * 2**20
MAX_RATIO = 100
RATIO_FLOOR = 2**20  # entries smaller than this inflate as they like (an empty part, a tiny XML)
MAX_ENTRIES = 10_000

_END_OF_CENTRAL_DIRECTORY = b"PK\x05\x06"


@dataclass(frozen=True)
class Budget:
    """What a format may spend: characters, PDF pages, seconds before it stops adding text."""

    max_chars: int = MAX_CHARS
    max_pages: int = MAX_PAGES
    soft_seconds: float = TIME_LIMIT * SOFT_TIME_SHARE
    deadline: float | None = None  # time.monotonic() of the soft deadline, set when the job starts

    def started(self) -> Budget:
        """This budget with its deadline counted from now (the worker calls it on taking a job)."""
        return replace(self, deadline=time.monotonic() + self.soft_seconds)


class Clock:
    """The soft deadline of one extraction."""

    def __init__(self, budget: Budget) -> None:
        self.deadline = budget.deadline if budget.deadline is not None else time.monotonic() + budget.soft_seconds

    def expired(self) -> bool:
        return time.monotonic() >= self.deadline


def check_zip(data: bytes) -> str | None:
    """None for a zip fit to open, else DocumentText.error: "zip-bomb", "truncated", "corrupt: ..."."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile as error:
        if _END_OF_CENTRAL_DIRECTORY not in data[-66_000:]:
            return "truncated"
        return f"corrupt: {error}"
    except (ValueError, OSError, EOFError) as error:
        return f"corrupt: {type(error).__name__}"
    if len(entries) > MAX_ENTRIES:
        return "zip-bomb"
    total = 0
    for entry in entries:
        if entry.flag_bits & 0x1:
            return "encrypted"
        total += entry.file_size
        if entry.file_size > RATIO_FLOOR and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            return "zip-bomb"
    if total > MAX_UNCOMPRESSED or (total > RATIO_FLOOR and total > MAX_RATIO * len(data)):
        return "zip-bomb"
    return None
