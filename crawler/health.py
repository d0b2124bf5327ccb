"""Per-source health from the crawl history: is each source still yielding articles?

The usual failure of an unattended crawler is silent: a site is redesigned, the crawl still
"succeeds", and nothing new arrives. So the verdict reads the recent ``crawl_runs`` rows (pages
fetched, articles new/updated/unchanged, errors by kind) and the articles' dates, and says:

- ``never-crawled``: no finished run yet;
- ``broken``: article extraction collapsed (cleaning drops dominate), or the source stopped
  yielding articles where it used to, or the site has been unreachable for several runs;
- ``failing``: one bad run (unreachable, mostly errors, a crash) or nothing new for much longer
  than the source's usual publishing rhythm: worth a look, may recover by itself;
- ``ok``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from itertools import pairwise
from statistics import median
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from indexer.store import Store
    from spiders.sources import Source

__all__ = ["EXTRACTION_ERROR_PREFIXES", "SourceHealth", "assess", "source_health"]

#: Error kinds (keys of crawl_runs.errors) that mean "an article page was fetched but the
#: cleaning stage could not extract an article from it".
EXTRACTION_ERROR_PREFIXES = ("cleaning/", "extraction/", "extract/", "drop/")

#: How many recent runs are read; enough to see "used to yield, now does not".
HISTORY_RUNS = 20

#: A source "used to yield" if one earlier run extracted at least this many articles: one or two
#: can be a fluke (a single announcement page), three is a working extraction.
MIN_BASELINE_ARTICLES = 3

#: Consecutive empty runs after which a formerly productive source is broken. One empty run can
#: be an incremental crawl of a quiet week; two in a row after a productive history is a pattern.
EMPTY_RUNS_BROKEN = 2

#: Share of fetched article pages the cleaning stage dropped above which extraction is failing:
#: a healthy source loses a few pages (galleries, document stubs), never most of them.
DROP_SHARE_BROKEN = 0.5

#: Too few drops to judge: a listing with two photo-only posts is not a redesign.
MIN_DROPS = 3

#: Consecutive runs reaching no page at all after which the source counts as broken, not flaky.
UNREACHABLE_RUNS_BROKEN = 3

#: A source is stale when nothing new was published for this many typical publishing gaps...
STALE_GAP_FACTOR = 5
#: ...and never before this many days (associations often publish only a few times a month).
STALE_MIN_DAYS = 30

#: A run still marked "running" after this long was killed without finishing (kill -9, power
#: loss): a real crawl is bounded by the page budget and `munews schedule --max-crawl-time`.
RUNNING_STALE_HOURS = 24

_FAILED_STATUSES = {"failed", "error", "crashed", "killed", "aborted", "unreachable"}


@dataclass
class SourceHealth:
    """What `munews sources status` shows for one source."""

    source_id: str
    name: str
    region: str
    status: str = "never-crawled"
    reason: str = ""
    running: bool = False
    last_attempt: str | None = None
    last_success: str | None = None
    pages_fetched: int = 0  # in the last finished run
    articles_new: int = 0  # in the last finished run
    articles_total: int = 0
    errors: dict[str, int] = field(default_factory=dict)  # last finished run, by kind
    recent_errors: dict[str, int] = field(default_factory=dict)  # summed over recent runs
    last_new_article_at: str | None = None
    days_since_new_article: float | None = None
    runs: int = 0
    next_crawl_at: str | None = None  # from `munews schedule`'s saved state

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _extracted(run: dict[str, Any]) -> int:
    return int(run["articles_new"]) + int(run["articles_updated"]) + int(run["articles_unchanged"])


def _drops(run: dict[str, Any]) -> int:
    return sum(count for kind, count in run["errors"].items()
               if kind.startswith(EXTRACTION_ERROR_PREFIXES))


def _unreachable(run: dict[str, Any]) -> bool:
    return int(run["pages_fetched"]) == 0


def _failed(run: dict[str, Any]) -> bool:
    return str(run["status"]).lower() in _FAILED_STATUSES or _unreachable(run)


def _summarise(errors: dict[str, int], limit: int = 3) -> str:
    top = sorted(errors.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return ", ".join(f"{kind}: {count}" for kind, count in top)


def _leading(runs: list[dict[str, Any]], predicate: Any) -> int:
    """How many of the newest runs in a row satisfy `predicate`."""
    count = 0
    for run in runs:
        if not predicate(run):
            break
        count += 1
    return count


def _extraction_verdict(last: dict[str, Any]) -> tuple[str, str] | None:
    drops, extracted = _drops(last), _extracted(last)
    if drops >= MIN_DROPS and drops / (drops + extracted) > DROP_SHARE_BROKEN:
        return "broken", (f"extraction fails: the cleaning stage dropped {drops} of "
                          f"{drops + extracted} article pages ({_summarise(last['errors'])})")
    return None


def _yield_verdict(finished: list[dict[str, Any]]) -> tuple[str, str] | None:
    empty = _leading(finished, lambda run: not _unreachable(run) and _extracted(run) == 0)
    if empty == 0:
        return None
    baseline = max((_extracted(run) for run in finished[empty:]), default=0)
    if empty == len(finished):
        return "failing", f"no article extracted in any of the {empty} run(s) (wrong start URL?)"
    if baseline < MIN_BASELINE_ARTICLES:
        return None
    what = f"the last {empty} run(s) extracted no article; an earlier run extracted {baseline}"
    if empty >= EMPTY_RUNS_BROKEN:
        return "broken", f"{what} (site redesigned?)"
    return "failing", what


def _reachability_verdict(finished: list[dict[str, Any]]) -> tuple[str, str] | None:
    down = _leading(finished, _unreachable)
    if down == 0:
        return None
    errors = _summarise(finished[0]["errors"]) or "no page fetched"
    if down >= UNREACHABLE_RUNS_BROKEN:
        return "broken", f"unreachable in the last {down} runs ({errors})"
    return "failing", f"the last {down} run(s) reached no page ({errors})"


def assess(runs: list[dict[str, Any]], stale_days: float | None = None,
           typical_gap_days: float | None = None) -> tuple[str, str]:
    """(status, reason) from a source's runs, newest first, and its publishing rhythm."""
    finished = [run for run in runs if run.get("finished_at")]
    if not finished:
        return "never-crawled", "no finished crawl yet"
    for verdict in (_extraction_verdict(finished[0]), _reachability_verdict(finished),
                    _yield_verdict(finished)):
        if verdict is not None:
            return verdict
    last = finished[0]
    if _failed(last):
        message = last.get("message") or _summarise(last["errors"])
        return "failing", f"last run ended with status {last['status']!r}: {message}"
    if stale_days is not None:
        limit = max(STALE_MIN_DAYS, STALE_GAP_FACTOR * (typical_gap_days or 0))
        if stale_days > limit:
            return "failing", (f"no new article for {stale_days:.0f} days (usual gap "
                               f"{typical_gap_days or 0:.0f} days)")
    return "ok", ""


def _article_stats(connection: sqlite3.Connection, source_id: str) -> tuple[int, str | None, float | None]:
    """(live articles, newest first_seen_at, median days between recent publications)."""
    row = connection.execute(
        "SELECT COUNT(*), MAX(first_seen_at) FROM articles WHERE source_id = ? AND deleted = 0",
        (source_id,),
    ).fetchone()
    dates = [r[0] for r in connection.execute(
        "SELECT published_at FROM articles WHERE source_id = ? AND deleted = 0 "
        "AND published_at IS NOT NULL ORDER BY published_at DESC LIMIT 20", (source_id,))]
    return int(row[0]), row[1], _median_gap_days(dates)


def _parse(value: str) -> datetime:
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _median_gap_days(dates: list[str]) -> float | None:
    try:
        moments = sorted((_parse(value) for value in dates), reverse=True)
    except ValueError:
        return None
    gaps = [(a - b).total_seconds() / 86400 for a, b in pairwise(moments)]
    return median(gaps) if gaps else None


def _running(run: dict[str, Any], now: datetime) -> bool:
    if run["finished_at"] or run["status"] != "running":
        return False
    return (now - _parse(run["started_at"])).total_seconds() < RUNNING_STALE_HOURS * 3600


def _sum_errors(runs: Iterable[dict[str, Any]]) -> dict[str, int]:
    total: dict[str, int] = {}
    for run in runs:
        for kind, count in run["errors"].items():
            total[kind] = total.get(kind, 0) + int(count)
    return total


def source_health(source: Source, store: Store | None, now: datetime | None = None,
                  next_due: float | None = None) -> SourceHealth:
    """Health of one source from the store (None: nothing crawled yet)."""
    health = SourceHealth(source.id, source.name, source.region)
    if next_due is not None:
        health.next_crawl_at = datetime.fromtimestamp(next_due, timezone.utc).replace(
            microsecond=0).isoformat()
    if store is None:
        health.reason = "no finished crawl yet"
        return health
    now = now or datetime.now(timezone.utc)
    runs = store.runs(source.id, limit=HISTORY_RUNS)
    finished = [run for run in runs if run.get("finished_at")]
    health.runs = len(runs)
    health.running = bool(runs) and _running(runs[0], now)
    health.last_attempt = runs[0]["started_at"] if runs else None
    health.last_success = next((run["finished_at"] for run in finished if not _failed(run)), None)
    if finished:
        health.pages_fetched = int(finished[0]["pages_fetched"])
        health.articles_new = int(finished[0]["articles_new"])
        health.errors = dict(finished[0]["errors"])
    health.recent_errors = _sum_errors(finished)
    total, newest, gap = _article_stats(store.connection, source.id)
    health.articles_total, health.last_new_article_at = total, newest
    if newest:
        health.days_since_new_article = round((now - _parse(newest)).total_seconds() / 86400, 1)
    health.status, health.reason = assess(runs, health.days_since_new_article, gap)
    return health
